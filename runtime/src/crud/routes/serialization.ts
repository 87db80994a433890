import type { FieldRegistry } from "../../../../engine/src/contract/registry-types.ts";
import type { EntityView } from "../model/types.ts";

type Schema = Record<string, unknown>;

const nullable = (type: string): Schema => ({ type: [type, "null"] });
const ANY: Schema = {};

function fieldSchema(field: FieldRegistry, draft: boolean): Schema {
  switch (field.kind) {
    case "money":
      return { type: ["object", "null"], properties: { amount: { type: "number" }, currency: { type: "string" } } };
    case "measurement":
      return { type: ["object", "null"], properties: { value: { type: "number" }, unit: { type: "string" } } };
    case "json":
      return ANY;
    case "array":
      // Drafts keep whatever JSON was validated when written; columns have one item type.
      return draft ? ANY : { type: "array", items: scalar(field.itemKind, field.enumValues) };
    default:
      return draft ? ANY : nullable(scalar(field.kind, field.enumValues).type as string);
  }
}

function scalar(
  kind: FieldRegistry["itemKind"] | FieldRegistry["kind"],
  enumValues: FieldRegistry["enumValues"],
): Schema {
  if (kind === "integer" || kind === "number" || kind === "boolean")
    return { type: kind === "integer" ? "number" : kind };
  if (kind === "enum" && enumValues?.every((v) => typeof v === "number")) return { type: "number" };
  return { type: "string" };
}

/**
 * The response schema fast-json-stringify compiles for a record of this view: the output
 * schema's keys (plus extension fields and includable relations) with their JSON types and no
 * `required`, so field selection works. Keys not listed (cursor keys) are dropped.
 */
function recordSchema(view: EntityView): Schema {
  const fields = new Map(view.entity.fields.map((f) => [f.name, f]));
  const ext = new Set(view.ext?.properties.map((p) => p.name));
  const properties: Schema = {};
  for (const output of view.outputs) {
    const field = fields.get(output.name);
    properties[output.name] = field
      ? fieldSchema(field, view.storage.kind === "draft")
      : ext.has(output.name)
        ? ANY
        : nullable("string");
  }
  for (const relation of view.entity.relations) properties[relation.name] ??= ANY;
  // `highlight=true` lists: field → snippet (only on entities with search).
  if (view.searchable.length) properties._highlight ??= { type: "object", additionalProperties: { type: "string" } };
  return { type: "object", properties };
}

export interface ViewSchemas {
  readonly record: Schema;
  readonly list: Schema;
  readonly bulk: Schema;
}

const cache = new WeakMap<EntityView, ViewSchemas>();

/** Serialization schemas per view, as stable objects (Fastify caches compiled ones by identity). */
export function viewSchemas(view: EntityView): ViewSchemas {
  let schemas = cache.get(view);
  if (!schemas) {
    const record = recordSchema(view);
    schemas = {
      record,
      list: {
        type: "object",
        properties: {
          data: { type: "array", items: record },
          page: {
            type: "object",
            properties: {
              limit: { type: "integer" },
              offset: { type: "integer" },
              nextCursor: nullable("string"),
              total: { type: "integer" },
            },
          },
        },
      },
      bulk: {
        type: "object",
        properties: {
          results: {
            type: "array",
            items: {
              type: "object",
              properties: {
                op: { type: "string" },
                index: { type: "integer" },
                status: { type: "integer" },
                id: { type: "string" },
                record,
                code: { type: "string" },
                errors: {
                  type: "array",
                  items: { type: "object", properties: { pointer: { type: "string" }, message: { type: "string" } } },
                },
              },
            },
          },
          succeeded: { type: "integer" },
          failed: { type: "integer" },
        },
      },
    };
    cache.set(view, schemas);
  }
  return schemas;
}
