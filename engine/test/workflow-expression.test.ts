import { describe, expect, test } from "vitest";
import { evaluateExpression, readPaths } from "../src/contract/workflow-expression.ts";
import { ExpressionSyntaxError, parseExpression } from "../src/workflows/parse-expression.ts";

const run = (source: string, scope: Record<string, unknown>) => evaluateExpression(parseExpression(source), scope);

describe("the workflow expression language", () => {
  test("reads paths through the run context, missing members read as null", () => {
    expect(run("job.status == 'published'", { job: { status: "published" } })).toBe(true);
    expect(run("job.owner.name", { job: {} })).toBe(null);
    expect(run("record.maxApplications == null", { record: {} })).toBe(true);
    expect(readPaths(parseExpression("a.b < c.d || !e"))).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  test("compares by value, orders only like with like, and tests membership", () => {
    expect(run("record.tiers == ['black-card']", { record: { tiers: ["black-card"] } })).toBe(true);
    expect(run("record.tiers == ['black-card']", { record: { tiers: ["gold", "black-card"] } })).toBe(false);
    expect(run("record.score >= 70", { record: { score: 70 } })).toBe(true);
    expect(run("record.score >= 70", { record: { score: null } })).toBe(false);
    expect(run("record.score < '70'", { record: { score: 5 } })).toBe(false);
    expect(run("record.tier in ['gold', 'black-card']", { record: { tier: "gold" } })).toBe(true);
    expect(run("record.tiers in ['gold']", { record: { tiers: ["silver", "gold"] } })).toBe(true);
    expect(run("record.tier in ['gold']", { record: { tier: "silver" } })).toBe(false);
  });

  test("arithmetic and boolean logic", () => {
    const scope = { event: { registeredCount: 9, capacity: 10 }, record: { guestCount: 1 } };
    expect(run("event.registeredCount + 1 + record.guestCount <= event.capacity", scope)).toBe(false);
    expect(run("event.registeredCount + 1 <= event.capacity && !record.flag", scope)).toBe(true);
    expect(run("record.a / 0", { record: { a: 1 } })).toBe(null);
    expect(run("'#' + record.n", { record: { n: 4 } })).toBe("#4");
  });

  test.each(["f(x)", "a[0]", "a = 1", "a ===", "a; b", "a | b", "this", "~a"])(
    "refuses %s with a syntax error",
    (source) => {
      expect(() => parseExpression(source)).toThrow(ExpressionSyntaxError);
    },
  );
});
