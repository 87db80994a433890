import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compareTemplates, compileTemplateValue, type TemplateIR } from "../src/index.ts";

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "minimal.json"), "utf8"));

function compile(template: unknown): TemplateIR {
  const result = compileTemplateValue(template, "t.json");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return result.ir;
}

function changed(version: string, edit: (t: any) => void): TemplateIR {
  const copy = structuredClone(base);
  copy.version = version;
  edit(copy);
  return compile(copy);
}

const codes = (list: { code: string; pointer: string }[]) => list.map((d) => `${d.code} ${d.pointer}`);

describe("compareTemplates", () => {
  const previous = compile(base);

  test("a rename under the same stable id is not a change of data", () => {
    const next = changed("1.1.0", (t) => {
      const props = t.entities.Listing.schema.properties;
      props.headline = props.title;
      delete props.title;
      t.entities.Listing.schema.required = ["headline", "price"];
      t.entities.Listing.indexes[0].fields = ["headline", "status"];
    });
    expect(compareTemplates(previous, next)).toEqual([]);
  });

  test("removing a field warns and needs a major version", () => {
    const next = changed("1.1.0", (t) => delete t.entities.Listing.schema.properties.tags);
    expect(codes(compareTemplates(previous, next))).toEqual([
      "ENG_COMPAT_FIELD_REMOVED /entities/Listing/schema/properties",
      "ENG_COMPAT_BREAKING_MINOR /version",
    ]);
    const major = changed("2.0.0", (t) => delete t.entities.Listing.schema.properties.tags);
    expect(codes(compareTemplates(previous, major))).toEqual([
      "ENG_COMPAT_FIELD_REMOVED /entities/Listing/schema/properties",
    ]);
  });

  test("type change, enum value removed, narrowed length, new required field without default", () => {
    const next = changed("2.0.0", (t) => {
      const props = t.entities.Listing.schema.properties;
      props.tags = { "x-id": "fld_tags", type: "string" };
      props.status.enum = ["draft", "published"];
      delete props.status["x-enumLabels"].archived;
      props.status.default = "draft";
      props.title.maxLength = 80;
      props.sku = { "x-id": "fld_sku", type: "string" };
      t.entities.Listing.schema.required.push("sku");
    });
    expect(codes(compareTemplates(previous, next)).sort()).toEqual(
      [
        "ENG_COMPAT_TYPE_CHANGED /entities/Listing/schema/properties/tags",
        "ENG_COMPAT_ENUM_VALUE_REMOVED /entities/Listing/schema/properties/status/enum",
        "ENG_COMPAT_NARROWED /entities/Listing/schema/properties/title/maxLength",
        "ENG_COMPAT_REQUIRED_ADDED /entities/Listing/schema/properties/sku",
      ].sort(),
    );
  });

  test("a changed template must bump its version; a new stable id on an old name is a drop", () => {
    const same = changed("1.0.0", (t) => (t.entities.Listing.schema.properties.title.maxLength = 200));
    expect(codes(compareTemplates(previous, same))).toEqual(["ENG_COMPAT_VERSION_NOT_BUMPED /version"]);
    const newId = changed("2.0.0", (t) => (t.entities.Listing.schema.properties.title["x-id"] = "fld_title2"));
    expect(codes(compareTemplates(previous, newId))).toEqual([
      "ENG_COMPAT_ID_CHANGED /entities/Listing/schema/properties/title/x-id",
      // To the database it is a new column, and a required one existing rows lack.
      "ENG_COMPAT_REQUIRED_ADDED /entities/Listing/schema/properties/title",
    ]);
  });
});
