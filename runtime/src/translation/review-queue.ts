/**
 * The review queue: segments that scored below the tenant's threshold wait here. A tenant admin
 * accepts the proposal or replaces it with an edit (its placeholders and markup checked like a
 * model's); either way the text goes into the memory as a human's and, when the segment came
 * from a record-content job, into the record while its source text is unchanged.
 */
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { ApiError } from "../http/problem.ts";
import { placeholderIssues } from "./checks.ts";
import { applyTranslation, type TranslationJobRow } from "./translation-jobs.ts";
import type { TranslationService } from "./translation-service.ts";

export interface ReviewView {
  id: string;
  sourceLocale: string;
  targetLocale: string;
  sourceText: string;
  proposedText: string;
  score: number;
  issues: { check: string; message: string }[];
  status: string;
  finalText: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  jobId: string | null;
  createdAt: string;
}

const COLUMNS = `"id", "sourceLocale", "targetLocale", "sourceText", "proposedText", "score", "issues", "status", "finalText",
  "reviewedBy", to_char("reviewedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "reviewedAt", "jobId",
  to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

export class ReviewQueue {
  constructor(
    private readonly service: TranslationService,
    private readonly templates: () => readonly TemplateRegistry[],
  ) {}

  async list(tenantId: string, status: string, limit: number): Promise<ReviewView[]> {
    const { rows } = await this.service.db.query<ReviewView>(
      `SELECT ${COLUMNS} FROM "translation_review" WHERE "tenantId" = $1 AND "status" = $2
        ORDER BY "score", "createdAt", "id" LIMIT $3`,
      [tenantId, status, limit],
    );
    return rows;
  }

  /** Accepts the proposal (`text` null) or an edit of it. */
  async resolve(tenantId: string, id: string, userId: string | null, text: string | null): Promise<ReviewView> {
    return this.service.db.transaction(async (tx) => {
      const { rows } = await tx.query<ReviewView & { tenantId: string }>(
        `SELECT ${COLUMNS} FROM "translation_review" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`,
        [tenantId, id],
      );
      const review = rows[0];
      if (!review) throw new ApiError("RT_ERR_NOT_FOUND", "No such review.");
      if (review.status !== "pending")
        throw new ApiError("RT_ERR_CONFLICT", `This review is already ${review.status}.`);
      const final = text ?? review.proposedText;
      if (text !== null) {
        const issues = placeholderIssues(review.sourceText, text);
        if (issues.length)
          throw new ApiError(
            "RT_ERR_VALIDATION",
            "The text must keep the source's placeholders and markup.",
            issues.map((i) => ({ pointer: "/body/text", message: i.message })),
          );
      }
      await this.service.remember(
        tx,
        tenantId,
        review.sourceLocale,
        review.targetLocale,
        review.sourceText,
        final,
        "human",
        1,
      );
      await tx.query(
        `UPDATE "translation_review" SET "status" = $3, "finalText" = $4, "reviewedBy" = $5, "reviewedAt" = now(), "updatedAt" = now()
          WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, id, text === null ? "accepted" : "edited", final, userId],
      );
      if (review.jobId) {
        const { rows: jobs } = await tx.query<TranslationJobRow>(
          `SELECT * FROM "translation_job" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`,
          [tenantId, review.jobId],
        );
        const job = jobs[0];
        const entity = this.templates()
          .find((t) => t.id === job?.templateId)
          ?.entities.find((e) => e.name === job?.entity);
        const field = entity?.fields.find((f) => f.name === job?.field);
        if (job && entity && field && !entity.draft) {
          await applyTranslation(tx, job, entity, field, final);
          await tx.query(
            `UPDATE "translation_job" SET "status" = 'done', "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
            [tenantId, job.id],
          );
        }
      }
      // Other records' jobs waiting on the same text: queued again, they now find it in the memory.
      await tx.query(
        `UPDATE "translation_job" SET "status" = 'queued', "runAfter" = now(), "updatedAt" = now()
          WHERE "tenantId" = $1 AND "status" = 'review' AND "sourceLocale" = $2 AND "targetLocale" = $3
            AND "sourceHash" = encode(sha256(convert_to($4::text, 'UTF8')), 'hex')`,
        [tenantId, review.sourceLocale, review.targetLocale, review.sourceText],
      );
      const { rows: after } = await tx.query<ReviewView>(
        `SELECT ${COLUMNS} FROM "translation_review" WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, id],
      );
      return after[0];
    });
  }
}
