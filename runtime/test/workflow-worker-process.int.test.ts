/**
 * `worker-main.ts` as its own process (what `mono worker` runs) on real PostgreSQL with the
 * database queue: runs started by this test process are executed by the worker process, which
 * reads the test's own template and plans from MONO_WORKFLOW_REGISTRY (a JSON file); a timer
 * pending while the worker is down fires after a new worker process starts; SIGTERM stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { WorkflowExecutor } from "../src/workflows/workflow-executor.ts";
import { DatabaseWorkflowQueue } from "../src/workflows/workflow-queue.ts";
import { createTenant, installOwnTemplate, MIGRATIONS, ROOT, type TestTenant } from "./crud-support.ts";
import { planLookup, PLANS, RAW_TEMPLATE, TEMPLATE_ID, until } from "./workflow-support.ts";

let testDb: TestDatabase;
let db: Database;
let tenant: TestTenant;
let executor: WorkflowExecutor;
let dir = "";
let registryFile = "";
const workers: ChildProcess[] = [];

function startWorker(): { proc: ChildProcess; output: () => string } {
  const proc = spawn(process.execPath, ["--import", "tsx", "runtime/src/workflows/worker-main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: testDb.url,
      REDIS_URL: "",
      MONO_WORKFLOW_REGISTRY: registryFile,
      MONO_WORKFLOW_POLL_MS: "50",
      MONO_WORKFLOW_TIMER_MS: "50",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  workers.push(proc);
  return { proc, output: () => out };
}
const exited = (proc: ChildProcess) =>
  proc.exitCode !== null || proc.signalCode !== null
    ? Promise.resolve(proc.exitCode)
    : new Promise<number | null>((r) => proc.once("exit", (code) => r(code)));

beforeAll(async () => {
  const own = await installOwnTemplate(RAW_TEMPLATE, "wf-desk.json");
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  await own.apply(testDb.url);
  tenant = await createTenant(db, "proc-desk", [TEMPLATE_ID]);
  dir = await mkdtemp(path.join(tmpdir(), "wf-worker-"));
  registryFile = path.join(dir, "registry.json");
  const plans = Object.fromEntries(Object.keys(PLANS).map((name) => [name, planLookup(tenant.id, name)]));
  await writeFile(registryFile, JSON.stringify({ templates: [own.registry], plans }));
  // This process only starts runs (no worker here): the worker process executes them.
  executor = new WorkflowExecutor({
    db,
    planFor: planLookup,
    templates: (id) => (id === TEMPLATE_ID ? own.registry : undefined),
    queue: new DatabaseWorkflowQueue(),
  });
}, 180_000);
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  await db?.close();
  await testDb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ticket(): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "wf_desk_ticket" ("tenantId", "title", "createdBy") VALUES ($1, 'Proc', $2) RETURNING "id"`,
    [tenant.id, tenant.userId],
  );
  return rows[0].id;
}
const status = async (id: string) =>
  (await db.query<{ status: string }>(`SELECT "status" FROM "workflow_instance" WHERE "id" = $1`, [id])).rows[0]
    ?.status;
const note = async (id: string) =>
  (await db.query<{ note: string | null }>(`SELECT "note" FROM "wf_desk_ticket" WHERE "id" = $1`, [id])).rows[0]?.note;

describe("the workflow worker process", () => {
  it("runs the steps of runs another process started, then stops on SIGTERM", async () => {
    const worker = startWorker();
    const id = await ticket();
    const run = await executor.start({
      tenantId: tenant.id,
      workflow: "wait-field",
      recordId: id,
      startKey: `p:${id}`,
    });
    await until(async () => (await status(run.id)) === "completed", 30_000, worker.output());
    expect(await note(id)).toBe("reminded");
    worker.proc.kill("SIGTERM");
    expect(await exited(worker.proc)).toBe(0);
  });

  it("a timer pending while no worker runs fires after a new worker process starts", async () => {
    const first = startWorker();
    const id = await ticket();
    const run = await executor.start({
      tenantId: tenant.id,
      workflow: "wait-timer",
      recordId: id,
      startKey: `t:${id}`,
    });
    await until(async () => (await status(run.id)) === "waiting", 30_000, first.output());
    first.proc.kill("SIGKILL");
    await exited(first.proc);
    await until(async () => {
      const { rows } = await db.query<{ due: boolean }>(
        `SELECT "fireAt" <= now() AS "due" FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2`,
        [tenant.id, run.id],
      );
      return rows[0]?.due;
    });
    expect(await status(run.id)).toBe("waiting");
    const second = startWorker();
    await until(async () => (await status(run.id)) === "completed", 30_000, second.output());
    expect(await note(id)).toBe("woke");
    second.proc.kill("SIGTERM");
    await exited(second.proc);
  });
});
