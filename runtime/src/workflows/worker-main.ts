/**
 * A workflow worker on its own (`mono worker`, or `node --import tsx runtime/src/workflows/worker-main.ts`):
 * runs the steps and fires the timers servers persisted, from the same database. With REDIS_URL it
 * takes BullMQ jobs (and sweeps queued steps the queue forgot), otherwise it polls the database
 * queue. Emails of email nodes are persisted in the outbox here and sent by the email workers
 * (the server's, or runtime/src/email/worker-main.ts). Several may run at once; SIGTERM stops one
 * after its steps in flight.
 *
 * Environment: DATABASE_URL (required); REDIS_URL, MONO_WORKFLOW_QUEUE_PREFIX (`mono`),
 * MONO_EMAIL_QUEUE_PREFIX (`mono`), MONO_WORKFLOW_CONCURRENCY (4), MONO_WORKFLOW_POLL_MS (1000),
 * MONO_WORKFLOW_TIMER_MS (1000), MONO_WORKFLOW_SWEEP_MS (5000), MONO_WORKFLOW_ATTEMPTS (5),
 * MONO_WORKFLOW_BACKOFF_MS (1000); MONO_WORKFLOW_REGISTRY: a module (or a .json file) whose
 * `templates` (TemplateRegistry[]) and optional `plans` ({ [workflow]: { templateId, plan } })
 * replace the generated registry's (a test's own template, a deployment's own build).
 *
 * With TEMPORAL_ADDRESS (TEMPORAL_NAMESPACE, MONO_TEMPORAL_TASK_QUEUE) it also runs a Temporal
 * worker: the bundled interpreter and the activities over this database and outbox
 * (temporal/postgres-activities.ts); the runs it starts itself (schedules) start in Temporal.
 * The PostgreSQL steps and timers of runs started before keep running here.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { platform, templates as generated } from "../../../generated/registry.ts";
import { createPostgresDatabase } from "../db/database.ts";
import { EmailCatalogue } from "../email/email-catalogue.ts";
import { EmailOutbox } from "../email/email-outbox.ts";
import { BullEmailQueue, DatabaseEmailQueue } from "../email/email-queue.ts";
import { EmailRenderer } from "../email/email-renderer.ts";
import { createRuntimeRegistry } from "../registry/runtime-registry.ts";
import { paymentProviderFromEnv } from "../payments/payments-plugin.ts";
import { PaymentService } from "../payments/payment-service.ts";
import { WorkflowExecutor, type PlanSource } from "./workflow-executor.ts";
import { registryPlans } from "./workflow-plugin.ts";
import { BullWorkflowQueue, DatabaseWorkflowQueue } from "./workflow-queue.ts";
import { WorkflowScheduler } from "./workflow-schedule.ts";
import { WorkflowWorker } from "./workflow-worker.ts";
import { createTemporalBackend, temporalOptionsFromEnv } from "./temporal/backend.ts";
import { postgresActivities } from "./temporal/postgres-activities.ts";
import { TemporalRuns } from "./temporal/temporal-runs.ts";
import { createTemporalWorker } from "./temporal/worker.ts";

const env = process.env;
const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
if (!env.DATABASE_URL) {
  console.error("mono workflow worker: DATABASE_URL is required");
  process.exit(1);
}
type CustomRegistry = { templates: readonly TemplateRegistry[]; plans?: Record<string, PlanSource> };
const customPath = env.MONO_WORKFLOW_REGISTRY;
const custom: CustomRegistry | null = !customPath
  ? null
  : customPath.endsWith(".json")
    ? (JSON.parse(await readFile(customPath, "utf8")) as CustomRegistry)
    : ((await import(pathToFileURL(customPath).href)) as CustomRegistry);
const templates = custom?.templates ?? (generated as unknown as readonly TemplateRegistry[]);
const registry = createRuntimeRegistry(templates, platform);
const db = createPostgresDatabase(env.DATABASE_URL, { max: num("MONO_WORKFLOW_CONCURRENCY", 4) + 2 });
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }) : null;
const queue = redis
  ? new BullWorkflowQueue(redis, env.MONO_WORKFLOW_QUEUE_PREFIX ?? "mono")
  : new DatabaseWorkflowQueue();
const emailQueue = redis ? new BullEmailQueue(redis, env.MONO_EMAIL_QUEUE_PREFIX ?? "mono") : new DatabaseEmailQueue();
const outbox = new EmailOutbox({
  db,
  catalogue: new EmailCatalogue(db, registry),
  renderer: new EmailRenderer(),
  queue: emailQueue,
  from: env.MAIL_FROM ?? "Mono <no-reply@localhost>",
  maxAttempts: num("MONO_EMAIL_ATTEMPTS", 5),
});
const fallback = registryPlans(() => registry.templates);
const temporalOptions = temporalOptionsFromEnv(env);
const temporal = createTemporalBackend(temporalOptions);
const log = (error: unknown, message: string) =>
  console.error(`mono workflow worker: ${message}:`, error instanceof Error ? error.message : error);
const executor = new WorkflowExecutor({
  db,
  planFor: (tenantId, name) => custom?.plans?.[name] ?? fallback(tenantId, name),
  templates: (id) => registry.templates.find((t) => t.id === id),
  queue,
  email: outbox,
  // Payment nodes move the escrow with the provider the server uses (the same environment).
  payments: new PaymentService(db, paymentProviderFromEnv(db, env)),
  retry: { attempts: num("MONO_WORKFLOW_ATTEMPTS", 5), backoffMs: num("MONO_WORKFLOW_BACKOFF_MS", 1_000) },
  log,
  temporal,
});
const temporalWorker = await createTemporalWorker(
  temporalOptions,
  postgresActivities({
    db,
    planFor: executor.options.planFor,
    templates: executor.options.templates,
    email: outbox,
    backend: temporal,
    log,
  }),
).catch((error: unknown) => {
  console.error("mono workflow worker: the Temporal worker did not start:", error);
  process.exit(1);
});
const temporalRun = temporalWorker?.run().catch((error: unknown) => {
  console.error("mono workflow worker: the Temporal worker stopped:", error);
  process.exit(1);
});
const worker = new WorkflowWorker({
  executor,
  redis: redis?.duplicate(),
  concurrency: num("MONO_WORKFLOW_CONCURRENCY", 4),
  pollMs: num("MONO_WORKFLOW_POLL_MS", 1_000),
  timerMs: num("MONO_WORKFLOW_TIMER_MS", 1_000),
  sweepMs: num("MONO_WORKFLOW_SWEEP_MS", 5_000),
  lockMs: num("MONO_WORKFLOW_LOCK_MS", 30_000),
  scheduler: new WorkflowScheduler({
    db,
    executor,
    planFor: executor.options.planFor,
    templates: () => registry.templates,
  }),
  log,
}).start();
// Rows of Temporal runs that ended unread are brought up to date every MONO_TEMPORAL_RECONCILE_MS.
const reconciler = temporal && temporalWorker ? new TemporalRuns(temporal, log) : null;
let reconciling: Promise<unknown> | null = null;
const reconcileTimer = reconciler
  ? setInterval(
      () => {
        reconciling ??= reconciler
          .reconcile(db)
          .catch((error: unknown) => log(error, "reconciling Temporal runs"))
          .finally(() => (reconciling = null));
      },
      num("MONO_TEMPORAL_RECONCILE_MS", 10_000),
    )
  : null;
console.log(
  `mono workflow worker: started${temporalWorker ? ` (Temporal task queue ${temporalOptions!.taskQueue})` : ""}`,
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    if (reconcileTimer) clearInterval(reconcileTimer);
    void (temporalWorker ? temporalWorker.shutdown().then(() => temporalRun) : Promise.resolve())
      .then(() => reconciling)
      .then(() => worker.stop())
      .then(() => queue.close())
      .then(() => emailQueue.close())
      .then(() => redis?.quit())
      .then(() => temporal?.close())
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
