import type { EntityIR, FieldIR, Labels, RelationIR, TemplateIR } from "../../../engine/src/index.ts";

/**
 * Label lookup shared by the forms, OpenAPI and types generators: the wanted locale, then the
 * template's default locale, then a humanized name, so every field always has some label.
 */
export interface LabelLocales {
  readonly locale: string;
  readonly defaultLocale: string;
  /** All the template's locales, for texts a form spec carries per locale (composite-field parts). */
  readonly locales?: readonly string[];
}

/** `categoryId` → `Category id`, `createdAt` → `Created at`, `first_name` → `First name`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  const text = words.join(" ");
  return text ? text[0].toUpperCase() + text.slice(1) : name;
}

/** The label in `locale`, else in the default locale, else undefined. */
export function pickLabel(labels: Labels, { locale, defaultLocale }: LabelLocales): string | undefined {
  return labels[locale] ?? labels[defaultLocale];
}

export const defaultLocales = (template: TemplateIR): LabelLocales => ({
  locale: template.defaultLocale,
  defaultLocale: template.defaultLocale,
  locales: template.locales,
});

export const fieldLabel = (field: FieldIR, locales: LabelLocales): string =>
  pickLabel(field.label, locales) ?? humanize(field.name);

export const entityLabel = (entity: EntityIR, locales: LabelLocales): string =>
  pickLabel(entity.label, locales) ?? humanize(entity.name);

/** A foreign key is labelled by its relation, else by the target entity (`categoryId` → `Category`). */
export function relationLabel(relation: RelationIR, target: EntityIR | undefined, locales: LabelLocales): string {
  const inLocale = relation.label[locales.locale] ?? target?.label[locales.locale];
  const inDefault = relation.label[locales.defaultLocale] ?? target?.label[locales.defaultLocale];
  return inLocale ?? inDefault ?? humanize(relation.name);
}
