/**
 * The one Temporal workflow every plan runs as: it walks the plan's nodes with `nextNode`,
 * evaluates conditions itself (the expression language is pure), calls activities for every
 * effect (activities.ts) and waits on signals and timers. Workflow code: deterministic, bundled
 * with `bundleWorkflowCode` (bundle.ts), no I/O, the clock and ids come from the SDK.
 *
 * Node by node:
 * - trigger: goes on; the start payload is `trigger` in expressions.
 * - state: `setStatus`; with transitions, waits for a `transition` signal naming one of them;
 *   a timed transition (`at`) is a timer racing that signal: when its moment falls first, the
 *   run takes it itself (the earliest, when several are timed; an empty date field never falls).
 * - condition: `loadContext` when the expression reads the record, then `true` / `false`.
 * - approval: `openTask`, then waits for `decision` signals (any reject or request-changes
 *   decides; `minApprovals` distinct approvers approve) until `due` when the plan has a timeout
 *   branch; `closeTask` with the verdict (or `expired`).
 * - wait: a moment (`sleep`), an `event` signal (events received since the start are kept until
 *   a wait takes them) or a condition re-checked on `recordChanged`, each with its timeout.
 * - email / update / webhook / assign: one activity each; update values are resolved here.
 * - signal: `signalRuns` delivers the event to the runs waiting for it on the related records.
 * - subworkflow: `loadPlan`, then the child plan as a Temporal child workflow of this same type
 *   (awaited when `wait`, abandoned to run on its own otherwise).
 * - end: the run completes with the node's outcome.
 * An activity that fails for good (its retry policy spent) fails the step: the compensations of
 * the completed steps run newest first, then the run fails.
 */

import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  ParentClosePolicy,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
} from "@temporalio/workflow";
import { evaluateExpression, truthy } from "../../../../engine/src/contract/workflow-expression.ts";
import {
  nextNode,
  type PlanNode,
  type StepOutcome,
  type WorkflowPlan,
} from "../../../../engine/src/contract/workflow-plan.ts";
import type {
  ApprovalContext,
  EventContext,
  PlanActivities,
  RecordContext,
  RunContext,
  StepRef,
  TaskClosing,
} from "./activities.ts";
import { ACTIVITY_POLICIES, MAX_STEPS, buildScope, momentAt, nodeReads, resolveValue } from "./interpreter-support.ts";
import {
  INTERPRETER_WORKFLOW,
  decisionSignal,
  eventSignal,
  recordChangedSignal,
  stateQuery,
  transitionSignal,
  workflowIdFor,
  type DecisionSignal,
  type InterpreterInput,
  type InterpreterResult,
  type InterpreterState,
  type InterpreterStep,
  type TransitionSignal,
} from "./messages.ts";

const store = proxyActivities<PlanActivities>(ACTIVITY_POLICIES.store);
const webhooks = proxyActivities<PlanActivities>(ACTIVITY_POLICIES.webhook);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export async function interpretPlan(input: InterpreterInput): Promise<InterpreterResult> {
  const { plan, run } = input;
  const steps: Mutable<InterpreterStep>[] = [];
  /** Completed steps whose node has a compensation, oldest first. */
  const compensable: { nodeId: string; key: string }[] = [];
  const events: EventContext[] = [];
  /**
   * Every decision received, for any task: one may arrive while `openTask` is still completing
   * (the task is in the inbox before the workflow learns its id), so none is dropped; an approval
   * counts those naming its task.
   */
  const decisions: DecisionSignal[] = [];
  let openTaskId: string | null = null;
  let transitionNames: readonly string[] = [];
  let transition: TransitionSignal | null = null;
  let recordChanges = 0;
  let approval: ApprovalContext | null = null;
  let event: EventContext | null = null;
  /** Set once the run ends; until then the query derives running / waiting from `waitingFor`. */
  let ended: "completed" | "failed" | "cancelled" | null = null;
  let waitingFor: InterpreterState["waitingFor"] = null;
  let currentNodeId = plan.start;
  let outcome: string | null = null;
  let failure: string | null = null;
  let seq = 0;

  setHandler(decisionSignal, (decision) => {
    decisions.push(decision);
  });
  setHandler(transitionSignal, (signal) => {
    if (transition === null && transitionNames.includes(signal.name)) transition = signal;
  });
  /** Ids of the events signal nodes delivered: a retried delivery is one event. */
  const seenEvents = new Set<string>();
  setHandler(eventSignal, (received) => {
    if (received.id !== undefined) {
      if (seenEvents.has(received.id)) return;
      seenEvents.add(received.id);
    }
    // A signal node's event is for runs waiting for it now; others get nothing.
    if (received.onlyIfWaiting === true && !(waitingFor?.kind === "event" && waitingFor.event === received.name))
      return;
    events.push({ name: received.name, payload: received.payload ?? null });
  });
  setHandler(recordChangedSignal, () => {
    recordChanges += 1;
  });
  setHandler(stateQuery, (): InterpreterState => ({
    status: ended ?? (waitingFor === null ? "running" : "waiting"),
    currentNodeId,
    version: plan.version,
    waitingFor,
    approval,
    event,
    steps: steps.map((step, i) =>
      step.status === "running" && waitingFor !== null && i === steps.length - 1
        ? { ...step, status: "waiting" }
        : { ...step },
    ),
    outcome,
    error: failure,
  }));

  const nowIso = () => new Date(Date.now()).toISOString();
  const runContext = (): RunContext => ({ trigger: input.trigger ?? null, approval, event });

  const stepRef = (node: PlanNode, compensates: string | null): StepRef => {
    seq += 1;
    return { ...run, nodeId: node.id, seq, key: `${run.instanceId}:${seq}`, compensates };
  };

  /** The scope of a node's expressions; loads the record only when the node reads it. */
  const scopeFor = async (node: PlanNode) => {
    const reads = nodeReads(node);
    let context: RecordContext | null = null;
    if (reads.length > 0) context = await store.loadContext({ run, reads });
    return buildScope(context, { trigger: input.trigger, approval, event, now: nowIso() });
  };

  /** Waits for `done` until the instant `at` (null: no limit); false when `at` came first. */
  const waitUntil = async (done: () => boolean, at: number | null): Promise<boolean> => {
    if (done()) return true;
    if (at === null) {
      await condition(done);
      return true;
    }
    const ms = at - Date.now();
    if (ms <= 0) return false;
    return condition(done, ms);
  };

  const sleepUntil = async (at: number) => {
    const ms = at - Date.now();
    if (ms > 0) await sleep(ms);
  };

  const forOpenTask = () => decisions.filter((decision) => openTaskId !== null && decision.taskId === openTaskId);

  const verdict = (minApprovals: number): "approved" | "rejected" | "changes-requested" | null => {
    const approvers = new Set<string>();
    for (const decision of forOpenTask()) {
      if (decision.decision === "reject") return "rejected";
      if (decision.decision === "request-changes") return "changes-requested";
      approvers.add(decision.by);
      if (approvers.size >= Math.max(1, minApprovals)) return "approved";
    }
    return null;
  };

  const decisive = (minApprovals: number): DecisionSignal => {
    const approvers = new Set<string>();
    const own = forOpenTask();
    for (const decision of own) {
      if (decision.decision !== "approve") return decision;
      approvers.add(decision.by);
      if (approvers.size >= Math.max(1, minApprovals)) return decision;
    }
    return own[own.length - 1];
  };

  const closeTask = async (step: StepRef, status: TaskClosing) => {
    const taskId = openTaskId;
    openTaskId = null;
    if (taskId !== null) await store.closeTask({ step, taskId, status });
  };

  /** The effect of an update, email, webhook, assign or (transition-less) state node. */
  const runEffect = async (node: PlanNode, step: StepRef): Promise<boolean> => {
    switch (node.kind) {
      case "state":
        if (plan.statusField !== null) await store.setStatus({ step, field: plan.statusField, status: node.status });
        return true;
      case "update": {
        const scope = await scopeFor(node);
        const now = nowIso();
        const values: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(node.set)) values[field] = resolveValue(value, scope, now);
        await store.updateRecord({ step, values });
        return true;
      }
      case "email":
        await store.sendEmail({
          step,
          template: node.template,
          to: node.to,
          locale: node.locale,
          context: runContext(),
        });
        return true;
      case "webhook":
        await webhooks.callWebhook({ step, event: node.event, method: node.method, context: runContext() });
        return true;
      case "assign":
        await store.assignUser({
          step,
          field: node.field,
          role: node.role,
          strategy: node.strategy,
          notify: node.notify,
        });
        return true;
      default:
        return false;
    }
  };

  const runNode = async (node: PlanNode, step: StepRef): Promise<StepOutcome> => {
    switch (node.kind) {
      case "trigger":
      case "end":
        return "next";
      case "state": {
        await runEffect(node, step);
        if (node.transitions.length === 0) return "next";
        // Timed transitions: the earliest moment that falls (read before the wait starts).
        let timed: { name: string; at: number } | null = null;
        if (node.transitions.some((t) => t.at !== undefined)) {
          const scope = await scopeFor(node);
          const now = Date.now();
          for (const t of node.transitions) {
            const at = t.at === undefined ? null : momentAt(t.at, scope, now);
            if (at !== null && (timed === null || at < timed.at)) timed = { name: t.name, at };
          }
        }
        transition = null;
        transitionNames = node.transitions.map((t) => t.name);
        waitingFor = {
          kind: "transition",
          names: transitionNames,
          until: timed === null ? null : new Date(timed.at).toISOString(),
        };
        const signalled = await waitUntil(() => transition !== null, timed?.at ?? null);
        const taken: TransitionSignal = signalled ? transition! : { name: timed!.name, by: "system" };
        transition = null;
        transitionNames = [];
        return { transition: taken.name };
      }
      case "condition": {
        const scope = await scopeFor(node);
        return truthy(evaluateExpression(node.expression.ast, scope)) ? "true" : "false";
      }
      case "approval": {
        const scope = await scopeFor(node);
        const due = node.due === null ? null : momentAt(node.due, scope, Date.now());
        const dueAt = due === null ? null : new Date(due).toISOString();
        const { taskId } = await store.openTask({
          step,
          assignees: node.assignees,
          minApprovals: node.minApprovals,
          excludeAuthor: node.excludeAuthor,
          dueAt,
        });
        openTaskId = taskId;
        waitingFor = { kind: "task", taskId, dueAt };
        const limit = node.next.timeout === undefined ? null : due;
        const decided = await waitUntil(() => verdict(node.minApprovals) !== null, limit);
        if (!decided) {
          await closeTask(step, "expired");
          return "timeout";
        }
        const result = verdict(node.minApprovals)!;
        const last = decisive(node.minApprovals);
        approval = { decision: last.decision, comment: last.comment ?? null, by: last.by };
        await closeTask(step, result);
        return result;
      }
      case "wait": {
        let scope = await scopeFor(node);
        const timeout = node.timeout === null ? null : momentAt(node.timeout, scope, Date.now());
        const until = node.until;
        const timeoutAt = timeout === null ? null : new Date(timeout).toISOString();
        if (until.kind === "event") {
          waitingFor = { kind: "event", event: until.event, until: timeoutAt };
          const index = () => events.findIndex((e) => e.name === until.event);
          if (!(await waitUntil(() => index() >= 0, timeout))) return "timeout";
          event = events.splice(index(), 1)[0];
          return "done";
        }
        if (until.kind === "condition") {
          waitingFor = { kind: "condition", until: timeoutAt };
          for (;;) {
            if (truthy(evaluateExpression(until.expression.ast, scope))) return "done";
            const seen = recordChanges;
            if (!(await waitUntil(() => recordChanges !== seen, timeout))) return "timeout";
            scope = await scopeFor(node);
          }
        }
        let at = momentAt(until, scope, Date.now());
        if (at === null && node.skipIfEmpty) return "done";
        while (at === null) {
          // The field is empty: wait for the record to change (or the timeout), then read it again.
          waitingFor = { kind: "condition", until: timeoutAt };
          const seen = recordChanges;
          if (!(await waitUntil(() => recordChanges !== seen, timeout))) return "timeout";
          scope = await scopeFor(node);
          at = momentAt(until, scope, Date.now());
        }
        if (timeout !== null && timeout < at) {
          waitingFor = { kind: "moment", until: new Date(timeout).toISOString() };
          await sleepUntil(timeout);
          return "timeout";
        }
        waitingFor = { kind: "moment", until: new Date(at).toISOString() };
        await sleepUntil(at);
        return "done";
      }
      case "signal": {
        await store.signalRuns({ step, event: node.event, to: node.to, limit: node.limit });
        return "next";
      }
      case "payment":
        // Runs with payment nodes start on the PostgreSQL executor; a child of a Temporal run that
        // has one fails here rather than skipping the payment.
        throw ApplicationFailure.nonRetryable(
          "payment nodes run on the PostgreSQL executor only, not in Temporal",
          "UnsupportedNode",
        );
      case "subworkflow": {
        const child: WorkflowPlan = await store.loadPlan({ run, workflow: node.workflow });
        // The child's instance id is the step's key: the same on every replay, one child per step.
        const instanceId = step.key;
        const workflowId = workflowIdFor(run.tenantId, instanceId);
        const childInput: InterpreterInput = {
          plan: child,
          run: {
            tenantId: run.tenantId,
            instanceId,
            workflow: child.name,
            version: child.version,
            ...(run.templateId === undefined ? {} : { templateId: run.templateId }),
            entity: child.entity,
            recordId: child.entity !== null && child.entity === run.entity ? run.recordId : null,
          },
          trigger: { parent: { instanceId: run.instanceId, nodeId: node.id, seq: step.seq } },
        };
        const handle = await startChild(INTERPRETER_WORKFLOW, {
          workflowId,
          args: [childInput],
          parentClosePolicy: node.wait ? ParentClosePolicy.TERMINATE : ParentClosePolicy.ABANDON,
        });
        if (node.wait) {
          waitingFor = { kind: "child", workflowId };
          await handle.result();
        }
        return "next";
      }
      default:
        await runEffect(node, step);
        return "next";
    }
  };

  const record = (node: PlanNode, step: StepRef): Mutable<InterpreterStep> => {
    const entry: Mutable<InterpreterStep> = {
      seq: step.seq,
      nodeId: node.id,
      kind: node.kind,
      status: "running",
      outcome: null,
      startedAt: nowIso(),
      finishedAt: null,
      compensates: step.compensates,
      error: null,
    };
    steps.push(entry);
    return entry;
  };

  /** Undoes the completed steps that have a compensation, newest first; a failing one is noted. */
  const compensate = async () => {
    for (const done of [...compensable].reverse()) {
      const undo = plan.nodes[plan.compensations[done.nodeId]];
      if (undo === undefined) continue;
      const step = stepRef(undo, done.key);
      const entry = record(undo, step);
      currentNodeId = undo.id;
      try {
        const ran = await runEffect(undo, step);
        entry.status = ran ? "completed" : "failed";
        entry.error = ran ? null : `a ${undo.kind} node cannot compensate`;
      } catch (error) {
        if (isCancellation(error)) throw error;
        entry.status = "failed";
        entry.error = messageOf(error);
      }
      entry.finishedAt = nowIso();
    }
  };

  let nodeId: string | null = plan.start;
  let lastNodeId = plan.start;
  try {
    while (nodeId !== null) {
      const node: PlanNode | undefined = plan.nodes[nodeId];
      if (node === undefined) throw ApplicationFailure.nonRetryable(`the plan has no node ${nodeId}`, "PlanError");
      if (seq >= MAX_STEPS)
        throw ApplicationFailure.nonRetryable(`more than ${MAX_STEPS} steps: a loop without a pause`, "PlanError");
      currentNodeId = node.id;
      lastNodeId = node.id;
      const step = stepRef(node, null);
      const entry = record(node, step);
      waitingFor = null;
      let result: StepOutcome;
      try {
        result = await runNode(node, step);
      } catch (error) {
        if (isCancellation(error)) throw error;
        entry.status = "failed";
        entry.error = messageOf(error);
        entry.finishedAt = nowIso();
        waitingFor = null;
        if (error instanceof ActivityFailure || error instanceof ChildWorkflowFailure) {
          await compensate();
          failure = `step ${step.seq} (${node.id}) failed: ${entry.error}`;
          ended = "failed";
          throw ApplicationFailure.nonRetryable(failure, "WorkflowStepFailed", {
            nodeId: node.id,
            seq: step.seq,
          });
        }
        throw error;
      }
      waitingFor = null;
      entry.status = "completed";
      entry.outcome = typeof result === "object" ? result.transition : node.kind === "end" ? null : result;
      entry.finishedAt = nowIso();
      if (plan.compensations[node.id] !== undefined) compensable.push({ nodeId: node.id, key: step.key });
      if (node.kind === "end") {
        outcome = node.outcome;
        break;
      }
      nodeId = nextNode(node, result);
    }
  } catch (error) {
    if (isCancellation(error)) {
      ended = "cancelled";
      await CancellationScope.nonCancellable(async () => {
        if (openTaskId !== null) {
          const node = plan.nodes[currentNodeId];
          await closeTask(stepRef(node, null), "cancelled");
        }
      });
    } else if (ended === null) {
      ended = "failed";
      failure = messageOf(error);
    }
    throw error;
  }
  ended = "completed";
  return { outcome, nodeId: lastNodeId, steps: seq };
}

function messageOf(error: unknown): string {
  if (error instanceof ActivityFailure || error instanceof ChildWorkflowFailure)
    return error.cause?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
