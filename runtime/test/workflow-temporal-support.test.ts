/**
 * The interpreter's pure helpers (runtime/src/workflows/temporal/interpreter-support.ts): which
 * names a node reads (so the record is loaded only when needed), the scope, templates, values and
 * moments. Plain unit tests: no bundle, no Temporal.
 */
import { describe, expect, it } from "vitest";
import type { PlanNode } from "../../engine/src/contract/workflow-plan.ts";
import { parseExpression } from "../../engine/src/workflows/parse-expression.ts";
import {
  buildScope,
  momentAt,
  nodeReads,
  renderTemplate,
  resolveValue,
} from "../src/workflows/temporal/interpreter-support.ts";

const expression = (source: string) => ({ source, ast: parseExpression(source) });
const names = { trigger: { by: "u-1" }, approval: null, event: null, now: "2026-12-01T09:00:00.000Z" };

describe("nodeReads", () => {
  it("lists record-side reads once, without the names the workflow holds itself", () => {
    const node: PlanNode = {
      id: "c",
      kind: "condition",
      expression: expression("record.score >= 70 && venue.city == trigger.city || record.score == now"),
      next: { true: "a", false: "b" },
    };
    expect(nodeReads(node)).toEqual([
      ["record", "score"],
      ["venue", "city"],
    ]);
  });

  it("an update reading only the approval needs no record; a field moment reads its field", () => {
    const update: PlanNode = {
      id: "u",
      kind: "update",
      set: { note: { kind: "template", text: "{{ approval.comment }}" }, at: { kind: "now" } },
      next: "x",
    };
    const wait: PlanNode = {
      id: "w",
      kind: "wait",
      until: { kind: "field", path: ["booking"], field: "startsAt" },
      skipIfEmpty: true,
      timeout: { kind: "field", path: [], field: "deadline" },
      next: { done: "x" },
    };
    expect(nodeReads(update)).toEqual([]);
    expect(nodeReads(wait)).toEqual([
      ["booking", "startsAt"],
      ["record", "deadline"],
    ]);
  });
});

describe("scope, templates and values", () => {
  const scope = buildScope(
    { record: { code: "P-1", tags: ["a"] }, related: { hub: { name: "North" } }, tenantSettings: { currency: "EUR" } },
    names,
  );

  it("puts relations, the record, tenant settings and the run's names side by side", () => {
    expect(scope).toMatchObject({
      record: { code: "P-1" },
      hub: { name: "North" },
      tenant: { settings: { currency: "EUR" } },
      trigger: { by: "u-1" },
      now: names.now,
    });
  });

  it("renders placeholders: missing as empty, objects as JSON", () => {
    expect(renderTemplate("{{ record.code }} at {{hub.name}} ({{ record.missing }}) {{ record.tags }}", scope)).toBe(
      'P-1 at North () ["a"]',
    );
  });

  it("resolves literal, now, template and expression values", () => {
    expect(resolveValue({ kind: "literal", value: 4 }, scope, names.now)).toBe(4);
    expect(resolveValue({ kind: "now" }, scope, "2026-12-02T00:00:00.000Z")).toBe("2026-12-02T00:00:00.000Z");
    expect(resolveValue({ kind: "template", text: "#{{ record.code }}" }, scope, names.now)).toBe("#P-1");
    expect(
      resolveValue({ kind: "expression", expression: expression("record.code + '/' + hub.name") }, scope, names.now),
    ).toBe("P-1/North");
  });
});

describe("momentAt", () => {
  const now = Date.parse("2026-12-01T09:00:00.000Z");
  it("adds a duration to now, reads a date field, and gives null for an empty or bad field", () => {
    const scope = buildScope({ record: { due: "2026-12-03", bad: "soon" }, related: {}, tenantSettings: {} }, names);
    expect(momentAt({ kind: "duration", duration: { iso: "PT1H", ms: 3_600_000 } }, scope, now)).toBe(now + 3_600_000);
    expect(momentAt({ kind: "field", path: [], field: "due" }, scope, now)).toBe(
      Date.parse("2026-12-03T00:00:00.000Z"),
    );
    expect(momentAt({ kind: "field", path: [], field: "none" }, scope, now)).toBeNull();
    expect(momentAt({ kind: "field", path: [], field: "bad" }, scope, now)).toBeNull();
  });
});
