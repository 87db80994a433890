/**
 * Record content: a create or update of an `x-translatable` field in the template's default
 * locale queues one job per other locale (`translation_job`, unique per record, field, locale
 * and source hash, so a repeated write queues nothing new). Workers claim due jobs with
 * `FOR UPDATE SKIP LOCKED` and a lease: a worker that dies mid-job leaves it `running` until the
 * lease ends, then another takes it over. The translation goes through the memory first, and a
 * model's answer is stored in the memory before the record is written, so a job taken over after
 * a crash finds its text there and makes no second request.
 */
import type { EntityRegistry, FieldRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { EntityWriteHooks } from "../crud/routes/entity-routes.ts";
import type { Database, SqlSession } from "../db/database.ts";
import { backoffAfter, InProcessWake, type RetryPolicy } from "../db/database-queue.ts";
import { sha256, type TranslationService } from "./translation-service.ts";

export interface TranslationJobRow {
  id: string;
  tenantId: string;
  templateId: string;
  entity: string;
  recordId: string;
  field: string;
  sourceLocale: string;
  targetLocale: string;
  sourceHash: string;
  status: string;
  attempts: number;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

function translatableFields(entity: EntityRegistry): FieldRegistry[] {
  return entity.fields.filter((f) => f.translatable);
}

/** The locales a tenant translates into: `settings.translation.locales` within the template's, else all the template's but the default. */
export function targetLocales(template: TemplateRegistry, tenantLocales: readonly string[] | null): string[] {
  const others = template.locales.filter((l) => l !== template.defaultLocale);
  return tenantLocales ? others.filter((l) => tenantLocales.includes(l)) : others;
}

/** Queues the jobs of one written record (idempotent); returns how many were new. */
export async function enqueueRecordJobs(
  session: SqlSession,
  tenantId: string,
  template: TemplateRegistry,
  entity: EntityRegistry,
  row: Record<string, unknown>,
  written: readonly string[],
): Promise<number> {
  const fields = translatableFields(entity).filter((f) => written.includes(f.name));
  if (!fields.length) return 0;
  const { rows: settings } = await session.query<{ l: string[] | null }>(
    `SELECT "settings"->'translation'->'locales' AS l FROM "tenant" WHERE "id" = $1`,
    [tenantId],
  );
  const tenantLocales = Array.isArray(settings[0]?.l) ? settings[0].l : null;
  const locales = targetLocales(template, tenantLocales);
  let added = 0;
  for (const field of fields) {
    const text = row[field.name];
    if (typeof text !== "string" || !text.trim()) continue;
    for (const locale of locales) {
      const { rowCount } = await session.query(
        `INSERT INTO "translation_job" ("tenantId", "templateId", "entity", "recordId", "field", "sourceLocale", "targetLocale", "sourceHash")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ("tenantId", "templateId", "entity", "recordId", "field", "targetLocale", "sourceHash") DO NOTHING`,
        [tenantId, template.id, entity.name, row.id, field.name, template.defaultLocale, locale, sha256(text)],
      );
      added += rowCount;
    }
  }
  return added;
}

/** The entity write hooks: queue jobs for default-locale writes of translatable fields, wake the worker after the commit. */
export function translationWriteHooks(wake: InProcessWake): EntityWriteHooks {
  return {
    applies: (t) => t.view.storage.kind === "native" && t.view.entity.fields.some((f) => f.translatable),
    async before() {
      return null;
    },
    async after(_request, target, _op, row, body, _state, session) {
      // A write in another locale is someone's translation: it queues nothing.
      if (target.view.translation && target.view.translation.locale !== target.view.template.defaultLocale) return [];
      const written = body && typeof body === "object" ? Object.keys(body) : [];
      const added = await enqueueRecordJobs(
        session,
        target.tenantId,
        target.view.template,
        target.view.entity,
        row,
        written,
      );
      return added ? [() => wake.dispatch()] : [];
    },
  };
}

export interface TranslationWorkerOptions {
  /** How long a claimed job is its worker's (default 60 s); after it another worker may take it. */
  readonly leaseMs?: number;
  /** Jobs per claim (default 10). */
  readonly batch?: number;
  /** Poll interval when idle (default 1 s). */
  readonly pollMs?: number;
  readonly retry?: RetryPolicy;
  /** Test seam: runs after the translation, before the record is written (a crash there). */
  readonly beforeApply?: (job: TranslationJobRow) => Promise<void>;
}

export class TranslationWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private unsubscribe: (() => void) | null = null;

  constructor(
    readonly db: Database,
    readonly templates: () => readonly TemplateRegistry[],
    readonly service: TranslationService,
    readonly wake: InProcessWake,
    private readonly options: TranslationWorkerOptions = {},
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.wake.onDispatch(() => this.kick());
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private kick(): void {
    if (this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    // A failed round (the database away) is retried at the next poll; its jobs' leases run out.
    this.running = this.drain()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(() => this.kick(), this.options.pollMs ?? 1000);
      });
  }

  /** Runs due jobs until none is left; returns how many ran. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await this.claim();
      if (!jobs.length) return total;
      // One batch per tenant, template and locale pair.
      const groups = new Map<string, TranslationJobRow[]>();
      for (const job of jobs) {
        const key = [job.tenantId, job.templateId, job.sourceLocale, job.targetLocale].join("|");
        groups.set(key, [...(groups.get(key) ?? []), job]);
      }
      for (const group of groups.values()) await this.runGroup(group);
      total += jobs.length;
    }
  }

  /** Claims due jobs (queued and due, or running past their lease). */
  async claim(): Promise<TranslationJobRow[]> {
    const { rows } = await this.db.query<TranslationJobRow>(
      `UPDATE "translation_job" AS j SET "status" = 'running', "attempts" = j."attempts" + 1,
              "lockedUntil" = now() + ($1::int * interval '1 millisecond'), "updatedAt" = now()
        WHERE ("tenantId", "id") IN (
          SELECT "tenantId", "id" FROM "translation_job"
           WHERE ("status" = 'queued' AND "runAfter" <= now()) OR ("status" = 'running' AND "lockedUntil" < now())
           ORDER BY "runAfter", "id" LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING j.*`,
      [this.options.leaseMs ?? 60_000, this.options.batch ?? 10],
    );
    return rows;
  }

  private async finish(job: TranslationJobRow, status: string, error: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE "translation_job" SET "status" = $3, "lastError" = $4, "lockedUntil" = NULL, "updatedAt" = now()
        WHERE "tenantId" = $1 AND "id" = $2`,
      [job.tenantId, job.id, status, error],
    );
  }

  /** Runs claimed jobs of one tenant, template and locale pair: their texts in one translation call. */
  async runGroup(jobs: readonly TranslationJobRow[]): Promise<void> {
    const ready: { job: TranslationJobRow; entity: EntityRegistry; field: FieldRegistry; source: string }[] = [];
    for (const job of jobs) {
      const template = this.templates().find((t) => t.id === job.templateId);
      const entity = template?.entities.find((e) => e.name === job.entity);
      const field = entity?.fields.find((f) => f.name === job.field && f.translatable);
      if (!template || !entity || !field || entity.draft) {
        await this.finish(job, "failed", "the field is gone");
        continue;
      }
      const source = await this.sourceText(job, entity, field);
      // The record is gone or its text changed since: a newer job (if any) has the new text.
      if (source === null || sha256(source) !== job.sourceHash) await this.finish(job, "stale");
      else ready.push({ job, entity, field, source });
    }
    if (!ready.length) return;
    const first = ready[0].job;
    const results = await this.service.translate(first.tenantId, {
      sourceLocale: first.sourceLocale,
      targetLocale: first.targetLocale,
      texts: ready.map((r) => r.source),
      templateGlossary: this.service.templateGlossary(first.templateId),
      jobFor: (text) => ready.find((r) => r.source === text)?.job.id,
    });
    for (const [i, { job, entity, field }] of ready.entries()) {
      const result = results[i];
      if (result.status === "review") {
        await this.finish(job, "review");
        continue;
      }
      if (result.status === "rejected" || result.status === "failed") {
        const policy = this.options.retry ?? { attempts: 3, backoffMs: 5000 };
        const error = result.error ?? result.issues.map((x) => x.message).join("; ");
        if (job.attempts >= policy.attempts) await this.finish(job, "failed", error);
        else
          await this.db.query(
            `UPDATE "translation_job" SET "status" = 'queued', "lastError" = $3, "lockedUntil" = NULL,
                    "runAfter" = now() + ($4::int * interval '1 millisecond'), "updatedAt" = now()
              WHERE "tenantId" = $1 AND "id" = $2`,
            [job.tenantId, job.id, error, backoffAfter(job.attempts, policy)],
          );
        continue;
      }
      await this.options.beforeApply?.(job);
      await this.db.transaction(async (tx) => {
        await applyTranslation(tx, job, entity, field, result.text!);
        await tx.query(
          `UPDATE "translation_job" SET "status" = 'done', "lastError" = NULL, "lockedUntil" = NULL, "updatedAt" = now()
            WHERE "tenantId" = $1 AND "id" = $2`,
          [job.tenantId, job.id],
        );
      });
    }
  }

  private async sourceText(
    job: TranslationJobRow,
    entity: EntityRegistry,
    field: FieldRegistry,
  ): Promise<string | null> {
    const deleted = entity.softDelete ? ` AND "deletedAt" IS NULL` : "";
    const { rows } = await this.db.query<{ t: string | null }>(
      `SELECT ${q(field.columns[0].name)} AS t FROM ${q(entity.table)} WHERE "tenantId" = $1 AND "id" = $2${deleted}`,
      [job.tenantId, job.recordId],
    );
    return rows[0]?.t ?? null;
  }
}

/**
 * Writes a translation into the record's `translations`, only while its source text is still the
 * one translated (the hash of the column).
 */
export async function applyTranslation(
  session: SqlSession,
  job: Pick<TranslationJobRow, "tenantId" | "recordId" | "targetLocale" | "sourceHash">,
  entity: EntityRegistry,
  field: FieldRegistry,
  text: string,
): Promise<boolean> {
  const column = q(field.columns[0].name);
  const { rowCount } = await session.query(
    `UPDATE ${q(entity.table)}
        SET "translations" = COALESCE("translations", '{}'::jsonb)
          || jsonb_build_object($3::text, COALESCE("translations"->$3::text, '{}'::jsonb) || jsonb_build_object($4::text, $5::text))
      WHERE "tenantId" = $1 AND "id" = $2 AND encode(sha256(convert_to(${column}, 'UTF8')), 'hex') = $6`,
    [job.tenantId, job.recordId, job.targetLocale, field.name, text, job.sourceHash],
  );
  return rowCount > 0;
}
