/**
 * Workflow runs in the studio: the shapes of the tenant's workflow API
 * (runtime/src/workflows/workflow-routes.ts) and the pure helpers the inbox, the instance pages
 * and the editor's path highlighting use. Nothing here knows any template.
 */
import { humanize } from "./labels.ts";
import type { WorkflowGraph } from "./workflow-graph.ts";

export const INSTANCE_STATUSES = ["running", "waiting", "completed", "failed", "cancelled"] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export const DECISIONS = ["approve", "reject", "request-changes"] as const;
export type Decision = (typeof DECISIONS)[number];

/** One workflow of the tenant (`GET /api/v1/tenant/workflows`). */
export interface WorkflowDefinition {
  name: string;
  template: string;
  entity: string | null;
  label?: Record<string, string>;
  /** A plan exists (the engine compiled it). */
  runnable: boolean;
  version: string | null;
  trigger: string | null;
}

export interface WorkflowInstance {
  id: string;
  workflow: string;
  version: string;
  status: InstanceStatus;
  /** The entity's name (`Application`), or null for a run on no record. */
  entity: string | null;
  recordId: string | null;
  parentInstanceId?: string | null;
  currentNodeId: string | null;
  error?: string | null;
  context?: Record<string, unknown>;
  startedBy?: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface InstancePage {
  data: WorkflowInstance[];
  page: { limit: number; nextCursor: string | null };
}

/** One step of a run's timeline. */
export interface WorkflowStep {
  id: string;
  seq: number;
  nodeId: string;
  kind: string;
  status: "queued" | "running" | "waiting" | "completed" | "failed" | "cancelled";
  /** A compensation step (undoing an earlier one after a failure). */
  compensation?: boolean;
  attempts: number;
  input?: unknown;
  output?: unknown;
  outcome?: string | null;
  error?: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface TaskDecision {
  userId?: string;
  decision?: Decision;
  comment?: string;
  at?: string;
}

/** A human task (`GET /api/v1/tenant/workflows/tasks`: the caller's; in an instance: its tasks). */
export interface WorkflowTask {
  id: string;
  instanceId: string;
  workflow: string;
  nodeId: string;
  status: "open" | "approved" | "rejected" | "changes-requested" | "expired" | "cancelled";
  entity: string | null;
  recordId: string | null;
  minApprovals?: number;
  assigneeIds: string[];
  decisions: TaskDecision[];
  dueAt: string | null;
  createdAt: string;
}

export interface InstanceDetail {
  instance: WorkflowInstance;
  timeline: WorkflowStep[];
  tasks?: WorkflowTask[];
}

export interface InstanceFilter {
  workflow?: string;
  status?: InstanceStatus | "";
  recordId?: string;
}

/** `filter[workflow]`, `filter[status]`, `filter[recordId]` (empty ones left out), `limit`, `cursor`. */
export function instancesQuery(filter: InstanceFilter, options: { limit?: number; cursor?: string | null } = {}) {
  const params = new URLSearchParams();
  for (const key of ["status", "workflow", "recordId"] as const) {
    const value = filter[key]?.trim();
    if (value) params.set(`filter[${key}]`, value);
  }
  params.set("limit", String(options.limit ?? 50));
  if (options.cursor) params.set("cursor", options.cursor);
  return params.toString();
}

/** A task is overdue when it is still open and its due date has passed. */
export const isOverdue = (task: Pick<WorkflowTask, "status" | "dueAt">, now: Date): boolean =>
  task.status === "open" && task.dueAt !== null && Date.parse(task.dueAt) < now.getTime();

/** Cancel: a run that has not ended. Retry: a failed run (the API re-queues its failed step). */
export const canCancel = (instance: Pick<WorkflowInstance, "status">) =>
  instance.status === "running" || instance.status === "waiting";
export const canRetry = (instance: Pick<WorkflowInstance, "status">) => instance.status === "failed";

/** A run that has not ended yet (the editor offers these to highlight). */
export const isActive = canCancel;

/** Reject and request changes need a reason (the API answers 400 with `/body/comment` without one). */
export const needsComment = (decision: Decision) => decision !== "approve";

export const decisionLabel = (decision: Decision) =>
  decision === "approve" ? "Approve" : decision === "reject" ? "Reject" : "Request changes";

/** `812` → `812 ms`, `4200` → `4.2 s`, `192000` → `3 min 12 s`; null: not finished. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  if (minutes < 60) return seconds ? `${minutes} min ${seconds} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** A JSON value for a timeline cell: `—` for nothing, compact JSON otherwise. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "object" && Object.keys(value).length === 0) return "—";
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/**
 * The label of a node: its own (the template's, in `locale`) when the caller has the graph,
 * else its id in words (`review-application` → `Review application`).
 */
export function nodeLabel(nodeId: string, graph?: WorkflowGraph | null, locale = "en"): string {
  const node = graph?.nodes.find((n) => n.id === nodeId);
  const own = node?.label ? (node.label[locale] ?? Object.values(node.label)[0]) : undefined;
  return own || humanize(nodeId);
}

/** What the canvas shows of a run: the steps it took, where it stands, what failed, the edges it went along. */
export interface RunPath {
  /** Nodes with a completed step. */
  completed: Set<string>;
  /** The node the run stands at (running or waiting), or null when it ended. */
  current: string | null;
  /** Nodes whose step failed for good. */
  failed: Set<string>;
  /** Edge ids the run went along (from one step's node to the next step's). */
  edges: Set<string>;
}

/**
 * The path of a run over the editor's graph, from its timeline: compensation steps are left out
 * (they undo, they do not move the run); consecutive steps give the edge between their nodes
 * (the one whose branch is the step's outcome when there are several); the current node is the
 * instance's while it has not ended, else none.
 */
export function runPath(
  graph: WorkflowGraph,
  instance: Pick<WorkflowInstance, "status" | "currentNodeId">,
  timeline: readonly WorkflowStep[],
): RunPath {
  const steps = timeline.filter((s) => !s.compensation).sort((a, b) => a.seq - b.seq);
  const completed = new Set(steps.filter((s) => s.status === "completed").map((s) => s.nodeId));
  const failed = new Set(steps.filter((s) => s.status === "failed").map((s) => s.nodeId));
  const edges = new Set<string>();
  for (let i = 0; i + 1 < steps.length; i++) {
    const from = steps[i];
    if (from.status !== "completed") continue;
    const to = steps[i + 1].nodeId;
    const candidates = graph.edges.filter((e) => e.source === from.nodeId && e.target === to);
    const edge = candidates.find((e) => e.branch !== null && e.branch === from.outcome) ?? candidates[0];
    if (edge) edges.add(edge.id);
  }
  const open = steps.filter((s) => s.status === "running" || s.status === "waiting" || s.status === "queued");
  const current = isActive(instance) ? (instance.currentNodeId ?? open[open.length - 1]?.nodeId ?? null) : null;
  if (current) completed.delete(current);
  return { completed, current, failed, edges };
}

/** The class a node of the canvas gets for a run (`wf-run-current`, `-done`, `-failed`), or none. */
export function runNodeClass(path: RunPath | null, nodeId: string): string {
  if (!path) return "";
  if (path.current === nodeId) return "wf-run-current";
  if (path.failed.has(nodeId)) return "wf-run-failed";
  if (path.completed.has(nodeId)) return "wf-run-done";
  return "";
}

/** Words for a node's part in the run, for its accessible name (`, current step of the run`). */
export function runNodeState(path: RunPath | null, nodeId: string): string {
  switch (runNodeClass(path, nodeId)) {
    case "wf-run-current":
      return "current step of the run";
    case "wf-run-failed":
      return "failed in the run";
    case "wf-run-done":
      return "completed in the run";
    default:
      return "";
  }
}

/** The `{ title }` of records, by id, read from a list response (`filter[id:in]`). */
export function titlesById(
  records: readonly Record<string, unknown>[],
  titleField: string | null | undefined,
): Map<string, string> {
  const out = new Map<string, string>();
  if (!titleField) return out;
  for (const r of records) {
    const title = r[titleField];
    if (typeof r.id === "string" && (typeof title === "string" || typeof title === "number") && `${title}` !== "")
      out.set(r.id, `${title}`);
  }
  return out;
}
