import { compileValueSchema } from "../checks/value-validator.ts";
import { entityRecordSchema } from "../ir/entity-schemas.ts";
import type { EntityIR, JsonSchema } from "../ir/types.ts";
import { holds, satisfyFacts, type FieldComparison } from "./cross-field.ts";
import { createPersona } from "./persona.ts";
import { recordTitle } from "./record-title.ts";
import { prng, type Random } from "./random.ts";
import { orderRangePairs } from "./range-pairs.ts";
import type { SampleContext } from "./sample-string.ts";
import { NO_VALUE, sampleValue } from "./sample-value.ts";
import { stringSemantic } from "./semantics.ts";

export type { FieldComparison } from "./cross-field.ts";
export { prng, type Random } from "./random.ts";

export interface RecordSampleOptions {
  /** The entity's name: `name` on a `Member` is a person's, on a `Company` a company's. */
  readonly entityName?: string;
  /** Properties to leave out (foreign keys: the caller knows which records exist). */
  readonly omit?: readonly string[];
  /** Cross-field facts the record must keep (`x-gt`/`x-gte`). */
  readonly comparisons?: readonly FieldComparison[];
}

export type RecordSample =
  | { readonly ok: true; readonly record: Record<string, unknown> }
  | { readonly ok: false; readonly record: Record<string, unknown>; readonly problems: readonly string[] };

/** Chance that an optional top-level field stays empty; and that one with a default keeps it. */
const SKIP_OPTIONAL = 0.15;
const USE_DEFAULT = 0.3;
const ATTEMPTS = 6;

/**
 * A plausible record for an entity's create schema (an object schema): every required
 * property, most optional ones, values that satisfy their schemas (types, formats, ranges,
 * patterns, lengths, items) and the entity's cross-field facts, drawn from one persona so the
 * fields agree with each other. Deterministic for a seed; validated before it is returned, and
 * drawn again (a few times) when it fails. `ok: false` says why the last draw still failed.
 */
export function sampleCreateRecord(schema: JsonSchema, seed: number, options: RecordSampleOptions = {}): RecordSample {
  const s = (typeof schema === "object" ? schema : {}) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  const omit = new Set(options.omit ?? []);
  const properties = Object.fromEntries(Object.entries(s.properties ?? {}).filter(([name]) => !omit.has(name)));
  const required = new Set((s.required ?? []).filter((name) => !omit.has(name)));
  const validate = compileValueSchema({ ...(schema as object), properties, required: [...required] });
  const facts = (options.comparisons ?? []).filter((f) => f.field in properties && f.than in properties);
  const entityName = options.entityName ?? "";
  let record: Record<string, unknown> = {};
  let problems: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const random = prng(seed * 7919 + hash(entityName) + attempt * 104_729);
    const ctx: SampleContext = {
      random,
      persona: createPersona(random),
      entityName,
      aboutPerson: aboutPerson(properties, entityName),
    };
    record = {};
    problems = [];
    let titled = false;
    for (const name of fillOrder(Object.keys(properties), entityName)) {
      const sub = properties[name];
      if (!titled && LAST.has(stringSemantic(name, entityName))) {
        // Titles and slugs come last, from what the record already is (its kind, its city).
        ctx.persona.label = recordTitle(entityName, record, properties, ctx);
        titled = true;
      }
      const must = required.has(name);
      const fallback = typeof sub === "object" ? sub.default : undefined;
      if (!must && fallback === undefined && random() < SKIP_OPTIONAL) continue;
      if (fallback !== undefined && random() < USE_DEFAULT) {
        record[name] = structuredClone(fallback);
        continue;
      }
      const value = sampleValue(sub, ctx, name);
      if (value !== NO_VALUE) record[name] = value;
      else if (must) problems.push(`${name}: no value satisfies its schema`);
    }
    orderRangePairs(record, random, properties);
    for (const fact of satisfyFacts(record, facts, properties, required, ctx))
      problems.push(`${fact.field}: cannot be ${fact.op === "gt" ? "greater than" : "at least"} ${fact.than}`);
    if (!validate(record))
      for (const e of validate.errors ?? []) problems.push(`${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
    for (const fact of facts) if (!holds(fact, record)) problems.push(`${fact.field}: breaks ${fact.op} ${fact.than}`);
    if (!problems.length) return { ok: true, record: ordered(record, properties) };
  }
  return { ok: false, record: ordered(record, properties), problems: [...new Set(problems)] };
}

/**
 * Realistic sample records for an entity, from its IR: used by the benchmarks and tests (the
 * demo seed samples the registry's create schemas the same way). Foreign keys are left out.
 */
export function sampleRecord(entity: EntityIR, seed: number): Record<string, unknown> {
  return sampleEntityRecord(entity, seed).record;
}

/**
 * A body a client may send to create the record: `sampleRecord` without the status field a
 * workflow owns (the API refuses any value but the workflow's first state; the workflow sets it).
 */
export function sampleCreateBody(entity: EntityIR, seed: number): Record<string, unknown> {
  const record = sampleRecord(entity, seed);
  if (entity.status) delete record[entity.status.field];
  return record;
}

/** `sampleRecord` with the verdict: `ok: false` names what could not be satisfied. */
export function sampleEntityRecord(entity: EntityIR, seed: number): RecordSample {
  return sampleCreateRecord(entityRecordSchema(entity, "create"), seed, {
    entityName: entity.name,
    // Foreign keys and media ids name rows that must exist; a sample cannot make them up.
    omit: [
      ...entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : [])),
      ...entity.fields.filter((f) => f.media).map((f) => f.name),
    ],
    comparisons: entity.comparisons,
  });
}

/** One value for `schema` (undefined when none fits): for tests that build bodies by hand. */
export function sampleSchema(schema: JsonSchema, random: Random, _seed = 0, hint = ""): unknown {
  const value = sampleValue(schema, { random, persona: createPersona(random), entityName: "" }, hint);
  return value === NO_VALUE ? undefined : value;
}

/** A person's record: a first or last name, a birth date or a gender among its fields. */
function aboutPerson(properties: Record<string, unknown>, entityName: string): boolean {
  return Object.keys(properties).some(
    (name) =>
      ["firstName", "lastName", "personName"].includes(stringSemantic(name, entityName)) ||
      /^(gender|sex|date ?of ?birth|dob|birth ?date|birthday)$/i.test(name.replace(/([a-z])([A-Z])/g, "$1 $2")),
  );
}

const NAMED_LAST = new Set(["title", "slug"]);
/** Drawn after the title they repeat: running text. */
const TEXT_LAST = new Set(["longText"]);
const LAST = new Set([...NAMED_LAST, ...TEXT_LAST]);

/**
 * Country fields first: the record's city, phone and currency follow the country they pick.
 * Title and slug fields last (drawn from the record's other values), then the text that repeats them.
 */
function fillOrder(names: string[], entityName: string): string[] {
  const semantic = (n: string) => stringSemantic(n, entityName);
  const first = names.filter((n) => semantic(n) === "country");
  const named = names.filter((n) => NAMED_LAST.has(semantic(n)) && !first.includes(n));
  const text = names.filter((n) => TEXT_LAST.has(semantic(n)) && !first.includes(n));
  const rest = names.filter((n) => !first.includes(n) && !named.includes(n) && !text.includes(n));
  return [...first, ...rest, ...named, ...text];
}

function ordered(record: Record<string, unknown>, properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(properties)) if (name in record) out[name] = record[name];
  return out;
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return h;
}
