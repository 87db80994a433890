import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import { Worker as BullWorker } from "bullmq";
import type { Redis } from "ioredis";
import type { MediaSpec } from "../../../engine/src/contract/media.ts";
import type { Database } from "../../../engine/src/contract/database-port.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { processImage, type Rendition } from "./images.ts";
import { BullMediaQueue, MEDIA_QUEUE, type MediaJob } from "./media-queue.ts";
import { mediaSql, type StoredVariant } from "./media-store.ts";
import type { MediaStorage } from "./storage.ts";

export interface MediaWorkerOptions {
  readonly db: Database;
  readonly storage: MediaStorage;
  readonly registry: RuntimeRegistry;
  readonly tmpDir: string;
  /** How long a claimed job is this worker's; past it another worker takes it over (default 60 s). */
  readonly leaseMs?: number;
  /** How often an idle worker looks for jobs (default 1 s; an upload in this process wakes it at once). */
  readonly pollMs?: number;
  /**
   * Bytes a tenant may keep when its settings name no `mediaQuotaBytes` (default 1 GiB). Variants
   * that would take the tenant past it are not stored: the job is `failed` at once.
   */
  readonly quotaBytes?: number;
  /** Tries before a job is `failed` (default 5). */
  readonly attempts?: number;
  /** Called after a claim, before the work (tests hold a job here to kill the process). */
  readonly afterClaim?: (job: { tenantId: string; id: string }) => Promise<void>;
  /** Called after the renditions are in storage, before the row is marked ready (tests kill here too). */
  readonly beforeReady?: (job: { tenantId: string; id: string }) => Promise<void>;
  readonly log?: (error: unknown, message: string) => void;
  /**
   * BullMQ dispatch (REDIS_URL): jobs come from the `mono-media` queue instead of polling; a
   * sweeper dispatches queued assets the queue does not have (lost with Redis, or never sent).
   */
  readonly bull?: {
    /** For the sweeper's dispatches. */
    readonly queue: BullMediaQueue;
    /** The worker's own connection (blocking commands), `maxRetriesPerRequest: null`. */
    readonly connection: Redis;
    /** How often the sweeper runs (default 5 s). */
    readonly sweepMs?: number;
    /** A job's lock and the stall check, so how soon a dead worker's job is handed out again (default 30 s). */
    readonly lockMs?: number;
    /** Jobs at once (default 2). */
    readonly concurrency?: number;
  };
}

interface Job {
  tenantId: string;
  id: string;
  templateId: string;
  entity: string;
  field: string;
  mime: string;
  storageKey: string;
  size: number;
  attempts: number;
  lockedUntil: Date;
}

/** The variants of a job do not fit in its tenant's quota: the job fails without retries. */
export class MediaQuotaExceeded extends Error {}

/**
 * Makes image variants from the database queue: `media_asset` rows in status `queued` (the
 * upload is in storage). A worker claims one row with a lease (`lockedUntil`, FOR UPDATE SKIP
 * LOCKED), reads the upload back from storage, makes the renditions (images.ts), stores them and
 * marks the row `ready` in one statement that only succeeds while the lease is its own. Variant
 * keys are named by their content, so a job re-run after a crash writes the same keys again:
 * nothing twice, nothing lost. Several workers (processes) may run at once. With `bull` the
 * jobs come from BullMQ (a job names its asset; the claim is the same) and a sweeper dispatches
 * queued assets the queue lost; without it the worker polls the table.
 */
export class MediaWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wakeRequested = false;
  private bull: BullWorker | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(readonly options: MediaWorkerOptions) {}

  start(): this {
    this.stopped = false;
    const bull = this.options.bull;
    if (!bull) {
      this.schedule(0);
      return this;
    }
    this.bull = new BullWorker(MEDIA_QUEUE, async (job) => void (await this.runOnce(job.data as MediaJob)), {
      connection: bull.connection,
      prefix: bull.queue.prefix,
      concurrency: bull.concurrency ?? 2,
      lockDuration: bull.lockMs ?? 30_000,
      stalledInterval: bull.lockMs ?? 30_000,
    });
    this.bull.on("error", (err) => this.options.log?.(err, "media worker: BullMQ"));
    const sweep = () => {
      if (this.sweeping || this.stopped) return;
      this.sweeping = this.sweep()
        .then(() => {})
        .catch((err: unknown) => this.options.log?.(err, "media sweeper"))
        .finally(() => (this.sweeping = null));
    };
    this.sweeper = setInterval(sweep, bull.sweepMs ?? 5_000);
    this.sweeper.unref?.();
    sweep();
    return this;
  }

  /** BullMQ: dispatches every queued asset whose lease is free (a waiting job makes it a no-op). */
  async sweep(): Promise<number> {
    const { rows } = await this.options.db.query<MediaJob>(
      `SELECT "tenantId", "id" FROM "media_asset"
        WHERE "status" = 'queued' AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
        ORDER BY "createdAt" LIMIT 500`,
    );
    for (const job of rows) await this.options.bull!.queue.dispatch({ tenantId: job.tenantId, id: job.id });
    return rows.length;
  }

  /** An upload was queued in this process: look now instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sweeper) clearInterval(this.sweeper);
    await this.running;
    await this.sweeping;
    await this.bull?.close();
    this.bull = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drain().finally(() => {
        this.running = null;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : (this.options.pollMs ?? 1000));
      });
    }, ms);
    this.timer.unref?.();
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped && (await this.runOnce()));
    } catch (err) {
      this.options.log?.(err, "media worker");
    }
  }

  /** Claims and does one job (the oldest due, or the one named); false when none is due. */
  async runOnce(only?: MediaJob): Promise<boolean> {
    const job = await this.claim(only);
    if (!job) return false;
    await this.options.afterClaim?.({ tenantId: job.tenantId, id: job.id });
    try {
      await this.process(job);
    } catch (err) {
      this.options.log?.(err, `media job ${job.id}`);
      const max = err instanceof MediaQuotaExceeded ? 0 : (this.options.attempts ?? 5);
      await this.options.db.query(
        `UPDATE "media_asset" SET "status" = CASE WHEN "attempts" >= $4 THEN 'failed' ELSE 'queued' END,
           "error" = $5, "lockedUntil" = CASE WHEN "attempts" >= $4 THEN NULL ELSE now() + interval '2 seconds' END
         WHERE "tenantId" = $1 AND "id" = $2 AND "lockedUntil" = $3`,
        [job.tenantId, job.id, job.lockedUntil, max, String((err as Error)?.message ?? err).slice(0, 500)],
      );
    }
    return true;
  }

  private async claim(only?: MediaJob): Promise<Job | null> {
    const lease = this.options.leaseMs ?? 60_000;
    const named = only ? `AND "tenantId" = $2 AND "id" = $3` : "";
    const { rows } = await this.options.db.query<Job>(
      `UPDATE "media_asset" a SET "lockedUntil" = now() + ($1::int * interval '1 millisecond'),
              "attempts" = a."attempts" + 1
        FROM (SELECT "tenantId", "id" FROM "media_asset"
               WHERE "status" = 'queued' AND ("lockedUntil" IS NULL OR "lockedUntil" < now()) ${named}
               ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED) due
        WHERE a."tenantId" = due."tenantId" AND a."id" = due."id"
        RETURNING a."tenantId", a."id", a."templateId", a."entity", a."field", a."mime", a."storageKey",
                  a."size", a."attempts", a."lockedUntil"`,
      only ? [lease, only.tenantId, only.id] : [lease],
    );
    return rows[0] ?? null;
  }

  private spec(job: Job): MediaSpec | null {
    const entity = this.options.registry.template(job.templateId)?.entities.find((e) => e.name === job.entity);
    return (entity?.fields.find((f) => f.name === job.field)?.media as MediaSpec | undefined) ?? null;
  }

  private async process(job: Job): Promise<void> {
    const spec = this.spec(job);
    if (!spec) throw new Error(`no media field ${job.templateId}:${job.entity}.${job.field}`);
    const { storage, tmpDir, db } = this.options;
    await mkdir(tmpDir, { recursive: true });
    const source = path.join(tmpDir, `${randomUUID()}.source`);
    let renditions: Rendition[] = [];
    try {
      const file = await storage.get(job.storageKey);
      if (!file) throw new Error(`the upload ${job.storageKey} is not in storage`);
      await pipeline(file.body, createWriteStream(source));
      const image = await processImage(source, job.mime, spec, tmpDir);
      renditions = [...image.renditions];
      const storedBytes = job.size + renditions.reduce((n, r) => n + r.size, 0);
      // The quota counts the variants too: reserve their bytes (under the tenant's lock) before storing them.
      await db.transaction(async (s) => {
        await mediaSql.lockTenant(s, job.tenantId);
        const usage = await mediaSql.usage(s, job.tenantId, this.options.quotaBytes ?? 1024 ** 3);
        const { rows } = await s.query<{ storedBytes: number }>(
          `SELECT "storedBytes" FROM "media_asset" WHERE "tenantId" = $1 AND "id" = $2`,
          [job.tenantId, job.id],
        );
        const others = usage.usedBytes - (rows[0]?.storedBytes ?? 0);
        if (others + storedBytes > usage.quotaBytes)
          throw new MediaQuotaExceeded(
            `RT_ERR_MEDIA_QUOTA: the variants (${storedBytes} bytes with the upload) do not fit in the quota of ${usage.quotaBytes} bytes (${others} used)`,
          );
        await mediaSql.reserve(s, job.tenantId, job.id, storedBytes);
      });
      const variants: StoredVariant[] = [];
      for (const r of renditions) {
        const key = `${job.tenantId}/${job.id}/${r.name}-${r.sha256.slice(0, 12)}.${r.format}`;
        await storage.putFile(key, r.tempPath, r.mime, r.size);
        variants.push({
          name: r.name,
          format: r.format,
          mime: r.mime,
          width: r.width,
          height: r.height,
          size: r.size,
          key,
        });
      }
      await this.options.beforeReady?.({ tenantId: job.tenantId, id: job.id });
      // Only while the lease is ours: a worker that lost it (too slow) changes nothing.
      await db.query(
        `UPDATE "media_asset" SET "status" = 'ready', "width" = $4, "height" = $5, "placeholder" = $6,
           "metadata" = $7::jsonb, "variants" = $8::jsonb, "storedBytes" = $9, "lockedUntil" = NULL,
           "error" = NULL, "updatedAt" = now()
         WHERE "tenantId" = $1 AND "id" = $2 AND "status" = 'queued' AND "lockedUntil" = $3`,
        [
          job.tenantId,
          job.id,
          job.lockedUntil,
          image.width,
          image.height,
          image.placeholder,
          JSON.stringify(image.metadata),
          JSON.stringify(variants),
          storedBytes,
        ],
      );
    } finally {
      await rm(source, { force: true });
      for (const r of renditions) await rm(r.tempPath, { force: true });
    }
  }
}
