import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema } from "../../../engine/src/index.ts";
import type { FormField } from "./form-fields.ts";
import { withNestedTitles } from "./nested-titles.ts";
import {
  defaultLocales,
  entityLabel,
  fieldLabel,
  pickLabel,
  relationLabel,
  type LabelLocales,
} from "./localized-label.ts";

/** RJSF 6 validates with Ajv2020 (customizeValidator), so every form schema declares 2020-12. */
export const JSON_SCHEMA_2020 = "https://json-schema.org/draft/2020-12/schema";

type SchemaObject = Record<string, unknown>;

/**
 * The create or edit form's JSON Schema: `entityRecordSchema` unchanged except for annotations
 * (`title` from the default-locale label, `description` from the field description), so what
 * the form accepts is exactly what the API accepts.
 */
export function buildFormSchema(
  template: TemplateIR,
  entity: EntityIR,
  mode: "create" | "update",
  fields: readonly FormField[],
): SchemaObject {
  const locales = defaultLocales(template);
  const record = entityRecordSchema(entity, mode);
  const properties: SchemaObject = {};
  for (const formField of fields)
    properties[formField.name] = annotate(
      formField.field ? withNestedTitles(formField.schema, formField.field, locales) : formField.schema,
      propertyTitle(formField, locales),
      propertyDescription(formField, locales),
    );
  const description = pickLabel(entity.description, locales);
  return {
    $schema: JSON_SCHEMA_2020,
    title: entityLabel(entity, locales),
    ...(description ? { description } : {}),
    ...record,
    properties,
  };
}

/** The label a form property shows: field label, or the relation's for a foreign key. */
export function propertyTitle(formField: FormField, locales: LabelLocales): string {
  if (formField.field) return fieldLabel(formField.field, locales);
  if (formField.relation) return relationLabel(formField.relation, formField.target ?? undefined, locales);
  return formField.name;
}

function propertyDescription(formField: FormField, locales: LabelLocales): string | undefined {
  return formField.field ? pickLabel(formField.field.description, locales) : undefined;
}

/** Puts `title`/`description` first so the emitted JSON reads label-then-rules. */
function annotate(schema: unknown, title: string, description?: string): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  // Our localized label wins over a raw `title` the template may carry.
  const { title: _raw, description: rawDescription, ...rules } = schema as SchemaObject;
  const text = description ?? rawDescription;
  return { title, ...(text !== undefined ? { description: text } : {}), ...rules };
}
