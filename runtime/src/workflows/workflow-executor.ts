/**
 * The PostgreSQL executor of workflow plans (README.md in this folder): one transaction per step.
 * A step is claimed with `FOR UPDATE SKIP LOCKED`, its node runs on that transaction, and its
 * effects (record writes, emails in the outbox, effect rows), its completion and the next step
 * commit together; the next step is dispatched after the commit. Every statement names the
 * tenant (`"tenantId" = $1`) except the queue's cross-tenant scans for due work, whose rows then
 * carry their tenant into every later statement.
 */
import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { evaluateExpression, readPaths, truthy } from "../../../engine/src/contract/workflow-expression.ts";
import {
  nextNode,
  type PlanMoment,
  type PlanNode,
  type PlanValue,
  type StepOutcome,
  type WorkflowPlan,
} from "../../../engine/src/contract/workflow-plan.ts";
import type { TenantContext } from "../context.ts";
import type { Database, SqlSession } from "../db/database.ts";
import { relationsNamedBy } from "./email-variables.ts";
import {
  deliverWebhooks,
  persistRunEmails,
  pickAssignee,
  recordEffect,
  type WorkflowMail,
} from "./workflow-effects.ts";
import { DEFAULT_STEP_RETRY, type QueuedStep, type WorkflowQueue } from "./workflow-queue.ts";
import type { RetryPolicy } from "../db/database-queue.ts";
import type { TemporalBackend } from "./temporal/backend.ts";
import { isTemporalRun, TEMPORAL_BACKEND, TemporalRuns } from "./temporal/temporal-runs.ts";
import {
  entityOf,
  fieldsWrite,
  follow,
  isParty,
  loadRecord,
  loadScope,
  resolveParties,
  statementName,
  tenantContext,
  writeFields,
  type Actor,
  type RecordRow,
  quoteIdent,
} from "./workflow-records.ts";

/** The plan a tenant's workflow runs now, and the template it belongs to. */
export interface PlanSource {
  readonly templateId: string;
  readonly plan: WorkflowPlan;
}

/**
 * `planFor(tenantId, workflowName, templateId?)`: the registry's plan (or a test's own). Workflow
 * names are unique within a template only: callers that know the template (a record's, a parent
 * run's, a schedule's) name it, so two templates' same-named workflows never stand in for each other.
 */
export type PlanLookup = (tenantId: string, workflowName: string, templateId?: string) => PlanSource | null;

export type { WorkflowMail } from "./workflow-effects.ts";
export { WEBHOOK_SETTING, webhookSubscriptions, type WebhookSubscription } from "./workflow-effects.ts";

/** The part of the notifier an assign node with `notify` uses (notifications/notifier.ts). */
export interface WorkflowNotify {
  notify(
    tenant: TenantContext,
    userIds: readonly string[],
    input: { kind: string; title: string; record?: { entity: string; id: string }; dedupeKey?: string },
  ): Promise<unknown>;
}

/**
 * The payments a payment node moves (runtime/src/payments `PaymentService.applyInTransaction`): the
 * escrow action on the step's transaction, keyed by the payment's own provider key. An error with
 * `permanent: true` fails the step at once; any other is a failed attempt (retried).
 */
export interface WorkflowPayments {
  applyInTransaction(
    tx: SqlSession,
    tenantId: string,
    paymentId: string,
    action: "capture" | "release" | "refund",
  ): Promise<{ status: string; ref: string | null; already: boolean }>;
}

export interface ExecutorOptions {
  db: Database;
  planFor: PlanLookup;
  templates: (templateId: string) => TemplateRegistry | undefined;
  queue: WorkflowQueue;
  email?: WorkflowMail | null;
  notifier?: WorkflowNotify | null;
  retry?: RetryPolicy;
  /** Payment nodes' escrow (the app's payments service; a getter when it is registered later). Null: they fail. */
  payments?: WorkflowPayments | (() => WorkflowPayments | null) | null;
  /** Webhook requests (default: global fetch); each has this timeout (default 10 s). */
  fetch?: typeof fetch;
  webhookTimeoutMs?: number;
  /** Called after every finished attempt (metrics). */
  onStep?: (kind: string, status: string, seconds: number) => void;
  /**
   * Fault injection for tests: called on the step's transaction after the node's effects, before
   * the commit; a throw rolls the whole step back like a crash there would.
   */
  beforeCommit?: (step: StepRow) => void | Promise<void>;
  log?: (error: unknown, message: string) => void;
  /**
   * With a Temporal client (TEMPORAL_ADDRESS), new runs start in Temporal (temporal/README.md);
   * runs started before, and children of such runs, stay on this executor.
   */
  temporal?: TemporalBackend | null;
}

export interface StepRow {
  tenantId: string;
  id: string;
  instanceId: string;
  seq: number;
  nodeId: string;
  kind: string;
  status: string;
  idempotencyKey: string;
  attempts: number;
  maxAttempts: number;
  runAfter: string;
  input: Record<string, unknown>;
  compensation: boolean;
  createdAt: string;
}

interface InstanceRow {
  tenantId: string;
  id: string;
  definitionId: string;
  templateId: string;
  workflowName: string;
  entity: string | null;
  recordId: string | null;
  parentInstanceId: string | null;
  parentStepId: string | null;
  status: string;
  context: Record<string, unknown>;
  startedBy: string | null;
}

export interface StartRequest {
  readonly tenantId: string;
  readonly workflow: string;
  /** The template the workflow belongs to, when the caller knows it (see PlanLookup). */
  readonly templateId?: string;
  readonly recordId?: string | null;
  /** Unique per tenant: a second start with the same key returns the first instance. */
  readonly startKey: string;
  readonly startedBy?: string | null;
  /** The start payload (`trigger` in expressions). */
  readonly trigger?: Record<string, unknown>;
  readonly parent?: { instanceId: string; stepId: string } | null;
}

export interface Started {
  readonly id: string;
  readonly created: boolean;
  readonly dispatch: () => Promise<void>;
}

/** A failure retrying cannot help (a child run that failed, a node the plan lacks). */
class PermanentError extends Error {}

/** A step whose worker died on each of its last claims (README.md, "Poison steps"). */
class PoisonStepError extends PermanentError {
  constructor(readonly died: number) {
    super(
      `the step's worker died ${died} times before its attempt committed (killed, or its transaction failed); ` +
        `retry or cancel the run`,
    );
  }
}

type NodeResult =
  | { kind: "done"; outcome: StepOutcome; output?: Record<string, unknown>; context?: Record<string, unknown> }
  | { kind: "wait"; output?: Record<string, unknown> };

/** A finished node's step completion: written with whatever the step leads to. */
interface Completion {
  stepId: string;
  outcome: string;
  output: string;
  /** The instance's new context (JSON), or null to keep it. */
  context: string | null;
}

/**
 * The CTE marking a step completed: $1 tenantId, $<n> step id (null: none), $<n+1> outcome,
 * $<n+2> output (JSON).
 */
const completedCte = (n: number) => `"done" AS (
    UPDATE "workflow_step" SET "status" = 'completed', "attempts" = "attempts" + 1, "claims" = 0, "lockedUntil" = NULL, "outcome" = $${n + 1}::varchar,
      "output" = $${n + 2}::jsonb, "startedAt" = COALESCE("startedAt", now()), "finishedAt" = clock_timestamp(),
      "error" = NULL, "updatedAt" = now()
     WHERE "tenantId" = $1::uuid AND "id" = $${n}::uuid)`;

/** A claimed step with its instance (locked by the same statement; null if it is gone) and its claims. */
type ClaimRow = StepRow & { instance: InstanceRow | null; claims: number };

const INSTANCE_COLUMNS = `"tenantId", "id", "definitionId", "templateId", "workflowName", "entity", "recordId", "parentInstanceId",
  "parentStepId", "status", "context", "startedBy"`;

const STEP_COLUMNS = `"tenantId", "id", "instanceId", "seq", "nodeId", "kind", "status", "idempotencyKey", "attempts",
  "maxAttempts", "runAfter", "input", "compensation", "createdAt"`;

/**
 * The next step of a run and the instance pointing at it, as CTEs of one statement. Parameters:
 * $1 tenantId, $2 instanceId, $3 the least seq (the step after the current one), $4 nodeId, $5 kind,
 * $6 maxAttempts, $7 input, $8 compensation, $9 the instance's new status, $10 its new context
 * (null: unchanged).
 * The seq is the run's next number (its instance row is locked by the caller, so no two steps get
 * one); it can be beyond $3 when compensations ran after the current step (an operator retry).
 */
const NEXT_STEP_CTES = `"seq" AS (
    SELECT GREATEST($3::int, COALESCE(max("seq"), 0) + 1) AS "seq" FROM "workflow_step"
     WHERE "tenantId" = $1::uuid AND "instanceId" = $2::uuid),
  "next" AS (
    INSERT INTO "workflow_step" ("tenantId", "instanceId", "seq", "nodeId", "kind", "status", "idempotencyKey",
      "maxAttempts", "input", "compensation")
    SELECT $1::uuid, $2::uuid, "seq"."seq", $4::varchar, $5::varchar, 'queued', $2::uuid::text || ':' || "seq"."seq",
      $6::int, $7::jsonb, $8::boolean FROM "seq"
    RETURNING "id", "runAfter"),
  "pointer" AS (
    UPDATE "workflow_instance" SET "currentNodeId" = $4::varchar, "status" = COALESCE($9::varchar, "status"),
      "context" = COALESCE($10::jsonb, "context"), "updatedAt" = now()
     WHERE "tenantId" = $1::uuid AND "id" = $2::uuid)`;

/** How long a counted claim keeps other workers' counts off its step (README.md, "Poison steps"). */
const CLAIM_LEASE_MS = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const outcomeText = (o: StepOutcome) => (typeof o === "object" ? `transition:${o.transition}` : o);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Ends of runs: what an instance's status becomes and why. */
type AfterCommit = () => Promise<void>;

export class WorkflowExecutor {
  readonly retry: RetryPolicy;
  private readonly plans = new Map<string, WorkflowPlan>();
  /** Definition ids of rows known to be committed, by template, workflow and version. */
  private readonly definitionIds = new Map<string, string>();

  /** The Temporal backend's server side, or null (every run on this executor). */
  readonly temporal: TemporalRuns | null;

  constructor(readonly options: ExecutorOptions) {
    this.retry = options.retry ?? DEFAULT_STEP_RETRY;
    this.temporal = options.temporal ? new TemporalRuns(options.temporal, options.log) : null;
  }

  get db(): Database {
    return this.options.db;
  }

  // ───────────────────────────────────────────── starting runs

  /**
   * Starts an instance on `session` (a caller's transaction: the run exists exactly when the
   * caller's rows do) and hands back the dispatch of its first step for after the commit.
   */
  async start(request: StartRequest, session: SqlSession = this.db): Promise<Started> {
    const source = this.options.planFor(request.tenantId, request.workflow, request.templateId);
    if (!source) throw new Error(`workflow "${request.workflow}" has no plan for this tenant`);
    const { plan, templateId } = source;
    const definitionId = await this.definition(templateId, plan, session);
    // A child of a run on this executor stays here: its parent's step waits for its row to end.
    // So does a plan with a payment node (the Temporal interpreter has none yet).
    const temporal =
      this.temporal && !request.parent && !Object.values(plan.nodes).some((n) => n.kind === "payment")
        ? this.temporal
        : null;
    const node = plan.nodes[plan.start];
    if (!node) throw new PermanentError("the plan has no such node");
    // One statement: the instance and its first step commit together even on the pool (autocommit).
    // A Temporal run has no steps here ($16 false): Temporal runs it after the commit.
    const { rows } = await session.query<{ id: string; inserted: boolean; stepId: string | null; runAfter: string }>(
      `WITH "i" AS (
         INSERT INTO "workflow_instance" ("tenantId", "definitionId", "templateId", "workflowName", "version", "entity",
           "recordId", "parentInstanceId", "parentStepId", "status", "currentNodeId", "context", "startKey", "startedBy")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10, $11::jsonb, $12, $13)
         ON CONFLICT ("tenantId", "startKey") DO UPDATE SET "startKey" = EXCLUDED."startKey"
         RETURNING "id", (xmax = 0) AS "inserted"),
       "s" AS (
         INSERT INTO "workflow_step" ("tenantId", "instanceId", "seq", "nodeId", "kind", "status", "idempotencyKey",
           "maxAttempts", "input", "compensation")
         SELECT $1, "i"."id", 1, $10, $14, 'queued', "i"."id"::text || ':1', $15, '{}'::jsonb, false FROM "i"
          WHERE "i"."inserted" AND $16::boolean
         RETURNING "id", "runAfter")
       SELECT "i"."id", "i"."inserted", "s"."id" AS "stepId", "s"."runAfter" FROM "i" LEFT JOIN "s" ON true`,
      [
        request.tenantId,
        definitionId,
        templateId,
        plan.name,
        plan.version,
        plan.entity,
        request.recordId ?? null,
        request.parent?.instanceId ?? null,
        request.parent?.stepId ?? null,
        plan.start,
        JSON.stringify({ trigger: request.trigger ?? {}, ...(temporal ? { backend: TEMPORAL_BACKEND } : {}) }),
        request.startKey,
        request.startedBy ?? null,
        node.kind,
        this.retry.attempts,
        temporal === null,
      ],
      "workflow_start",
    );
    const { id, inserted, stepId, runAfter } = rows[0];
    if (!inserted) return { id, created: false, dispatch: async () => {} };
    if (temporal) {
      const run = { plan, templateId, tenantId: request.tenantId, instanceId: id, recordId: request.recordId ?? null };
      return { id, created: true, dispatch: () => temporal.start(this.db, { ...run, trigger: request.trigger }) };
    }
    if (!stepId) return { id, created: false, dispatch: async () => {} };
    const step: QueuedStep = { id: stepId, tenantId: request.tenantId, runAfter: iso(runAfter) };
    return { id, created: true, dispatch: () => this.dispatch(step) };
  }

  /**
   * Makes sure the plan's definition row exists, on the pool (committed at once), and remembers
   * its id: starts on a caller's transaction then need no statement on the global table (an
   * entity write under MONO_RLS=enforce runs as mono_app, which has no grant on it).
   */
  async prepare(source: PlanSource): Promise<void> {
    await this.definition(source.templateId, source.plan, this.db);
  }

  /** The definition row of this plan version (global, like templates), made on first use. */
  private async definition(templateId: string, plan: WorkflowPlan, session: SqlSession): Promise<string> {
    const key = `${templateId}\u0000${plan.name}\u0000${plan.version}`;
    const known = this.definitionIds.get(key);
    if (known) return known;
    const found = await session.query<{ id: string }>(
      `SELECT "id" FROM "workflow_definition" WHERE "templateId" = $1 AND "workflowName" = $2 AND "version" = $3`,
      [templateId, plan.name, plan.version],
    );
    if (found.rows[0]) {
      if (session === this.db) this.definitionIds.set(key, found.rows[0].id);
      return found.rows[0].id;
    }
    const { rows } = await session.query<{ id: string }>(
      `INSERT INTO "workflow_definition" ("templateId", "workflowName", "version", "plan") VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT ("templateId", "workflowName", "version") DO UPDATE SET "version" = EXCLUDED."version"
       RETURNING "id"`,
      [templateId, plan.name, plan.version, JSON.stringify(plan)],
    );
    // Remembered only when committed: a caller's transaction may still roll the row back.
    if (session === this.db) this.definitionIds.set(key, rows[0].id);
    return rows[0].id;
  }

  /** The plan an instance started with (its definition row: running instances keep their version). */
  async planOf(session: SqlSession, definitionId: string): Promise<WorkflowPlan> {
    const cached = this.plans.get(definitionId);
    if (cached) return cached;
    const { rows } = await session.query<{ plan: WorkflowPlan }>(
      `SELECT "plan" FROM "workflow_definition" WHERE "id" = $1`,
      [definitionId],
    );
    if (!rows[0]) throw new PermanentError(`workflow definition ${definitionId} is missing`);
    this.plans.set(definitionId, rows[0].plan);
    return rows[0].plan;
  }

  private async insertStep(
    session: SqlSession,
    tenantId: string,
    instanceId: string,
    seq: number,
    node: PlanNode | undefined,
    input: Record<string, unknown>,
    compensation = false,
  ): Promise<QueuedStep> {
    if (!node) throw new PermanentError("the plan has no such node");
    const { rows } = await session.query<{ id: string; runAfter: string }>(
      `WITH ${NEXT_STEP_CTES} SELECT "id", "runAfter" FROM "next"`,
      [
        tenantId,
        instanceId,
        seq,
        node.id,
        node.kind,
        this.retry.attempts,
        JSON.stringify(input),
        compensation,
        null,
        null,
      ],
    );
    return { id: rows[0].id, tenantId, runAfter: iso(rows[0].runAfter) };
  }

  async dispatch(step: QueuedStep): Promise<void> {
    await this.options.queue
      .dispatch(step)
      .catch((error: unknown) =>
        this.options.log?.(error, "workflow step persisted, dispatch deferred to the sweeper"),
      );
  }

  // ───────────────────────────────────────────── running steps

  /**
   * Runs one due step: the given one (a BullMQ job), or any due step of any tenant (the database
   * queue). Returns "none" when nothing was due, or `{ notBefore }` when the step is queued for
   * later (not due yet, or it failed and waits out its retry's backoff).
   */
  async runStep(target?: { tenantId: string; id: string }): Promise<"ran" | "none" | { notBefore: string }> {
    const after: AfterCommit[] = [];
    let claimed: StepRow | null = null;
    let notBefore: string | null = null;
    let startedAt = 0;
    let failure: { error: unknown } | null = null;
    let retryAt: string | null = null;
    try {
      if (target && !(UUID.test(target.tenantId) && UUID.test(target.id))) return "none";
      // A claim is counted before the step's transaction, in a commit of its own (it holds when
      // the worker dies mid-step or the transaction fails), and every statement that ends the
      // attempt on the transaction (completed, waiting, failed, cancelled) resets the count: a
      // committed attempt closes it. So `claims - 1` are the attempts since the last
      // committed one whose worker died (README.md, "Poison steps"). Both statements, BEGIN and the
      // attempt's savepoint go in one round trip (no parameters: a target's ids are checked uuids);
      // the counted step's ids pass to the claim in a session setting. The count leases the step
      // (`lockedUntil`) so that other workers' counts skip it between the count's commit and the
      // claim's row lock (without it, lanes polling at once would all count the same step).
      const count = `WITH "c" AS (
          UPDATE "workflow_step" SET "claims" = "claims" + 1, "lockedUntil" = now() + interval '${CLAIM_LEASE_MS} milliseconds'
           WHERE ("tenantId", "id") = (${
             target
               ? `SELECT "tenantId", "id" FROM "workflow_step" WHERE "tenantId" = '${target.tenantId}' AND "id" = '${target.id}'
              AND "status" = 'queued' AND ("lockedUntil" IS NULL OR "lockedUntil" <= now()) FOR UPDATE SKIP LOCKED`
               : `SELECT "tenantId", "id" FROM "workflow_step" WHERE "status" = 'queued' AND "runAfter" <= now()
              AND ("lockedUntil" IS NULL OR "lockedUntil" <= now()) ORDER BY "runAfter", "id" LIMIT 1 FOR UPDATE SKIP LOCKED`
           }) RETURNING "tenantId", "id")
        SELECT set_config('mono.workflow_claim', COALESCE((SELECT "tenantId"::text || ' ' || "id"::text FROM "c"), ''), false)`;
      const counted = (part: 1 | 2) =>
        `NULLIF(split_part(current_setting('mono.workflow_claim', true), ' ', ${part}), '')::uuid`;
      // On embedded PGlite (one connection, one process: the database dies with the worker) claims
      // are not counted: the claim scans as before.
      const pglite = this.db.dialect === "pglite";
      const pick = target
        ? `"tenantId" = '${target.tenantId}' AND "id" = '${target.id}' AND "status" = 'queued'`
        : `"status" = 'queued' AND "runAfter" <= now() ORDER BY "runAfter", "id" LIMIT 1`;
      const claim = `WITH "s" AS (
          SELECT ${STEP_COLUMNS}, "claims" FROM "workflow_step" WHERE ${
            pglite
              ? pick
              : `"tenantId" = ${counted(1)} AND "id" = ${counted(2)}
             AND "status" = 'queued'`
          } FOR UPDATE SKIP LOCKED),
        "i" AS (SELECT ${INSTANCE_COLUMNS} FROM "workflow_instance"
                 WHERE ("tenantId", "id") = (SELECT "tenantId", "instanceId" FROM "s") FOR UPDATE)
        SELECT "s".*, to_jsonb("i") AS "instance" FROM "s" LEFT JOIN "i" ON true`;
      await this.db.transaction(
        async (tx, rows: ClaimRow[]) => {
          const step = rows[0];
          if (!step) return;
          if (Date.parse(iso(step.runAfter)) > Date.now()) {
            notBefore = iso(step.runAfter);
            // Not run: this claim closes its own count.
            if (!pglite)
              await tx.query(
                `UPDATE "workflow_step" SET "claims" = "claims" - 1, "lockedUntil" = NULL WHERE "tenantId" = $1 AND "id" = $2`,
                [step.tenantId, step.id],
              );
            return;
          }
          claimed = step;
          startedAt = performance.now();
          // A poison step: its worker died (or its transaction failed) on every claim since the last
          // committed attempt, as often as its attempts allow. It fails without running again.
          const died = Number(step.claims) - 1;
          if (died > 0 && step.attempts + died >= step.maxAttempts) {
            failure = { error: new PoisonStepError(died) };
            this.options.onStep?.(step.kind, "error", 0);
            retryAt = await this.failed(tx, step, failure.error, after);
            return;
          }
          // The attempt runs under that savepoint: a failure rolls back its effects but not the
          // claim, so the failure is recorded while the row stays locked (no other worker runs it
          // meanwhile).
          try {
            await this.execute(tx, step, step.instance, after);
            await this.options.beforeCommit?.(step);
          } catch (error) {
            await tx.query("ROLLBACK TO SAVEPOINT workflow_step");
            after.length = 0;
            failure = { error };
            this.options.onStep?.(step.kind, "error", (performance.now() - startedAt) / 1000);
            retryAt = await this.failed(tx, step, error, after);
          }
        },
        // The claim (one text: it reads the counted step's ids) is prepared once per connection; the
        // count is not (a target's names its ids).
        {
          first: {
            before: pglite ? undefined : count,
            sql: claim,
            then: "SAVEPOINT workflow_step",
            name: pglite || target ? undefined : "workflow_claim",
          },
        },
      );
    } catch (error) {
      // The transaction itself failed (a lost connection): nothing of the attempt happened.
      if (!claimed) throw error;
      this.options.log?.(error, "workflow: a step's transaction failed; the step stays queued");
      return "ran";
    }
    if (notBefore) return { notBefore };
    if (!claimed) return "none";
    const step = claimed as StepRow;
    if (!failure) this.options.onStep?.(step.kind, "ok", (performance.now() - startedAt) / 1000);
    else if (!retryAt) this.options.onStep?.(step.kind, "failed", 0);
    for (const fn of after) await fn().catch((error: unknown) => this.options.log?.(error, "workflow: after commit"));
    return retryAt ? { notBefore: retryAt } : "ran";
  }

  /** The node of one claimed step (its instance locked by the claim), on its transaction. */
  private async execute(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow | null,
    after: AfterCommit[],
  ): Promise<void> {
    if (!instance || instance.status === "cancelled" || instance.status === "completed") {
      await tx.query(
        `UPDATE "workflow_step" SET "status" = 'cancelled', "claims" = 0, "lockedUntil" = NULL, "finishedAt" = now(), "updatedAt" = now()
          WHERE "tenantId" = $1 AND "id" = $2`,
        [step.tenantId, step.id],
      );
      return;
    }
    const plan = await this.planOf(tx, instance.definitionId);
    const node = plan.nodes[step.nodeId];
    if (!node) throw new PermanentError(`node "${step.nodeId}" is not in the plan`);
    const run = await this.context(tx, instance, plan, node);
    const result = await this.runNode(tx, step, instance, plan, node, run, after);
    const output = JSON.stringify(result.output ?? null);
    if (result.kind === "wait") {
      await tx.query(
        `WITH "step" AS (
           UPDATE "workflow_step" SET "status" = 'waiting', "claims" = 0, "lockedUntil" = NULL, "output" = $3::jsonb,
             "startedAt" = COALESCE("startedAt", now()), "error" = NULL, "updatedAt" = now()
            WHERE "tenantId" = $1 AND "id" = $2)
         UPDATE "workflow_instance" SET "status" = 'waiting', "currentNodeId" = $5, "updatedAt" = now()
          WHERE "tenantId" = $1 AND "id" = $4`,
        [step.tenantId, step.id, output, instance.id, node.id],
        "workflow_step_waits",
      );
      return;
    }
    // The step's completion, the instance's context and what comes next: one statement.
    const done: Completion = {
      stepId: step.id,
      outcome: outcomeText(result.outcome),
      output,
      context: result.context ? JSON.stringify({ ...instance.context, ...result.context }) : null,
    };
    // A compensation step goes on to the next compensation, then the run has failed.
    if (step.compensation) {
      const remaining = (step.input.remaining as string[] | undefined) ?? [];
      if (remaining.length) {
        const next = await this.completeAndQueue(tx, step, done, plan.nodes[remaining[0]], {
          input: { remaining: remaining.slice(1) },
          compensation: true,
        });
        after.push(() => this.dispatch(next));
      } else await this.finish(tx, instance, "failed", (step.input.error as string) ?? "failed", after, null, done);
      return;
    }
    const next = nextNode(node, result.outcome);
    if (next) {
      const queued = await this.completeAndQueue(tx, step, done, plan.nodes[next], { status: "running" });
      after.push(() => this.dispatch(queued));
    } else {
      await this.finish(tx, instance, "completed", null, after, node.kind === "end" ? node.outcome : null, done);
    }
  }

  /** Marks the step completed and inserts the run's next step (NEXT_STEP_CTES), in one statement. */
  private async completeAndQueue(
    tx: SqlSession,
    step: StepRow,
    done: Completion,
    node: PlanNode | undefined,
    next: { input?: Record<string, unknown>; compensation?: boolean; status?: string },
  ): Promise<QueuedStep> {
    if (!node) throw new PermanentError("the plan has no such node");
    const { rows } = await tx.query<{ id: string; runAfter: string }>(
      `WITH ${completedCte(11)}, ${NEXT_STEP_CTES} SELECT "id", "runAfter" FROM "next"`,
      [
        step.tenantId,
        step.instanceId,
        step.seq + 1,
        node.id,
        node.kind,
        this.retry.attempts,
        JSON.stringify(next.input ?? {}),
        next.compensation ?? false,
        next.status ?? null,
        done.context,
        done.stepId,
        done.outcome,
        done.output,
      ],
      "workflow_step_completes",
    );
    return { id: rows[0].id, tenantId: step.tenantId, runAfter: iso(rows[0].runAfter) };
  }

  /** Ends a run (with the completion of its last step, when one ended it); a parent waiting for it is woken. */
  private async finish(
    tx: SqlSession,
    instance: Pick<InstanceRow, "tenantId" | "id" | "parentStepId">,
    status: "completed" | "failed" | "cancelled",
    error: string | null,
    after: AfterCommit[],
    outcome: string | null = null,
    done: Completion | null = null,
  ): Promise<void> {
    await tx.query(
      `WITH ${completedCte(7)}
       UPDATE "workflow_instance" SET "status" = $3, "error" = $4, "completedAt" = now(), "updatedAt" = now(),
         "context" = CASE WHEN $5::text IS NULL THEN COALESCE($6::jsonb, "context")
                          ELSE COALESCE($6::jsonb, "context") || jsonb_build_object('outcome', $5::text) END
        WHERE "tenantId" = $1 AND "id" = $2`,
      [
        instance.tenantId,
        instance.id,
        status,
        error,
        outcome,
        done?.context ?? null,
        done?.stepId ?? null,
        done?.outcome ?? null,
        done?.output ?? null,
      ],
      "workflow_run_finishes",
    );
    if (instance.parentStepId) {
      const woken = await this.wake(tx, instance.tenantId, instance.parentStepId, {});
      if (woken) after.push(() => this.dispatch(woken));
    }
  }

  /** A waiting step back on the queue (a decision, transition, event, timer or child's end); null if it was not waiting. */
  async wake(
    tx: SqlSession,
    tenantId: string,
    stepId: string,
    input: Record<string, unknown>,
  ): Promise<QueuedStep | null> {
    const { rows } = await tx.query<{ id: string; runAfter: string }>(
      `UPDATE "workflow_step" SET "status" = 'queued', "runAfter" = now(), "input" = "input" || $3::jsonb, "updatedAt" = now()
        WHERE "tenantId" = $1 AND "id" = $2 AND "status" = 'waiting' RETURNING "id", "runAfter"`,
      [tenantId, stepId, JSON.stringify(input)],
    );
    return rows[0] ? { id: rows[0].id, tenantId, runAfter: iso(rows[0].runAfter) } : null;
  }

  /** After a failed attempt: back on the queue after the backoff, or failed for good (compensations, then the run). */
  private async failed(tx: SqlSession, step: StepRow, error: unknown, after: AfterCommit[]): Promise<string | null> {
    this.options.log?.(error, `workflow step ${step.idempotencyKey} (${step.nodeId}) failed`);
    let retryAt: string | null = null;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const permanent = error instanceof PermanentError;
    await (async () => {
      const { rows } = await tx.query<{ status: string; runAfter: string }>(
        `UPDATE "workflow_step" SET "attempts" = "attempts" + 1, "claims" = 0, "lockedUntil" = NULL, "error" = $3, "updatedAt" = now(),
           "status" = CASE WHEN $4::boolean OR "attempts" + 1 >= "maxAttempts" THEN 'failed' ELSE 'queued' END,
           "runAfter" = now() + ($5::int * interval '1 millisecond') * power(2, GREATEST("attempts", 0)),
           "startedAt" = COALESCE("startedAt", now()),
           "finishedAt" = CASE WHEN $4::boolean OR "attempts" + 1 >= "maxAttempts" THEN clock_timestamp() END
          WHERE "tenantId" = $1 AND "id" = $2 AND "status" = 'queued' RETURNING "status", "runAfter"`,
        [step.tenantId, step.id, message, permanent, this.retry.backoffMs],
      );
      const row = rows[0];
      if (!row) return;
      if (row.status === "queued") {
        retryAt = iso(row.runAfter);
        after.push(() => this.dispatch({ id: step.id, tenantId: step.tenantId, runAfter: iso(row.runAfter) }));
        return;
      }
      const { rows: inst } = await tx.query<InstanceRow>(
        `SELECT "tenantId", "id", "definitionId", "parentStepId", "status" FROM "workflow_instance"
          WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`,
        [step.tenantId, step.instanceId],
      );
      const instance = inst[0];
      if (!instance || instance.status === "cancelled") return;
      const error = `step ${step.seq} (${step.nodeId}) failed: ${message}`;
      if (step.compensation) return this.finish(tx, instance, "failed", error, after);
      const plan = await this.planOf(tx, instance.definitionId);
      const { rows: done } = await tx.query<{ nodeId: string; seq: number }>(
        `SELECT "nodeId", "seq" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "status" = 'completed'
            AND NOT "compensation" ORDER BY "seq" DESC`,
        [step.tenantId, step.instanceId],
      );
      const undo = done.map((d) => plan.compensations[d.nodeId]).filter((n): n is string => Boolean(n));
      await tx.query(
        `UPDATE "workflow_instance" SET "error" = $3, "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
        [step.tenantId, instance.id, error],
      );
      if (!undo.length) return this.finish(tx, instance, "failed", error, after);
      const { rows: last } = await tx.query<{ seq: number }>(
        `SELECT max("seq")::int AS "seq" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2`,
        [step.tenantId, step.instanceId],
      );
      const first = await this.insertStep(
        tx,
        step.tenantId,
        instance.id,
        last[0].seq + 1,
        plan.nodes[undo[0]],
        {
          remaining: undo.slice(1),
          error,
        },
        true,
      );
      after.push(() => this.dispatch(first));
    })();
    return retryAt;
  }

  // ───────────────────────────────────────────── nodes

  private async context(
    tx: SqlSession,
    instance: InstanceRow,
    plan: WorkflowPlan,
    node: PlanNode,
  ): Promise<RunContext> {
    const template = this.options.templates(instance.templateId) ?? null;
    const entity = template && plan.entity ? entityOf(template, plan.entity) : null;
    // A trigger or an end reads nothing: no statement for them.
    if (node.kind === "trigger" || node.kind === "end")
      return { template, entity, record: null, relations: {}, tenantSettings: {}, tenant: null };
    const names = new Set<string>();
    for (const e of expressionsOf(node)) for (const path of readPaths(e)) names.add(path[0]);
    // An email's declared variables may name relations (`propertyTitle`): load those too.
    if (node.kind === "email" && entity) {
      const declared = template?.emails.find((e) => e.name === node.template)?.variables ?? [];
      for (const name of relationsNamedBy(entity, declared)) names.add(name);
    }
    // The record, its relations and the tenant the node needs: one statement.
    const withTenant = names.has("tenant") || node.kind === "webhook" || node.kind === "email";
    // A condition wait reads the record under a share lock: a write of the record waits for this
    // step to commit and then finds it waiting (and wakes it); without the lock, a write landing
    // between this read and the commit would find the step still queued and its wake-up be lost.
    const conditionWait = node.kind === "wait" && node.until.kind === "condition";
    const { record, relations, tenant } = await loadScope(
      tx,
      instance.tenantId,
      template,
      entity,
      instance.recordId,
      names,
      withTenant,
      conditionWait,
    );
    if (entity && instance.recordId && !record) throw new PermanentError(`the run's ${entity.name} record is gone`);
    const tenantSettings = tenant?.settings ?? {};
    return { template, entity, record, relations, tenantSettings, tenant: tenant?.context ?? null };
  }

  private scope(run: RunContext, instance: InstanceRow, now: string): Record<string, unknown> {
    return {
      ...instance.context,
      ...run.relations,
      record: run.record,
      tenant: { settings: run.tenantSettings },
      now,
    };
  }

  /** Records one effect; false when the step's effect of this name is already recorded (a re-run). */
  private async effect(
    tx: SqlSession,
    step: StepRow,
    name: string,
    kind: string,
    detail: Record<string, unknown>,
  ): Promise<boolean> {
    return recordEffect(tx, {
      tenantId: step.tenantId,
      instanceId: step.instanceId,
      stepId: step.id,
      idempotencyKey: `${step.idempotencyKey}:${name}`,
      kind,
      detail,
    });
  }

  /**
   * Records an effect and, when it is new, writes the record's fields: one statement (the write is
   * guarded by the effect row the statement inserted, so a re-run writes nothing).
   */
  private async effectWrite(
    tx: SqlSession,
    step: StepRow,
    name: string,
    detail: Record<string, unknown>,
    entity: EntityRegistry,
    recordId: string,
    values: Record<string, unknown>,
  ): Promise<void> {
    const write = fieldsWrite(step.tenantId, entity, recordId, values, ` AND EXISTS (SELECT 1 FROM "effect")`);
    if (!write) {
      await this.effect(tx, step, name, name, detail);
      return;
    }
    const n = write.params.length;
    const sql = `WITH "effect" AS (
         INSERT INTO "workflow_effect" ("tenantId", "instanceId", "stepId", "idempotencyKey", "kind", "detail")
         VALUES ($1, $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb)
         ON CONFLICT ("tenantId", "idempotencyKey") DO NOTHING RETURNING "id")
       ${write.sql}`;
    await tx.query(
      sql,
      [...write.params, step.instanceId, step.id, `${step.idempotencyKey}:${name}`, name, JSON.stringify(detail)],
      statementName(sql),
    );
  }

  private async firedTimers(tx: SqlSession, step: StepRow): Promise<Set<string>> {
    const { rows } = await tx.query<{ kind: string }>(
      `SELECT DISTINCT "kind" FROM "workflow_timer" WHERE "tenantId" = $1 AND "stepId" = $2 AND "firedAt" IS NOT NULL`,
      [step.tenantId, step.id],
    );
    return new Set(rows.map((r) => r.kind));
  }

  /** A timer of this step and kind, once (a re-run of a waiting step keeps the first). */
  private async timer(tx: SqlSession, step: StepRow, kind: string, fireAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO "workflow_timer" ("tenantId", "instanceId", "stepId", "fireAt", "kind")
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::timestamptz, $5::varchar
        WHERE NOT EXISTS (SELECT 1 FROM "workflow_timer" WHERE "tenantId" = $1::uuid AND "stepId" = $3::uuid AND "kind" = $5::varchar)`,
      [step.tenantId, step.instanceId, step.id, fireAt.toISOString(), kind],
    );
  }

  /** When a moment falls: a duration from the step's creation, or a date field of a record. */
  private async moment(
    tx: SqlSession,
    step: StepRow,
    run: RunContext,
    moment: PlanMoment,
    instance: InstanceRow,
  ): Promise<Date | null> {
    if (moment.kind === "duration") return new Date(Date.parse(iso(step.createdAt)) + moment.duration.ms);
    const end =
      moment.path.length && run.template && run.entity
        ? (await follow(tx, instance.tenantId, run.template, run.entity, run.record, moment.path))?.record
        : run.record;
    const value = end?.[moment.field];
    if (typeof value !== "string" || !value) return null;
    const at = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    return Number.isNaN(at.getTime()) ? null : at;
  }

  private async runNode(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    plan: WorkflowPlan,
    node: PlanNode,
    run: RunContext,
    after: AfterCommit[],
  ): Promise<NodeResult> {
    // The step's own instant: a retry computes the same `now`.
    const now = iso(step.createdAt);
    const scope = this.scope(run, instance, now);
    const parties = { tx, tenantId: step.tenantId, template: run.template, entity: run.entity, record: run.record };
    switch (node.kind) {
      case "trigger":
        return { kind: "done", outcome: "next" };
      case "end":
        return { kind: "done", outcome: "next", output: { outcome: node.outcome } };
      case "condition": {
        const value = truthy(evaluateExpression(node.expression.ast, scope));
        return { kind: "done", outcome: value ? "true" : "false", output: { value } };
      }
      case "state": {
        if (plan.statusField && run.entity && instance.recordId) {
          await this.effectWrite(
            tx,
            step,
            "status",
            { field: plan.statusField, from: run.record?.[plan.statusField] ?? null, to: node.status },
            run.entity,
            instance.recordId,
            { [plan.statusField]: node.status },
          );
          if (run.record && run.record[plan.statusField] !== node.status)
            await this.statusChanged(tx, step, instance, plan, run, node.status, after);
        }
        if (!node.transitions.length) return { kind: "done", outcome: "next", output: { status: node.status } };
        const taken =
          (step.input.transition as { name: string; by: string | null } | undefined) ??
          (await this.timedTransition(tx, step, instance, node, run));
        if (taken)
          return {
            kind: "done",
            outcome: { transition: taken.name },
            output: { status: node.status, transition: taken },
            context: { transition: taken },
          };
        return { kind: "wait", output: { status: node.status, transitions: node.transitions.map((t) => t.name) } };
      }
      case "approval":
        return this.approval(tx, step, instance, node, run, parties);
      case "wait":
        return this.waitNode(tx, step, instance, node, run, scope);
      case "update": {
        const values: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(node.set)) values[field] = valueOf(value, scope, now);
        if (!run.entity || !instance.recordId) throw new PermanentError("an update node needs the run's record");
        await this.effectWrite(tx, step, "update", { set: values }, run.entity, instance.recordId, values);
        return { kind: "done", outcome: "next", output: { set: values } };
      }
      case "email":
        return this.emailNode(tx, step, instance, node, run, scope, parties, after);
      case "webhook":
        return this.webhookNode(tx, step, instance, node, run);
      case "assign":
        return this.assignNode(tx, step, instance, plan, node, run, after);
      case "signal":
        return this.signalNode(tx, step, instance, plan, node, run, after);
      case "payment":
        return this.paymentNode(tx, step, node, run);
      case "subworkflow": {
        const child = await this.start(
          {
            tenantId: step.tenantId,
            workflow: node.workflow,
            templateId: instance.templateId,
            recordId: instance.recordId,
            startKey: `${step.idempotencyKey}:child`,
            startedBy: instance.startedBy,
            trigger: { parent: instance.id },
            parent: node.wait ? { instanceId: instance.id, stepId: step.id } : null,
          },
          tx,
        );
        if (child.created) after.push(child.dispatch);
        if (!node.wait) return { kind: "done", outcome: "next", output: { child: child.id } };
        const { rows } = await tx.query<{ status: string; error: string | null }>(
          `SELECT "status", "error" FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = $2`,
          [step.tenantId, child.id],
        );
        const status = rows[0]?.status;
        if (status === "completed") return { kind: "done", outcome: "next", output: { child: child.id } };
        if (status === "failed" || status === "cancelled")
          throw new PermanentError(`child run ${child.id} ${status}${rows[0].error ? `: ${rows[0].error}` : ""}`);
        return { kind: "wait", output: { child: child.id } };
      }
    }
  }

  /**
   * A state node moved the record's status: the `status-changed` triggers of the entity's other
   * workflows start on the step's transaction, as an entity write's would (start key
   * `<workflow>:<recordId>:status:<to>:<step key>`, so a re-run of the step starts none again).
   */
  private async statusChanged(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    plan: WorkflowPlan,
    run: RunContext,
    to: string,
    after: AfterCommit[],
  ): Promise<void> {
    for (const w of run.template?.workflows ?? []) {
      if (w.name === plan.name) continue;
      const source = this.options.planFor(step.tenantId, w.name, instance.templateId);
      if (!source || source.plan.entity !== plan.entity) continue;
      const trigger = source.plan.nodes[source.plan.start];
      if (trigger?.kind !== "trigger" || trigger.trigger.on !== "status-changed") continue;
      if (trigger.trigger.to.length && !trigger.trigger.to.includes(to)) continue;
      const started = await this.start(
        {
          tenantId: step.tenantId,
          workflow: w.name,
          templateId: source.templateId,
          recordId: instance.recordId,
          startKey: `${w.name}:${instance.recordId}:status:${to}:${step.idempotencyKey}`,
          startedBy: instance.startedBy,
          trigger: { on: "status-changed", op: "update", changed: [plan.statusField], from: instance.id },
        },
        tx,
      );
      if (started.created) after.push(started.dispatch);
    }
  }

  /**
   * A payment node: the escrow action on the payment whose id the record's field holds, on the
   * step's transaction, then its effect row (`<step key>:payment`). A re-run of a committed step
   * finds the effect and asks nothing; a step rolled back after the provider answered asks again
   * with the payment's own key, and the provider answers the first result (one capture).
   */
  private async paymentNode(
    tx: SqlSession,
    step: StepRow,
    node: Extract<PlanNode, { kind: "payment" }>,
    run: RunContext,
  ): Promise<NodeResult> {
    const { rows: seen } = await tx.query<{ detail: Record<string, unknown> }>(
      `SELECT "detail" FROM "workflow_effect" WHERE "tenantId" = $1 AND "idempotencyKey" = $2`,
      [step.tenantId, `${step.idempotencyKey}:payment`],
    );
    if (seen[0]) return { kind: "done", outcome: "next", output: seen[0].detail };
    const option = this.options.payments;
    const payments = typeof option === "function" ? option() : (option ?? null);
    if (!payments) throw new PermanentError("a payment node needs the payments service (payments are off)");
    const paymentId = run.record?.[node.field];
    if (typeof paymentId !== "string" || !UUID.test(paymentId))
      throw new PermanentError(`the record's ${node.field} holds no payment id`);
    let result: { status: string; ref: string | null; already: boolean };
    try {
      result = await payments.applyInTransaction(tx, step.tenantId, paymentId, node.action);
    } catch (error) {
      if ((error as { permanent?: unknown })?.permanent === true) throw new PermanentError((error as Error).message);
      throw error;
    }
    const detail = { action: node.action, paymentId, status: result.status, ref: result.ref, already: result.already };
    await this.effect(tx, step, "payment", "payment", detail);
    return { kind: "done", outcome: "next", output: detail };
  }

  /**
   * The timed transition whose moment has fallen (the earliest), or null after making sure a timer
   * wakes the step then. As with a wait, the moment is read when the run reaches the state: the
   * timer's firing is the moment falling (a date field moved later afterwards does not move it).
   */
  private async timedTransition(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    node: Extract<PlanNode, { kind: "state" }>,
    run: RunContext,
  ): Promise<{ name: string; by: null } | null> {
    let earliest: { name: string; at: Date } | null = null;
    for (const t of node.transitions) {
      if (!t.at) continue;
      const at = await this.moment(tx, step, run, t.at, instance);
      if (at && (!earliest || at < earliest.at)) earliest = { name: t.name, at };
    }
    if (!earliest) return null;
    if (earliest.at.getTime() <= Date.now() || (await this.firedTimers(tx, step)).has("transition"))
      return { name: earliest.name, by: null };
    await this.timer(tx, step, "transition", earliest.at);
    return null;
  }

  /**
   * Delivers the node's event to the runs waiting for it on the records `to` reaches, longest
   * waiting first. Each chosen wait step is locked (SKIP LOCKED) and checked still waiting, so two
   * runs signalling at once never hand one waiting run two events while another waits on; each
   * event names its run.
   */
  private async signalNode(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    plan: WorkflowPlan,
    node: Extract<PlanNode, { kind: "signal" }>,
    run: RunContext,
    after: AfterCommit[],
  ): Promise<NodeResult> {
    const { template, entity: source, record } = run;
    if (!template || !source || !record || !instance.recordId)
      throw new PermanentError("a signal node needs the run's record");
    const at = await follow(tx, step.tenantId, template, source, record, node.to.path);
    if (!(await this.effect(tx, step, "signal", "signal", { event: node.event, to: node.to.relation })))
      return { kind: "done", outcome: "next", output: { event: node.event, repeated: true } };
    if (!at) return { kind: "done", outcome: "next", output: { event: node.event, signalled: [] } };
    const target = entityOf(template, node.to.entity);
    const { rows } = await tx.query<{
      id: string;
      nodeId: string;
      definitionId: string;
      instanceId: string;
      recordId: string;
    }>(
      `SELECT s."id", s."nodeId", i."definitionId", i."id" AS "instanceId", i."recordId"
         FROM "workflow_step" s JOIN "workflow_instance" i ON i."tenantId" = s."tenantId" AND i."id" = s."instanceId"
        WHERE s."tenantId" = $1 AND s."status" = 'waiting' AND s."kind" = 'wait' AND i."entity" = $2
          AND i."recordId" IN (SELECT t."id" FROM ${quoteIdent(target.table)} t
                                WHERE t."tenantId" = $1 AND t.${quoteIdent(node.to.foreignKey)} = $3 AND t."id" <> $4)
        ORDER BY s."createdAt", s."id"`,
      [step.tenantId, target.name, at.record.id, instance.recordId],
    );
    const signalled: string[] = [];
    for (const row of rows) {
      if (node.limit !== null && signalled.length >= node.limit) break;
      const waits = (await this.planOf(tx, row.definitionId)).nodes[row.nodeId];
      if (waits?.kind !== "wait" || waits.until.kind !== "event" || waits.until.event !== node.event) continue;
      // Lock only the run this signal takes: another signal running at once skips it for the next.
      const taken = await tx.query(
        `SELECT 1 FROM "workflow_step" WHERE "tenantId" = $1 AND "id" = $2 AND "status" = 'waiting' FOR UPDATE SKIP LOCKED`,
        [step.tenantId, row.id],
      );
      if (!taken.rowCount) continue;
      await tx.query(
        `INSERT INTO "workflow_event" ("tenantId", "entity", "recordId", "name", "payload", "instanceId")
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
        [
          step.tenantId,
          target.name,
          row.recordId,
          node.event,
          JSON.stringify({ from: { entity: plan.entity, id: instance.recordId, instanceId: instance.id } }),
          row.instanceId,
        ],
      );
      const woken = await this.wake(tx, step.tenantId, row.id, {});
      if (woken) after.push(() => this.dispatch(woken));
      signalled.push(row.instanceId);
    }
    return { kind: "done", outcome: "next", output: { event: node.event, signalled } };
  }

  private async approval(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    node: Extract<PlanNode, { kind: "approval" }>,
    run: RunContext,
    parties: Parameters<typeof resolveParties>[0],
  ): Promise<NodeResult> {
    const { rows } = await tx.query<{ id: string; status: string; decisions: Decision[] }>(
      `SELECT "id", "status", "decisions" FROM "workflow_task" WHERE "tenantId" = $1 AND "stepId" = $2`,
      [step.tenantId, step.id],
    );
    let task = rows[0];
    if (!task) {
      const { userIds } = await resolveParties(parties, node.assignees);
      const author = typeof run.record?.createdBy === "string" ? run.record.createdBy : null;
      const assignees = node.excludeAuthor && author ? userIds.filter((u) => u !== author) : userIds;
      const due = node.due ? await this.moment(tx, step, run, node.due, instance) : null;
      const created = await tx.query<{ id: string; status: string; decisions: Decision[] }>(
        `INSERT INTO "workflow_task" ("tenantId", "instanceId", "stepId", "nodeId", "assigneeIds", "minApprovals", "dueAt")
         VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7) RETURNING "id", "status", "decisions"`,
        [step.tenantId, instance.id, step.id, node.id, assignees, node.minApprovals, due?.toISOString() ?? null],
      );
      task = created.rows[0];
      if (due) await this.timer(tx, step, "due", due);
    }
    const last = task.decisions[task.decisions.length - 1];
    const approval = last ? { decision: last.decision, comment: last.comment, by: last.by } : null;
    if (task.status === "approved" || task.status === "rejected" || task.status === "changes-requested")
      return {
        kind: "done",
        outcome: task.status,
        output: { task: task.id, decisions: task.decisions },
        context: { approval },
      };
    if (task.status === "open" && node.next.timeout && (await this.firedTimers(tx, step)).has("due")) {
      await tx.query(
        `UPDATE "workflow_task" SET "status" = 'expired', "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
        [step.tenantId, task.id],
      );
      return { kind: "done", outcome: "timeout", output: { task: task.id, expired: true } };
    }
    return { kind: "wait", output: { task: task.id } };
  }

  private async waitNode(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    node: Extract<PlanNode, { kind: "wait" }>,
    run: RunContext,
    scope: Record<string, unknown>,
  ): Promise<NodeResult> {
    // The step's fired timers, read only when a moment has not passed yet.
    let timers: Promise<Set<string>> | null = null;
    const fired = () => (timers ??= this.firedTimers(tx, step));
    const until = node.until;
    if (until.kind === "duration" || until.kind === "field") {
      const at = await this.moment(tx, step, run, until, instance);
      if (!at && node.skipIfEmpty) return { kind: "done", outcome: "done", output: { skipped: true } };
      if (at && (at.getTime() <= Date.now() || (await fired()).has("wait")))
        return { kind: "done", outcome: "done", output: { until: at.toISOString() } };
      if (at) await this.timer(tx, step, "wait", at);
    } else if (until.kind === "event") {
      const { rows } = await tx.query<{ id: string; payload: Record<string, unknown> }>(
        `UPDATE "workflow_event" SET "consumedAt" = now(), "instanceId" = $2::uuid
          WHERE "tenantId" = $1 AND "id" = (
            SELECT "id" FROM "workflow_event" WHERE "tenantId" = $1 AND "consumedAt" IS NULL AND "name" = $3::varchar
               AND ("instanceId" = $2::uuid OR ("instanceId" IS NULL AND "entity" = $4::varchar AND "recordId" = $5::uuid))
             ORDER BY "createdAt", "id" LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING "id", "payload"`,
        [step.tenantId, instance.id, until.event, instance.entity ?? "", instance.recordId],
      );
      if (rows[0])
        return {
          kind: "done",
          outcome: "done",
          output: { event: until.event, eventId: rows[0].id },
          context: { event: { name: until.event, ...rows[0].payload } },
        };
    } else if (truthy(evaluateExpression(until.expression.ast, scope))) {
      return { kind: "done", outcome: "done", output: { condition: until.expression.source } };
    }
    if (node.timeout) {
      if ((await fired()).has("timeout")) return { kind: "done", outcome: "timeout", output: { timeout: true } };
      const at = await this.moment(tx, step, run, node.timeout, instance);
      if (at) await this.timer(tx, step, "timeout", at);
    }
    return { kind: "wait", output: { until: until.kind } };
  }

  private async emailNode(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    node: Extract<PlanNode, { kind: "email" }>,
    run: RunContext,
    scope: Record<string, unknown>,
    parties: Parameters<typeof resolveParties>[0],
    after: AfterCommit[],
  ): Promise<NodeResult> {
    const mail = this.options.email;
    if (!mail) throw new Error("an email node needs the email pipeline");
    const variables: Record<string, unknown> = {
      ...(run.record ?? {}),
      ...scope,
      workflow: { name: instance.workflowName, instanceId: instance.id },
    };
    const { to, dispatches } = await persistRunEmails(tx, mail, {
      tenantId: step.tenantId,
      template: run.template,
      entity: run.entity,
      record: run.record,
      relations: run.relations,
      email: node.template,
      to: node.to,
      locale: node.locale,
      variables,
      key: step.idempotencyKey,
      tenant: run.tenant,
      tenantSettings: run.tenantSettings,
    });
    after.push(...dispatches);
    const sent = to.map((address) => ({ to: address }));
    await this.effect(tx, step, "email", "email", { template: node.template, to: sent.map((s) => s.to) });
    return { kind: "done", outcome: "next", output: { template: node.template, to: sent.map((s) => s.to) } };
  }

  /**
   * POSTs (or PUTs) the event to each URL the tenant subscribed to it (`settings.workflowWebhooks`:
   * `[{ event, url, secret }]`, event `*` for all), signed `X-Mono-Signature: sha256=<hex>` (HMAC-SHA256
   * of the body with the subscription's secret), `Idempotency-Key` = the step's key. A non-2xx or
   * network error fails the attempt (retried with backoff; receivers dedupe on the key).
   */
  private async webhookNode(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    node: Extract<PlanNode, { kind: "webhook" }>,
    run: RunContext,
  ): Promise<NodeResult> {
    const delivered = await deliverWebhooks(
      run.tenantSettings,
      {
        event: node.event,
        method: node.method,
        key: step.idempotencyKey,
        body: {
          event: node.event,
          workflow: instance.workflowName,
          instanceId: instance.id,
          idempotencyKey: step.idempotencyKey,
          entity: instance.entity,
          record: run.record,
        },
      },
      { fetch: this.options.fetch, timeoutMs: this.options.webhookTimeoutMs },
    );
    await this.effect(tx, step, "webhook", "webhook", { event: node.event, delivered });
    return { kind: "done", outcome: "next", output: { event: node.event, delivered } };
  }

  private async assignNode(
    tx: SqlSession,
    step: StepRow,
    instance: InstanceRow,
    plan: WorkflowPlan,
    node: Extract<PlanNode, { kind: "assign" }>,
    run: RunContext,
    after: AfterCommit[],
  ): Promise<NodeResult> {
    if (!run.entity || !instance.recordId) throw new PermanentError("an assign node needs the run's record");
    const { rows: held } = await tx.query<{ effect: { detail: { userId: string } } | null }>(
      `SELECT jsonb_build_object('detail', "detail") AS "effect" FROM "workflow_effect"
        WHERE "tenantId" = $1 AND "idempotencyKey" = $2`,
      [step.tenantId, `${step.idempotencyKey}:assign`],
    );
    if (held[0]?.effect) return { kind: "done", outcome: "next", output: held[0].effect.detail };
    const userId = await pickAssignee(tx, {
      tenantId: step.tenantId,
      template: run.template,
      entity: run.entity,
      record: run.record,
      role: node.role,
      strategy: node.strategy,
      field: node.field,
      workflowName: plan.name,
      nodeId: node.id,
      instanceId: instance.id,
    });
    if (!userId) throw new Error(`no user holds the role "${node.role}"`);
    await this.effect(tx, step, "assign", "assign", { node: node.id, field: node.field, userId, role: node.role });
    await writeFields(tx, step.tenantId, run.entity, instance.recordId, { [node.field]: userId });
    const notifier = this.options.notifier;
    if (node.notify && notifier) {
      const tenant = await tenantContext(tx, step.tenantId);
      // After the commit, deduplicated by the step's key: a repeat notifies no one twice.
      after.push(async () => {
        await notifier.notify(tenant, [userId], {
          kind: "workflow-assigned",
          title: `${run.entity!.name} assigned to you`,
          record: { entity: run.entity!.name, id: instance.recordId! },
          dedupeKey: step.idempotencyKey,
        });
      });
    }
    return { kind: "done", outcome: "next", output: { userId, field: node.field } };
  }

  // ───────────────────────────────────────────── actors' moves (the API's)

  /** Loads an instance of this tenant with its plan and record (null: not this tenant's). */
  async loadRun(
    tx: SqlSession,
    tenantId: string,
    instanceId: string,
    lock = false,
  ): Promise<{ instance: InstanceRow; plan: WorkflowPlan; run: RunContext } | null> {
    const { rows } = await tx.query<InstanceRow>(
      `SELECT "tenantId", "id", "definitionId", "templateId", "workflowName", "entity", "recordId", "parentInstanceId",
              "parentStepId", "status", "context", "startedBy"
         FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = $2${lock ? " FOR UPDATE" : ""}`,
      [tenantId, instanceId],
    );
    const instance = rows[0];
    if (!instance) return null;
    const plan = await this.planOf(tx, instance.definitionId);
    const template = this.options.templates(instance.templateId) ?? null;
    const entity = template && plan.entity ? entityOf(template, plan.entity) : null;
    const record = entity && instance.recordId ? await loadRecord(tx, tenantId, entity, instance.recordId) : null;
    return { instance, plan, run: { template, entity, record, relations: {}, tenantSettings: {}, tenant: null } };
  }

  /** The transitions the actor may take now on the instance's waiting state step. */
  async transitionsFor(
    tx: SqlSession,
    tenantId: string,
    instanceId: string,
    actor: Actor,
  ): Promise<{ name: string; to: string | null; stepId: string }[]> {
    const loaded = await this.loadRun(tx, tenantId, instanceId);
    if (loaded && this.temporal && isTemporalRun(loaded.instance.context)) {
      if (loaded.instance.status !== "running" && loaded.instance.status !== "waiting") return [];
      const ctx = { tx, tenantId, template: loaded.run.template, entity: loaded.run.entity, record: loaded.run.record };
      const taken = await this.temporal.transitionsFor(ctx, loaded.plan, { tenantId, instanceId }, actor);
      return taken.map((t) => ({ name: t.name, to: statusAhead(loaded.plan, t.next), stepId: "" }));
    }
    if (!loaded || loaded.instance.status !== "waiting") return [];
    const { rows } = await tx.query<{ id: string; nodeId: string }>(
      `SELECT "id", "nodeId" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "status" = 'waiting'
          AND "kind" = 'state' ORDER BY "seq" DESC LIMIT 1`,
      [tenantId, instanceId],
    );
    const step = rows[0];
    const node = step && loaded.plan.nodes[step.nodeId];
    if (!node || node.kind !== "state") return [];
    const ctx = { tx, tenantId, template: loaded.run.template, entity: loaded.run.entity, record: loaded.run.record };
    const out: { name: string; to: string | null; stepId: string }[] = [];
    for (const t of node.transitions) {
      if (!(await isParty(ctx, t.actors, actor))) continue;
      out.push({ name: t.name, to: statusAhead(loaded.plan, t.next), stepId: step.id });
    }
    return out;
  }

  /** Cancels a run: its queued and waiting steps, open tasks and pending timers with it. */
  async cancel(tenantId: string, instanceId: string): Promise<"cancelled" | "not-found" | "ended"> {
    const after: AfterCommit[] = [];
    const result = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<InstanceRow>(
        `SELECT "tenantId", "id", "status", "parentStepId", "context" FROM "workflow_instance"
          WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`,
        [tenantId, instanceId],
      );
      const instance = rows[0];
      if (!instance) return "not-found" as const;
      if (instance.status === "completed" || instance.status === "cancelled") return "ended" as const;
      const temporal = this.temporal;
      // A Temporal run is cancelled there first (it closes its open task as cancelled itself): a
      // cancel Temporal refuses leaves the row as it was.
      if (temporal && isTemporalRun(instance.context)) await temporal.cancel({ tenantId, instanceId });
      await tx.query(
        `UPDATE "workflow_step" SET "status" = 'cancelled', "finishedAt" = now(), "updatedAt" = now()
          WHERE "tenantId" = $1 AND "instanceId" = $2 AND "status" IN ('queued', 'waiting')`,
        [tenantId, instanceId],
      );
      await tx.query(
        `UPDATE "workflow_task" SET "status" = 'cancelled', "updatedAt" = now() WHERE "tenantId" = $1 AND "instanceId" = $2 AND "status" = 'open'`,
        [tenantId, instanceId],
      );
      await tx.query(
        `UPDATE "workflow_timer" SET "firedAt" = now() WHERE "tenantId" = $1 AND "instanceId" = $2 AND "firedAt" IS NULL`,
        [tenantId, instanceId],
      );
      await this.finish(tx, instance, "cancelled", null, after);
      return "cancelled" as const;
    });
    for (const fn of after) await fn();
    return result;
  }

  /** Operator retry of a failed run: its failed step goes back on the queue with fresh attempts. */
  async retryRun(tenantId: string, instanceId: string): Promise<"queued" | "not-found" | "not-failed"> {
    let queued: QueuedStep | null = null;
    const result = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ status: string }>(
        `SELECT "status" FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`,
        [tenantId, instanceId],
      );
      if (!rows[0]) return "not-found" as const;
      if (rows[0].status !== "failed") return "not-failed" as const;
      const { rows: steps } = await tx.query<{ id: string; nodeId: string; runAfter: string }>(
        `UPDATE "workflow_step" SET "status" = 'queued', "attempts" = 0, "claims" = 0, "lockedUntil" = NULL, "error" = NULL, "runAfter" = now(),
           "finishedAt" = NULL, "updatedAt" = now()
          WHERE "tenantId" = $1 AND "id" = (SELECT "id" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2
            AND "status" = 'failed' AND NOT "compensation" ORDER BY "seq" DESC LIMIT 1)
          RETURNING "id", "nodeId", "runAfter"`,
        [tenantId, instanceId],
      );
      if (!steps[0]) return "not-failed" as const;
      await tx.query(
        `UPDATE "workflow_instance" SET "status" = 'running', "error" = NULL, "completedAt" = NULL, "currentNodeId" = $3,
           "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, instanceId, steps[0].nodeId],
      );
      queued = { id: steps[0].id, tenantId, runAfter: iso(steps[0].runAfter) };
      return "queued" as const;
    });
    if (queued) await this.dispatch(queued);
    return result;
  }

  /**
   * Fires due timers (any tenant; SKIP LOCKED so pollers share them) and wakes their steps, in one
   * transaction; returns how many fired.
   */
  async fireTimers(limit = 100): Promise<number> {
    const woken: QueuedStep[] = [];
    const fired = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ tenantId: string; stepId: string }>(
        `UPDATE "workflow_timer" t SET "firedAt" = now()
          WHERE ("tenantId", "id") IN (SELECT "tenantId", "id" FROM "workflow_timer" WHERE "firedAt" IS NULL AND "fireAt" <= now()
                  ORDER BY "fireAt" LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING t."tenantId", t."stepId"`,
        [limit],
      );
      for (const r of rows) {
        const step = await this.wake(tx, r.tenantId, r.stepId, {});
        if (step) woken.push(step);
      }
      return rows.length;
    });
    for (const step of woken) await this.dispatch(step);
    return fired;
  }

  /** Queued steps due now (any tenant), for the BullMQ sweeper to put back on the queue. */
  async dueSteps(limit = 1000): Promise<QueuedStep[]> {
    const { rows } = await this.db.query<{ id: string; tenantId: string; runAfter: string }>(
      `SELECT "id", "tenantId", "runAfter" FROM "workflow_step" WHERE "status" = 'queued' AND "runAfter" <= now()
        ORDER BY "runAfter" LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, runAfter: iso(r.runAfter) }));
  }
}

interface RunContext {
  template: TemplateRegistry | null;
  entity: EntityRegistry | null;
  record: RecordRow | null;
  relations: Record<string, RecordRow | null>;
  tenantSettings: Record<string, unknown>;
  /** The tenant as the email pipeline needs it, when the step loaded it. */
  tenant: TenantContext | null;
}

export interface Decision {
  decision: "approve" | "reject" | "request-changes";
  comment: string;
  by: string;
  at: string;
}

/** The status a transition leads to: the first state node ahead on its path (through non-pausing nodes). */
export function statusAhead(plan: WorkflowPlan, from: string): string | null {
  const seen = new Set<string>();
  let id: string | null = from;
  while (id && !seen.has(id)) {
    seen.add(id);
    const node: PlanNode | undefined = plan.nodes[id];
    if (!node) return null;
    if (node.kind === "state") return node.status;
    if (node.kind === "end" || node.kind === "condition" || node.kind === "approval" || node.kind === "wait")
      return null;
    id = (node as { next: string }).next;
  }
  return null;
}

function expressionsOf(node: PlanNode) {
  const out = [];
  if (node.kind === "condition") out.push(node.expression.ast);
  if (node.kind === "wait" && node.until.kind === "condition") out.push(node.until.expression.ast);
  if (node.kind === "update")
    for (const v of Object.values(node.set)) if (v.kind === "expression") out.push(v.expression.ast);
  return out;
}

function valueOf(value: PlanValue, scope: Record<string, unknown>, now: string): unknown {
  switch (value.kind) {
    case "literal":
      return value.value;
    case "now":
      return now;
    case "expression":
      return evaluateExpression(value.expression.ast, scope);
    case "template":
      return value.text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, path: string) => {
        let v: unknown = scope;
        for (const name of path.split("."))
          v = v && typeof v === "object" ? (v as Record<string, unknown>)[name] : null;
        return v === null || v === undefined ? "" : String(v);
      });
  }
}
