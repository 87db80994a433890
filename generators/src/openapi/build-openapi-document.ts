import type { TemplateIR } from "../../../engine/src/index.ts";
import { defaultLocales, entityLabel, pickLabel } from "../forms/localized-label.ts";
import { entityComponentSchemas } from "./component-schemas.ts";
import { entityPaths } from "./entity-paths.ts";
import { PROBLEM_SCHEMA, problemResponses } from "./problem-schema.ts";
import { entityParameters, sharedParameters } from "./query-parameters.ts";
import { HEADER_PARAMETERS, SECURITY_SCHEMES, SERVERS } from "../../../engine/src/contract/openapi-common.ts";

/**
 * One template's OpenAPI 3.1 document. The runtime merges these into its served document:
 * shared components (`Problem`, `Limit`, …) are identical in every template, model names carry
 * the template prefix, so merging never clashes on components.
 */
export function buildOpenApiDocument(template: TemplateIR): Record<string, unknown> {
  const locales = defaultLocales(template);
  const description = pickLabel(template.description, locales);
  let paths: Record<string, unknown> = {};
  let schemas: Record<string, unknown> = {};
  let parameters: Record<string, unknown> = {};
  for (const entity of template.entities) {
    paths = { ...paths, ...entityPaths(template, entity) };
    schemas = { ...schemas, ...entityComponentSchemas(template, entity) };
    parameters = { ...parameters, ...entityParameters(template, entity) };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: pickLabel(template.title, locales) ?? template.id,
      version: template.version,
      ...(description ? { description } : {}),
      "x-template": template.id,
    },
    servers: SERVERS,
    tags: template.entities.map((entity) => ({
      name: entity.modelName,
      description: pickLabel(entity.pluralLabel, locales) ?? entityLabel(entity, locales),
    })),
    paths,
    components: {
      schemas: { ...schemas, Problem: PROBLEM_SCHEMA },
      parameters: { ...sharedParameters(), ...HEADER_PARAMETERS, ...parameters },
      responses: problemResponses(),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
