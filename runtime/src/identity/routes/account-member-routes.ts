import type { FastifyInstance } from "fastify";
import { ApiError } from "../../http/problem.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import type { RequestIdentity } from "../identity-types.ts";
import { RoleCatalogue } from "../role-catalogue.ts";
import { loadGrants } from "../user-store.ts";
import { NO_CONTENT } from "./response-schemas.ts";
import { UUID } from "./schemas.ts";

const MEMBER = {
  type: "object",
  required: ["accountId", "userId"],
  properties: { accountId: UUID, userId: UUID },
} as const;
/**
 * `DELETE /api/v1/tenant/accounts/:accountId/members/:userId`: an account's owners (and tenant
 * admins, super admins with `X-Tenant`) remove someone from the account (every role they hold
 * in it); `GET /api/v1/account/members` (authz tier-routes.ts) lists the members. The last owner cannot be removed, so
 * an account is never left without one. The removed member's access tokens stop at once
 * (their token version rises) and the authorization cache forgets them.
 */
export async function accountMemberRoutes(
  app: FastifyInstance,
  {
    deps,
    membershipsChanged,
  }: { deps: IdentityDeps; membershipsChanged: (tenantId: string, userIds: string[]) => Promise<void> },
) {
  const { db } = deps;
  const config = { tenant: true, auth: "required", allowSuperAdmin: true } as const;

  /** Owners of the account (re-read from the database, not the token), tenant admins and super admins. */
  async function mayManage(identity: RequestIdentity, tenantId: string, accountId: string, catalogue: RoleCatalogue) {
    if (identity.isSuperAdmin && identity.tenantId === null) return true;
    const grants = await loadGrants(db, tenantId, identity.userId);
    return grants.some(
      (g) =>
        (g.accountId === null && catalogue.isA(g.role, "tenant-admin")) ||
        (g.accountId === accountId && catalogue.isA(g.role, "account-owner")),
    );
  }

  app.delete(
    "/api/v1/tenant/accounts/:accountId/members/:userId",
    { config, schema: { tags: ["invitations"], params: MEMBER, response: { 204: NO_CONTENT } } },
    async (request, reply) => {
      const tenant = request.tenant!;
      const { accountId, userId } = request.params as { accountId: string; userId: string };
      const catalogue = RoleCatalogue.forTenant(app.registry, tenant);
      if (!(await mayManage(request.identity!, tenant.id, accountId, catalogue)))
        throw new ApiError("RT_ERR_FORBIDDEN", "Only the account's owners and tenant admins remove its members.");
      await db.transaction(async (tx) => {
        // Serialises removals in one account, so two owners cannot remove each other at once.
        await tx.query(`SELECT 1 FROM "account" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE`, [
          tenant.id,
          accountId,
        ]);
        const { rows } = await tx.query<{ userId: string; role: string }>(
          `SELECT "userId", "role" FROM "membership" WHERE "tenantId" = $1 AND "accountId" = $2`,
          [tenant.id, accountId],
        );
        if (!rows.some((r) => r.userId === userId))
          throw new ApiError("RT_ERR_NOT_FOUND", "This person is not a member of the account.");
        const owners = new Set(rows.filter((r) => catalogue.isA(r.role, "account-owner")).map((r) => r.userId));
        if (owners.has(userId) && owners.size === 1)
          throw new ApiError(
            "RT_ERR_CONFLICT",
            "The account's last owner cannot be removed: make someone else owner first.",
          );
        await tx.query(`DELETE FROM "membership" WHERE "tenantId" = $1 AND "accountId" = $2 AND "userId" = $3`, [
          tenant.id,
          accountId,
          userId,
        ]);
        await app.auth.retireAccessTokens(tx, tenant.id, [userId]);
      });
      await membershipsChanged(tenant.id, [userId]);
      return reply.code(204).send();
    },
  );
}
