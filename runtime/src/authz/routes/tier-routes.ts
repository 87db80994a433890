import type { FastifyInstance } from "fastify";
import { ApiError } from "../../http/problem.ts";
import { UUID_PATTERN } from "../../../../engine/src/contract/patterns.ts";
import { MEMBERS, USER_ME } from "./response-schemas.ts";

/**
 * The user and account tiers of the API (DESIGN.md: /api/v1/{platform,tenant,account,user}):
 * `GET /api/v1/user/me` (any signed-in user: who am I here) and `GET /api/v1/account/members`
 * (members of an account the caller belongs to — their active one unless `?accountId=` names
 * another of theirs; tenant admins may name any).
 */
export async function tierRoutes(app: FastifyInstance) {
  const authz = app.authz;

  app.get(
    "/api/v1/user/me",
    { config: { tenant: true, auth: "required" }, schema: { tags: ["user"], response: { 200: USER_ME } } },
    async (request) => {
      const p = await authz.requireUser(request);
      const tenant = request.tenant!;
      const { rows } = await app.db.query<{ id: string; email: string; name: string; verified: boolean }>(
        `SELECT "id", "email", "name", "emailVerifiedAt" IS NOT NULL AS "verified" FROM "user" WHERE "tenantId" = $1 AND "id" = $2`,
        [tenant.id, p.userId],
      );
      const accounts = p.accountIds.length
        ? (
            await app.db.query<{ id: string; kind: string; name: string }>(
              `SELECT "id", "kind", "name" FROM "account" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[]) ORDER BY "name"`,
              [tenant.id, p.accountIds],
            )
          ).rows
        : [];
      return {
        user: { id: rows[0].id, email: rows[0].email, name: rows[0].name, emailVerified: rows[0].verified },
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
        tenantAdmin: p.admin,
        tier: p.tier,
        roles: p.grants.filter((g) => g.accountId === null).map((g) => g.role),
        accounts: accounts.map((a) => ({
          accountId: a.id,
          kind: a.kind,
          name: a.name,
          roles: p.grants.filter((g) => g.accountId === a.id).map((g) => g.role),
        })),
        activeAccountId: p.activeAccountId,
      };
    },
  );

  app.get(
    "/api/v1/account/members",
    {
      config: { tenant: true, auth: "required", allowSuperAdmin: true },
      schema: { tags: ["account"], response: { 200: MEMBERS } },
    },
    async (request) => {
      const p = await authz.requireUser(request);
      const tenant = request.tenant!;
      const asked = (request.query as { accountId?: unknown }).accountId;
      if (asked !== undefined && (typeof asked !== "string" || !UUID_PATTERN.test(asked)))
        throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", [
          { pointer: "/query/accountId", message: "must be a uuid" },
        ]);
      const accountId = (asked as string | undefined) ?? p.activeAccountId;
      if (!accountId)
        throw new ApiError("RT_ERR_VALIDATION", "Name the account: you act for none (or several).", [
          { pointer: "/query/accountId", message: "is required" },
        ]);
      // Members see their own accounts only; an account of another tenant is never found.
      if (!p.admin && !p.accountIds.includes(accountId))
        throw new ApiError("RT_ERR_FORBIDDEN", "You are not a member of this account.");
      const { rows } = await app.db.query<{ userId: string; name: string; email: string; roles: string[] }>(
        `SELECT u."id" AS "userId", u."name", u."email", array_agg(m."role" ORDER BY m."role") AS "roles"
         FROM "membership" m JOIN "user" u ON u."id" = m."userId" AND u."tenantId" = m."tenantId"
        WHERE m."tenantId" = $1 AND m."accountId" = $2
        GROUP BY u."id", u."name", u."email" ORDER BY u."name", u."id"`,
        [tenant.id, accountId],
      );
      return { accountId, data: rows };
    },
  );
}
