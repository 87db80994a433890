/**
 * The template `matching` declaration (docs/templates.md#matching): criteria between a demand
 * and a supply entity, checked at their pointers (unknown entities and fields with the closest
 * name, kinds against the shapes they compare, weights, tolerances, units) and published
 * resolved in the registry. Over the matching tests' own template (fixtures/dock-match.json).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { templateArb } from "../../test/support/random-template.ts";
import { compileTemplateValue } from "../src/index.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import { resolveMatching } from "../src/checks/check-matching.ts";

const DOCK = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "dock-match.json"), "utf8"));
type Template = any;
const AT = "/matching/berth-vessel";

function compileWith(edit: (t: Template) => void) {
  const template = structuredClone(DOCK);
  edit(template);
  return compileTemplateValue(template, "dock-match.json");
}
const errors = (result: ReturnType<typeof compileWith>) =>
  result.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, pointer: d.pointer, hint: d.hint }));
const crit = (t: Template, name: string) => t.matching["berth-vessel"].criteria[name];

test("the declaration compiles into resolved criteria: paths into JSON fields, unit factors, enum order", () => {
  const result = compileWith(() => {});
  expect(errors(result)).toEqual([]);
  const [matching] = buildTemplateRegistry(result.ir!).matching!;
  expect(matching).toMatchObject({ name: "berth-vessel", demand: "Berth", supply: "Vessel", nearPoints: 0.5 });
  expect(matching.criteria.map((c) => [c.name, c.kind, c.weight])).toEqual([
    ["length", "range", 3],
    ["depth", "range", 2],
    ["hull", "in", 2],
    ["grade", "in", 1],
    ["gear", "in", 1],
    ["power", "boolean", 1.5],
  ]);
  expect(matching.criteria[0]).toMatchObject({
    min: { field: "needs", path: ["lengthRange", "min"] },
    max: { field: "needs", path: ["lengthRange", "max"] },
    unit: { unit: "m", from: { field: "needs", path: ["lengthRange", "unit"] }, factors: { m: 1, ft: 0.3048 } },
  });
  expect(matching.criteria[1]).toMatchObject({
    min: { field: "minDraught", path: [] },
    max: { field: "maxDraught", path: [] },
  });
  expect(matching.criteria[3]).toMatchObject({ order: ["d", "c", "b", "a"], tolerance: 1, attributeList: false });
  expect(matching.criteria[4]).toMatchObject({ attributeList: true, requirementList: true });
  // A template without matching keeps its registry without the key.
  const none = compileWith((t) => delete t.matching);
  expect("matching" in buildTemplateRegistry(none.ir!)).toBe(false);
});

test.each<[string, (t: Template) => void, string, string, string | undefined]>([
  [
    "an unknown demand entity",
    (t) => (t.matching["berth-vessel"].demand = "Berht"),
    "ENG_MATCHING_UNKNOWN_ENTITY",
    `${AT}/demand`,
    'Did you mean "Berth"?',
  ],
  [
    "an unknown supply entity",
    (t) => (t.matching["berth-vessel"].supply = "Ship"),
    "ENG_MATCHING_UNKNOWN_ENTITY",
    `${AT}/supply`,
    "Entities: Berth, Vessel.",
  ],
  [
    "an unknown attribute field",
    (t) => (crit(t, "hull").attribute = "hul"),
    "ENG_MATCHING_UNKNOWN_FIELD",
    `${AT}/criteria/hull/attribute`,
    'Did you mean "hull"?',
  ],
  [
    "an unknown property in a JSON field",
    (t) => (crit(t, "hull").requirement = "needs.hull"),
    "ENG_MATCHING_UNKNOWN_FIELD",
    `${AT}/criteria/hull/requirement`,
    'Did you mean "hulls"?',
  ],
  [
    "a path into a field that is not JSON",
    (t) => (crit(t, "hull").attribute = "hull.x"),
    "ENG_MATCHING_UNKNOWN_FIELD",
    `${AT}/criteria/hull/attribute`,
    undefined,
  ],
  [
    "a range over a text attribute",
    (t) => (crit(t, "length").attribute = "callSign"),
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/length/attribute`,
    undefined,
  ],
  [
    "a range requirement that is a list",
    (t) => (crit(t, "length").requirement = "needs.hulls"),
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/length/requirement`,
    undefined,
  ],
  [
    "a range requirement object without min or max",
    (t) => {
      crit(t, "length").requirement = "needs";
      delete crit(t, "length").unit;
    },
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/length/requirement`,
    undefined,
  ],
  [
    "a range bound that is not a number",
    (t) => (crit(t, "depth").requirement = { min: "code" }),
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/depth/requirement/min`,
    undefined,
  ],
  [
    "an in criterion between enums with foreign values",
    (t) => (crit(t, "grade").requirement = "needs.hulls"),
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/grade/requirement`,
    undefined,
  ],
  [
    "an in criterion between text and numbers",
    (t) => (crit(t, "gear").attribute = "lengthM"),
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/gear/attribute`,
    undefined,
  ],
  [
    "a boolean criterion over a list",
    (t) => (crit(t, "power").attribute = "gear"),
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/power/attribute`,
    undefined,
  ],
  [
    "a tolerance on a list attribute",
    (t) => (crit(t, "gear").tolerance = 1),
    "ENG_MATCHING_TYPE_MISMATCH",
    `${AT}/criteria/gear/tolerance`,
    undefined,
  ],
  [
    "a zero weight",
    (t) => (crit(t, "hull").weight = 0),
    "ENG_MATCHING_BAD_NUMBER",
    `${AT}/criteria/hull/weight`,
    undefined,
  ],
  [
    "a negative weight",
    (t) => (crit(t, "hull").weight = -2),
    "ENG_MATCHING_BAD_NUMBER",
    `${AT}/criteria/hull/weight`,
    undefined,
  ],
  [
    "a negative tolerance",
    (t) => (crit(t, "depth").tolerance = -1),
    "ENG_MATCHING_BAD_NUMBER",
    `${AT}/criteria/depth/tolerance`,
    undefined,
  ],
  [
    "nearPoints above 1",
    (t) => (t.matching["berth-vessel"].nearPoints = 2),
    "ENG_MATCHING_BAD_NUMBER",
    `${AT}/nearPoints`,
    undefined,
  ],
  [
    "an unknown unit",
    (t) => (crit(t, "length").unit = "parsec"),
    "ENG_MATCHING_UNIT",
    `${AT}/criteria/length/unit`,
    undefined,
  ],
  [
    "a unit of another dimension",
    (t) => (crit(t, "length").unit = "kg"),
    "ENG_MATCHING_UNIT",
    `${AT}/criteria/length/unit`,
    undefined,
  ],
  [
    "a requirement with a unit but no unit declared",
    (t) => delete crit(t, "length").unit,
    "ENG_MATCHING_UNIT",
    `${AT}/criteria/length/requirement`,
    undefined,
  ],
  [
    "a unit without a unit property to convert",
    (t) => (crit(t, "depth").unit = "m"),
    "ENG_MATCHING_UNIT",
    `${AT}/criteria/depth/unit`,
    undefined,
  ],
])("%s is reported at its pointer", (_name, edit, code, pointer, hint) => {
  const result = compileWith(edit);
  expect(errors(result)).toEqual([{ code, pointer, hint }]);
  // A matching with a problem is never published.
  if (result.ir) expect(resolveMatching(result.ir, result.ir.matching[0]).registry).toBeNull();
});

test("the meta-schema refuses an unknown kind and a criterion without weight, at their pointers", () => {
  const kind = compileWith((t) => (crit(t, "hull").kind = "near"));
  expect(kind.diagnostics.map((d) => d.pointer)).toContain(`${AT}/criteria/hull/kind`);
  const weight = compileWith((t) => delete crit(t, "hull").weight);
  expect(weight.diagnostics.map((d) => [d.code, d.pointer])).toContainEqual([
    "ENG_SCHEMA_REQUIRED",
    `${AT}/criteria/hull`,
  ]);
});

test("random templates (no shipped vocabulary): a matching over any entity's numbers, enums, lists and booleans resolves", () => {
  let declared = 0;
  for (let i = 0; i < 40; i++) {
    const raw = fc.sample(templateArb(i), { numRuns: 1, seed: 9100 + i })[0] as Template;
    const base = compileTemplateValue(raw, "random.json");
    if (!base.ir) continue;
    const [first] = base.ir.entities;
    const last = base.ir.entities[base.ir.entities.length - 1];
    // The supply's fields matched with themselves on a demand copy: every kind the entity allows.
    const criteria: Record<string, unknown> = {};
    for (const f of last.fields) {
      if (f.computed) continue;
      const scalarEnum = f.kind === "enum" && f.enumValues?.every((v) => typeof v === "string");
      if (f.kind === "integer" || f.kind === "number")
        criteria[`c${Object.keys(criteria).length}`] = {
          kind: "range",
          requirement: { min: f.name },
          attribute: f.name,
          tolerance: 1,
          weight: 2,
        };
      else if (scalarEnum || (f.kind === "array" && (f.itemKind === "string" || f.itemKind === "enum")))
        criteria[`c${Object.keys(criteria).length}`] = {
          kind: "in",
          requirement: f.name,
          attribute: f.name,
          weight: 1,
        };
      else if (f.kind === "boolean")
        criteria[`c${Object.keys(criteria).length}`] = {
          kind: "boolean",
          requirement: f.name,
          attribute: f.name,
          weight: 0.5,
        };
    }
    if (!Object.keys(criteria).length) continue;
    const withMatching = { ...raw, matching: { "any-match": { demand: last.name, supply: last.name, criteria } } };
    const result = compileTemplateValue(withMatching, "random.json");
    expect(
      result.diagnostics.filter((d) => d.code.startsWith("ENG_MATCHING")),
      JSON.stringify(criteria),
    ).toEqual([]);
    const matching = buildTemplateRegistry(result.ir!).matching![0];
    expect(matching.criteria.map((c) => c.name)).toEqual(Object.keys(criteria));
    // And a typo in an attribute is reported at its pointer on any template.
    const name = Object.keys(criteria)[0];
    const typo = structuredClone(withMatching);
    typo.matching["any-match"].criteria[name].attribute = "zzNoSuchField";
    typo.matching["any-match"].demand = first.name === last.name ? last.name : first.name;
    expect(
      compileTemplateValue(typo, "random.json")
        .diagnostics.filter((d) => d.code === "ENG_MATCHING_UNKNOWN_FIELD")
        .map((d) => d.pointer),
    ).toContain(`/matching/any-match/criteria/${name}/attribute`);
    declared++;
  }
  expect(declared).toBeGreaterThan(10);
});
