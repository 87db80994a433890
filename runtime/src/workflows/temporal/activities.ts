/**
 * The activities the Temporal interpreter workflow (interpret-plan.ts) calls for every effect of a
 * plan: what the runtime implements over its own stores (records, email outbox, webhook
 * subscriptions, human tasks, workflow definitions). The workflow never touches a store itself.
 *
 * Every effect carries the step it belongs to. `step.key` (`<instanceId>:<seq>`, the same shape as
 * the PostgreSQL executor's `workflow_step.idempotencyKey`) is stable across Temporal's retries of
 * that activity, so an implementation dedupes on it: an email is persisted with
 * `dedupeKey = step.key`, a webhook goes out with `Idempotency-Key: step.key`, a record write
 * records an effect row keyed by it. A retried activity therefore never repeats its effect.
 *
 * Errors: a thrown error is retried with the policy of the activity (interpret-plan.ts,
 * `ACTIVITY_POLICIES`); an error that retrying cannot fix (the record is gone, an unknown
 * template) should be an `ApplicationFailure.nonRetryable(...)` from `@temporalio/activity`'s
 * common exports, so the step fails for good at once and compensation runs.
 *
 * The bundled workflow code imports only types from this file.
 */

import type { PlanParty, PlanSignalTarget, WorkflowPlan } from "../../../../engine/src/contract/workflow-plan.ts";

/** The run a call belongs to. Every store access filters by `tenantId`. */
export interface RunRef {
  readonly tenantId: string;
  /** The workflow instance id (the Temporal workflow id is derived from it: backend.ts). */
  readonly instanceId: string;
  readonly workflow: string;
  /** The plan version the instance started with. */
  readonly version: string;
  /**
   * The template the workflow belongs to (workflow names are unique per template only), so the
   * activities look plans and entities up in it; a child run has its parent's.
   */
  readonly templateId?: string;
  readonly entity: string | null;
  readonly recordId: string | null;
}

/** The step an effect belongs to. */
export interface StepRef extends RunRef {
  readonly nodeId: string;
  /** 1, 2, 3 … in the order the run reaches nodes (a node reached twice is two steps). */
  readonly seq: number;
  /** `<instanceId>:<seq>`: the idempotency key of the step's effect. */
  readonly key: string;
  /** A compensation step (undoing the effect of the completed step `compensates`). */
  readonly compensates: string | null;
}

/** The record and what the expressions of a node read around it. */
export interface RecordContext {
  /** The run's record, or null when the run has none (or it was deleted). */
  readonly record: Readonly<Record<string, unknown>> | null;
  /**
   * Many-to-one relations of the record by name (`job` → the record's job), each a plain object
   * that may nest its own relations (`job.account`) where a read asks for them.
   */
  readonly related: Readonly<Record<string, unknown>>;
  /** The tenant's settings (`tenant.settings` in expressions). */
  readonly tenantSettings: Readonly<Record<string, unknown>>;
}

export interface LoadContextInput {
  readonly run: RunRef;
  /**
   * The name paths the node's expressions and moments read (`["record","score"]`,
   * `["job","account","name"]`): the implementation loads the relations they cross.
   */
  readonly reads: readonly (readonly string[])[];
}

export interface SetStatusInput {
  readonly step: StepRef;
  /** The plan's `statusField`. */
  readonly field: string;
  readonly status: string;
}

export interface UpdateRecordInput {
  readonly step: StepRef;
  /** Field → value, already resolved by the workflow (`now`, templates and expressions). */
  readonly values: Readonly<Record<string, unknown>>;
}

/** The run context an email or webhook may show: what the workflow knows beyond the record. */
export interface RunContext {
  readonly trigger: unknown;
  readonly approval: ApprovalContext | null;
  readonly event: EventContext | null;
}

export interface SendEmailInput {
  readonly step: StepRef;
  readonly template: string;
  readonly to: readonly PlanParty[];
  readonly locale: string | null;
  readonly context: RunContext;
}

export interface SendEmailResult {
  /** How many messages were persisted (one per recipient found; 0 when no party resolves). */
  readonly messages: number;
}

export interface CallWebhookInput {
  readonly step: StepRef;
  readonly event: string;
  readonly method: "POST" | "PUT";
  readonly context: RunContext;
}

export interface CallWebhookResult {
  /** Subscriptions the event was delivered to (a 2xx answer each). */
  readonly delivered: number;
}

export interface AssignUserInput {
  readonly step: StepRef;
  readonly field: string;
  readonly role: string;
  readonly strategy: "round-robin" | "least-open";
  readonly notify: boolean;
}

export interface AssignUserResult {
  /** The user written into `field`, or null when nobody holds the role. */
  readonly userId: string | null;
}

export interface OpenTaskInput {
  readonly step: StepRef;
  readonly assignees: readonly PlanParty[];
  readonly minApprovals: number;
  readonly excludeAuthor: boolean;
  /** ISO date-time the task is due, or null. */
  readonly dueAt: string | null;
}

export interface OpenTaskResult {
  /** The human task the inbox shows and the decision signal names. */
  readonly taskId: string;
}

export type TaskClosing = "approved" | "rejected" | "changes-requested" | "expired" | "cancelled";

export interface CloseTaskInput {
  readonly step: StepRef;
  readonly taskId: string;
  readonly status: TaskClosing;
}

export interface LoadPlanInput {
  readonly run: RunRef;
  /** The sub-workflow's name in the run's template. */
  readonly workflow: string;
}

export interface SignalRunsInput {
  readonly step: StepRef;
  /** The event delivered (what the target runs' `wait` nodes wait for). */
  readonly event: string;
  /** The records reached: the many-to-one `path`, then the one-to-many `relation` there. */
  readonly to: PlanSignalTarget;
  /** At most this many runs (longest waiting first); null: all. */
  readonly limit: number | null;
}

export interface SignalRunsResult {
  /** The instance ids the event was delivered to (the same on a retry of the step). */
  readonly signalled: readonly string[];
}

/** The last decision of an approval (`approval` in expressions and templates). */
export interface ApprovalContext {
  readonly decision: "approve" | "reject" | "request-changes";
  readonly comment: string | null;
  readonly by: string;
}

/** The last event a wait received (`event` in expressions and templates). */
export interface EventContext {
  readonly name: string;
  readonly payload: unknown;
}

/**
 * What the runtime implements. The names are the Temporal activity types recorded in every
 * history: renaming one breaks the replay of running instances.
 */
export interface PlanActivities {
  /** Reads the record (tenant-filtered), the relations `reads` cross, and the tenant's settings. */
  loadContext(input: LoadContextInput): Promise<RecordContext>;
  /** A state node: writes the workflow-owned status field (the one path that may). */
  setStatus(input: SetStatusInput): Promise<void>;
  /** An update node (or a compensation): writes the resolved values. */
  updateRecord(input: UpdateRecordInput): Promise<void>;
  /** An email node: resolves the parties to recipients and persists one message each. */
  sendEmail(input: SendEmailInput): Promise<SendEmailResult>;
  /** A webhook node: signs and sends the event to the tenant's subscriptions. */
  callWebhook(input: CallWebhookInput): Promise<CallWebhookResult>;
  /** An assign node: picks a user holding the role and writes the id into the field. */
  assignUser(input: AssignUserInput): Promise<AssignUserResult>;
  /** An approval node: opens the human task its assignees see in their inbox. */
  openTask(input: OpenTaskInput): Promise<OpenTaskResult>;
  /** Closes the task when the approval ends (decided, expired, or the run cancelled). */
  closeTask(input: CloseTaskInput): Promise<void>;
  /** A subworkflow node: the plan of the named workflow, current version (the child keeps it). */
  loadPlan(input: LoadPlanInput): Promise<WorkflowPlan>;
  /**
   * A signal node: delivers the event to the runs waiting for it on the records `to` reaches
   * (never the run's own record), longest waiting first, at most `limit`; once per step key.
   */
  signalRuns(input: SignalRunsInput): Promise<SignalRunsResult>;
}

/** The activity types, in the order the interface lists them. */
export const PLAN_ACTIVITY_NAMES = [
  "loadContext",
  "setStatus",
  "updateRecord",
  "sendEmail",
  "callWebhook",
  "assignUser",
  "openTask",
  "closeTask",
  "loadPlan",
  "signalRuns",
] as const satisfies readonly (keyof PlanActivities)[];
