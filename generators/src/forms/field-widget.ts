import type { MediaSpec } from "../../../engine/src/contract/media.ts";
import type { FieldIR } from "../../../engine/src/index.ts";

/** The RJSF type a widget is looked up under (`getWidget`'s widgetMap keys). */
type RjsfType = "string" | "number" | "integer" | "boolean" | "array" | "object";

interface WidgetRule {
  /** RJSF `ui:widget` alias (standard) or a custom widget name the studio registers. */
  readonly widget: string;
  /** Schema types the widget works for; RJSF throws "No widget … for type …" on others. */
  readonly types: readonly RjsfType[];
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Widgets that are not part of @rjsf/core: the studio must register these names. */
export const CUSTOM_WIDGETS = ["media", "rating", "relation", "richtext", "tags"] as const;

const SCALARS: readonly RjsfType[] = ["string", "number", "integer"];
const NUMBERS: readonly RjsfType[] = ["number", "integer"];

/** Template `x-ui.widget` → RJSF. Money and measurement are handled by kind (compact object layout). */
const WIDGET_RULES: Readonly<Record<string, WidgetRule>> = {
  text: { widget: "text", types: SCALARS },
  textarea: { widget: "textarea", types: ["string"] },
  richtext: { widget: "richtext", types: ["string"] },
  select: { widget: "select", types: [...SCALARS, "boolean", "array"] },
  radio: { widget: "radio", types: [...SCALARS, "boolean"] },
  checkboxes: { widget: "checkboxes", types: ["array"] },
  checkbox: { widget: "checkbox", types: ["boolean"] },
  toggle: { widget: "checkbox", types: ["boolean"], options: { toggle: true } },
  date: { widget: "date", types: ["string"] },
  datetime: { widget: "datetime", types: ["string"] },
  email: { widget: "email", types: ["string"] },
  url: { widget: "uri", types: ["string"] },
  phone: { widget: "text", types: ["string"], options: { inputType: "tel" } },
  number: { widget: "updown", types: NUMBERS },
  range: { widget: "range", types: NUMBERS },
  color: { widget: "color", types: ["string"] },
  password: { widget: "password", types: ["string"] },
  tags: { widget: "tags", types: ["array"] },
  image: { widget: "media", types: ["string", "array"], options: { accept: "image/*" } },
  file: { widget: "media", types: ["string", "array"] },
  rating: { widget: "rating", types: NUMBERS },
};

/** `ui:widget` / `ui:options` entries for a field's template widget; empty when none applies. */
export function fieldWidgetUi(field: FieldIR): Record<string, unknown> {
  if (field.ui.hidden) return { "ui:widget": "hidden" };
  if (field.media) return mediaWidgetUi(field.media);
  const rule = field.ui.widget ? WIDGET_RULES[field.ui.widget] : undefined;
  if (!rule || !rule.types.includes(rjsfType(field.schema))) return {};
  // A choice widget on free text would render an empty list nobody can pick from.
  if (CHOICE_WIDGETS.has(rule.widget) && !hasChoices(field)) return {};
  return { "ui:widget": rule.widget, ...(rule.options ? { "ui:options": { ...rule.options } } : {}) };
}

/**
 * A media field uploads through the studio's `media` widget: what the file picker accepts, the
 * limits it checks before sending (the server checks them again, by content), and whether it
 * shows a gallery (`multiple`) with image previews.
 */
function mediaWidgetUi(media: MediaSpec): Record<string, unknown> {
  return {
    "ui:widget": "media",
    "ui:options": {
      media: {
        kind: media.kind,
        multiple: media.multiple,
        maxCount: media.maxCount,
        accept: media.accept.join(","),
        maxBytes: media.maxBytes,
        visibility: media.visibility,
        variants: media.variants.map((v) => v.name),
      },
    },
  };
}

const CHOICE_WIDGETS = new Set(["select", "radio", "checkboxes"]);

/** Enums, booleans and arrays of enums offer choices; free text and numbers do not. */
export function hasChoices(field: FieldIR): boolean {
  return field.enumValues !== null || field.kind === "boolean";
}

/** The non-null type RJSF picks for a schema (`["string","null"]` renders as a string). */
export function rjsfType(schema: unknown): RjsfType {
  if (typeof schema !== "object" || schema === null) return "string";
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  const types = (Array.isArray(type) ? type : [type]).filter(
    (t): t is RjsfType => typeof t === "string" && t !== "null",
  );
  if (types.length) return types[0];
  const first = Array.isArray(values) ? values.find((v) => v !== null) : undefined;
  if (typeof first === "number") return Number.isInteger(first) ? "integer" : "number";
  return typeof first === "boolean" ? "boolean" : "string";
}
