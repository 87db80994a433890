import {
  canonicalJson,
  isSchemaObject,
  jsonTypeOf,
  type JsonSchema,
  type JsonSchemaObject,
  type JsonType,
} from "./json-schema.ts";
import { resolveDefsRef } from "./local-ref.ts";
import { formatAppliesTo } from "./zod-formats.ts";

/** What a schema object says, as the emitter needs to know it (no code is emitted here). */

/** Keywords that never change what validates. */
export const ANNOTATIONS = new Set([
  "$schema",
  "$defs",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "readOnly",
  "writeOnly",
  "deprecated",
]);
/** The branches a value can take, in emission order ("integer" is a number branch with a check). */
export type Branch = "string" | "number" | "boolean" | "null" | "array" | "object";
export const BRANCHES: readonly Branch[] = ["string", "number", "boolean", "null", "array", "object"];

export const validationKeywords = (s: JsonSchemaObject) =>
  Object.keys(s).filter((k) => !ANNOTATIONS.has(k) && !k.startsWith("x-"));
export const isTrivial = (s: unknown) => s === true || (isSchemaObject(s) && validationKeywords(s).length === 0);
export const num = (s: JsonSchemaObject, k: string) => (typeof s[k] === "number" ? (s[k] as number) : undefined);
export const branchOf = (value: unknown): Branch => jsonTypeOf(value);

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

export function declaredTypes(s: JsonSchemaObject): JsonType[] | undefined {
  if (s.type === undefined) return undefined;
  return Array.isArray(s.type) ? (s.type as JsonType[]) : [s.type as JsonType];
}

/** `enum` and `const` together: the values both allow (deep equality), or undefined if neither is set. */
export function allowedValues(s: JsonSchemaObject): unknown[] | undefined {
  const hasConst = Object.hasOwn(s, "const");
  if (Array.isArray(s.enum)) {
    const values = s.enum as unknown[];
    return hasConst ? values.filter((v) => canonicalJson(v) === canonicalJson(s.const)) : values;
  }
  return hasConst ? [s.const] : undefined;
}

/** Whether `s` has a keyword that constrains instances of branch `b` (beyond the type itself). */
export function hasConstraints(s: JsonSchemaObject, b: Branch): boolean {
  const has = (k: string) => s[k] !== undefined;
  const format = typeof s.format === "string" ? formatAppliesTo(s.format) : undefined;
  switch (b) {
    case "string":
      return (num(s, "minLength") ?? 0) > 0 || has("maxLength") || has("pattern") || format === "string";
    case "number":
      return (
        ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].some(has) || format === "number"
      );
    case "array":
      return (
        (has("items") && !isTrivial(s.items)) ||
        (num(s, "minItems") ?? 0) > 0 ||
        has("maxItems") ||
        s.uniqueItems === true
      );
    case "object":
      return (
        (isSchemaObject(s.properties) && Object.keys(s.properties).length > 0) ||
        (Array.isArray(s.required) && s.required.length > 0) ||
        (has("additionalProperties") && !isTrivial(s.additionalProperties))
      );
    default:
      return false;
  }
}

/** Whether every instance `items` accepts is a string, number, boolean or null (so a Set can compare them). */
export function onlyScalars(root: JsonSchema, items: unknown, seen = new Set<string>()): boolean {
  if (!isSchemaObject(items)) return items === false;
  const values = allowedValues(items);
  if (values !== undefined && values.every((v) => branchOf(v) !== "array" && branchOf(v) !== "object")) return true;
  const types = declaredTypes(items);
  if (types !== undefined && types.every((t) => t !== "array" && t !== "object")) return true;
  if (typeof items.$ref === "string" && !seen.has(items.$ref)) {
    return onlyScalars(root, resolveDefsRef(root, items.$ref), seen.add(items.$ref));
  }
  return false;
}

/** Whether the schema (or the one it references) has `additionalProperties: false` at its root. */
export function closesObject(root: JsonSchema, schema: JsonSchema | undefined, seen = new Set<string>()): boolean {
  if (!isSchemaObject(schema)) return false;
  if (schema.additionalProperties === false) return true;
  const ref = schema.$ref;
  return typeof ref === "string" && !seen.has(ref) && closesObject(root, resolveDefsRef(root, ref), seen.add(ref));
}

/** Two schemas can be merged into one object when no validation keyword appears in both, and
 *  `additionalProperties` on one side does not meet `properties` on the other (it depends on them). */
export function canMerge(a: JsonSchemaObject, b: JsonSchemaObject): boolean {
  const ka = validationKeywords(a);
  const kb = validationKeywords(b);
  if (ka.some((k) => kb.includes(k))) return false;
  const crosses = (x: string[], y: string[]) => x.includes("additionalProperties") && y.includes("properties");
  return !crosses(ka, kb) && !crosses(kb, ka);
}

export function mergeSchemas(a: JsonSchemaObject, b: JsonSchemaObject): JsonSchemaObject {
  const merged: Record<string, unknown> = {};
  for (const s of [a, b]) for (const k of validationKeywords(s)) merged[k] = s[k];
  return merged;
}
