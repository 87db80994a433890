import { escapePointerToken, isJsonType, isSchemaObject, type JsonSchema } from "./json-schema.ts";
import { resolveDefsRef } from "./local-ref.ts";

/**
 * The keywords buildZodExpression understands. `$schema` is accepted at the root only (and only
 * for 2020-12); keywords starting with "x-" are our own annotations and are accepted anywhere.
 */
export const SUPPORTED_SCHEMA_KEYWORDS = [
  "$schema",
  "$ref",
  "$defs",
  "$comment",
  "type",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "default",
  "title",
  "description",
  "readOnly",
  "writeOnly",
  "deprecated",
  "examples",
] as const;

export type SupportResult = { ok: true } | { ok: false; keyword: string; pointer: string };

const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
const SUPPORTED = new Set<string>(SUPPORTED_SCHEMA_KEYWORDS);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
const isNumber = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** Whether a keyword's value has a form we can emit (Ajv also refuses most of the others). */
function valueIsSupported(keyword: string, value: unknown): boolean {
  switch (keyword) {
    case "$schema":
      return value === DRAFT_2020_12;
    case "type":
      return (
        isJsonType(value) ||
        (Array.isArray(value) && value.length > 0 && value.every(isJsonType) && new Set(value).size === value.length)
      );
    case "enum":
      return Array.isArray(value) && value.length > 0; // Ajv refuses an empty enum
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return isNumber(value);
    case "multipleOf":
      return isNumber(value) && (value as number) > 0;
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
      return isCount(value);
    case "pattern":
      return typeof value === "string" && compilesAsUnicodeRegExp(value);
    case "format":
    case "$comment":
    case "title":
    case "description":
      return typeof value === "string";
    case "uniqueItems":
    case "readOnly":
    case "writeOnly":
    case "deprecated":
      return typeof value === "boolean";
    case "required":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "properties":
    case "$defs":
      return isSchemaObject(value);
    case "items":
    case "additionalProperties":
      return typeof value === "boolean" || isSchemaObject(value); // 2020-12: no array form of items
    case "examples":
      return Array.isArray(value);
    default:
      return true; // $ref (checked by the walker), const, default: any value
  }
}

function compilesAsUnicodeRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/**
 * Walks `schema` (and every subschema) and reports the first keyword buildZodExpression cannot
 * honour, with the JSON Pointer of that keyword. A `$ref` must name an existing root `$defs` entry.
 */
export function isSupportedSchema(schema: JsonSchema): SupportResult {
  const result = walk(schema, schema, "", true);
  return result.ok ? refLoop(schema) : result;
}

/**
 * A `$defs` entry whose root `$ref` chain leads back to itself would validate the same instance
 * forever (z.lazy would recurse without end): report its `$ref`.
 */
function refLoop(root: JsonSchema): SupportResult {
  const defs = isSchemaObject(root) && isSchemaObject(root.$defs) ? root.$defs : {};
  for (const name of Object.keys(defs)) {
    const seen = new Set<unknown>();
    let current: unknown = defs[name];
    while (isSchemaObject(current) && typeof current.$ref === "string" && !seen.has(current)) {
      seen.add(current);
      current = resolveDefsRef(root, current.$ref);
      if (current === defs[name])
        return { ok: false, keyword: "$ref", pointer: `/$defs/${escapePointerToken(name)}/$ref` };
    }
  }
  return { ok: true };
}

function walk(schema: unknown, root: JsonSchema, pointer: string, atRoot: boolean): SupportResult {
  if (typeof schema === "boolean") return { ok: true };
  if (!isSchemaObject(schema)) return { ok: false, keyword: "(not a schema)", pointer };
  for (const [keyword, value] of Object.entries(schema)) {
    const at = `${pointer}/${escapePointerToken(keyword)}`;
    if (keyword.startsWith("x-")) continue;
    if (!SUPPORTED.has(keyword) || (keyword === "$schema" && !atRoot) || !valueIsSupported(keyword, value)) {
      return { ok: false, keyword, pointer: at };
    }
    if (keyword === "$ref" && (typeof value !== "string" || resolveDefsRef(root, value) === undefined)) {
      return { ok: false, keyword, pointer: at };
    }
    const children: [string, unknown][] =
      keyword === "properties" || keyword === "$defs"
        ? Object.entries(value as object).map(([name, sub]) => [`${at}/${escapePointerToken(name)}`, sub])
        : keyword === "items" || keyword === "additionalProperties"
          ? [[at, value]]
          : [];
    for (const [childPointer, child] of children) {
      const result = walk(child, root, childPointer, false);
      if (!result.ok) return result;
    }
  }
  return { ok: true };
}
