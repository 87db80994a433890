import type { FastifyInstance } from "fastify";
import { extensionDef, type ExtensionSchema } from "../crud/extensions/extension-schema.ts";
import { effectiveSchema } from "../crud/validation/record-validators.ts";
import type { OpenApiDocuments } from "./openapi.ts";

/**
 * `GET /api/v1/tenant/openapi.json`: the API one tenant sees — only its installed templates,
 * and every record schema widened by the tenant's extension fields (no migration, no
 * regeneration: the same effective schemas validate its requests).
 */
export async function tenantOpenapiRoutes(app: FastifyInstance, options: { documents: OpenApiDocuments }) {
  app.get("/openapi.json", { config: { tenant: true }, schema: { hide: true } }, async (request) => {
    const tenant = request.tenant!;
    const { rows } = await app.db.query<{ templateId: string; entity: string; schema: ExtensionSchema }>(
      `SELECT "templateId", "entity", "schema" FROM "entity_extension" WHERE "tenantId" = $1`,
      [tenant.id],
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document assembled piece by piece
    const doc: Record<string, any> = {
      openapi: "3.1.0",
      jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
      info: {
        title: `${tenant.name} API`,
        version: [...tenant.templates].map(([id, t]) => `${id}@${t.version}`).join(", ") || "none",
      },
      paths: {},
      components: { schemas: {}, parameters: {}, responses: {} },
    };
    for (const templateId of [...tenant.templates.keys()].sort()) {
      const part = options.documents[templateId];
      const template = app.registry.template(templateId);
      if (!part || !template) continue;
      Object.assign(doc.paths, part.paths ?? {});
      for (const [section, entries] of Object.entries(part.components ?? {}))
        Object.assign((doc.components[section] ??= {}), entries);
      for (const row of rows.filter((r) => r.templateId === templateId)) {
        const entity = template.entities.find((e) => e.name === row.entity);
        const ext = extensionDef(row.schema);
        if (!entity || !ext) continue;
        const schemas = doc.components.schemas;
        schemas[`${entity.modelName}Create`] = {
          ...schemas[`${entity.modelName}Create`],
          ...effectiveSchema(entity, ext, "create"),
        };
        schemas[`${entity.modelName}Update`] = {
          ...schemas[`${entity.modelName}Update`],
          ...effectiveSchema(entity, ext, "update"),
        };
        schemas[entity.modelName] = { ...schemas[entity.modelName], ...effectiveSchema(entity, ext, "output") };
      }
    }
    return doc;
  });
}
