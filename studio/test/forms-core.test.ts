import { describe, expect, test } from "vitest";
import { withExtensionFields } from "../src/core/extension-fields.ts";
import { localizeUiSchema } from "../src/core/form-locale.ts";
import { sectionProperties } from "../src/core/form-groups.ts";
import { firstStepWith, stepForm, stepIndexOf } from "../src/core/form-steps.ts";
import { pruneEmptyObjects } from "../src/core/prune-empty.ts";
import { sanitizeUiSchema } from "../src/core/sanitize-ui-schema.ts";
import type { EntityFormSpec } from "../src/core/registry-types.ts";

const spec = {
  entity: "Job",
  create: {
    schema: {
      type: "object",
      required: ["title", "rate"],
      additionalProperties: false,
      properties: { title: { type: "string" }, rate: { type: "integer" }, city: { type: "string" } },
    },
    uiSchema: {
      "ui:order": ["title", "rate", "city", "*"],
      "ui:options": {
        groups: [
          { id: "basics", label: "Basics", tab: false, step: 1, fields: ["title"] },
          { id: "pay", label: "Pay", tab: false, step: 2, fields: ["rate"] },
        ],
      },
    },
  },
  edit: { schema: { type: "object", properties: { title: { type: "string" } } }, uiSchema: {} },
  filter: { schema: {}, uiSchema: {}, operators: {} },
  labels: {
    en: { title: "Job", pluralTitle: "Jobs", fields: { title: "Title" }, groups: { basics: "Basics" } },
    de: { title: "Job", pluralTitle: "Jobs", fields: { title: "Titel" }, groups: { basics: "Grundlagen" } },
  },
  steps: [
    { step: 1, groups: ["basics"], fields: ["title", "city"] },
    { step: 2, groups: ["pay"], fields: ["rate"] },
  ],
} as unknown as EntityFormSpec;

describe("wizard steps", () => {
  test("a step's form has only its properties, its required ones and its groups", () => {
    const page = stepForm(spec.create, spec.steps![0]);
    expect(Object.keys((page.schema as { properties: object }).properties)).toEqual(["title", "city"]);
    expect(page.schema.required).toEqual(["title"]);
    expect(page.uiSchema["ui:order"]).toEqual(["title", "city", "*"]);
    expect((page.uiSchema["ui:options"] as { groups: { id: string }[] }).groups.map((g) => g.id)).toEqual(["basics"]);
  });
  test("server errors find their step", () => {
    expect(stepIndexOf(spec.steps!, "rate")).toBe(1);
    expect(firstStepWith(spec.steps!, ["rate", "city"])).toBe(0);
    expect(firstStepWith(spec.steps!, ["nope"])).toBeNull();
  });
});

test("groups render in template order, ungrouped properties last", () => {
  const props = ["city", "rate", "title"].map((name) => ({ name }));
  const sections = sectionProperties(props, [
    { id: "basics", label: "Basics", fields: ["title"] },
    { id: "empty", label: "Empty", fields: ["gone"] },
    { id: "pay", label: "Pay", fields: ["rate"] },
  ]);
  expect(sections.map((s) => [s.group?.id ?? null, s.properties.map((p) => p.name)])).toEqual([
    ["basics", ["title"]],
    ["pay", ["rate"]],
    [null, ["city"]],
  ]);
});

test("labels of another locale become ui:title and group labels", () => {
  const ui = localizeUiSchema(spec.create.uiSchema, spec.labels.de as never);
  expect(ui.title).toEqual({ "ui:title": "Titel" });
  expect((ui["ui:options"] as { groups: { label: string }[] }).groups[0].label).toBe("Grundlagen");
  expect(localizeUiSchema(spec.create.uiSchema, undefined)).toBe(spec.create.uiSchema);
});

test("labels inside objects and array items become nested ui:titles, next to what the field has", () => {
  const ui = localizeUiSchema(
    { rules: { "ui:help": "House rules" } },
    {
      title: "Objekt",
      pluralTitle: "Objekte",
      fields: {},
      nested: { rules: { checkIn: "Check-in ab", "window/opens": "Öffnet um" }, guests: { "items/name": "Name" } },
    },
  );
  expect(ui.rules).toEqual({
    "ui:help": "House rules",
    checkIn: { "ui:title": "Check-in ab" },
    window: { opens: { "ui:title": "Öffnet um" } },
  });
  expect(ui.guests).toEqual({ items: { name: { "ui:title": "Name" } } });
});

test("the parts of a money field take their labels in the user's locale (issue 18)", () => {
  const ui = {
    fee: {
      "ui:options": {
        layout: "compact",
        kind: "money",
        partLabels: { en: { amount: "Amount", currency: "Currency" }, de: { amount: "Betrag", currency: "Währung" } },
      },
      amount: { "ui:widget": "updown", "ui:title": "Amount" },
      currency: { "ui:title": "Currency" },
    },
  };
  const labels = { title: "Gig", pluralTitle: "Gigs", fields: { fee: "Honorar" } };
  const de = localizeUiSchema(ui, labels, "de").fee as Record<string, Record<string, unknown>>;
  expect(de["ui:title"]).toBe("Honorar");
  expect(de.amount).toEqual({ "ui:widget": "updown", "ui:title": "Betrag" });
  expect(de.currency).toEqual({ "ui:title": "Währung" });
  // A locale the spec has no part labels for keeps the generated (default-locale) ones.
  const fr = localizeUiSchema(ui, labels, "fr").fee as Record<string, Record<string, unknown>>;
  expect(fr.amount["ui:title"]).toBe("Amount");
});

test("a tenant's extension fields join the schemas, labels and the last step", () => {
  const merged = withExtensionFields(spec, {
    properties: { instagram: { type: "string", "x-label": { en: "Instagram", de: "Insta" } } },
    required: ["instagram"],
  });
  expect((merged.create.schema.properties as Record<string, unknown>).instagram).toEqual({
    title: "Instagram",
    type: "string",
  });
  expect(merged.create.schema.required).toEqual(["title", "rate", "instagram"]);
  expect(merged.edit.schema.required).toBeUndefined();
  expect(merged.labels.de.fields.instagram).toBe("Insta");
  expect(merged.steps![1].fields).toEqual(["rate", "instagram"]);
  expect(withExtensionFields(spec, { properties: {} })).toBe(spec);
});

test("empty nested objects are pruned; arrays and filled objects stay", () => {
  const data = { a: {}, b: { c: undefined, d: {} }, e: [], f: { g: 1 }, h: "" };
  expect(pruneEmptyObjects(data)).toEqual({ e: [], f: { g: 1 }, h: "" });
  const clean = { x: 1, y: { z: 2 } };
  expect(pruneEmptyObjects(clean)).toBe(clean);
});

test("select widgets without choices fall back to text inputs (nested too)", () => {
  const schema = {
    properties: {
      country: { type: "string", pattern: "^[A-Z]{2}$" },
      kind: { enum: ["a", "b"] },
      flag: { type: "boolean" },
      address: { type: "object", properties: { region: { type: "string" } } },
    },
  };
  const ui = {
    country: { "ui:widget": "select", "ui:help": "ISO code" },
    kind: { "ui:widget": "radio" },
    flag: { "ui:widget": "select" },
    address: { region: { "ui:widget": "select" } },
  };
  expect(sanitizeUiSchema(schema, ui)).toEqual({
    country: { "ui:help": "ISO code" },
    kind: { "ui:widget": "radio" },
    flag: { "ui:widget": "select" },
    address: { region: {} },
  });
  const fine = { kind: { "ui:widget": "radio" } };
  expect(sanitizeUiSchema(schema, fine)).toBe(fine);
});
