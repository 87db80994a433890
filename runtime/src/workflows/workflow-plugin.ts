import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import { Gauge, Histogram } from "prom-client";
import type { TemplateRegistry, WorkflowRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { WorkflowPlan } from "../../../engine/src/contract/workflow-plan.ts";
import type { EntityWriteHooks } from "../crud/index.ts";
import type { SqlSession } from "../db/database.ts";
import type { RetryPolicy } from "../db/database-queue.ts";
import type { TemporalBackend } from "./temporal/backend.ts";
import { WorkflowActions } from "./workflow-actions.ts";
import { WorkflowExecutor, type ExecutorOptions, type PlanLookup } from "./workflow-executor.ts";
import { BullWorkflowQueue, DatabaseWorkflowQueue, type WorkflowQueue } from "./workflow-queue.ts";
import { entityOf, loadRecord, type Actor, type RecordRow } from "./workflow-records.ts";
import { WorkflowScheduler } from "./workflow-schedule.ts";
import { WorkflowWorker, type WorkflowWorkerOptions } from "./workflow-worker.ts";

export interface WorkflowOptions {
  /** The plan of a tenant's workflow; default: `plan` of the generated registry's workflow of that name. */
  planFor?: PlanLookup;
  /** BullMQ on this Redis (server.ts passes it when REDIS_URL is set); without it the database queue. */
  redis?: { queue: Redis; worker: Redis; prefix?: string } | null;
  retry?: RetryPolicy;
  /** Run a worker in this process (default true); false when `mono worker` processes run the steps. */
  worker?: boolean | Omit<WorkflowWorkerOptions, "executor" | "redis" | "scheduler">;
  /** Webhook nodes' HTTP client and fault injection (tests). */
  executor?: Pick<ExecutorOptions, "fetch" | "webhookTimeoutMs" | "beforeCommit">;
  /**
   * The Temporal backend (server.ts: `createTemporalBackend`, non-null with TEMPORAL_ADDRESS): new
   * runs start, are signalled and cancelled through it (temporal/README.md); closed with the app.
   */
  temporal?: TemporalBackend | null;
}

export interface WorkflowServices {
  readonly executor: WorkflowExecutor;
  readonly actions: WorkflowActions;
  readonly queue: WorkflowQueue;
  readonly worker: WorkflowWorker | null;
  /** The caller as transitions and tasks see them. */
  actor(request: FastifyRequest): Promise<Actor>;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The workflow runtime (runtime/src/workflows/README.md). */
    workflows: WorkflowServices;
  }
}

/** The plan the generated registry carries for a workflow (`WorkflowRegistry.plan`, once the engine emits it). */
export function registryPlans(templates: () => readonly TemplateRegistry[]): PlanLookup {
  return (_tenantId, name, templateId) => {
    for (const template of templates()) {
      if (templateId !== undefined && template.id !== templateId) continue;
      const workflow = template.workflows.find((w) => w.name === name) as
        (WorkflowRegistry & { plan?: WorkflowPlan }) | undefined;
      if (workflow?.plan) return { templateId: template.id, plan: workflow.plan };
    }
    return null;
  };
}

/** The workflow runtime as a plugin: queue, executor, actions, entity hooks and (by default) a worker. */
export const workflowPlugin = fp(
  async (app, options: WorkflowOptions) => {
    const queue: WorkflowQueue = options.redis
      ? new BullWorkflowQueue(options.redis.queue, options.redis.prefix ?? "mono")
      : new DatabaseWorkflowQueue();
    const duration = new Histogram({
      name: "mono_workflow_step_duration_seconds",
      help: "Workflow step attempts by node kind and result (ok, error)",
      labelNames: ["kind", "result"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: app.hasDecorator("metrics") ? [app.metrics] : [],
    });
    new Gauge({
      name: "mono_workflow_instances",
      help: "Workflow instances by workflow and status",
      labelNames: ["workflow", "status"],
      registers: app.hasDecorator("metrics") ? [app.metrics] : [],
      async collect() {
        this.reset();
        const { rows } = await app.db.query<{ workflowName: string; status: string; n: number }>(
          `SELECT "workflowName", "status", count(*)::int AS "n" FROM "workflow_instance" GROUP BY 1, 2`,
        );
        for (const r of rows) this.set({ workflow: r.workflowName, status: r.status }, r.n);
      },
    });
    const executor = new WorkflowExecutor({
      ...options.executor,
      db: app.db,
      planFor: options.planFor ?? registryPlans(() => app.registry.templates),
      templates: (id) => app.registry.templates.find((t) => t.id === id),
      queue,
      email: app.hasDecorator("email") ? app.email.outbox : null,
      // Registered after this plugin (with identity): looked up when a payment node runs.
      payments: () => (app.hasDecorator("payments") ? app.payments : null),
      retry: options.retry,
      onStep: (kind, result, seconds) => {
        if (result !== "failed") duration.observe({ kind, result }, seconds);
      },
      log: (err, message) => app.log.warn({ err }, message),
      temporal: options.temporal ?? null,
    });
    const actions = new WorkflowActions(executor);
    const worker =
      options.worker === false
        ? null
        : new WorkflowWorker({
            ...(typeof options.worker === "object" ? options.worker : {}),
            executor,
            redis: options.redis?.worker,
            scheduler: new WorkflowScheduler({
              db: app.db,
              executor,
              planFor: executor.options.planFor,
              templates: () => app.registry.templates,
            }),
            log: (err, message) => app.log.error({ err }, message),
          });
    const actor = async (request: FastifyRequest): Promise<Actor> => {
      if (app.hasDecorator("authz")) {
        const p = await app.authz.principal(request);
        return { userId: p.userId, roles: [...p.roles], accountIds: p.accountIds };
      }
      // Apps without identity (development, tests): the caller is who the headers say.
      const user = request.headers["x-user-id"];
      const account = request.headers["x-account-id"];
      return {
        userId: typeof user === "string" ? user : null,
        roles: [],
        accountIds: typeof account === "string" ? [account] : [],
      };
    };
    app.decorate("workflows", { executor, actions, queue, worker, actor });
    app.addHook("onReady", async () => void worker?.start());
    app.addHook("onClose", async () => {
      await worker?.stop();
      await queue.close();
      await options.temporal?.close();
    });
  },
  { name: "mono-workflows" },
);

/** Workflows of the target's template that run on its entity or own its status. */
function workflowsOn(app: FastifyInstance, templateId: string, entity: string): string[] {
  const template = app.registry.templates.find((t) => t.id === templateId);
  return (template?.workflows ?? []).filter((w) => w.entity === entity).map((w) => w.name);
}

/**
 * The entity routes' write hooks (crud/routes/entity-routes.ts): on entities with workflows, a
 * write runs in a transaction that refuses a write of the workflow-owned status (409 with the
 * caller's transitions) and starts the runs the record's triggers ask for.
 */
export function workflowEntityHooks(app: FastifyInstance): EntityWriteHooks {
  const cache = new Map<string, string[]>();
  const names = (templateId: string, entity: string) => {
    const key = `${templateId}\u0000${entity}\u0000${app.registry.revision}`;
    let list = cache.get(key);
    if (!list) cache.set(key, (list = workflowsOn(app, templateId, entity)));
    return list;
  };
  return {
    // Only where a workflow of the entity can run (has a plan): elsewhere writes stay one statement.
    applies: (t) => {
      // A draft entity's records live in draft_record, not in a table a step could read or write.
      if (t.view.storage.kind === "draft") return false;
      const { planFor } = app.workflows.executor.options;
      const bound = t.view.entity.status?.workflow;
      return (
        (bound !== undefined && planFor(t.tenantId, bound, t.view.template.id) !== null) ||
        names(t.view.template.id, t.view.entity.name).some((n) => planFor(t.tenantId, n, t.view.template.id) !== null)
      );
    },
    async prepare(t) {
      for (const name of names(t.view.template.id, t.view.entity.name)) {
        const source = app.workflows.executor.options.planFor(t.tenantId, name, t.view.template.id);
        if (source) await app.workflows.executor.prepare(source);
      }
    },
    async before(_request, t, op, _body, id, session: SqlSession) {
      // The record as it was (locked until the write commits), for the status check and triggers.
      const entity = entityOf(t.view.template, t.view.entity.name);
      return op === "update" && id ? await loadRecord(session, t.tenantId, entity, id, true) : null;
    },
    async after(request, t, op, row, body, state, session: SqlSession) {
      const entity = entityOf(t.view.template, t.view.entity.name);
      const before = (state as RecordRow | null) ?? null;
      const actor = await app.workflows.actor(request);
      // After the write, so a body that is invalid anyway is a 400 first; a 409 here rolls the write back.
      if (body && typeof body === "object")
        await app.workflows.actions.checkStatusWrite(
          session,
          t.tenantId,
          entity,
          op,
          body as Record<string, unknown>,
          before,
          actor,
          t.view.template.id,
        );
      const stored = await loadRecord(session, t.tenantId, entity, row.id as string);
      if (!stored) return [];
      const changed = body && typeof body === "object" ? Object.keys(body) : [];
      return app.workflows.actions.recordWritten(
        session,
        t.tenantId,
        entity,
        names(t.view.template.id, t.view.entity.name),
        op,
        stored,
        changed,
        before,
        actor.userId,
        t.view.template.id,
      );
    },
  };
}
