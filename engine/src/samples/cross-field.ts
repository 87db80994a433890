import type { JsonSchema } from "../ir/types.ts";
import { comparable, type Comparable } from "./comparable.ts";
import { randomInt } from "./random.ts";
import { isoDate, isoDateTime, type SampleContext } from "./sample-string.ts";
import { NO_VALUE, sampleBoundedValue, type Sampled } from "./sample-value.ts";

/** A template's cross-field fact: when both are set, `field` is greater than (or equal to) `than`. */
export interface FieldComparison {
  readonly field: string;
  readonly op: "gt" | "gte";
  readonly than: string;
}

/**
 * Whether a record keeps a fact. Unset (or null) on either side keeps it; values of different
 * kinds or currencies break it (a price in EUR is not above one in USD).
 */
export function holds(fact: FieldComparison, record: Readonly<Record<string, unknown>>): boolean {
  const a = record[fact.field];
  const b = record[fact.than];
  if (a === undefined || a === null || b === undefined || b === null) return true;
  const x = comparable(a);
  const y = comparable(b);
  if (!x || !y) return false;
  const sameKind = x.kind === y.kind || (x.kind === "number" && y.kind === "number");
  if (!sameKind) return false;
  if (x.kind === "money" && y.kind === "money" && x.currency !== y.currency) return false;
  return fact.op === "gt" ? x.value > y.value : x.value >= y.value;
}

/** Facts in an order where each `than` is settled before a fact that reads it as `field`. */
export function orderFacts(facts: readonly FieldComparison[]): FieldComparison[] {
  const out: FieldComparison[] = [];
  const pending = [...facts];
  while (pending.length) {
    const index = pending.findIndex((f) => !pending.some((g) => g !== f && g.field === f.than));
    out.push(...pending.splice(index < 0 ? 0 : index, 1));
  }
  return out;
}

/**
 * Makes `record` keep every fact: a value that breaks one is drawn again above the value it is
 * compared with (a later date, a larger number or amount in the same currency), else below it;
 * an optional field that still cannot is left out. Returns the facts it could not satisfy.
 */
export function satisfyFacts(
  record: Record<string, unknown>,
  facts: readonly FieldComparison[],
  properties: Readonly<Record<string, JsonSchema>>,
  required: ReadonlySet<string>,
  ctx: SampleContext,
): FieldComparison[] {
  const broken: FieldComparison[] = [];
  for (const fact of orderFacts(facts)) {
    if (holds(fact, record)) continue;
    const other = comparable(record[fact.than]);
    const above = other && redraw(properties[fact.field], record[fact.field], other, fact.op, "above", fact.field, ctx);
    if (above !== undefined && above !== NO_VALUE) record[fact.field] = above;
    if (holds(fact, record)) continue;
    const mine = comparable(record[fact.field]);
    const below = mine && redraw(properties[fact.than], record[fact.than], mine, fact.op, "below", fact.than, ctx);
    if (below !== undefined && below !== NO_VALUE) record[fact.than] = below;
    if (holds(fact, record)) continue;
    if (!required.has(fact.field)) delete record[fact.field];
    else if (!required.has(fact.than)) delete record[fact.than];
    else broken.push(fact);
  }
  return broken;
}

function redraw(
  schema: JsonSchema | undefined,
  current: unknown,
  bound: Comparable,
  op: "gt" | "gte",
  side: "above" | "below",
  name: string,
  ctx: SampleContext,
): Sampled {
  if (schema === undefined) return NO_VALUE;
  if (bound.kind === "date" || bound.kind === "date-time") {
    const day = 86_400_000;
    const shift = bound.kind === "date" ? randomInt(ctx.random, 1, 21) * day : randomInt(ctx.random, 1, 16) * 3_600_000;
    const ms = side === "above" ? bound.value + shift : bound.value - shift;
    const kind = comparable(current)?.kind ?? bound.kind;
    return kind === "date" ? isoDate(ms) : isoDateTime(ms);
  }
  const limit = { value: bound.value, inclusive: op === "gte" };
  const bounds = side === "above" ? { above: limit } : { below: limit };
  const value = sampleBoundedValue(schema, ctx, name, bounds);
  // Money compares in one currency: take the other side's.
  if (bound.kind === "money" && value !== NO_VALUE && value && typeof value === "object")
    return { ...value, currency: bound.currency };
  return value;
}
