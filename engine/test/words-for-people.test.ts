import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateText, type Diagnostic } from "../src/index.ts";

const minimal = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "minimal.json"), "utf8"));
const LISTING = "/entities/Listing/schema/properties";

/** The minimal template with some Listing properties changed. */
function compileWith(changes: Record<string, unknown>) {
  const template = structuredClone(minimal);
  Object.assign(template.entities.Listing.schema.properties, changes);
  return compileTemplateText(JSON.stringify(template), "words.json");
}

const codesAt = (diagnostics: readonly Diagnostic[], prefix: string) =>
  diagnostics
    .filter((d) => d.pointer.startsWith(prefix))
    .map((d) => `${d.severity} ${d.code} ${d.pointer}`)
    .sort();

const en = (text: string) => ({ en: text, de: `${text} (de)` });

describe("x-enumLabels", () => {
  test("complete labels in every locale compile cleanly and reach the IR", () => {
    const result = compileWith({
      status: {
        "x-id": "fld_status",
        enum: ["draft", "published", "archived"],
        default: "draft",
        "x-enumLabels": { draft: en("Draft"), published: en("Live"), archived: en("Archived") },
      },
      tags: {
        "x-id": "fld_tags",
        type: "array",
        items: { enum: ["new", "sale"], "x-enumLabels": { new: en("New"), sale: en("On sale") } },
      },
    });
    expect(codesAt(result.diagnostics, LISTING)).toEqual([]);
    expect(result.ok).toBe(true);
    const listing = result.ir!.entities.find((e) => e.name === "Listing")!;
    const status = listing.fields.find((f) => f.name === "status")!;
    expect(status.enumLabels.published).toEqual({ en: "Live", de: "Live (de)" });
    const tags = listing.fields.find((f) => f.name === "tags")!;
    expect(tags.enumLabelsPointer).toBe(`${LISTING}/tags/items/x-enumLabels`);
    expect(tags.enumLabels.sale.en).toBe("On sale");
    // Annotations never reach the value schema the validators check.
    expect(JSON.stringify(status.schema)).not.toContain("x-enumLabels");
  });

  test("an unknown value, a missing value, a missing and an undeclared locale point at their place", () => {
    const result = compileWith({
      status: {
        "x-id": "fld_status",
        enum: ["draft", "published", "archived"],
        "x-enumLabels": {
          draft: { en: "Draft" },
          published: { en: "Live", de: "Live", fr: "En ligne" },
          gone: en("Gone"),
        },
      },
    });
    expect(result.ok).toBe(false);
    const at = `${LISTING}/status/x-enumLabels`;
    expect(codesAt(result.diagnostics, at)).toEqual(
      [
        `error ENG_ENUM_LABEL_UNKNOWN_VALUE ${at}/gone`,
        `warning ENG_ENUM_LABEL_MISSING ${at}`,
        `warning ENG_LOCALE_MISSING ${at}/draft`,
        `error ENG_LOCALE_UNKNOWN ${at}/published/fr`,
      ].sort(),
    );
    const missing = result.diagnostics.find((d) => d.code === "ENG_ENUM_LABEL_MISSING")!;
    expect(missing.message).toContain('"archived"');
  });

  test("labels on a field without enum values, and integer enums keyed by their text", () => {
    const result = compileWith({
      title: { "x-id": "fld_title", type: "string", "x-enumLabels": { a: en("A") } },
      rating: {
        "x-id": "fld_rating",
        enum: [1, 2],
        "x-enumLabels": { "1": en("Poor"), "2": en("Good"), "3": en("?") },
      },
    });
    expect(codesAt(result.diagnostics, LISTING)).toEqual([
      `error ENG_ENUM_LABELS_NOT_ENUM ${LISTING}/title/x-enumLabels`,
      `error ENG_ENUM_LABEL_UNKNOWN_VALUE ${LISTING}/rating/x-enumLabels/3`,
    ]);
  });
});

describe("x-errorMessages", () => {
  test("messages for rules the field states compile cleanly and reach the IR", () => {
    const result = compileWith({
      title: {
        "x-id": "fld_title",
        type: "string",
        minLength: 3,
        pattern: "^[A-Z]",
        "x-errorMessages": {
          pattern: en("Start with a capital"),
          required: en("A title, please"),
          minLength: en("Longer"),
        },
      },
    });
    expect(codesAt(result.diagnostics, LISTING)).toEqual([]);
    const title = result.ir!.entities.find((e) => e.name === "Listing")!.fields.find((f) => f.name === "title")!;
    expect(title.errorMessages.pattern).toEqual(en("Start with a capital"));
  });

  test("an unknown rule, an unused rule and locales point at the rule's labels", () => {
    const result = compileWith({
      contact: {
        "x-id": "fld_contact",
        type: ["string", "null"],
        format: "email",
        "x-errorMessages": {
          format: { en: "An email address" },
          patern: en("typo"),
          required: en("not required"),
          maxLength: { en: "x", de: "x", it: "x" },
        },
      },
    });
    expect(result.ok).toBe(false);
    const at = `${LISTING}/contact/x-errorMessages`;
    expect(codesAt(result.diagnostics, at)).toEqual(
      [
        `warning ENG_LOCALE_MISSING ${at}/format`,
        `error ENG_ERROR_MESSAGE_UNKNOWN_RULE ${at}/patern`,
        `warning ENG_ERROR_MESSAGE_UNUSED ${at}/required`,
        `warning ENG_ERROR_MESSAGE_UNUSED ${at}/maxLength`,
        `error ENG_LOCALE_UNKNOWN ${at}/maxLength/it`,
      ].sort(),
    );
  });

  test("the meta-schema refuses a message that is not a labels object", () => {
    const result = compileWith({
      title: { "x-id": "fld_title", type: "string", "x-errorMessages": { pattern: "Start with a capital" } },
    });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.pointer.startsWith(`${LISTING}/title/x-errorMessages/pattern`))).toBe(true);
  });
});

describe("x-translatable", () => {
  test("on plain text it compiles and gives the entity a translations column", () => {
    const result = compileWith({
      blurb: { "x-id": "fld_blurb", type: "string", maxLength: 200, "x-translatable": true },
    });
    expect(codesAt(result.diagnostics, LISTING)).toEqual([]);
    const listing = result.ir!.entities.find((e) => e.name === "Listing")!;
    expect(listing.fields.find((f) => f.name === "blurb")!.translatable).toBe(true);
    expect(listing.hasTranslations).toBe(true);
  });

  test("on a number, a formatted string or an enum it is an error at the keyword", () => {
    const result = compileWith({
      size: { "x-id": "fld_size", type: "integer", "x-translatable": true },
      site: { "x-id": "fld_site", type: "string", format: "uri", "x-translatable": true },
      kind: { "x-id": "fld_kind", enum: ["a", "b"], "x-translatable": true },
    });
    expect(result.ok).toBe(false);
    expect(codesAt(result.diagnostics, LISTING)).toEqual(
      [
        `error ENG_TRANSLATABLE_NOT_TEXT ${LISTING}/kind/x-translatable`,
        `error ENG_TRANSLATABLE_NOT_TEXT ${LISTING}/site/x-translatable`,
        `error ENG_TRANSLATABLE_NOT_TEXT ${LISTING}/size/x-translatable`,
      ].sort(),
    );
  });
});
