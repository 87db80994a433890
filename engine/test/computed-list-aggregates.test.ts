import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateValue } from "../src/index.ts";

const minimal = (): Record<string, any> =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "minimal.json"), "utf8"));

/** minimal.json with a JSON list of option objects on Listing and computed fields over it. */
function withOptions(computed: Record<string, Record<string, unknown>>): Record<string, any> {
  const t = minimal();
  const p = t.entities.Listing.schema.properties;
  p.options = {
    "x-id": "fld_options",
    type: "array",
    items: {
      type: "object",
      properties: {
        label: { type: "string" },
        grade: { enum: ["low", "high"] },
        units: { type: "integer" },
        weight: { type: "number" },
        fee: { $ref: "#/$defs/Money" },
        meta: { type: "object" },
      },
    },
  };
  p.tags = { "x-id": "fld_tags", type: "array", items: { type: "string" } };
  let n = 0;
  for (const [name, field] of Object.entries(computed)) p[name] = { "x-id": `fld_computed_${n++}`, ...field };
  return t;
}

const diagnosticsOf = (computed: Record<string, Record<string, unknown>>) =>
  compileTemplateValue(withOptions(computed), "list.json").diagnostics.map((d) => ({
    code: d.code,
    pointer: d.pointer,
    message: d.message,
  }));

describe("x-computed aggregates inside a JSON list field", () => {
  test("count, filtered sums, avg and money min/max over the items' properties are accepted", () => {
    expect(
      diagnosticsOf({
        optionCount: { type: "integer", "x-computed": "count(options)" },
        highUnits: { type: "integer", "x-computed": "sum(options where grade = 'high', units * 2)" },
        meanWeight: { type: "number", "x-computed": "avg(options.weight)" },
        cheapest: { $ref: "#/$defs/Money", "x-computed": "min(options.fee)" },
        dearestHigh: { $ref: "#/$defs/Money", "x-computed": "max(options where grade in ('high'), fee)" },
      }),
    ).toEqual([]);
  });

  test("unknown properties point at the expression with a did-you-mean", () => {
    const [d] = diagnosticsOf({ x: { type: "integer", "x-computed": "max(options.unit)" } });
    expect(d).toMatchObject({
      code: "ENG_COMPUTED_BAD_REFERENCE",
      pointer: "/entities/Listing/schema/properties/x/x-computed",
    });
    expect(d.message).toContain('Did you mean "units"?');
    const [c] = diagnosticsOf({ x: { type: "integer", "x-computed": "count(options where grad = 'high')" } });
    expect(c.code).toBe("ENG_COMPUTED_BAD_REFERENCE");
    expect(c.message).toContain('Did you mean "grade"?');
  });

  test("types are checked: enum values, text sums, money sums, results that do not fit", () => {
    const codes = (expr: string, field: Record<string, unknown> = { type: "integer" }) =>
      diagnosticsOf({ x: { ...field, "x-computed": expr } }).map((d) => [d.code, d.message]);
    expect(codes("count(options where grade = 'mid')")[0][1]).toContain(
      '"mid" is not a value of Listing.options[].grade',
    );
    expect(codes("sum(options.label)")[0][0]).toBe("ENG_COMPUTED_TYPE");
    expect(codes("sum(options.fee)", { $ref: "#/$defs/Money" })[0]).toEqual([
      "ENG_COMPUTED_TYPE",
      expect.stringContaining("may mix currencies"),
    ]);
    expect(codes("avg(options.units)")[0]).toEqual(["ENG_COMPUTED_TYPE", expect.stringContaining("gives a number")]);
    expect(codes("min(options.fee)")[0]).toEqual(["ENG_COMPUTED_TYPE", expect.stringContaining("gives money")]);
    expect(codes("max(options.meta)")[0][0]).toBe("ENG_COMPUTED_TYPE");
  });

  test("a list of scalars is not aggregated: warned, the field stays empty", () => {
    const [d] = diagnosticsOf({ x: { type: "integer", "x-computed": "count(tags)" } });
    expect(d).toMatchObject({ code: "ENG_COMPUTED_NOT_MAINTAINED" });
    expect(d.message).toContain("not a list of objects");
  });
});
