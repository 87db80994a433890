/**
 * A media worker process for the kill test (runtime/test/media-worker.int.test.ts): the real
 * MediaWorker on DATABASE_URL and the folder MEDIA_DIR, with the test's own template
 * (TEMPLATE_FILE) as its registry. PAUSE_AT=claim|ready holds each job there for a minute
 * (printing `paused <id>`), so the test can SIGKILL the process at that point. With REDIS_URL
 * the jobs come from BullMQ (MONO_MEDIA_QUEUE_PREFIX, LOCK_MS, SWEEP_MS), as `mono media-worker`
 * takes them.
 */
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import path from "node:path";
import { compileTemplateText } from "../../../engine/src/index.ts";
import { platform, templates } from "../../../generated/registry.ts";
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { buildTemplateRegistry } from "../../../generators/src/registry/build-template-registry.ts";
import { createPostgresDatabase } from "../../src/db/database.ts";
import { BullMediaQueue } from "../../src/media/media-queue.ts";
import { MediaWorker } from "../../src/media/media-worker.ts";
import { LocalStorage } from "../../src/media/storage.ts";
import { createRuntimeRegistry } from "../../src/registry/runtime-registry.ts";

const env = process.env;
const compiled = compileTemplateText(readFileSync(env.TEMPLATE_FILE!, "utf8"), "template.json");
if (!compiled.ok) throw new Error("the template does not compile");
const registry = createRuntimeRegistry(
  [...(templates as unknown as TemplateRegistry[]), buildTemplateRegistry(compiled.ir)],
  platform,
);
const db = createPostgresDatabase(env.DATABASE_URL!, { max: 2 });
const hold = (at: string) => async (job: { id: string }) => {
  if (env.PAUSE_AT !== at) return;
  console.log(`paused ${job.id}`);
  await new Promise((r) => setTimeout(r, 60_000));
};
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }) : null;
const worker = new MediaWorker({
  db,
  storage: new LocalStorage(env.MEDIA_DIR!),
  registry,
  tmpDir: path.join(env.MEDIA_DIR!, ".tmp"),
  leaseMs: Number(env.LEASE_MS ?? 60_000),
  pollMs: 100,
  afterClaim: hold("claim"),
  beforeReady: hold("ready"),
  bull: redis
    ? {
        queue: new BullMediaQueue(redis, env.MONO_MEDIA_QUEUE_PREFIX ?? "mono"),
        connection: redis.duplicate(),
        lockMs: Number(env.LOCK_MS ?? 30_000),
        sweepMs: Number(env.SWEEP_MS ?? 5_000),
      }
    : undefined,
  log: (err, message) => console.error(`${message}:`, err),
}).start();
console.log("worker started");
process.on(
  "SIGTERM",
  () =>
    void worker
      .stop()
      .then(() => db.close())
      .then(() => process.exit(0)),
);
