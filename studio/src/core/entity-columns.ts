import { humanize, pickLabel } from "./labels.ts";
import type { StudioEntity, StudioField } from "./registry-types.ts";

/** A column a list page can show. */
export interface EntityColumn {
  key: string;
  label: string;
  sortable: boolean;
  kind: StudioField["kind"] | "system" | "relation";
  format: StudioField["format"];
  /** Enum values' labels in the column's locale (the template's `x-enumLabels`), by value. */
  valueLabels?: Record<string, string>;
}

/** The template's labels of a field's enum values in `locale` (default locale, then the value). */
export function valueLabels(field: StudioField, locale: string): Record<string, string> | undefined {
  if (!field.enumLabels) return undefined;
  return Object.fromEntries(
    Object.entries(field.enumLabels).map(([value, labels]) => [value, pickLabel(labels, locale, value)]),
  );
}

const SYSTEM_LABELS: Record<string, string> = { createdAt: "Created", updatedAt: "Updated", id: "Id" };

/** Every column of an entity: its fields, its foreign keys, then created/updated. */
export function entityColumns(entity: StudioEntity, locale: string): EntityColumn[] {
  const fields: EntityColumn[] = entity.fields.map((f) => ({
    key: f.name,
    label: pickLabel(f.label, locale, humanize(f.name)),
    sortable: f.sortable,
    kind: f.kind,
    format: f.format,
    ...(f.enumLabels ? { valueLabels: valueLabels(f, locale) } : {}),
  }));
  const relations: EntityColumn[] = entity.relations
    .filter((r) => r.foreignKey)
    .map((r) => ({
      key: r.foreignKey!,
      label: pickLabel(r.label, locale, humanize(r.name)),
      sortable: false,
      kind: "relation",
      format: "uuid",
    }));
  const system: EntityColumn[] = ["createdAt", "updatedAt"].map((key) => ({
    key,
    label: SYSTEM_LABELS[key],
    sortable: entity.sortableSystemColumns.includes(key),
    kind: "system",
    format: "date-time",
  }));
  return [...fields, ...relations, ...system];
}

/** The columns a list starts with: the template's `listColumns`, else the first few fields. */
export function defaultColumns(entity: StudioEntity): string[] {
  // Fields and foreign keys (a template may list `categoryId`: it shows the category's title).
  const known = new Set([
    ...entity.fields.map((f) => f.name),
    ...entity.relations.filter((r) => r.foreignKey).map((r) => r.foreignKey!),
  ]);
  const listed = entity.listColumns.filter((c) => known.has(c) || c === "createdAt" || c === "updatedAt");
  if (listed.length) return listed;
  return entity.fields
    .filter((f) => f.kind !== "json")
    .slice(0, 5)
    .map((f) => f.name);
}
