import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../../http/problem.ts";
import { emailLink, requestLocale, resetPasswordMessage } from "../identity-emails.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import { clearLoginFailures, passLoginGate, recordLoginFailure } from "../login-lockout.ts";
import { consumeOneTimeToken, issueOneTimeToken } from "../one-time-tokens.ts";
import type { Tier } from "../tiers.ts";
import { findUserByEmail, findUserById, markEmailVerified, setPasswordHash } from "../user-store.ts";
import { ACCEPTED, NO_CONTENT, SESSION } from "./response-schemas.ts";
import { body, EMAIL, NEW_PASSWORD, PASSWORD, TOKEN } from "./schemas.ts";

/** Change (signed in), forgot (emails a token) and reset (spends it), on either tier. */
export async function passwordRoutes(app: FastifyInstance, { deps, tier }: { deps: IdentityDeps; tier: Tier }) {
  const { db, hasher, sessions, refresh, config } = deps;
  const tenantIdOf = (request: FastifyRequest) => (tier.name === "tenant" ? request.tenant!.id : null);

  app.post(
    `${tier.prefix}/password`,
    {
      config: { ...tier.routeConfig, auth: "required", rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["newPassword"], { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }),
        response: { 200: SESSION },
      },
    },
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body as { currentPassword?: string; newPassword: string };
      const identity = request.identity!;
      const user = await findUserById(db, identity.tenantId, identity.userId);
      if (!user) throw new ApiError("RT_ERR_UNAUTHENTICATED", "This user no longer exists.");
      // A stolen access token must not become a password-guessing oracle: same lockout as login.
      if (user.passwordHash !== null) {
        const gate = await passLoginGate(db, user.id, request.ip, config.lockout);
        const ok = !gate.locked && (await hasher.verify(user.passwordHash, currentPassword ?? ""));
        if (!ok) {
          if (!gate.locked) await recordLoginFailure(db, user, request.ip, config.lockout);
          throw new ApiError("RT_ERR_FORBIDDEN", "The current password is wrong.", [
            { pointer: "/body/currentPassword", message: "is wrong" },
          ]);
        }
      }
      const hash = await hasher.hash(newPassword);
      // Every other session ends; this one continues in a new family.
      const session = await db.transaction(async (tx) => {
        await setPasswordHash(tx, user.id, hash);
        await refresh.revokeUser(tx, user.tenantId, user.id);
        return sessions.mint(tx, user, { activeAccountId: identity.activeProfile?.accountId ?? null });
      });
      return sessions.deliver(reply, tier, session, identity.via === "bearer");
    },
  );

  app.post(
    `${tier.prefix}/forgot-password`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["email"], { email: EMAIL }),
        response: { 202: ACCEPTED("sent-if-registered") },
      },
    },
    async (request, reply) => {
      const tenantId = tenantIdOf(request);
      const user = await findUserByEmail(db, tenantId, (request.body as { email: string }).email);
      if (user && user.status === "active" && (tenantId !== null || user.platformRole)) {
        const ttl = config.tokenTtlSeconds.resetPassword;
        const token = await issueOneTimeToken(db, tenantId, user.id, "reset-password", ttl);
        deps.sendLater(
          request.log,
          resetPasswordMessage(
            request.tenant,
            user.email,
            emailLink(config.publicUrl(request.tenant), "reset-password", token),
            token,
            ttl,
            requestLocale(request),
          ),
        );
      }
      // The same answer whether or not the email is known.
      return reply.code(202).send({ status: "sent-if-registered" });
    },
  );

  app.post(
    `${tier.prefix}/reset-password`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["token", "password"], { token: TOKEN, password: NEW_PASSWORD }),
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      const { token, password } = request.body as { token: string; password: string };
      const tenantId = tenantIdOf(request);
      const hash = await hasher.hash(password);
      await db.transaction(async (tx) => {
        const userId = await consumeOneTimeToken(tx, tenantId, "reset-password", token);
        if (!userId)
          throw new ApiError("RT_ERR_VALIDATION", "The reset link is invalid, used or expired.", [
            { pointer: "/body/token", message: "is invalid or expired" },
          ]);
        await setPasswordHash(tx, userId, hash);
        // The link reached the inbox: the address is proven. Old sessions and the lockout end.
        await markEmailVerified(tx, userId);
        await clearLoginFailures(tx, userId);
        await refresh.revokeUser(tx, tenantId, userId);
      });
      return reply.code(204).send();
    },
  );
}
