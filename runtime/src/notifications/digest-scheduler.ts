import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Notifier } from "./notifier.ts";

/** BullMQ's queue of the digest job; the email queue's prefix keeps deployments apart. */
export const NOTIFICATION_QUEUE = "mono-notifications";

export interface DigestSchedulerOptions {
  notifier: Notifier;
  /** How often the digest job runs (default hourly); each run sends what is due. */
  everyMs?: number;
  /** BullMQ (REDIS_URL): one repeatable job for all processes, a worker connection of its own. */
  redis?: { queue: Redis; worker: Redis; prefix: string } | null;
  log?: (error: unknown, message: string) => void;
}

/**
 * Runs the daily digest on a schedule. With BullMQ a job scheduler (kept in Redis) fires the
 * job once per interval for all processes; without Redis each process runs it on a timer.
 * Either way the truth is in PostgreSQL (digested rows, one email per user and day by its
 * dedupe key), so two runs at once, a missed run or a restart neither lose nor repeat a digest.
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | null = null;
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private running: Promise<unknown> | null = null;
  /** Runs finished so far (for tests and metrics). */
  runs = 0;

  constructor(private readonly options: DigestSchedulerOptions) {}

  async start(): Promise<void> {
    const every = this.options.everyMs ?? 3_600_000;
    const { redis } = this.options;
    if (redis) {
      this.queue = new Queue(NOTIFICATION_QUEUE, { connection: redis.queue, prefix: redis.prefix });
      await this.queue.upsertJobScheduler(
        "daily-digest",
        { every },
        { name: "digest", opts: { removeOnComplete: true, removeOnFail: true } },
      );
      this.worker = new Worker(NOTIFICATION_QUEUE, () => this.run(), {
        connection: redis.worker,
        prefix: redis.prefix,
        concurrency: 1,
      });
      this.worker.on("error", (error) => this.options.log?.(error, "digest worker: BullMQ"));
      return;
    }
    this.timer = setInterval(() => void this.run(), every);
    this.timer.unref();
    void this.run();
  }

  /** One run now; a run already in progress is joined, not doubled. */
  run(): Promise<unknown> {
    this.running ??= this.options.notifier
      .runDigest()
      .catch((error: unknown) => this.options.log?.(error, "notification digest"))
      .finally(() => {
        this.runs++;
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.worker?.close();
    await this.queue?.close();
    await this.running;
  }
}
