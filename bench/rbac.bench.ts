/**
 * `npm run bench:rbac`: what authorization costs on the list endpoint.
 *
 *   data     a fresh PostgreSQL database (dropped at the end), migrated; one tenant with the
 *            luxury-club template; 2,000 published Events, all eligible for Black Card (half of
 *            them for Platinum too), a verified Black Card member with an access token: every
 *            variant returns the same 20 records, field for field (checked before measuring; the
 *            list asks for every field but the three staff-only ones, which enforcement drops)
 *   servers  one child process each, 127.0.0.1, pools of 10, rate limiter and logger off, identity on:
 *            enforced   the app as `npm start` builds it: the member's token is verified, their
 *                       principal read from the Redis cache, Event.read ({roles:[member], tiers,
 *                       verified, where: published ∧ eligibleTiers ∋ $user.tier}) compiled into
 *                       the list statement, blackCardPerks behind its tier rule
 *            off        the same app with `authz: false` (the entity routes as without identity)
 *            rls        enforced, plus `rls: "enforce"`: each request in a transaction as mono_app
 *                       with the tenant set (BEGIN+context, the statement, COMMIT)
 *   load     autocannon, 10 connections, BENCH_DURATION s (default 5) per run, after a 2 s warm-up
 *            of each; enforced / off / rls interleaved in one run, BENCH_ROUNDS (default 5) rounds, the order
 *            rotating each round
 *
 * Knobs: BENCH_DURATION, BENCH_ROUNDS, BENCH_NODE_ARGS (node flags of the servers, e.g. profiling).
 *
 * Lines: one per run, then `rls_overhead=<percent>` (rls vs enforced), and LAST, for machines,
 * `rbac_overhead=<percent>` = (median req/s off ÷ median req/s enforced − 1) × 100. Goal ≤ 10.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";

const ROOT = path.resolve(import.meta.dirname, "..");
const SELF = fileURLToPath(import.meta.url);
const TENANT = "bench-rbac";
const EVENTS = 2_000;
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const WARMUP = 2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 10;
const SECRET = "bench-rbac-secret-0123456789-abcdefghijklmn";
/** Every Event field but the three only event managers may read, so both variants send the same records. */
const FIELDS =
  "id,title,slug,summary,description,highlights,hostName,blackCardPerks,startsAt,endsAt,doorsOpenAt,timezone,registrationOpensAt,registrationClosesAt,publishAt,capacity,guestsPerMember,requiresApproval,waitlistEnabled,waitlistCapacity,pricing,eligibleTiers,visibility,requirements,coverImage,gallery,status,publishedAt,approvedAt,registeredCount,waitlistCount,averageRating,categoryId,venueId,hostId,createdAt,updatedAt,deletedAt";
const LIST_PATH = `/api/v1/tenant/entities/events?sort=-startsAt&limit=20&fields=${FIELDS}`;

type Variant = "enforced" | "off" | "rls";

// ---------------------------------------------------------------- child: one server

async function serve(url: string, variant: Variant): Promise<void> {
  const { platform, templates } = await import("../generated/registry.ts");
  const { buildApp } = await import("../runtime/src/app.ts");
  const { createPostgresDatabase } = await import("../runtime/src/db/database.ts");
  const { createRuntimeRegistry } = await import("../runtime/src/registry/runtime-registry.ts");
  const { Redis } = await import("ioredis");
  const db = createPostgresDatabase(url, { max: 10 });
  const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  const app = await buildApp({
    db,
    redis,
    registry: createRuntimeRegistry(templates, platform),
    rateLimit: false,
    logger: false,
    allowTenantHeader: true,
    identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
    ...(variant === "off" ? { authz: false as const } : {}),
    rls: variant === "rls" ? "enforce" : "auto",
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
  process.stdin.resume();
  process.stdin.on("end", async () => {
    await app.close();
    redis.disconnect();
    await db.close();
    process.exit(0);
  });
}

function start(url: string, variant: Variant): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to every server.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", SELF, "--serve", url, variant], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.on("exit", (code) => reject(new Error(`${variant} server exited (${code})`)));
  });
}

// ---------------------------------------------------------------- parent: data, load, report

async function seed(url: string): Promise<string> {
  const { templates } = await import("../generated/registry.ts");
  const { sampleRecord } = await import("../engine/src/index.ts");
  const { compileTemplatesDir } = await import("../engine/src/index.ts");
  const { createEntityStores } = await import("../runtime/src/crud/index.ts");
  const { createPostgresDatabase } = await import("../runtime/src/db/database.ts");
  const { migrateUp } = await import("../generators/src/migrations/migration-runner.ts");
  const { AccessTokens } = await import("../runtime/src/identity/access-tokens.ts");
  const { parseMasterSecret } = await import("../runtime/src/identity/secrets.ts");
  const db = createPostgresDatabase(url, { max: 4 });
  await migrateUp(db, path.join(ROOT, "generated/prisma/migrations"));
  const tenantId = (
    await db.query<{ id: string }>(`INSERT INTO "tenant" ("slug", "name") VALUES ($1, $1) RETURNING "id"`, [TENANT])
  ).rows[0].id;
  await db.query(
    `INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, 'luxury-club', '1.0.0')`,
    [tenantId],
  );
  const compiled = await compileTemplatesDir(path.join(ROOT, "industry-templates"));
  if (!compiled.ok) throw new Error("templates do not compile");
  const ir = compiled.app.templates.find((t) => t.id === "luxury-club")!;
  const irOf = (name: string) => ir.entities.find((e) => e.name === name)!;
  const stores = createEntityStores(db, templates as never);
  const category = await stores.create(
    tenantId,
    "luxury-club",
    "EventCategory",
    sampleRecord(irOf("EventCategory"), 1),
  );
  for (let i = 0; i < EVENTS; i++) {
    const event = {
      ...sampleRecord(irOf("Event"), i + 1),
      slug: `event-${i}`,
      categoryId: category.id,
      status: "published",
      eligibleTiers: i % 2 ? ["diamond", "black-card"] : ["platinum", "black-card"],
    };
    await stores.create(tenantId, "luxury-club", "Event", event);
  }
  await db.query(`ANALYZE`);
  const user = (
    await db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name", "emailVerifiedAt", "profile") VALUES ($1, 'member@bench.test', 'Member', now(), '{"tier":"black-card"}') RETURNING "id"`,
      [tenantId],
    )
  ).rows[0].id;
  await db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'member')`, [tenantId, user]);
  // The session a login creates: access tokens of sessions that do not exist are refused.
  const sid = crypto.randomUUID();
  await db.query(
    `INSERT INTO "refresh_token" ("tenantId", "userId", "familyId", "tokenHash", "expiresAt", "familyExpiresAt")
     VALUES ($1, $2, $3, repeat('0', 64), now() + interval '1 day', now() + interval '1 day')`,
    [tenantId, user, sid],
  );
  await db.close();
  const tokens = new AccessTokens(parseMasterSecret(SECRET).secret, [], "mono", 3600);
  return tokens.sign({
    sub: user,
    tid: tenantId,
    sid,
    mem: [[null, "member"]],
    sa: false,
    ev: true,
  });
}

async function load(port: number, token: string, seconds: number): Promise<Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: "GET", path: LIST_PATH, headers: { "x-tenant": TENANT, authorization: `Bearer ${token}` } }],
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const { createTestDatabase } = await import("../test/support/postgres.ts");
  const database = await createTestDatabase();
  const servers: ChildProcess[] = [];
  try {
    const token = await seed(database.url);
    const variants: Variant[] = ["enforced", "off", "rls"];
    const ports = {} as Record<Variant, number>;
    for (const v of variants) {
      const { child, port } = await start(database.url, v);
      servers.push(child);
      ports[v] = port;
    }
    // The same answer, byte for byte, enforcement or not (the member may read every event and
    // field): what is measured is the enforcement, not a smaller page.
    const bodies = new Set<string>();
    for (const v of variants) {
      const res = await fetch(`http://127.0.0.1:${ports[v]}${LIST_PATH}`, {
        headers: { "x-tenant": TENANT, authorization: `Bearer ${token}` },
      });
      const text = await res.text();
      if (res.status !== 200 || (JSON.parse(text) as { data: unknown[] }).data.length !== 20)
        throw new Error(`${v}: ${res.status} ${text.slice(0, 300)}`);
      // Page cursors are signed per process: compare the records.
      bodies.add(JSON.stringify((JSON.parse(text) as { data: unknown[] }).data));
    }
    if (bodies.size !== 1) {
      const [a, b] = [...bodies].map((t) => JSON.parse(t) as Record<string, unknown>[]);
      const diff = Object.keys(a[0]).filter((k) => JSON.stringify(a[0][k]) !== JSON.stringify(b[0][k]));
      throw new Error(
        `the variants answer differently: ${diff.join(", ")} ${JSON.stringify(Object.keys(a[0]))} ${JSON.stringify(Object.keys(b[0]))}`,
      );
    }
    for (const v of variants) await load(ports[v], token, WARMUP);
    const rps: Record<Variant, number[]> = { enforced: [], off: [], rls: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      for (const v of order) {
        const result = await load(ports[v], token, DURATION);
        if (result.non2xx || result.errors) throw new Error(`${v}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        rps[v].push(result.requests.average);
        console.log(
          `round ${round + 1} ${v.padEnd(8)} ${Math.round(result.requests.average)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms`,
        );
      }
    }
    const pct = (base: number, measured: number) => Math.round((base / measured - 1) * 1000) / 10;
    console.log(
      `median req/s: enforced ${Math.round(median(rps.enforced))} · off ${Math.round(median(rps.off))} · rls ${Math.round(median(rps.rls))}`,
    );
    console.log(`rls_overhead=${pct(median(rps.enforced), median(rps.rls))}`);
    console.log(`rbac_overhead=${pct(median(rps.off), median(rps.enforced))}`);
  } finally {
    for (const child of servers) child.stdin?.end();
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const child of servers) child.kill();
    await database.drop();
  }
}

if (process.argv[2] === "--serve") void serve(process.argv[3], process.argv[4] as Variant);
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
