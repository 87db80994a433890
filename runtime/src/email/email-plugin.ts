import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import type { Mailer } from "../identity/mailer.ts";
import { EmailCatalogue } from "./email-catalogue.ts";
import { EmailOutbox } from "./email-outbox.ts";
import { BullEmailQueue, DatabaseEmailQueue, DEFAULT_RETRY, type EmailQueue, type RetryPolicy } from "./email-queue.ts";
import { EmailRenderer } from "./email-renderer.ts";
import { EmailWorker, type EmailWorkerOptions } from "./email-worker.ts";

export interface EmailOptions {
  /** Where sent emails go: SMTP (any provider) or the development outbox folder. */
  transport: Mailer;
  /** `Name <address>` of the sender; the name is replaced by the tenant's sender name. */
  from?: string;
  /**
   * BullMQ on this Redis (server.ts passes it when REDIS_URL is set); without it the database
   * queue. Its worker needs a connection of its own: `workerRedis`.
   */
  redis?: { queue: Redis; worker: Redis; prefix?: string } | null;
  retry?: RetryPolicy;
  /** Per tenant, emails per minute the worker sends at most (null or unset: no limit). */
  ratePerMinute?: number | null;
  /**
   * The development outbox folder to read back (dev-outbox.ts): set by the server entry only in
   * development without SMTP; ignored in production.
   */
  devOutbox?: { dir: string } | null;
  /** Run a worker in this process (default true); false when separate worker processes send. */
  worker?: boolean | Omit<EmailWorkerOptions, "db" | "transport" | "queue" | "redis" | "retry">;
}

export interface EmailServices {
  readonly renderer: EmailRenderer;
  readonly catalogue: EmailCatalogue;
  readonly outbox: EmailOutbox;
  readonly queue: EmailQueue;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The email pipeline (runtime/src/email/README.md). */
    email: EmailServices;
  }
}

/** The pipeline as a plugin: renderer, catalogue, outbox, queue, and (by default) a worker. */
export const emailPlugin = fp(
  async (app, options: EmailOptions) => {
    const retry = options.retry ?? DEFAULT_RETRY;
    const queue: EmailQueue = options.redis
      ? new BullEmailQueue(options.redis.queue, options.redis.prefix ?? "mono", retry)
      : new DatabaseEmailQueue();
    const renderer = new EmailRenderer();
    const catalogue = new EmailCatalogue(app.db, app.registry);
    const outbox = new EmailOutbox({
      db: app.db,
      catalogue,
      renderer,
      queue,
      from: options.from ?? "Mono <no-reply@localhost>",
      maxAttempts: retry.attempts,
      log: (err, message) => app.log.warn({ err }, message),
    });
    app.decorate("email", { renderer, catalogue, outbox, queue });
    const worker =
      options.worker === false
        ? null
        : new EmailWorker({
            ...(typeof options.worker === "object" ? options.worker : {}),
            db: app.db,
            transport: options.transport,
            queue,
            redis: options.redis?.worker,
            retry,
            ratePerMinute: options.ratePerMinute ?? null,
            log: (err, message) => app.log.error({ err }, message),
          });
    app.addHook("onReady", async () => void worker?.start());
    app.addHook("onClose", async () => {
      await worker?.stop();
      await queue.close();
      await options.transport.close?.();
    });
  },
  { name: "mono-email" },
);
