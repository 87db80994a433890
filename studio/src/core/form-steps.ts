import type { FormStep } from "./registry-types.ts";

type Schema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };
type UiSchema = Record<string, unknown>;

export interface FormPairLike {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
}

/**
 * One wizard page of a create form: the same schema restricted to the page's properties (and
 * the required ones among them), so RJSF validates the page before moving on. The generated
 * `steps` put every property on exactly one page, so the pages together validate the whole.
 */
export function stepForm(form: FormPairLike, step: FormStep): FormPairLike {
  const schema = form.schema as Schema;
  const wanted = new Set(step.fields);
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => wanted.has(name)));
  const required = (schema.required ?? []).filter((name) => wanted.has(name));
  const ui = form.uiSchema as UiSchema;
  const options = (ui["ui:options"] ?? {}) as { groups?: { id: string; fields: string[] }[] };
  const groups = (options.groups ?? []).filter((g) => step.groups.includes(g.id));
  const uiSchema: UiSchema = {
    ...ui,
    "ui:order": [...step.fields.filter((f) => f in properties), "*"],
    "ui:options": { ...options, groups },
  };
  return { schema: { ...schema, properties, required }, uiSchema };
}

/** The index of the page that holds a property (0 when unknown). */
export function stepIndexOf(steps: readonly FormStep[], property: string): number {
  const index = steps.findIndex((s) => s.fields.includes(property));
  return index < 0 ? 0 : index;
}

/** The first page (index) with any of the given properties, or null. */
export function firstStepWith(steps: readonly FormStep[], properties: readonly string[]): number | null {
  const indexes = properties.map((p) => steps.findIndex((s) => s.fields.includes(p))).filter((i) => i >= 0);
  return indexes.length ? Math.min(...indexes) : null;
}
