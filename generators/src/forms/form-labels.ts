import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { getEntity } from "../../../engine/src/index.ts";
import type { LocaleLabels } from "../../../engine/src/contract/form-spec.ts";
import { enumNames, errorMessages } from "./field-ui.ts";
import { entityLabel, fieldLabel, humanize, pickLabel, relationLabel, type LabelLocales } from "./localized-label.ts";

/** Labels per template locale, each falling back to the default locale, then a humanized name. */
export function buildFormLabels(template: TemplateIR, entity: EntityIR): Record<string, LocaleLabels> {
  const labels: Record<string, LocaleLabels> = {};
  for (const locale of template.locales) {
    const locales: LabelLocales = { locale, defaultLocale: template.defaultLocale };
    const fields: Record<string, string> = {};
    for (const field of entity.fields) fields[field.name] = fieldLabel(field, locales);
    for (const relation of entity.relations) {
      if (relation.foreignKey)
        fields[relation.foreignKey] = relationLabel(relation, getEntity(template, relation.target), locales);
    }
    const nested: Record<string, Record<string, string>> = {};
    for (const field of entity.fields) {
      const texts = Object.fromEntries(
        Object.entries(field.nestedLabels).map(([path, text]) => [
          path,
          pickLabel(text, locales) ?? humanize(path.split("/").pop()!),
        ]),
      );
      if (Object.keys(texts).length) nested[field.name] = texts;
    }
    const enums: Record<string, Record<string, string>> = {};
    const errors: Record<string, Record<string, string>> = {};
    for (const field of entity.fields) {
      const names = enumNames(field, locales);
      if (names) enums[field.name] = names;
      const messages = errorMessages(field, locales);
      if (messages) errors[field.name] = messages;
    }
    const groups = Object.fromEntries(
      entity.ui.groups.map((g) => [g.id, pickLabel(g.label, locales) ?? humanize(g.id)]),
    );
    labels[locale] = {
      title: entityLabel(entity, locales),
      pluralTitle: pickLabel(entity.pluralLabel, locales) ?? entityLabel(entity, locales),
      fields,
      ...(entity.ui.groups.length ? { groups } : {}),
      ...(Object.keys(nested).length ? { nested } : {}),
      ...(Object.keys(enums).length ? { enums } : {}),
      ...(Object.keys(errors).length ? { errors } : {}),
    };
  }
  return labels;
}
