import { describe, expect, test } from "vitest";
import { parseRoute, routeHref, type Route } from "../src/core/router.ts";
import type { WorkflowGraph, WorkflowNode } from "../src/core/workflow-graph.ts";
import {
  canCancel,
  canRetry,
  formatDuration,
  formatValue,
  instancesQuery,
  isOverdue,
  nodeLabel,
  runNodeClass,
  runNodeState,
  runPath,
  titlesById,
  type WorkflowStep,
} from "../src/core/workflow-runs.ts";

const node = (id: string, type: WorkflowNode["type"], label?: string): WorkflowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  ...(label ? { label: { en: label, de: `${label} (de)` } } : {}),
});

/** start → check (true: review, false: reject-mail) ; review (approved: publish, rejected: reject-mail) → done. */
const GRAPH: WorkflowGraph = {
  nodes: [
    node("start", "trigger"),
    node("check", "condition"),
    node("review", "approval", "Review the listing"),
    node("publish", "update"),
    node("reject-mail", "email"),
    node("done", "end"),
  ],
  edges: [
    { id: "e1", source: "start", target: "check", branch: null },
    { id: "e2", source: "check", target: "review", branch: "true" },
    { id: "e3", source: "check", target: "reject-mail", branch: "false" },
    { id: "e4", source: "review", target: "publish", branch: "approved" },
    { id: "e5", source: "review", target: "reject-mail", branch: "rejected" },
    { id: "e6", source: "publish", target: "done", branch: null },
    { id: "e7", source: "reject-mail", target: "done", branch: null },
  ],
};

let seq = 0;
const step = (nodeId: string, status: WorkflowStep["status"], extra: Partial<WorkflowStep> = {}): WorkflowStep => ({
  id: `s${++seq}`,
  seq,
  nodeId,
  kind: GRAPH.nodes.find((n) => n.id === nodeId)?.type ?? "?",
  status,
  attempts: 1,
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  ...extra,
});

describe("a run's path on the editor's graph", () => {
  test("a waiting run: completed steps and the edges between them, the current node apart", () => {
    seq = 0;
    const timeline = [
      step("start", "completed", { outcome: "next" }),
      step("check", "completed", { outcome: "true" }),
      step("review", "waiting"),
    ];
    const path = runPath(GRAPH, { status: "waiting", currentNodeId: "review" }, timeline);
    expect([...path.completed].sort()).toEqual(["check", "start"]);
    expect(path.current).toBe("review");
    expect([...path.edges].sort()).toEqual(["e1", "e2"]);
    expect(path.failed.size).toBe(0);
    expect(runNodeClass(path, "review")).toBe("wf-run-current");
    expect(runNodeClass(path, "check")).toBe("wf-run-done");
    expect(runNodeClass(path, "publish")).toBe("");
    expect(runNodeState(path, "review")).toBe("current step of the run");
    expect(runNodeState(path, "publish")).toBe("");
    expect(runNodeClass(null, "review")).toBe("");
  });

  test("two edges between the same nodes: the one of the step's outcome; steps given out of order are ordered by seq", () => {
    seq = 0;
    const start = step("start", "completed");
    const check = step("check", "completed", { outcome: "false" });
    const mail = step("reject-mail", "completed");
    const end = step("done", "completed", { outcome: "rejected" });
    const graph: WorkflowGraph = {
      ...GRAPH,
      edges: [...GRAPH.edges, { id: "e8", source: "check", target: "reject-mail", branch: "true" }],
    };
    const path = runPath(graph, { status: "completed", currentNodeId: null }, [end, mail, check, start]);
    expect([...path.edges].sort()).toEqual(["e1", "e3", "e7"]);
    // An ended run stands nowhere.
    expect(path.current).toBeNull();
    expect(path.completed.has("done")).toBe(true);
  });

  test("a failed step and its compensation: the failed node marked, the compensation not on the path", () => {
    seq = 0;
    const timeline = [
      step("start", "completed"),
      step("check", "completed", { outcome: "true" }),
      step("review", "completed", { outcome: "approved" }),
      step("publish", "failed", { error: "boom", attempts: 3 }),
      step("reject-mail", "completed", { compensation: true }),
    ];
    const path = runPath(GRAPH, { status: "failed", currentNodeId: "publish" }, timeline);
    expect(path.failed).toEqual(new Set(["publish"]));
    expect(path.completed.has("reject-mail")).toBe(false);
    expect([...path.edges].sort()).toEqual(["e1", "e2", "e4"]);
    expect(path.current).toBeNull();
    expect(runNodeClass(path, "publish")).toBe("wf-run-failed");
  });

  test("a running run without a current node named: the last open step's node", () => {
    seq = 0;
    const path = runPath(GRAPH, { status: "running", currentNodeId: null }, [
      step("start", "completed"),
      step("check", "queued"),
    ]);
    expect(path.current).toBe("check");
    expect(path.edges).toEqual(new Set(["e1"]));
  });

  test("steps of nodes the graph no longer has (an older version) add no edge", () => {
    seq = 0;
    const path = runPath(GRAPH, { status: "waiting", currentNodeId: "gone" }, [
      step("start", "completed"),
      step("gone", "waiting"),
    ]);
    expect(path.edges.size).toBe(0);
    expect(path.current).toBe("gone");
  });
});

describe("run helpers", () => {
  test("overdue: open and past its due date only", () => {
    const now = new Date("2030-01-02T00:00:00Z");
    expect(isOverdue({ status: "open", dueAt: "2030-01-01T00:00:00Z" }, now)).toBe(true);
    expect(isOverdue({ status: "open", dueAt: "2030-01-03T00:00:00Z" }, now)).toBe(false);
    expect(isOverdue({ status: "open", dueAt: null }, now)).toBe(false);
    expect(isOverdue({ status: "approved", dueAt: "2030-01-01T00:00:00Z" }, now)).toBe(false);
  });

  test("cancel while a run has not ended, retry a failed one", () => {
    expect(
      ["running", "waiting", "completed", "failed", "cancelled"].map((status) => canCancel({ status } as never)),
    ).toEqual([true, true, false, false, false]);
    expect(
      ["running", "waiting", "completed", "failed", "cancelled"].map((status) => canRetry({ status } as never)),
    ).toEqual([false, false, false, true, false]);
  });

  test("the instances query leaves out empty filters", () => {
    expect(instancesQuery({ workflow: "", status: "" })).toBe("limit=50");
    expect(
      decodeURIComponent(instancesQuery({ workflow: "lead-routing", status: "failed" }, { limit: 10, cursor: "c1" })),
    ).toBe("filter[status]=failed&filter[workflow]=lead-routing&limit=10&cursor=c1");
  });

  test("durations and values in words", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(812)).toBe("812 ms");
    expect(formatDuration(4200)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(192_000)).toBe("3 min 12 s");
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000)).toBe("2 h 5 min");
    expect(formatValue(null)).toBe("—");
    expect(formatValue({})).toBe("—");
    expect(formatValue("ok")).toBe("ok");
    expect(formatValue({ a: 1 })).toBe('{\n  "a": 1\n}');
  });

  test("node labels: the graph's own in the locale, else the id in words", () => {
    expect(nodeLabel("review", GRAPH, "de")).toBe("Review the listing (de)");
    expect(nodeLabel("review", GRAPH)).toBe("Review the listing");
    expect(nodeLabel("reject-mail", GRAPH)).toBe("Reject mail");
    expect(nodeLabel("sendWelcomeEmail")).toBe("Send welcome email");
  });

  test("record titles by id from a list response, skipping empty titles", () => {
    const titles = titlesById(
      [
        { id: "a", name: "First" },
        { id: "b", name: "" },
        { id: "c", name: 7 },
      ],
      "name",
    );
    expect([...titles]).toEqual([
      ["a", "First"],
      ["c", "7"],
    ]);
    expect(titlesById([{ id: "a", name: "x" }], null).size).toBe(0);
  });

  test("routes of the inbox and the runs round-trip", () => {
    const routes: Route[] = [
      { name: "tasks" },
      { name: "workflow-runs" },
      { name: "workflow-run", id: "3f0c5a1e-0000-4000-8000-000000000001" },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref({ name: "tasks" })).toBe("/studio/tasks");
    expect(routeHref({ name: "workflow-run", id: "x y" })).toBe("/studio/runs/x%20y");
    expect(parseRoute("/studio/runs/a/b").name).toBe("not-found");
    expect(parseRoute("/studio/tasks/extra").name).toBe("not-found");
  });
});
