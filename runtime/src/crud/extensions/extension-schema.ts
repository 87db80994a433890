import { createHash } from "node:crypto";
import type { EntityRegistry, FilterOperator } from "../../../../engine/src/contract/registry-types.ts";
import type { FieldError } from "../../http/problem.ts";
import type { ValueType } from "../model/types.ts";

/**
 * A tenant's extra fields for one entity: `{ properties: { name: scalar schema }, required }`.
 * Values live in the row's `ext` JSONB (or a draft's `data`); this module checks definitions
 * and derives what the query compiler needs from them.
 */
export interface ExtensionSchema {
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly required?: readonly string[];
}

export interface ExtensionProperty {
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly required: boolean;
  readonly valueType: ValueType;
  readonly array: boolean;
  readonly enumValues: readonly (string | number)[] | null;
  readonly ops: readonly FilterOperator[];
  readonly sortable: boolean;
}

export interface ExtensionDef {
  /** Content hash: part of every cache key that depends on the definition. */
  readonly hash: string;
  readonly schema: ExtensionSchema;
  readonly properties: readonly ExtensionProperty[];
}

const NAME = /^[a-z][A-Za-z0-9]{0,39}$/;
const MAX_PROPERTIES = 50;
const FORMATS = ["email", "uri", "date", "date-time", "uuid", "phone", "time", "hostname", "ipv4", "ipv6"];
const ANNOTATIONS = ["x-label", "description", "title"];
const NUMERIC = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const KEYWORDS: Record<string, readonly string[]> = {
  string: ["type", "format", "minLength", "maxLength", "default"],
  integer: ["type", ...NUMERIC, "default"],
  number: ["type", ...NUMERIC, "default"],
  boolean: ["type", "default"],
  enum: ["type", "enum", "default"],
  array: ["type", "items", "minItems", "maxItems", "uniqueItems", "default"],
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100_000;

/**
 * Checks a definition sent by a tenant admin; field errors point under `/body`. `systemColumns`:
 * the generated registry's (every record key the platform owns, whatever the entity); `data`
 * (a draft record's JSONB column) is reserved too.
 */
export function checkExtensionSchema(
  value: unknown,
  entity: EntityRegistry,
  systemColumns: readonly { readonly name: string }[],
): FieldError[] {
  const errors: FieldError[] = [];
  const at = (pointer: string, message: string) => errors.push({ pointer: `/body${pointer}`, message });
  if (!isObject(value)) return [{ pointer: "/body", message: "must be an object" }];
  for (const key of Object.keys(value))
    if (key !== "properties" && key !== "required") at(`/${key}`, "is not a known field");
  const properties = value.properties ?? {};
  if (!isObject(properties)) {
    at("/properties", "must be an object");
    return errors;
  }
  const names = Object.keys(properties);
  if (names.length > MAX_PROPERTIES) at("/properties", `must have at most ${MAX_PROPERTIES} fields`);
  const taken = new Set([
    ...systemColumns.map((c) => c.name),
    "data",
    ...entity.fields.map((f) => f.name),
    ...entity.relations.flatMap((r) => [r.name, r.foreignKey ?? ""]),
  ]);
  for (const name of names) {
    if (!NAME.test(name)) at(`/properties/${name}`, "name must be camelCase letters and digits (at most 40)");
    else if (taken.has(name)) at(`/properties/${name}`, "collides with a field of the entity");
    // `toString`, `constructor`…: records are plain objects, and the serializer would read the inherited member.
    else if (name in Object.prototype) at(`/properties/${name}`, "is a reserved name");
    checkProperty(properties[name], `/properties/${name}`, false, at);
  }
  if (value.required !== undefined) {
    const required = value.required;
    if (!Array.isArray(required)) at("/required", "must be an array");
    else {
      required.forEach((name, i) => {
        if (typeof name !== "string" || !names.includes(name)) at(`/required/${i}`, "must name one of the properties");
        else if (required.indexOf(name) !== i) at(`/required/${i}`, "is listed twice");
      });
    }
  }
  return errors;
}

function checkProperty(schema: unknown, pointer: string, isItem: boolean, at: (p: string, m: string) => void): void {
  if (!isObject(schema)) return at(pointer, "must be a JSON Schema object");
  const kind = propertyKind(schema);
  if (!kind || (isItem && kind === "array")) {
    return at(
      `${pointer}/type`,
      `must be one of: string, integer, number, boolean${isItem ? "" : ", array"} (or an enum)`,
    );
  }
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS[kind].includes(key) && !ANNOTATIONS.includes(key))
      at(`${pointer}/${key}`, `is not supported for ${kind} fields`);
  }
  const label = schema["x-label"];
  if (
    label !== undefined &&
    typeof label !== "string" &&
    !(isObject(label) && Object.values(label).every((v) => typeof v === "string"))
  ) {
    at(`${pointer}/x-label`, "must be a string or an object of strings per locale");
  }
  for (const key of ["description", "title"])
    if (schema[key] !== undefined && typeof schema[key] !== "string") at(`${pointer}/${key}`, "must be a string");
  if (schema.format !== undefined && !FORMATS.includes(schema.format as string))
    at(`${pointer}/format`, `must be one of: ${FORMATS.join(", ")}`);
  for (const key of ["minLength", "maxLength", "minItems", "maxItems"])
    if (schema[key] !== undefined && !isCount(schema[key]))
      at(`${pointer}/${key}`, "must be an integer from 0 to 100000");
  for (const key of NUMERIC)
    if (schema[key] !== undefined && (typeof schema[key] !== "number" || !Number.isFinite(schema[key])))
      at(`${pointer}/${key}`, "must be a number");
  if (typeof schema.multipleOf === "number" && schema.multipleOf <= 0)
    at(`${pointer}/multipleOf`, "must be greater than 0");
  if (schema.uniqueItems !== undefined && typeof schema.uniqueItems !== "boolean")
    at(`${pointer}/uniqueItems`, "must be a boolean");
  if (kind === "enum") {
    const values = schema.enum;
    if (!Array.isArray(values) || values.length === 0 || values.length > 200)
      return at(`${pointer}/enum`, "must be a list of 1 to 200 values");
    const allStrings = values.every((v) => typeof v === "string" && v.length <= 200);
    const allNumbers = values.every((v) => typeof v === "number" && Number.isFinite(v));
    if (!allStrings && !allNumbers) at(`${pointer}/enum`, "must be all strings or all numbers");
    if (new Set(values).size !== values.length) at(`${pointer}/enum`, "must not repeat values");
    const types = allNumbers ? (values.every(Number.isInteger) ? ["integer", "number"] : ["number"]) : ["string"];
    if (schema.type !== undefined && !types.includes(schema.type as string))
      at(`${pointer}/type`, "does not match the enum values");
  }
  if (kind === "array") {
    if (schema.items === undefined) at(`${pointer}/items`, "is required");
    else checkProperty(schema.items, `${pointer}/items`, true, at);
  }
}

type PropertyKind = "string" | "integer" | "number" | "boolean" | "enum" | "array";

function propertyKind(schema: Record<string, unknown>): PropertyKind | null {
  if (schema.enum !== undefined) return "enum";
  const type = schema.type;
  return typeof type === "string" && type in KEYWORDS && type !== "enum" ? (type as PropertyKind) : null;
}

/** Filter operators per kind, as the registry gives template fields (extension values may be absent: isNull). */
function operators(kind: PropertyKind, valueType: ValueType): FilterOperator[] {
  if (kind === "array") return ["has", "hasSome"];
  if (kind === "boolean") return ["eq", "ne", "isNull"];
  if (kind === "enum") return ["eq", "ne", "in", "nin", "isNull"];
  if (kind === "integer" || kind === "number")
    return ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "between", "isNull"];
  if (valueType === "date" || valueType === "datetime")
    return ["eq", "ne", "gt", "gte", "lt", "lte", "between", "isNull"];
  if (valueType === "uuid") return ["eq", "ne", "in", "nin", "isNull"];
  return ["eq", "ne", "in", "nin", "contains", "startsWith", "isNull"];
}

function scalarValueType(schema: Record<string, unknown>): ValueType {
  const kind = propertyKind(schema);
  if (kind === "enum") return (schema.enum as unknown[]).every((v) => typeof v === "number") ? "number" : "text";
  if (kind === "integer" || kind === "number" || kind === "boolean") return kind;
  if (schema.format === "date") return "date";
  if (schema.format === "date-time") return "datetime";
  if (schema.format === "uuid") return "uuid";
  return "text";
}

/** A checked definition → the compiler's view of it (null when it defines nothing). */
export function extensionDef(schema: ExtensionSchema): ExtensionDef | null {
  const names = Object.keys(schema.properties ?? {});
  if (names.length === 0) return null;
  const required = new Set(schema.required ?? []);
  const properties = names.map((name): ExtensionProperty => {
    const property = schema.properties[name] as Record<string, unknown>;
    const kind = propertyKind(property)!;
    const item = kind === "array" ? (property.items as Record<string, unknown>) : property;
    const valueType = scalarValueType(item);
    return {
      name,
      schema: property,
      required: required.has(name),
      valueType,
      array: kind === "array",
      enumValues: Array.isArray(item.enum) ? (item.enum as (string | number)[]) : null,
      ops: operators(kind, valueType),
      sortable: kind !== "array",
    };
  });
  const hash = createHash("sha1").update(JSON.stringify(schema)).digest("hex").slice(0, 16);
  return { hash, schema, properties };
}
