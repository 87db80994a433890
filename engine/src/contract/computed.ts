/**
 * `x-computed` expressions the platform maintains, parsed once for the engine's checks and the
 * generator of their database triggers:
 * - aggregates over a one-to-many relation: `count(reviews)`, `sum|avg|min|max(reviews.rating)`
 *   (deleted related rows do not count);
 * - a measurement in one unit: `convert(height, 'cm')`, `round(convert(height, 'cm'))`.
 * Anything else parses to `null`: the engine warns, and the field stays a nullable column.
 */

export type AggregateFn = "count" | "sum" | "avg" | "min" | "max";

export type ComputedExpr =
  | { readonly kind: "aggregate"; readonly fn: AggregateFn; readonly relation: string; readonly field: string | null }
  | { readonly kind: "convert"; readonly field: string; readonly unit: string; readonly round: boolean };

const COUNT = /^count\(\s*([A-Za-z][A-Za-z0-9_]*)\s*\)$/;
const AGGREGATE = /^(sum|avg|min|max)\(\s*([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)\s*\)$/;
const CONVERT = /^convert\(\s*([A-Za-z][A-Za-z0-9_]*)\s*,\s*'([A-Za-z0-9_-]+)'\s*\)$/;
const ROUND = /^round\(\s*(.*)\s*\)$/;

export function parseComputed(text: string): ComputedExpr | null {
  const source = text.trim();
  const count = COUNT.exec(source);
  if (count) return { kind: "aggregate", fn: "count", relation: count[1], field: null };
  const aggregate = AGGREGATE.exec(source);
  if (aggregate)
    return { kind: "aggregate", fn: aggregate[1] as AggregateFn, relation: aggregate[2], field: aggregate[3] };
  const round = ROUND.exec(source);
  const convert = CONVERT.exec(round ? round[1].trim() : source);
  if (convert) return { kind: "convert", field: convert[1], unit: convert[2], round: round !== null };
  return null;
}

/** Units `convert` knows, per dimension, as a factor to the dimension's base unit. */
export const UNIT_FACTORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  length: { mm: 0.001, cm: 0.01, m: 1, km: 1000, in: 0.0254, ft: 0.3048, yd: 0.9144, mi: 1609.344 },
  mass: { g: 0.001, kg: 1, lb: 0.45359237, oz: 0.028349523125, t: 1000 },
  volume: { ml: 0.001, l: 1, "fl-oz": 0.0295735295625, gal: 3.785411784 },
  area: { sqm: 1, sqft: 0.09290304, ha: 10000, acre: 4046.8564224 },
  duration: { s: 1, min: 60, h: 3600, d: 86400 },
};

/** The dimension a unit belongs to, or null. */
export function dimensionOf(unit: string): string | null {
  for (const [dimension, units] of Object.entries(UNIT_FACTORS)) if (unit in units) return dimension;
  return null;
}
