import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { defaultLocales, entityLabel, fieldLabel, pickLabel, relationLabel } from "../forms/localized-label.ts";
import type { FormField } from "../forms/form-fields.ts";
import { propertyDocLines, schemaDocTags } from "./schema-to-ts.ts";

/** Docs of the properties the engine adds to outputs (not template fields). */
const SYSTEM_PROPERTY_DOCS: Readonly<Record<string, string>> = {
  id: "Record id",
  accountId: "Account that owns the record",
  userId: "User who owns the record",
  createdAt: "Created at",
  updatedAt: "Last updated at",
  deletedAt: "Deleted at (soft delete)",
};

/** JSDoc lines of one record property: label, description, format, default. */
export function propertyDocs(template: TemplateIR, property: FormField): string[] {
  const locales = defaultLocales(template);
  if (property.field) {
    // The field's localized description wins over a raw schema `description`.
    const description = pickLabel(property.field.description, locales);
    if (!description) return propertyDocLines(property.schema, fieldLabel(property.field, locales));
    return [fieldLabel(property.field, locales), description, ...schemaDocTags(property.schema)];
  }
  if (property.relation) {
    const target = property.relation.target;
    return [
      relationLabel(property.relation, property.target ?? undefined, locales),
      `Id of a {@link ${target}}.`,
      "@format uuid",
    ];
  }
  return [SYSTEM_PROPERTY_DOCS[property.name] ?? property.name, ...schemaDocTags(property.schema)];
}

/** JSDoc lines of an entity's interface. */
export function entityDocs(template: TemplateIR, entity: EntityIR, role: string): string[] {
  const locales = defaultLocales(template);
  const description = pickLabel(entity.description, locales);
  return [`${entityLabel(entity, locales)}: ${role}`, ...(description ? [description] : [])];
}
