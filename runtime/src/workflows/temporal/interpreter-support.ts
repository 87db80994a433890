/**
 * Pure helpers of the interpreter workflow: which names a node reads, the expression scope, the
 * values an update writes, `{{ … }}` templates, the instant a moment stands for, and the retry
 * policies of the activities. No I/O and no clock of its own (the workflow passes its
 * deterministic `now`), so it runs inside the workflow sandbox and in plain unit tests alike.
 */

import {
  evaluateExpression,
  readPaths,
  type ExpressionScope,
} from "../../../../engine/src/contract/workflow-expression.ts";
import type { PlanMoment, PlanNode, PlanValue } from "../../../../engine/src/contract/workflow-plan.ts";
import type { ApprovalContext, EventContext, RecordContext } from "./activities.ts";

/** Names the workflow itself holds: reading only these needs no `loadContext` activity. */
const RUN_NAMES = new Set(["approval", "trigger", "event", "now"]);

const TEMPLATE_PLACEHOLDER = /\{\{\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$-]*)*)\s*\}\}/g;

/** The name path a field moment reads: `record.<field>` or `<rel>.<…>.<field>`. */
export function momentRead(moment: Extract<PlanMoment, { kind: "field" }>): string[] {
  return moment.path.length === 0 ? ["record", moment.field] : [...moment.path, moment.field];
}

/** The name paths of a `{{ … }}` template. */
export function templateReads(text: string): string[][] {
  return [...text.matchAll(TEMPLATE_PLACEHOLDER)].map((m) => m[1].split("."));
}

function valueReads(value: PlanValue): string[][] {
  if (value.kind === "expression") return readPaths(value.expression.ast);
  if (value.kind === "template") return templateReads(value.text);
  return [];
}

function momentReads(moment: PlanMoment | null): string[][] {
  return moment?.kind === "field" ? [momentRead(moment)] : [];
}

/**
 * The record-side names a node reads (record fields, relations, tenant settings). Empty when
 * the node needs nothing beyond what the workflow holds, so no `loadContext` activity runs.
 */
export function nodeReads(node: PlanNode): string[][] {
  let reads: string[][];
  switch (node.kind) {
    case "condition":
      reads = readPaths(node.expression.ast);
      break;
    case "update":
      reads = Object.values(node.set).flatMap(valueReads);
      break;
    case "approval":
      reads = momentReads(node.due);
      break;
    case "state":
      // Timed transitions: the moments they fall at (a plan without `at` reads nothing here).
      reads = node.transitions.flatMap((t) => momentReads(t.at ?? null));
      break;
    case "wait":
      reads = [
        ...(node.until.kind === "condition"
          ? readPaths(node.until.expression.ast)
          : node.until.kind === "event"
            ? []
            : momentReads(node.until)),
        ...momentReads(node.timeout),
      ];
      break;
    default:
      reads = [];
  }
  const seen = new Set<string>();
  return reads.filter((path) => {
    const key = path.join(".");
    if (RUN_NAMES.has(path[0]) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the workflow holds of a run besides the record. */
export interface RunNames {
  readonly trigger: unknown;
  readonly approval: ApprovalContext | null;
  readonly event: EventContext | null;
  /** The workflow's current time, ISO 8601. */
  readonly now: string;
}

/** The scope expressions and templates see (workflow-expression.ts names). */
export function buildScope(context: RecordContext | null, names: RunNames): ExpressionScope {
  return {
    ...(context?.related ?? {}),
    record: context?.record ?? null,
    tenant: { settings: context?.tenantSettings ?? {} },
    approval: names.approval,
    trigger: names.trigger ?? null,
    event: names.event,
    now: names.now,
  };
}

function readPath(scope: ExpressionScope, path: readonly string[]): unknown {
  return evaluateExpression({ type: "path", path }, scope);
}

/** Fills `{{ a.b }}` placeholders: null and missing as "", objects as JSON. */
export function renderTemplate(text: string, scope: ExpressionScope): string {
  return text.replace(TEMPLATE_PLACEHOLDER, (_match, path: string) => {
    const value = readPath(scope, path.split("."));
    if (value === null || value === undefined) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}

/** The value an update writes: `now` is the workflow's time, so every retry writes the same instant. */
export function resolveValue(value: PlanValue, scope: ExpressionScope, now: string): unknown {
  switch (value.kind) {
    case "literal":
      return value.value;
    case "now":
      return now;
    case "template":
      return renderTemplate(value.text, scope);
    case "expression":
      return evaluateExpression(value.expression.ast, scope);
  }
}

/**
 * The instant (ms since the epoch) a moment stands for: `nowMs` plus a duration, or the date in a
 * field (null when the field is empty or not a date).
 */
export function momentAt(moment: PlanMoment, scope: ExpressionScope, nowMs: number): number | null {
  if (moment.kind === "duration") return nowMs + moment.duration.ms;
  const value = readPath(scope, momentRead(moment));
  if (typeof value !== "string" && !(value instanceof Date)) return null;
  const at = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

/** Retry policies by activity family (Temporal retries; the step key keeps effects single). */
export const ACTIVITY_POLICIES = {
  /** Store writes and reads: quick, a few attempts. */
  store: {
    startToCloseTimeout: "30 seconds",
    retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute", maximumAttempts: 5 },
  },
  /** Webhooks leave the system: longer backoff, more attempts (receivers dedupe on the step key). */
  webhook: {
    startToCloseTimeout: "30 seconds",
    retry: { initialInterval: "5 seconds", backoffCoefficient: 2, maximumInterval: "10 minutes", maximumAttempts: 8 },
  },
} as const;

/** Steps one run may take before the interpreter calls the plan broken (a loop without a pause). */
export const MAX_STEPS = 10_000;
