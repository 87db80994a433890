import type { EntityIR, JsonSchema } from "./types.ts";

/**
 * The three JSON Schemas of an entity's records. The Zod validators, the OpenAPI components,
 * the form specs and the runtime's Ajv all derive from these, so they cannot disagree.
 */
export type RecordSchemaMode = "create" | "update" | "output";

type SchemaObject = { [keyword: string]: unknown };

const UUID: SchemaObject = { type: "string", format: "uuid" };
const DATE_TIME: SchemaObject = { type: "string", format: "date-time" };

export function entityRecordSchema(entity: EntityIR, mode: RecordSchemaMode): SchemaObject {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  if (mode === "output") {
    properties.id = UUID;
    required.push("id");
    if (entity.scope === "account") properties.accountId = UUID;
    if (entity.scope === "user") properties.userId = UUID;
    if (entity.scope !== "tenant") required.push(`${entity.scope}Id`);
  }
  for (const field of entity.fields) {
    if (mode !== "output" && (field.readOnly || field.computed !== null)) continue;
    const schema = mode === "update" ? withoutDefault(field.schema) : field.schema;
    // Arrays are stored NOT NULL with an empty default, so they are always present.
    const alwaysSet = field.required || field.default !== undefined || field.kind === "array";
    // An optional field's column is nullable: read back as null when unset, cleared by `null` in an update.
    properties[field.name] = outputTolerant(schema, (mode === "output" || mode === "update") && !alwaysSet);
    if (mode === "create" && field.required && field.default === undefined) required.push(field.name);
    // Hidden fields (a read rule) may be left out of a response, so they are never required.
    if (mode === "output" && alwaysSet && !field.nullable && !field.access?.read) required.push(field.name);
  }
  for (const relation of entity.relations) {
    if (relation.kind !== "many-to-one" || !relation.foreignKey) continue;
    properties[relation.foreignKey] = relation.required ? UUID : { type: ["string", "null"], format: "uuid" };
    if (mode === "create" && relation.required) required.push(relation.foreignKey);
  }
  if (mode === "output") {
    properties.createdAt = DATE_TIME;
    properties.updatedAt = DATE_TIME;
    required.push("createdAt", "updatedAt");
    if (entity.softDelete) properties.deletedAt = { type: ["string", "null"], format: "date-time" };
  }
  return {
    type: "object",
    ...(required.length ? { required } : {}),
    additionalProperties: false,
    properties,
  };
}

/** An optional field read back from a column is `null` when unset, so outputs allow null. */
function outputTolerant(schema: JsonSchema, allowNull: boolean): JsonSchema {
  if (!allowNull || typeof schema === "boolean") return schema;
  const type = schema.type;
  if (type === undefined && Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null] };
  if (type === undefined) return { anyOf: [schema, { type: "null" }] };
  const types = Array.isArray(type) ? type : [type];
  if (types.includes("null")) return schema;
  const { enum: values, ...rest } = schema as SchemaObject;
  return Array.isArray(values)
    ? { ...rest, type: [...types, "null"], enum: [...values, null] }
    : { ...rest, type: [...types, "null"] };
}

/** PATCH never fills defaults: a missing key means "leave as is". */
function withoutDefault(schema: JsonSchema): JsonSchema {
  if (typeof schema === "boolean" || !("default" in schema)) return schema;
  const { default: _dropped, ...rest } = schema;
  return rest;
}
