import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { InProcessWake, type RetryPolicy } from "../db/database-queue.ts";

export { backoffAfter, type RetryPolicy } from "../db/database-queue.ts";

/** A persisted email the queue should hand to a worker. */
export interface QueuedEmail {
  readonly id: string;
  readonly tenantId: string | null;
  readonly priority: number;
  /** When it may go out (ISO 8601); later than now for a scheduled send. */
  readonly sendAfter: string;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 2_000 };

/**
 * Wakes workers for persisted emails. The database row is the truth (status, attempts, when
 * due); a queue only dispatches, so a lost queue loses nothing: the sweeper re-dispatches.
 */
export interface EmailQueue {
  readonly kind: "database" | "bullmq";
  dispatch(email: QueuedEmail): Promise<void>;
  close(): Promise<void>;
}

/** The embedded default: workers poll `email_message`; a dispatch only wakes the ones in this process. */
export class DatabaseEmailQueue extends InProcessWake implements EmailQueue {}

/** BullMQ's queue name; `prefix` keeps test runs (and deployments sharing a Redis) apart. */
export const EMAIL_QUEUE = "mono-email";

/**
 * BullMQ (REDIS_URL): the job id is the email id, so a re-dispatch of a waiting email is a
 * no-op; priority and delay (a scheduled send) are BullMQ's; retries with exponential backoff
 * are BullMQ's attempts, mirrored into the row.
 */
export class BullEmailQueue implements EmailQueue {
  readonly kind = "bullmq";
  readonly queue: Queue;
  constructor(
    connection: Redis,
    readonly prefix: string,
    readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.queue = new Queue(EMAIL_QUEUE, { connection, prefix });
  }
  async dispatch(email: QueuedEmail): Promise<void> {
    const delay = Math.max(0, Date.parse(email.sendAfter) - Date.now());
    await this.queue.add(
      "send",
      { id: email.id, tenantId: email.tenantId },
      {
        jobId: email.id,
        // BullMQ: 1 is the highest priority; ours: higher numbers go first.
        ...(email.priority > 0 ? { priority: Math.max(1, 1000 - email.priority) } : {}),
        ...(delay > 0 ? { delay } : {}),
        attempts: this.retry.attempts,
        backoff: { type: "exponential", delay: this.retry.backoffMs },
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  }
  async close(): Promise<void> {
    await this.queue.close();
  }
}
