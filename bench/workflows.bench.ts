/**
 * `npm run bench:workflows`: workflow runs per second through the PostgreSQL executor against a
 * minimal `pg` loop issuing the same number of commits per run at the same concurrency, in one run.
 *
 *   data       a fresh PostgreSQL database (dropped at the end), migrated, plus a template of the
 *              bench's own (one entity, one email); one tenant; one record per run
 *   workflow   trigger → condition (`record.counter >= 0`) → update (`counter + 1`) → email (to the
 *              record's address field: persisted in the outbox, rendered; no sender runs, the outbox
 *              is the sink) → wait 0 → end: 1 commit to start the run + 1 per step = 7 commits
 *   workers    2 WorkflowWorker objects in this process on the database queue, CONCURRENCY lanes
 *              each (default 4); the runs are started by as many lanes as the workers have together
 *   bound      the same number of lanes, each doing BENCH_RUNS ÷ lanes "runs" of 7 transactions
 *              (BEGIN; one INSERT or UPDATE of one row; COMMIT) with a plain `pg` pool of the same size
 *   p99        of the steps' durations (claim to commit, as the executor measures them for /metrics)
 *   cpu        a line before the last: CPU ms per run of this process and of the database's
 *              backends (read from /proc when PostgreSQL runs on this machine), each side
 *
 * Knobs: BENCH_RUNS (default 400), BENCH_CONCURRENCY (lanes per worker, default 4), BENCH_PROFILE=1
 * (one lane, a few runs: prints the SQL round trips of each step kind, BEGIN and COMMIT included, and
 * the statements of one step of each kind, instead of measuring).
 * Last line: `workflows per_s=<n> bound_per_s=<n> ratio=<r> p99_step_ms=<n>` (goal: ratio ≥ 0.5).
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import type { Database, SqlSession } from "../engine/src/contract/database-port.ts";
import type { PlanNode, WorkflowPlan } from "../engine/src/contract/workflow-plan.ts";
import { parseExpression } from "../engine/src/workflows/parse-expression.ts";
import { migrateUp } from "../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../runtime/src/db/database.ts";
import { EmailCatalogue } from "../runtime/src/email/email-catalogue.ts";
import { EmailOutbox } from "../runtime/src/email/email-outbox.ts";
import { DatabaseEmailQueue } from "../runtime/src/email/email-queue.ts";
import { EmailRenderer } from "../runtime/src/email/email-renderer.ts";
import { createRuntimeRegistry } from "../runtime/src/registry/runtime-registry.ts";
import { WorkflowExecutor } from "../runtime/src/workflows/workflow-executor.ts";
import { DatabaseWorkflowQueue } from "../runtime/src/workflows/workflow-queue.ts";
import { WorkflowWorker } from "../runtime/src/workflows/workflow-worker.ts";
import { createTenant, installOwnTemplate, MIGRATIONS } from "../runtime/test/crud-support.ts";
import { platform } from "../generated/registry.ts";
import { createTestDatabase } from "../test/support/postgres.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 400);
const PER_WORKER = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PROFILE = process.env.BENCH_PROFILE === "1";
const WORKERS = PROFILE ? 1 : 2;
const LANES = PROFILE ? 1 : WORKERS * PER_WORKER;
const COMMITS = 7;

const label = (en: string) => ({ en });
const RAW = {
  id: "bench-flow",
  version: "1.0.0",
  title: label("Bench flow"),
  locales: ["en"],
  roles: {},
  entities: {
    Parcel: {
      id: "ent_parcel",
      label: label("Parcel"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_parcel_title", type: "string", maxLength: 200 },
          counter: { "x-id": "fld_parcel_counter", type: "integer", default: 0 },
          contact: { "x-id": "fld_parcel_contact", type: "string", format: "email" },
        },
      },
    },
  },
  emails: {
    "parcel-note": {
      subject: { en: "Parcel {{ title }}" },
      mjml: {
        en: "<mjml><mj-body><mj-section><mj-column><mj-text>{{ title }}: {{ counter }}</mj-text></mj-column></mj-section></mj-body></mjml>",
      },
      variables: ["title", "counter"],
    },
  },
};
const nodes: PlanNode[] = [
  { id: "start", kind: "trigger", trigger: { on: "manual", parties: [{ kind: "system" }] }, next: "check" },
  {
    id: "check",
    kind: "condition",
    expression: { source: "record.counter >= 0", ast: parseExpression("record.counter >= 0") },
    next: { true: "bump", false: "end" },
  },
  {
    id: "bump",
    kind: "update",
    set: {
      counter: {
        kind: "expression",
        expression: { source: "record.counter + 1", ast: parseExpression("record.counter + 1") },
      },
    },
    next: "mail",
  },
  {
    id: "mail",
    kind: "email",
    template: "parcel-note",
    to: [{ kind: "email-field", path: [], field: "contact" }],
    locale: null,
    next: "pause",
  },
  {
    id: "pause",
    kind: "wait",
    until: { kind: "duration", duration: { iso: "PT0S", ms: 0 } },
    skipIfEmpty: false,
    timeout: null,
    next: { done: "end" },
  },
  { id: "end", kind: "end", outcome: "done" },
];
const PLAN: WorkflowPlan = {
  name: "parcel-flow",
  id: "wf_parcel_flow",
  version: "bench-1",
  entity: "Parcel",
  statusField: null,
  start: "start",
  nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
  compensations: {},
};

const own = await installOwnTemplate(RAW, "bench-flow.json");
const table = own.registry.entities.find((e) => e.name === "Parcel")!.table;
const testDb = await createTestDatabase();
const pool = createPostgresDatabase(testDb.url, { max: LANES + 4 });
/** Profile mode: the statements of each transaction (the last one ended is the step `onStep` reports). */
let lastTx: string[] = [];
const counting = (s: SqlSession, log: string[]): SqlSession => ({
  query: (sql, params, name, options) => (
    log.push(sql.replace(/\s+/g, " ").slice(0, 110)),
    s.query(sql, params, name, options)
  ),
  exec: (sql) => (log.push(sql.slice(0, 110)), s.exec(sql)),
});
const db: Database = PROFILE
  ? {
      ...pool,
      transaction: (fn, options) => {
        // BEGIN carries the first statement (and its follower) when one is given: one round trip.
        const log = [options?.first ? `BEGIN; ${options.first.sql.replace(/\s+/g, " ").slice(0, 90)}` : "BEGIN"];
        return pool
          .transaction((tx, first) => fn(counting(tx, log), first), options)
          .finally(() => {
            log.push("COMMIT");
            lastTx = log;
          });
      },
    }
  : pool;
const perKind = new Map<string, string[][]>();
const plain = new pg.Pool({ connectionString: testDb.url, max: LANES });
// A client the pool is still closing when the database is dropped must not crash the bench.
plain.on("error", () => {});
try {
  await migrateUp(db, MIGRATIONS);
  await own.apply(testDb.url);
  const tenant = await createTenant(db, "bench-flow", [own.registry.id]);
  const registry = createRuntimeRegistry([own.registry], platform);
  const queue = new DatabaseWorkflowQueue();
  const outbox = new EmailOutbox({
    db,
    catalogue: new EmailCatalogue(db, registry),
    renderer: new EmailRenderer(),
    queue: new DatabaseEmailQueue(),
    from: "Bench <bench@mono.test>",
    maxAttempts: 5,
  });
  const stepMs: number[] = [];
  /** End steps committed in the current round, and the wait for them. */
  const ends = { count: 0, wake: () => {} };
  const executor = new WorkflowExecutor({
    db,
    planFor: () => ({ templateId: own.registry.id, plan: PLAN }),
    templates: (id) => (id === own.registry.id ? own.registry : undefined),
    queue,
    email: outbox,
    log: PROFILE ? (error, message) => console.error(message, error) : undefined,
    onStep: (kind, status, seconds) => {
      if (kind === "end" && status === "ok") {
        ends.count++;
        ends.wake();
      }
      if (PROFILE) perKind.set(kind, [...(perKind.get(kind) ?? []), lastTx]);
      if (status === "ok") stepMs.push(seconds * 1000);
    },
  });
  await executor.prepare({ templateId: own.registry.id, plan: PLAN });

  const records = async (n: number, tag: string) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO "${table}" ("tenantId", "title", "contact", "createdBy")
       SELECT $1, $2 || i, 'p' || i || '-' || $2 || '@sink.test', $3 FROM generate_series(1, $4::int) AS i RETURNING "id"`,
      [tenant.id, tag, tenant.userId, n],
    );
    return rows.map((r) => r.id);
  };
  const lanes = async (n: number, fn: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        while (next < n) await fn(next++);
      }),
    );
  };

  async function workflows(n: number, tag: string): Promise<number> {
    const ids = await records(n, tag);
    const workers = Array.from({ length: WORKERS }, () =>
      new WorkflowWorker({ executor, concurrency: PER_WORKER, pollMs: 200, timerMs: 1_000 }).start(),
    );
    const t0 = performance.now();
    await lanes(n, async (i) => {
      const started = await executor.start({
        tenantId: tenant.id,
        workflow: PLAN.name,
        recordId: ids[i],
        startKey: `${tag}:${i}`,
      });
      await started.dispatch();
    });
    // Done when n end steps have committed (counted by onStep, so the clock runs without a poll
    // of the database beside the workers); the database confirms every run completed.
    while (ends.count < n) await new Promise<void>((resolve) => (ends.wake = resolve));
    const seconds = (performance.now() - t0) / 1000;
    await Promise.all(workers.map((w) => w.stop()));
    ends.count = 0;
    const { rows: open } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "workflow_instance" WHERE "tenantId" = $1 AND "startKey" LIKE $2 AND "status" <> 'completed'`,
      [tenant.id, `${tag}:%`],
    );
    if (open[0].n !== 0) throw new Error(`${open[0].n} runs of ${tag} did not complete`);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "email_message" WHERE "tenantId" = $1 AND "recipient" LIKE $2`,
      [tenant.id, `%-${tag}@sink.test`],
    );
    if (rows[0].n !== n) throw new Error(`expected ${n} emails in the outbox, found ${rows[0].n}`);
    return n / seconds;
  }

  await plain.query(
    `CREATE TABLE "bench_bound" ("id" bigserial PRIMARY KEY, "run" int NOT NULL, "n" int NOT NULL DEFAULT 0)`,
  );
  async function bound(n: number): Promise<number> {
    const t0 = performance.now();
    await lanes(n, async (i) => {
      const client = await plain.connect();
      try {
        let id = "";
        for (let c = 0; c < COMMITS; c++) {
          await client.query("BEGIN");
          if (c === 0)
            id = (await client.query(`INSERT INTO "bench_bound" ("run") VALUES ($1) RETURNING "id"`, [i])).rows[0].id;
          else await client.query(`UPDATE "bench_bound" SET "n" = "n" + 1 WHERE "id" = $1`, [id]);
          await client.query("COMMIT");
        }
      } finally {
        client.release();
      }
    });
    return n / ((performance.now() - t0) / 1000);
  }

  /**
   * CPU milliseconds of this process and of the database's backends (from /proc: PostgreSQL on
   * this machine; else 0) spent in `fn`, added to `into`.
   */
  const backendsMs = async () => {
    const { rows } = await plain.query<{ pid: number }>(
      `SELECT "pid" FROM pg_stat_activity WHERE "datname" = current_database()`,
    );
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // Not on this machine, or gone.
      }
    }
    return ticks * 10;
  };
  const wfCpu = { node: 0, pg: 0 };
  const boundCpu = { node: 0, pg: 0 };
  async function cpu<T>(into: { node: number; pg: number }, fn: () => Promise<T>): Promise<T> {
    const node = process.cpuUsage();
    const pg0 = await backendsMs();
    const out = await fn();
    const used = process.cpuUsage(node);
    into.node += (used.user + used.system) / 1000;
    into.pg += (await backendsMs()) - pg0;
    return out;
  }

  if (PROFILE) {
    await workflows(Math.min(10, RUNS), "profile");
    let total = 0;
    for (const [kind, txs] of perKind) {
      const avg = txs.reduce((a, t) => a + t.length, 0) / txs.length;
      total += avg;
      console.log(
        `${kind}: ${avg.toFixed(1)} round trips (${txs.length} steps)\n  ${txs[txs.length - 1].join("\n  ")}`,
      );
    }
    console.log(`profile round_trips_per_run=${total.toFixed(1)} per_step=${(total / perKind.size).toFixed(1)}`);
  } else await measure();

  async function measure() {
    // Warm-up of both, then measured alternately.
    await workflows(Math.min(40, RUNS), "warm");
    await bound(Math.min(40, RUNS));
    stepMs.length = 0;
    const wf: number[] = [];
    const pgRates: number[] = [];
    for (let round = 0; round < 2; round++) {
      wf.push(await cpu(wfCpu, () => workflows(RUNS / 2, `r${round}`)));
      pgRates.push(await cpu(boundCpu, () => bound(RUNS / 2)));
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const perS = avg(wf);
    const boundPerS = avg(pgRates);
    stepMs.sort((a, b) => a - b);
    const p99 = stepMs[Math.min(stepMs.length - 1, Math.floor(stepMs.length * 0.99))] ?? 0;
    const perRun = (c: { node: number; pg: number }) => `${(c.node / RUNS).toFixed(1)}+${(c.pg / RUNS).toFixed(1)}`;
    console.log(`cpu_ms_per_run (node+postgres backends): workflows=${perRun(wfCpu)} bound=${perRun(boundCpu)}`);
    console.log(
      `runs=${RUNS} steps=${stepMs.length} lanes=${LANES} commits_per_run=${COMMITS} rounds: workflows=${wf.map((r) => r.toFixed(1)).join(",")} bound=${pgRates.map((r) => r.toFixed(1)).join(",")}`,
    );
    console.log(
      `workflows per_s=${perS.toFixed(1)} bound_per_s=${boundPerS.toFixed(1)} ratio=${(perS / boundPerS).toFixed(2)} p99_step_ms=${p99.toFixed(1)}`,
    );
  }
} finally {
  await plain.end();
  await db.close();
  await testDb.drop();
}
