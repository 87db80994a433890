import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../../http/problem.ts";
import { emailLink, verifyEmailMessage } from "../identity-emails.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import { consumeOneTimeToken, issueOneTimeToken } from "../one-time-tokens.ts";
import { TENANT_TIER } from "../tiers.ts";
import { addMembership, findUserByEmail, insertUser, markEmailVerified, type UserRow } from "../user-store.ts";
import { ACCEPTED, VERIFIED } from "./response-schemas.ts";
import { body, EMAIL, NAME, NEW_PASSWORD, TOKEN } from "./schemas.ts";

/** Self sign-up with email verification, on a tenant. */
export async function signupRoutes(app: FastifyInstance, { deps }: { deps: IdentityDeps }) {
  const { db, hasher, config } = deps;
  const tier = TENANT_TIER;
  const accepted = { status: "verification-sent-if-new" };

  app.post(
    `${tier.prefix}/register`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["email", "name", "password"], { email: EMAIL, name: NAME, password: NEW_PASSWORD }),
        response: { 202: ACCEPTED("verification-sent-if-new") },
      },
    },
    async (request, reply) => {
      const role = config.signupRole;
      if (role === false) throw new ApiError("RT_ERR_FORBIDDEN", "Sign-up is closed: ask for an invitation.");
      const { email, name, password } = request.body as { email: string; name: string; password: string };
      const tenantId = request.tenant!.id;
      // Hash first, always: a taken email must cost the same time as a new one.
      const hash = await hasher.hash(password);
      const existing = await findUserByEmail(db, tenantId, email);
      if (existing) {
        // No "already registered" answer; an unverified owner gets a fresh link.
        if (!existing.emailVerifiedAt) await sendVerification(request, existing);
        return reply.code(202).send(accepted);
      }
      const user = await db.transaction(async (tx) => {
        const created = await insertUser(tx, { tenantId, email, name, passwordHash: hash, verified: false });
        await addMembership(tx, tenantId, created.id, null, role);
        return created;
      });
      await sendVerification(request, user);
      return reply.code(202).send(accepted);
    },
  );

  app.post(
    `${tier.prefix}/verify-email`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: { tags: ["auth"], body: body(["token"], { token: TOKEN }), response: { 200: VERIFIED } },
    },
    async (request) => {
      const tenantId = request.tenant!.id;
      await db.transaction(async (tx) => {
        const userId = await consumeOneTimeToken(
          tx,
          tenantId,
          "verify-email",
          (request.body as { token: string }).token,
        );
        if (!userId)
          throw new ApiError("RT_ERR_VALIDATION", "The confirmation link is invalid, used or expired.", [
            { pointer: "/body/token", message: "is invalid or expired" },
          ]);
        await markEmailVerified(tx, userId);
      });
      return { verified: true };
    },
  );

  app.post(
    `${tier.prefix}/resend-verification`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["email"], { email: EMAIL }),
        response: { 202: ACCEPTED("verification-sent-if-new") },
      },
    },
    async (request, reply) => {
      const user = await findUserByEmail(db, request.tenant!.id, (request.body as { email: string }).email);
      if (user && !user.emailVerifiedAt && user.status === "active") await sendVerification(request, user);
      return reply.code(202).send(accepted);
    },
  );

  async function sendVerification(request: FastifyRequest, user: UserRow): Promise<void> {
    const ttl = config.tokenTtlSeconds.verifyEmail;
    const token = await issueOneTimeToken(db, user.tenantId, user.id, "verify-email", ttl);
    const url = emailLink(config.publicUrl(request.tenant), "verify-email", token);
    deps.sendLater(request.log, verifyEmailMessage(user.email, request.tenant!.name, url, ttl));
  }
}
