import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { InProcessWake, type RetryPolicy } from "../db/database-queue.ts";

/** A queued step the queue should hand to a worker. */
export interface QueuedStep {
  readonly id: string;
  readonly tenantId: string;
  /** When it may run (ISO 8601); later than now for a retry's backoff. */
  readonly runAfter: string;
}

/** Retries of failing steps (the executor's, on the step row). */
export const DEFAULT_STEP_RETRY: RetryPolicy = { attempts: 5, backoffMs: 1_000 };

/**
 * Wakes workers for queued steps. The `workflow_step` row is the truth (status, attempts, when
 * due); a queue only dispatches, so a lost queue loses nothing: the sweeper re-dispatches.
 */
export interface WorkflowQueue {
  readonly kind: "database" | "bullmq";
  dispatch(step: QueuedStep): Promise<void>;
  close(): Promise<void>;
}

/** The embedded default: workers poll `workflow_step`; a dispatch wakes the workers of this process. */
export class DatabaseWorkflowQueue extends InProcessWake implements WorkflowQueue {}

/** BullMQ's queue name; `prefix` keeps test runs (and deployments sharing a Redis) apart. */
export const WORKFLOW_QUEUE = "mono-workflow";

/**
 * BullMQ (REDIS_URL): the job id is the step id, so a re-dispatch of a step whose job is still
 * waiting is a no-op; a retry's backoff is the job's delay. Retries are the executor's (the row's
 * attempts), not BullMQ's: a job only says "look at this step".
 */
export class BullWorkflowQueue implements WorkflowQueue {
  readonly kind = "bullmq";
  readonly queue: Queue;
  constructor(
    connection: Redis,
    readonly prefix: string,
  ) {
    this.queue = new Queue(WORKFLOW_QUEUE, { connection, prefix });
  }
  async dispatch(step: QueuedStep): Promise<void> {
    const delay = Math.max(0, Date.parse(step.runAfter) - Date.now());
    await this.queue.add(
      "step",
      { id: step.id, tenantId: step.tenantId },
      { jobId: step.id, ...(delay > 0 ? { delay } : {}), removeOnComplete: true, removeOnFail: true },
    );
  }
  async close(): Promise<void> {
    await this.queue.close();
  }
}
