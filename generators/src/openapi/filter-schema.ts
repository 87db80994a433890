import type { EntityIR, FieldIR } from "../../../engine/src/index.ts";
import { fieldFilterOperators, foreignKeyFilterOperators } from "../registry/query-capabilities.ts";
import type { FilterOperator } from "../../../engine/src/contract/registry-types.ts";
import { systemColumns } from "../registry/system-columns.ts";

type SchemaObject = Record<string, unknown>;

const UUID = { type: "string", format: "uuid" };
const DATE_TIME = { type: "string", format: "date-time" };

/**
 * `<Model>Filter`: the shape of the `filter` deepObject parameter, one level deep as OpenAPI
 * describes deepObject: `filter[field:op]=value`, and `filter[field]=value` for `eq`. (The
 * server also takes `filter[field][op]=value`.) Operators come from the registry's query
 * capabilities, which the runtime enforces.
 */
export function entityFilterSchema(entity: EntityIR): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const column of systemColumns(entity)) {
    if (column.filterOps.length)
      properties[column.name] = operatorObject(column.filterOps, column.pgType === "uuid" ? UUID : DATE_TIME);
  }
  for (const field of entity.fields) {
    const ops = fieldFilterOperators(field);
    const value = filterValueSchema(field);
    if (ops.length && value) properties[field.name] = operatorObject(ops, value);
  }
  for (const relation of entity.relations) {
    if (relation.kind === "many-to-one" && relation.foreignKey)
      properties[relation.foreignKey] = operatorObject(foreignKeyFilterOperators(relation), UUID);
  }
  return {
    type: "object",
    additionalProperties: false,
    properties: flatten(properties),
    ...relationFilterPatterns(entity),
  };
}

/** The operators a filter through relations takes (the related field's kind decides which apply). */
const RELATION_FILTER_OPS = [
  "eq",
  "ne",
  "in",
  "nin",
  "contains",
  "startsWith",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "has",
  "hasSome",
  "isNull",
];

/**
 * Filters through up to three relations (`category.slug`, `model.agency.name:eq`), starting at one
 * of the entity's relations: one pattern, since listing every path would multiply the document.
 * Whether the path and its field exist, and the operator fits the field, the server checks (400).
 */
function relationFilterPatterns(entity: EntityIR): { patternProperties?: Record<string, SchemaObject> } {
  const names = entity.relations.map((r) => r.name);
  if (!names.length) return {};
  const pattern = `^(${names.join("|")})(\\.[A-Za-z][A-Za-z0-9]*){1,3}(:(${RELATION_FILTER_OPS.join("|")}))?$`;
  return {
    patternProperties: {
      [pattern]: {
        type: "string",
        description:
          "A filter through relations: `<relation>.<field>` (up to three relations before the field), " +
          "optionally `:<operator>`; the value is typed as the related field's. Only related records the caller may read count.",
      },
    },
  };
}

/** `{ field: { op: value } }` → `{ field: eq value, "field:op": value }`. */
function flatten(nested: Record<string, SchemaObject>): Record<string, SchemaObject> {
  const flat: Record<string, SchemaObject> = {};
  for (const [field, ops] of Object.entries(nested)) {
    const byOp = ops.properties as Record<string, SchemaObject>;
    if (byOp.eq) flat[field] = byOp.eq;
    for (const [op, value] of Object.entries(byOp)) flat[`${field}:${op}`] = value;
  }
  return flat;
}

function operatorObject(ops: readonly FilterOperator[], value: SchemaObject): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  for (const op of ops) properties[op] = operatorValue(op, value);
  return { type: "object", additionalProperties: false, properties };
}

/** Query values are text: lists are comma-separated, `between` is `low,high`, `isNull` a boolean. */
function operatorValue(op: FilterOperator, value: SchemaObject): SchemaObject {
  if (op === "isNull") return { type: "boolean" };
  if (op === "in" || op === "nin" || op === "hasSome")
    return { type: "string", description: "Comma-separated values." };
  if (op === "between") return { type: "string", description: "Inclusive range: `low,high`." };
  return value;
}

/** The bare type one filter value has (an array field's item type for `has`): no limits, no null. */
export function filterValueSchema(field: FieldIR): SchemaObject | null {
  const kind = field.kind === "array" ? field.itemKind : field.kind;
  switch (kind) {
    case "string":
      return field.format === "date" || field.format === "date-time" || field.format === "uuid"
        ? { type: "string", format: field.format }
        : { type: "string" };
    case "integer":
    case "number":
    case "boolean":
      return { type: kind };
    case "enum":
      return { enum: [...(field.enumValues ?? [])] };
    default:
      return null;
  }
}
