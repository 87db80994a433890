import { jsonText } from "../file-map.ts";
import type { FileMap, GeneratorPlugin } from "../plugin.ts";
import { buildEntityForm } from "./build-entity-form.ts";

/** `@core/forms`: create/edit/filter form specs for @rjsf/core 6, one file per entity (drafts too). */
export const formsPlugin: GeneratorPlugin = {
  name: "@core/forms",
  statusText: "Generating form specs",
  build({ app }): FileMap {
    const files: FileMap = {};
    for (const template of app.templates) {
      for (const entity of template.entities) files[`${template.id}/forms/${entity.name}.json`] = jsonText(buildEntityForm(template, entity));
    }
    return files;
  },
};
