/** The cron expressions of schedule triggers (workflow-schedule.ts), read in a time zone. */
import { describe, expect, it } from "vitest";
import { cronMatches, parseCron } from "../src/workflows/workflow-schedule.ts";

describe("cron expressions", () => {
  it("parses the five fields and refuses anything else", () => {
    expect(parseCron("*/15 9-17 * * 1-5")?.[0]).toEqual(new Set([0, 15, 30, 45]));
    expect(parseCron("0 0 * * 7")?.[4]).toEqual(new Set([0]));
    for (const bad of ["* * * *", "60 * * * *", "* 24 * * *", "5-1 * * * *", "*/0 * * * *", "@daily", "a * * * *"])
      expect(parseCron(bad), bad).toBeNull();
  });

  it("matches minutes in the trigger's time zone", () => {
    const at = new Date("2030-01-07T08:30:00Z"); // a Monday; 09:30 in Berlin (CET)
    expect(cronMatches("30 8 * * *", at)).toBe(true);
    expect(cronMatches("30 8 * * *", at, "Europe/Berlin")).toBe(false);
    expect(cronMatches("30 9 * * 1", at, "Europe/Berlin")).toBe(true);
    expect(cronMatches("*/15 9-17 * * 1-5", at, "Europe/Berlin")).toBe(true);
    expect(cronMatches("0 9 * * *", at, "Europe/Berlin")).toBe(false);
  });

  it("either restricted day field may match, as in cron", () => {
    const monday = new Date("2030-01-07T00:00:00Z");
    expect(cronMatches("0 0 1 * 1", monday)).toBe(true);
    expect(cronMatches("0 0 1 * 2", monday)).toBe(false);
    expect(cronMatches("0 0 7 1 *", monday)).toBe(true);
  });
});
