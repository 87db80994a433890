import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** BullMQ's queue name of variant jobs; the prefix keeps deployments (and test runs) apart. */
export const MEDIA_QUEUE = "mono-media";

/** A queued asset whose variants a worker should make. */
export interface MediaJob {
  readonly tenantId: string;
  readonly id: string;
}

/**
 * Dispatches variant jobs through BullMQ (REDIS_URL). The `media_asset` row stays the truth
 * (`queued`, its lease, its attempts): a job only says "look at this asset". The job id is the
 * asset id, so dispatching an asset whose job still waits is a no-op, and a job Redis lost is
 * dispatched again by the worker's sweeper (media-worker.ts).
 */
export class BullMediaQueue {
  readonly queue: Queue;
  constructor(
    connection: Redis,
    readonly prefix: string,
  ) {
    this.queue = new Queue(MEDIA_QUEUE, { connection, prefix });
  }

  async dispatch(job: MediaJob): Promise<void> {
    await this.queue.add("variants", job, { jobId: job.id, removeOnComplete: true, removeOnFail: true });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
