/**
 * What people and records do to runs: decide a task, take a transition, deliver an event, change
 * a record (triggers start runs; waits on a condition re-check). Each is one transaction that
 * locks what it changes and wakes the waiting step; the executor then runs the step as usual.
 */
import { ApiError } from "../http/problem.ts";
import type { SqlSession } from "../db/database.ts";
import type { EntityRegistry } from "../../../engine/src/contract/registry-types.ts";
import { statusAhead, type Decision, type WorkflowExecutor } from "./workflow-executor.ts";
import { isTemporalRun } from "./temporal/temporal-runs.ts";
import type { QueuedStep } from "./workflow-queue.ts";
import type { Actor, RecordRow } from "./workflow-records.ts";

export type DecisionKind = Decision["decision"];
const STATUS_OF: Record<DecisionKind, string> = {
  approve: "approved",
  reject: "rejected",
  "request-changes": "changes-requested",
};

export const transitionHref = (instanceId: string, name: string) =>
  `/api/v1/tenant/workflows/instances/${instanceId}/transitions/${encodeURIComponent(name)}`;

export class WorkflowActions {
  constructor(private readonly executor: WorkflowExecutor) {}

  private get db() {
    return this.executor.db;
  }

  /** Records a decision on an open task the actor is assigned to; the task's outcome wakes the approval step. */
  async decide(
    tenantId: string,
    taskId: string,
    actor: Actor,
    decision: DecisionKind,
    comment: string,
  ): Promise<{ status: string; decisions: Decision[] }> {
    let woken: QueuedStep | null = null;
    const result = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        id: string;
        instanceId: string;
        stepId: string;
        nodeId: string;
        status: string;
        assigneeIds: string[];
        minApprovals: number;
        decisions: Decision[];
      }>(
        `SELECT "id", "instanceId", "stepId", "nodeId", "status", "assigneeIds", "minApprovals", "decisions"
           FROM "workflow_task" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`,
        [tenantId, taskId],
      );
      const task = rows[0];
      if (!task || !actor.userId || !task.assigneeIds.includes(actor.userId))
        throw new ApiError("RT_ERR_NOT_FOUND", "No such task in your inbox.");
      if (task.status !== "open") throw new ApiError("RT_ERR_CONFLICT", `The task is ${task.status}, not open.`);
      if (task.decisions.some((d) => d.by === actor.userId))
        throw new ApiError("RT_ERR_CONFLICT", "You have decided this task already.");
      const loaded = await this.executor.loadRun(tx, tenantId, task.instanceId, true);
      const node = loaded?.plan.nodes[task.nodeId];
      if (decision === "request-changes" && node?.kind === "approval" && !node.next["changes-requested"])
        throw new ApiError("RT_ERR_VALIDATION", "This approval does not take change requests.", [
          { pointer: "/body/decision", message: "must be approve or reject here" },
        ]);
      const decisions = [...task.decisions, { decision, comment, by: actor.userId, at: new Date().toISOString() }];
      const approvals = decisions.filter((d) => d.decision === "approve").length;
      const status =
        decision === "approve" ? (approvals >= task.minApprovals ? "approved" : "open") : STATUS_OF[decision];
      await tx.query(
        `UPDATE "workflow_task" SET "decisions" = $3::jsonb, "status" = $4, "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, task.id, JSON.stringify(decisions), status],
      );
      const temporal = this.executor.temporal;
      if (temporal && loaded && isTemporalRun(loaded.instance.context))
        // The run counts the decisions itself (minApprovals distinct approvers; a reject decides).
        await temporal.signal(
          { tenantId, instanceId: task.instanceId },
          { name: "decision", payload: { taskId: task.id, decision, comment: comment || null, by: actor.userId } },
        );
      else if (status !== "open") woken = await this.executor.wake(tx, tenantId, task.stepId, {});
      return { status, decisions };
    });
    if (woken) await this.executor.dispatch(woken);
    return result;
  }

  /** Takes a transition of the run's waiting state; 409 (with the ones available) when the actor may not. */
  async transition(tenantId: string, instanceId: string, name: string, actor: Actor): Promise<{ to: string | null }> {
    let woken: QueuedStep | null = null;
    const result = await this.db.transaction(async (tx) => {
      const loaded = await this.executor.loadRun(tx, tenantId, instanceId, true);
      if (!loaded) throw new ApiError("RT_ERR_NOT_FOUND", "No such workflow instance.");
      const available = await this.executor.transitionsFor(tx, tenantId, instanceId, actor);
      const chosen = available.find((t) => t.name === name);
      if (!chosen)
        throw new ApiError("RT_ERR_CONFLICT", `The transition "${name}" is not available to you now.`, undefined, {
          transitions: available.map((t) => ({ name: t.name, to: t.to, href: transitionHref(instanceId, t.name) })),
        });
      const temporal = this.executor.temporal;
      if (temporal && isTemporalRun(loaded.instance.context))
        await temporal.signal({ tenantId, instanceId }, { name: "transition", payload: { name, by: actor.userId! } });
      else woken = await this.executor.wake(tx, tenantId, chosen.stepId, { transition: { name, by: actor.userId } });
      return { to: chosen.to };
    });
    if (woken) await this.executor.dispatch(woken);
    return result;
  }

  /** Stores an event for a record and wakes the waits of that record's runs (they consume it or wait on). */
  async deliver(
    tenantId: string,
    event: { entity: string; recordId: string; name: string; payload: Record<string, unknown> },
  ): Promise<{ id: string; woken: number }> {
    const woken: QueuedStep[] = [];
    const temporal = this.executor.temporal;
    let signalled: string[] = [];
    const id = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO "workflow_event" ("tenantId", "entity", "recordId", "name", "payload") VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING "id"`,
        [tenantId, event.entity, event.recordId, event.name, JSON.stringify(event.payload)],
      );
      woken.push(...(await this.wakeWaits(tx, tenantId, event.entity, event.recordId)));
      if (temporal) signalled = await temporal.runsOn(tx, tenantId, event.entity, event.recordId);
      return rows[0].id;
    });
    for (const step of woken) await this.executor.dispatch(step);
    // Temporal runs keep the event until a wait for its name takes it.
    if (temporal && signalled.length)
      await temporal.signalAll(tenantId, signalled, {
        name: "event",
        payload: { name: event.name, payload: event.payload },
      });
    return { id, woken: woken.length + signalled.length };
  }

  /** Waiting wait steps of a record's runs back on the queue (they re-check their condition or event). */
  async wakeWaits(tx: SqlSession, tenantId: string, entity: string, recordId: string): Promise<QueuedStep[]> {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT s."id" FROM "workflow_step" s JOIN "workflow_instance" i ON i."tenantId" = s."tenantId" AND i."id" = s."instanceId"
        WHERE s."tenantId" = $1 AND i."entity" = $2 AND i."recordId" = $3 AND s."status" = 'waiting' AND s."kind" = 'wait'`,
      [tenantId, entity, recordId],
    );
    const out: QueuedStep[] = [];
    for (const r of rows) {
      const step = await this.executor.wake(tx, tenantId, r.id, {});
      if (step) out.push(step);
    }
    return out;
  }

  /**
   * A record was written through the entity API (on its transaction): start the runs its
   * triggers ask for (one per start key: `<workflow>:<recordId>:create`, `…:update:<updatedAt>`,
   * `…:status:<to>:<updatedAt>`) and re-check the record's condition waits. Returns the dispatches.
   */
  async recordWritten(
    tx: SqlSession,
    tenantId: string,
    entity: EntityRegistry,
    workflows: readonly string[],
    op: "create" | "update",
    row: RecordRow,
    changed: readonly string[],
    before: RecordRow | null,
    by: string | null,
    templateId?: string,
  ): Promise<(() => Promise<void>)[]> {
    const out: (() => Promise<void>)[] = [];
    const id = row.id as string;
    const stamp = String(row.updatedAt ?? "");
    for (const name of workflows) {
      const source = this.executor.options.planFor(tenantId, name, templateId);
      if (!source || source.plan.entity !== entity.name) continue;
      const trigger = source.plan.nodes[source.plan.start];
      if (trigger?.kind !== "trigger") continue;
      const t = trigger.trigger;
      let key: string | null = null;
      if (t.on === "create" && op === "create") key = `${name}:${id}:create`;
      else if (t.on === "update" && op === "update" && (!t.fields.length || t.fields.some((f) => changed.includes(f))))
        key = `${name}:${id}:update:${stamp}`;
      else if (t.on === "status-changed" && (source.plan.statusField ?? entity.status?.field)) {
        // The entity's bound status, whichever of its workflows owns it.
        const field = (source.plan.statusField ?? entity.status?.field)!;
        const to = row[field];
        const moved = op === "create" ? to != null : changed.includes(field) && before?.[field] !== to;
        if (moved && (!t.to.length || t.to.includes(String(to)))) key = `${name}:${id}:status:${String(to)}:${stamp}`;
      }
      if (!key) continue;
      const started = await this.executor.start(
        {
          tenantId,
          workflow: name,
          templateId: source.templateId,
          recordId: id,
          startKey: key,
          startedBy: by,
          trigger: { on: t.on, op, changed },
        },
        tx,
      );
      if (started.created) out.push(started.dispatch);
    }
    if (op === "update") {
      for (const step of await this.wakeWaits(tx, tenantId, entity.name, id))
        out.push(() => this.executor.dispatch(step));
      const temporal = this.executor.temporal;
      const runs = temporal ? await temporal.runsOn(tx, tenantId, entity.name, id) : [];
      // A Temporal run's condition wait reads the record again.
      if (temporal && runs.length) out.push(() => temporal.signalAll(tenantId, runs, { name: "recordChanged" }));
    }
    return out;
  }

  /**
   * The workflow-owned status check of an entity write: a create or PATCH that sets the bound
   * status field to anything but what the workflow set is refused with 409, listing the
   * transitions the caller may take now.
   */
  async checkStatusWrite(
    tx: SqlSession,
    tenantId: string,
    entity: EntityRegistry,
    op: "create" | "update",
    body: Record<string, unknown>,
    current: RecordRow | null,
    actor: Actor,
    templateId?: string,
  ): Promise<void> {
    const bound = entity.status;
    if (!bound || !(bound.field in body)) return;
    // A workflow without a plan (not compiled yet) runs nothing, so it owns nothing yet.
    const source = this.executor.options.planFor(tenantId, bound.workflow, templateId);
    if (!source) return;
    const value = body[bound.field];
    let allowed: unknown;
    let instanceId: string | null = null;
    if (op === "create") {
      allowed = statusAhead(source.plan, source.plan.start);
      if (allowed === undefined || allowed === null)
        allowed = entity.fields.find((f) => f.name === bound.field)?.default;
    } else {
      allowed = current?.[bound.field];
      const { rows } = await tx.query<{ id: string }>(
        `SELECT "id" FROM "workflow_instance" WHERE "tenantId" = $1 AND "entity" = $2 AND "recordId" = $3
            AND "workflowName" = $4 AND "status" IN ('running', 'waiting') ORDER BY "createdAt" DESC LIMIT 1`,
        [tenantId, entity.name, current?.id ?? null, bound.workflow],
      );
      instanceId = rows[0]?.id ?? null;
    }
    if (value === allowed) return;
    const transitions = instanceId ? await this.executor.transitionsFor(tx, tenantId, instanceId, actor) : [];
    throw new ApiError(
      "RT_ERR_CONFLICT",
      `The workflow "${bound.workflow}" owns ${entity.name}.${bound.field}: move it through one of the transitions.`,
      [{ pointer: `/body/${bound.field}`, message: "is set by the workflow" }],
      {
        transitions: transitions.map((t) => ({ name: t.name, to: t.to, href: transitionHref(instanceId!, t.name) })),
      },
    );
  }
}
