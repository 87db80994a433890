import { jsonText } from "../file-map.ts";
import { perTemplatePlugin } from "../plugin.ts";
import { buildOpenApiDocument } from "./build-openapi-document.ts";

/** `@core/openapi`: an OpenAPI 3.1 document of each template's generic CRUD API. */
export const openapiPlugin = perTemplatePlugin(
  { name: "@core/openapi", statusText: "Generating OpenAPI documents" },
  (t) => ({
    [`${t.id}/openapi.json`]: jsonText(buildOpenApiDocument(t)),
  }),
);
