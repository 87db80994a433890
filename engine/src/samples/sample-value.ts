import type { JsonSchema } from "../ir/types.ts";
import { dimensionOf, UNIT_FACTORS } from "../contract/computed.ts";
import { countryOf } from "./countries.ts";
import { createPersona, relocate } from "./persona.ts";
import { randomInt } from "./random.ts";
import { orderRangePairs } from "./range-pairs.ts";
import { sampleNumber, type NumberBounds } from "./sample-number.ts";
import { sampleString, type SampleContext } from "./sample-string.ts";
import { nameWords, NUMBER_WINDOWS, numberSemantic, stringSemantic } from "./semantics.ts";

type Schema = Readonly<Record<string, unknown>>;

/** What a sampler returns when the schema admits no value it can find. */
export const NO_VALUE: unique symbol = Symbol("no value");
export type Sampled = unknown | typeof NO_VALUE;

/** How often an optional property of a nested object is filled. */
const OPTIONAL_RATE = 0.75;

/** A value satisfying `schema` (the JSON Schema subset templates use), plausible for `name`. */
export function sampleValue(schema: JsonSchema, ctx: SampleContext, name: string, depth = 0): Sampled {
  if (schema === true) return ctx.persona.label;
  if (schema === false) return NO_VALUE;
  const s = schema as Schema;
  if (Array.isArray(s.examples) && s.examples.length && ctx.random() < 0.7)
    return structuredClone(s.examples[Math.floor(ctx.random() * s.examples.length)]);
  if (s.const !== undefined) return structuredClone(s.const);
  if (Array.isArray(s.enum)) return sampleEnum(s.enum, ctx, name);
  switch (mainType(s)) {
    case "integer":
      return orNone(sampleNumber(s, ctx.random, true, name));
    case "number":
      return orNone(sampleNumber(s, ctx.random, false, name));
    case "boolean":
      return ctx.random() < 0.5;
    case "null":
      return null;
    case "array":
      return sampleArray(s, ctx, name, depth);
    case "object":
      return sampleObject(s, ctx, name, depth);
    default:
      return orNone(sampleString(s, ctx, name));
  }
}

/** The schema's non-null type; strings when it states none. */
function mainType(s: Schema): string {
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === "string" ? [s.type] : [];
  const nonNull = types.filter((t) => t !== "null");
  if (nonNull.length) return nonNull[0];
  if (types.length) return "null";
  if (s.properties || s.additionalProperties !== undefined) return "object";
  if (s.items) return "array";
  return "string";
}

const orNone = <T>(value: T | undefined): Sampled => (value === undefined ? NO_VALUE : value);

function sampleEnum(values: readonly unknown[], ctx: SampleContext, name: string): Sampled {
  const choices = values.filter((v) => v !== null);
  if (!choices.length) return values.length ? null : NO_VALUE;
  // A country field with a fixed list: the record moves to a country of that list.
  if (stringSemantic(name, ctx.entityName) === "country") {
    const known = choices.filter((v) => countryOf(v));
    if (known.length) {
      const value = known[Math.floor(ctx.random() * known.length)];
      relocate(ctx.persona, countryOf(value)!);
      return structuredClone(value);
    }
  }
  return structuredClone(choices[Math.floor(ctx.random() * choices.length)]);
}

function sampleArray(s: Schema, ctx: SampleContext, name: string, depth: number): Sampled {
  const min = typeof s.minItems === "number" ? s.minItems : 0;
  const max = typeof s.maxItems === "number" ? s.maxItems : Infinity;
  if (min > max) return NO_VALUE;
  const count = Math.min(max, min + randomInt(ctx.random, min ? 0 : 1, 3));
  const items = (s.items ?? true) as JsonSchema;
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; out.length < count && attempt < count * 12 + 12; attempt++) {
    // After a repeat, another persona: other names, words, titles and places.
    // Items of a list (guests, contacts, highlights) are each someone or something else, nearby.
    const itemCtx =
      attempt > out.length
        ? { ...ctx, persona: createPersona(ctx.random) }
        : out.length > 0 || (typeof items === "object" && mainType(items as Schema) === "object")
          ? { ...ctx, persona: createPersona(ctx.random, ctx.persona.country) }
          : ctx;
    const item = sampleValue(items, itemCtx, name, depth + 1);
    if (item === NO_VALUE) {
      if (out.length >= min) break;
      continue;
    }
    const key = JSON.stringify(item);
    if (s.uniqueItems === true && seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out.length >= min ? out : NO_VALUE;
}

function sampleObject(s: Schema, ctx: SampleContext, name: string, depth: number): Sampled {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const money = moneyShape(properties);
  if (money) return sampleMoney(properties, ctx, name, money);
  const out: Record<string, unknown> = {};
  // Inside `guests: [{ name }]` a name is a guest's: the property names what the object is.
  const inner = name ? { ...ctx, entityName: name } : ctx;
  for (const [key, sub] of Object.entries(properties)) {
    const must = required.has(key);
    if (!must && (depth > 4 || ctx.random() > OPTIONAL_RATE)) continue;
    const value = sampleValue(sub, inner, key, depth + 1);
    if (value === NO_VALUE) {
      if (must) return NO_VALUE;
      continue;
    }
    out[key] = value;
  }
  for (const key of required) if (!(key in out) && !(key in properties)) out[key] = ctx.persona.label;
  // A map (`additionalProperties` schema, no properties): a few entries keyed by plain words.
  const extra = s.additionalProperties;
  if (!Object.keys(properties).length && extra && typeof extra === "object" && depth < 4) {
    const keys = [...new Set(ctx.persona.words.slice(0, randomInt(ctx.random, 1, 3)))];
    for (const key of keys) {
      const value = sampleValue(extra as JsonSchema, ctx, key, depth + 1);
      if (value !== NO_VALUE) out[key] = value;
    }
  }
  orderRangePairs(out, ctx.random, properties);
  return out;
}

/** `{ amount, currency }` (money) or `{ value, unit }` (a measurement), by shape. */
function moneyShape(properties: Record<string, JsonSchema>): "money" | "measurement" | null {
  const keys = Object.keys(properties);
  if (keys.length !== 2) return null;
  if (keys.includes("amount") && keys.includes("currency")) return "money";
  if (keys.includes("value") && keys.includes("unit")) return "measurement";
  return null;
}

/**
 * A price in minor units (cents) where prices of this name usually lie, in whole units, in a
 * currency the field allows (the record's country's when it may), or a measurement in range.
 */
function sampleMoney(
  properties: Record<string, JsonSchema>,
  ctx: SampleContext,
  name: string,
  shape: "money" | "measurement",
  bounds: NumberBounds = {},
): Sampled {
  if (shape === "measurement") return sampleMeasurement(properties, ctx, name, bounds);
  const amountSchema = properties.amount as Schema;
  const currencySchema = properties.currency as Schema;
  const semantic = numberSemantic(name);
  const [low, high] = NUMBER_WINDOWS[semantic === "plain" || semantic === "count" ? "price" : semantic];
  const unitStep = { ...amountSchema, multipleOf: amountSchema.multipleOf ?? 100 };
  const amount =
    sampleNumber(unitStep, ctx.random, true, name, bounds, [low * 100, high * 100]) ??
    sampleNumber(amountSchema, ctx.random, true, name, bounds, [low * 100, high * 100]);
  const allowed = Array.isArray(currencySchema.enum) ? (currencySchema.enum as string[]) : null;
  const currency = allowed
    ? allowed.includes(ctx.persona.country.currency)
      ? ctx.persona.country.currency
      : allowed[Math.floor(ctx.random() * allowed.length)]
    : ctx.persona.country.currency;
  return amount === undefined ? NO_VALUE : { amount, currency };
}

/**
 * A measurement: a quantity drawn in the first unit the field allows (the unit its range is
 * written in), then stated in the unit picked for the record, converted, when that unit is of the
 * same dimension and the converted number still lies in the declared range: 178 cm or 70.1 in,
 * never 73.58 cm because 73.58 was a plausible number of inches.
 */
function sampleMeasurement(
  properties: Record<string, JsonSchema>,
  ctx: SampleContext,
  name: string,
  bounds: NumberBounds,
): Sampled {
  const valueSchema = properties.value as Schema;
  const units = (properties.unit as Schema).enum;
  const base = Array.isArray(units) && typeof units[0] === "string" ? units[0] : undefined;
  const value = sampleNumber(valueSchema, ctx.random, false, name, bounds, bodyWindow(name, base, ctx));
  const unit = sampleValue(properties.unit, ctx, "unit");
  if (value === undefined || unit === NO_VALUE) return NO_VALUE;
  if (typeof unit !== "string" || !base || unit === base || Object.keys(bounds).length) return { value, unit };
  const dimension = dimensionOf(base);
  const factors = dimension ? UNIT_FACTORS[dimension] : undefined;
  if (!factors || dimensionOf(unit) !== dimension) return { value, unit: base };
  const converted = Number(((value * factors[base]) / factors[unit]).toFixed(1));
  const inRange =
    (typeof valueSchema.minimum !== "number" || converted >= valueSchema.minimum) &&
    (typeof valueSchema.maximum !== "number" || converted <= valueSchema.maximum);
  return inRange ? { value: converted, unit } : { value, unit: base };
}

/** A person's height (150–200 cm) or weight (50–95 kg), in `base`; undefined for anything else. */
function bodyWindow(name: string, base: string | undefined, ctx: SampleContext): [number, number] | undefined {
  if (!ctx.aboutPerson || !base) return undefined;
  const words = nameWords(name);
  const dimension = dimensionOf(base);
  const span: [number, number, string] | null =
    dimension === "length" && words.some((w) => /^(height|stature|tall)$/.test(w))
      ? [150, 200, "cm"]
      : dimension === "mass" && words.some((w) => /^(weight|mass)$/.test(w))
        ? [50, 95, "kg"]
        : null;
  if (!span) return undefined;
  const factors = UNIT_FACTORS[dimension!];
  const toBase = (v: number) => (v * factors[span[2]]) / factors[base];
  return [toBase(span[0]), toBase(span[1])];
}

/** A money or measurement value above (or below) another one's amount: for cross-field facts. */
export function sampleBoundedValue(
  schema: JsonSchema,
  ctx: SampleContext,
  name: string,
  bounds: NumberBounds,
): Sampled {
  if (typeof schema === "boolean") return NO_VALUE;
  const type = mainType(schema);
  if (type === "integer" || type === "number")
    return orNone(sampleNumber(schema, ctx.random, type === "integer", name, bounds));
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const shape = moneyShape(properties);
  return shape ? sampleMoney(properties, ctx, name, shape, bounds) : NO_VALUE;
}
