/**
 * The item properties of a JSON array field (`"type": "array", "items": { "type": "object", … }`),
 * as `x-computed` aggregates inside the field see them: `min(packages.price)`,
 * `count(lines where kind = 'extra')`, `sum(lines, quantity)`. Read off the field's resolved
 * schema, where money values nested in JSON have their object shape (amount in minor units plus
 * currency: engine/src/ir/normalize-field.ts).
 */
import type { FieldIR } from "./types.ts";

export type ItemPropertyKind = "integer" | "number" | "string" | "enum" | "money" | "other";

export interface ItemProperty {
  readonly name: string;
  readonly kind: ItemPropertyKind;
  /** Allowed values of an enum property. */
  readonly values: readonly (string | number)[];
}

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);
const types = (s: Schema): string[] =>
  Array.isArray(s.type) ? (s.type as string[]).filter((t) => t !== "null") : s.type ? [s.type as string] : [];

function kindOf(schema: Schema): { kind: ItemPropertyKind; values: readonly (string | number)[] } {
  if (Array.isArray(schema.enum)) return { kind: "enum", values: schema.enum as (string | number)[] };
  const [type] = types(schema);
  if (type === "integer" || type === "number" || type === "string") return { kind: type, values: [] };
  const props = isObject(schema.properties) ? schema.properties : null;
  const amount = props && isObject(props.amount) ? props.amount : null;
  if (type === "object" && amount && types(amount)[0] === "integer" && props && isObject(props.currency))
    return { kind: "money", values: [] };
  return { kind: "other", values: [] };
}

/** The properties of the field's items, or null when the field is not a JSON array of objects. */
export function arrayItemProperties(field: FieldIR): readonly ItemProperty[] | null {
  if (field.kind !== "json" || !isObject(field.schema) || !types(field.schema).includes("array")) return null;
  const items = field.schema.items;
  if (!isObject(items) || !isObject(items.properties)) return null;
  return Object.entries(items.properties)
    .filter(([, s]) => isObject(s))
    .map(([name, s]) => ({ name, ...kindOf(s as Schema) }));
}
