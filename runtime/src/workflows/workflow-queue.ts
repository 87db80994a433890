import { Queue } from "bullmq";
import type { Redis } from "ioredis";

/** A queued step the queue should hand to a worker. */
export interface QueuedStep {
  readonly id: string;
  readonly tenantId: string;
  /** When it may run (ISO 8601); later than now for a retry's backoff. */
  readonly runAfter: string;
}

/** Retry policy of failing steps: `attempts` tries, `backoffMs · 2^(n-1)` apart. */
export interface StepRetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
}

export const DEFAULT_STEP_RETRY: StepRetryPolicy = { attempts: 5, backoffMs: 1_000 };

export const stepBackoff = (attempt: number, policy: StepRetryPolicy): number =>
  policy.backoffMs * 2 ** Math.max(0, attempt - 1);

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
export class DatabaseWorkflowQueue implements WorkflowQueue {
  readonly kind = "database";
  private readonly listeners = new Set<() => void>();
  onDispatch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async dispatch(): Promise<void> {
    for (const wake of this.listeners) wake();
  }
  async close(): Promise<void> {
    this.listeners.clear();
  }
}

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
