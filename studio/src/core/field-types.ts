import type { RawSchemaObject } from "./registry-types.ts";

/** The field types the designer offers, each a starting schema (settings are edited afterwards). */
export const FIELD_TYPES = {
  text: { label: "Text", schema: { type: "string", maxLength: 200 } },
  longText: { label: "Long text", schema: { type: "string", maxLength: 5000, "x-ui": { widget: "textarea" } } },
  richText: { label: "Rich text", schema: { type: "string", maxLength: 20000, "x-ui": { widget: "richtext" } } },
  integer: { label: "Whole number", schema: { type: "integer" } },
  number: { label: "Decimal number", schema: { type: "number" } },
  boolean: { label: "Yes / no", schema: { type: "boolean", default: false } },
  choice: { label: "Choice", schema: { enum: ["option-a", "option-b"] } },
  date: { label: "Date", schema: { type: "string", format: "date" } },
  dateTime: { label: "Date and time", schema: { type: "string", format: "date-time" } },
  email: { label: "Email", schema: { type: "string", format: "email", maxLength: 254 } },
  url: { label: "Link", schema: { type: "string", format: "uri", maxLength: 2000 } },
  phone: { label: "Phone", schema: { type: "string", format: "phone", maxLength: 20 } },
  money: { label: "Money", schema: { "x-type": "money", "x-currencies": ["EUR", "USD"], minimum: 0 } },
  measurement: { label: "Measurement", schema: { "x-type": "measurement", "x-units": ["cm", "in"], minimum: 0 } },
  tags: {
    label: "Tags",
    schema: {
      type: "array",
      items: { type: "string", maxLength: 40 },
      maxItems: 20,
      uniqueItems: true,
      "x-ui": { widget: "tags" },
    },
  },
  rating: { label: "Rating", schema: { type: "integer", minimum: 1, maximum: 5, "x-ui": { widget: "rating" } } },
  image: { label: "Image", schema: { type: "string", format: "uri", maxLength: 2000, "x-ui": { widget: "image" } } },
  color: { label: "Colour", schema: { type: "string", pattern: "^#[0-9a-fA-F]{6}$", "x-ui": { widget: "color" } } },
  json: { label: "Structured (JSON)", schema: { type: "object", additionalProperties: true } },
} as const satisfies Record<string, { label: string; schema: RawSchemaObject }>;

export type FieldTypeId = keyof typeof FIELD_TYPES;

export const FIELD_TYPE_IDS = Object.keys(FIELD_TYPES) as FieldTypeId[];

/** Keywords that describe a field rather than its type: they survive a type change. */
export const IDENTITY_KEYWORDS = [
  "x-id",
  "x-label",
  "x-description",
  "readOnly",
  "x-searchable",
  "x-index",
  "x-unique",
  "x-translatable",
] as const;

/** The designer's type of an existing field schema (best guess for hand-written ones). */
export function fieldTypeOf(schema: RawSchemaObject): FieldTypeId {
  const widget = schema["x-ui"]?.widget;
  if (schema["x-type"] === "money") return "money";
  if (schema["x-type"] === "measurement") return "measurement";
  if (schema.$ref) return "json";
  if (Array.isArray(schema.enum)) return "choice";
  const type = (Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type) ?? "string";
  if (type === "array")
    return schema.items && typeof schema.items === "object" && (schema.items as RawSchemaObject).type === "object"
      ? "json"
      : "tags";
  if (type === "object") return "json";
  if (type === "boolean") return "boolean";
  if (type === "integer") return widget === "rating" ? "rating" : "integer";
  if (type === "number") return widget === "rating" ? "rating" : "number";
  if (widget === "textarea") return "longText";
  if (widget === "richtext") return "richText";
  if (widget === "image" || widget === "file") return "image";
  if (widget === "color") return "color";
  switch (schema.format) {
    case "date":
      return "date";
    case "date-time":
      return "dateTime";
    case "email":
      return "email";
    case "uri":
      return "url";
    case "phone":
      return "phone";
  }
  return "text";
}

/** Which settings the field editor shows for a type. */
export function settingsOf(type: FieldTypeId): readonly string[] {
  switch (type) {
    case "text":
    case "longText":
    case "richText":
      return ["minLength", "maxLength", "pattern", "default"];
    case "email":
    case "url":
    case "phone":
    case "image":
    case "color":
      return ["maxLength", "default"];
    case "integer":
    case "number":
    case "rating":
      return ["minimum", "maximum", "default"];
    case "money":
      return ["minimum", "maximum", "x-currencies"];
    case "measurement":
      return ["minimum", "maximum", "x-units"];
    case "choice":
      return ["enum", "default"];
    case "tags":
      return ["maxItems"];
    case "boolean":
      return ["default"];
    default:
      return [];
  }
}
