/**
 * A media variant worker on its own (`mono media-worker`, or `node --import tsx runtime/src/media/worker-main.ts`):
 * makes the variants of queued uploads (media-worker.ts) from the same database and storage as
 * the servers. With REDIS_URL it takes BullMQ jobs (`mono-media`) and sweeps queued uploads the
 * queue does not have; otherwise it polls the table. Several may run at once; SIGTERM stops one
 * after its job in flight (a SIGKILLed one's job is taken over when its lease runs out).
 * Servers then run with MONO_MEDIA_WORKER=0 (no worker in the server process).
 *
 * Environment: DATABASE_URL (required); storage as the server's (MONO_MEDIA_DIR, or MONO_S3_*);
 * REDIS_URL, MONO_MEDIA_QUEUE_PREFIX (`mono`), MONO_MEDIA_LEASE_MS (60000),
 * MONO_MEDIA_LOCK_MS (30000: BullMQ's lock and stall check), MONO_MEDIA_SWEEP_MS (5000),
 * MONO_MEDIA_QUOTA_BYTES; MONO_MEDIA_REGISTRY: a .json file whose `templates`
 * (TemplateRegistry[]) replace the generated registry's (a test's own template).
 */
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { platform, templates as generated } from "../../../generated/registry.ts";
import { readConfig } from "../config.ts";
import { createPostgresDatabase } from "../db/database.ts";
import { createRuntimeRegistry } from "../registry/runtime-registry.ts";
import { BullMediaQueue } from "./media-queue.ts";
import { MediaWorker } from "./media-worker.ts";
import { storageFromEnv } from "./storage.ts";

const env = process.env;
const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
if (!env.DATABASE_URL) {
  console.error("mono media worker: DATABASE_URL is required");
  process.exit(1);
}
const custom = env.MONO_MEDIA_REGISTRY
  ? (JSON.parse(await readFile(env.MONO_MEDIA_REGISTRY, "utf8")) as { templates: readonly TemplateRegistry[] })
  : null;
const registry = createRuntimeRegistry(
  custom?.templates ?? (generated as unknown as readonly TemplateRegistry[]),
  platform,
);
const db = createPostgresDatabase(env.DATABASE_URL, { max: 4 });
const storage = storageFromEnv(env, readConfig(env).mediaDir);
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }) : null;
const queue = redis ? new BullMediaQueue(redis, env.MONO_MEDIA_QUEUE_PREFIX ?? "mono") : null;
const worker = new MediaWorker({
  db,
  storage,
  registry,
  tmpDir: path.join(os.tmpdir(), "mono-media"),
  leaseMs: num("MONO_MEDIA_LEASE_MS", 60_000),
  quotaBytes: env.MONO_MEDIA_QUOTA_BYTES ? Number(env.MONO_MEDIA_QUOTA_BYTES) : undefined,
  bull:
    queue && redis
      ? {
          queue,
          connection: redis.duplicate(),
          sweepMs: num("MONO_MEDIA_SWEEP_MS", 5_000),
          lockMs: num("MONO_MEDIA_LOCK_MS", 30_000),
        }
      : undefined,
  log: (error, message) =>
    console.error(`mono media worker: ${message}:`, error instanceof Error ? error.message : error),
}).start();
console.log(`mono media worker: started (${queue ? "BullMQ" : "database queue"})`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker
      .stop()
      .then(() => queue?.close())
      .then(() => redis?.quit())
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
