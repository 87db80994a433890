import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { defaultLocales, entityLabel, pickLabel } from "../forms/localized-label.ts";
import type { ProblemResponse } from "./problem-schema.ts";
import { listParameters, readParameters } from "./query-parameters.ts";

/** Base path of the generic CRUD API; the runtime serves every entity under it. */
export const ENTITIES_BASE_PATH = "/api/v1/tenant/entities";

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: schemaRef(name) } });
const problems = (...names: ProblemResponse[]) =>
  Object.fromEntries(names.map((name) => [STATUS[name], { $ref: `#/components/responses/${name}` }]));

const STATUS: Record<ProblemResponse, string> = {
  BadRequest: "400",
  Unauthorized: "401",
  Forbidden: "403",
  NotFound: "404",
  Conflict: "409",
};

/** The two path items of one entity: the collection and a record. */
export function entityPaths(template: TemplateIR, entity: EntityIR): Record<string, unknown> {
  const locales = defaultLocales(template);
  const model = entity.modelName;
  const one = entityLabel(entity, locales);
  const many = pickLabel(entity.pluralLabel, locales) ?? one;
  const tags = [model];
  // A unique field or index can reject a write that is otherwise valid.
  const conflict: ProblemResponse[] =
    entity.fields.some((f) => f.unique) || entity.indexes.some((i) => i.unique) ? ["Conflict"] : [];
  // Deleting a record that restrict-relations still point at is refused.
  const referenced: ProblemResponse[] = template.entities.some((e) =>
    e.relations.some((r) => r.target === entity.name && r.kind === "many-to-one" && r.onDelete === "restrict"),
  )
    ? ["Conflict"]
    : [];
  const collection = `${ENTITIES_BASE_PATH}/${entity.apiName}`;
  return {
    [collection]: {
      get: {
        operationId: `list${model}`,
        summary: `List ${many}`,
        tags,
        parameters: listParameters(entity),
        responses: {
          "200": { description: `A page of ${many}.`, content: json(`${model}List`) },
          ...problems("BadRequest", "Unauthorized", "Forbidden"),
        },
      },
      post: {
        operationId: `create${model}`,
        summary: `Create ${one}`,
        tags,
        requestBody: { required: true, content: json(`${model}Create`) },
        responses: {
          "201": { description: `The created ${one}.`, content: json(model) },
          ...problems("BadRequest", "Unauthorized", "Forbidden", ...conflict),
        },
      },
    },
    [`${collection}/{id}`]: {
      parameters: [{ $ref: "#/components/parameters/Id" }],
      get: {
        operationId: `get${model}`,
        summary: `Get ${one}`,
        tags,
        parameters: readParameters(entity),
        responses: {
          "200": { description: `The ${one}.`, content: json(model) },
          ...problems("BadRequest", "Unauthorized", "Forbidden", "NotFound"),
        },
      },
      patch: {
        operationId: `update${model}`,
        summary: `Update ${one}`,
        description: "Merge patch: properties left out keep their value; `null` clears a nullable one.",
        tags,
        requestBody: { required: true, content: json(`${model}Update`) },
        responses: {
          "200": { description: `The updated ${one}.`, content: json(model) },
          ...problems("BadRequest", "Unauthorized", "Forbidden", "NotFound", ...conflict),
        },
      },
      delete: {
        operationId: `delete${model}`,
        summary: `Delete ${one}`,
        ...(entity.softDelete
          ? { description: "Soft delete: sets `deletedAt`; the record disappears from reads." }
          : {}),
        tags,
        responses: {
          "204": { description: "Deleted." },
          ...problems("Unauthorized", "Forbidden", "NotFound", ...referenced),
        },
      },
    },
  };
}
