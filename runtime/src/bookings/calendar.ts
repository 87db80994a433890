/**
 * Availability as pure arithmetic (no database): a resource's calendar entries expanded into
 * open and closed windows over a range (rrule for the recurring ones), cut into the booking
 * units of its declaration (nights, or slots of `slotMinutes`), with the seats existing
 * bookings take subtracted. Times are milliseconds since the epoch, UTC; a night is the UTC day
 * [D, D + 1 day) and a date range's end (`checkOut`) is exclusive.
 */
import rrule from "rrule";

// rrule 2.8 ships a CommonJS bundle whose named exports Node's ES module loader cannot see (only
// bundlers and tsx's test transform do), so `npm start` takes them from the default export.
const { RRule } = rrule;

export const DAY = 86_400_000;

/** An entry of a resource's calendar as stored (booking_calendar). */
export interface CalendarEntry {
  readonly kind: "open" | "closed";
  readonly rrule: string | null;
  readonly startsAt: number;
  readonly endsAt: number;
}

export interface Window {
  readonly start: number;
  readonly end: number;
}

export interface Unit extends Window {
  /** Seats still free. */
  remaining: number;
}

/** Recurrences are expanded at most this far: a range that needs more is refused before. */
export const MAX_OCCURRENCES = 5000;

const WEEKDAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;
const ints = (value: string, min: number, max: number, allowNegative = false) =>
  value.split(",").every((v) => {
    if (!/^[+-]?\d{1,3}$/.test(v)) return false;
    const n = Math.abs(Number(v));
    return (allowNegative || !v.startsWith("-")) && n >= min && n <= max;
  });

/**
 * Why an RRULE is refused, or null when this module expands it: RFC 5545 rule parts without
 * DTSTART (the entry's start is it), limited to a subset whose every rule has occurrences and
 * expands quickly: FREQ DAILY, WEEKLY, MONTHLY or YEARLY; INTERVAL 1–1000; COUNT 1–10000;
 * UNTIL; BYDAY (weekdays, with an ordinal 1–5 only for MONTHLY and YEARLY); BYMONTH 1–12;
 * BYMONTHDAY ±1–28 (days every month has); WKST. The rrule package searches up to the year 9999
 * for a rule that never matches (BYMONTH=13, or the 31st of February), so such rules never reach it.
 */
export function rruleProblem(text: string): string | null {
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const [key, value, extra] = part.split("=");
    if (!key || !/^[A-Za-z]+$/.test(key) || value === undefined || extra !== undefined || !value)
      return `"${part.slice(0, 40)}" is not a KEY=VALUE rule part (give FREQ=…;BYDAY=…, without DTSTART or RRULE:)`;
    if (parts.has(key.toUpperCase())) return `${key.toUpperCase()} is given twice`;
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get("FREQ");
  if (!freq) return "has no FREQ";
  if (!["DAILY", "WEEKLY", "MONTHLY", "YEARLY"].includes(freq))
    return `FREQ=${freq.slice(0, 20)} is not one of DAILY, WEEKLY, MONTHLY, YEARLY (cut hours from a daily window instead)`;
  for (const [key, value] of parts) {
    const ok =
      key === "FREQ" ||
      (key === "INTERVAL" && ints(value, 1, 1000)) ||
      (key === "COUNT" && ints(value, 1, 10000)) ||
      (key === "UNTIL" && /^\d{8}(T\d{6}Z?)?$/.test(value)) ||
      (key === "WKST" && WEEKDAY.test(value)) ||
      (key === "BYMONTH" && ints(value, 1, 12)) ||
      (key === "BYMONTHDAY" && ints(value, 1, 28, true)) ||
      (key === "BYDAY" &&
        value.split(",").every((d) => {
          const m = /^([+-]?)(\d?)(MO|TU|WE|TH|FR|SA|SU)$/.exec(d);
          return (
            m !== null && (!m[2] || (["MONTHLY", "YEARLY"].includes(freq) && Number(m[2]) >= 1 && Number(m[2]) <= 5))
          );
        }));
    if (!ok)
      return ["INTERVAL", "COUNT", "UNTIL", "WKST", "BYMONTH", "BYMONTHDAY", "BYDAY"].includes(key)
        ? `${key}=${value.slice(0, 40)} is out of range`
        : `${key.slice(0, 20)} is not supported (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTH, BYMONTHDAY, WKST)`;
  }
  try {
    RRule.parseString(text.toUpperCase());
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : "is not a recurrence rule";
  }
}

/** The windows of one entry that intersect [from, to). */
export function occurrences(entry: CalendarEntry, from: number, to: number): Window[] {
  const length = entry.endsAt - entry.startsAt;
  if (!entry.rrule)
    return entry.startsAt < to && entry.endsAt > from ? [{ start: entry.startsAt, end: entry.endsAt }] : [];
  const rule = new RRule({ ...RRule.parseString(entry.rrule.toUpperCase()), dtstart: new Date(entry.startsAt) });
  const out: Window[] = [];
  // An occurrence starting before `from` can still reach into the range.
  rule.between(new Date(from - length), new Date(to), true, (date, i) => {
    if (i >= MAX_OCCURRENCES) return false;
    const start = date.getTime();
    if (start + length > from && start < to) out.push({ start, end: start + length });
    return true;
  });
  return out;
}

/** Sorted, overlapping and touching windows joined. */
export function merge(windows: Window[]): Window[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const w of sorted) {
    const last = out.at(-1);
    if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
    else out.push({ start: w.start, end: w.end });
  }
  return out;
}

const overlaps = (a: Window, b: Window) => a.start < b.end && b.start < a.end;

/**
 * The units of [from, to) the calendar opens: nights (`slotMs` = one day, aligned to UTC days)
 * or slots cut from each open window's start. A unit must lie inside an open window and touch
 * no closed one (a closure wins over an opening).
 */
export function openUnits(
  entries: readonly CalendarEntry[],
  from: number,
  to: number,
  slotMs: number,
  nights: boolean,
) {
  const open = merge(entries.filter((e) => e.kind === "open").flatMap((e) => occurrences(e, from, to)));
  const closed = merge(entries.filter((e) => e.kind === "closed").flatMap((e) => occurrences(e, from, to)));
  const units: Window[] = [];
  for (const w of open) {
    let start = nights ? Math.ceil(w.start / DAY) * DAY : w.start;
    if (!nights && start < from) start += Math.ceil((from - start) / slotMs) * slotMs;
    for (; start + slotMs <= Math.min(w.end, to); start += slotMs) {
      const unit = { start, end: start + slotMs };
      if (unit.start >= from && !closed.some((c) => overlaps(c, unit))) units.push(unit);
    }
  }
  return units;
}

/** A booking as far as seats go. */
export interface Held extends Window {
  readonly seats: number;
}

/** Each unit with the seats left after `held` (bookings overlapping it take their seats). */
export function withRemaining(units: readonly Window[], held: readonly Held[], capacity: number): Unit[] {
  return units.map((u) => ({
    start: u.start,
    end: u.end,
    remaining: capacity - held.filter((h) => overlaps(h, u)).reduce((n, h) => n + h.seats, 0),
  }));
}

/**
 * Whether [start, end) is made of consecutive open units exactly (starting and ending on unit
 * boundaries): the units it covers, or the first instant that is not bookable.
 */
export function coveringUnits(
  units: readonly Window[],
  start: number,
  end: number,
): { ok: true; units: Window[] } | { ok: false; at: number } {
  const covered: Window[] = [];
  let at = start;
  for (const unit of [...units].sort((a, b) => a.start - b.start)) {
    if (unit.end <= at) continue;
    if (unit.start !== at) break;
    covered.push(unit);
    at = unit.end;
    if (at >= end) break;
  }
  return at === end && covered.length ? { ok: true, units: covered } : { ok: false, at };
}
