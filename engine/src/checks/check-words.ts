import { diagnostic, ptr } from "../diagnostics.ts";
import type { FieldIR } from "../ir/types.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * The rules a field can fail, by the JSON Schema keyword that states them (what Ajv reports as
 * `keyword`), and whether a field's schema has that rule. `required` is the entity's list,
 * `format` also covers the pattern our own formats (phone) carry.
 */
const RULES: Record<string, (schema: Record<string, unknown>, field: FieldIR) => boolean> = {
  required: (_s, f) => f.required,
  type: () => true,
  enum: (s, f) => Array.isArray(s.enum) || f.enumValues !== null,
  const: (s) => s.const !== undefined,
  format: (s, f) => typeof s.format === "string" || f.format !== null,
  pattern: (s) => typeof s.pattern === "string" || typeof itemsOf(s)?.pattern === "string",
  minLength: (s) => typeof s.minLength === "number" || typeof itemsOf(s)?.minLength === "number",
  maxLength: (s) => typeof s.maxLength === "number" || typeof itemsOf(s)?.maxLength === "number",
  minimum: (s) => typeof s.minimum === "number",
  maximum: (s) => typeof s.maximum === "number",
  exclusiveMinimum: (s) => typeof s.exclusiveMinimum === "number",
  exclusiveMaximum: (s) => typeof s.exclusiveMaximum === "number",
  multipleOf: (s) => typeof s.multipleOf === "number",
  minItems: (s) => typeof s.minItems === "number",
  maxItems: (s) => typeof s.maxItems === "number",
  uniqueItems: (s) => s.uniqueItems === true,
};

/** The keywords `x-errorMessages` may name (docs/templates.md lists them). */
export const ERROR_MESSAGE_KEYWORDS: readonly string[] = Object.keys(RULES);

function itemsOf(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  const items = schema.items;
  return items && typeof items === "object" && !Array.isArray(items) ? (items as Record<string, unknown>) : undefined;
}

/**
 * Words for people: `x-enumLabels` label values the field has (and each of them), and
 * `x-errorMessages` name rules the field states. Locales are checked with the other labels.
 */
export function checkWords({ ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    for (const field of entity.fields) {
      checkEnumLabels(field, report);
      checkErrorMessages(field, report);
      checkTranslatable(field, report);
    }
  }
}

/** Only plain text is translated: a value per locale of a number, date or code would not mean anything. */
function checkTranslatable(field: FieldIR, report: CheckContext["report"]): void {
  if (!field.translatable || (field.kind === "string" && field.format === null && field.computed === null)) return;
  report(
    diagnostic(
      "ENG_TRANSLATABLE_NOT_TEXT",
      ptr(field.pointer, "x-translatable"),
      `"${field.name}" is not plain text (a string without a format), so it has nothing to translate.`,
      "Remove x-translatable, or use it on a string field without a format.",
    ),
  );
}

function checkEnumLabels(field: FieldIR, report: CheckContext["report"]): void {
  const at = field.enumLabelsPointer;
  if (!at) return;
  if (!field.enumValues) {
    report(
      diagnostic(
        "ENG_ENUM_LABELS_NOT_ENUM",
        at,
        `"${field.name}" has no enum values to label.`,
        'Put x-enumLabels on an enum field, or on the "items" of an array of enum values.',
      ),
    );
    return;
  }
  const values = field.enumValues.map(String);
  for (const key of Object.keys(field.enumLabels)) {
    if (!values.includes(key)) {
      report(
        diagnostic(
          "ENG_ENUM_LABEL_UNKNOWN_VALUE",
          ptr(at, key),
          `"${key}" is not a value of "${field.name}".`,
          `Values: ${values.map((v) => JSON.stringify(v)).join(", ")}.`,
        ),
      );
    }
  }
  const unlabelled = values.filter((v) => !(v in field.enumLabels));
  if (unlabelled.length) {
    report(
      diagnostic(
        "ENG_ENUM_LABEL_MISSING",
        at,
        `No label for ${unlabelled.map((v) => JSON.stringify(v)).join(", ")} of "${field.name}".`,
        "The raw value is shown instead.",
      ),
    );
  }
}

function checkErrorMessages(field: FieldIR, report: CheckContext["report"]): void {
  const schema = (typeof field.schema === "object" ? field.schema : {}) as Record<string, unknown>;
  for (const keyword of Object.keys(field.errorMessages)) {
    const at = ptr(field.pointer, "x-errorMessages", keyword);
    const rule = RULES[keyword];
    if (!rule) {
      report(
        diagnostic(
          "ENG_ERROR_MESSAGE_UNKNOWN_RULE",
          at,
          `"${keyword}" is not a rule a field can fail.`,
          `Use one of: ${ERROR_MESSAGE_KEYWORDS.join(", ")}.`,
        ),
      );
    } else if (!rule(schema, field)) {
      report(
        diagnostic(
          "ENG_ERROR_MESSAGE_UNUSED",
          at,
          `"${field.name}" has no ${keyword} rule, so this message is never shown.`,
          keyword === "required"
            ? `Add "${field.name}" to the entity's required list.`
            : `Add "${keyword}" to the field.`,
        ),
      );
    }
  }
}
