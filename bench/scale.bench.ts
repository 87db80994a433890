/**
 * `npm run bench:scale`: does a list get slower as the data it does not touch grows?
 *
 * The measured request is bench:api's list (`filter[source][eq]=event&sort=-createdAt&limit=20`
 * on SalesLead, luxury-club template), served by the same runtime server (bench/api.bench.ts
 * `--serve runtime`: buildApp() as `npm start` builds it, rate limiter and logger off, a pool of
 * 10). Latency is p50 of sequential requests (one keep-alive connection, after 1,000 warm-up requests), so it
 * is the time of one request, not throughput.
 *
 *   data     a fresh PostgreSQL database (dropped at the end), migrated; 100 leads created
 *            through the CRUD store, every other row copied from them by SQL
 *            (INSERT … SELECT over generate_series), never through the API
 *   tenants  1 vs 1,000 tenants sharing the table, 1,000 leads each (the same per-tenant data, so
 *            only the number of tenants and the table's size differ): first tenant A alone, then
 *            999 more tenants; the second measurement goes round all 1,000 tenants (after one
 *            warm-up request to each), so per-tenant caches in the runtime (tenant resolution,
 *            statements) are exercised too
 *   rows     tenant A with 10,000 vs 1,000,000 rows (the table also holds the 999 other
 *            tenants' rows in both): the 990,000 extra rows are A's own, older than every row of
 *            the first page and with the same mix of sources (a tenant's history growing). They
 *            are the same tenant's rows rather than other tenants' because that is the harder
 *            case: the tenant filter cannot skip them; only the ordered index scan
 *            ((tenantId, createdAt), stopping at 20 matches) leaves them untouched
 *   indexes  for the bulk loads the table's secondary indexes are dropped and then rebuilt (the
 *            same definitions, read from pg_indexes); the search (GIN) indexes are rebuilt only
 *            with BENCH_SCALE_GIN=1 (the list statement does not use them, and building them over
 *            2M rows takes minutes on 2 cores); VACUUM ANALYZE after each load
 *
 * The LAST line is for machines: `scale rows_ratio=<x> tenants_ratio=<y>` (p50 with more data ÷
 * p50 with less; goal ≤ 1.5 each). Knob: BENCH_REQUESTS (measured requests per case, default 2000).
 */
import http from "node:http";
import path from "node:path";
import { ENTITY, LIST_PATH, TABLE, TEMPLATE, sampleLead, startServer, stopServer, type Server } from "./api.bench.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const DISTINCT = 100;
const PER_TENANT = 1_000;
const TENANTS = 1_000;
const SMALL = 10_000;
const LARGE = 1_000_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = 1000;

type Db = Awaited<ReturnType<typeof import("../runtime/src/db/database.ts").createPostgresDatabase>>;

/** Copies of tenant `from`'s first DISTINCT rows: `copies` per listed tenant, each older than `before` by `shift` hours + 1…copies hours. */
async function copyRows(db: Db, columns: string, from: string, to: string[], copies: number, olderBy: string) {
  await db.query(
    `INSERT INTO "${TABLE}" ("tenantId", ${columns}, "createdAt", "updatedAt")
     SELECT tt."id", ${columns
       .split(", ")
       .map((c) => `t.${c}`)
       .join(
         ", ",
       )}, t."createdAt" - $4::interval - make_interval(secs => g * 60 + (hashtext(t."id"::text) & 63)), t."updatedAt"
     FROM (SELECT * FROM "${TABLE}" WHERE "tenantId" = $1 ORDER BY "createdAt" DESC LIMIT ${DISTINCT}) AS t
     CROSS JOIN unnest($2::uuid[]) AS tt("id") CROSS JOIN generate_series(1, $3::int) AS g`,
    [from, to, copies, olderBy],
  );
}

/** Drops the table's secondary indexes; the returned function recreates them (GIN only when asked). */
async function withoutIndexes(db: Db): Promise<() => Promise<void>> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT indexname AS "name", indexdef AS "def" FROM pg_indexes WHERE tablename = $1
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)`,
    [TABLE],
  );
  for (const { name } of rows) await db.exec(`DROP INDEX "${name}"`);
  return async () => {
    for (const { def } of rows) if (process.env.BENCH_SCALE_GIN || !/USING gin/i.test(def)) await db.exec(def);
    await db.exec(`VACUUM ANALYZE "${TABLE}"`);
  };
}

/** p50 (ms) of sequential list requests, going round `slugs`. */
async function p50(port: number, slugs: string[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = (slug: string) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = http.get(
        { host: "127.0.0.1", port, path: LIST_PATH, agent, headers: { "x-tenant": slug } },
        (res) => {
          let body = "";
          res.on("data", (chunk: Buffer) => (body += chunk.toString()));
          res.on("end", () => {
            const ms = performance.now() - started;
            const data = res.statusCode === 200 ? (JSON.parse(body) as { data: unknown[] }).data : null;
            if (!data || data.length !== 20) reject(new Error(`${slug}: ${res.statusCode} ${body.slice(0, 200)}`));
            else resolve(ms);
          });
        },
      );
      req.on("error", reject);
    });
  try {
    for (let i = 0; i < Math.max(WARMUP, slugs.length); i++) await once(slugs[i % slugs.length]);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push(await once(slugs[i % slugs.length]));
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    agent.destroy();
  }
}

async function main(): Promise<void> {
  const { createTestDatabase } = await import("../test/support/postgres.ts");
  const { createPostgresDatabase } = await import("../runtime/src/db/database.ts");
  const { migrateUp } = await import("../generators/src/migrations/migration-runner.ts");
  const { createEntityStores } = await import("../runtime/src/crud/index.ts");
  const { templates } = await import("../generated/registry.ts");
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const testDb = await createTestDatabase();
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  let server: Server | undefined;
  try {
    await migrateUp(db, path.join(ROOT, "generated/prisma/migrations"));
    const version = templates.find((t) => t.id === TEMPLATE)!.version;
    const { rows: tenants } = await db.query<{ id: string; slug: string }>(
      `INSERT INTO "tenant" ("slug", "name") SELECT 'scale-' || g, 'Scale ' || g FROM generate_series(1, $1::int) AS g RETURNING "id", "slug"`,
      [TENANTS],
    );
    tenants.sort((a, b) => Number(a.slug.slice(6)) - Number(b.slug.slice(6)));
    await db.query(
      `INSERT INTO "template_install" ("tenantId", "templateId", "version") SELECT "id", $1, $2 FROM "tenant"`,
      [TEMPLATE, version],
    );
    const [a, ...others] = tenants;
    const stores = createEntityStores(db, templates);
    for (let seed = 1; seed <= DISTINCT; seed++) await stores.create(a.id, TEMPLATE, ENTITY, await sampleLead(seed));
    const { rows: cols } = await db.query<{ name: string }>(
      `SELECT column_name AS "name" FROM information_schema.columns WHERE table_name = $1 AND is_generated = 'NEVER'
         AND column_name NOT IN ('id', 'tenantId', 'createdAt', 'updatedAt') ORDER BY ordinal_position`,
      [TABLE],
    );
    const columns = cols.map((c) => `"${c.name}"`).join(", ");
    await copyRows(db, columns, a.id, [a.id], PER_TENANT / DISTINCT - 1, "0 s");
    await db.exec(`VACUUM ANALYZE "${TABLE}"`);
    await db.exec(`ANALYZE "tenant"; ANALYZE "template_install"`);
    console.log(`data: tenant A, ${PER_TENANT} leads (${DISTINCT} through the store), ${elapsed()}`);

    server = await startServer("runtime", testDb.url);
    const count = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "${TABLE}"`)).rows[0].n;
    const report = (label: string, ms: number, rows: number) =>
      console.log(
        `${label.padEnd(40)} p50 ${ms.toFixed(2).padStart(6)} ms   (${rows} rows in the table, ${elapsed()})`,
      );

    const oneTenant = await p50(server.port, [a.slug]);
    report("1 tenant, 1,000 leads", oneTenant, await count());

    let rebuild = await withoutIndexes(db);
    await copyRows(
      db,
      columns,
      a.id,
      others.map((t) => t.id),
      PER_TENANT / DISTINCT,
      "0 s",
    );
    await rebuild();
    const allTenants = await p50(
      server.port,
      tenants.map((t) => t.slug),
    );
    report("1,000 tenants, 1,000 leads each", allTenants, await count());

    // Tenant A grows to 10k (older rows), then to 1M (older still): its first page stays the same.
    await copyRows(db, columns, a.id, [a.id], (SMALL - PER_TENANT) / DISTINCT, "1 year");
    await db.exec(`VACUUM ANALYZE "${TABLE}"`);
    const small = await p50(server.port, [a.slug]);
    report("tenant A, 10,000 leads", small, await count());
    rebuild = await withoutIndexes(db);
    await copyRows(db, columns, a.id, [a.id], (LARGE - SMALL) / DISTINCT, "2 years");
    await rebuild();
    const large = await p50(server.port, [a.slug]);
    report("tenant A, 1,000,000 leads", large, await count());

    console.log(`scale rows_ratio=${(large / small).toFixed(2)} tenants_ratio=${(allTenants / oneTenant).toFixed(2)}`);
  } finally {
    if (server) await stopServer(server);
    await db.close();
    await testDb.drop();
  }
}

main().catch((error) => {
  console.error(`bench:scale: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
