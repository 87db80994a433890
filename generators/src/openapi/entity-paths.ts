import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import {
  forSafeMethod,
  headerRef,
  problems,
  TENANT_AUTH_OPTIONAL,
} from "../../../engine/src/contract/openapi-common.ts";
import { defaultLocales, entityLabel, pickLabel } from "../forms/localized-label.ts";
import type { ProblemResponse } from "./problem-schema.ts";
import { isTranslated, listParameters, localeParameters, readParameters } from "./query-parameters.ts";

/** Base path of the generic CRUD API; the runtime serves every entity under it. */
export const ENTITIES_BASE_PATH = "/api/v1/tenant/entities";

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: schemaRef(name) } });

/** Answered by any route: an unknown tenant (404), the rate limiter (429), oversized headers (431). */
const EVERY: ProblemResponse[] = [
  "BadRequest",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "TooManyRequests",
  "HeadersTooLarge",
];
/** Answered by routes with a JSON body. */
const WITH_BODY: ProblemResponse[] = ["PayloadTooLarge", "UnsupportedMediaType"];

/** The three path items of one entity: the collection, its bulk endpoint and a record. */
export function entityPaths(template: TemplateIR, entity: EntityIR): Record<string, unknown> {
  const locales = defaultLocales(template);
  const model = entity.modelName;
  const one = entityLabel(entity, locales);
  const many = pickLabel(entity.pluralLabel, locales) ?? one;
  const tags = [model];
  const security = TENANT_AUTH_OPTIONAL;
  const readSecurity = forSafeMethod(TENANT_AUTH_OPTIONAL);
  // A unique field or index, or an exclusion (no overlapping ranges), can reject a write that is otherwise valid.
  const conflict: ProblemResponse[] =
    entity.fields.some((f) => f.unique) || entity.indexes.some((i) => i.unique) || entity.exclusions.length > 0
      ? ["Conflict"]
      : [];
  // Deleting a record that restrict-relations still point at is refused.
  const referenced: ProblemResponse[] = template.entities.some((e) =>
    e.relations.some((r) => r.target === entity.name && r.kind === "many-to-one" && r.onDelete === "restrict"),
  )
    ? ["Conflict"]
    : [];
  // A foreign key naming no record of the tenant is a 422.
  const refs: ProblemResponse[] = entity.relations.some((r) => r.kind === "many-to-one") ? ["Unprocessable"] : [];
  const collection = `${ENTITIES_BASE_PATH}/${entity.apiName}`;
  const headers = [headerRef("XTenant"), headerRef("XAccountId")];
  // Entities with translatable fields take `locale` on every operation with records, and say which one they answered in.
  const writeLocale = isTranslated(entity) ? { parameters: localeParameters(entity) } : {};
  const language = isTranslated(entity)
    ? {
        "Content-Language": {
          description:
            "The locale the translatable fields are in (`locale`, else the tenant's default, else the template's).",
          schema: { type: "string" },
        },
      }
    : null;
  const withLanguage = (response: Record<string, unknown>) =>
    language
      ? { ...response, headers: { ...((response.headers as object | undefined) ?? {}), ...language } }
      : response;
  return {
    [collection]: {
      parameters: headers,
      get: {
        operationId: `list${model}`,
        summary: `List ${many}`,
        tags,
        security: readSecurity,
        parameters: listParameters(entity, template),
        responses: {
          "200": withLanguage({ description: `A page of ${many}.`, content: json(`${model}List`) }),
          ...problems(...EVERY),
        },
      },
      post: {
        operationId: `create${model}`,
        summary: `Create ${one}`,
        tags,
        security,
        ...writeLocale,
        requestBody: { required: true, content: json(`${model}Create`) },
        responses: {
          "201": withLanguage({
            description: `The created ${one}.`,
            headers: { Location: { description: "URL of the new record.", schema: { type: "string" } } },
            content: json(model),
          }),
          ...problems(...EVERY, ...conflict, ...WITH_BODY, ...refs),
        },
      },
    },
    [`${collection}/bulk`]: {
      parameters: headers,
      post: {
        operationId: `bulk${model}`,
        summary: `Create, update and delete ${many} in one request`,
        description:
          "One transaction; each item in its own savepoint: a bad item is rolled back alone and reported with its status and pointers under `/body/{op}/{index}`.",
        tags,
        security,
        ...writeLocale,
        requestBody: { required: true, content: json(`${model}BulkRequest`) },
        responses: {
          "200": withLanguage({ description: "One result per item.", content: json(`${model}BulkResult`) }),
          ...problems(...EVERY, ...WITH_BODY),
        },
      },
    },
    [`${collection}/{id}`]: {
      parameters: [{ $ref: "#/components/parameters/Id" }, ...headers],
      get: {
        operationId: `get${model}`,
        summary: `Get ${one}`,
        tags,
        security: readSecurity,
        parameters: readParameters(entity),
        responses: {
          "200": withLanguage({ description: `The ${one}.`, content: json(`${model}Read`) }),
          ...problems(...EVERY),
        },
      },
      patch: {
        operationId: `update${model}`,
        summary: `Update ${one}`,
        description: "Merge patch: properties left out keep their value; `null` clears an optional one.",
        tags,
        security,
        ...writeLocale,
        requestBody: { required: true, content: json(`${model}Update`) },
        responses: {
          "200": withLanguage({ description: `The updated ${one}.`, content: json(model) }),
          ...problems(...EVERY, ...conflict, ...WITH_BODY, ...refs),
        },
      },
      delete: {
        operationId: `delete${model}`,
        summary: `Delete ${one}`,
        ...(entity.softDelete
          ? { description: "Soft delete: sets `deletedAt`; the record disappears from reads." }
          : {}),
        tags,
        security,
        responses: {
          "204": { description: "Deleted." },
          ...problems(...EVERY, ...referenced),
        },
      },
    },
  };
}
