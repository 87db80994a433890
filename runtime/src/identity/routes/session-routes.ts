import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../../http/problem.ts";
import { PLATFORM_AUDIENCE, tenantAudience } from "../access-tokens.ts";
import { verifyCsrf } from "../csrf.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import { checkPassword } from "../password-login.ts";
import type { Tier } from "../tiers.ts";
import { findUserById, loadGrants } from "../user-store.ts";
import { CSRF, ME, NO_CONTENT, SESSION } from "./response-schemas.ts";
import { body, EMAIL, PASSWORD, TOKEN } from "./schemas.ts";

/** No `type`: a bodyless POST (undefined body) validates too; an object may carry the token. */
const OPTIONAL_REFRESH = { properties: { refreshToken: TOKEN }, additionalProperties: false } as const;

/** login, refresh, logout, me, csrf: the same on the tenant and the platform tier. */
export async function sessionRoutes(app: FastifyInstance, { deps, tier }: { deps: IdentityDeps; tier: Tier }) {
  const { db, sessions, refresh } = deps;
  const tenantIdOf = (request: FastifyRequest) => (tier.name === "tenant" ? request.tenant!.id : null);

  app.post(
    `${tier.prefix}/login`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        body: body(["email", "password"], {
          email: EMAIL,
          password: PASSWORD,
          refreshTokenInBody: { type: "boolean" },
        }),
        response: { 200: SESSION },
      },
    },
    async (request, reply) => {
      const { email, password, refreshTokenInBody } = request.body as {
        email: string;
        password: string;
        refreshTokenInBody?: boolean;
      };
      const user = await checkPassword(deps, tenantIdOf(request), email, password, request.ip);
      const session = await db.transaction((tx) => sessions.mint(tx, user));
      return sessions.deliver(reply, tier, session, refreshTokenInBody === true);
    },
  );

  app.post(
    `${tier.prefix}/refresh`,
    {
      config: { ...tier.routeConfig, rateLimit: deps.limits.refresh },
      schema: { tags: ["auth"], body: OPTIONAL_REFRESH, response: { 200: SESSION } },
    },
    async (request, reply) => {
      const { token, fromBody } = await refreshTokenOf(request, reply);
      const tenantId = tenantIdOf(request);
      const result = await refresh.rotate(db, tenantId, token, async (tx, grant) => {
        const user = await findUserById(tx, tenantId, grant.userId);
        if (!user) throw new ApiError("RT_ERR_UNAUTHENTICATED", "This user no longer exists.");
        return sessions.mint(tx, user, { activeAccountId: grant.activeAccountId, family: grant });
      });
      if (result.kind === "rotated") return sessions.deliver(reply, tier, result.next, fromBody);
      if (result.kind === "grace") {
        // A concurrent refresh of the same token: the same successor, with a fresh access token.
        const grant = result.grant;
        const user = await findUserById(db, tenantId, grant.userId);
        if (!user) throw new ApiError("RT_ERR_UNAUTHENTICATED", "This user no longer exists.");
        const again = await db.transaction((tx) =>
          sessions.mint(tx, user, {
            activeAccountId: grant.activeAccountId,
            family: grant,
            existingRefresh: { token: result.successor, expiresAt: result.successorExpiresAt },
          }),
        );
        return sessions.deliver(reply, tier, again, fromBody);
      }
      sessions.clear(reply, tier);
      if (result.kind === "reused") {
        request.log.warn(
          { userId: result.userId, familyId: result.familyId },
          "refresh token reused: session family revoked",
        );
        throw new ApiError(
          "RT_ERR_UNAUTHENTICATED",
          "This refresh token was already used; the session has been ended everywhere. Sign in again.",
        );
      }
      throw new ApiError("RT_ERR_UNAUTHENTICATED", "The refresh token is invalid or expired. Sign in again.");
    },
  );

  // Always answers 204 and clears the cookies, even for an expired or unknown session.
  app.post(
    `${tier.prefix}/logout`,
    {
      config: { ...tier.routeConfig },
      schema: { tags: ["auth"], body: OPTIONAL_REFRESH, response: { 204: NO_CONTENT } },
    },
    async (request, reply) => {
      const tenantId = tenantIdOf(request);
      const familyId = await sessionToEnd(request, reply, tenantId);
      if (familyId) await refresh.revokeFamily(db, tenantId, familyId);
      sessions.clear(reply, tier);
      return reply.code(204).send();
    },
  );

  app.get(
    `${tier.prefix}/me`,
    { config: { ...tier.routeConfig, auth: "required" }, schema: { tags: ["auth"], response: { 200: ME } } },
    async (request) => {
      const identity = request.identity!;
      const user = await findUserById(db, identity.tenantId, identity.userId);
      if (!user) throw new ApiError("RT_ERR_UNAUTHENTICATED", "This user no longer exists.");
      const grants = user.tenantId ? await loadGrants(db, user.tenantId, user.id) : [];
      const profiles = new Map<string, { accountId: string; kind: string; name: string; roles: string[] }>();
      for (const g of grants) {
        if (!g.accountId) continue;
        const p = profiles.get(g.accountId) ?? {
          accountId: g.accountId,
          kind: g.accountKind ?? "",
          name: g.accountName ?? "",
          roles: [],
        };
        p.roles.push(g.role);
        profiles.set(g.accountId, p);
      }
      return {
        user: { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerifiedAt !== null },
        identity,
        profiles: [...profiles.values()],
      };
    },
  );

  app.get(
    `${tier.prefix}/csrf`,
    { config: { ...tier.routeConfig }, schema: { tags: ["auth"], response: { 200: CSRF } } },
    async (_request, reply) => {
      reply.header("cache-control", "no-store");
      return { csrfToken: reply.generateCsrf() };
    },
  );

  /** The login to end: from a refresh token (body or cookie + CSRF) or a valid Bearer access token. */
  async function sessionToEnd(
    request: FastifyRequest,
    reply: FastifyReply,
    tenantId: string | null,
  ): Promise<string | null> {
    const bodyToken = (request.body as { refreshToken?: string } | null)?.refreshToken;
    if (bodyToken) return refresh.familyOf(db, tenantId, bodyToken);
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (bearer) {
      const claims = await deps.tokens
        .verify(bearer, [tenantId ? tenantAudience(tenantId) : PLATFORM_AUDIENCE])
        .catch(() => null);
      return claims?.sid ?? null;
    }
    const cookie = request.cookies[tier.refreshCookie];
    if (!cookie) return null;
    await verifyCsrf(app, request, reply);
    return refresh.familyOf(db, tenantId, cookie);
  }

  /** The body's token (non-browser clients), else the cookie, which needs the CSRF header. */
  async function refreshTokenOf(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ token: string; fromBody: boolean }> {
    const fromBody = (request.body as { refreshToken?: string } | null)?.refreshToken;
    if (fromBody) return { token: fromBody, fromBody: true };
    const cookie = request.cookies[tier.refreshCookie];
    if (!cookie) throw new ApiError("RT_ERR_UNAUTHENTICATED", "No refresh token: sign in again.");
    await verifyCsrf(app, request, reply);
    return { token: cookie, fromBody: false };
  }
}
