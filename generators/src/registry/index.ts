import type { FileMap, GeneratorPlugin } from "../plugin.ts";
import { registryIndexFile, templateRegistryFile } from "./registry-files.ts";

/** `@core/registry`: the runtime's metadata, one `as const` module per template plus an index. */
export const registryPlugin: GeneratorPlugin = {
  name: "@core/registry",
  statusText: "Generating runtime registry",
  build({ app }): FileMap {
    const files: FileMap = {};
    for (const template of app.templates) files[`${template.id}/registry.ts`] = templateRegistryFile(template);
    files["registry.ts"] = registryIndexFile(app.templates);
    return files;
  },
};
