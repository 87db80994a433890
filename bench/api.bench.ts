/**
 * `npm run bench:api`: the generated API against a hand-written Fastify 5 + `pg` server over the
 * same table and data (DESIGN.md: "generated-API throughput ≥ 0.9× a hand-written route").
 *
 *   data       a fresh PostgreSQL database (dropped at the end), migrated; one tenant with the
 *              luxury-club template; 200 SalesLead records and 20 TeamMembers (the sales reps)
 *              created through the CRUD store (validated), the leads replicated by SQL to 20,000
 *              rows and spread over the reps; VACUUM ANALYZE
 *   servers    one child process each, both on 127.0.0.1, pools of 10 connections:
 *              runtime   buildApp() as `npm start` builds it (security headers, metrics, tenancy…), rate
 *                        limiter off, logger off
 *              baseline  Fastify + pg written by hand: the same routes, the same response shape
 *                        (response schemas → fast-json-stringify), a JSON-schema-validated body,
 *                        named (prepared) statements, a tenant-slug cache
 *   load       autocannon from this process, 10 connections, 5 s per run; for each operation (the
 *              reads first, then create and update, whose rows would change what the reads scan)
 *              runtime and baseline alternately, 5 rounds (who goes first alternates too), after a
 *              4 s warm-up of each (steady state: the runtime has more code for the JIT to settle):
 *                list     filter + sort, 20 rows
 *                get      by id (500 ids in turn)
 *                create   a valid body (validated against the published create schema on both)
 *                update   PATCH of two fields (validated against the published update schema on
 *                         both), 500 ids in turn; one UPDATE … RETURNING
 *                include  `include=assignedTo` (many-to-one, 20 sales reps; about 1 lead in 21 has
 *                         none): the runtime's correlated JSON subquery vs a LEFT JOIN nested in JS
 *                filter   `filter[assignedTo.displayName][eq]=…` (a relational filter): the
 *                         runtime's EXISTS vs a JOIN, both over live same-tenant reps
 *                search   `q=<a last name>` over firstName, lastName, company: the same full-text
 *                         (simple, english, german) + trigram match and rank expressions, which
 *                         are the ones the migration indexes
 *              each run also prints CPU time per request of the server process and of the PostgreSQL
 *              backends serving the bench database (from /proc: steadier than req/s when the
 *              machine is busy, and it shows which side a gap is on)
 *
 * Knobs: BENCH_DURATION (s per run), BENCH_ONLY=list,get (some operations), and
 * BENCH_NODE_ARGS for both servers (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them).
 *
 * The LAST line is for machines: `ratio list=… get=… create=… update=… include=… filter=… search=…`
 * (runtime ÷ baseline, medians of req/s). Before measuring, the two servers' answers are compared
 * field by field (every list shape, get, create, update).
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
export const TEMPLATE = "luxury-club";
export const ENTITY = "SalesLead";
const API_NAME = "sales-leads";
export const TABLE = "luxury_club_sales_lead";
const REP_TABLE = "luxury_club_team_member";
const ROWS = 20_000;
const DISTINCT = 200;
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = 4;
const ROUNDS = 5;
const CONNECTIONS = 10;

const TEAM = 20;
const ENTITY_PATH = `/api/v1/tenant/entities/${API_NAME}`;
export const LIST_PATH = `${ENTITY_PATH}?filter[source][eq]=event&sort=-createdAt&limit=20`;
const INCLUDE_PATH = `${ENTITY_PATH}?include=assignedTo&sort=-createdAt&limit=20`;
const filterPath = (name: string) =>
  `${ENTITY_PATH}?filter[assignedTo.displayName][eq]=${encodeURIComponent(name)}&sort=-createdAt&limit=20`;
const searchPath = (word: string) => `${ENTITY_PATH}?q=${encodeURIComponent(word)}&limit=20`;

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
  // include=assignedTo: the rep by a LEFT JOIN (same tenant, not deleted), nested in JS.
  const REP_COLUMNS = [
    "id",
    "displayName",
    "email",
    "phone",
    "position",
    "jobTitle",
    "linkedUserId",
    "territories",
    "languages",
    "commissionRate",
    "hiredAt",
    "avatarUrl",
    "active",
    "managerId",
    "createdAt",
    "updatedAt",
    "deletedAt",
  ];
  const LEAD_COLUMNS = COLUMNS.split(",")
    .map((c) => `t.${c.trim()}`)
    .join(", ");
  const INCLUDE_SQL = `SELECT ${LEAD_COLUMNS}, ${REP_COLUMNS.map((c) => (c === "hiredAt" ? `m."hiredAt"::text AS "rep_hiredAt"` : `m."${c}" AS "rep_${c}"`)).join(", ")}
    FROM "${TABLE}" AS t LEFT JOIN "${REP_TABLE}" AS m ON m."tenantId" = $1 AND m."deletedAt" IS NULL AND m."id" = t."assignedToId"
    WHERE t."tenantId" = $1 AND t."deletedAt" IS NULL ORDER BY t."createdAt" DESC, t."id" DESC LIMIT $2`;
  // filter[assignedTo.displayName][eq]: the leads of the (live, same-tenant) reps of that name.
  const FILTER_SQL = `SELECT ${LEAD_COLUMNS} FROM "${TABLE}" AS t
    JOIN "${REP_TABLE}" AS m ON m."tenantId" = $1 AND m."deletedAt" IS NULL AND m."id" = t."assignedToId" AND m."displayName" = $2
    WHERE t."tenantId" = $1 AND t."deletedAt" IS NULL ORDER BY t."createdAt" DESC, t."id" DESC LIMIT $3`;
  // q=<word>: the word as a prefix under each configuration (simple + the template's en, de) or
  // trigram-similar, in one of the searchable fields; ranked by the best ts_rank per field plus a
  // tenth of the word's similarity, summed; then newest id. Same expressions as the GIN indexes.
  const CONFIGS = ["simple", "english", "german"];
  const doc = (field: string) => `COALESCE(t."${field}", '')`;
  const vector = (config: string, field: string) => `to_tsvector('${config}'::regconfig, ${doc(field)})`;
  const tsquery = (config: string) => `to_tsquery('${config}'::regconfig, $2::text)`;
  const SEARCHED = ["firstName", "lastName", "company"];
  const MATCH = SEARCHED.map(
    (f) => `(${CONFIGS.map((c) => `${vector(c, f)} @@ ${tsquery(c)}`).join(" OR ")} OR $3::text <% ${doc(f)})`,
  ).join(" OR ");
  const RANK = `(${SEARCHED.map(
    (f) =>
      `(GREATEST(${CONFIGS.map((c) => `ts_rank(${vector(c, f)}, ${tsquery(c)})`).join(", ")}) + (word_similarity($3::text, ${doc(f)})) / 10)`,
  ).join(" + ")})::float4`;
  const SEARCH_SQL = `SELECT ${LEAD_COLUMNS}, ${RANK}::text AS "rank" FROM "${TABLE}" AS t
    WHERE t."tenantId" = $1 AND t."deletedAt" IS NULL AND (${MATCH}) ORDER BY ${RANK} DESC, t."id" DESC LIMIT $4`;
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
  const REP = {
    type: ["object", "null"],
    properties: {
      id: { type: "string" },
      displayName: text,
      email: text,
      phone: text,
      position: text,
      jobTitle: text,
      linkedUserId: text,
      territories: { type: "array", items: { type: "string" } },
      languages: { type: "array", items: { type: "string" } },
      commissionRate: { type: ["number", "null"] },
      hiredAt: text,
      avatarUrl: text,
      active: { type: "boolean" },
      managerId: text,
      createdAt: text,
      updatedAt: text,
      deletedAt: text,
    },
  };
  const LEAD_WITH_REP = { ...LEAD, properties: { ...LEAD.properties, assignedTo: REP } };
  const toRep = (r: LeadRow) =>
    r.rep_id === null
      ? null
      : {
          id: r.rep_id,
          displayName: r.rep_displayName,
          email: r.rep_email,
          phone: r.rep_phone,
          position: r.rep_position,
          jobTitle: r.rep_jobTitle,
          linkedUserId: r.rep_linkedUserId,
          territories: r.rep_territories,
          languages: r.rep_languages,
          commissionRate: r.rep_commissionRate,
          hiredAt: r.rep_hiredAt,
          avatarUrl: r.rep_avatarUrl,
          active: r.rep_active,
          managerId: r.rep_managerId,
          createdAt: iso(r.rep_createdAt),
          updatedAt: iso(r.rep_updatedAt),
          deletedAt: iso(r.rep_deletedAt),
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
            "filter[assignedTo.displayName][eq]": { type: "string", maxLength: 120 },
            include: { enum: ["assignedTo"] },
            q: { type: "string", pattern: "^[\\p{L}\\p{N}]{1,200}$" },
            sort: { enum: ["-createdAt"] },
            limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              data: { type: "array", items: LEAD_WITH_REP },
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
      const query = request.query as Record<string, string> & { limit: number };
      const source = query["filter[source][eq]"];
      const rep = query["filter[assignedTo.displayName][eq]"];
      const word = query.q?.toLowerCase();
      // One statement per query shape, as a hand-written app would have a handler each.
      const { rows } = await pool.query(
        word !== undefined
          ? { name: "bench_search", text: SEARCH_SQL, values: [tenantId, `'${word}':*`, word, query.limit + 1] }
          : rep !== undefined
            ? { name: "bench_filter", text: FILTER_SQL, values: [tenantId, rep, query.limit + 1] }
            : query.include
              ? { name: "bench_include", text: INCLUDE_SQL, values: [tenantId, query.limit + 1] }
              : { name: "bench_list", text: LIST_SQL, values: [tenantId, source, query.limit + 1] },
      );
      const more = rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      const last = page[page.length - 1];
      const key = word !== undefined ? [last?.rank, last?.id] : [last?.createdAt.toISOString(), last?.id];
      const nextCursor = more ? Buffer.from(JSON.stringify(key)).toString("base64url") : null;
      const data = query.include ? page.map((r) => ({ ...toApi(r), assignedTo: toRep(r) })) : page.map(toApi);
      return { data, page: { limit: query.limit, nextCursor } };
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

  // PATCH: the body validated against the published update schema, then one UPDATE … RETURNING
  // setting the fields the body names (a prepared statement per set of fields).
  const updateSchema = templates.find((t) => t.id === TEMPLATE)!.entities.find((e) => e.name === ENTITY)!.schemas
    .update;
  const updates = new Map<string, { name: string; text: string; columns: string[] }>();
  const columnsOf = (field: string) =>
    field === "estimatedValue" ? ["estimatedValueAmount", "estimatedValueCurrency"] : [field];
  app.patch(
    `${ENTITY_PATH}/:id`,
    {
      schema: {
        params: { type: "object", properties: { id: { type: "string", format: "uuid" } } },
        body: updateSchema,
        response: { 200: LEAD, 404: PROBLEM },
      },
    },
    async (request, reply) => {
      const tenantId = await tenantOf(request.headers["x-tenant"]);
      if (!tenantId) return reply.code(404).send({ status: 404, title: "Unknown tenant" });
      const b = request.body as Record<string, any>;
      const fields = Object.keys(b).sort();
      const shape = fields.join(",");
      let statement = updates.get(shape);
      if (!statement) {
        const columns = fields.flatMap(columnsOf);
        const set = columns.map((c, i) => `"${c}" = $${i + 3}`).join(", ");
        statement = {
          name: `bench_update_${updates.size}`,
          text: `UPDATE "${TABLE}" SET ${set}, "updatedAt" = now() WHERE "tenantId" = $1 AND "deletedAt" IS NULL AND "id" = $2 RETURNING ${COLUMNS}`,
          columns,
        };
        updates.set(shape, statement);
      }
      const values: unknown[] = [tenantId, (request.params as { id: string }).id];
      for (const f of fields)
        if (f === "estimatedValue") values.push(b[f]?.amount ?? null, b[f]?.currency ?? null);
        else values.push(b[f]);
      const { rows } = await pool.query({ name: statement.name, text: statement.text, values });
      if (!rows[0]) return reply.code(404).send({ status: 404, title: "Not found" });
      return toApi(rows[0]);
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

export interface Server {
  name: "runtime" | "baseline";
  port: number;
  child: ChildProcess;
}

export function startServer(name: Server["name"], url: string): Promise<Server> {
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

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.kill("SIGTERM");
  const timeout = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timeout);
}

/** A valid create body of `entityName` (SalesLead unless said) from its own schema (the demo seed's recipe). */
export async function sampleLead(seed: number, entityName = ENTITY): Promise<Record<string, unknown>> {
  const { prng, sampleSchema } = await import("../engine/src/index.ts");
  const { templates } = await import("../generated/registry.ts");
  const entity = templates.find((t) => t.id === TEMPLATE)!.entities.find((e) => e.name === entityName)!;
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

/** What the requests need: record ids to get and update, a team member's name to filter by, a word to search. */
interface Fixture {
  ids: string[];
  teamName: string;
  word: string;
}

async function prepareData(): Promise<{ url: string; drop: () => Promise<void> } & Fixture> {
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
    // The sales team (for include and the relational filter), also through the store.
    const team: string[] = [];
    for (let seed = 1; seed <= TEAM; seed++) {
      const member = await stores.create(tenant, TEMPLATE, "TeamMember", {
        ...(await sampleLead(seed, "TeamMember")),
        displayName: `Rep ${seed}`,
        email: `rep${seed}@bench.example`,
      });
      team.push(member.id as string);
    }
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
    // Every lead but about one in 21 has a sales rep (an array index past the end is NULL).
    await db.query(
      `UPDATE "${TABLE}" SET "assignedToId" = ($1::uuid[])[1 + (hashtext("id"::text) & 2147483647) % ${TEAM + 1}]`,
      [team],
    );
    await db.exec(`VACUUM ANALYZE "${TABLE}"`);
    await db.exec(`ANALYZE "tenant"; ANALYZE "luxury_club_team_member";`);
    // A last name that some of the distinct leads share (so a page of 20 comes from about 100+ rows).
    const { rows: words } = await db.query<{ word: string; n: number }>(
      `SELECT "lastName" AS "word", count(*)::int AS "n" FROM "${TABLE}" WHERE "lastName" ~ '^[A-Za-z]{4,}$' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    const count = (await db.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "${TABLE}"`)).rows[0].n;
    const ids = (
      await db.query<{ id: string }>(`SELECT "id" FROM "${TABLE}" ORDER BY md5("id"::text) LIMIT 500`)
    ).rows.map((r) => r.id);
    console.log(
      `data: ${count} ${ENTITY} rows (${DISTINCT} through the store) in ${testDb.name}, ${Math.round(performance.now() - started)} ms`,
    );
    console.log(`search: q=${words[0].word} (${words[0].n} rows match its last name)`);
    return { url: testDb.url, drop: () => testDb.drop(), ids, teamName: "Rep 1", word: words[0].word };
  } finally {
    await db.close();
  }
}

type OpName = "list" | "get" | "create" | "update" | "include" | "filter" | "search";

interface Op {
  name: OpName;
  requests(f: Fixture, body: string): Parameters<typeof autocannon>[0]["requests"];
}

const HEADERS = { "x-tenant": TENANT };
const JSON_HEADERS = { ...HEADERS, "content-type": "application/json" };
/** The update: two fields of a lead, as a sales rep's follow-up note would change them. */
const PATCH_BODY = JSON.stringify({
  notes: "Called back: wants a tour of the club.",
  nextFollowUpAt: "2027-01-15T10:00:00.000Z",
});

/** Requests that go round the fixture's ids. */
function byId(method: string, body?: string): Op["requests"] {
  return (f) => {
    let i = 0;
    return [
      {
        method,
        headers: body ? JSON_HEADERS : HEADERS,
        ...(body ? { body } : {}),
        setupRequest: (request) => ({ ...request, path: `${ENTITY_PATH}/${f.ids[i++ % f.ids.length]}` }),
      },
    ];
  };
}

const OPS: Op[] = [
  { name: "list", requests: () => [{ method: "GET", path: LIST_PATH, headers: HEADERS }] },
  { name: "get", requests: byId("GET") },
  { name: "include", requests: () => [{ method: "GET", path: INCLUDE_PATH, headers: HEADERS }] },
  { name: "filter", requests: (f) => [{ method: "GET", path: filterPath(f.teamName), headers: HEADERS }] },
  { name: "search", requests: (f) => [{ method: "GET", path: searchPath(f.word), headers: HEADERS }] },
  // Writes last: the rows create adds (newest, without a rep) would change what the reads above scan.
  { name: "create", requests: (_f, body) => [{ method: "POST", path: ENTITY_PATH, headers: JSON_HEADERS, body }] },
  { name: "update", requests: byId("PATCH", PATCH_BODY) },
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
  fixture: Fixture,
  body: string,
  duration: number,
  url: string,
): Promise<Result & { cpuMicros: number | null; dbMicros: number | null }> {
  const [cpuBefore, dbBefore] = [cpuSeconds(server.child), await databaseCpuSeconds(url)];
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    duration,
    requests: op.requests(fixture, body),
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
async function compareAnswers(servers: Server[], f: Fixture, body: string): Promise<void> {
  const fetchJson = async (server: Server, pathname: string, init?: RequestInit) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${pathname}`, {
      ...init,
      headers: { ...HEADERS, ...(init?.headers ?? {}) },
    });
    return { status: response.status, json: (await response.json()) as any };
  };
  const both = (pathname: string, init?: RequestInit) => Promise.all(servers.map((s) => fetchJson(s, pathname, init)));
  const problems: string[] = [];
  const lists: [string, string, (json: any) => string | null][] = [
    [
      "list",
      LIST_PATH,
      (json) => (json.data.every((r: any) => r.source === "event") ? null : "a lead not from an event"),
    ],
    [
      "include",
      INCLUDE_PATH,
      (json) =>
        json.data.some((r: any) => r.assignedTo?.displayName) &&
        json.data.every((r: any) => (r.assignedTo?.id ?? null) === r.assignedToId)
          ? null
          : "included reps do not match assignedToId",
    ],
    [
      "filter",
      filterPath(f.teamName),
      (json) => (new Set(json.data.map((r: any) => r.assignedToId)).size === 1 ? null : "leads of several reps"),
    ],
    [
      "search",
      searchPath(f.word),
      (json) =>
        [json.data[0].firstName, json.data[0].lastName, json.data[0].company].join(" ").includes(f.word)
          ? null
          : `the best match has no "${f.word}"`,
    ],
  ];
  for (const [name, pathname, check] of lists) {
    const [runtime, baseline] = await both(pathname);
    if (runtime.status !== 200 || baseline.status !== 200) {
      problems.push(`${name}: ${runtime.status} / ${baseline.status}`);
      continue;
    }
    if (runtime.json.data?.length !== 20) problems.push(`${name}: ${runtime.json.data?.length} rows`);
    if (!isDeepStrictEqual(runtime.json.data, baseline.json.data)) problems.push(`${name}: different records`);
    if (!runtime.json.page?.nextCursor || !baseline.json.page?.nextCursor) problems.push(`${name}: no next cursor`);
    const wrong = check(runtime.json);
    if (wrong) problems.push(`${name}: ${wrong}`);
  }
  const [runtimeGet, baselineGet] = await both(`${ENTITY_PATH}/${f.ids[0]}`);
  if (!isDeepStrictEqual(runtimeGet.json, baselineGet.json)) problems.push("get: different records");
  const strip = (r: Record<string, unknown>) => ({ ...r, id: undefined, createdAt: undefined, updatedAt: undefined });
  const created = await both(ENTITY_PATH, { method: "POST", body, headers: { "content-type": "application/json" } });
  if (created.some((c) => c.status !== 201)) problems.push(`create: ${created.map((c) => c.status).join(" / ")}`);
  if (!isDeepStrictEqual(strip(created[0].json), strip(created[1].json))) problems.push("create: different records");
  // Each server updates a lead of its own (the same stored values), then both are read back alike.
  const updated = await Promise.all(
    servers.map((s, i) =>
      fetchJson(s, `${ENTITY_PATH}/${f.ids[1 + i]}`, {
        method: "PATCH",
        body: PATCH_BODY,
        headers: { "content-type": "application/json" },
      }),
    ),
  );
  if (updated.some((u) => u.status !== 200)) problems.push(`update: ${updated.map((u) => u.status).join(" / ")}`);
  const [before1, before2] = await both(`${ENTITY_PATH}/${f.ids[1]}`);
  if (!isDeepStrictEqual(updated[0].json, before1.json) || !isDeepStrictEqual(before1.json, before2.json))
    problems.push("update: the runtime's answer is not the stored record");
  const [again1, again2] = await both(`${ENTITY_PATH}/${f.ids[2]}`);
  if (!isDeepStrictEqual(updated[1].json, again1.json) || !isDeepStrictEqual(again1.json, again2.json))
    problems.push("update: the baseline's answer is not the stored record");
  if (updated[0].json.notes !== JSON.parse(PATCH_BODY).notes) problems.push("update: notes not changed");
  if (problems.length) throw new Error(`the servers do not answer alike: ${problems.join("; ")}`);
  console.log(
    "answers: identical (lists of 20: filter + sort, include, relational filter, search; get by id, create, update)",
  );
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
    await compareAnswers(servers, data, body);
    console.log(
      `load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds, 127.0.0.1, Node ${process.version}`,
    );
    const medians: Partial<Record<OpName, number>> = {};
    for (const op of OPS.filter((o) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(",").includes(o.name))) {
      for (const server of servers) await load(server, op, data, body, WARMUP, data.url);
      const rates: Record<string, number[]> = { runtime: [], baseline: [] };
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 ? servers : [...servers].reverse();
        for (const server of order) {
          const result = await load(server, op, data, body, DURATION, data.url);
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
    const printed: OpName[] = ["list", "get", "create", "update", "include", "filter", "search"];
    console.log(`ratio ${printed.map((name) => `${name}=${medians[name]?.toFixed(2)}`).join(" ")}`);
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
} else if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  main().catch((error) => {
    console.error(`bench:api: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}
