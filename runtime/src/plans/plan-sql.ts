import type { SqlSession } from "../db/database.ts";
import { ApiError, type FieldError } from "../http/problem.ts";

/** A limit of a plan read in SQL: the sum over its bundles (none sets it: null, unlimited). */
type ScalarLimit = "storageBytes" | "seats" | "emailsPerMonth";

/**
 * The tenant's plan key and one limit, as a subquery on the tenant id `param` (one row when the
 * tenant has a plan, none otherwise). Shared by the media quota, the seat check and the email meter.
 */
export function planLimitSql(limit: ScalarLimit, param: string): string {
  return `SELECT p."key" AS "plan", SUM((b."limits"->>'${limit}')::bigint)::text AS "max"
            FROM "tenant_plan" tp JOIN "plan" p ON p."id" = tp."planId"
            LEFT JOIN "plan_bundle" b ON b."key" = ANY(p."bundles")
           WHERE tp."tenantId" = ${param} GROUP BY p."key"`;
}

/** The tenant's plan and the limit's value (null: unlimited); null when the tenant has no plan. */
export async function readPlanLimit(
  s: SqlSession,
  tenantId: string,
  limit: ScalarLimit,
): Promise<{ plan: string; max: number | null } | null> {
  const { rows } = await s.query<{ plan: string; max: string | null }>(planLimitSql(limit, "$1"), [tenantId]);
  if (!rows[0]) return null;
  return { plan: rows[0].plan, max: rows[0].max === null ? null : Number(rows[0].max) };
}

/** The problem of a request past a plan's limit: 402, naming the limit, the usage and the plan. */
export function limitProblem(
  plan: string,
  limit: string,
  allowed: number,
  used: number,
  detail: string,
  errors?: readonly FieldError[],
  extra: Record<string, unknown> = {},
): ApiError {
  return new ApiError("RT_ERR_PLAN_LIMIT", detail, errors, { plan, limit, allowed, used, ...extra });
}

/** Serialises writes that count against one limit of one tenant until the transaction ends. */
export async function lockUsage(s: SqlSession, tenantId: string, key: string): Promise<void> {
  await s.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`mono-plan:${tenantId}:${key}`]);
}

/**
 * Seats: before a tenant user is inserted (in the caller's transaction), the tenant's users are
 * counted under the tenant's seat lock; one past the plan's `seats` is refused with a 402. No
 * plan, or a plan without a seat limit: nothing is checked.
 */
export async function checkSeat(s: SqlSession, tenantId: string): Promise<void> {
  const limit = await readPlanLimit(s, tenantId, "seats");
  if (limit?.max == null) return;
  await lockUsage(s, tenantId, "seats");
  const { rows } = await s.query<{ n: number }>(`SELECT COUNT(*)::int AS "n" FROM "user" WHERE "tenantId" = $1`, [
    tenantId,
  ]);
  if (rows[0].n + 1 > limit.max)
    throw limitProblem(
      limit.plan,
      "seats",
      limit.max,
      rows[0].n,
      `The ${limit.plan} plan has ${limit.max} seats and all ${rows[0].n} are taken.`,
    );
}

/**
 * Account emails a user needs to get into their account: counted, never refused (a full month's
 * quota must not lock anyone out of signing in).
 */
export const UNREFUSED_EMAILS: ReadonlySet<string> = new Set(["verify-email", "password-reset", "invitation"]);

/** The current calendar month (UTC) as a usage period. */
const MONTH = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM')`;

/**
 * Emails per month: counts one email of a tenant on a plan in `s` (the transaction inserting it;
 * counted whether or not the plan limits emails, so a plan change mid-month starts right). The
 * counter row's lock serialises senders; the one past the limit is refused with a 402 and its
 * transaction rolls back the count with the email. `limit` from readPlanLimit.
 */
export async function meterEmail(
  s: SqlSession,
  tenantId: string,
  limit: { plan: string; max: number | null },
  template: string,
): Promise<void> {
  const { rows } = await s.query<{ used: string }>(
    `INSERT INTO "plan_usage" ("tenantId", "metric", "period", "used") VALUES ($1, 'emails', ${MONTH}, 1)
     ON CONFLICT ("tenantId", "metric", "period") DO UPDATE SET "used" = "plan_usage"."used" + 1, "updatedAt" = now()
     RETURNING "used"::text AS "used"`,
    [tenantId],
  );
  const used = Number(rows[0].used);
  if (limit.max !== null && used > limit.max && !UNREFUSED_EMAILS.has(template))
    throw limitProblem(
      limit.plan,
      "emailsPerMonth",
      limit.max,
      used - 1,
      `The ${limit.plan} plan sends ${limit.max} emails a month; ${used - 1} went out this month.`,
    );
}

/** Emails counted this month (0 when none). */
export async function emailsThisMonth(s: SqlSession, tenantId: string): Promise<number> {
  const { rows } = await s.query<{ used: string }>(
    `SELECT "used"::text AS "used" FROM "plan_usage" WHERE "tenantId" = $1 AND "metric" = 'emails' AND "period" = ${MONTH}`,
    [tenantId],
  );
  return rows[0] ? Number(rows[0].used) : 0;
}
