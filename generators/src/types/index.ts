import { perTemplatePlugin } from "../plugin.ts";
import { entityTypesFile } from "./emit-entity-types.ts";

/** `@core/types`: TypeScript record interfaces (`<Entity>Create`, `<Entity>Update`, `<Entity>`) per template. */
export const typesPlugin = perTemplatePlugin(
  { name: "@core/types", statusText: "Generating TypeScript types" },
  (t) => ({
    [`${t.id}/types.ts`]: entityTypesFile(t),
  }),
);
