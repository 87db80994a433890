/** A JSON Schema (2020-12): `true`, `false`, or an object of keywords. */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** The object form of a schema. */
export type JsonSchemaObject = Exclude<JsonSchema, boolean>;

/** The instance types of the JSON data model, plus "integer" (a number with no fraction). */
export type JsonType = "string" | "number" | "integer" | "boolean" | "null" | "array" | "object";

export const JSON_TYPES: readonly JsonType[] = ["string", "number", "integer", "boolean", "null", "array", "object"];

export function isJsonType(value: unknown): value is JsonType {
  return typeof value === "string" && (JSON_TYPES as readonly string[]).includes(value);
}

/** The JSON type of a parsed JSON value ("number" for every number; see `hasJsonType`). */
export function jsonTypeOf(value: unknown): Exclude<JsonType, "integer"> {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  if (t === "string" || t === "number" || t === "boolean") return t;
  return "object";
}

/** Whether a JSON value is an instance of `type` (integers are numbers too, 1.0 is an integer). */
export function hasJsonType(value: unknown, type: JsonType): boolean {
  if (type === "integer") return typeof value === "number" && Number.isInteger(value);
  return jsonTypeOf(value) === type;
}

/** A JSON object (not an array, not null): also the test for a schema's object form. */
export function isJsonObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSchemaObject(schema: unknown): schema is JsonSchemaObject {
  return isJsonObject(schema);
}

/** Escapes one JSON Pointer reference token (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Canonical JSON text: object keys sorted, so two values are deep-equal as JSON Schema means it
 * (enum, const, uniqueItems) exactly when their canonical texts are equal.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, x: unknown) =>
    isJsonObject(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}
