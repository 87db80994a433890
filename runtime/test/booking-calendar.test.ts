/**
 * The availability arithmetic of runtime/src/bookings/calendar.ts: which rules are taken (never
 * one the rrule package would search up to the year 9999 for), and open nights and slots equal
 * to a day-by-day oracle on random calendars (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  coveringUnits,
  DAY,
  occurrences,
  openUnits,
  rruleProblem,
  withRemaining,
  type CalendarEntry,
} from "../src/bookings/calendar.ts";

const D0 = Date.UTC(2030, 0, 1);

describe("rruleProblem", () => {
  it.each([
    "FREQ=WEEKLY;BYDAY=FR,SA",
    "FREQ=DAILY;INTERVAL=2;COUNT=10",
    "FREQ=MONTHLY;BYDAY=2SA",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=YEARLY;BYMONTH=7,8;UNTIL=20351231T000000Z",
    "freq=weekly;byday=mo",
  ])("takes %s", (rule) => expect(rruleProblem(rule)).toBeNull());

  it.each([
    ["BYDAY=FR", "has no FREQ"],
    ["FREQ=SECONDLY", "is not one of"],
    ["FREQ=HOURLY", "is not one of"],
    ["FREQ=DAILY;INTERVAL=0", "out of range"],
    ["FREQ=DAILY;BYMONTH=13", "out of range"],
    ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "out of range"],
    ["FREQ=DAILY;BYDAY=2SA", "out of range"],
    ["FREQ=WEEKLY;BYDAY=XX", "out of range"],
    ["FREQ=DAILY;BYSETPOS=1", "not supported"],
    ["FREQ=DAILY;FREQ=WEEKLY", "twice"],
    ["DTSTART:20300101T000000Z\nRRULE:FREQ=DAILY", "KEY=VALUE"],
  ])("refuses %s", (rule, message) => expect(rruleProblem(rule)).toContain(message));
});

describe("units", () => {
  it("occurrences reach into the range from before it; windows join", () => {
    const weekly: CalendarEntry = { kind: "open", rrule: "FREQ=DAILY", startsAt: D0, endsAt: D0 + 2 * DAY };
    expect(occurrences(weekly, D0 + 10 * DAY, D0 + 11 * DAY)).toHaveLength(2);
    expect(openUnits([weekly], D0, D0 + 5 * DAY, DAY, true)).toHaveLength(5);
  });

  it("slots are cut from each window's start; a closure takes the slots it touches", () => {
    const h = 3_600_000;
    const entries: CalendarEntry[] = [
      { kind: "open", rrule: null, startsAt: D0 + 9 * h, endsAt: D0 + 13 * h },
      { kind: "closed", rrule: null, startsAt: D0 + 10.5 * h, endsAt: D0 + 11 * h },
    ];
    const units = openUnits(entries, D0, D0 + DAY, h, false);
    expect(units.map((u) => (u.start - D0) / h)).toEqual([9, 11, 12]);
    expect(coveringUnits(units, D0 + 11 * h, D0 + 13 * h)).toMatchObject({ ok: true });
    expect(coveringUnits(units, D0 + 9 * h, D0 + 11 * h)).toEqual({ ok: false, at: D0 + 10 * h });
    expect(
      withRemaining(units, [{ start: D0 + 9 * h, end: D0 + 12 * h, seats: 2 }], 3).map((u) => u.remaining),
    ).toEqual([1, 1, 3]);
  });

  it("open nights equal a day-by-day oracle on random calendars", () => {
    const rule = fc.oneof(
      fc.constant(null),
      fc.constantFrom("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=FR,SA", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=MO;COUNT=3"),
    );
    const entry = fc.record({
      kind: fc.constantFrom("open" as const, "closed" as const),
      rrule: rule,
      start: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 1, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), fc.integer({ min: 0, max: 30 }), (raw, from) => {
        const entries: CalendarEntry[] = raw.map((e) => ({
          kind: e.kind,
          rrule: e.rrule,
          startsAt: D0 + e.start * DAY,
          endsAt: D0 + (e.start + e.length) * DAY,
        }));
        const [a, b] = [D0 + from * DAY, D0 + (from + 20) * DAY];
        const windows = (kind: string) =>
          entries.filter((e) => e.kind === kind).flatMap((e) => occurrences(e, D0 - 10 * DAY, b + 10 * DAY));
        const expected: number[] = [];
        for (let t = a; t < b; t += DAY) {
          const inOpen = windows("open").some((w) => w.start <= t && w.end >= t + DAY);
          const covered = (() => {
            // Joined windows may cover a night together.
            const open = windows("open").sort((x, y) => x.start - y.start);
            let reach = t;
            for (const w of open) if (w.start <= reach && w.end > reach) reach = Math.max(reach, w.end);
            return reach >= t + DAY;
          })();
          const closed = windows("closed").some((w) => w.start < t + DAY && w.end > t);
          if ((inOpen || covered) && !closed) expected.push(t);
        }
        expect(openUnits(entries, a, b, DAY, true).map((u) => u.start)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
