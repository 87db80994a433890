/**
 * `npm run bench:realtime`: message delivery latency over the messaging socket, 1,000 concurrent
 * sockets on loopback over 2 runtime processes sharing PostgreSQL and Redis, against a minimal
 * `ws` + Redis pub/sub relay (bench/realtime-relay.ts, 2 processes) under the same load, in one run.
 *
 *   sockets   BENCH_SOCKETS (default 1000) users, one socket each, alternating between the two
 *             processes; groups of BENCH_GROUP (default 10) users
 *   schedule  every user sends one message every BENCH_INTERVAL_MS (default 10,000; 100 msg/s and
 *             900 deliveries/s at the defaults), at a fixed offset, for BENCH_SECONDS (default 15)
 *             after a 3 s warm-up
 *   runtime   a send is `POST /api/v1/user/conversations/{id}/messages` to the sender's process
 *             (its transaction, the event log, Redis fan-out); in-app notifications of messages
 *             are off (MESSAGING_NOTIFY=0): the path measured is the delivery
 *   baseline  a send is a frame on the sender's relay socket, published on Redis, relayed to the
 *             group's sockets on both relay processes (no auth, no database, no ordering)
 *   latency   from the start of the send to the frame's arrival at each other member's socket
 *
 * Last line: `realtime sockets=<n> p99_ms=<n> baseline_p99_ms=<n>` (goal: p99 ≤ 2× baseline and
 * ≤ 100 ms).
 */
import { randomUUID } from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { Agent, request } from "node:http";
import { Redis } from "ioredis";
import { WebSocket } from "ws";
import type { TemplateRegistry } from "../engine/src/contract/registry-types.ts";
import { migrateUp } from "../generators/src/migrations/migration-runner.ts";
import { platform, templates } from "../generated/registry.ts";
import { buildApp } from "../runtime/src/app.ts";
import { createPostgresDatabase } from "../runtime/src/db/database.ts";
import { createRuntimeRegistry } from "../runtime/src/registry/runtime-registry.ts";
import { createTestDatabase } from "../test/support/postgres.ts";

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const GROUP = Number(process.env.BENCH_GROUP ?? 10);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_MS = 3000;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const SECRET = "realtime-bench-secret-0123456789-abcdefghij";
const PREFIX = `mono-bench-rt-${randomUUID().slice(0, 8)}`;

interface Proc {
  child: ChildProcess;
  port: number;
}

function start(args: string[], env: Record<string, string>, profile = false): Promise<Proc> {
  // BENCH_PROFILE=<dir>: the runtime processes write V8 CPU profiles there.
  const prof =
    profile && process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}: ${out}`)));
  });
}

const stop = (p: Proc) =>
  new Promise<void>((resolve) => {
    if (p.child.exitCode !== null) return resolve();
    p.child.once("exit", () => resolve());
    p.child.kill("SIGTERM");
  });

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Side {
  name: string;
  /** Opens user i's socket; resolves when it is ready. `onFrame` gets every frame's text. */
  connect(i: number, onFrame: (text: string) => void): Promise<WebSocket>;
  /** User i sends nonce into its group. */
  send(i: number, nonce: string): Promise<void>;
}

/** Runs the schedule on one side; returns the delivery latencies in ms (measurement window only). */
async function run(side: Side): Promise<{ latencies: number[]; sent: number; expected: number }> {
  const started = new Map<string, { at: number; from: number; measured: boolean }>();
  const latencies: number[] = [];
  const sockets: WebSocket[] = [];
  const onFrame = (i: number) => (text: string) => {
    const m = /nonce:([\w-]+)/.exec(text);
    if (!m) return;
    const s = started.get(m[1]);
    if (!s || s.from === i) return;
    if (s.measured) latencies.push(performance.now() - s.at);
  };
  for (let i = 0; i < SOCKETS; i += 50)
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, SOCKETS - i) }, (_, k) => side.connect(i + k, onFrame(i + k))),
      )),
    );
  const t0 = performance.now();
  const end = t0 + WARMUP_MS + SECONDS * 1000;
  let sent = 0;
  let expected = 0;
  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    for (let i = 0; i < SOCKETS; i++) {
      const offset = (i * INTERVAL_MS) / SOCKETS;
      const fire = () => {
        const now = performance.now();
        if (now >= end) return;
        const nonce = randomUUID();
        const measured = now >= t0 + WARMUP_MS;
        started.set(nonce, { at: now, from: i, measured });
        if (measured) {
          sent++;
          expected += Math.min(GROUP, SOCKETS - Math.floor(i / GROUP) * GROUP) - 1;
        }
        pending.push(side.send(i, nonce).catch((err) => console.error(`${side.name} send failed:`, err.message)));
      };
      timers.push(
        setTimeout(() => {
          fire();
          timers.push(setInterval(fire, INTERVAL_MS));
        }, offset),
      );
    }
    setTimeout(
      () => {
        timers.forEach((t) => clearTimeout(t));
        resolve();
      },
      end - t0 + 10,
    );
  });
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 1500)); // stragglers
  for (const s of sockets) s.terminate();
  return { latencies: latencies.sort((a, b) => a - b), sent, expected };
}

// ---------------------------------------------------------------- setup

const testDb = await createTestDatabase();
const db = createPostgresDatabase(testDb.url, { max: 4 });
await migrateUp(db, "generated/prisma/migrations");
const { rows: tenantRows } = await db.query<{ id: string }>(
  `INSERT INTO "tenant" ("slug", "name") VALUES ('rt-bench', 'Realtime bench') RETURNING "id"`,
);
const tenantId = tenantRows[0].id;
const { rows: userRows } = await db.query<{ id: string }>(
  `INSERT INTO "user" ("tenantId", "email", "name", "emailVerifiedAt")
   SELECT $1, 'u' || g || '@rt.bench', 'User ' || g, now() FROM generate_series(1, $2) g ORDER BY g RETURNING "id"`,
  [tenantId, SOCKETS],
);
const userIds = userRows.map((r) => r.id);
await db.query(
  `INSERT INTO "membership" ("tenantId", "accountId", "userId", "role") SELECT $1, NULL, u, 'user' FROM unnest($2::uuid[]) u`,
  [tenantId, userIds],
);
// Groups of GROUP users: conversation rows and participants (what POST /conversations would write).
const groupOf = (i: number) => Math.floor(i / GROUP);
const groupCount = Math.ceil(SOCKETS / GROUP);
const { rows: convRows } = await db.query<{ id: string }>(
  `INSERT INTO "conversation" ("tenantId", "kind", "title", "createdBy")
   SELECT $1, 'group', 'Group ' || g, $2 FROM generate_series(1, $3) g ORDER BY g RETURNING "id"`,
  [tenantId, userIds[0], groupCount],
);
const conversations = convRows.map((r) => r.id);
await db.query(
  `INSERT INTO "conversation_participant" ("tenantId", "conversationId", "userId")
   SELECT $1, c, u FROM unnest($2::uuid[], $3::uuid[]) AS x(c, u)`,
  [tenantId, userIds.map((_, i) => conversations[groupOf(i)]), userIds],
);
// Access tokens as a login issues them (a live session each), signed with the processes' secret.
const signer = await buildApp({
  db,
  registry: createRuntimeRegistry(templates as unknown as readonly TemplateRegistry[], platform),
  rateLimit: false,
  identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
  workflows: false,
  messaging: false,
});
await signer.ready();
const sessions = userIds.map(() => randomUUID());
await db.query(
  `INSERT INTO "refresh_token" ("tenantId", "userId", "familyId", "tokenHash", "expiresAt", "familyExpiresAt")
   SELECT $1, u, f, md5(f::text) || md5(u::text), now() + interval '1 day', now() + interval '1 day'
     FROM unnest($2::uuid[], $3::uuid[]) AS x(u, f)`,
  [tenantId, userIds, sessions],
);
const tokens = await Promise.all(
  userIds.map((sub, i) =>
    signer.auth.accessTokens.sign({ sub, tid: tenantId, sid: sessions[i], mem: [[null, "user"]], sa: false, ev: true }),
  ),
);
await signer.close();

const runtimeEnv = {
  DATABASE_URL: testDb.url,
  REDIS_URL,
  MONO_JWT_SECRET: SECRET,
  MESSAGING_PREFIX: PREFIX,
  MESSAGING_NOTIFY: "0",
  DB_POOL: "10",
};
const runtimes = await Promise.all(
  [0, 1].map(() => start(["runtime/test/support/messaging-process.ts"], runtimeEnv, true)),
);
const relayEnv = { REDIS_URL, RELAY_CHANNEL: `${PREFIX}:relay` };
const relays = await Promise.all([0, 1].map(() => start(["bench/realtime-relay.ts"], relayEnv)));
const agents = runtimes.map(() => new Agent({ keepAlive: true, maxSockets: 64 }));

const openSocket = (url: string, headers: Record<string, string>, onFrame: (t: string) => void) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"ready"')) resolve(ws);
      else onFrame(text);
    });
    ws.once("error", reject);
  });

const runtimeSide: Side = {
  name: "runtime",
  connect: (i, onFrame) =>
    openSocket(
      `ws://127.0.0.1:${runtimes[i % 2].port}/api/v1/user/messaging/socket`,
      { authorization: `Bearer ${tokens[i]}`, "x-tenant": "rt-bench" },
      onFrame,
    ),
  send: (i, nonce) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ body: `<p>nonce:${nonce}</p>` });
      const req = request(
        {
          host: "127.0.0.1",
          port: runtimes[i % 2].port,
          method: "POST",
          path: `/api/v1/user/conversations/${conversations[groupOf(i)]}/messages`,
          agent: agents[i % 2],
          headers: {
            authorization: `Bearer ${tokens[i]}`,
            "x-tenant": "rt-bench",
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on("error", reject);
      req.end(body);
    }),
};

const relaySockets: WebSocket[] = [];
const relaySide: Side = {
  name: "baseline",
  connect: async (i, onFrame) => {
    const ws = await openSocket(`ws://127.0.0.1:${relays[i % 2].port}/?groups=g${groupOf(i)}`, {}, onFrame);
    relaySockets[i] = ws;
    return ws;
  },
  send: async (i, nonce) => {
    relaySockets[i].send(JSON.stringify({ g: `g${groupOf(i)}`, body: `nonce:${nonce}` }));
  },
};

const report = (name: string, r: Awaited<ReturnType<typeof run>>) => {
  const p50 = percentile(r.latencies, 50);
  const p99 = percentile(r.latencies, 99);
  console.log(
    `${name.padEnd(9)} sent=${r.sent} delivered=${r.latencies.length}/${r.expected} p50_ms=${p50.toFixed(1)} p95_ms=${percentile(r.latencies, 95).toFixed(1)} p99_ms=${p99.toFixed(1)} max_ms=${(r.latencies.at(-1) ?? NaN).toFixed(1)}`,
  );
  return p99;
};

try {
  console.log(
    `realtime bench: ${SOCKETS} sockets over 2 processes, groups of ${GROUP}, one message per user every ${INTERVAL_MS} ms, ${SECONDS} s`,
  );
  const baseline = await run(relaySide);
  const baselineP99 = report("baseline", baseline);
  const runtime = await run(runtimeSide);
  const runtimeP99 = report("runtime", runtime);
  console.log(`realtime sockets=${SOCKETS} p99_ms=${runtimeP99.toFixed(1)} baseline_p99_ms=${baselineP99.toFixed(1)}`);
} finally {
  await Promise.all([...runtimes, ...relays].map(stop));
  agents.forEach((a) => a.destroy());
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await db.close();
  await testDb.drop();
}
