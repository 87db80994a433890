/**
 * What the interpreter workflow takes, returns, and listens to: its input, its result, the
 * signals the runtime sends (decision, transition, event, record changed) and the `state` query.
 * Shared by the workflow code (bundled) and the client side (backend.ts); `defineSignal` and
 * `defineQuery` only name things, so this file is safe outside the workflow sandbox.
 */

import { defineQuery, defineSignal } from "@temporalio/workflow";
import type { WorkflowPlan } from "../../../../engine/src/contract/workflow-plan.ts";
import type { ApprovalContext, EventContext, RunRef } from "./activities.ts";

/** The Temporal workflow type every plan runs as. */
export const INTERPRETER_WORKFLOW = "interpretPlan";

/** The Temporal workflow id of an instance (a child's too): one per tenant and instance. */
export function workflowIdFor(tenantId: string, instanceId: string): string {
  return `mono/${tenantId}/${instanceId}`;
}

/**
 * The interpreter's input. The plan travels inside it, so it is recorded in the history's first
 * event: a running instance keeps the plan (the version) it started with, whatever the template
 * does later.
 */
export interface InterpreterInput {
  readonly plan: WorkflowPlan;
  readonly run: RunRef;
  /** The start payload (`trigger` in expressions): the record change, manual input, webhook body. */
  readonly trigger: unknown;
}

export interface InterpreterResult {
  /** The end node's outcome, or null when a path ended on an unhandled outcome. */
  readonly outcome: string | null;
  /** The end node (or the last node run). */
  readonly nodeId: string;
  readonly steps: number;
}

export interface DecisionSignal {
  /** The task the decision is for (openTask's id): a decision for another task is ignored. */
  readonly taskId: string;
  readonly decision: ApprovalContext["decision"];
  readonly comment: string | null;
  /** The deciding user (checked by the runtime against the task's assignees before signalling). */
  readonly by: string;
}

export interface TransitionSignal {
  /** The transition's name in the current state node; another name is ignored. */
  readonly name: string;
  readonly by: string;
}

export interface EventSignal extends EventContext {
  /**
   * Set by signal nodes (`<step key>:<instance id>`): an event with an id the run has seen is
   * dropped, so a retried `signalRuns` that signals again delivers one event.
   */
  readonly id?: string;
  /**
   * Set by signal nodes: the run takes the event only if it waits for that event when the signal
   * arrives; otherwise it is dropped (an event through the API is kept until a wait takes it).
   */
  readonly onlyIfWaiting?: boolean;
}

export const decisionSignal = defineSignal<[DecisionSignal]>("decision");
export const transitionSignal = defineSignal<[TransitionSignal]>("transition");
export const eventSignal = defineSignal<[EventSignal]>("event");
/** The run's record changed: a wait on a condition re-reads it. */
export const recordChangedSignal = defineSignal<[]>("recordChanged");

/** One step of the run, as the `state` query lists it (the timeline). */
export interface InterpreterStep {
  readonly seq: number;
  readonly nodeId: string;
  readonly kind: string;
  readonly status: "running" | "waiting" | "completed" | "failed";
  /** The outcome `nextNode` was given (`"true"`, `"approved"`, a transition name …). */
  readonly outcome: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** The step this one compensates, or null. */
  readonly compensates: string | null;
  readonly error: string | null;
}

export interface InterpreterState {
  readonly status: "running" | "waiting" | "completed" | "failed" | "cancelled";
  readonly currentNodeId: string;
  readonly version: string;
  /** What a waiting run waits for. */
  readonly waitingFor:
    | { readonly kind: "task"; readonly taskId: string; readonly dueAt: string | null }
    /** `until`: when the earliest timed transition (`at`) falls, or null. */
    | { readonly kind: "transition"; readonly names: readonly string[]; readonly until: string | null }
    | { readonly kind: "event"; readonly event: string; readonly until: string | null }
    | { readonly kind: "moment"; readonly until: string }
    | { readonly kind: "condition"; readonly until: string | null }
    | { readonly kind: "child"; readonly workflowId: string }
    | null;
  readonly approval: ApprovalContext | null;
  readonly event: EventContext | null;
  readonly steps: readonly InterpreterStep[];
  readonly outcome: string | null;
  readonly error: string | null;
}

export const stateQuery = defineQuery<InterpreterState>("state");
