import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateValue, type Diagnostic } from "../../engine/src/index.ts";
import type { RawTemplate } from "../src/core/registry-types.ts";
import { applySchemaChange } from "../src/core/schema-changes.ts";
import { checkWorkflowGraph } from "../src/core/workflow-checks.ts";
import {
  applyWorkflowChange,
  connectionProblem,
  graphFromWorkflow,
  nextNodeId,
  placeNewNode,
  tidyWorkflow,
  workflowFromGraph,
  type WorkflowGraph,
  type WorkflowNode,
} from "../src/core/workflow-graph.ts";

const minimal = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../engine/test/fixtures/minimal.json"), "utf8"),
) as RawTemplate;
const node = (id: string, type: WorkflowNode["type"], config?: Record<string, unknown>): WorkflowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  ...(config ? { config } : {}),
});
const graph = (nodes: WorkflowNode[], edges: [string, string, string?][]): WorkflowGraph =>
  edges.reduce<WorkflowGraph>(
    (g, [source, target, branch]) =>
      applyWorkflowChange(g, { type: "connect", source, target, branch: branch ?? null }),
    { nodes, edges: [] },
  );

describe("applyWorkflowChange", () => {
  test("nodes are added, moved, updated and removed with their edges", () => {
    let g = graph([node("start", "trigger"), node("a", "email")], [["start", "a"]]);
    g = applyWorkflowChange(g, { type: "addNode", node: node(nextNodeId(g, "end"), "end") });
    expect(g.nodes.map((n) => n.id)).toEqual(["start", "a", "end_1"]);
    g = applyWorkflowChange(g, { type: "moveNode", id: "a", position: { x: 5, y: 6 } });
    expect(g.nodes[1].position).toEqual({ x: 5, y: 6 });
    g = applyWorkflowChange(g, { type: "updateNode", id: "a", config: { template: "x" }, label: { en: "Mail" } });
    expect(g.nodes[1]).toMatchObject({ config: { template: "x" }, label: { en: "Mail" } });
    g = applyWorkflowChange(g, { type: "removeNodes", ids: ["a"] });
    expect(g.edges).toEqual([]);
    expect(applyWorkflowChange(g, { type: "removeNodes", ids: ["nope"] })).toBe(g);
  });

  test("connections respect typed handles; one edge per output", () => {
    const g = graph([node("start", "trigger"), node("c", "condition"), node("x", "end"), node("y", "end")], []);
    expect(connectionProblem(g, "c", "x", null)).toMatch(/no default output/);
    expect(connectionProblem(g, "x", "c", null)).toMatch(/no default output/);
    expect(connectionProblem(g, "c", "start", "true")).toMatch(/trigger/);
    expect(connectionProblem(g, "c", "c", "true")).toMatch(/itself/);
    let next = applyWorkflowChange(g, { type: "connect", source: "c", target: "x", branch: "true" });
    next = applyWorkflowChange(next, { type: "connect", source: "c", target: "y", branch: "true" });
    expect(next.edges).toEqual([{ id: "e_c_true_y", source: "c", target: "y", branch: "true" }]);
    expect(applyWorkflowChange(g, { type: "connect", source: "c", target: "x", branch: null })).toBe(g);
  });

  test("palette nodes are placed right of the anchor, never on top of another node", () => {
    const g = graph([node("start", "trigger"), { ...node("a", "email"), position: { x: 260, y: 0 } }], []);
    expect(placeNewNode(g, "start")).toEqual({ x: 260, y: 130 });
    expect(placeNewNode(g, null)).toEqual({ x: 520, y: 0 });
    expect(placeNewNode({ nodes: [], edges: [] }, null)).toEqual({ x: 80, y: 200 });
  });

  test("template workflow ↔ graph round trip", () => {
    const raw = minimal.workflows!["listing-review"];
    const back = workflowFromGraph({ id: raw.id }, graphFromWorkflow(raw));
    expect(back.edges).toEqual(raw.edges);
    expect(back.nodes.map((n) => [n.id, n.type, n.config])).toEqual(raw.nodes.map((n) => [n.id, n.type, n.config]));
  });
});

/** The engine's verdict on a graph, as (code, node id) pairs. */
function engineIssues(g: WorkflowGraph): string[] {
  const workflow = workflowFromGraph({ id: "wf_probe", entity: "Listing" }, g);
  const t = applySchemaChange(minimal, { type: "setWorkflow", name: "listing-review", workflow });
  const diagnostics: Diagnostic[] = compileTemplateValue(t).diagnostics.filter((d) =>
    d.pointer.startsWith("/workflows/listing-review"),
  );
  return diagnostics
    .map((d) => {
      const index = /\/nodes\/(\d+)$/.exec(d.pointer)?.[1];
      return `${d.code}${index !== undefined && d.code !== "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT" ? `@${g.nodes[Number(index)].id}` : ""}`;
    })
    .sort();
}

function studioIssues(g: WorkflowGraph): string[] {
  const issues = checkWorkflowGraph(g);
  const byCode = issues.map(
    (i) => `${i.code}${i.nodeId && i.code !== "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT" ? `@${i.nodeId}` : ""}`,
  );
  return [...new Set(byCode)].sort();
}

describe("checkWorkflowGraph agrees with the engine", () => {
  // Valid settings per node type, so the engine's config checks stay quiet and the graph's
  // shape is what both judge.
  const SETTINGS: Partial<Record<WorkflowNode["type"], Record<string, unknown>>> = {
    trigger: { on: "create" },
    condition: { expression: "record.price.amount > 0" },
    approval: { assignees: "seller" },
    wait: { until: "PT1H" },
    email: { template: "listing-published", to: "owner" },
    update: { set: { title: "Renamed" } },
    webhook: { event: "listing.changed", method: "POST" },
  };
  const node = (id: string, type: WorkflowNode["type"], config?: Record<string, unknown>): WorkflowNode => ({
    id,
    type,
    position: { x: 0, y: 0 },
    ...((config ?? SETTINGS[type]) ? { config: config ?? SETTINGS[type] } : {}),
  });
  const cases: Record<string, WorkflowGraph> = {
    valid: graph(
      [
        node("start", "trigger"),
        node("draft", "state", { status: "draft" }),
        node("c", "condition"),
        node("ok", "end"),
        node("no", "end"),
      ],
      [
        ["start", "draft"],
        ["draft", "c"],
        ["c", "ok", "true"],
        ["c", "no", "false"],
      ],
    ),
    "missing branches": graph(
      [node("start", "trigger"), node("c", "condition"), node("a", "approval"), node("x", "end")],
      [
        ["start", "c"],
        ["c", "a", "true"],
        ["a", "x", "approved"],
      ],
    ),
    unreachable: graph([node("start", "trigger"), node("x", "end"), node("lost", "email")], [["start", "x"]]),
    "no trigger": graph([node("a", "update"), node("b", "end")], [["a", "b"]]),
    "loop without wait": graph(
      [node("start", "trigger"), node("a", "update"), node("b", "webhook"), node("c", "email")],
      [
        ["start", "a"],
        ["a", "b"],
        ["b", "c"],
        ["c", "a"],
      ],
    ),
    "loop through a wait": graph(
      [node("start", "trigger"), node("a", "update"), node("w", "wait")],
      [
        ["start", "a"],
        ["a", "w"],
        ["w", "a"],
      ],
    ),
  };
  for (const [name, g] of Object.entries(cases)) {
    test(name, () => {
      expect(studioIssues(g)).toEqual(engineIssues(g));
    });
  }
  test("a loop marks each of its nodes", () => {
    const loop = checkWorkflowGraph(cases["loop without wait"]).filter(
      (i) => i.code === "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT",
    );
    expect(loop.map((i) => i.nodeId).sort()).toEqual(["a", "b", "c"]);
  });
});

describe("tidy up (issue 18: a large workflow stays readable)", () => {
  test("columns by step from the trigger; tall nodes push the ones below them down", () => {
    const g = graph(
      [node("start", "trigger"), node("a", "condition"), node("b", "end"), node("c", "end"), node("d", "end")],
      [
        ["start", "a"],
        ["a", "b", "true"],
        ["a", "c", "false"],
      ],
    );
    const at = (tidy: WorkflowGraph, id: string) => tidy.nodes.find((n) => n.id === id)!.position;
    const plain = tidyWorkflow(g);
    expect(at(plain, "a").x).toBeGreaterThan(at(plain, "start").x);
    expect(at(plain, "b").x).toBe(at(plain, "c").x);
    expect(at(plain, "c").y - at(plain, "b").y).toBe(130);
    // b renders 300 px high: c starts below it, with a gap.
    const measured = tidyWorkflow(g, { b: 300 });
    expect(at(measured, "c").y - at(measured, "b").y).toBe(330);
    expect(at(measured, "c").x).toBe(at(plain, "c").x);
  });
});
