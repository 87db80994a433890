import type { FastifyInstance } from "fastify";
import { ApiError } from "../../http/problem.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import { TENANT_TIER } from "../tiers.ts";
import { findUserById, loadGrants } from "../user-store.ts";
import { SESSION } from "./response-schemas.ts";
import { UUID } from "./schemas.ts";

/**
 * Dual-sided users (talent and client, say) act as one account at a time: switching re-issues
 * the tokens of the same login (refresh family) with another active profile.
 */
export async function profileRoutes(app: FastifyInstance, { deps }: { deps: IdentityDeps }) {
  const { db, sessions, refresh } = deps;

  app.post(
    `${TENANT_TIER.prefix}/switch-profile`,
    {
      config: { tenant: true, auth: "required" },
      schema: {
        tags: ["auth"],
        body: {
          type: "object",
          required: ["accountId"],
          additionalProperties: false,
          properties: { accountId: { anyOf: [UUID, { type: "null" }] } },
        },
        response: { 200: SESSION },
      },
    },
    async (request, reply) => {
      const identity = request.identity!;
      const tenantId = request.tenant!.id;
      const accountId = (request.body as { accountId: string | null }).accountId;
      if (accountId && !(await loadGrants(db, tenantId, identity.userId)).some((g) => g.accountId === accountId)) {
        throw new ApiError("RT_ERR_FORBIDDEN", "You have no profile in this account.", [
          { pointer: "/body/accountId", message: "is not one of your accounts" },
        ]);
      }
      const session = await db.transaction(async (tx) => {
        const family = await refresh.liveFamily(tx, tenantId, identity.sessionId);
        if (!family) throw new ApiError("RT_ERR_UNAUTHENTICATED", "This session has ended. Sign in again.");
        const user = await findUserById(tx, tenantId, identity.userId);
        if (!user) throw new ApiError("RT_ERR_UNAUTHENTICATED", "This user no longer exists.");
        await refresh.retireCurrent(tx, tenantId, identity.sessionId);
        return sessions.mint(tx, user, {
          activeAccountId: accountId,
          family: { familyId: identity.sessionId, familyExpiresAt: family.familyExpiresAt },
        });
      });
      return sessions.deliver(reply, TENANT_TIER, session, identity.via === "bearer");
    },
  );
}
