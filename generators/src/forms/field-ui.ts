import type { FieldIR } from "../../../engine/src/index.ts";
import type { FormField } from "./form-fields.ts";
import { fieldWidgetUi } from "./field-widget.ts";
import { pickLabel, type LabelLocales } from "./localized-label.ts";

type UiSchema = Record<string, unknown>;

/** The uiSchema entry of one create/edit form property (empty object when nothing to say). */
export function fieldUiSchema(formField: FormField, mode: "create" | "update", locales: LabelLocales): UiSchema {
  if (formField.relation && formField.target) return relationUi(formField);
  const field = formField.field;
  if (!field) return {};
  const compact = compactObjectUi(field, locales);
  const widget = fieldWidgetUi(field);
  // A translatable field edits the default locale here; a UI may offer the other locales.
  const translatable = field.translatable ? { translatable: true } : {};
  const options = {
    ...(compact["ui:options"] as object),
    ...(widget["ui:options"] as object),
    ...translatable,
    ...accessOptions(field),
    ...errorMessageOptions(field, locales),
  };
  const ui: UiSchema = { ...compact, ...widget, ...enumNamesUi(field, locales) };
  if (Object.keys(options).length) ui["ui:options"] = options;
  const placeholder = pickLabel(field.ui.placeholder, locales);
  const help = pickLabel(field.ui.help, locales);
  if (placeholder) ui["ui:placeholder"] = placeholder;
  if (help) ui["ui:help"] = help;
  if (isWorkflowDriven(field, mode)) ui["ui:readonly"] = true;
  return ui;
}

/** Enum value labels in this locale by value (values without a label are left out: RJSF shows the value). */
export function enumNames(field: FieldIR, locales: LabelLocales): Record<string, string> | null {
  const names: Record<string, string> = {};
  for (const value of field.enumValues ?? []) {
    const label = field.enumLabels[String(value)];
    const text = label ? pickLabel(label, locales) : undefined;
    if (text) names[String(value)] = text;
  }
  return Object.keys(names).length ? names : null;
}

/** Validation messages in this locale by rule (`pattern`, `required`, …). */
export function errorMessages(field: FieldIR, locales: LabelLocales): Record<string, string> | null {
  const messages: Record<string, string> = {};
  for (const [keyword, labels] of Object.entries(field.errorMessages)) {
    const text = pickLabel(labels, locales);
    if (text) messages[keyword] = text;
  }
  return Object.keys(messages).length ? messages : null;
}

/** `ui:enumNames` (RJSF's option labels) on the field, or on its items for an array of enum values. */
function enumNamesUi(field: FieldIR, locales: LabelLocales): UiSchema {
  const names = enumNames(field, locales);
  if (!names) return {};
  return field.kind === "array" ? { items: { "ui:enumNames": names } } : { "ui:enumNames": names };
}

function errorMessageOptions(field: FieldIR, locales: LabelLocales): UiSchema {
  const messages = errorMessages(field, locales);
  return messages ? { errorMessages: messages } : {};
}

/** Foreign keys pick a record of the target entity through the studio's `relation` widget. */
export function relationUi(formField: FormField): UiSchema {
  const target = formField.target!;
  return {
    "ui:widget": "relation",
    "ui:options": { target: target.apiName, ...(target.titleField ? { titleField: target.titleField } : {}) },
  };
}

/**
 * Money and measurements are two inputs (amount + currency, value + unit) that read as one:
 * side by side, in a fieldset whose legend is the field's label. Each input keeps a label of
 * its own ("Amount", "Currency": `ui:title` in the default locale, `ui:options.partLabels` per
 * template locale) so assistive technology names it; a UI may lay them out compactly, never
 * drop them. `ui:classNames` lets plain RJSF style it with CSS.
 */
function compactObjectUi(field: FieldIR, locales: LabelLocales): UiSchema {
  if (field.kind !== "money" && field.kind !== "measurement") return {};
  const [number, unit] = field.kind === "money" ? ["amount", "currency"] : ["value", "unit"];
  const partLabels = Object.fromEntries(
    (locales.locales ?? [locales.locale]).map((locale) => {
      const inLocale = { ...locales, locale };
      return [locale, { [number]: subfieldLabel(number, inLocale), [unit]: subfieldLabel(unit, inLocale) }];
    }),
  );
  return {
    "ui:classNames": "mono-compact",
    "ui:options": { layout: "compact", kind: field.kind, partLabels },
    "ui:order": [number, unit],
    [number]: { "ui:widget": "updown", "ui:title": subfieldLabel(number, locales) },
    [unit]: { "ui:title": subfieldLabel(unit, locales) },
  };
}

/** Names of the parts of a composite field, per locale (English for a locale not listed). */
const SUBFIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: { amount: "Amount", currency: "Currency", value: "Value", unit: "Unit" },
  de: { amount: "Betrag", currency: "Währung", value: "Wert", unit: "Einheit" },
  fr: { amount: "Montant", currency: "Devise", value: "Valeur", unit: "Unité" },
};

export function subfieldLabel(part: string, { locale, defaultLocale }: LabelLocales): string {
  const base = (tag: string) => tag.split("-")[0];
  return (
    SUBFIELD_LABELS[base(locale)]?.[part] ??
    SUBFIELD_LABELS[base(defaultLocale)]?.[part] ??
    SUBFIELD_LABELS.en[part] ??
    part
  );
}

/** Field-level gates travel with the form so a UI can hide or lock what the user may not touch. */
function accessOptions(field: FieldIR): UiSchema {
  if (!field.access) return {};
  const access: UiSchema = {};
  if (field.access.read) access.read = field.access.read;
  if (field.access.write) access.write = field.access.write;
  return { access };
}

/**
 * A workflow-bound status moves through workflow transitions, not free edits. On create it
 * shows its default; without a default the user must still be able to pick the first state.
 */
function isWorkflowDriven(field: FieldIR, mode: "create" | "update"): boolean {
  return field.isStatus && (mode === "update" || field.default !== undefined);
}
