/**
 * Image variant jobs dispatched through BullMQ (a PRIVATE redis-server), on real PostgreSQL: the
 * `media_asset` row stays the truth and a worker's sweeper dispatches what the queue lost.
 * - Redis SIGKILLed and restarted empty after an upload's job was queued: `mono media-worker`
 *   (the CLI command) starts, its sweeper dispatches the queued upload again, and it ends ready.
 * - A BullMQ worker process SIGKILLed right after claiming a job: another worker process gets the
 *   job again (stall check, or the sweeper once the lease ran out) and nothing is stored twice.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { LocalStorage } from "../src/media/storage.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { allTemplates, createTenant, installOwnTemplate, MIGRATIONS, ROOT, type TestTenant } from "./crud-support.ts";
import { jpegWithGps, multipart } from "./media-support.ts";
import { startPrivateRedis } from "./support/email-processes.ts";

const TEMPLATE = {
  id: "bull-media",
  version: "1.0.0",
  title: { en: "Bull media" },
  locales: ["en"],
  entities: {
    Poster: {
      id: "ent_poster",
      scope: "tenant",
      schema: {
        type: "object",
        properties: {
          name: { "x-id": "fld_name", type: "string" },
          images: {
            "x-id": "fld_images",
            "x-media": {
              kind: "image",
              multiple: true,
              variants: { small: { width: 120 }, big: { width: 480 } },
              formats: ["webp", "jpeg"],
            },
          },
        },
      },
    },
  },
};

const PREFIX = `mono-media-test-${process.pid}`;
let testDb: TestDatabase;
let db: Database;
let app: FastifyInstance;
let tenant: TestTenant;
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let producer: Redis;
let spare: Redis;
const mediaDir = mkdtempSync(path.join(os.tmpdir(), "mono-media-bull-"));
const templateFile = path.join(mediaDir, "template.json");
const registryFile = path.join(mediaDir, "registry.json");
const children: ChildProcess[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  const own = await installOwnTemplate(TEMPLATE, "bull-media.json");
  await own.apply(testDb.url);
  writeFileSync(templateFile, JSON.stringify(TEMPLATE));
  writeFileSync(registryFile, JSON.stringify({ templates: [own.registry] }));
  redis = await startPrivateRedis();
  producer = new Redis(redis.url, { maxRetriesPerRequest: null });
  spare = producer.duplicate();
  app = await buildApp({
    db,
    registry: createRuntimeRegistry([...(allTemplates as TemplateRegistry[]), own.registry], platform),
    rateLimit: false,
    workflows: false,
    // Dispatch only: the worker processes below make every variant.
    media: {
      storage: new LocalStorage(mediaDir),
      secret: "media-bull-secret-0123456789",
      tmpDir: path.join(mediaDir, ".tmp"),
      sweepEveryMs: 0,
      variants: "worker",
      worker: false,
      redis: { queue: producer, worker: spare, prefix: PREFIX },
    },
  });
  tenant = await createTenant(db, "media-bull", [TEMPLATE.id]);
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await app?.close();
  producer?.disconnect();
  spare?.disconnect();
  await redis?.kill("SIGKILL");
  await db?.close();
  await testDb?.drop();
});

/** A process; `printed` resolves once its output matches. */
function processOf(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDb.url, REDIS_URL: redis.url, MONO_MEDIA_QUEUE_PREFIX: PREFIX, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  const waiters: { line: RegExp; resolve: (m: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      const m = w.line.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m[0]);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return {
    child,
    printed: (line: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const m = line.exec(out);
        if (m) return resolve(m[0]);
        waiters.push({ line, resolve });
        child.once("exit", (code) => reject(new Error(`exited (${code}) before ${line}: ${out}`)));
      }),
  };
}

const kill = (child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });

async function upload(file: Buffer) {
  const body = multipart(file, "p.jpg");
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/tenant/media?entity=posters&field=images",
    headers: { ...tenant.headers, ...body.headers },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().status).toBe("queued");
  return res.json() as { id: string };
}

async function row(id: string) {
  const { rows } = await db.query(
    `SELECT "status", "attempts", "variants" FROM "media_asset" WHERE "tenantId" = $1 AND "id" = $2`,
    [tenant.id, id],
  );
  return rows[0];
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const filesOf = (id: string) =>
  readdirSync(mediaDir, { recursive: true, withFileTypes: true }).filter(
    (d) => d.isFile() && path.join(d.parentPath, d.name).includes(id),
  ).length;

/** Jobs of the media queue in Redis (waiting, active, delayed). */
const jobsInRedis = async () =>
  (await producer.keys(`${PREFIX}:mono-media:*`)).filter((k) => /:[0-9a-f-]{36}$/.test(k));

describe("variant jobs through BullMQ", () => {
  test("Redis SIGKILLed and restarted empty: `mono media-worker` sweeps the lost job back and makes the variants", async () => {
    const media = await upload(await jpegWithGps(640, 480));
    // The job reached Redis (no worker is running yet).
    await until(jobsInRedis, (keys) => keys.some((k) => k.endsWith(media.id)), 10_000);
    await redis.kill("SIGKILL");
    redis = await startPrivateRedis(redis.port);
    await until(
      async () => producer.ping().catch(() => "down"),
      (answer) => answer === "PONG",
      10_000,
    );
    expect(await jobsInRedis()).toEqual([]);
    expect(await row(media.id)).toMatchObject({ status: "queued", attempts: 0 });
    const worker = processOf(["bin/cli/main.ts", "media-worker"], {
      MONO_MEDIA_DIR: mediaDir,
      MONO_MEDIA_REGISTRY: registryFile,
      MONO_MEDIA_SWEEP_MS: "300",
    });
    await worker.printed(/mono media worker: started \(BullMQ\)/);
    const done = await until(
      () => row(media.id),
      (r) => r.status === "ready",
    );
    expect(done.attempts).toBe(1);
    expect(done.variants.map((v: { name: string; format: string }) => `${v.name}.${v.format}`).sort()).toEqual([
      "big.jpg",
      "big.webp",
      "small.jpg",
      "small.webp",
    ]);
    expect(filesOf(media.id)).toBe(5);
    await kill(worker.child, "SIGTERM");
  }, 120_000);

  test("a BullMQ worker SIGKILLed after its claim: another worker gets the job again; nothing is stored twice", async () => {
    const env = {
      TEMPLATE_FILE: templateFile,
      MEDIA_DIR: mediaDir,
      LEASE_MS: "1500",
      LOCK_MS: "1500",
      SWEEP_MS: "300",
    };
    const a = processOf(["runtime/test/support/media-worker-child.ts"], { ...env, PAUSE_AT: "claim" });
    await a.printed(/worker started/);
    const media = await upload(await jpegWithGps(800, 600));
    expect(await a.printed(/paused \S+/)).toBe(`paused ${media.id}`);
    await kill(a.child);
    expect(await row(media.id)).toMatchObject({ status: "queued", attempts: 1 });
    const b = processOf(["runtime/test/support/media-worker-child.ts"], env);
    await b.printed(/worker started/);
    const done = await until(
      () => row(media.id),
      (r) => r.status === "ready",
    );
    expect(done.attempts).toBe(2);
    expect(done.variants).toHaveLength(4);
    expect(filesOf(media.id)).toBe(5);
    await kill(b.child, "SIGTERM");
  }, 120_000);
});
