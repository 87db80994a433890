import { DelayedError, type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WorkflowExecutor } from "./workflow-executor.ts";
import { BullWorkflowQueue, WORKFLOW_QUEUE } from "./workflow-queue.ts";
import type { WorkflowScheduler } from "./workflow-schedule.ts";

export interface WorkflowWorkerOptions {
  executor: WorkflowExecutor;
  /** For BullMQ: a connection of the worker's own (blocking commands), `maxRetriesPerRequest: null`. */
  redis?: Redis;
  /** Steps in flight at once (default 4). */
  concurrency?: number;
  /** Database queue: how often to look for due steps when nothing wakes the worker (default 1 s). */
  pollMs?: number;
  /** How often due timers are fired (default 1 s). */
  timerMs?: number;
  /** Starts the runs of schedule triggers, checked on the timer tick (once per minute each). */
  scheduler?: WorkflowScheduler | null;
  /** BullMQ: how often the sweeper re-dispatches queued steps the queue forgot (default 5 s). */
  sweepMs?: number;
  /** BullMQ: a job's lock and the stall check period, so how soon a dead worker's job runs again (default 30 s). */
  lockMs?: number;
  log?: (error: unknown, message: string) => void;
}

/**
 * Runs workflow steps. With the database queue it polls `workflow_step` (`concurrency` lanes, each
 * claiming one due step per transaction, woken at once by dispatches in this process); with
 * BullMQ it takes jobs (job id = step id) and sweeps queued steps the queue lost. Either way it
 * fires due timers and, with a scheduler, starts the runs of schedule triggers. A step is claimed by its transaction's row lock: a worker killed mid-step
 * leaves nothing claimed (its transaction rolls back) and the step runs again on another worker.
 */
export class WorkflowWorker {
  private running = false;
  private wakers = new Set<() => void>();
  private lanes: Promise<void>[] = [];
  private timers: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private bull: Worker | null = null;
  private unsubscribe: (() => void) | null = null;
  private ticking: Promise<unknown> | null = null;

  constructor(private readonly options: WorkflowWorkerOptions) {}

  start(): this {
    if (this.running) return this;
    this.running = true;
    const { executor } = this.options;
    const queue = executor.options.queue;
    const log = (message: string) => (e: unknown) => this.options.log?.(e, message);
    if (queue instanceof BullWorkflowQueue) {
      if (!this.options.redis) throw new Error("a BullMQ workflow worker needs its own Redis connection");
      this.bull = new Worker(WORKFLOW_QUEUE, (job, token) => this.processJob(job, token), {
        connection: this.options.redis,
        prefix: queue.prefix,
        concurrency: this.options.concurrency ?? 4,
        // A job whose worker died is handed out again after its lock lapses and a stall check sees
        // it (BullMQ renews the lock of a live job every half period, so long steps keep theirs).
        lockDuration: this.options.lockMs ?? 30_000,
        stalledInterval: this.options.lockMs ?? 30_000,
      });
      this.bull.on("error", log("workflow worker: BullMQ"));
      const sweep = () =>
        void executor
          .dueSteps()
          .then(async (steps) => {
            for (const s of steps) await queue.dispatch(s);
          })
          .catch(log("workflow sweeper"));
      this.sweeper = setInterval(sweep, this.options.sweepMs ?? 5_000);
      sweep();
    } else {
      if ("onDispatch" in queue && typeof queue.onDispatch === "function")
        this.unsubscribe = (queue.onDispatch as (l: () => void) => () => void)(() => {
          for (const wake of this.wakers) wake();
        });
      for (let i = 0; i < (this.options.concurrency ?? 4); i++) this.lanes.push(this.lane());
    }
    const tick = () => {
      if (this.ticking) return;
      const scheduler = this.options.scheduler;
      this.ticking = executor
        .fireTimers()
        .catch(log("workflow timers"))
        .then(() => scheduler?.tick().catch(log("workflow schedules")))
        .finally(() => (this.ticking = null));
    };
    this.timers = setInterval(tick, this.options.timerMs ?? 1_000);
    tick();
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    if (this.timers) clearInterval(this.timers);
    if (this.sweeper) clearInterval(this.sweeper);
    this.unsubscribe?.();
    await Promise.all(this.lanes);
    this.lanes = [];
    await this.ticking;
    await this.bull?.close();
    this.bull = null;
  }

  /** One lane of the database queue: run due steps until none is left, then wait for a wake-up or the poll. */
  private async lane(): Promise<void> {
    while (this.running) {
      let ran = false;
      try {
        ran = (await this.options.executor.runStep()) !== "none";
      } catch (error) {
        this.options.log?.(error, "workflow worker");
      }
      if (ran || !this.running) continue;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.wakers.delete(done);
          resolve();
        };
        const timer = setTimeout(done, this.options.pollMs ?? 1_000);
        this.wakers.add(done);
      });
    }
  }

  private async processJob(job: Job<{ id: string; tenantId: string }>, token?: string): Promise<void> {
    const result = await this.options.executor.runStep({ tenantId: job.data.tenantId, id: job.data.id });
    if (typeof result === "object") {
      // Queued for later (a retry's backoff): the job waits until then.
      await job.moveToDelayed(Date.parse(result.notBefore), token);
      throw new DelayedError();
    }
  }
}
