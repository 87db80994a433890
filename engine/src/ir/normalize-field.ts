import { diagnostic, ptr, type Diagnostic } from "../diagnostics.ts";
import type { RawMediaDeclaration, RawSchemaObject } from "../template/raw-template.ts";
import { PHONE_PATTERN } from "../contract/patterns.ts";
import type { FieldIR, FieldKind, JsonSchema, Labels, StringFormat } from "./types.ts";
import { MEDIA_DEFAULTS, type MediaSpec } from "../contract/media.ts";

const STRING_FORMATS: readonly string[] = [
  "email",
  "uri",
  "date",
  "date-time",
  "uuid",
  "phone",
  "time",
  "hostname",
  "ipv4",
  "ipv6",
];
const SCALAR_TYPES = ["string", "integer", "number", "boolean"] as const;
const ISO_CURRENCY = "^[A-Z]{3}$";

/** Turns one resolved property schema into a field of the IR. */
export function normalizeField(
  name: string,
  raw: RawSchemaObject,
  required: boolean,
  pointer: string,
  diagnostics: Diagnostic[],
): FieldIR | null {
  const split = splitNullable(raw.type);
  const types = split.types;
  // `null` in an enum is how JSON Schema spells a nullable enum.
  const nullable = split.nullable || (Array.isArray(raw.enum) && raw.enum.includes(null));
  const media = raw["x-media"] ? mediaSpecOf(raw["x-media"]) : null;
  const resolved = media ? classifyMedia(raw, media, pointer, diagnostics) : classify(raw, types, pointer, diagnostics);
  if (!resolved) return null;
  const schema = media ? mediaSchema(raw, media) : valueSchema(raw, resolved.kind, nullable);
  const wideInteger = resolved.kind === "integer" ? isWide(raw) : resolved.kind === "money" ? isWide(raw) : false;
  const ui = raw["x-ui"] ?? {};
  return {
    name,
    id: raw["x-id"] ?? name,
    pointer,
    kind: resolved.kind,
    format: resolved.format,
    required,
    nullable,
    schema,
    default: raw.default,
    enumValues: resolved.enumValues,
    itemKind: resolved.itemKind,
    maxLength: resolved.kind === "string" && typeof raw.maxLength === "number" ? raw.maxLength : null,
    wideInteger,
    unique: raw["x-unique"] === true,
    indexed: raw["x-index"] === true,
    searchable: raw["x-searchable"] === true,
    translatable: raw["x-translatable"] === true,
    readOnly: raw.readOnly === true || typeof raw["x-computed"] === "string",
    computed: raw["x-computed"] ?? null,
    label: raw["x-label"] ?? (raw.title ? { en: raw.title } : {}),
    description: raw["x-description"] ?? (raw.description ? { en: raw.description } : {}),
    ...enumLabelsOf(raw, pointer),
    errorMessages: raw["x-errorMessages"] ?? {},
    nestedLabels: nestedLabelsOf(raw),
    ui: {
      widget: ui.widget ?? null,
      order: ui.order ?? null,
      group: ui.group ?? null,
      help: ui.help ?? {},
      placeholder: ui.placeholder ?? {},
      hidden: ui.hidden === true,
    },
    access: null,
    currencies: raw["x-currencies"] ?? [],
    units: raw["x-units"] ?? [],
    isStatus: false,
    media,
  };
}

/** Keys that say what a value is: a media field's value is always media ids, so none may stand beside `x-media`. */
const MEDIA_CONFLICTS = [
  "type",
  "enum",
  "const",
  "format",
  "items",
  "maxItems",
  "x-type",
  "x-computed",
  "x-translatable",
  "default",
];

/** The declaration with its defaults filled in; variants by increasing width. */
export function mediaSpecOf(raw: RawMediaDeclaration): MediaSpec {
  const image = raw.kind === "image";
  const multiple = raw.multiple === true;
  return {
    kind: raw.kind,
    multiple,
    maxCount: multiple ? (raw.maxCount ?? MEDIA_DEFAULTS.maxCount) : 1,
    accept: raw.accept ?? (image ? MEDIA_DEFAULTS.imageAccept : MEDIA_DEFAULTS.documentAccept),
    maxBytes: raw.maxBytes ?? MEDIA_DEFAULTS.maxBytes,
    visibility: raw.visibility ?? (image ? "public" : "private"),
    variants: Object.entries(raw.variants ?? {})
      .map(([name, v]) => ({ name, width: v.width }))
      .sort((a, b) => a.width - b.width || a.name.localeCompare(b.name)),
    formats: raw.formats ?? (image && raw.variants ? MEDIA_DEFAULTS.formats : []),
    onDelete: raw.onDelete ?? MEDIA_DEFAULTS.onDelete,
  };
}

function classifyMedia(
  raw: RawSchemaObject,
  media: MediaSpec,
  pointer: string,
  diagnostics: Diagnostic[],
): Classified | null {
  const conflict = MEDIA_CONFLICTS.find((key) => raw[key] !== undefined);
  if (conflict) {
    diagnostics.push(
      diagnostic(
        "ENG_MEDIA_KEYWORD_CONFLICT",
        ptr(pointer, conflict),
        `A media field holds media ids; "${conflict}" cannot be set beside "x-media".`,
        `Drop "${conflict}": the field's value is ${media.multiple ? "a list of media ids" : "one media id"} (uuid).`,
      ),
    );
    return null;
  }
  return media.multiple
    ? { kind: "array", format: "uuid", enumValues: null, itemKind: "string" }
    : { kind: "string", format: "uuid", enumValues: null, itemKind: null };
}

/** One media id, or a list of distinct ones (at most `maxCount`, at least the template's `minItems`). */
function mediaSchema(raw: RawSchemaObject, media: MediaSpec): JsonSchema {
  const kept = stripAnnotations(raw) as Record<string, unknown>;
  const id = { type: "string", format: "uuid" };
  if (!media.multiple) return { ...kept, ...id };
  return { ...kept, type: "array", items: id, uniqueItems: true, maxItems: media.maxCount };
}

/** The `x-label`s below a field's top level, by path (FieldIR.nestedLabels). */
function nestedLabelsOf(raw: RawSchemaObject): Record<string, Labels> {
  const out: Record<string, Labels> = {};
  const walk = (schema: unknown, path: string[]) => {
    if (typeof schema !== "object" || schema === null) return;
    const node = schema as { properties?: Record<string, unknown>; items?: unknown; "x-label"?: Labels };
    if (path.length && node["x-label"] && typeof node["x-label"] === "object") out[path.join("/")] = node["x-label"];
    for (const [name, child] of Object.entries(node.properties ?? {})) walk(child, [...path, name]);
    if (node.items && !Array.isArray(node.items)) walk(node.items, [...path, "items"]);
  };
  walk(raw, []);
  return out;
}

/** `x-enumLabels` of an enum field, or of the items of an array field. */
function enumLabelsOf(
  raw: RawSchemaObject,
  pointer: string,
): { enumLabels: Record<string, Labels>; enumLabelsPointer: string | null } {
  if (raw["x-enumLabels"]) return { enumLabels: raw["x-enumLabels"], enumLabelsPointer: ptr(pointer, "x-enumLabels") };
  const items = raw.items;
  if (items && typeof items === "object" && items["x-enumLabels"])
    return { enumLabels: items["x-enumLabels"], enumLabelsPointer: ptr(pointer, "items", "x-enumLabels") };
  return { enumLabels: {}, enumLabelsPointer: null };
}

interface Classified {
  kind: FieldKind;
  format: StringFormat | null;
  enumValues: (string | number)[] | null;
  itemKind: FieldIR["itemKind"];
}

function splitNullable(type: string | string[] | undefined): { types: string[]; nullable: boolean } {
  const list = type === undefined ? [] : Array.isArray(type) ? type : [type];
  return { types: list.filter((t) => t !== "null"), nullable: list.includes("null") };
}

function classify(
  raw: RawSchemaObject,
  types: string[],
  pointer: string,
  diagnostics: Diagnostic[],
): Classified | null {
  const special = raw["x-type"];
  if (special) {
    if (types.length && !(types.length === 1 && types[0] === "object")) {
      diagnostics.push(
        diagnostic(
          "ENG_FIELD_TYPE_UNSUPPORTED",
          ptr(pointer, "type"),
          `An x-type "${special}" field is an object; drop "type".`,
        ),
      );
      return null;
    }
    return { kind: special, format: null, enumValues: null, itemKind: null };
  }
  if (types.length > 1) {
    diagnostics.push(
      diagnostic(
        "ENG_FIELD_TYPE_UNSUPPORTED",
        ptr(pointer, "type"),
        `A field stores one type (optionally with "null"), not ${types.join(" or ")}.`,
        "Split it into two fields, or use an object stored as JSON.",
      ),
    );
    return null;
  }
  if (Array.isArray(raw.enum))
    return classifyEnum(
      raw.enum.filter((v) => v !== null),
      types[0],
      pointer,
      diagnostics,
    );
  const type = types[0];
  if (type === undefined) {
    diagnostics.push(
      diagnostic(
        "ENG_FIELD_TYPE_MISSING",
        pointer,
        'A field needs a "type" (or an "enum").',
        'Add e.g. "type": "string".',
      ),
    );
    return null;
  }
  if (type === "string") {
    const format = raw.format && STRING_FORMATS.includes(raw.format) ? (raw.format as StringFormat) : null;
    return { kind: "string", format, enumValues: null, itemKind: null };
  }
  if (type === "integer" || type === "number" || type === "boolean") {
    return { kind: type, format: null, enumValues: null, itemKind: null };
  }
  if (type === "object") return { kind: "json", format: null, enumValues: null, itemKind: null };
  // type === "array"
  const items = raw.items;
  if (items && typeof items === "object") {
    const itemTypes = splitNullable(items.type);
    if (Array.isArray(items.enum)) {
      return { kind: "array", format: null, enumValues: items.enum as (string | number)[], itemKind: "enum" };
    }
    const itemType = itemTypes.types[0];
    if (!itemTypes.nullable && itemTypes.types.length === 1 && (SCALAR_TYPES as readonly string[]).includes(itemType)) {
      const format =
        itemType === "string" && items.format && STRING_FORMATS.includes(items.format)
          ? (items.format as StringFormat)
          : null;
      return { kind: "array", format, enumValues: null, itemKind: itemType as Classified["itemKind"] };
    }
  }
  // Arrays of objects (packages, questions) or of mixed values are stored as JSONB.
  return { kind: "json", format: null, enumValues: null, itemKind: null };
}

function classifyEnum(
  values: unknown[],
  type: string | undefined,
  pointer: string,
  diagnostics: Diagnostic[],
): Classified | null {
  const allStrings = values.every((v) => typeof v === "string");
  const allIntegers = values.every((v) => Number.isInteger(v));
  if ((!allStrings && !allIntegers) || (type && type !== (allStrings ? "string" : "integer"))) {
    diagnostics.push(
      diagnostic(
        "ENG_FIELD_TYPE_UNSUPPORTED",
        ptr(pointer, "enum"),
        "Enum values must be all strings or all integers, matching the field's type.",
      ),
    );
    return null;
  }
  return { kind: "enum", format: null, enumValues: values as (string | number)[], itemKind: null };
}

/**
 * The JSON Schema a value of this field must satisfy: the template's schema without our
 * `x-` annotations, with money and measurements expanded into their object shape.
 */
const INT4 = { min: -2147483648, max: 2147483647 };
const SAFE = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

/** A declared range beyond 32 bits needs a bigint column. */
function isWide(raw: { minimum?: number; maximum?: number }): boolean {
  return (raw.maximum ?? 0) > INT4.max || (raw.minimum ?? 0) < INT4.min;
}

/** Adds the range the column can hold where the template left a side open. */
function withIntegerBounds<T extends Record<string, unknown>>(schema: T): T {
  const limits = isWide(schema as { minimum?: number; maximum?: number }) ? SAFE : INT4;
  return {
    ...schema,
    ...(schema.minimum === undefined && schema.exclusiveMinimum === undefined ? { minimum: limits.min } : {}),
    ...(schema.maximum === undefined && schema.exclusiveMaximum === undefined ? { maximum: limits.max } : {}),
  };
}

function valueSchema(raw: RawSchemaObject, kind: FieldKind, nullable: boolean): JsonSchema {
  if (kind === "money") return withNull(moneySchema(raw), nullable);
  if (kind === "measurement") return withNull(measurementSchema(raw), nullable);
  if (kind === "integer") return withIntegerBounds(stripAnnotations(raw) as Record<string, unknown>);
  const schema = withFormatRule(stripAnnotations(raw) as Record<string, unknown>);
  if (kind === "enum" && nullable && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    return { ...schema, enum: [...schema.enum, null] };
  }
  return schema;
}

/**
 * Our own format carries its rule as a `pattern`, so tools that do not know `phone` (clients
 * generated from the OpenAPI document, form libraries) check it too. A pattern the template
 * states itself is kept: the format is asserted by our validators anyway.
 */
function withFormatRule(schema: Record<string, unknown>): Record<string, unknown> {
  const items = schema.items as Record<string, unknown> | undefined;
  if (items && typeof items === "object" && !Array.isArray(items)) {
    const ruled = withFormatRule(items);
    if (ruled !== items) schema = { ...schema, items: ruled };
  }
  if (schema.format === "phone" && schema.pattern === undefined) return { ...schema, pattern: PHONE_PATTERN.source };
  return schema;
}

function moneySchema(raw: RawSchemaObject): Record<string, unknown> {
  let amount: Record<string, unknown> = { type: "integer", description: "Amount in minor units (cents)" };
  if (raw.minimum !== undefined) amount.minimum = raw.minimum;
  if (raw.maximum !== undefined) amount.maximum = raw.maximum;
  amount = withIntegerBounds(amount);
  const currencies = raw["x-currencies"];
  return {
    type: "object",
    required: ["amount", "currency"],
    additionalProperties: false,
    properties: {
      amount,
      currency: currencies?.length ? { type: "string", enum: currencies } : { type: "string", pattern: ISO_CURRENCY },
    },
    ...(raw.default !== undefined ? { default: raw.default } : {}),
  };
}

function measurementSchema(raw: RawSchemaObject): Record<string, unknown> {
  const value: Record<string, unknown> = { type: "number" };
  if (raw.minimum !== undefined) value.minimum = raw.minimum;
  if (raw.maximum !== undefined) value.maximum = raw.maximum;
  const units = raw["x-units"]?.length ? raw["x-units"] : ["unit"];
  return {
    type: "object",
    required: ["value", "unit"],
    additionalProperties: false,
    properties: { value, unit: { type: "string", enum: units } },
    ...(raw.default !== undefined ? { default: raw.default } : {}),
  };
}

function withNull(schema: Record<string, unknown>, nullable: boolean): JsonSchema {
  return nullable ? { ...schema, type: ["object", "null"] } : schema;
}

/**
 * Drops `x-*` keys (recursively) and editor-only keys; keeps validation keywords. Money and
 * measurements nested in objects or arrays expand to their object shape here.
 */
export function stripAnnotations(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const special = (schema as RawSchemaObject)["x-type"];
  if (special === "money") return moneySchema(schema as RawSchemaObject);
  if (special === "measurement") return measurementSchema(schema as RawSchemaObject);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith("x-") || key === "$comment") continue;
    if (key === "properties" && value && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripAnnotations(v)]));
    } else if (key === "items" || key === "additionalProperties") {
      out[key] = stripAnnotations(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}
