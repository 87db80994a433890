import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../http/problem.ts";
import type { ReviewQueue } from "./review-queue.ts";
import type { TranslationService } from "./translation-service.ts";

const TAGS = ["translation"];
const config = { config: { tenant: true, auth: "optional" } as const };
const UUID = { type: "string", format: "uuid" } as const;
const TIME = { type: "string", format: "date-time" } as const;
const LOCALE = { type: "string", minLength: 2, maxLength: 35, pattern: "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$" } as const;
const REVIEW = {
  type: "object",
  required: [
    "id",
    "sourceLocale",
    "targetLocale",
    "sourceText",
    "proposedText",
    "score",
    "issues",
    "status",
    "createdAt",
  ],
  properties: {
    id: UUID,
    sourceLocale: { type: "string" },
    targetLocale: { type: "string" },
    sourceText: { type: "string" },
    proposedText: { type: "string" },
    score: { type: "number", description: "0–1: the model's rating less the automatic checks' penalties." },
    issues: {
      type: "array",
      items: {
        type: "object",
        required: ["check", "message"],
        properties: { check: { type: "string" }, message: { type: "string" } },
      },
    },
    status: { type: "string", enum: ["pending", "accepted", "edited"] },
    finalText: { type: ["string", "null"] },
    reviewedBy: { type: ["string", "null"], format: "uuid" },
    reviewedAt: { type: ["string", "null"], format: "date-time" },
    jobId: { type: ["string", "null"], format: "uuid" },
    createdAt: TIME,
  },
} as const;
const TERM = {
  type: "object",
  required: ["id", "term", "locale", "rule", "translation"],
  properties: {
    id: UUID,
    term: { type: "string" },
    locale: { type: "string" },
    rule: { type: "string", enum: ["keep", "translate"] },
    translation: { type: ["string", "null"] },
  },
} as const;
const ID_PARAMS = { type: "object", required: ["id"], properties: { id: UUID } } as const;

/**
 * The translation API (runtime/src/translation/README.md), for tenant admins, under
 * /api/v1/tenant/translation: the review queue, the tenant's glossary and its usage.
 */
export async function translationRoutes(
  app: FastifyInstance,
  options: { service: TranslationService; reviews: ReviewQueue },
) {
  const { service, reviews } = options;
  const admin = async (request: FastifyRequest) => app.authz.requireAdmin(request);

  app.get(
    "/api/v1/tenant/translation/reviews",
    {
      ...config,
      schema: {
        tags: TAGS,
        description:
          "Segments waiting for review (or already reviewed, with `status`), lowest score first (tenant admins).",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            status: { type: "string", enum: ["pending", "accepted", "edited"], default: "pending" },
            limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
          },
        },
        response: {
          200: { type: "object", required: ["data"], properties: { data: { type: "array", items: REVIEW } } },
        },
      },
    },
    async (request) => {
      await admin(request);
      const q = request.query as { status: string; limit: number };
      return { data: await reviews.list(request.tenant!.id, q.status, q.limit) };
    },
  );

  app.post(
    "/api/v1/tenant/translation/reviews/:id/accept",
    {
      ...config,
      schema: {
        tags: TAGS,
        description: "Accepts the proposed text: it goes into the memory (and the record it came from).",
        params: ID_PARAMS,
        response: { 200: REVIEW },
      },
    },
    async (request) => {
      const p = await admin(request);
      return reviews.resolve(request.tenant!.id, (request.params as { id: string }).id, p.userId, null);
    },
  );

  app.post(
    "/api/v1/tenant/translation/reviews/:id/edit",
    {
      ...config,
      schema: {
        tags: TAGS,
        description:
          "Replaces the proposal with `text` (it must keep the source's placeholders and markup, else 400 at `/body/text`); the text goes into the memory (and the record).",
        params: ID_PARAMS,
        body: {
          type: "object",
          required: ["text"],
          additionalProperties: false,
          properties: { text: { type: "string", minLength: 1, maxLength: 100000 } },
        },
        response: { 200: REVIEW },
      },
    },
    async (request) => {
      const p = await admin(request);
      const { text } = request.body as { text: string };
      return reviews.resolve(request.tenant!.id, (request.params as { id: string }).id, p.userId, text);
    },
  );

  app.get(
    "/api/v1/tenant/translation/glossary",
    {
      ...config,
      schema: {
        tags: TAGS,
        description: "The tenant's glossary (tenant admins).",
        response: { 200: { type: "object", required: ["data"], properties: { data: { type: "array", items: TERM } } } },
      },
    },
    async (request) => {
      await admin(request);
      const { rows } = await service.db.query(
        `SELECT "id", "term", "locale", "rule", "translation" FROM "translation_glossary" WHERE "tenantId" = $1 ORDER BY "term", "locale"`,
        [request.tenant!.id],
      );
      return { data: rows };
    },
  );

  app.put(
    "/api/v1/tenant/translation/glossary",
    {
      ...config,
      schema: {
        tags: TAGS,
        description:
          "Adds or replaces a term (by term and locale; locale `*`: every locale). `keep`: never translated; `translate`: always rendered as `translation` (required then).",
        body: {
          type: "object",
          required: ["term", "rule"],
          additionalProperties: false,
          properties: {
            term: { type: "string", minLength: 1, maxLength: 200 },
            locale: { anyOf: [{ const: "*" }, LOCALE], default: "*" },
            rule: { type: "string", enum: ["keep", "translate"] },
            translation: { type: ["string", "null"], minLength: 1, maxLength: 200 },
          },
        },
        response: { 200: TERM },
      },
    },
    async (request) => {
      await admin(request);
      const body = request.body as { term: string; locale: string; rule: string; translation?: string | null };
      if (body.rule === "translate" && !body.translation)
        throw new ApiError("RT_ERR_VALIDATION", "A `translate` term needs its translation.", [
          { pointer: "/body/translation", message: "is required when rule is translate" },
        ]);
      const { rows } = await service.db.query(
        `INSERT INTO "translation_glossary" ("tenantId", "term", "locale", "rule", "translation") VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("tenantId", "term", "locale") DO UPDATE SET "rule" = EXCLUDED."rule", "translation" = EXCLUDED."translation", "updatedAt" = now()
         RETURNING "id", "term", "locale", "rule", "translation"`,
        [request.tenant!.id, body.term, body.locale, body.rule, body.rule === "keep" ? null : body.translation],
      );
      return rows[0];
    },
  );

  app.delete(
    "/api/v1/tenant/translation/glossary/:id",
    {
      ...config,
      schema: { tags: TAGS, description: "Removes a term.", params: ID_PARAMS, response: { 204: { type: "null" } } },
    },
    async (request, reply) => {
      await admin(request);
      const { rowCount } = await service.db.query(
        `DELETE FROM "translation_glossary" WHERE "tenantId" = $1 AND "id" = $2`,
        [request.tenant!.id, (request.params as { id: string }).id],
      );
      if (!rowCount) throw new ApiError("RT_ERR_NOT_FOUND", "No such term.");
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/tenant/translation/usage",
    {
      ...config,
      schema: {
        tags: TAGS,
        description:
          "The tenant's provider requests, tokens and cost (millionths of the accounting currency) per provider and model.",
        response: {
          200: {
            type: "object",
            required: ["data"],
            properties: {
              data: {
                type: "array",
                items: {
                  type: "object",
                  required: ["provider", "model", "requests", "segments", "inputTokens", "outputTokens", "costMicros"],
                  properties: {
                    provider: { type: "string" },
                    model: { type: "string" },
                    requests: { type: "integer" },
                    segments: { type: "integer" },
                    inputTokens: { type: "integer" },
                    outputTokens: { type: "integer" },
                    costMicros: { type: "integer" },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      await admin(request);
      const { rows } = await service.db.query(
        `SELECT "provider", "model", count(*)::int AS "requests", sum("segments")::int AS "segments",
                sum("inputTokens")::int AS "inputTokens", sum("outputTokens")::int AS "outputTokens", sum("costMicros")::float8 AS "costMicros"
           FROM "translation_usage" WHERE "tenantId" = $1 GROUP BY "provider", "model" ORDER BY "provider", "model"`,
        [request.tenant!.id],
      );
      return { data: rows };
    },
  );
}
