/**
 * Poison steps (runtime/src/workflows/README.md, "Poison steps"): a step whose worker dies on
 * every claim, or whose transaction fails, is failed after its attempts, not retried forever.
 *
 * Real parts: PostgreSQL, `worker-main.ts` worker processes, an HTTP webhook receiver that has
 * this test SIGKILL the worker on every request (the step's webhook never gets an answer). The
 * plans are the test's own, on the tests' own template (workflow-support.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanNode, WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { WorkflowExecutor, type PlanLookup } from "../src/workflows/workflow-executor.ts";
import { DatabaseWorkflowQueue } from "../src/workflows/workflow-queue.ts";
import { createTenant, installOwnTemplate, MIGRATIONS, ROOT, type TestTenant } from "./crud-support.ts";
import { RAW_TEMPLATE, TEMPLATE_ID, until } from "./workflow-support.ts";

const ATTEMPTS = 2;
const note = (id: string, text: string, next = "end"): PlanNode => ({
  id,
  kind: "update",
  set: { note: { kind: "literal", value: text } },
  next,
});
const plan = (name: string, nodes: PlanNode[], compensations: Record<string, string> = {}): WorkflowPlan => ({
  name,
  id: `wf_${name}`,
  version: `v1-${name}`,
  entity: "Ticket",
  statusField: null,
  start: nodes[0].id,
  nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
  compensations,
});
const manual = (next: string): PlanNode => ({
  id: "start",
  kind: "trigger",
  trigger: { on: "manual", parties: [] },
  next,
});
const end: PlanNode = { id: "end", kind: "end", outcome: "done" };
const PLANS: Record<string, WorkflowPlan> = {
  // The webhook's receiver kills the worker: the step never finishes an attempt.
  poisoned: plan(
    "poisoned",
    [
      manual("a1"),
      note("a1", "written", "hook"),
      { id: "hook", kind: "webhook", event: "poison.hit", method: "POST", next: "end" },
      note("undo", "undone"),
      end,
    ],
    { a1: "undo" },
  ),
  healthy: plan("healthy", [manual("a1"), note("a1", "fine"), end]),
};
const planFor: PlanLookup = (_t, name) => (PLANS[name] ? { templateId: TEMPLATE_ID, plan: PLANS[name] } : null);

let testDb: TestDatabase;
let db: Database;
let tenant: TestTenant;
let executor: WorkflowExecutor;
let registry: Awaited<ReturnType<typeof installOwnTemplate>>["registry"];
let dir = "";
let registryFile = "";
let server: Server;
let hookUrl = "";
const hits: string[] = [];
const workers: ChildProcess[] = [];
let current: ChildProcess | null = null;
/** What the worker processes printed (shown when a wait times out). */
let output = "";

function startWorker(): ChildProcess {
  const proc = spawn(process.execPath, ["--import", "tsx", "runtime/src/workflows/worker-main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: testDb.url,
      REDIS_URL: "",
      MONO_WORKFLOW_REGISTRY: registryFile,
      MONO_WORKFLOW_POLL_MS: "50",
      MONO_WORKFLOW_TIMER_MS: "50",
      MONO_WORKFLOW_ATTEMPTS: String(ATTEMPTS),
      // One lane: only the poisoned step is in flight when its worker dies (a step in flight on a
      // killed worker counts a death too, so with several lanes the others' steps could die with it).
      MONO_WORKFLOW_CONCURRENCY: "1",
      MONO_WORKFLOW_BACKOFF_MS: "50",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  workers.push(proc);
  current = proc;
  return proc;
}
const gone = (proc: ChildProcess) => proc.exitCode !== null || proc.signalCode !== null;
const exited = (proc: ChildProcess) =>
  gone(proc) ? Promise.resolve() : new Promise<void>((r) => proc.once("exit", () => r()));

beforeAll(async () => {
  const own = await installOwnTemplate(RAW_TEMPLATE, "wf-poison.json");
  registry = own.registry;
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  await own.apply(testDb.url);
  tenant = await createTenant(db, "poison-desk", [TEMPLATE_ID]);
  // Every request SIGKILLs the worker that sent it, before any answer.
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hits.push(String(req.headers["idempotency-key"]));
      current?.kill("SIGKILL");
      res.on("close", () => {});
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  await db.query(`UPDATE "tenant" SET "settings" = $2::jsonb WHERE "id" = $1`, [
    tenant.id,
    JSON.stringify({ workflowWebhooks: [{ event: "*", url: hookUrl, secret: "poison-secret" }] }),
  ]);
  dir = await mkdtemp(path.join(tmpdir(), "wf-poison-"));
  registryFile = path.join(dir, "registry.json");
  const plans = Object.fromEntries(Object.keys(PLANS).map((name) => [name, planFor(tenant.id, name)]));
  await writeFile(registryFile, JSON.stringify({ templates: [own.registry], plans }));
  executor = new WorkflowExecutor({
    db,
    planFor,
    templates: (id) => (id === TEMPLATE_ID ? own.registry : undefined),
    queue: new DatabaseWorkflowQueue(),
    retry: { attempts: ATTEMPTS, backoffMs: 20 },
  });
}, 180_000);
afterAll(async () => {
  for (const w of workers) if (!gone(w)) w.kill("SIGKILL");
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await db?.close();
  await testDb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ticket(title: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "wf_desk_ticket" ("tenantId", "title", "createdBy") VALUES ($1, $2, $3) RETURNING "id"`,
    [tenant.id, title, tenant.userId],
  );
  return rows[0].id;
}
const instance = async (id: string) =>
  (
    await db.query<{ status: string; error: string | null }>(
      `SELECT "status", "error" FROM "workflow_instance" WHERE "id" = $1`,
      [id],
    )
  ).rows[0];
const stepOf = async (instanceId: string, nodeId: string) =>
  (
    await db.query<{ status: string; attempts: number; claims: number; error: string | null }>(
      `SELECT "status", "attempts", "claims", "error" FROM "workflow_step"
        WHERE "instanceId" = $1 AND "nodeId" = $2 AND NOT "compensation"`,
      [instanceId, nodeId],
    )
  ).rows[0];
const noteOf = async (id: string) =>
  (await db.query<{ note: string | null }>(`SELECT "note" FROM "wf_desk_ticket" WHERE "id" = $1`, [id])).rows[0]?.note;

describe("poison steps", () => {
  it(`a step that SIGKILLs its worker on every claim fails after ${ATTEMPTS} deaths; other runs complete`, async () => {
    const record = await ticket("Poison");
    const run = await executor.start({ tenantId: tenant.id, workflow: "poisoned", recordId: record, startKey: "p1" });
    const others: { run: string; record: string }[] = [];
    // Restart a worker whenever the receiver had the last one killed, until the run has ended.
    let started = 0;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const status = (await instance(run.id)).status;
      if (status === "failed") break;
      if (!current || gone(current)) {
        startWorker();
        started++;
        // Runs started while the poisoned step is around still complete.
        const other = await ticket(`Other ${started}`);
        const o = await executor.start({
          tenantId: tenant.id,
          workflow: "healthy",
          recordId: other,
          startKey: `h${started}`,
        });
        others.push({ run: o.id, record: other });
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    if ((await instance(run.id)).status !== "failed") throw new Error(`the run did not fail:\n${output.slice(-4000)}`);
    const hook = await stepOf(run.id, "hook");
    expect(hook.status).toBe("failed");
    expect(hook.error).toContain(`the step's worker died ${ATTEMPTS} times`);
    // One webhook request per claim that ran it, all with the step's one key.
    expect(hits).toHaveLength(ATTEMPTS);
    expect(new Set(hits).size).toBe(1);
    expect(started).toBe(ATTEMPTS + 1);
    // The run failed as for any failure: its compensation ran, the error names the step.
    const failed = await instance(run.id);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(new RegExp(`^step 3 \\(hook\\) failed: the step's worker died ${ATTEMPTS} times`));
    expect(await noteOf(record)).toBe("undone");
    // The worker that failed it is alive and runs everything else.
    for (const o of others) await until(async () => (await instance(o.run)).status === "completed", 20_000, o.run);
    for (const o of others) expect(await noteOf(o.record)).toBe("fine");
    expect(gone(current!)).toBe(false);
    current!.kill("SIGTERM");
    await exited(current!);
  }, 90_000);

  it("a step whose transaction fails each time (its connection is terminated) is failed, not retried forever", async () => {
    for (const w of workers) if (!gone(w)) w.kill("SIGKILL");
    // In this process: before each commit, another connection terminates the step's backend, so
    // the step's transaction fails (runStep's outer catch) and its attempt is never recorded there.
    let kills = 0;
    const logs: string[] = [];
    const local = new WorkflowExecutor({
      log: (error, message) => logs.push(`${message}: ${(error as Error)?.message ?? error}`),
      db,
      planFor,
      templates: (id) => (id === TEMPLATE_ID ? registry : undefined),
      queue: new DatabaseWorkflowQueue(),
      retry: { attempts: 2, backoffMs: 20 },
      beforeCommit: async (step) => {
        if (step.nodeId !== "a1") return;
        kills++;
        await db.query(
          `SELECT pg_terminate_backend("pid", 5000) FROM pg_stat_activity
            WHERE "datname" = current_database() AND "state" = 'idle in transaction' AND "pid" <> pg_backend_pid()`,
        );
      },
    });
    const record = await ticket("Broken");
    const run = await local.start({ tenantId: tenant.id, workflow: "healthy", recordId: record, startKey: "t1" });
    await until(async () => {
      await local.runStep().catch(() => {});
      return (await instance(run.id)).status === "failed";
    }, 20_000).catch(async (e) => {
      throw new Error(
        `${e}: ${JSON.stringify(await stepOf(run.id, "a1"))} kills=${kills} ${logs.slice(-6).join(" | ")}`,
      );
    });
    const a1 = await stepOf(run.id, "a1");
    expect(a1.status).toBe("failed");
    expect(a1.error).toContain("the step's worker died 2 times");
    expect(kills).toBe(2);
    expect(await noteOf(record)).toBeNull();
    // The operator's retry puts it back with fresh attempts; with the fault gone it completes.
    expect(await local.retryRun(tenant.id, run.id)).toBe("queued");
    await until(async () => {
      await executor.runStep();
      return (await instance(run.id)).status === "completed";
    }, 20_000);
    expect(await noteOf(record)).toBe("fine");
    expect((await stepOf(run.id, "a1")).claims).toBe(0);
  }, 30_000);
});
