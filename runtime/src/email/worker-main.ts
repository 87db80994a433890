/**
 * A send worker on its own (`node --import tsx runtime/src/email/worker-main.ts`): sends what
 * servers persisted, from the same database, through SMTP_URL. With REDIS_URL it takes BullMQ
 * jobs (and sweeps what the queue forgot), otherwise it polls the database queue. Several may
 * run at once; SIGTERM stops one after its emails in flight.
 *
 * Environment: DATABASE_URL, SMTP_URL (required); REDIS_URL, MONO_EMAIL_QUEUE_PREFIX (`mono`),
 * MONO_EMAIL_LOCK_MS (60000), MONO_EMAIL_POLL_MS (1000), MONO_EMAIL_CONCURRENCY (4),
 * MONO_EMAIL_ATTEMPTS (5), MONO_EMAIL_BACKOFF_MS (2000), MONO_EMAIL_RATE_PER_MINUTE (none).
 */
import { Redis } from "ioredis";
import { createPostgresDatabase } from "../db/database.ts";
import { smtpMailerFromUrl } from "../identity/mailer.ts";
import { BullEmailQueue, DatabaseEmailQueue } from "./email-queue.ts";
import { EmailWorker } from "./email-worker.ts";

const env = process.env;
const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
if (!env.DATABASE_URL || !env.SMTP_URL) {
  console.error("mono email worker: DATABASE_URL and SMTP_URL are required");
  process.exit(1);
}
const db = createPostgresDatabase(env.DATABASE_URL, { max: 4 });
const retry = { attempts: num("MONO_EMAIL_ATTEMPTS", 5), backoffMs: num("MONO_EMAIL_BACKOFF_MS", 2_000) };
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }) : null;
const queue = redis
  ? new BullEmailQueue(redis, env.MONO_EMAIL_QUEUE_PREFIX ?? "mono", retry)
  : new DatabaseEmailQueue();
const worker = new EmailWorker({
  db,
  transport: smtpMailerFromUrl(env.SMTP_URL, env.MAIL_FROM ?? "Mono <no-reply@localhost>"),
  queue,
  redis: redis?.duplicate(),
  retry,
  lockMs: num("MONO_EMAIL_LOCK_MS", 60_000),
  pollMs: num("MONO_EMAIL_POLL_MS", 1_000),
  sweepMs: num("MONO_EMAIL_SWEEP_MS", 5_000),
  concurrency: num("MONO_EMAIL_CONCURRENCY", 4),
  ratePerMinute: env.MONO_EMAIL_RATE_PER_MINUTE ? Number(env.MONO_EMAIL_RATE_PER_MINUTE) : null,
  log: (error, message) =>
    console.error(`mono email worker: ${message}:`, error instanceof Error ? error.message : error),
}).start();
console.log("mono email worker: started");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker
      .stop()
      .then(() => queue.close())
      .then(() => db.close())
      .finally(() => process.exit(0));
  });
