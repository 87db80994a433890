import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema, type RecordSchemaMode } from "../../../engine/src/index.ts";
import { defaultLocales, entityLabel, pickLabel } from "../forms/localized-label.ts";
import { entityFilterSchema } from "./filter-schema.ts";

type SchemaObject = Record<string, unknown>;

/**
 * `components.schemas` of one entity: `<Model>Create`, `<Model>Update`, `<Model>` (output),
 * `<Model>List` and `<Model>Filter`. The record schemas are entityRecordSchema's, with only a
 * `description` added, so the runtime can validate with these very schemas.
 */
export function entityComponentSchemas(template: TemplateIR, entity: EntityIR): Record<string, SchemaObject> {
  const model = entity.modelName;
  const label = entityLabel(entity, defaultLocales(template));
  const described = (mode: RecordSchemaMode, text: string): SchemaObject => ({
    description: text,
    ...entityRecordSchema(entity, mode),
  });
  const about = pickLabel(entity.description, defaultLocales(template));
  return {
    [`${model}Create`]: described("create", `${label}: request body of create.`),
    [`${model}Update`]: described("update", `${label}: request body of update; every property optional.`),
    [model]: described("output", about ? `${label}: ${about}` : `${label} record.`),
    [`${model}List`]: {
      description: `Page of ${label} records.`,
      type: "object",
      required: ["data", "page"],
      additionalProperties: false,
      properties: {
        data: { type: "array", items: { $ref: `#/components/schemas/${model}` } },
        page: {
          type: "object",
          required: ["limit", "nextCursor"],
          additionalProperties: false,
          properties: {
            limit: { type: "integer", minimum: 1 },
            offset: { type: "integer", minimum: 0, description: "Present with offset pagination." },
            nextCursor: { type: ["string", "null"], description: "Cursor of the next page; null on the last page." },
            total: {
              type: "integer",
              minimum: 0,
              description: "Matching records, when the client asked for a count (`total=true`).",
            },
          },
        },
      },
    },
    [`${model}Filter`]: {
      description: `Filters of the ${label} list: \`filter[field][op]=value\`.`,
      ...entityFilterSchema(entity),
    },
  };
}
