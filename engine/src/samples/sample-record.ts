/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema keywords are read loosely here */
import type { EntityIR, FieldIR, JsonSchema } from "../ir/types.ts";

/**
 * Realistic sample records for an entity, from its IR: used by the demo seed, the benchmarks
 * and the end-to-end tests. Deterministic for a given seed. Foreign keys are left out: the
 * caller knows which records exist.
 */
export function sampleRecord(entity: EntityIR, seed: number): Record<string, unknown> {
  const random = prng(seed * 7919 + entity.name.length);
  const record: Record<string, unknown> = {};
  for (const field of entity.fields) {
    if (field.readOnly || field.computed !== null) continue;
    if (!field.required && field.default === undefined && random() < 0.15) continue;
    record[field.name] = sampleField(field, random, seed);
  }
  return record;
}

export type Random = () => number;

/** A small LCG: reproducible, no dependency. */
export function prng(seed: number): Random {
  let state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

const WORDS = [
  "Aurora",
  "Velvet",
  "Harbor",
  "Summit",
  "Linen",
  "Cobalt",
  "Marble",
  "Saffron",
  "Willow",
  "Ember",
  "Atlas",
  "Nova",
  "Juniper",
  "Onyx",
  "Coral",
  "Sierra",
];
const FIRST = ["Mia", "Noah", "Lena", "Elias", "Sofia", "Luca", "Emma", "Jonas", "Clara", "Felix", "Ava", "Leon"];
const LAST = ["Berg", "Novak", "Rossi", "Keller", "Laurent", "Hansen", "Moreau", "Silva", "Weber", "Costa"];
const CITIES = ["Berlin", "Paris", "Milan", "London", "Vienna", "Zurich", "Madrid", "Lisbon", "Munich", "Amsterdam"];

function sampleField(field: FieldIR, random: Random, seed: number): unknown {
  if (field.default !== undefined && random() < 0.3) return structuredClone(field.default);
  return sampleSchema(field.schema, random, seed, field.name);
}

/** A value that satisfies `schema` (the JSON Schema subset templates use). */
export function sampleSchema(schema: JsonSchema, random: Random, seed = 0, hint = ""): unknown {
  if (typeof schema === "boolean") return schema ? "x" : undefined;
  const s = schema as Record<string, any>;
  if (Array.isArray(s.examples) && s.examples.length)
    return structuredClone(s.examples[Math.floor(random() * s.examples.length)]);
  if (s.const !== undefined) return structuredClone(s.const);
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v: unknown) => v !== null);
    return structuredClone(values[Math.floor(random() * values.length)]);
  }
  const types: string[] = Array.isArray(s.type)
    ? s.type.filter((t: string) => t !== "null")
    : s.type
      ? [s.type]
      : ["string"];
  switch (types[0]) {
    case "integer":
      return sampleNumber(s, random, true);
    case "number":
      return sampleNumber(s, random, false);
    case "boolean":
      return random() < 0.5;
    case "array":
      return sampleArray(s, random, seed, hint);
    case "object":
      return sampleObject(s, random, seed);
    default:
      return sampleString(s, random, seed, hint);
  }
}

function sampleNumber(s: Record<string, any>, random: Random, integer: boolean): number {
  let low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 0.01) : 0);
  let high = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 0.01) : low + 1000);
  if (high < low) high = low;
  const step = s.multipleOf ?? (integer ? 1 : 0.5);
  low = Math.ceil(low / step) * step;
  const steps = Math.max(0, Math.floor((high - low) / step));
  const value = low + Math.floor(random() * (steps + 1)) * step;
  return integer ? Math.round(value) : Number(value.toFixed(4));
}

function sampleArray(s: Record<string, any>, random: Random, seed: number, hint: string): unknown[] {
  const min = s.minItems ?? 0;
  const max = Math.max(min, Math.min(s.maxItems ?? 3, 3));
  const count = min + Math.floor(random() * (max - min + 1));
  const items: unknown[] = [];
  for (let attempt = 0; items.length < count && attempt < count * 10; attempt++) {
    const item = sampleSchema(s.items ?? {}, random, seed + attempt, hint);
    if (s.uniqueItems && items.some((i) => JSON.stringify(i) === JSON.stringify(item))) continue;
    items.push(item);
  }
  return items;
}

function sampleObject(s: Record<string, any>, random: Random, seed: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set<string>(s.required ?? []);
  for (const [name, sub] of Object.entries<JsonSchema>(s.properties ?? {})) {
    if (!required.has(name) && random() < 0.3) continue;
    out[name] = sampleSchema(sub, random, seed, name);
  }
  return out;
}

const FORMAT_SAMPLES: Record<string, (random: Random, seed: number) => string> = {
  email: (r) => `${pick(FIRST, r).toLowerCase()}.${pick(LAST, r).toLowerCase()}${Math.floor(r() * 1000)}@example.com`,
  uri: (r) => `https://example.com/${pick(WORDS, r).toLowerCase()}/${Math.floor(r() * 10000)}`,
  date: (r) => `20${26 + Math.floor(r() * 3)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}`,
  "date-time": (r) =>
    `20${26 + Math.floor(r() * 3)}-${pad(1 + Math.floor(r() * 12))}-${pad(1 + Math.floor(r() * 28))}T${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}:00.000Z`,
  uuid: (r) => {
    const hex = () => Math.floor(r() * 16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join("");
    return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
  },
  phone: (r) => `+4915${Math.floor(10000000 + r() * 89999999)}`,
  time: (r) => `${pad(Math.floor(r() * 24))}:${pad(Math.floor(r() * 60))}:00Z`,
  hostname: (r) => `${pick(WORDS, r).toLowerCase()}.example.com`,
  ipv4: (r) => `192.0.2.${1 + Math.floor(r() * 250)}`,
  ipv6: () => "2001:db8::1",
};

/** Candidates tried against a `pattern`, most specific first. */
const PATTERN_CANDIDATES = [
  "#1A2B3C",
  "image/jpeg",
  "EUR",
  "ABC123",
  "abc",
  "a-b-c",
  "A1",
  "x",
  "123",
  "+4915112345678",
  "12:30",
  "de",
  "DE",
  "https://example.com",
  "2026-01-31",
  "0",
];

function sampleString(s: Record<string, any>, random: Random, seed: number, hint: string): string {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 200;
  const fits = (v: string) =>
    [...v].length >= min && [...v].length <= max && (!s.pattern || new RegExp(s.pattern, "u").test(v));
  const format = s.format && FORMAT_SAMPLES[s.format];
  if (format) return format(random, seed);
  const candidates = [textFor(hint, random), ...PATTERN_CANDIDATES];
  const found = candidates.find(fits);
  if (found !== undefined) return found;
  // Pad or cut a word to the length range when no pattern applies.
  const base = pick(WORDS, random).repeat(Math.ceil(Math.max(min, 1) / 4));
  return base.slice(0, Math.max(min, Math.min(max, base.length)));
}

/** Plausible text from the field name, so demo data reads like a marketplace. */
function textFor(hint: string, random: Random): string {
  const name = hint.toLowerCase();
  if (/(first|given)name/.test(name)) return pick(FIRST, random);
  if (/(last|family|sur)name/.test(name)) return pick(LAST, random);
  if (/name|contact|person/.test(name)) return `${pick(FIRST, random)} ${pick(LAST, random)}`;
  if (/city|town|location/.test(name)) return pick(CITIES, random);
  if (/country/.test(name)) return "DE";
  if (/title|headline|subject|label/.test(name))
    return `${pick(WORDS, random)} ${pick(["Campaign", "Editorial", "Gala", "Shoot", "Evening", "Showcase"], random)}`;
  if (/bio|description|about|notes|comment|message|body|text|summary|cover/.test(name)) {
    return `${pick(WORDS, random)} ${pick(["is a", "brings a", "offers a"], random)} ${pick(["refined", "bold", "quiet", "vivid"], random)} ${pick(["style", "presence", "touch", "perspective"], random)} to every project.`;
  }
  if (/slug|code|key|handle/.test(name)) return `${pick(WORDS, random).toLowerCase()}-${Math.floor(random() * 1000)}`;
  return pick(WORDS, random);
}

const pick = <T>(list: readonly T[], random: Random): T => list[Math.floor(random() * list.length)];
const pad = (n: number) => String(n).padStart(2, "0");
