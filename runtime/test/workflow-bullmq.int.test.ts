/**
 * Workflow dispatch through BullMQ (REDIS_URL) on real PostgreSQL and Redis, with a prefix of
 * this test's own: a run's steps travel as jobs (job id = step id), a failed attempt waits out its
 * backoff as a delayed job, and when Redis loses the jobs (the queue obliterated while no worker
 * ran) the sweeper puts the queued steps back.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { BullWorkflowQueue } from "../src/workflows/workflow-queue.ts";
import { allTemplates, createTenant, installOwnTemplate, MIGRATIONS, type TestTenant } from "./crud-support.ts";
import { planLookup, RAW_TEMPLATE, TEMPLATE_ID, until } from "./workflow-support.ts";

let testDb: TestDatabase;
let db: Database;
let app: FastifyInstance;
let redis: Redis;
let tenant: TestTenant;
const prefix = `wf-test-${randomUUID().slice(0, 8)}`;
const faulty = new Set<string>();

beforeAll(async () => {
  const own = await installOwnTemplate(RAW_TEMPLATE, "wf-desk.json");
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 6 });
  await migrateUp(db, MIGRATIONS);
  await own.apply(testDb.url);
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  app = await buildApp({
    db,
    registry: createRuntimeRegistry([...allTemplates, own.registry], platform),
    rateLimit: false,
    email: { transport: { send: async () => {} } },
    workflows: {
      planFor: planLookup,
      redis: { queue: redis, worker: redis.duplicate(), prefix },
      retry: { attempts: 3, backoffMs: 20 },
      worker: { timerMs: 50, sweepMs: 60_000 },
      executor: {
        // One injected failure after the update's effects: the retry waits out its backoff as a delayed job.
        beforeCommit: (step) => {
          if (step.nodeId === "bump" && faulty.delete(step.instanceId)) throw new Error("injected fault");
        },
      },
    },
  });
  await app.ready();
  tenant = await createTenant(db, "bull-desk", [TEMPLATE_ID]);
  await db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'reviewer')`, [
    tenant.id,
    tenant.userId,
  ]);
}, 180_000);
afterAll(async () => {
  await app?.close();
  await (app?.workflows.queue as BullWorkflowQueue | undefined)?.queue.obliterate({ force: true }).catch(() => {});
  redis?.disconnect();
  await db?.close();
  await testDb?.drop();
});

async function ticket(): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "wf_desk_ticket" ("tenantId", "title", "createdBy") VALUES ($1, 'Bull', $2) RETURNING "id"`,
    [tenant.id, tenant.userId],
  );
  return rows[0].id;
}
const status = async (id: string) =>
  (await db.query<{ status: string }>(`SELECT "status" FROM "workflow_instance" WHERE "id" = $1`, [id])).rows[0]
    ?.status;

describe("workflows through BullMQ", () => {
  it("runs a run's steps as BullMQ jobs", async () => {
    expect(app.workflows.queue.kind).toBe("bullmq");
    const id = await ticket();
    const started = await app.workflows.executor.start({
      tenantId: tenant.id,
      workflow: "steps",
      recordId: id,
      startKey: `s:${id}`,
    });
    await started.dispatch();
    await until(async () => (await status(started.id)) === "completed");
    const { rows } = await db.query<{ counter: number }>(`SELECT "counter" FROM "wf_desk_ticket" WHERE "id" = $1`, [
      id,
    ]);
    expect(rows[0].counter).toBe(1);
  });

  it("a failed attempt is retried as a delayed job and its effect happens once", async () => {
    const id = await ticket();
    const started = await db.transaction(async (tx) => {
      const s = await app.workflows.executor.start(
        { tenantId: tenant.id, workflow: "steps", recordId: id, startKey: `f:${id}` },
        tx,
      );
      faulty.add(s.id);
      return s;
    });
    await started.dispatch();
    await until(async () => (await status(started.id)) === "completed");
    const { rows } = await db.query<{ counter: number }>(`SELECT "counter" FROM "wf_desk_ticket" WHERE "id" = $1`, [
      id,
    ]);
    expect(rows[0].counter).toBe(1);
    const { rows: bump } = await db.query<{ attempts: number }>(
      `SELECT "attempts" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "nodeId" = 'bump'`,
      [tenant.id, started.id],
    );
    expect(bump[0].attempts).toBe(2);
  });

  it("the sweeper re-dispatches queued steps whose jobs Redis lost", async () => {
    const worker = app.workflows.worker!;
    await worker.stop();
    const id = await ticket();
    const started = await app.workflows.executor.start({
      tenantId: tenant.id,
      workflow: "steps",
      recordId: id,
      startKey: `lost:${id}`,
    });
    await started.dispatch();
    const queue = (app.workflows.queue as BullWorkflowQueue).queue;
    const { rows } = await db.query<{ id: string }>(
      `SELECT "id" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "status" = 'queued'`,
      [tenant.id, started.id],
    );
    expect(await queue.getJob(rows[0].id)).toBeTruthy();
    // Redis forgets everything (a restart without persistence).
    await queue.obliterate({ force: true });
    expect(await queue.getJob(rows[0].id)).toBeFalsy();
    worker.start();
    await until(async () => (await status(started.id)) === "completed");
  });
});
