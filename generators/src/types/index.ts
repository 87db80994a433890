import type { FileMap, GeneratorPlugin } from "../plugin.ts";
import { entityTypesFile } from "./emit-entity-types.ts";

/** `@core/types`: TypeScript record interfaces (`<Entity>Create`, `<Entity>Update`, `<Entity>`) per template. */
export const typesPlugin: GeneratorPlugin = {
  name: "@core/types",
  statusText: "Generating TypeScript types",
  build({ app }): FileMap {
    const files: FileMap = {};
    for (const template of app.templates) files[`${template.id}/types.ts`] = entityTypesFile(template);
    return files;
  },
};
