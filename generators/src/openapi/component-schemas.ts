import { searchKind } from "../../../engine/src/contract/search.ts";
import type { MediaSpec } from "../../../engine/src/contract/media.ts";
import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema, type RecordSchemaMode } from "../../../engine/src/index.ts";
import { defaultLocales, entityLabel, pickLabel } from "../forms/localized-label.ts";
import { withNestedTitles } from "../forms/nested-titles.ts";
import { entityFilterSchema } from "./filter-schema.ts";
import { PROBLEM_SCHEMA } from "./problem-schema.ts";

type SchemaObject = Record<string, unknown>;

/**
 * `components.schemas` of one entity: `<Model>Create`, `<Model>Update`, `<Model>` (output),
 * `<Model>Read` (a row as list and get return it: sparse with `fields`, relations embedded with
 * `include`), `<Model>List`, `<Model>Filter`, `<Model>BulkRequest` and `<Model>BulkResult`. The record schemas are entityRecordSchema's, with only a
 * `description` added, so the runtime can validate with these very schemas.
 */
export function entityComponentSchemas(template: TemplateIR, entity: EntityIR): Record<string, SchemaObject> {
  const model = entity.modelName;
  const label = entityLabel(entity, defaultLocales(template));
  const described = (mode: RecordSchemaMode, text: string): SchemaObject => ({
    description: text,
    ...withValueLabels(entityRecordSchema(entity, mode), entity, template),
  });
  const about = pickLabel(entity.description, defaultLocales(template));
  const update = withValueLabels(entityRecordSchema(entity, "update"), entity, template);
  return {
    [`${model}Create`]: described("create", `${label}: request body of create.`),
    [`${model}Update`]: described("update", `${label}: request body of update; every property optional.`),
    [model]: described("output", about ? `${label}: ${about}` : `${label} record.`),
    [`${model}Read`]: readSchema(template, entity, label),
    [`${model}List`]: {
      description: `Page of ${label} records.`,
      type: "object",
      required: ["data", "page"],
      additionalProperties: false,
      properties: {
        data: { type: "array", items: { $ref: `#/components/schemas/${model}Read` } },
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
      description: `Filters of the ${label} list: \`filter[field:op]=value\` (or \`filter[field][op]=value\`); \`filter[field]=value\` is \`eq\`.`,
      ...entityFilterSchema(entity),
    },
    [`${model}BulkRequest`]: {
      description: `Creates, updates (each with its \`id\`) and deletes (ids) of ${label} records, at least one and at most 500 items in all.`,
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      properties: {
        create: { type: "array", maxItems: 500, items: { $ref: `#/components/schemas/${model}Create` } },
        update: {
          type: "array",
          maxItems: 500,
          items: {
            ...update,
            required: ["id"],
            properties: { id: UUID, ...(update.properties as SchemaObject) },
          },
        },
        delete: { type: "array", maxItems: 500, items: UUID },
      },
    },
    [`${model}BulkResult`]: {
      description: `One result per item of a ${label} bulk request: creates, then updates, then deletes.`,
      type: "object",
      required: ["results", "succeeded", "failed"],
      additionalProperties: false,
      properties: {
        results: {
          type: "array",
          items: {
            type: "object",
            required: ["op", "index", "status"],
            additionalProperties: false,
            properties: {
              op: { enum: ["create", "update", "delete"] },
              index: { type: "integer", minimum: 0, description: "Position of the item in its list." },
              status: { type: "integer", description: "201, 200 or 204 when it worked; else the problem's status." },
              id: UUID,
              record: { $ref: `#/components/schemas/${model}` },
              code: { type: "string", description: "Problem code of a failed item." },
              errors: PROBLEM_SCHEMA.properties.errors,
            },
          },
        },
        succeeded: { type: "integer", minimum: 0 },
        failed: { type: "integer", minimum: 0 },
      },
    },
  };
}

const UUID = { type: "string", format: "uuid" };

/**
 * A row as list and get return it: the output's properties, only `id` guaranteed (`fields`
 * selects the rest), plus each relation `include` can embed, typed with the related `Read`.
 */
/**
 * Enum properties whose template labels their values get a description listing value → label
 * in the default locale (`Values: draft = Draft, published = Published`): annotation only, so
 * the schema still validates exactly what it did.
 */
function withValueLabels<T extends SchemaObject>(schema: T, entity: EntityIR, template: TemplateIR): T {
  const properties = schema.properties as Record<string, SchemaObject> | undefined;
  if (!properties) return schema;
  const locales = defaultLocales(template);
  let next: Record<string, SchemaObject> | null = null;
  for (const field of entity.fields) {
    if (!properties[field.name] || !Object.keys(field.nestedLabels).length) continue;
    next ??= { ...properties };
    next[field.name] = withNestedTitles(properties[field.name], field, locales) as SchemaObject;
  }
  for (const field of entity.fields) {
    const property = next?.[field.name] ?? properties[field.name];
    if (!property || !field.enumValues || !Object.keys(field.enumLabels).length) continue;
    const pairs = field.enumValues.map((value) => {
      const label = field.enumLabels[String(value)];
      const text = label ? pickLabel(label, locales) : undefined;
      return text ? `${value} = ${text}` : String(value);
    });
    next ??= { ...properties };
    const { description, ...rules } = property;
    const before = typeof description === "string" ? `${description} ` : "";
    next[field.name] = { description: `${before}Values: ${pairs.join(", ")}.`, ...rules };
  }
  for (const field of entity.fields) {
    const property = next?.[field.name] ?? properties[field.name];
    if (!property || !field.media) continue;
    next ??= { ...properties };
    const { description, ...rules } = property;
    const before = typeof description === "string" ? `${description} ` : "";
    next[field.name] = { description: `${before}${mediaDescription(field.media)}`, ...rules };
  }
  return next ? { ...schema, properties: next } : schema;
}

/** What a media field holds and accepts, in words (annotation only). */
function mediaDescription(media: MediaSpec): string {
  const what = media.multiple ? `Up to ${media.maxCount} media ids` : "A media id";
  const variants = media.variants.length
    ? ` Variants: ${media.variants.map((v) => `${v.name} ${v.width}px`).join(", ")} (${media.formats.join(", ")}).`
    : "";
  return (
    `${what} (${media.kind}s uploaded with POST /api/v1/tenant/media: ${media.accept.join(", ")}, ` +
    `at most ${media.maxBytes} bytes each, ${media.visibility}).${variants}`
  );
}

function readSchema(template: TemplateIR, entity: EntityIR, label: string): SchemaObject {
  const output = withValueLabels(entityRecordSchema(entity, "output"), entity, template);
  const properties: Record<string, unknown> = { ...(output.properties as SchemaObject) };
  for (const relation of entity.relations) {
    const target = template.entities.find((e) => e.name === relation.target);
    if (!target) continue;
    const ref = { $ref: `#/components/schemas/${target.modelName}Read` };
    properties[relation.name] =
      relation.kind === "many-to-one" || relation.oneToOne
        ? {
            description: `With \`include=${relation.name}\`: the related record, or null.`,
            anyOf: [ref, { type: "null" }],
          }
        : {
            description: `With \`include=${relation.name}\`: the related records (at most 50).`,
            type: "array",
            items: ref,
          };
  }
  if (entity.fields.some((f) => searchKind(f) !== null))
    properties._highlight = {
      description:
        "Lists with `q` and `highlight=true` only: field → snippet of a searchable field whose words matched (matches in `<b>`…`</b>`; the text is not HTML-escaped).",
      type: "object",
      additionalProperties: { type: "string" },
    };
  return {
    description: `${label} as read: every property unless \`fields\` selects some (\`id\` always), and the relations \`include\` names.`,
    type: "object",
    required: ["id"],
    additionalProperties: false,
    properties,
  };
}
