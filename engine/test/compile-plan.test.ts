/**
 * The plan compiler over a repair-shop template of this test's own (fixtures/repair-shop.json):
 * the whole plan against a golden file (UPDATE_GOLDEN=1 rewrites it; read the diff), its version
 * hash, and that the plan's pieces work with the contract's nextNode and evaluateExpression.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { evaluateExpression, truthy } from "../src/contract/workflow-expression.ts";
import { nextNode, type PlanNode, type WorkflowPlan } from "../src/contract/workflow-plan.ts";
import { compileTemplateValue, type TemplateIR } from "../src/index.ts";
import { compilePlan, planVersion, WorkflowPlanError } from "../src/workflows/compile-plan.ts";

const fixtures = path.join(import.meta.dirname, "fixtures");
const base = JSON.parse(readFileSync(path.join(fixtures, "repair-shop.json"), "utf8"));
const GOLDEN = path.join(fixtures, "repair-shop.plans.json");

function compile(template: unknown = base): TemplateIR {
  const result = compileTemplateValue(structuredClone(template), "repair-shop.json");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.ir;
}

const planOf = (ir: TemplateIR, name: string) =>
  compilePlan(
    ir.workflows.find((w) => w.name === name)!,
    ir,
  );

test("both workflows compile to the plans in the golden file", () => {
  const ir = compile();
  const plans = Object.fromEntries(ir.workflows.map((w) => [w.name, compilePlan(w, ir)]));
  const text = JSON.stringify(plans, null, 2) + "\n";
  if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, text);
  expect(text).toBe(readFileSync(GOLDEN, "utf8"));
});

test("parties, moments and values are normalised into the plan's shapes", () => {
  const plan = planOf(compile(), "repair-flow");
  const n = <K extends PlanNode["kind"]>(id: string, kind: K) => {
    const node = plan.nodes[id];
    expect(node.kind).toBe(kind);
    return node as Extract<PlanNode, { kind: K }>;
  };
  expect(plan.entity).toBe("RepairOrder");
  expect(plan.statusField).toBe("status");
  expect(plan.start).toBe("start");
  expect(n("quote_mail", "email").to).toEqual([
    { kind: "email-field", path: ["customer"], field: "email" },
    { kind: "owner", path: ["customer"] },
  ]);
  expect(n("quote_mail", "email").locale).toBe("de");
  expect(n("approved", "state").transitions).toEqual([
    {
      name: "start-repair",
      next: "stamp",
      actors: [
        { kind: "account", path: [], roles: ["mechanic"] },
        { kind: "user-field", path: [], field: "mechanicUserId" },
      ],
    },
    { name: "cancel", next: "cancelled", actors: [{ kind: "owner", path: [] }, { kind: "system" }] },
  ]);
  expect(n("approved", "state").next).toBeNull();
  expect(n("received", "state")).toEqual({
    id: "received",
    kind: "state",
    status: "received",
    next: "is_urgent",
    transitions: [],
  });
  expect(n("cancelled", "state").next).toBeNull();
  expect(n("customer_ok", "approval").due).toEqual({ kind: "duration", duration: { iso: "P3D", ms: 259_200_000 } });
  expect(n("customer_ok", "approval").next).toEqual({
    approved: "approved",
    rejected: "cancelled",
    timeout: "cancelled",
  });
  const wait = n("wait_due", "wait");
  expect(wait.until).toEqual({ kind: "field", path: [], field: "dueAt" });
  expect(wait.timeout).toEqual({ kind: "duration", duration: { iso: "PT48H", ms: 172_800_000 } });
  expect(wait.skipIfEmpty).toBe(true);
  expect(wait.next).toEqual({ done: "hook", timeout: "hook" });
  const set = n("stamp", "update").set;
  expect(set.quotedAt).toEqual({ kind: "now" });
  expect(set.notes).toEqual({ kind: "template", text: "{{ approval.comment }}" });
  expect(set.priority).toEqual({ kind: "literal", value: "low" });
  expect(set.quote).toEqual({
    kind: "expression",
    expression: {
      source: "record.quote * 2",
      ast: {
        type: "binary",
        operator: "*",
        left: { type: "path", path: ["record", "quote"] },
        right: { type: "literal", value: 2 },
      },
    },
  });
  expect(plan.compensations).toEqual({ stamp: "unstamp" });
  expect(n("assign_mechanic", "assign")).toMatchObject({
    field: "mechanicUserId",
    role: "mechanic",
    strategy: "least-open",
    notify: true,
  });
  expect(n("hook", "webhook")).toMatchObject({ event: "repair.done", method: "PUT", next: "check" });
  expect(n("check", "subworkflow")).toMatchObject({ workflow: "quality-check", wait: true, next: "done" });
  expect(n("done", "end").outcome).toBe("repaired");

  const check = planOf(compile(), "quality-check");
  expect(check.statusField).toBeNull();
  expect(check.nodes.by_hand).toMatchObject({ trigger: { on: "manual", parties: [{ kind: "role", role: "clerk" }] } });
  expect(check.nodes.weekly).toMatchObject({
    trigger: { on: "schedule", cron: "0 9 * * 1", timezone: "Europe/Berlin" },
  });
  expect(check.nodes.parts).toMatchObject({
    until: { kind: "event", event: "parts-arrived" },
    timeout: { kind: "field", path: ["workshop"], field: "openedAt" },
  });
  // An end without an outcome reports its own id.
  expect(check.nodes.late).toEqual({ id: "late", kind: "end", outcome: "late" });
});

test("a run walks the plan with nextNode and evaluates the compiled condition", () => {
  const plan = planOf(compile(), "repair-flow");
  expect(nextNode(plan.nodes.start, "next")).toBe("received");
  const condition = plan.nodes.is_urgent;
  if (condition.kind !== "condition") throw new Error("not a condition");
  const urgent = (record: object, workshop: object) =>
    truthy(evaluateExpression(condition.expression.ast, { record, workshop }));
  expect(urgent({ priority: "high", parts: [] }, { name: "Spokes" })).toBe(true);
  expect(urgent({ priority: "low", parts: ["chain"] }, { name: "Spokes" })).toBe(true);
  expect(urgent({ priority: "low", parts: ["tyre"] }, { name: "Spokes" })).toBe(false);
  expect(nextNode(condition, "true")).toBe("assign_mechanic");
  expect(nextNode(condition, "false")).toBe("quoted");
  expect(nextNode(plan.nodes.customer_ok, "timeout")).toBe("cancelled");
  expect(nextNode(plan.nodes.approved, { transition: "cancel" })).toBe("cancelled");
  expect(nextNode(plan.nodes.approved, "next")).toBeNull();
  expect(nextNode(plan.nodes.wait_due, "done")).toBe("hook");
  expect(nextNode(plan.nodes.done, "next")).toBeNull();
});

test("the version is a stable hash of the plan: the same input gives it again, a changed node a new one", () => {
  const first = planOf(compile(), "repair-flow");
  const again = planOf(compile(), "repair-flow");
  expect(first.version).toMatch(/^[0-9a-f]{16}$/);
  expect(again.version).toBe(first.version);
  const { version, ...rest } = first;
  expect(planVersion(rest)).toBe(version);
  // Key order does not matter, content does.
  expect(planVersion({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(planVersion({ a: [1, { c: 3, d: 2 }], b: 1 }));
  const changed = structuredClone(base);
  changed.workflows["repair-flow"].nodes.find((n: { id: string }) => n.id === "wait_due").config.timeout = "PT24H";
  expect(planOf(compile(changed), "repair-flow").version).not.toBe(first.version);
  // A label is no part of the plan: the version stays.
  const relabelled = structuredClone(base);
  relabelled.workflows["repair-flow"].nodes[0].label = { en: "Order in", de: "Auftrag da" };
  expect(planOf(compile(relabelled), "repair-flow").version).toBe(first.version);
});

test("compilePlan refuses a workflow whose config has errors, with the diagnostics", () => {
  const ir = compile();
  const flow = ir.workflows.find((w) => w.name === "repair-flow")!;
  const broken = {
    ...flow,
    nodes: flow.nodes.map((n) => (n.id === "wait_due" ? { ...n, config: { ...n.config, timeout: "2 days" } } : n)),
  };
  let thrown: unknown;
  try {
    compilePlan(broken, ir);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(WorkflowPlanError);
  expect((thrown as WorkflowPlanError).diagnostics.map((d) => [d.code, d.pointer, d.hint])).toEqual([
    ["ENG_WORKFLOW_DURATION_INVALID", "/workflows/repair-flow/nodes/9/config/timeout", 'Write "P2D".'],
  ]);
});

test("the plan is plain JSON: it survives a JSON round trip unchanged", () => {
  const plan: WorkflowPlan = planOf(compile(), "repair-flow");
  expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
});
