import type { WorkflowGraph } from "./workflow-graph.ts";
import type { WorkflowNodeType } from "./registry-types.ts";

/**
 * The engine's graph rules (engine/src/checks/check-workflows.ts), run in the browser on every
 * edit so problems show on the nodes at once. Codes are the engine's; the server's diagnostics
 * on save remain the authority (they also check states, emails and fields).
 */
export interface WorkflowIssue {
  code:
    | "ENG_WORKFLOW_NO_TRIGGER"
    | "ENG_WORKFLOW_UNREACHABLE"
    | "ENG_WORKFLOW_MISSING_BRANCH"
    | "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT"
    | "ENG_WORKFLOW_EDGE_UNKNOWN_NODE";
  severity: "error" | "warning";
  /** The node concerned; absent for the workflow as a whole. */
  nodeId?: string;
  message: string;
}

/** Outgoing branches a node must have (engine REQUIRED_BRANCHES). */
export const REQUIRED_BRANCHES: Partial<Record<WorkflowNodeType, readonly string[]>> = {
  condition: ["true", "false"],
  approval: ["approved", "rejected"],
};

/**
 * Whether a node pauses a run, so a loop through it cannot spin (as the engine's plan compiler
 * says): a wait, an approval, a state that waits for a transition, a subworkflow it waits for.
 */
function pauses(node: WorkflowGraph["nodes"][number]): boolean {
  const config = (node.config ?? {}) as { transitions?: unknown; wait?: unknown };
  if (node.type === "wait" || node.type === "approval") return true;
  if (node.type === "state")
    return (
      typeof config.transitions === "object" &&
      config.transitions !== null &&
      Object.keys(config.transitions).length > 0
    );
  return node.type === "subworkflow" && config.wait !== false;
}

/** Nodes that may end a path without an edge: an end, and a state the record stays in. */
const MAY_END: ReadonlySet<WorkflowNodeType> = new Set(["end", "state"]);

export function checkWorkflowGraph(graph: WorkflowGraph): WorkflowIssue[] {
  const issues: WorkflowIssue[] = [];
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const edge of graph.edges) {
    for (const end of [edge.source, edge.target]) {
      if (!ids.has(end))
        issues.push({
          code: "ENG_WORKFLOW_EDGE_UNKNOWN_NODE",
          severity: "error",
          message: `Edge "${edge.id}" connects "${end}", which is not a node.`,
        });
    }
  }
  if (!graph.nodes.length) return issues;
  const triggers = graph.nodes.filter((n) => n.type === "trigger");
  if (!triggers.length)
    issues.push({
      code: "ENG_WORKFLOW_NO_TRIGGER",
      severity: "error",
      message: "The workflow has no trigger node, so it never starts.",
    });
  const reachable = reachableFrom(
    graph,
    triggers.map((t) => t.id),
  );
  for (const node of graph.nodes) {
    if (triggers.length && !reachable.has(node.id)) {
      issues.push({
        code: "ENG_WORKFLOW_UNREACHABLE",
        severity: "warning",
        nodeId: node.id,
        message: "Cannot be reached from a trigger: connect it, or delete it.",
      });
    }
    const required = REQUIRED_BRANCHES[node.type];
    if (!required && !MAY_END.has(node.type) && !graph.edges.some((e) => e.source === node.id)) {
      issues.push({
        code: "ENG_WORKFLOW_MISSING_BRANCH",
        severity: "error",
        nodeId: node.id,
        message: "Nothing follows it: connect the next step, or an end.",
      });
    }
    for (const branch of required ?? []) {
      if (!graph.edges.some((e) => e.source === node.id && e.branch === branch)) {
        issues.push({
          code: "ENG_WORKFLOW_MISSING_BRANCH",
          severity: "error",
          nodeId: node.id,
          message: `No "${branch}" branch.`,
        });
      }
    }
  }
  const loop = loopWithoutPause(graph);
  if (loop) {
    for (const id of new Set(loop)) {
      issues.push({
        code: "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT",
        severity: "error",
        nodeId: id,
        message: `Loop ${loop.join(" → ")} has no wait, approval or state waiting for a transition.`,
      });
    }
  }
  return issues;
}

function reachableFrom(graph: WorkflowGraph, starts: string[]): Set<string> {
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of graph.edges) {
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return seen;
}

/** A directed cycle none of whose nodes pauses (node ids, first repeated last), or null. */
export function loopWithoutPause(graph: WorkflowGraph): string[] | null {
  const pausing = new Set(graph.nodes.filter(pauses).map((n) => n.id));
  const next = (id: string) =>
    graph.edges.filter((e) => e.source === id && !pausing.has(e.target)).map((e) => e.target);
  const state = new Map<string, "open" | "done">();
  const visit = (id: string, path: string[]): string[] | null => {
    state.set(id, "open");
    for (const target of next(id)) {
      if (state.get(target) === "open") return [...path.slice(path.indexOf(target)), target];
      if (!state.has(target)) {
        const found = visit(target, [...path, target]);
        if (found) return found;
      }
    }
    state.set(id, "done");
    return null;
  };
  for (const node of graph.nodes) {
    if (!pausing.has(node.id) && !state.has(node.id)) {
      const found = visit(node.id, [node.id]);
      if (found) return found;
    }
  }
  return null;
}

/** Issues grouped by node id (workflow-level ones under ""). */
export function issuesByNode(issues: readonly WorkflowIssue[]): Map<string, WorkflowIssue[]> {
  const map = new Map<string, WorkflowIssue[]>();
  for (const issue of issues) {
    const key = issue.nodeId ?? "";
    map.set(key, [...(map.get(key) ?? []), issue]);
  }
  return map;
}
