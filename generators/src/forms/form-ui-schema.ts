import type { FormField } from "./form-fields.ts";
import type { FormGroup } from "./form-groups.ts";
import { fieldUiSchema } from "./field-ui.ts";
import type { LabelLocales } from "./localized-label.ts";

/**
 * Root uiSchema of a create/edit form: `ui:order` (form order, `"*"` last so a property added
 * later still renders), groups as `ui:options.groups`, then one entry per property that needs one.
 */
export function buildFormUiSchema(
  ordered: readonly FormField[],
  groups: readonly FormGroup[],
  mode: "create" | "update",
  locales: LabelLocales,
): Record<string, unknown> {
  const ui: Record<string, unknown> = { "ui:order": [...ordered.map((f) => f.name), "*"] };
  if (groups.length) ui["ui:options"] = { groups };
  for (const formField of ordered) {
    const entry = fieldUiSchema(formField, mode, locales);
    if (Object.keys(entry).length) ui[formField.name] = entry;
  }
  return ui;
}
