/**
 * Translating segments for a tenant: the translation memory first (an exact hit is reused with
 * no request), then the provider in batches with the glossary's terms and fuzzy memory matches
 * (pg_trgm similarity) as references; every answer is checked (checks.ts) and scored: rejected
 * segments are dropped, those scoring below the threshold wait in the review queue, the rest go
 * into the memory. Every request's tokens and cost go into `translation_usage`.
 */
import { createHash } from "node:crypto";
import type { Database, SqlSession } from "../db/database.ts";
import { checkSegment, termsIn, type GlossaryTerm, type Issue } from "./checks.ts";
import { providerFor, type TranslationProvider, type TranslationSettings } from "./providers.ts";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface SegmentResult {
  readonly source: string;
  /** memory: reused; translated: new, stored in the memory; review: waits for a human; rejected: dropped; failed: the provider failed. */
  readonly status: "memory" | "translated" | "review" | "rejected" | "failed";
  readonly text: string | null;
  readonly score: number | null;
  readonly issues: readonly Issue[];
  readonly reviewId?: string;
  readonly error?: string;
}

export interface TranslateOptions {
  readonly sourceLocale: string;
  readonly targetLocale: string;
  readonly texts: readonly string[];
  /** The template's glossary (its `glossary.json`), besides the tenant's. */
  readonly templateGlossary?: readonly GlossaryTerm[];
  /** The record-content job a text comes from (kept on its review row). */
  readonly jobFor?: (text: string) => string | undefined;
}

export interface TranslationServiceOptions {
  /** The provider to use, whatever the tenant's settings say (tests, the CLI). */
  readonly provider?: TranslationProvider | null;
  readonly env?: Record<string, string | undefined>;
  /** Segments per request (default 20). */
  readonly batchSize?: number;
  /** Fuzzy matches at least this similar are passed as references (default 0.5). */
  readonly fuzzyThreshold?: number;
  /** Templates' glossaries by template id. */
  readonly glossaries?: Readonly<Record<string, readonly GlossaryTerm[]>>;
}

export class TranslationService {
  constructor(
    readonly db: Database,
    private readonly options: TranslationServiceOptions = {},
  ) {}

  /** The tenant's `settings.translation`. */
  async settings(tenantId: string): Promise<TranslationSettings> {
    const { rows } = await this.db.query<{ s: TranslationSettings | null }>(
      `SELECT "settings"->'translation' AS s FROM "tenant" WHERE "id" = $1`,
      [tenantId],
    );
    return rows[0]?.s ?? {};
  }

  async provider(tenantId: string, settings?: TranslationSettings): Promise<TranslationProvider | null> {
    if (this.options.provider !== undefined) return this.options.provider;
    return providerFor(settings ?? (await this.settings(tenantId)), this.options.env ?? process.env);
  }

  templateGlossary(templateId: string): readonly GlossaryTerm[] {
    return this.options.glossaries?.[templateId] ?? [];
  }

  async glossary(tenantId: string, locale: string): Promise<GlossaryTerm[]> {
    const { rows } = await this.db.query<GlossaryTerm>(
      `SELECT "term", "rule", "translation", "locale" FROM "translation_glossary"
        WHERE "tenantId" = $1 AND "locale" IN ('*', $2) ORDER BY "term"`,
      [tenantId, locale],
    );
    return rows;
  }

  /** Exact memory hits by source hash. */
  async memoryHits(tenantId: string, from: string, to: string, texts: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.db.query<{ sourceText: string; targetText: string }>(
      `SELECT "sourceText", "targetText" FROM "translation_memory"
        WHERE "tenantId" = $1 AND "sourceLocale" = $2 AND "targetLocale" = $3 AND "sourceHash" = ANY($4::text[])`,
      [tenantId, from, to, texts.map(sha256)],
    );
    return new Map(rows.map((r) => [r.sourceText, r.targetText]));
  }

  /** The most similar earlier translations of `text` (pg_trgm), at least `fuzzyThreshold` similar. */
  async fuzzyMatches(tenantId: string, from: string, to: string, text: string) {
    const { rows } = await this.db.query<{ source: string; target: string; similarity: number }>(
      `SELECT "sourceText" AS source, "targetText" AS target, similarity("sourceText", $4) AS similarity
         FROM "translation_memory"
        WHERE "tenantId" = $1 AND "sourceLocale" = $2 AND "targetLocale" = $3 AND similarity("sourceText", $4) >= $5
        ORDER BY similarity DESC, "sourceText" LIMIT 3`,
      [tenantId, from, to, text, this.options.fuzzyThreshold ?? 0.5],
    );
    return rows;
  }

  async remember(
    session: SqlSession,
    tenantId: string,
    from: string,
    to: string,
    source: string,
    target: string,
    origin: "model" | "human",
    score: number | null,
  ): Promise<void> {
    // A human's text replaces a model's; a model's never replaces anything.
    await session.query(
      `INSERT INTO "translation_memory" ("tenantId", "sourceLocale", "targetLocale", "sourceHash", "sourceText", "targetText", "origin", "score")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ("tenantId", "sourceLocale", "targetLocale", "sourceHash") DO UPDATE
         SET "targetText" = EXCLUDED."targetText", "origin" = EXCLUDED."origin", "score" = EXCLUDED."score", "updatedAt" = now()
         WHERE EXCLUDED."origin" = 'human'`,
      [tenantId, from, to, sha256(source), source, target, origin, score],
    );
  }

  /** Translates `texts` (duplicates once); results in the order given. */
  async translate(tenantId: string, options: TranslateOptions): Promise<SegmentResult[]> {
    const { sourceLocale: from, targetLocale: to } = options;
    const unique = [...new Set(options.texts)];
    const results = new Map<string, SegmentResult>();
    const hits = await this.memoryHits(tenantId, from, to, unique);
    for (const [source, text] of hits) results.set(source, { source, status: "memory", text, score: null, issues: [] });
    // A segment already waiting for review is not asked for again.
    const { rows: waiting } = await this.db.query<{
      id: string;
      sourceText: string;
      proposedText: string;
      score: number;
    }>(
      `SELECT DISTINCT ON ("sourceHash") "id", "sourceText", "proposedText", "score" FROM "translation_review"
        WHERE "tenantId" = $1 AND "sourceLocale" = $2 AND "targetLocale" = $3 AND "status" = 'pending' AND "sourceHash" = ANY($4::text[])
        ORDER BY "sourceHash", "createdAt"`,
      [tenantId, from, to, unique.filter((t) => !hits.has(t)).map(sha256)],
    );
    for (const r of waiting)
      results.set(r.sourceText, {
        source: r.sourceText,
        status: "review",
        text: r.proposedText,
        score: r.score,
        issues: [],
        reviewId: r.id,
      });
    const misses = unique.filter((t) => !results.has(t) && t.trim() !== "");
    for (const t of unique)
      if (t.trim() === "") results.set(t, { source: t, status: "memory", text: t, score: null, issues: [] });
    if (misses.length) {
      const settings = await this.settings(tenantId);
      const provider = await this.provider(tenantId, settings);
      const threshold = settings.reviewThreshold ?? 0.7;
      const glossary = [...(options.templateGlossary ?? []), ...(await this.glossary(tenantId, to))];
      const size = this.options.batchSize ?? 20;
      for (let i = 0; i < misses.length; i += size) {
        const batch = misses.slice(i, i + size);
        if (!provider) {
          for (const source of batch)
            results.set(source, {
              source,
              status: "failed",
              text: null,
              score: null,
              issues: [],
              error: "no provider configured",
            });
          continue;
        }
        const references = [];
        for (const source of batch) references.push(...(await this.fuzzyMatches(tenantId, from, to, source)));
        const segments = batch.map((text, n) => ({ id: `s${n + 1}`, text }));
        const batchTerms = glossary.filter((g) => batch.some((s) => termsIn(s, [g], to).length));
        let answer;
        try {
          answer = await provider.translate({
            sourceLocale: from,
            targetLocale: to,
            segments,
            glossary: batchTerms,
            references: references.map(({ source, target }) => ({ source, target })),
          });
        } catch (error) {
          for (const source of batch)
            results.set(source, {
              source,
              status: "failed",
              text: null,
              score: null,
              issues: [],
              error: (error as Error).message,
            });
          continue;
        }
        const cost = Math.round(
          answer.usage.inputTokens * provider.pricing.input + answer.usage.outputTokens * provider.pricing.output,
        );
        await this.db.transaction(async (tx) => {
          await tx.query(
            `INSERT INTO "translation_usage" ("tenantId", "provider", "model", "segments", "inputTokens", "outputTokens", "costMicros")
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              tenantId,
              provider.name,
              answer.model,
              batch.length,
              answer.usage.inputTokens,
              answer.usage.outputTokens,
              cost,
            ],
          );
          for (const t of answer.translations) {
            const source = segments.find((s) => s.id === t.id)!.text;
            const verdict = checkSegment(source, t.text, t.rating, glossary, to);
            if (verdict.rejected) {
              results.set(source, { source, status: "rejected", text: null, score: 0, issues: verdict.issues });
            } else if (verdict.score < threshold) {
              const { rows } = await tx.query<{ id: string }>(
                `INSERT INTO "translation_review" ("tenantId", "sourceLocale", "targetLocale", "sourceHash", "sourceText", "proposedText", "score", "issues", "jobId")
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) RETURNING "id"`,
                [
                  tenantId,
                  from,
                  to,
                  sha256(source),
                  source,
                  t.text,
                  verdict.score,
                  JSON.stringify(verdict.issues),
                  options.jobFor?.(source) ?? null,
                ],
              );
              results.set(source, {
                source,
                status: "review",
                text: t.text,
                score: verdict.score,
                issues: verdict.issues,
                reviewId: rows[0].id,
              });
            } else {
              await this.remember(tx, tenantId, from, to, source, t.text, "model", verdict.score);
              results.set(source, {
                source,
                status: "translated",
                text: t.text,
                score: verdict.score,
                issues: verdict.issues,
              });
            }
          }
        });
      }
    }
    return options.texts.map((t) => results.get(t)!);
  }
}
