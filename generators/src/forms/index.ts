import { jsonText } from "../file-map.ts";
import { perTemplatePlugin } from "../plugin.ts";
import { buildEntityForm } from "./build-entity-form.ts";

/** `@core/forms`: create/edit/filter form specs for @rjsf/core 6, one file per entity (drafts too). */
export const formsPlugin = perTemplatePlugin({ name: "@core/forms", statusText: "Generating form specs" }, (t) =>
  Object.fromEntries(
    t.entities.map((entity) => [`${t.id}/forms/${entity.name}.json`, jsonText(buildEntityForm(t, entity))]),
  ),
);
