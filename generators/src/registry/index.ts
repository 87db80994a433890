import { perTemplatePlugin } from "../plugin.ts";
import { registryIndexFile, templateRegistryFile } from "./registry-files.ts";

/** `@core/registry`: the runtime's metadata, one `as const` module per template plus an index. */
export const registryPlugin = perTemplatePlugin(
  {
    name: "@core/registry",
    statusText: "Generating runtime registry",
    app: ({ app }) => ({ "registry.ts": registryIndexFile(app.templates) }),
  },
  (t) => ({ [`${t.id}/registry.ts`]: templateRegistryFile(t) }),
);
