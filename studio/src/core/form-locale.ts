/** One locale's texts of a generated form spec (`spec.labels[locale]`). */
export interface FormLocaleLabels {
  title: string;
  pluralTitle: string;
  fields: Record<string, string>;
  groups?: Record<string, string>;
}

type UiSchema = Record<string, unknown>;

/**
 * The generated schemas carry default-locale titles; for another locale this swaps in the
 * spec's labels as `ui:title` (fields) and group labels, leaving everything else as it is.
 */
export function localizeUiSchema(uiSchema: UiSchema, labels: FormLocaleLabels | undefined, locale?: string): UiSchema {
  if (!labels) return uiSchema;
  const next: UiSchema = { ...uiSchema };
  for (const [field, title] of Object.entries(labels.fields)) {
    next[field] = localizeParts({ ...((uiSchema[field] as UiSchema | undefined) ?? {}), "ui:title": title }, locale);
  }
  const options = uiSchema["ui:options"] as { groups?: { id: string; label: string }[] } | undefined;
  if (options?.groups && labels.groups) {
    next["ui:options"] = {
      ...options,
      groups: options.groups.map((g) => ({ ...g, label: labels.groups?.[g.id] ?? g.label })),
    };
  }
  return next;
}

/**
 * The parts of a composite field (money: amount + currency) labelled in `locale`, from the
 * generated `ui:options.partLabels`; unchanged without them.
 */
function localizeParts(entry: UiSchema, locale: string | undefined): UiSchema {
  const parts = (entry["ui:options"] as { partLabels?: Record<string, Record<string, string>> } | undefined)
    ?.partLabels?.[locale ?? ""];
  if (!parts) return entry;
  const next: UiSchema = { ...entry };
  for (const [part, title] of Object.entries(parts))
    next[part] = { ...((entry[part] as UiSchema | undefined) ?? {}), "ui:title": title };
  return next;
}
