/**
 * Kill tests of the workflow runtime, all with real processes: PostgreSQL, workflow workers
 * (runtime/src/workflows/worker-main.ts), email send workers (runtime/src/email/worker-main.ts), a
 * real SMTP server process that counts what it accepts, a real HTTP webhook receiver, and a
 * PRIVATE redis-server. The template and plans are this test's own (a kiln's firing batches):
 *
 * - workflow and email worker processes SIGKILLed while the receiver holds a webhook step
 *   unanswered and the SMTP server holds an email unanswered, then restarted: every run
 *   completes, each record write and effect row happens once, each email arrives once;
 * - the private Redis SIGKILLed and restarted empty mid-run (BullMQ dispatch): the sweepers
 *   recover every lost job, nothing runs twice;
 * - a BullMQ workflow worker SIGKILLed mid-step: its step runs again once BullMQ releases the dead
 *   worker's job (its lock expires), each effect once;
 * - every workflow worker SIGKILLed while the runs' wait timers are pending, the timers falling
 *   due while none runs: a new worker fires them and every run completes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Expr } from "../../engine/src/contract/workflow-expression.ts";
import type { PlanNode, WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { parseExpression } from "../../engine/src/workflows/parse-expression.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { WorkflowExecutor, type PlanLookup } from "../src/workflows/workflow-executor.ts";
import { BullWorkflowQueue, DatabaseWorkflowQueue, type WorkflowQueue } from "../src/workflows/workflow-queue.ts";
import { createTenant, installOwnTemplate, MIGRATIONS, ROOT, type TestTenant } from "./crud-support.ts";
import {
  startPrivateRedis,
  startSmtpSink,
  startWorkerProcess as startEmailWorker,
  type Child,
  type SmtpSink,
} from "./support/email-processes.ts";

const TEMPLATE_ID = "kiln-kill";
const label = (en: string) => ({ en });
const RAW_TEMPLATE = {
  id: TEMPLATE_ID,
  version: "1.0.0",
  title: label("Kiln"),
  locales: ["en"],
  roles: { potter: { label: label("Potter"), tier: "tenant", inherits: ["user"], permissions: ["batches:*"] } },
  entities: {
    Batch: {
      id: "ent_batch",
      label: label("Batch"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_batch_title", type: "string", maxLength: 200 },
          firings: { "x-id": "fld_batch_firings", type: "integer", default: 0 },
          glaze: { "x-id": "fld_batch_glaze", type: "string", maxLength: 200 },
          contact: { "x-id": "fld_batch_contact", type: "string", format: "email" },
        },
      },
    },
  },
  emails: {
    "batch-fired": {
      subject: { en: "Batch {{ title }} fired" },
      mjml: {
        en: "<mjml><mj-body><mj-section><mj-column><mj-text>{{ title }}</mj-text></mj-column></mj-section></mj-body></mjml>",
      },
      variables: ["title"],
    },
  },
};

const expr = (source: string): { source: string; ast: Expr } => ({ source, ast: parseExpression(source) });
const ms = (n: number) => ({ iso: `PT${n / 1000}S`, ms: n });
function plan(name: string, nodes: PlanNode[]): WorkflowPlan {
  return {
    name,
    id: `wf_${name}`,
    version: `v1-${name}`,
    entity: "Batch",
    statusField: null,
    start: nodes[0].id,
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    compensations: {},
  };
}
const start = (next: string): PlanNode => ({
  id: "start",
  kind: "trigger",
  trigger: { on: "manual", parties: [{ kind: "system" }] },
  next,
});
const end: PlanNode = { id: "end", kind: "end", outcome: "fired" };
// `firings + 1`: a write done twice would leave 2.
const fire = (id: string, next: string): PlanNode => ({
  id,
  kind: "update",
  set: { firings: { kind: "expression", expression: expr("record.firings + 1") } },
  next,
});
const wait = (id: string, n: number, next: string): PlanNode => ({
  id,
  kind: "wait",
  until: { kind: "duration", duration: ms(n) },
  skipIfEmpty: false,
  timeout: null,
  next: { done: next },
});

const PLANS: Record<string, WorkflowPlan> = {
  // Every effect kind in a row: a record write, a webhook, an email, a wait, another write.
  firing: plan("firing", [
    start("fire"),
    fire("fire", "notify"),
    { id: "notify", kind: "webhook", event: "batch.fired", method: "POST", next: "mail" },
    {
      id: "mail",
      kind: "email",
      template: "batch-fired",
      to: [{ kind: "email-field", path: [], field: "contact" }],
      locale: null,
      next: "cool",
    },
    wait("cool", 200, "glaze"),
    { id: "glaze", kind: "update", set: { glaze: { kind: "literal", value: "celadon" } }, next: "end" },
    end,
  ]),
  // A wait long enough to outlive the workers, then a write.
  cooling: plan("cooling", [start("cool"), wait("cool", 4_000, "fire"), fire("fire", "end"), end]),
};
const planFor: PlanLookup = (_tenantId, name) => (PLANS[name] ? { templateId: TEMPLATE_ID, plan: PLANS[name] } : null);
const FIRING_NODES = ["start", "fire", "notify", "mail", "cool", "glaze", "end"];

let testDb: TestDatabase;
let db: Database;
let tenant: TestTenant;
let own: TemplateRegistry;
let table = "";
let dir = "";
let registryFile = "";
const processes: Child[] = [];

/** A webhook receiver (a real HTTP server): the `holdAt`-th request is answered after `holdMs`, or never. */
async function startReceiver(holdAt: number, holdMs: number | null = null) {
  const keys: string[] = [];
  const held: ServerResponse[] = [];
  let holding: string | null = null;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"]);
      keys.push(key);
      if (keys.length === holdAt) {
        holding = key;
        held.push(res);
        if (holdMs !== null) setTimeout(() => res.end("{}"), holdMs);
        return;
      }
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    keys,
    holding: () => holding,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Webhooks are at least once: a request in flight when its worker was killed (the held one, and
 * any other step a killed worker's lanes were running) is sent again after the restart, with the
 * same key, once. Nothing else is sent twice: every key arrives, and a key arrives twice only if it
 * had arrived before the kill, at most once per killed lane.
 */
function expectResentOnlyInFlight(
  keys: readonly string[],
  seenAtKill: ReadonlySet<string>,
  held: string,
  n: number,
  lanes: number,
) {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  expect(counts.size).toBe(n);
  expect(counts.get(held)).toBe(2);
  const resent = [...counts].filter(([, c]) => c > 1);
  for (const [key, c] of resent) {
    expect(c, key).toBe(2);
    expect(seenAtKill.has(key), key).toBe(true);
  }
  expect(resent.length).toBeLessThanOrEqual(lanes);
}

/** A workflow worker process (worker-main.ts) on the test's database, template and plans. */
async function startWorkflowWorker(env: Record<string, string> = {}): Promise<Child> {
  const proc: ChildProcess = spawn(process.execPath, ["--import", "tsx", "runtime/src/workflows/worker-main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: testDb.url,
      REDIS_URL: "",
      MONO_WORKFLOW_REGISTRY: registryFile,
      MONO_WORKFLOW_CONCURRENCY: "2",
      MONO_WORKFLOW_POLL_MS: "50",
      MONO_WORKFLOW_TIMER_MS: "50",
      MONO_WORKFLOW_SWEEP_MS: "300",
      MONO_WORKFLOW_BACKOFF_MS: "200",
      MONO_WORKFLOW_LOCK_MS: "2000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const c: Child = {
    process: proc,
    output: () => out,
    async line(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = out.match(pattern);
        if (m) return m;
        if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`no ${pattern} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
  processes.push(c);
  // Generous: on a loaded machine a cold `node --import tsx` start has taken more than 30 s.
  await c.line(/mono workflow worker: started/, 120_000);
  return c;
}

/**
 * SIGKILLs every process at once, then waits for them all: killing one at a time would let a
 * survivor take over the step the first one held and be killed mid-step in turn (a second resend).
 */
async function killAll(children: readonly Child[]) {
  for (const c of children) if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill("SIGKILL");
  await Promise.all(children.map((c) => c.kill("SIGKILL")));
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000, log = () => "") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  const installed = await installOwnTemplate(RAW_TEMPLATE, "kiln-kill.json");
  own = installed.registry;
  table = own.entities.find((e) => e.name === "Batch")!.table;
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 6 });
  await migrateUp(db, MIGRATIONS);
  await installed.apply(testDb.url);
  tenant = await createTenant(db, "kiln-co", [TEMPLATE_ID]);
  dir = await mkdtemp(path.join(tmpdir(), "wf-kill-"));
  registryFile = path.join(dir, "registry.json");
  const plans = Object.fromEntries(Object.keys(PLANS).map((name) => [name, planFor(tenant.id, name)]));
  await writeFile(registryFile, JSON.stringify({ templates: [own], plans }));
}, 180_000);

// A test that failed midway leaves no worker running into the next one.
afterEach(() => killAll(processes));

afterAll(async () => {
  await killAll(processes);
  await db?.close();
  await testDb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** N batches and a run of `workflow` on each, started by this process (which runs no worker). */
async function startRuns(queue: WorkflowQueue, workflow: string, n: number, tag: string) {
  const executor = new WorkflowExecutor({
    db,
    planFor,
    templates: (id) => (id === TEMPLATE_ID ? own : undefined),
    queue,
  });
  const runs: { id: string; recordId: string; contact: string }[] = [];
  for (let i = 0; i < n; i++) {
    const contact = `potter${i}-${tag}@kiln.test`;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO "${table}" ("tenantId", "title", "contact", "createdBy") VALUES ($1, $2, $3, $4) RETURNING "id"`,
      [tenant.id, `${tag} ${i}`, contact, tenant.userId],
    );
    const started = await executor.start({
      tenantId: tenant.id,
      workflow,
      recordId: rows[0].id,
      startKey: `${tag}:${i}`,
    });
    await started.dispatch();
    runs.push({ id: started.id, recordId: rows[0].id, contact });
  }
  return runs;
}

const statuses = async (ids: string[]) =>
  (
    await db.query<{ status: string }>(`SELECT "status" FROM "workflow_instance" WHERE "id" = ANY($1::uuid[])`, [ids])
  ).rows.map((r) => r.status);
const allCompleted = async (ids: string[]) => (await statuses(ids)).every((s) => s === "completed");

/** Each run of the firing workflow did each node once, each effect once, each write once. */
async function expectFiredOnce(runs: { id: string; recordId: string; contact: string }[]) {
  const ids = runs.map((r) => r.id);
  expect(await statuses(ids)).toEqual(ids.map(() => "completed"));
  const { rows: records } = await db.query<{ firings: number; glaze: string | null }>(
    `SELECT "firings", "glaze" FROM "${table}" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`,
    [tenant.id, runs.map((r) => r.recordId)],
  );
  expect(records).toEqual(runs.map(() => ({ firings: 1, glaze: "celadon" })));
  for (const run of runs) {
    const { rows: steps } = await db.query<{ nodeId: string; status: string }>(
      `SELECT "nodeId", "status" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 ORDER BY "seq"`,
      [tenant.id, run.id],
    );
    expect(steps).toEqual(FIRING_NODES.map((nodeId) => ({ nodeId, status: "completed" })));
    const { rows: effects } = await db.query<{ kind: string; n: number }>(
      `SELECT "kind", count(*)::int AS "n" FROM "workflow_effect" WHERE "tenantId" = $1 AND "instanceId" = $2
        GROUP BY "kind" ORDER BY "kind"`,
      [tenant.id, run.id],
    );
    expect(effects).toEqual([
      { kind: "email", n: 1 },
      { kind: "update", n: 2 },
      { kind: "webhook", n: 1 },
    ]);
  }
}

/** Each run's email reached the SMTP server exactly once, and every outbox row says sent. */
async function expectMailedOnce(sink: SmtpSink, runs: { contact: string }[]) {
  const mails = await sink.mails();
  const to = mails.map((m) => (m.to && "text" in m.to ? m.to.text : "")).sort();
  expect(to).toEqual(runs.map((r) => r.contact).sort());
  expect(new Set(mails.map((m) => m.headers.get("x-mono-email-id"))).size).toBe(runs.length);
  const { rows } = await db.query<{ status: string }>(
    `SELECT "status" FROM "email_message" WHERE "tenantId" = $1 AND "recipient" = ANY($2::varchar[])`,
    [tenant.id, runs.map((r) => r.contact)],
  );
  expect(rows.map((r) => r.status)).toEqual(runs.map(() => "sent"));
}

async function subscribe(url: string) {
  await db.query(`UPDATE "tenant" SET "settings" = $2::jsonb WHERE "id" = $1`, [
    tenant.id,
    JSON.stringify({ workflowWebhooks: [{ event: "*", url, secret: "kiln-secret" }] }),
  ]);
}

describe("workflow kill tests (real processes)", () => {
  it("worker processes SIGKILLed mid-step (a webhook and an email held unanswered) and restarted: every run completes, each effect once, each email once", async () => {
    const N = 10;
    // The 3rd webhook and the 3rd email's DATA are never answered: the workers are killed meanwhile.
    const receiver = await startReceiver(3);
    const sink = await startSmtpSink({ holdAt: 3 });
    await subscribe(receiver.url);
    const emailEnv = {
      DATABASE_URL: testDb.url,
      REDIS_URL: "",
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MONO_EMAIL_LOCK_MS: "1500",
      MONO_EMAIL_POLL_MS: "100",
      MONO_EMAIL_CONCURRENCY: "1",
    };
    let workers = [await startWorkflowWorker(), await startWorkflowWorker(), await startEmailWorker(emailEnv)];
    const output = () => workers.map((w) => w.output()).join("\n");
    try {
      const runs = await startRuns(new DatabaseWorkflowQueue(), "firing", N, "kill");
      await until("a held webhook", () => receiver.holding() !== null, 60_000, output);
      await sink.line(/holding 3/, 60_000);
      // Mid-step: the webhook step's transaction is open, so its row is still queued, no effect recorded.
      const held = receiver.holding()!;
      const { rows: before } = await db.query<{ status: string; effects: number }>(
        `SELECT s."status", (SELECT count(*)::int FROM "workflow_effect" e WHERE e."tenantId" = s."tenantId"
            AND e."stepId" = s."id") AS "effects"
           FROM "workflow_step" s WHERE s."tenantId" = $1 AND s."idempotencyKey" = $2`,
        [tenant.id, held],
      );
      expect(before).toEqual([{ status: "queued", effects: 0 }]);
      await killAll(workers);
      const seenAtKill = new Set(receiver.keys);
      expect(sink.count()).toBe(2);
      expect(await allCompleted(runs.map((r) => r.id))).toBe(false);

      workers = [await startWorkflowWorker(), await startWorkflowWorker(), await startEmailWorker(emailEnv)];
      await until("every run completed", () => allCompleted(runs.map((r) => r.id)), 90_000, output);
      await until("every email sent", () => sink.count() >= N, 60_000, output);
      await expectFiredOnce(runs);
      await expectMailedOnce(sink, runs);
      expectResentOnlyInFlight(receiver.keys, seenAtKill, held, N, 2 * 2);
    } finally {
      for (const w of workers) await w.kill("SIGKILL");
      await sink.kill();
      await receiver.close();
    }
  }, 240_000);

  it("a private Redis SIGKILLed and restarted empty mid-run (BullMQ): the sweepers recover every job, nothing runs twice", async () => {
    const N = 12;
    let redis = await startPrivateRedis();
    const prefix = `wf-kill-${Date.now()}`;
    // The 4th webhook is answered only after 1.5 s: Redis restarts (empty) meanwhile.
    const receiver = await startReceiver(4, 1_500);
    const sink = await startSmtpSink();
    await subscribe(receiver.url);
    const producer = new Redis(redis.url, { maxRetriesPerRequest: null });
    producer.on("error", () => {});
    const queue = new BullWorkflowQueue(producer, prefix);
    const redisEnv = { REDIS_URL: redis.url, MONO_WORKFLOW_QUEUE_PREFIX: prefix, MONO_EMAIL_QUEUE_PREFIX: prefix };
    const workers = [
      await startWorkflowWorker(redisEnv),
      await startWorkflowWorker(redisEnv),
      await startEmailWorker({
        ...redisEnv,
        DATABASE_URL: testDb.url,
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        MONO_EMAIL_LOCK_MS: "2000",
        MONO_EMAIL_SWEEP_MS: "300",
        MONO_EMAIL_CONCURRENCY: "2",
      }),
    ];
    const output = () => workers.map((w) => w.output()).join("\n");
    try {
      const runs = await startRuns(queue, "firing", N, "redis");
      await until("a held webhook", () => receiver.holding() !== null, 60_000, output);
      await redis.kill("SIGKILL");
      redis = await startPrivateRedis(redis.port);
      await until("every run completed", () => allCompleted(runs.map((r) => r.id)), 90_000, output);
      await until("every email sent", () => sink.count() >= N, 60_000, output);
      await expectFiredOnce(runs);
      await expectMailedOnce(sink, runs);
      // No worker died: each webhook was sent exactly once.
      expect(receiver.keys.length).toBe(N);
      expect(new Set(receiver.keys).size).toBe(N);
    } finally {
      for (const w of workers) await w.kill("SIGKILL");
      await queue.close().catch(() => {});
      producer.disconnect();
      await redis.kill();
      await sink.kill();
      await receiver.close();
    }
  }, 240_000);

  it("a BullMQ worker process SIGKILLed mid-step and replaced: the run completes once its lock lapses and BullMQ's stall check releases the job, each effect once", async () => {
    const N = 6;
    const redis = await startPrivateRedis();
    const prefix = `wf-kill-worker-${Date.now()}`;
    const receiver = await startReceiver(2);
    const sink = await startSmtpSink();
    await subscribe(receiver.url);
    const producer = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new BullWorkflowQueue(producer, prefix);
    const redisEnv = { REDIS_URL: redis.url, MONO_WORKFLOW_QUEUE_PREFIX: prefix, MONO_EMAIL_QUEUE_PREFIX: prefix };
    const email = await startEmailWorker({
      ...redisEnv,
      DATABASE_URL: testDb.url,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MONO_EMAIL_SWEEP_MS: "300",
    });
    let worker = await startWorkflowWorker(redisEnv);
    const output = () => worker.output();
    try {
      const runs = await startRuns(queue, "firing", N, "bullkill");
      await until("a held webhook", () => receiver.holding() !== null, 60_000, output);
      await worker.kill("SIGKILL");
      const seenAtKill = new Set(receiver.keys);
      worker = await startWorkflowWorker(redisEnv);
      await until("every run completed", () => allCompleted(runs.map((r) => r.id)), 150_000, output);
      await until("every email sent", () => sink.count() >= N, 60_000, output);
      await expectFiredOnce(runs);
      await expectMailedOnce(sink, runs);
      expectResentOnlyInFlight(receiver.keys, seenAtKill, receiver.holding()!, N, 2);
    } finally {
      await worker.kill("SIGKILL");
      await email.kill("SIGKILL");
      await queue.close().catch(() => {});
      producer.disconnect();
      await redis.kill();
      await sink.kill();
      await receiver.close();
    }
  }, 240_000);

  it("every worker SIGKILLed while wait timers are pending: the timers fall due while none runs, fire after a restart, every run completes", async () => {
    const N = 8;
    const first = [await startWorkflowWorker(), await startWorkflowWorker()];
    const output = () => first.map((w) => w.output()).join("\n");
    const runs = await startRuns(new DatabaseWorkflowQueue(), "cooling", N, "timer");
    const ids = runs.map((r) => r.id);
    const timers = async () =>
      (
        await db.query<{ due: boolean; fired: boolean }>(
          `SELECT "fireAt" <= now() AS "due", "firedAt" IS NOT NULL AS "fired" FROM "workflow_timer"
            WHERE "tenantId" = $1 AND "instanceId" = ANY($2::uuid[])`,
          [tenant.id, ids],
        )
      ).rows;
    await until("every run waiting on its timer", async () => (await timers()).length === N, 60_000, output);
    await until("every run waiting", async () => (await statuses(ids)).every((s) => s === "waiting"), 60_000, output);
    await killAll(first);
    // Pending when the workers died, due while none runs: nothing fires them.
    expect((await timers()).some((t) => t.fired)).toBe(false);
    await until("every timer due", async () => (await timers()).every((t) => t.due));
    await new Promise((r) => setTimeout(r, 300));
    expect((await timers()).some((t) => t.fired)).toBe(false);
    expect(await statuses(ids)).toEqual(ids.map(() => "waiting"));

    const second = await startWorkflowWorker();
    try {
      await until(
        "every run completed",
        () => allCompleted(ids),
        60_000,
        () => second.output(),
      );
      expect((await timers()).every((t) => t.fired)).toBe(true);
      const { rows } = await db.query<{ firings: number }>(
        `SELECT "firings" FROM "${table}" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`,
        [tenant.id, runs.map((r) => r.recordId)],
      );
      expect(rows).toEqual(runs.map(() => ({ firings: 1 })));
      const { rows: steps } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS "n" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = ANY($2::uuid[])
            AND "status" = 'completed'`,
        [tenant.id, ids],
      );
      expect(steps[0].n).toBe(N * 4);
    } finally {
      await second.kill("SIGKILL");
    }
  }, 180_000);
});
