import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateValue } from "../../engine/src/index.ts";
import { FIELD_TYPE_IDS, fieldTypeOf } from "../src/core/field-types.ts";
import type { RawTemplate } from "../src/core/registry-types.ts";
import { applySchemaChange, applySchemaChanges, freshId } from "../src/core/schema-changes.ts";

const minimal = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../engine/test/fixtures/minimal.json"), "utf8"),
) as RawTemplate;
const errorsOf = (t: RawTemplate) => compileTemplateValue(t).diagnostics.filter((d) => d.severity === "error");

describe("applySchemaChange", () => {
  test("a new entity with five fields of different types compiles without errors", () => {
    const t = applySchemaChanges(minimal, [
      { type: "addEntity", name: "CastingCall" },
      { type: "addField", entity: "CastingCall", name: "title", fieldType: "text", required: true },
      { type: "addField", entity: "CastingCall", name: "fee", fieldType: "money" },
      { type: "addField", entity: "CastingCall", name: "startsAt", fieldType: "dateTime" },
      { type: "addField", entity: "CastingCall", name: "kind", fieldType: "choice" },
      { type: "addField", entity: "CastingCall", name: "contactPhone", fieldType: "phone" },
    ]);
    expect(Object.keys(t.entities.CastingCall.schema.properties)).toEqual([
      "title",
      "fee",
      "startsAt",
      "kind",
      "contactPhone",
    ]);
    expect(t.entities.CastingCall.schema.required).toEqual(["title"]);
    expect(t.entities.CastingCall.schema.properties.title["x-id"]).toBe("fld_casting_call_title");
    expect(t.entities.CastingCall.schema.properties.title["x-label"]).toEqual({ en: "Title", de: "Title" });
    expect(errorsOf(t)).toEqual([]);
    expect(minimal.entities.CastingCall).toBeUndefined(); // pure: the input is untouched
  });

  test("every field type of the palette compiles", () => {
    let t = applySchemaChange(minimal, { type: "addEntity", name: "Everything" });
    for (const id of FIELD_TYPE_IDS)
      t = applySchemaChange(t, { type: "addField", entity: "Everything", name: `f${id}`, fieldType: id });
    expect(errorsOf(t)).toEqual([]);
    for (const id of FIELD_TYPE_IDS) expect(fieldTypeOf(t.entities.Everything.schema.properties[`f${id}`])).toBe(id);
  });

  test("rename keeps position and stable id and follows every reference in the entity", () => {
    const t = applySchemaChange(minimal, { type: "renameField", entity: "Listing", from: "title", to: "headline" });
    const listing = t.entities.Listing;
    expect(Object.keys(listing.schema.properties)[0]).toBe("headline");
    expect(listing.schema.properties.headline["x-id"]).toBe("fld_title");
    expect(listing.schema.required).toEqual(["headline", "price"]);
    expect(listing.indexes![0].fields).toEqual(["headline", "status"]);
    expect(errorsOf(t)).toEqual([]);
    expect(applySchemaChange(minimal, { type: "renameField", entity: "Listing", from: "title", to: "price" })).toBe(
      minimal,
    );
  });

  test("renaming the status field follows into the entity's status binding", () => {
    const t = applySchemaChange(minimal, { type: "renameField", entity: "Listing", from: "status", to: "state" });
    expect(t.entities.Listing.status).toEqual({ field: "state", workflow: "listing-review" });
    expect(errorsOf(t)).toEqual([]);
  });

  test("move reorders; remove cleans required, indexes and the title field", () => {
    let t = applySchemaChange(minimal, { type: "moveField", entity: "Listing", field: "tags", to: 0 });
    expect(Object.keys(t.entities.Listing.schema.properties).slice(0, 2)).toEqual(["tags", "title"]);
    t = applySchemaChange(t, { type: "setEntityProp", entity: "Listing", key: "titleField", value: "title" });
    t = applySchemaChange(t, { type: "removeField", entity: "Listing", field: "title" });
    expect(t.entities.Listing.schema.required).toEqual(["price"]);
    expect(t.entities.Listing.indexes![0].fields).toEqual(["status"]);
    expect(t.entities.Listing.titleField).toBeUndefined();
    expect(errorsOf(t)).toEqual([]);
  });

  test("changing a field's type keeps its identity (id, label) and drops old keywords", () => {
    const t = applySchemaChange(minimal, {
      type: "setFieldType",
      entity: "Listing",
      field: "title",
      fieldType: "integer",
    });
    expect(t.entities.Listing.schema.properties.title).toEqual({
      "x-id": "fld_title",
      "x-label": { en: "Title", de: "Titel" },
      "x-searchable": true,
      type: "integer",
    });
  });

  test("keywords, labels and ui settings; empty values remove the key", () => {
    let t = applySchemaChange(minimal, {
      type: "setFieldKeyword",
      entity: "Listing",
      field: "title",
      key: "maxLength",
      value: 80,
    });
    t = applySchemaChange(t, {
      type: "setFieldLabel",
      entity: "Listing",
      field: "title",
      which: "x-label",
      locale: "de",
      text: "",
    });
    t = applySchemaChange(t, {
      type: "setFieldUi",
      entity: "Listing",
      field: "title",
      key: "widget",
      value: "textarea",
    });
    const title = t.entities.Listing.schema.properties.title;
    expect(title.maxLength).toBe(80);
    expect(title["x-label"]).toEqual({ en: "Title" });
    expect(title["x-ui"]).toEqual({ widget: "textarea" });
    t = applySchemaChange(t, {
      type: "setFieldKeyword",
      entity: "Listing",
      field: "title",
      key: "maxLength",
      value: undefined,
    });
    expect(t.entities.Listing.schema.properties.title.maxLength).toBeUndefined();
    expect(
      applySchemaChange(t, { type: "setFieldKeyword", entity: "Listing", field: "title", key: "x-id", value: "new" }),
    ).toBe(t);
  });

  test("entities: rename follows relations and seed; remove drops relations that point at it", () => {
    let t = applySchemaChange(minimal, { type: "renameEntity", from: "Category", to: "Section" });
    expect(t.entities.Listing.relations!.category.to).toBe("Section");
    expect(Object.keys(t.seed!)).toEqual(["Section"]);
    expect(errorsOf(t)).toEqual([]);
    t = applySchemaChange(t, { type: "removeEntity", name: "Section" });
    expect(t.entities.Listing.relations).toEqual({});
    expect(t.seed).toEqual({});
  });

  test("relations: add a many-to-one with a fresh id, remove it", () => {
    let t = applySchemaChange(minimal, { type: "addRelation", entity: "Listing", name: "related", to: "Listing" });
    expect(t.entities.Listing.relations!.related).toEqual({
      id: "rel_listing_related",
      to: "Listing",
      kind: "many-to-one",
    });
    expect(errorsOf(t)).toEqual([]);
    t = applySchemaChange(t, { type: "removeRelation", entity: "Listing", name: "related" });
    expect(t.entities.Listing.relations!.related).toBeUndefined();
  });

  test("freshId never reuses an id of the template", () => {
    expect(freshId(minimal, "fld_title")).toBe("fld_title_2");
    expect(freshId(minimal, "fld_other")).toBe("fld_other");
  });
});
