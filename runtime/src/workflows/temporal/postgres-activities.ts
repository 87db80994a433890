/**
 * The interpreter's activities (activities.ts) over the runtime's own stores: the records in
 * PostgreSQL (workflow-records.ts), the email outbox, the tenant's webhook subscriptions, the
 * human tasks the inbox reads (`workflow_task`), and the effect rows (`workflow_effect`) that make
 * every effect once-only: an activity writes its effect row `<step key>:<effect>` on the same
 * transaction as the effect and writes nothing when the row is there already (a retry of the
 * step). The effect helpers are the PostgreSQL executor's own (workflow-effects.ts). Every
 * statement has `"tenantId" = $1`.
 *
 * Ids: a Temporal run's `instanceId` is its `workflow_instance` row's id; a child run's is its
 * parent step's key (`<uuid>:<seq>`), stored as the uuid derived from it (`instanceUuid`). A step
 * has no `workflow_step` row (its history is Temporal's); its tasks and effect rows carry
 * `stepUuid(step.key)`, the same on every attempt.
 */
import { ApplicationFailure, Context } from "@temporalio/activity";
import type { EntityRegistry, TemplateRegistry } from "../../../../engine/src/contract/registry-types.ts";
import type { Database, SqlSession } from "../../db/database.ts";
import { relationsNamedBy } from "../email-variables.ts";
import {
  deliverWebhooks,
  effectDetail,
  persistRunEmails,
  pickAssignee,
  recordEffect,
  type WorkflowMail,
} from "../workflow-effects.ts";
import type { PlanLookup, WorkflowNotify } from "../workflow-executor.ts";
import {
  entityOf,
  follow,
  loadRecord,
  loadScope,
  resolveParties,
  tenantContext,
  writeFields,
  type RecordRow,
  quoteIdent,
} from "../workflow-records.ts";
import type {
  AssignUserInput,
  CallWebhookInput,
  CloseTaskInput,
  LoadContextInput,
  LoadPlanInput,
  OpenTaskInput,
  PlanActivities,
  RecordContext,
  RunRef,
  SendEmailInput,
  SetStatusInput,
  SignalRunsInput,
  StepRef,
  UpdateRecordInput,
} from "./activities.ts";
import type { TemporalBackend } from "./backend.ts";
import { UUID, instanceUuid, stepUuid } from "./ids.ts";

export interface PostgresActivitiesOptions {
  readonly db: Database;
  readonly planFor: PlanLookup;
  readonly templates: (templateId: string) => TemplateRegistry | undefined;
  readonly email?: WorkflowMail | null;
  readonly notifier?: WorkflowNotify | null;
  /** Webhook requests (default: global fetch), each with this timeout (default 10 s). */
  readonly fetch?: typeof fetch;
  readonly webhookTimeoutMs?: number;
  /** Signal nodes signal the target runs through it (and read their state). */
  readonly backend?: TemporalBackend | null;
  readonly log?: (error: unknown, message: string) => void;
}

const notFound = (what: string) => ApplicationFailure.nonRetryable(`${what} not found`, "NotFound");

interface RunRecord {
  readonly template: TemplateRegistry;
  readonly entity: EntityRegistry;
  readonly recordId: string;
  readonly record: RecordRow;
}

export function postgresActivities(options: PostgresActivitiesOptions): PlanActivities {
  const { db } = options;

  const templateOf = (run: RunRef): TemplateRegistry => {
    const source = options.planFor(run.tenantId, run.workflow, run.templateId);
    const template = source ? options.templates(source.templateId) : undefined;
    if (!template) throw notFound(`the template of workflow ${run.workflow}`);
    return template;
  };

  /** The run's record (this tenant's), or a non-retryable NotFound. */
  const recordOf = async (tx: SqlSession, run: RunRef): Promise<RunRecord> => {
    if (run.entity === null || run.recordId === null) throw notFound("the run's record");
    const template = templateOf(run);
    const entity = entityOf(template, run.entity);
    const record = UUID.test(run.recordId) ? await loadRecord(tx, run.tenantId, entity, run.recordId) : null;
    if (!record) throw notFound(`${run.entity} ${run.recordId}`);
    return { template, entity, recordId: run.recordId, record };
  };

  const settingsOf = async (tx: SqlSession, tenantId: string): Promise<Record<string, unknown>> => {
    const { rows } = await tx.query<{ settings: Record<string, unknown> }>(
      `SELECT "settings" FROM "tenant" WHERE "id" = $1`,
      [tenantId],
    );
    return rows[0]?.settings ?? {};
  };

  const effectOf = (step: StepRef, name: string, detail: Record<string, unknown>) => ({
    tenantId: step.tenantId,
    instanceId: instanceUuid(step.instanceId),
    stepId: stepUuid(step.key),
    idempotencyKey: `${step.key}:${name}`,
    kind: name,
    detail,
  });

  const afterCommit = async (fns: (() => Promise<void>)[]) => {
    for (const fn of fns)
      await fn().catch((error: unknown) => options.log?.(error, "workflow (temporal): after commit"));
  };

  return {
    async loadContext({ run, reads }: LoadContextInput): Promise<RecordContext> {
      const tenantSettings = await settingsOf(db, run.tenantId);
      if (run.entity === null || run.recordId === null || !UUID.test(run.recordId))
        return { record: null, related: {}, tenantSettings };
      const template = templateOf(run);
      const root = entityOf(template, run.entity);
      const record = await loadRecord(db, run.tenantId, root, run.recordId);
      const related: Record<string, unknown> = {};
      if (record)
        for (const path of reads) {
          if (path[0] === "record" || path[0] === "tenant") continue;
          // Nest each many-to-one relation the read crosses: job.account.name loads job, then its account.
          let holder = related;
          let entity = root;
          let row: RecordRow | null = record;
          for (const name of path.slice(0, -1)) {
            const relation = entity.relations.find((r) => r.name === name && r.kind === "many-to-one");
            const id = relation?.foreignKey ? row?.[relation.foreignKey] : undefined;
            if (!relation || typeof id !== "string") break;
            const target = entityOf(template, relation.target);
            row = await loadRecord(db, run.tenantId, target, id);
            if (!row) break;
            holder[name] = { ...row, ...((holder[name] as object | undefined) ?? {}) };
            holder = holder[name] as Record<string, unknown>;
            entity = target;
          }
        }
      return { record, related, tenantSettings };
    },

    async setStatus({ step, field, status }: SetStatusInput) {
      await db.transaction(async (tx) => {
        const run = await recordOf(tx, step);
        const first = await recordEffect(
          tx,
          effectOf(step, "status", { field, from: run.record[field] ?? null, to: status }),
        );
        if (first) await writeFields(tx, step.tenantId, run.entity, run.recordId, { [field]: status });
      });
    },

    async updateRecord({ step, values }: UpdateRecordInput) {
      await db.transaction(async (tx) => {
        const run = await recordOf(tx, step);
        if (await recordEffect(tx, effectOf(step, "update", { set: values })))
          await writeFields(tx, step.tenantId, run.entity, run.recordId, { ...values });
      });
    },

    async sendEmail({ step, template: email, to, locale, context }: SendEmailInput) {
      const mail = options.email;
      if (!mail) throw ApplicationFailure.nonRetryable("an email node needs the email pipeline", "Configuration");
      const after: (() => Promise<void>)[] = [];
      const messages = await db.transaction(async (tx) => {
        const held = await effectDetail(tx, step.tenantId, `${step.key}:email`);
        if (held) return (held.to as string[]).length;
        const run = await recordOf(tx, step);
        const declared = run.template.emails.find((e) => e.name === email)?.variables ?? [];
        const { relations } = await loadScope(
          tx,
          step.tenantId,
          run.template,
          run.entity,
          run.recordId,
          new Set(relationsNamedBy(run.entity, declared)),
          false,
        );
        const variables: Record<string, unknown> = {
          ...run.record,
          ...relations,
          record: run.record,
          trigger: context.trigger,
          approval: context.approval,
          event: context.event,
          workflow: { name: step.workflow, instanceId: step.instanceId },
        };
        const sent = await persistRunEmails(tx, mail, {
          tenantId: step.tenantId,
          template: run.template,
          entity: run.entity,
          record: run.record,
          relations,
          email,
          to,
          locale,
          variables,
          key: step.key,
        });
        await recordEffect(tx, effectOf(step, "email", { template: email, to: sent.to }));
        after.push(...sent.dispatches);
        return sent.to.length;
      });
      await afterCommit(after);
      return { messages };
    },

    async callWebhook({ step, event, method, context }: CallWebhookInput) {
      // Sent again on a retry with the same Idempotency-Key (receivers dedupe): the one effect
      // outside the store. The effect row records the first delivery that went through.
      const run = await recordOf(db, step);
      const activity = Context.current();
      const delivered = await deliverWebhooks(
        await settingsOf(db, step.tenantId),
        {
          event,
          method,
          key: step.key,
          body: {
            event,
            workflow: step.workflow,
            instanceId: step.instanceId,
            idempotencyKey: step.key,
            entity: step.entity,
            record: run.record,
            context,
          },
        },
        {
          fetch: options.fetch,
          timeoutMs: options.webhookTimeoutMs,
          signal: activity.cancellationSignal,
          // A server delivers cancellation on heartbeats only.
          beforeEach: (url) => activity.heartbeat(url),
        },
      );
      await recordEffect(db, effectOf(step, "webhook", { event, delivered }));
      return { delivered: delivered.length };
    },

    async assignUser({ step, field, role, strategy, notify }: AssignUserInput) {
      const after: (() => Promise<void>)[] = [];
      const userId = await db.transaction(async (tx) => {
        const held = await effectDetail(tx, step.tenantId, `${step.key}:assign`);
        if (held) return held.userId as string;
        const run = await recordOf(tx, step);
        const picked = await pickAssignee(tx, {
          tenantId: step.tenantId,
          template: run.template,
          entity: run.entity,
          record: run.record,
          role,
          strategy,
          field,
          workflowName: step.workflow,
          nodeId: step.nodeId,
          instanceId: instanceUuid(step.instanceId),
        });
        if (!picked) return null;
        await recordEffect(tx, effectOf(step, "assign", { node: step.nodeId, field, userId: picked, role }));
        await writeFields(tx, step.tenantId, run.entity, run.recordId, { [field]: picked });
        const notifier = options.notifier;
        if (notify && notifier) {
          const tenant = await tenantContext(tx, step.tenantId);
          after.push(async () => {
            await notifier.notify(tenant, [picked], {
              kind: "workflow-assigned",
              title: `${run.entity.name} assigned to you`,
              record: { entity: run.entity.name, id: run.recordId },
              dedupeKey: step.key,
            });
          });
        }
        return picked;
      });
      await afterCommit(after);
      return { userId };
    },

    async openTask({ step, assignees, minApprovals, excludeAuthor, dueAt }: OpenTaskInput) {
      return db.transaction(async (tx) => {
        const stepId = stepUuid(step.key);
        // The effect row first: a second attempt at the same time waits on it, then finds the task.
        if (!(await recordEffect(tx, effectOf(step, "task", {})))) {
          const { rows } = await tx.query<{ id: string }>(
            `SELECT "id" FROM "workflow_task" WHERE "tenantId" = $1 AND "stepId" = $2`,
            [step.tenantId, stepId],
          );
          if (rows[0]) return { taskId: rows[0].id };
        }
        const run = await recordOf(tx, step);
        const { userIds } = await resolveParties(
          { tx, tenantId: step.tenantId, template: run.template, entity: run.entity, record: run.record },
          assignees,
        );
        const author = typeof run.record.createdBy === "string" ? run.record.createdBy : null;
        const assigneeIds = excludeAuthor && author ? userIds.filter((u) => u !== author) : userIds;
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO "workflow_task" ("tenantId", "instanceId", "stepId", "nodeId", "assigneeIds", "minApprovals", "dueAt")
           VALUES ($1, $2, $3, $4, $5::uuid[], $6, $7) RETURNING "id"`,
          [step.tenantId, instanceUuid(step.instanceId), stepId, step.nodeId, assigneeIds, minApprovals, dueAt],
        );
        return { taskId: rows[0].id };
      });
    },

    async closeTask({ step, taskId, status }: CloseTaskInput) {
      if (!UUID.test(taskId)) throw notFound(`task ${taskId}`);
      // A task decided through the API is closed already (with the same verdict): left as it is.
      const { rows } = await db.query<{ status: string }>(
        `UPDATE "workflow_task" SET "status" = CASE WHEN "status" = 'open' THEN $3 ELSE "status" END, "updatedAt" = now()
          WHERE "tenantId" = $1 AND "id" = $2 RETURNING "status"`,
        [step.tenantId, taskId, status],
      );
      if (!rows[0]) throw notFound(`task ${taskId}`);
    },

    async loadPlan({ run, workflow }: LoadPlanInput) {
      const source = options.planFor(run.tenantId, workflow, run.templateId);
      if (!source) throw notFound(`workflow ${workflow}`);
      return source.plan;
    },

    async signalRuns({ step, event, to, limit }: SignalRunsInput) {
      const backend = options.backend;
      if (!backend) throw ApplicationFailure.nonRetryable("a signal node needs the Temporal client", "Configuration");
      const held = await effectDetail(db, step.tenantId, `${step.key}:signal`);
      if (held) return { signalled: held.signalled as string[] };
      const run = await recordOf(db, step);
      const at = await follow(db, step.tenantId, run.template, run.entity, run.record, to.path);
      const candidates: { id: string }[] = [];
      if (at) {
        const target = entityOf(run.template, to.entity);
        const { rows } = await db.query<{ id: string }>(
          `SELECT i."id" FROM "workflow_instance" i
            WHERE i."tenantId" = $1 AND i."entity" = $2 AND i."status" IN ('running', 'waiting')
              AND i."context"->>'backend' = 'temporal'
              AND i."recordId" IN (SELECT t."id" FROM ${quoteIdent(target.table)} t
                                    WHERE t."tenantId" = $1 AND t.${quoteIdent(to.foreignKey)} = $3 AND t."id" <> $4)
            ORDER BY i."createdAt", i."id"`,
          [step.tenantId, target.name, at.record.id, run.recordId],
        );
        candidates.push(...rows);
      }
      // Who waits for the event now, and since when: each run's own state (the state query).
      const waiting: { id: string; since: string }[] = [];
      for (const candidate of candidates) {
        const state = await backend.state({ tenantId: step.tenantId, instanceId: candidate.id }).catch((error) => {
          options.log?.(error, `workflow (temporal): no state for instance ${candidate.id}`);
          return null;
        });
        if (state?.waitingFor?.kind !== "event" || state.waitingFor.event !== event) continue;
        waiting.push({ id: candidate.id, since: state.steps[state.steps.length - 1]?.startedAt ?? "" });
      }
      waiting.sort((a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
      const chosen = waiting.slice(0, limit ?? undefined).map((w) => w.id);
      for (const instanceId of chosen)
        await backend.signal(
          { tenantId: step.tenantId, instanceId },
          {
            name: "event",
            payload: {
              name: event,
              payload: { from: { entity: step.entity, id: step.recordId, instanceId: step.instanceId } },
              // The run drops an id it has seen (a retried step) and an event it does not wait for now.
              id: `${step.key}:${instanceId}`,
              onlyIfWaiting: true,
            },
          },
        );
      if (!(await recordEffect(db, effectOf(step, "signal", { event, signalled: chosen })))) {
        const first = await effectDetail(db, step.tenantId, `${step.key}:signal`);
        return { signalled: (first?.signalled as string[] | undefined) ?? chosen };
      }
      return { signalled: chosen };
    },
  };
}
