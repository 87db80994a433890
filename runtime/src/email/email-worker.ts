import { DelayedError, type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Database } from "../db/database.ts";
import type { Mailer } from "../identity/mailer.ts";
import {
  backoffAfter,
  BullEmailQueue,
  DEFAULT_RETRY,
  EMAIL_QUEUE,
  type EmailQueue,
  type RetryPolicy,
} from "./email-queue.ts";

export interface EmailWorkerOptions {
  db: Database;
  transport: Mailer;
  queue: EmailQueue;
  /** For BullMQ: a connection of the worker's own (blocking commands), `maxRetriesPerRequest: null`. */
  redis?: Redis;
  /** Emails in flight at once (default 4). */
  concurrency?: number;
  /** Database queue: how often to look for due emails when nothing wakes the worker (default 1 s). */
  pollMs?: number;
  /** How long a claimed email stays the claimant's; after that another worker may take it (default 60 s). */
  lockMs?: number;
  /** BullMQ: how often the sweeper re-dispatches what the queue forgot (default 5 s). */
  sweepMs?: number;
  retry?: RetryPolicy;
  /** Per tenant, emails per minute (null: no limit). */
  ratePerMinute?: number | null;
  log?: (error: unknown, message: string) => void;
}

interface MessageRow {
  id: string;
  tenantId: string | null;
  templateKey: string;
  locale: string;
  recipient: string;
  sender: string;
  subject: string;
  html: string;
  text: string;
  attempts: number;
  maxAttempts: number;
  priority: number;
  sendAfter: string;
}

const COLUMNS = `m."id", m."tenantId", m."templateKey", m."locale", m."recipient", m."sender", m."subject", m."html",
  m."text", m."attempts", m."maxAttempts", m."priority", m."sendAfter"`;

type Outcome = "sent" | "retry" | "failed" | "bounced" | "rate-limited";

/**
 * Sends persisted emails. Every send starts with a claim in the database (status `sending`,
 * attempts + 1, a lock until `lockMs` from now): a job handed out twice (a BullMQ retry, the
 * sweeper, a restarted worker) finds the row claimed or sent and does nothing. A worker killed
 * mid-send leaves its rows `sending` until the lock expires; then they go out again.
 */
export class EmailWorker {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private bull: Worker | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly retry: RetryPolicy;
  private readonly lockMs: number;

  constructor(private readonly options: EmailWorkerOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.lockMs = options.lockMs ?? 60_000;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    const { queue } = this.options;
    if (queue instanceof BullEmailQueue) {
      if (!this.options.redis) throw new Error("a BullMQ email worker needs its own Redis connection");
      this.bull = new Worker(EMAIL_QUEUE, (job, token) => this.processJob(job, token), {
        connection: this.options.redis,
        prefix: queue.prefix,
        concurrency: this.options.concurrency ?? 4,
        lockDuration: Math.max(1_000, Math.min(this.lockMs, 30_000)),
        stalledInterval: Math.max(1_000, Math.min(this.lockMs, 30_000)),
      });
      this.bull.on("error", (error) => this.options.log?.(error, "email worker: BullMQ"));
      const sweep = () => void this.sweep(queue).catch((e: unknown) => this.options.log?.(e, "email sweeper"));
      this.sweeper = setInterval(sweep, this.options.sweepMs ?? 5_000);
      sweep();
    } else {
      if ("onDispatch" in queue && typeof queue.onDispatch === "function")
        this.unsubscribe = (queue.onDispatch as (l: () => void) => () => void)(() => this.wake?.());
      this.loop = this.pollLoop();
    }
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    if (this.sweeper) clearInterval(this.sweeper);
    this.unsubscribe?.();
    await this.loop;
    await this.bull?.close();
  }

  /** Database queue: claim due emails in batches, send them, wait for a wake-up or the next poll. */
  private async pollLoop(): Promise<void> {
    const batch = this.options.concurrency ?? 4;
    while (this.running) {
      let claimed: MessageRow[] = [];
      try {
        claimed = await this.claimDue(batch);
        await Promise.all(claimed.map((row) => this.deliver(row)));
      } catch (error) {
        this.options.log?.(error, "email worker");
      }
      if (claimed.length === batch || !this.running) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.options.pollMs ?? 1_000);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = null;
    }
  }

  private async claimDue(limit: number): Promise<MessageRow[]> {
    const { rows } = await this.options.db.query<MessageRow>(
      `UPDATE "email_message" m SET "status" = 'sending', "attempts" = m."attempts" + 1,
         "lockedUntil" = now() + $2 * interval '1 millisecond', "updatedAt" = now()
       WHERE m."id" IN (
         SELECT "id" FROM "email_message"
          WHERE ("status" = 'queued' AND "sendAfter" <= now()) OR ("status" = 'sending' AND "lockedUntil" < now())
          ORDER BY "priority" DESC, "sendAfter", "id" LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [limit, this.lockMs],
    );
    return rows;
  }

  private async claimOne(id: string): Promise<MessageRow | null> {
    const { rows } = await this.options.db.query<MessageRow>(
      `UPDATE "email_message" m SET "status" = 'sending', "attempts" = m."attempts" + 1,
         "lockedUntil" = now() + $2 * interval '1 millisecond', "updatedAt" = now()
       WHERE m."id" = $1 AND (m."status" = 'queued' OR (m."status" = 'sending' AND m."lockedUntil" < now()))
       RETURNING ${COLUMNS}`,
      [id, this.lockMs],
    );
    return rows[0] ?? null;
  }

  private async processJob(job: Job<{ id: string }>, token?: string): Promise<void> {
    const row = await this.claimOne(job.data.id);
    if (!row) return; // sent already, or another worker holds it
    const outcome = await this.deliver(row);
    if (outcome === "retry") throw new Error(`email ${row.id}: attempt ${row.attempts} failed`);
    if (outcome === "rate-limited") {
      await job.moveToDelayed(Date.now() + 5_000, token);
      throw new DelayedError();
    }
  }

  /** BullMQ: put what the queue forgot (Redis restarted, a dispatch failed) back on it. */
  private async sweep(queue: EmailQueue): Promise<void> {
    const { rows } = await this.options.db.query<{
      id: string;
      tenantId: string | null;
      priority: number;
      sendAfter: string;
    }>(
      `SELECT "id", "tenantId", "priority", "sendAfter" FROM "email_message"
        WHERE ("status" = 'queued' AND "sendAfter" <= now()) OR ("status" = 'sending' AND "lockedUntil" < now())
        ORDER BY "priority" DESC, "sendAfter" LIMIT 1000`,
    );
    for (const r of rows) await queue.dispatch({ ...r, sendAfter: new Date(r.sendAfter).toISOString() });
  }

  private async deliver(row: MessageRow): Promise<Outcome> {
    const { db, transport } = this.options;
    if (row.tenantId && this.options.ratePerMinute) {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS "n" FROM "email_message" WHERE "tenantId" = $1 AND "status" = 'sent' AND "sentAt" > now() - interval '1 minute'`,
        [row.tenantId],
      );
      if (rows[0].n >= this.options.ratePerMinute) {
        await db.query(
          `UPDATE "email_message" SET "status" = 'queued', "attempts" = "attempts" - 1, "lockedUntil" = NULL,
             "sendAfter" = now() + interval '5 seconds', "updatedAt" = now() WHERE "id" = $1 AND "status" = 'sending'`,
          [row.id],
        );
        return "rate-limited";
      }
    }
    const domain = /@([^>\s]+)>?$/.exec(row.sender)?.[1] ?? "mono.local";
    const messageId = `<${row.id}@${domain}>`;
    try {
      await transport.send({
        to: row.recipient,
        from: row.sender,
        subject: row.subject,
        html: row.html,
        text: row.text,
        messageId,
        headers: { "Content-Language": row.locale, "X-Mono-Template": row.templateKey, "X-Mono-Email-Id": row.id },
      });
    } catch (error) {
      return this.failed(row, error);
    }
    await db.query(
      `UPDATE "email_message" SET "status" = 'sent', "sentAt" = now(), "lockedUntil" = NULL, "messageId" = $2,
         "updatedAt" = now() WHERE "id" = $1`,
      [row.id, messageId],
    );
    return "sent";
  }

  private async failed(row: MessageRow, error: unknown): Promise<Outcome> {
    const e = error as { message?: string; responseCode?: number; code?: string };
    const message = (e.message ?? String(error)).slice(0, 2000);
    // A permanent refusal of the recipient (5xx to RCPT TO): retrying cannot help.
    const bounced = e.code === "EENVELOPE" && (e.responseCode ?? 0) >= 500;
    const final = bounced || row.attempts >= row.maxAttempts;
    await this.options.db.query(
      `UPDATE "email_message" SET "status" = $2::varchar, "lastError" = $3, "lockedUntil" = NULL, "updatedAt" = now(),
         "sendAfter" = CASE WHEN $2::varchar = 'queued' THEN now() + $4::int * interval '1 millisecond' ELSE "sendAfter" END
       WHERE "id" = $1`,
      [row.id, bounced ? "bounced" : final ? "failed" : "queued", message, backoffAfter(row.attempts, this.retry)],
    );
    return bounced ? "bounced" : final ? "failed" : "retry";
  }
}
