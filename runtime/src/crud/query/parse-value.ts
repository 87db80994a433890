import type { ValueType } from "../model/types.ts";
import { UUID_PATTERN } from "../../../../engine/src/contract/patterns.ts";

/** A query-string value read as its column's type, or the reason it cannot be. */
export type Parsed = { ok: true; value: string | number | boolean } | { ok: false; message: string };

const INTEGER = /^-?\d{1,16}$/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const MAX_TEXT = 1000;

const fail = (message: string): Parsed => ({ ok: false, message });

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  // Year 0000 is no date PostgreSQL takes (as in engine/src/contract/stored-formats.ts).
  if (+m[1] < 1) return false;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  date.setUTCFullYear(+m[1]);
  return date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3];
}

/**
 * Strictly typed: `abc` is not an integer, `2024-02-30` not a date. Timestamps are normalized
 * to UTC ISO text, which is also how JSONB-stored timestamps compare.
 */
export function parseValue(
  text: string,
  type: ValueType,
  enumValues: readonly (string | number)[] | null = null,
): Parsed {
  if (text.length > MAX_TEXT) return fail(`must be at most ${MAX_TEXT} characters`);
  let parsed: Parsed;
  switch (type) {
    case "uuid":
      parsed = UUID_PATTERN.test(text) ? { ok: true, value: text.toLowerCase() } : fail("must be a uuid");
      break;
    case "integer": {
      const n = Number(text);
      parsed = INTEGER.test(text) && Number.isSafeInteger(n) ? { ok: true, value: n } : fail("must be an integer");
      break;
    }
    case "number": {
      const n = Number(text);
      parsed = NUMBER.test(text) && Number.isFinite(n) ? { ok: true, value: n } : fail("must be a number");
      break;
    }
    case "boolean":
      parsed =
        text === "true" || text === "false" ? { ok: true, value: text === "true" } : fail("must be true or false");
      break;
    case "date":
      parsed = validDate(text) ? { ok: true, value: text } : fail("must be a date (YYYY-MM-DD)");
      break;
    case "datetime": {
      // No zone means UTC (JavaScript would read it as server-local time).
      const iso =
        text.length === 10
          ? `${text}T00:00:00Z`
          : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)
            ? text.replace(" ", "T")
            : `${text.replace(" ", "T")}Z`;
      // UTC offsets beyond ±15:59 are none PostgreSQL takes.
      const offset = /[+-](\d{2}):?\d{2}$/.exec(text.slice(10));
      const time =
        DATE_TIME.test(text) && validDate(text.slice(0, 10)) && !(offset && +offset[1] > 15) ? Date.parse(iso) : NaN;
      parsed = Number.isFinite(time)
        ? { ok: true, value: new Date(time).toISOString() }
        : fail("must be a date-time (ISO 8601)");
      break;
    }
    default:
      parsed = { ok: true, value: text };
  }
  if (parsed.ok && enumValues && !enumValues.includes(parsed.value as string | number)) {
    return fail(`must be one of: ${enumValues.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  return parsed;
}
