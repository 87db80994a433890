/**
 * `npm run bench:api`: the generated API against a hand-written Fastify 5 + `pg` server over the
 * same table and data (DESIGN.md: "generated-API throughput ≥ 0.9× a hand-written route").
 *
 *   data       a fresh PostgreSQL database (dropped at the end), migrated; one tenant with the
 *              luxury-club template; 200 SalesLead records created through the CRUD store
 *              (validated), replicated by SQL to 20,000 rows; ANALYZE
 *   servers    one child process each, both on 127.0.0.1, pools of 10 connections:
 *              runtime   buildApp() as `npm start` builds it (security headers, metrics, tenancy…), rate
 *                        limiter off, logger off
 *              baseline  Fastify + pg written by hand: the same routes, the same response shape
 *                        (response schemas → fast-json-stringify), a JSON-schema-validated body,
 *                        named (prepared) statements, a tenant-slug cache
 *   load       autocannon from this process, 10 connections, 5 s per run; for each of list
 *              (filter + sort, 20 rows), get-by-id and create: runtime and baseline alternately,
 *              5 rounds (who goes first alternates too), after a 4 s warm-up of each (steady
 *              state: the runtime has more code for the JIT to settle); each run
 *              also prints CPU time per request of the server process and of the PostgreSQL
 *              backends serving the bench database (from /proc: steadier than req/s when the
 *              machine is busy, and it shows which side a gap is on)
 *
 * Knobs: BENCH_DURATION (s per run), BENCH_ONLY=list,get (some operations), and
 * BENCH_NODE_ARGS for both servers (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them).
 *
 * The LAST line is for machines: `ratio list=<x> get=<y> create=<z>` (runtime ÷ baseline, medians
 * of req/s). Before measuring, the two servers' answers are compared field by field.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv } from "ajv";
import autocannon, { type Result } from "autocannon";

const ROOT = path.resolve(import.meta.dirname, "..");
const SELF = fileURLToPath(import.meta.url);
const TENANT = "bench-club";
const TEMPLATE = "luxury-club";
const ENTITY = "SalesLead";
const API_NAME = "sales-leads";
const TABLE = "luxury_club_sales_lead";
const ROWS = 20_000;
const DISTINCT = 200;
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = 4;
const ROUNDS = 5;
const CONNECTIONS = 10;

const LIST_PATH = `/api/v1/tenant/entities/${API_NAME}?filter[source][eq]=event&sort=-createdAt&limit=20`;
const ENTITY_PATH = `/api/v1/tenant/entities/${API_NAME}`;

// ---------------------------------------------------------------- child: the generated runtime

async function serveRuntime(url: string): Promise<void> {
  const { platform, templates } = await import("../generated/registry.ts");
  const { buildApp } = await import("../runtime/src/app.ts");
  const { createPostgresDatabase } = await import("../runtime/src/db/database.ts");
  const { createRuntimeRegistry } = await import("../runtime/src/registry/runtime-registry.ts");
  const db = createPostgresDatabase(url, { max: 10 });
  const app = await buildApp({
    db,
    registry: createRuntimeRegistry(templates, platform),
    rateLimit: false,
    logger: false,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  announce(app.server.address(), async () => {
    await app.close();
    await db.close();
  });
}

// ---------------------------------------------------------------- child: the hand-written baseline

async function serveBaseline(url: string): Promise<void> {
  const { default: Fastify } = await import("fastify");
  const { default: pg } = await import("pg");
  const { templates } = await import("../generated/registry.ts");
  const { PHONE_PATTERN } = await import("../engine/src/contract/patterns.ts");
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // The create body is validated against the very JSON Schema the runtime publishes for SalesLead.
  const createSchema = templates.find((t) => t.id === TEMPLATE)!.entities.find((e) => e.name === ENTITY)!.schemas
    .create;
  const app = Fastify({
    logger: false,
    ajv: {
      customOptions: { removeAdditional: false, allErrors: true },
      plugins: [(ajv: Ajv) => ajv.addFormat("phone", PHONE_PATTERN)],
    },
  });

  const COLUMNS = `"id", "firstName", "lastName", "fullName", "email", "phone", "company", "jobTitle", "city", "preferredLanguage", "source",
    "sourceDetail", "interestedTier", "score", "scoreFactors", "estimatedValueAmount", "estimatedValueCurrency", "interests", "consentMarketing",
    "status", "assignedAt", "lastContactedAt", "nextFollowUpAt", "lostReason", "notes", "convertedAt", "assignedToId", "referredById",
    "sourceEventId", "convertedMemberId", "createdAt", "updatedAt", "deletedAt"`;
  const LIST_SQL = `SELECT ${COLUMNS} FROM "${TABLE}" WHERE "tenantId" = $1 AND "deletedAt" IS NULL AND "source" = $2 ORDER BY "createdAt" DESC, "id" DESC LIMIT $3`;
  const GET_SQL = `SELECT ${COLUMNS} FROM "${TABLE}" WHERE "tenantId" = $1 AND "deletedAt" IS NULL AND "id" = $2`;
  const INSERT_SQL = `INSERT INTO "${TABLE}" ("tenantId", "firstName", "lastName", "email", "phone", "company", "jobTitle", "city", "preferredLanguage",
    "source", "sourceDetail", "interestedTier", "score", "estimatedValueAmount", "estimatedValueCurrency", "interests", "consentMarketing", "status",
    "lastContactedAt", "nextFollowUpAt", "lostReason", "notes", "assignedToId", "referredById", "sourceEventId", "convertedMemberId")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26) RETURNING ${COLUMNS}`;

  type LeadRow = Record<string, any>;
  const iso = (value: Date | null) => (value === null ? null : value.toISOString());
  const toApi = (r: LeadRow) => ({
    id: r.id,
    firstName: r.firstName,
    lastName: r.lastName,
    fullName: r.fullName,
    email: r.email,
    phone: r.phone,
    company: r.company,
    jobTitle: r.jobTitle,
    city: r.city,
    preferredLanguage: r.preferredLanguage,
    source: r.source,
    sourceDetail: r.sourceDetail,
    interestedTier: r.interestedTier,
    score: r.score,
    scoreFactors: r.scoreFactors,
    estimatedValue:
      r.estimatedValueAmount === null && r.estimatedValueCurrency === null
        ? null
        : { amount: Number(r.estimatedValueAmount), currency: r.estimatedValueCurrency },
    interests: r.interests,
    consentMarketing: r.consentMarketing,
    status: r.status,
    assignedAt: iso(r.assignedAt),
    lastContactedAt: iso(r.lastContactedAt),
    nextFollowUpAt: iso(r.nextFollowUpAt),
    lostReason: r.lostReason,
    notes: r.notes,
    convertedAt: iso(r.convertedAt),
    assignedToId: r.assignedToId,
    referredById: r.referredById,
    sourceEventId: r.sourceEventId,
    convertedMemberId: r.convertedMemberId,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    deletedAt: iso(r.deletedAt),
  });

  const text = { type: ["string", "null"] };
  const LEAD = {
    type: "object",
    properties: {
      id: { type: "string" },
      firstName: text,
      lastName: text,
      fullName: text,
      email: text,
      phone: text,
      company: text,
      jobTitle: text,
      city: text,
      preferredLanguage: text,
      source: text,
      sourceDetail: text,
      interestedTier: text,
      score: { type: ["number", "null"] },
      scoreFactors: {},
      estimatedValue: {
        type: ["object", "null"],
        properties: { amount: { type: "number" }, currency: { type: "string" } },
      },
      interests: { type: "array", items: { type: "string" } },
      consentMarketing: { type: ["boolean", "null"] },
      status: text,
      assignedAt: text,
      lastContactedAt: text,
      nextFollowUpAt: text,
      lostReason: text,
      notes: text,
      convertedAt: text,
      assignedToId: text,
      referredById: text,
      sourceEventId: text,
      convertedMemberId: text,
      createdAt: text,
      updatedAt: text,
      deletedAt: text,
    },
  };
  const PROBLEM = { type: "object", properties: { status: { type: "integer" }, title: { type: "string" } } };

  // Tenants by slug, cached: a hand-written app would not query for it on every request either.
  const tenants = new Map<string, string | null>();
  async function tenantOf(slug: unknown): Promise<string | null> {
    if (typeof slug !== "string") return null;
    let id = tenants.get(slug);
    if (id === undefined) {
      const { rows } = await pool.query(`SELECT "id" FROM "tenant" WHERE "slug" = $1 AND "status" = 'active'`, [slug]);
      tenants.set(slug, (id = rows[0]?.id ?? null));
    }
    return id as string | null;
  }

  app.get(
    `${ENTITY_PATH}`,
    {
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            "filter[source][eq]": { enum: (createSchema.properties as any).source.enum },
            sort: { enum: ["-createdAt"] },
            limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              data: { type: "array", items: LEAD },
              page: {
                type: "object",
                properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
              },
            },
          },
          404: PROBLEM,
        },
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(request.headers["x-tenant"]);
      if (!tenantId) return reply.code(404).send({ status: 404, title: "Unknown tenant" });
      const query = request.query as { "filter[source][eq]": string; limit: number };
      const { rows } = await pool.query({
        name: "bench_list",
        text: LIST_SQL,
        values: [tenantId, query["filter[source][eq]"], query.limit + 1],
      });
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      const last = page[page.length - 1];
      const nextCursor = more
        ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString("base64url")
        : null;
      return { data: page.map(toApi), page: { limit: query.limit, nextCursor } };
    },
  );

  app.get(
    `${ENTITY_PATH}/:id`,
    {
      schema: {
        params: { type: "object", properties: { id: { type: "string", format: "uuid" } } },
        response: { 200: LEAD, 404: PROBLEM },
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(request.headers["x-tenant"]);
      if (!tenantId) return reply.code(404).send({ status: 404, title: "Unknown tenant" });
      const { rows } = await pool.query({
        name: "bench_get",
        text: GET_SQL,
        values: [tenantId, (request.params as { id: string }).id],
      });
      if (!rows[0]) return reply.code(404).send({ status: 404, title: "Not found" });
      return toApi(rows[0]);
    },
  );

  app.post(
    `${ENTITY_PATH}`,
    { schema: { body: createSchema, response: { 201: LEAD, 404: PROBLEM } } },
    async (request, reply) => {
      const tenantId = await tenantOf(request.headers["x-tenant"]);
      if (!tenantId) return reply.code(404).send({ status: 404, title: "Unknown tenant" });
      const b = request.body as Record<string, any>;
      const values = [
        tenantId,
        b.firstName,
        b.lastName,
        b.email ?? null,
        b.phone ?? null,
        b.company ?? null,
        b.jobTitle ?? null,
        b.city ?? null,
        b.preferredLanguage ?? null,
        b.source,
        b.sourceDetail ?? null,
        b.interestedTier ?? null,
        b.score ?? null,
        b.estimatedValue?.amount ?? null,
        b.estimatedValue?.currency ?? null,
        b.interests ?? [],
        b.consentMarketing ?? null,
        b.status ?? null,
        b.lastContactedAt ?? null,
        b.nextFollowUpAt ?? null,
        b.lostReason ?? null,
        b.notes ?? null,
        b.assignedToId ?? null,
        b.referredById ?? null,
        b.sourceEventId ?? null,
        b.convertedMemberId ?? null,
      ];
      const { rows } = await pool.query({ name: "bench_insert", text: INSERT_SQL, values });
      return reply.code(201).send(toApi(rows[0]));
    },
  );

  await app.listen({ port: 0, host: "127.0.0.1" });
  announce(app.server.address(), async () => {
    await app.close();
    await pool.end();
  });
}

function announce(address: unknown, close: () => Promise<void>): void {
  const port = (address as { port: number }).port;
  process.on("SIGTERM", () => void close().then(() => process.exit(0)));
  process.stdout.write(`LISTENING ${port}\n`);
}

// ---------------------------------------------------------------- parent: data, servers, load

interface Server {
  name: "runtime" | "baseline";
  port: number;
  child: ChildProcess;
}

function startServer(name: Server["name"], url: string): Promise<Server> {
  const extra = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
  const child = spawn(process.execPath, [...extra, "--import", "tsx", SELF, "--serve", name], {
    cwd: ROOT,
    env: { ...process.env, BENCH_DATABASE_URL: url, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ name, port: Number(match[1]), child });
      }
    });
    child.on("exit", (code) => reject(new Error(`${name} exited with ${code} before listening`)));
  });
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.kill("SIGTERM");
  const timeout = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timeout);
}

/** A valid SalesLead create body from its own schema (the demo seed's recipe). */
async function sampleLead(seed: number): Promise<Record<string, unknown>> {
  const { prng, sampleSchema } = await import("../engine/src/index.ts");
  const { templates } = await import("../generated/registry.ts");
  const entity = templates.find((t) => t.id === TEMPLATE)!.entities.find((e) => e.name === ENTITY)!;
  const schema = entity.schemas.create as { properties: Record<string, unknown>; required: readonly string[] };
  const random = prng(seed);
  const body: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(schema.properties)) {
    if (entity.relations.some((r) => r.foreignKey === name)) continue;
    if (!schema.required.includes(name) && random() < 0.2) continue;
    body[name] = sampleSchema(sub as never, random, seed, name);
  }
  return body;
}

async function prepareData(): Promise<{ url: string; drop: () => Promise<void>; ids: string[] }> {
  const { createTestDatabase } = await import("../test/support/postgres.ts");
  const { createPostgresDatabase } = await import("../runtime/src/db/database.ts");
  const { migrateUp } = await import("../generators/src/migrations/migration-runner.ts");
  const { createEntityStores } = await import("../runtime/src/crud/index.ts");
  const { templates } = await import("../generated/registry.ts");
  const testDb = await createTestDatabase();
  const db = createPostgresDatabase(testDb.url, { max: 8 });
  try {
    const started = performance.now();
    await migrateUp(db, path.join(ROOT, "generated/prisma/migrations"));
    const template = templates.find((t) => t.id === TEMPLATE)!;
    const tenant = (
      await db.query<{ id: string }>(`INSERT INTO "tenant" ("slug", "name") VALUES ($1, 'Bench club') RETURNING "id"`, [
        TENANT,
      ])
    ).rows[0].id;
    await db.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, $3)`, [
      tenant,
      TEMPLATE,
      template.version,
    ]);
    // Distinct records through the store (validated, defaults filled), then replicated by SQL.
    const stores = createEntityStores(db, templates);
    for (let seed = 1; seed <= DISTINCT; seed++) await stores.create(tenant, TEMPLATE, ENTITY, await sampleLead(seed));
    const { rows: columns } = await db.query<{ name: string }>(
      `SELECT column_name AS "name" FROM information_schema.columns WHERE table_name = $1 AND is_generated = 'NEVER' AND column_name NOT IN ('id', 'createdAt', 'updatedAt') ORDER BY ordinal_position`,
      [TABLE],
    );
    const list = columns.map((c) => `"${c.name}"`).join(", ");
    await db.query(
      `INSERT INTO "${TABLE}" (${list}, "createdAt", "updatedAt")
       SELECT ${list}, t."createdAt" - make_interval(secs => g * 3600 + (hashtext(t."id"::text) & 1023)), t."updatedAt" FROM "${TABLE}" AS t CROSS JOIN generate_series(1, $1::int) AS g`,
      [ROWS / DISTINCT - 1],
    );
    await db.exec(`ANALYZE "${TABLE}"; ANALYZE "tenant";`);
    const count = (await db.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "${TABLE}"`)).rows[0].n;
    const ids = (
      await db.query<{ id: string }>(`SELECT "id" FROM "${TABLE}" ORDER BY md5("id"::text) LIMIT 500`)
    ).rows.map((r) => r.id);
    console.log(
      `data: ${count} ${ENTITY} rows (${DISTINCT} through the store) in ${testDb.name}, ${Math.round(performance.now() - started)} ms`,
    );
    return { url: testDb.url, drop: () => testDb.drop(), ids };
  } finally {
    await db.close();
  }
}

interface Op {
  name: "list" | "get" | "create";
  requests(ids: string[], body: string): Parameters<typeof autocannon>[0]["requests"];
}

const HEADERS = { "x-tenant": TENANT };

const OPS: Op[] = [
  { name: "list", requests: () => [{ method: "GET", path: LIST_PATH, headers: HEADERS }] },
  {
    name: "get",
    requests: (ids) => {
      let i = 0;
      return [
        {
          method: "GET",
          headers: HEADERS,
          setupRequest: (request) => ({ ...request, path: `${ENTITY_PATH}/${ids[i++ % ids.length]}` }),
        },
      ];
    },
  },
  {
    name: "create",
    requests: (_ids, body) => [
      { method: "POST", path: ENTITY_PATH, headers: { ...HEADERS, "content-type": "application/json" }, body },
    ],
  },
];

/** CPU seconds (user + system) a child has used so far, from /proc (null elsewhere than Linux). */
function cpuSeconds(child: ChildProcess): number | null {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU seconds used so far by each PostgreSQL backend serving the bench database (null when unknown). */
async function databaseCpuSeconds(url: string): Promise<Map<number, number> | null> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const byPid = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
        byPid.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        // the backend ended meanwhile
      }
    }
    return byPid;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/** CPU used between two samples; backends that appeared meanwhile count from zero. */
function databaseCpuDelta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/**
 * One autocannon run, plus CPU time per request of the server process and of the database
 * backends serving it (steadier than req/s on a busy machine, and they show where time goes).
 */
async function load(
  server: Server,
  op: Op,
  ids: string[],
  body: string,
  duration: number,
  url: string,
): Promise<Result & { cpuMicros: number | null; dbMicros: number | null }> {
  const [cpuBefore, dbBefore] = [cpuSeconds(server.child), await databaseCpuSeconds(url)];
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration,
    requests: op.requests(ids, body),
    timeout: 10,
  });
  const [cpuAfter, dbAfter] = [cpuSeconds(server.child), await databaseCpuSeconds(url)];
  const per = (seconds: number | null) =>
    seconds === null || !result.requests.total ? null : (seconds * 1e6) / result.requests.total;
  return {
    ...result,
    cpuMicros: per(cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore),
    dbMicros: per(databaseCpuDelta(dbBefore, dbAfter)),
  };
}

/** Both servers must answer the same JSON (the cursor's encoding aside) before their speed is compared. */
async function compareAnswers(servers: Server[], ids: string[], body: string): Promise<void> {
  const fetchJson = async (server: Server, pathname: string, init?: RequestInit) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${pathname}`, {
      ...init,
      headers: { ...HEADERS, ...(init?.headers ?? {}) },
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  const [runtimeList, baselineList] = await Promise.all(servers.map((s) => fetchJson(s, LIST_PATH)));
  const [runtimeGet, baselineGet] = await Promise.all(servers.map((s) => fetchJson(s, `${ENTITY_PATH}/${ids[0]}`)));
  const created = await Promise.all(
    servers.map((s) =>
      fetchJson(s, ENTITY_PATH, { method: "POST", body, headers: { "content-type": "application/json" } }),
    ),
  );
  const problems: string[] = [];
  if (runtimeList.status !== 200 || baselineList.status !== 200)
    problems.push(`list: ${runtimeList.status} / ${baselineList.status}`);
  if (runtimeList.json.data?.length !== 20) problems.push(`list: ${runtimeList.json.data?.length} rows`);
  if (!isDeepStrictEqual(runtimeList.json.data, baselineList.json.data)) problems.push("list: different records");
  if (!runtimeList.json.page?.nextCursor || !baselineList.json.page?.nextCursor) problems.push("list: no next cursor");
  if (!isDeepStrictEqual(runtimeGet.json, baselineGet.json)) problems.push("get: different records");
  const strip = (r: Record<string, unknown>) => ({ ...r, id: undefined, createdAt: undefined, updatedAt: undefined });
  if (created.some((c) => c.status !== 201)) problems.push(`create: ${created.map((c) => c.status).join(" / ")}`);
  if (!isDeepStrictEqual(strip(created[0].json), strip(created[1].json))) problems.push("create: different records");
  if (problems.length) throw new Error(`the servers do not answer alike: ${problems.join("; ")}`);
  console.log("answers: identical (list of 20 with filter + sort, get by id, create)");
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pad = (text: string | number, width: number) => String(text).padStart(width);

async function main(): Promise<void> {
  const data = await prepareData();
  const servers: Server[] = [];
  try {
    servers.push(await startServer("runtime", data.url), await startServer("baseline", data.url));
    const body = JSON.stringify(await sampleLead(424242));
    await compareAnswers(servers, data.ids, body);
    console.log(
      `load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds, 127.0.0.1, Node ${process.version}`,
    );
    const medians: Record<string, number> = {};
    for (const op of OPS.filter((o) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(",").includes(o.name))) {
      for (const server of servers) await load(server, op, data.ids, body, WARMUP, data.url);
      const rates: Record<string, number[]> = { runtime: [], baseline: [] };
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 ? servers : [...servers].reverse();
        for (const server of order) {
          const result = await load(server, op, data.ids, body, DURATION, data.url);
          const broken = result.errors + result.timeouts + result.non2xx;
          rates[server.name].push(result.requests.average);
          const cpu =
            result.cpuMicros === null
              ? ""
              : `   cpu ${pad(Math.round(result.cpuMicros), 4)} µs/req${result.dbMicros === null ? "" : `, db ${pad(Math.round(result.dbMicros), 4)} µs/req`}`;
          console.log(
            `${op.name.padEnd(6)} round ${round}  ${server.name.padEnd(8)} ${pad(Math.round(result.requests.average), 7)} req/s   p99 ${pad(result.latency.p99, 4)} ms${cpu}${broken ? `   (${broken} errors/non-2xx!)` : ""}`,
          );
        }
      }
      const runtime = median(rates.runtime);
      const baseline = median(rates.baseline);
      medians[op.name] = runtime / baseline;
      console.log(
        `${op.name.padEnd(6)} median    runtime ${Math.round(runtime)} req/s, baseline ${Math.round(baseline)} req/s, ratio ${(runtime / baseline).toFixed(2)}`,
      );
    }
    console.log(
      `ratio list=${medians.list?.toFixed(2)} get=${medians.get?.toFixed(2)} create=${medians.create?.toFixed(2)}`,
    );
  } finally {
    for (const server of servers) await stopServer(server);
    await data.drop();
  }
}

if (process.argv[2] === "--serve") {
  const url = process.env.BENCH_DATABASE_URL!;
  (process.argv[3] === "runtime" ? serveRuntime(url) : serveBaseline(url)).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(`bench:api: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
