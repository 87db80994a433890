import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** A generated per-template OpenAPI document (components + paths), keyed by template id. */
export type OpenApiDocuments = Record<
  string,
  { paths?: Record<string, unknown>; components?: Record<string, Record<string, unknown>> }
>;

/** The parts of an OpenAPI document the merge touches. */
interface OpenApiObject {
  paths?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * /openapi.json: the routes Fastify knows (platform, health) plus every template's generated
 * entity paths and component schemas, the same schemas that validate requests.
 */
export const openapiPlugin = fp(
  async (app: FastifyInstance, options: { documents: OpenApiDocuments }) => {
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "Mono marketplace API",
          version: "1.0.0",
          description: "Generic multi-tenant marketplace API generated from industry templates.",
        },
        components: { securitySchemes: { adminToken: { type: "http", scheme: "bearer" } } },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
      transformObject: (document) =>
        mergeDocuments((document as { openapiObject: OpenApiObject }).openapiObject, options.documents) as never,
    });
    await app.register(swaggerUi, { routePrefix: "/docs" });
    app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  },
  { name: "mono-openapi" },
);

function mergeDocuments(base: OpenApiObject, documents: OpenApiDocuments): OpenApiObject {
  const doc = {
    ...base,
    paths: { ...base.paths },
    components: { ...base.components } as Record<string, Record<string, unknown>>,
  };
  for (const id of Object.keys(documents).sort()) {
    const part = documents[id];
    Object.assign(doc.paths, part.paths ?? {});
    for (const [section, entries] of Object.entries(part.components ?? {})) {
      doc.components[section] = { ...(doc.components[section] ?? {}), ...entries };
    }
  }
  return doc;
}
