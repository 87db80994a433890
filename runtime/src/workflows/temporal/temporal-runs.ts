/**
 * The server side of the Temporal backend: what the executor, the actions and the routes do for a
 * run that lives in Temporal (TEMPORAL_ADDRESS set). Such a run has a `workflow_instance` row like
 * any other (tenant, workflow, version, record, start key: a trigger or a retried request still
 * starts once) with `context.backend = "temporal"`, and no `workflow_step` rows: its steps, waits
 * and timers are Temporal's history, read through the `state` query. The row is the index the
 * lists, the metrics and the status checks read; its status is `running` from the start until
 * the server sees the run end (a cancel, the state query answering an ended run when the
 * instance is read, or `mono worker`'s reconcile pass), so a list can show a run as running for
 * up to one such pass after it ended in Temporal.
 */
import type { WorkflowPlan } from "../../../../engine/src/contract/workflow-plan.ts";
import type { SqlSession } from "../../db/database.ts";
import { ApiError } from "../../http/problem.ts";
import { isParty, type Actor, type PartyContext } from "../workflow-records.ts";
import type { InstanceRef, InterpreterSignal, TemporalBackend } from "./backend.ts";
import type { InterpreterState } from "./messages.ts";
import { stepUuid } from "./ids.ts";

/** `context.backend` of a Temporal run's instance row. */
export const TEMPORAL_BACKEND = "temporal";

export function isTemporalRun(context: unknown): boolean {
  return (
    context !== null && typeof context === "object" && (context as { backend?: unknown }).backend === TEMPORAL_BACKEND
  );
}

export interface TemporalStart {
  readonly plan: WorkflowPlan;
  readonly templateId: string;
  readonly tenantId: string;
  readonly instanceId: string;
  readonly recordId: string | null;
  readonly trigger: unknown;
}

/** A timeline entry as the instance route lists it (the PostgreSQL executor's step columns). */
export interface TemporalTimelineStep {
  id: string;
  seq: number;
  nodeId: string;
  kind: string;
  status: string;
  compensation: boolean;
  attempts: number;
  input: Record<string, unknown>;
  output: null;
  outcome: string | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export class TemporalRuns {
  constructor(
    readonly backend: TemporalBackend,
    private readonly log?: (error: unknown, message: string) => void,
  ) {}

  /**
   * Starts the run in Temporal (after the row committed). A start Temporal refuses marks the row
   * failed with the reason: the start key is taken, so no trigger starts it again by itself.
   */
  async start(session: SqlSession, run: TemporalStart): Promise<void> {
    try {
      await this.backend.start({
        plan: run.plan,
        run: {
          tenantId: run.tenantId,
          instanceId: run.instanceId,
          workflow: run.plan.name,
          version: run.plan.version,
          templateId: run.templateId,
          entity: run.plan.entity,
          recordId: run.recordId,
        },
        trigger: run.trigger ?? {},
      });
    } catch (error) {
      this.log?.(error, `workflow (temporal): starting instance ${run.instanceId} failed`);
      await session.query(
        `UPDATE "workflow_instance" SET "status" = 'failed', "error" = $3, "completedAt" = now(), "updatedAt" = now()
          WHERE "tenantId" = $1 AND "id" = $2 AND "status" = 'running'`,
        [run.tenantId, run.instanceId, `Temporal did not start the run: ${messageOf(error)}`.slice(0, 2000)],
      );
    }
  }

  /** A signal for an API caller's move: a Temporal that cannot be reached is a 503. */
  signal(ref: InstanceRef, signal: InterpreterSignal): Promise<void> {
    return this.reach(() => this.backend.signal(ref, signal));
  }

  cancel(ref: InstanceRef): Promise<void> {
    return this.reach(() => this.backend.cancel(ref));
  }

  /** The state query for an API caller (503 when Temporal does not answer). */
  state(ref: InstanceRef): Promise<InterpreterState> {
    return this.reach(() => this.backend.state(ref));
  }

  private async reach<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.log?.(error, "workflow (temporal): the Temporal server did not answer");
      throw new ApiError("RT_ERR_UNAVAILABLE", `The workflow service (Temporal) did not answer: ${messageOf(error)}`);
    }
  }

  /** The Temporal runs on a record that have not ended (as far as their rows know). */
  async runsOn(session: SqlSession, tenantId: string, entity: string, recordId: string): Promise<string[]> {
    const { rows } = await session.query<{ id: string }>(
      `SELECT "id" FROM "workflow_instance" WHERE "tenantId" = $1 AND "entity" = $2 AND "recordId" = $3
          AND "status" IN ('running', 'waiting') AND "context"->>'backend' = 'temporal' ORDER BY "createdAt", "id"`,
      [tenantId, entity, recordId],
    );
    return rows.map((r) => r.id);
  }

  /** Signals each run after the caller's commit; a run that cannot be reached is logged. */
  async signalAll(tenantId: string, instanceIds: readonly string[], signal: InterpreterSignal): Promise<void> {
    for (const instanceId of instanceIds)
      await this.backend
        .signal({ tenantId, instanceId }, signal)
        .catch((error: unknown) => this.log?.(error, `workflow (temporal): signalling instance ${instanceId} failed`));
  }

  /** The transitions the actor may take now: those of the state the run waits in (the state query). */
  async transitionsFor(
    ctx: PartyContext,
    plan: WorkflowPlan,
    ref: InstanceRef,
    actor: Actor,
  ): Promise<{ name: string; next: string }[]> {
    const state = await this.state(ref);
    if (state.waitingFor?.kind !== "transition") return [];
    const node = plan.nodes[state.currentNodeId];
    if (node?.kind !== "state") return [];
    const out: { name: string; next: string }[] = [];
    for (const t of node.transitions) {
      if (!state.waitingFor.names.includes(t.name) || !(await isParty(ctx, t.actors, actor))) continue;
      out.push({ name: t.name, next: t.next });
    }
    return out;
  }

  /** An ended run's row takes its status, error, last node and outcome; false while it runs. */
  private async recordEnd(session: SqlSession, ref: InstanceRef, state: InterpreterState): Promise<boolean> {
    if (state.status !== "completed" && state.status !== "failed" && state.status !== "cancelled") return false;
    await session.query(
      `UPDATE "workflow_instance" SET "status" = $3, "error" = $4, "currentNodeId" = $5,
         "completedAt" = COALESCE("completedAt", now()), "updatedAt" = now(),
         "context" = CASE WHEN $6::text IS NULL THEN "context" ELSE "context" || jsonb_build_object('outcome', $6::text) END
        WHERE "tenantId" = $1 AND "id" = $2 AND "status" IN ('running', 'waiting')`,
      [ref.tenantId, ref.instanceId, state.status, state.error, state.currentNodeId, state.outcome],
    );
    return true;
  }

  /**
   * Brings the rows of Temporal runs that ended up to date without anyone reading them: the
   * `limit` open rows least recently touched, each asked its state; a run that still runs is
   * touched (`updatedAt`), so the next pass asks others first. A run Temporal does not answer for
   * is left as it is (and logged). `mono worker` calls it on a timer. Returns how many rows ended.
   */
  async reconcile(session: SqlSession, limit = 50): Promise<number> {
    const { rows } = await session.query<{ tenantId: string; id: string }>(
      `SELECT "tenantId", "id" FROM "workflow_instance"
        WHERE "status" IN ('running', 'waiting') AND "context"->>'backend' = 'temporal'
        ORDER BY "updatedAt", "id" LIMIT $1`,
      [limit],
    );
    let ended = 0;
    for (const row of rows) {
      const ref = { tenantId: row.tenantId, instanceId: row.id };
      let state: InterpreterState;
      try {
        state = await this.backend.state(ref);
      } catch (error) {
        this.log?.(error, `workflow (temporal): no state for instance ${row.id}`);
        continue;
      }
      if (await this.recordEnd(session, ref, state)) ended++;
      else
        await session.query(`UPDATE "workflow_instance" SET "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`, [
          row.tenantId,
          row.id,
        ]);
    }
    return ended;
  }

  /**
   * The run's state and timeline from Temporal; an ended run's row takes its status, error and
   * outcome (so lists show it ended from then on).
   */
  async timeline(
    session: SqlSession,
    ref: InstanceRef,
  ): Promise<{ state: InterpreterState; timeline: TemporalTimelineStep[] }> {
    const state = await this.state(ref);
    await this.recordEnd(session, ref, state);
    const timeline = state.steps.map((step) => ({
      id: stepUuid(`${ref.instanceId}:${step.seq}`),
      seq: step.seq,
      nodeId: step.nodeId,
      kind: step.kind,
      status: step.status,
      compensation: step.compensates !== null,
      attempts: step.status === "completed" || step.status === "failed" ? 1 : 0,
      input: step.compensates === null ? {} : { compensates: step.compensates },
      output: null,
      outcome: step.outcome,
      error: step.error,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      durationMs: step.finishedAt === null ? null : Date.parse(step.finishedAt) - Date.parse(step.startedAt),
    }));
    return { state, timeline };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
