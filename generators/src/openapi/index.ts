import { jsonText } from "../file-map.ts";
import type { FileMap, GeneratorPlugin } from "../plugin.ts";
import { buildOpenApiDocument } from "./build-openapi-document.ts";

/** `@core/openapi`: an OpenAPI 3.1 document of each template's generic CRUD API. */
export const openapiPlugin: GeneratorPlugin = {
  name: "@core/openapi",
  statusText: "Generating OpenAPI documents",
  build({ app }): FileMap {
    const files: FileMap = {};
    for (const template of app.templates) files[`${template.id}/openapi.json`] = jsonText(buildOpenApiDocument(template));
    return files;
  },
};
