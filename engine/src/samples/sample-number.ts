import { randomInt, type Random } from "./random.ts";
import { NUMBER_WINDOWS, numberSemantic } from "./semantics.ts";

type Schema = Readonly<Record<string, unknown>>;

/** Extra bounds a cross-field fact adds (`x-gt`: above another field's value). */
export interface NumberBounds {
  readonly above?: { value: number; inclusive: boolean };
  readonly below?: { value: number; inclusive: boolean };
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * A number inside the schema's range (minimum, maximum, exclusive bounds, multipleOf) and any
 * extra bounds, placed where values of a field with this name usually lie (ratings 1–5,
 * years, prices…). Undefined when the range is empty.
 */
export function sampleNumber(
  schema: Schema,
  random: Random,
  integer: boolean,
  name: string,
  bounds: NumberBounds = {},
  window = NUMBER_WINDOWS[numberSemantic(name)],
): number | undefined {
  const lows: { value: number; inclusive: boolean }[] = [];
  const highs: { value: number; inclusive: boolean }[] = [];
  if (num(schema.minimum) !== undefined) lows.push({ value: num(schema.minimum)!, inclusive: true });
  if (num(schema.exclusiveMinimum) !== undefined) lows.push({ value: num(schema.exclusiveMinimum)!, inclusive: false });
  if (num(schema.maximum) !== undefined) highs.push({ value: num(schema.maximum)!, inclusive: true });
  if (num(schema.exclusiveMaximum) !== undefined)
    highs.push({ value: num(schema.exclusiveMaximum)!, inclusive: false });
  if (bounds.above) lows.push(bounds.above);
  if (bounds.below) highs.push(bounds.below);
  const step = num(schema.multipleOf) ?? (integer ? 1 : 0);
  // Exclusive bounds move inwards by a hair (the strict test below has the last word); with no
  // multipleOf, by a cent, so two-decimal values can still land inside.
  const tiny = integer || step > 0 ? 1e-9 : 0.01;
  let low = -Infinity;
  for (const b of lows) low = Math.max(low, b.inclusive ? b.value : b.value + tiny);
  let high = Infinity;
  for (const b of highs) high = Math.min(high, b.inclusive ? b.value : b.value - tiny);
  if (integer) {
    low = Math.ceil(low - 1e-12);
    high = Math.floor(high + 1e-12);
  }
  if (low > high) return undefined;
  const [wLow, wHigh] =
    window === NUMBER_WINDOWS.plain && Number.isFinite(low) && Number.isFinite(high) && high > low
      ? middleOf(low, high)
      : scaledWindow(window, low, high);
  // Where the field's usual values meet its declared range; else the part of the range nearest to them.
  let a = Math.max(low, wLow);
  let b = Math.min(high, wHigh);
  if (a > b) {
    const width = wHigh - wLow;
    if (wHigh < low) [a, b] = [low, Math.min(high, low + width)];
    else [a, b] = [Math.max(low, high - width), high];
  }
  const strict = (v: number) =>
    lows.every((l) => (l.inclusive ? v >= l.value : v > l.value)) &&
    highs.every((h) => (h.inclusive ? v <= h.value : v < h.value));
  for (let attempt = 0; attempt < 40; attempt++) {
    const value = candidate(a, b, step, integer, random, attempt >= 20 ? [low, high] : null);
    if (value !== undefined && strict(value) && isMultiple(value, step)) return value;
  }
  return undefined;
}

/**
 * A field the names say nothing about, with a declared range: its middle half, where such values
 * usually lie (a height of 40–250 is rarely 41), rather than a guess that ignores the range.
 */
function middleOf(low: number, high: number): [number, number] {
  const quarter = (high - low) / 4;
  return [low + quarter, high - quarter];
}

/** Fractions (probabilities, 0–1 rates) when the range lies within [0, 1]. */
function scaledWindow(window: readonly [number, number], low: number, high: number): [number, number] {
  if (low >= 0 && high <= 1 && window[1] > 1) return [window[0] / 100, window[1] / 100];
  return [window[0], window[1]];
}

function candidate(
  a: number,
  b: number,
  step: number,
  integer: boolean,
  random: Random,
  wide: [number, number] | null,
): number | undefined {
  // After many misses (a multipleOf the usual window holds no value of), the whole range.
  const [low, high] = wide
    ? [Number.isFinite(wide[0]) ? wide[0] : a - 1000, Number.isFinite(wide[1]) ? wide[1] : b + 1000]
    : [a, b];
  if (step > 0) {
    const first = Math.ceil(low / step - 1e-9);
    const last = Math.floor(high / step + 1e-9);
    if (first > last) return undefined;
    const k = first + Math.floor(random() * Math.min(last - first + 1, Number.MAX_SAFE_INTEGER));
    const decimals = decimalsOf(step);
    return Number((k * step).toFixed(decimals));
  }
  if (integer) return randomInt(random, low, high);
  // Two decimals look like real measurements and prices.
  const value = Number((low + random() * (high - low)).toFixed(2));
  return value;
}

const decimalsOf = (step: number) => {
  const text = String(step);
  const e = /e-(\d+)$/.exec(text);
  if (e) return Number(e[1]);
  return text.includes(".") ? text.split(".")[1].length : 0;
};

/** Ajv's test: value / multipleOf is an integer. */
const isMultiple = (value: number, step: number) => step <= 0 || Number.isInteger(value / step);
