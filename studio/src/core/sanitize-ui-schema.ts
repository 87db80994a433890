type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };
type UiSchema = Record<string, unknown>;

const CHOICE_WIDGETS = new Set(["select", "radio"]);

/** The schema offers choices a select can list (enum, const alternatives, booleans). */
function hasChoices(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (Array.isArray(schema.enum) || Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes("boolean") || (types.includes("array") && hasChoices(schema.items));
}

/**
 * A `select`/`radio` widget on a property without choices renders an empty, unusable control
 * (a template asked for `x-ui.widget: "select"` on a free-text field, e.g. a country code):
 * such widgets are dropped so the field falls back to a text input. Recurses into nested objects.
 * Returns the input itself when nothing needs changing.
 */
export function sanitizeUiSchema(
  schema: Record<string, unknown>,
  uiSchema: UiSchema | undefined,
): UiSchema | undefined {
  if (!uiSchema) return uiSchema;
  const properties = (schema as Schema).properties ?? {};
  let changed = false;
  const next: UiSchema = { ...uiSchema };
  for (const [name, entry] of Object.entries(uiSchema)) {
    if (name.startsWith("ui:") || typeof entry !== "object" || entry === null) continue;
    const property = properties[name];
    if (!property) continue;
    let ui = entry as UiSchema;
    if (CHOICE_WIDGETS.has(ui["ui:widget"] as string) && !hasChoices(property)) {
      const { "ui:widget": _dropped, ...rest } = ui;
      ui = rest;
    }
    if (property.properties) ui = sanitizeUiSchema(property, ui) ?? ui;
    if (ui !== entry) {
      next[name] = ui;
      changed = true;
    }
  }
  return changed ? next : uiSchema;
}
