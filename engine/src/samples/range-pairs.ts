import { compileValueSchema } from "../checks/value-validator.ts";
import type { JsonSchema } from "../ir/types.ts";
import { comparable } from "./comparable.ts";
import { randomInt, type Random } from "./random.ts";
import { isoDate, isoDateTime } from "./sample-string.ts";
import { nameWords } from "./semantics.ts";

/** The word that names the low end of a range, and the one that names its high end. */
const ENDS: Record<string, string> = {
  min: "max",
  minimum: "maximum",
  from: "to",
  start: "end",
  starts: "ends",
  begin: "end",
  opens: "closes",
  open: "close",
  earliest: "latest",
  lower: "upper",
  low: "high",
};

/**
 * Keys of `object` that read as the two ends of one range (`min`/`max`, `minAge`/`maxAge`,
 * `startsAt`/`endsAt`, `registrationOpensAt`/`registrationClosesAt`): low key first.
 */
export function rangePairs(keys: readonly string[]): [string, string][] {
  const byWords = new Map(keys.map((k) => [nameWords(k).join(" "), k]));
  const pairs: [string, string][] = [];
  for (const key of keys) {
    const words = nameWords(key);
    words.forEach((word, i) => {
      const high = ENDS[word];
      if (!high) return;
      const other = byWords.get([...words.slice(0, i), high, ...words.slice(i + 1)].join(" "));
      if (other && other !== key) pairs.push([key, other]);
    });
  }
  return pairs;
}

/**
 * Sample data whose ranges run backwards looks broken (an event that ends before it starts):
 * orders the two ends of each pair of comparable values, and keeps time spans short (an end a
 * few hours after its start, a date range of days or weeks).
 */
export function orderRangePairs(
  object: Record<string, unknown>,
  random: Random,
  schemas: Readonly<Record<string, JsonSchema>>,
): void {
  for (const [lowKey, highKey] of rangePairs(Object.keys(object))) {
    const before = { low: object[lowKey], high: object[highKey] };
    const low = comparable(object[lowKey]);
    const high = comparable(object[highKey]);
    if (!low || !high || low.kind !== high.kind) continue;
    if ("currency" in low && "currency" in high && low.currency !== high.currency) continue;
    if (low.kind === "date-time") object[highKey] = isoDateTime(low.value + randomInt(random, 1, 10) * 3_600_000);
    else if (low.kind === "date") object[highKey] = isoDate(low.value + randomInt(random, 1, 60) * 86_400_000);
    else if (low.value > high.value) [object[lowKey], object[highKey]] = [object[highKey], object[lowKey]];
    // Each end must still satisfy its own schema (the two may have different ranges).
    const fits = (key: string) => !schemas[key] || compileValueSchema(schemas[key])(object[key]);
    if (!fits(lowKey) || !fits(highKey)) [object[lowKey], object[highKey]] = [before.low, before.high];
  }
}
