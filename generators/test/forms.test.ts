import type { FileMap } from "../src/plugin.ts";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { formsPlugin } from "../src/forms/index.ts";
import { compileApp, expectGolden, minimal, scaledTemplate } from "./support/plugin-fixtures.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(HERE, "__golden__/forms");

/** minimal.json plus groups with steps, widgets, help, an integer, a date, a hidden field and a draft entity. */
function richTemplate(): Record<string, any> {
  const t = minimal();
  const p = t.entities.Listing.schema.properties;
  p.year = {
    "x-id": "fld_year",
    type: "integer",
    minimum: 1900,
    "x-label": { en: "Year", de: "Jahr" },
    "x-ui": {
      order: 1,
      group: "basics",
      widget: "number",
      help: { en: "Year made" },
      placeholder: { en: "e.g. 2020" },
    },
  };
  p.title["x-ui"] = { order: 2, group: "basics" };
  p.tags["x-ui"] = { group: "extras", widget: "tags" };
  p.featured = {
    "x-id": "fld_featured",
    type: "boolean",
    default: false,
    "x-ui": { widget: "toggle", group: "extras" },
  };
  p.availableFrom = { "x-id": "fld_available_from", type: "string", format: "date" };
  p.secret = { "x-id": "fld_secret", type: "string", "x-ui": { hidden: true } };
  // "checkboxes" is an array widget: RJSF would throw on a string, so it must be dropped.
  p.notes = { "x-id": "fld_notes", type: "string", "x-ui": { widget: "checkboxes" } };
  // Labels inside an object and inside an array's items.
  p.pickup = {
    "x-id": "fld_pickup",
    type: "object",
    properties: {
      street: { type: "string", "x-label": { en: "Street", de: "Straße" } },
      window: {
        type: "object",
        properties: { opens: { type: "string", "x-label": { en: "Opens at", de: "Öffnet um" } } },
      },
    },
  };
  p.contacts = {
    "x-id": "fld_contacts",
    type: "array",
    items: { type: "object", properties: { name: { type: "string", "x-label": { en: "Contact name" } } } },
  };
  t.entities.Listing.ui = {
    groups: [
      { id: "basics", label: { en: "Basics", de: "Grunddaten" }, step: 1 },
      { id: "extras", label: { en: "Extras" }, step: 2, tab: true },
    ],
  };
  t.entities.Listing.access.fields = { notes: { write: ["seller"] } };
  t.entities.Review = {
    id: "ent_review",
    scope: "user",
    draft: true,
    schema: {
      type: "object",
      required: ["rating"],
      properties: {
        rating: { "x-id": "fld_rating", type: "integer", minimum: 1, maximum: 5, "x-ui": { widget: "rating" } },
        body: { "x-id": "fld_body", type: "string", "x-translatable": true },
      },
    },
    relations: { listing: { id: "rel_review_listing", to: "Listing", kind: "many-to-one", onDelete: "cascade" } },
  };
  return t;
}

const formOf = (files: FileMap, entity: string) => JSON.parse(files[`mini-market/forms/${entity}.json`]);

function ajv2020() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv;
}

describe("@core/forms on minimal.json", () => {
  const files = formsPlugin.build({ app: compileApp(minimal()) });

  test("matches the golden files", () => expectGolden(GOLDEN, files));

  test("one file per entity", () => {
    expect(Object.keys(files)).toEqual(["mini-market/forms/Category.json", "mini-market/forms/Listing.json"]);
  });

  test("create form: 2020-12 schema, titles, ui:order, relation widget", () => {
    const form = formOf(files, "Listing");
    expect(form.create.schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(form.create.schema.required).toEqual(["title", "price", "categoryId"]);
    expect(form.create.schema.properties.title.title).toBe("Title");
    expect(form.create.schema.properties.categoryId.title).toBe("Category");
    expect(form.create.uiSchema["ui:order"]).toEqual([
      "title",
      "price",
      "height",
      "tags",
      "contact",
      "status",
      "details",
      "categoryId",
      "*",
    ]);
    expect(form.create.uiSchema.categoryId).toEqual({
      "ui:widget": "relation",
      "ui:options": { target: "categories", titleField: "name" },
    });
    expect(form.create.uiSchema.price["ui:options"]).toEqual({
      layout: "compact",
      kind: "money",
      partLabels: { en: { amount: "Amount", currency: "Currency" }, de: { amount: "Betrag", currency: "Währung" } },
    });
    // Each part of a composite field has a label of its own (issue 18: no unnamed "spin button").
    expect(form.create.uiSchema.price.amount).toEqual({ "ui:widget": "updown", "ui:title": "Amount" });
    expect(form.create.uiSchema.price.currency).toEqual({ "ui:title": "Currency" });
    expect(JSON.stringify(form.create.uiSchema)).not.toContain('"label":false');
    expect(form.edit.schema.required).toBeUndefined();
  });

  test("labels per locale fall back to the default locale, then a humanized name", () => {
    const { labels } = formOf(files, "Listing");
    expect(Object.keys(labels)).toEqual(["en", "de"]);
    expect(labels.de.fields.title).toBe("Titel");
    expect(labels.de.fields.height).toBe("Height");
    expect(labels.de.title).toBe("Listing");
  });

  test("the form schemas compile under Ajv2020 strict and accept what the API accepts", () => {
    const form = formOf(files, "Listing");
    const ajv = ajv2020();
    const create = ajv.compile(form.create.schema);
    const body = {
      title: "Red shoes",
      price: { amount: 1999, currency: "EUR" },
      categoryId: "0b5a3a4e-9a55-4a8e-9a57-1f2d3c4b5a69",
    };
    expect(create(body), JSON.stringify(create.errors)).toBe(true);
    expect(create({ ...body, title: "ab" })).toBe(false);
    expect(ajv.compile(form.edit.schema)({ contact: null })).toBe(true);
    expect(ajv.compile(form.filter.schema)({ status: ["draft"], title: "shoe" })).toBe(true);
  });

  test("deterministic: two builds from two compilations are equal", () => {
    expect(formsPlugin.build({ app: compileApp(minimal()) })).toEqual(files);
  });
});

describe("@core/forms on a richer template", () => {
  const files = formsPlugin.build({ app: compileApp(richTemplate()) });
  const form = formOf(files, "Listing");

  test("x-ui.order first, then template order", () => {
    expect(form.create.uiSchema["ui:order"].slice(0, 3)).toEqual(["year", "title", "price"]);
    expect(form.create.uiSchema["ui:order"].at(-1)).toBe("*");
  });

  test("widgets, help, placeholder, hidden; wrong-type widgets dropped; field access carried", () => {
    expect(form.create.uiSchema.year).toEqual({
      "ui:widget": "updown",
      "ui:placeholder": "e.g. 2020",
      "ui:help": "Year made",
    });
    expect(form.create.uiSchema.featured).toEqual({ "ui:widget": "checkbox", "ui:options": { toggle: true } });
    expect(form.create.uiSchema.tags).toEqual({ "ui:widget": "tags" });
    expect(form.create.uiSchema.secret).toEqual({ "ui:widget": "hidden" });
    expect(form.create.uiSchema.notes["ui:widget"]).toBeUndefined();
    expect(form.create.uiSchema.notes["ui:options"].access.write.roles).toEqual(["seller"]);
  });

  test("labels inside objects and array items: default-locale titles in the schema, every locale in the labels", () => {
    const pickup = form.create.schema.properties.pickup;
    expect(pickup.properties.street.title).toBe("Street");
    expect(pickup.properties.window.properties.opens.title).toBe("Opens at");
    expect(form.edit.schema.properties.contacts.items.properties.name.title).toBe("Contact name");
    expect(form.labels.de.nested).toEqual({
      pickup: { street: "Straße", "window/opens": "Öffnet um" },
      contacts: { "items/name": "Contact name" },
    });
    expect(form.labels.en.nested.pickup.street).toBe("Street");
  });

  test("groups and wizard steps", () => {
    expect(form.create.uiSchema["ui:options"].groups).toEqual([
      { id: "basics", label: "Basics", tab: false, step: 1, fields: ["year", "title"] },
      { id: "extras", label: "Extras", tab: true, step: 2, fields: ["tags", "featured"] },
    ]);
    expect(form.steps.map((s: { step: number }) => s.step)).toEqual([1, 2]);
    expect(form.steps[1]).toEqual({ step: 2, groups: ["extras"], fields: ["tags", "featured"] });
    // Ungrouped properties land on the first page, so each property is on exactly one page.
    const all = form.steps.flatMap((s: { fields: string[] }) => s.fields).sort();
    expect(all).toEqual(Object.keys(form.create.schema.properties).sort());
    expect(form.labels.de.groups).toEqual({ basics: "Grunddaten", extras: "Extras" });
  });

  test("filter form: integer and date ranges, enum multi-select, boolean select, no required", () => {
    const { schema, uiSchema, operators } = form.filter;
    expect(schema.required).toBeUndefined();
    expect(schema.properties.year).toEqual({
      title: "Year",
      type: "object",
      additionalProperties: false,
      properties: { gte: { type: "integer" }, lte: { type: "integer" } },
    });
    expect(schema.properties.availableFrom.properties.gte).toEqual({ type: "string", format: "date" });
    expect(schema.properties.status).toEqual({
      title: "Status",
      type: "array",
      items: { enum: ["draft", "published", "archived"] },
      uniqueItems: true,
    });
    expect(uiSchema.featured).toEqual({ "ui:widget": "select" });
    expect(schema.properties.secret).toBeUndefined();
    expect(schema.properties.price).toBeUndefined();
    expect(operators).toMatchObject({
      year: "range",
      availableFrom: "range",
      status: "in",
      title: "contains",
      featured: "eq",
      categoryId: "eq",
    });
    const valid = ajv2020().compile(schema);
    expect(valid({ year: { gte: 2000, lte: 2020 }, featured: true })).toBe(true);
    expect(valid({ year: { gte: "x" } })).toBe(false);
  });

  test("draft entities get forms too", () => {
    const review = formOf(files, "Review");
    expect(review.create.schema.required).toEqual(["rating"]);
    expect(review.create.uiSchema.rating).toEqual({ "ui:widget": "rating" });
    expect(review.create.uiSchema.body).toEqual({ "ui:options": { translatable: true } });
    expect(review.create.uiSchema.listingId["ui:options"].target).toBe("listings");
  });
});

// Speed is measured by `npm run bench:generate`, never asserted in a test.
test("a 15-entity template: every entity gets its output, twice the same", () => {
  const app = compileApp(scaledTemplate(15));
  expect(app.templates[0].entities).toHaveLength(15);
  const files = formsPlugin.build({ app });
  expect(Object.keys(files).filter((f) => f.includes("/forms/"))).toHaveLength(15);
  expect(formsPlugin.build({ app })).toEqual(files);
});
