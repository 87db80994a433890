/** One locale's texts of a generated form spec (`spec.labels[locale]`). */
export interface FormLocaleLabels {
  title: string;
  pluralTitle: string;
  fields: Record<string, string>;
  groups?: Record<string, string>;
  /** Labels inside object and array values by field, then path (`checkInFrom`, `items/name`). */
  nested?: Record<string, Record<string, string>>;
  /** Enum value labels by field, then value (the template's `x-enumLabels`). */
  enums?: Record<string, Record<string, string>>;
  /** Validation messages by field, then rule (the template's `x-errorMessages`). */
  errors?: Record<string, Record<string, string>>;
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
  for (const [field, paths] of Object.entries(labels.nested ?? {})) {
    for (const [path, title] of Object.entries(paths))
      next[field] = withTitleAt((next[field] as UiSchema | undefined) ?? {}, path.split("/"), title);
  }
  // Option labels go where the generator put them: on the field, or on an array's items.
  for (const [field, names] of Object.entries(labels.enums ?? {})) {
    const entry = (next[field] as UiSchema | undefined) ?? {};
    const items = entry.items as UiSchema | undefined;
    next[field] = items?.["ui:enumNames"]
      ? { ...entry, items: { ...items, "ui:enumNames": names } }
      : { ...entry, "ui:enumNames": names };
  }
  for (const [field, messages] of Object.entries(labels.errors ?? {})) {
    const entry = (next[field] as UiSchema | undefined) ?? {};
    next[field] = {
      ...entry,
      "ui:options": { ...(entry["ui:options"] as UiSchema | undefined), errorMessages: messages },
    };
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

/** `ui:title` at a nested path of a field's uiSchema (`items` for an array's items, as RJSF reads it). */
function withTitleAt(entry: UiSchema, path: readonly string[], title: string): UiSchema {
  if (path.length === 0) return { ...entry, "ui:title": title };
  const [head, ...tail] = path;
  return { ...entry, [head]: withTitleAt((entry[head] as UiSchema | undefined) ?? {}, tail, title) };
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
