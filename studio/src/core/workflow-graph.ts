import { layeredLayout } from "./relationship-layout.ts";
import type { RawWorkflow, WorkflowNodeType } from "./registry-types.ts";

/** The node types of the palette, in palette order. */
export const NODE_TYPES: readonly WorkflowNodeType[] = [
  "trigger",
  "condition",
  "approval",
  "wait",
  "email",
  "update",
  "webhook",
  "assign",
  "signal",
  "state",
  "end",
];

export interface WorkflowNode {
  id: string;
  type: WorkflowNodeType;
  label?: Record<string, string>;
  config?: Record<string, unknown>;
  position: { x: number; y: number };
}

export interface WorkflowEdge {
  id: string;
  source: string;
  target: string;
  /** Output handle taken (`true`, `approved`, `timeout`…); null for the default output. */
  branch: string | null;
}

export interface WorkflowGraph {
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

/**
 * Output handles per node type: condition and approval must have both branches (the engine's
 * REQUIRED_BRANCHES), wait may time out, end has none. `null` is the default output.
 */
export function outputsOf(type: WorkflowNodeType): (string | null)[] {
  switch (type) {
    case "condition":
      return ["true", "false"];
    case "approval":
      return ["approved", "rejected"];
    case "wait":
      return [null, "timeout"];
    case "end":
      return [];
    default:
      return [null];
  }
}

/** Triggers start runs: nothing leads into them. */
export const hasInput = (type: WorkflowNodeType) => type !== "trigger";

/** Default settings of a new node, so it is valid as soon as it is dropped. */
export function defaultConfig(type: WorkflowNodeType): Record<string, unknown> | undefined {
  switch (type) {
    case "trigger":
      return { on: "create" };
    case "condition":
      return { expression: "record.status == 'pending'" };
    case "approval":
      return { roles: ["tenant-admin"], timeout: "P7D" };
    case "wait":
      return { duration: "P1D" };
    case "webhook":
      return { url: "https://example.com/hook", method: "POST" };
    case "assign":
      return { role: "tenant-admin" };
    case "update":
      return { set: {} };
    default:
      return undefined;
  }
}

export type WorkflowChange =
  | { type: "addNode"; node: WorkflowNode }
  | { type: "moveNode"; id: string; position: { x: number; y: number } }
  | { type: "removeNodes"; ids: string[] }
  | { type: "connect"; source: string; target: string; branch: string | null }
  | { type: "removeEdges"; ids: string[] }
  | { type: "updateNode"; id: string; label?: Record<string, string>; config?: Record<string, unknown> }
  | { type: "replace"; graph: WorkflowGraph };

/** A node id not taken yet: `email_1`, `email_2`… */
export function nextNodeId(graph: WorkflowGraph, type: WorkflowNodeType): string {
  const taken = new Set(graph.nodes.map((n) => n.id));
  for (let n = 1; ; n++) if (!taken.has(`${type}_${n}`)) return `${type}_${n}`;
}

const STEP_X = 260;
const STEP_Y = 130;

/**
 * Where a node added from the palette goes: right of the anchor (the selected node) or of the
 * rightmost node, moved down until it overlaps nothing. Deterministic, so tests can rely on it.
 */
export function placeNewNode(graph: WorkflowGraph, anchorId: string | null): { x: number; y: number } {
  if (!graph.nodes.length) return { x: 80, y: 200 };
  const anchor =
    graph.nodes.find((n) => n.id === anchorId) ?? graph.nodes.reduce((a, b) => (b.position.x > a.position.x ? b : a));
  const taken = (x: number, y: number) =>
    graph.nodes.some((n) => Math.abs(n.position.x - x) < STEP_X * 0.8 && Math.abs(n.position.y - y) < STEP_Y * 0.8);
  const x = anchor.position.x + STEP_X;
  let y = anchor.position.y;
  for (let i = 1; taken(x, y); i++) y = anchor.position.y + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * STEP_Y;
  return { x, y };
}

export const edgeId = (source: string, target: string, branch: string | null) =>
  `e_${source}_${branch ?? "next"}_${target}`;

/** Why a connection is refused, or null when it may be made. */
export function connectionProblem(
  graph: WorkflowGraph,
  source: string,
  target: string,
  branch: string | null,
): string | null {
  const from = graph.nodes.find((n) => n.id === source);
  const to = graph.nodes.find((n) => n.id === target);
  if (!from || !to) return "Both ends must be nodes of this workflow.";
  if (source === target) return "A node cannot lead to itself.";
  if (!hasInput(to.type)) return "Nothing can lead into a trigger.";
  if (!outputsOf(from.type).includes(branch))
    return `A ${from.type} node has no ${branch === null ? "default" : `"${branch}"`} output.`;
  return null;
}

/** Pure: the graph after one change. Invalid changes leave it as it was (same object). */
export function applyWorkflowChange(graph: WorkflowGraph, change: WorkflowChange): WorkflowGraph {
  switch (change.type) {
    case "replace":
      return change.graph;
    case "addNode":
      if (graph.nodes.some((n) => n.id === change.node.id)) return graph;
      return { ...graph, nodes: [...graph.nodes, change.node] };
    case "moveNode": {
      const node = graph.nodes.find((n) => n.id === change.id);
      if (!node || (node.position.x === change.position.x && node.position.y === change.position.y)) return graph;
      return {
        ...graph,
        nodes: graph.nodes.map((n) => (n.id === change.id ? { ...n, position: change.position } : n)),
      };
    }
    case "removeNodes": {
      const ids = new Set(change.ids);
      if (!graph.nodes.some((n) => ids.has(n.id))) return graph;
      return {
        nodes: graph.nodes.filter((n) => !ids.has(n.id)),
        edges: graph.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
      };
    }
    case "connect": {
      if (connectionProblem(graph, change.source, change.target, change.branch)) return graph;
      // One edge per output: reconnecting a branch moves it.
      const others = graph.edges.filter((e) => !(e.source === change.source && e.branch === change.branch));
      const edge: WorkflowEdge = {
        id: edgeId(change.source, change.target, change.branch),
        source: change.source,
        target: change.target,
        branch: change.branch,
      };
      return { ...graph, edges: [...others, edge] };
    }
    case "removeEdges": {
      const ids = new Set(change.ids);
      if (!graph.edges.some((e) => ids.has(e.id))) return graph;
      return { ...graph, edges: graph.edges.filter((e) => !ids.has(e.id)) };
    }
    case "updateNode": {
      if (!graph.nodes.some((n) => n.id === change.id)) return graph;
      return {
        ...graph,
        nodes: graph.nodes.map((n) => {
          if (n.id !== change.id) return n;
          const next = { ...n };
          if (change.label !== undefined) next.label = change.label;
          if (change.config !== undefined) next.config = change.config;
          return next;
        }),
      };
    }
  }
}

/** A template workflow → the editor's graph (nodes without a position are laid out in a row). */
export function graphFromWorkflow(workflow: RawWorkflow): WorkflowGraph {
  return {
    nodes: workflow.nodes.map((n, i) => ({
      id: n.id,
      type: n.type as WorkflowNodeType,
      ...(n.label ? { label: n.label } : {}),
      ...(n.config ? { config: n.config } : {}),
      position: n.position ?? { x: 80 + i * 240, y: 200 },
    })),
    edges: workflow.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, branch: e.branch ?? null })),
  };
}

/** The editor's graph → the template's workflow (keeping its id, label and entity). */
export function workflowFromGraph(base: Omit<RawWorkflow, "nodes" | "edges">, graph: WorkflowGraph): RawWorkflow {
  return {
    ...base,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      ...(n.label && Object.keys(n.label).length ? { label: n.label } : {}),
      ...(n.config ? { config: n.config } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      ...(e.branch ? { branch: e.branch } : {}),
    })),
  };
}

/**
 * The graph laid out left to right by steps from the triggers (the editor's "Tidy up"). With the
 * nodes' rendered `heights`, a column stacks them with a gap so tall nodes (ones listing
 * problems) never overlap; without, every row is `STEP_Y` high.
 */
export function tidyWorkflow(graph: WorkflowGraph, heights: Readonly<Record<string, number>> = {}): WorkflowGraph {
  // layeredLayout puts a target left of its source: hand it the edges reversed.
  const layout = layeredLayout(
    graph.nodes.map((n) => n.id),
    graph.edges.map((e) => ({ source: e.target, target: e.source })),
    { columnWidth: STEP_X, rowHeight: STEP_Y },
  );
  const GAP = 30;
  const nextY = new Map<number, number>();
  const y = new Map<string, number>();
  // layeredLayout numbers the rows of a column top-down: keep that order.
  const ordered = [...graph.nodes].sort((a, b) => layout.get(a.id)!.y - layout.get(b.id)!.y);
  for (const n of ordered) {
    const column = layout.get(n.id)!.layer;
    const top = nextY.get(column) ?? 0;
    y.set(n.id, top);
    nextY.set(column, top + Math.max(STEP_Y - GAP, heights[n.id] ?? 0) + GAP);
  }
  return {
    ...graph,
    nodes: graph.nodes.map((n) => ({ ...n, position: { x: 80 + layout.get(n.id)!.x, y: 80 + y.get(n.id)! } })),
  };
}
