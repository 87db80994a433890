import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from "fastify";
import { ApiError } from "../http/problem.ts";
import {
  identityFromClaims,
  invalidToken,
  PLATFORM_AUDIENCE,
  tenantAudience,
  type AccessTokens,
} from "./access-tokens.ts";
import { isUnsafeMethod, verifyCsrf } from "./csrf.ts";
import type { RequestIdentity } from "./identity-types.ts";
import type { LiveSessions } from "./live-sessions.ts";
import { safeEqual } from "./secrets.ts";
import { PLATFORM_TIER, TENANT_TIER } from "./tiers.ts";

/** The access token of a request: `Authorization: Bearer` first, else the tier's cookie. */
function presentedToken(
  request: FastifyRequest,
  cookieName: string,
): { token: string; via: RequestIdentity["via"] } | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer (\S{1,4096})$/.exec(header);
    // A malformed Authorization header is an error, not a silent fallback to the cookie.
    if (!match) throw invalidToken("The Authorization header must be `Bearer <access token>`.");
    return { token: match[1], via: "bearer" };
  }
  const cookie = request.cookies?.[cookieName];
  return cookie ? { token: cookie, via: "cookie" } : null;
}

/**
 * Resolves `request.identity` from a verified access token. The token's audience must be the
 * request's tenant (or, where the route allows it, a super admin's platform token); a cookie
 * token on an unsafe method must also pass the CSRF check.
 */
export function createAuthenticator(app: FastifyInstance, tokens: AccessTokens, live: LiveSessions) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const config = request.routeOptions.config;
    const tenant = config.tenant ? request.tenant : null;
    // A wiring bug (plugin order), not the client's fault: fail loudly rather than skip the tenant check.
    if (config.tenant && !tenant) throw new Error("identity: the tenant was not resolved before authentication");
    const presented = presentedToken(request, tenant ? TENANT_TIER.accessCookie : PLATFORM_TIER.accessCookie);
    if (!presented) {
      if (config.auth === "required") throw new ApiError("RT_ERR_UNAUTHENTICATED", "Sign in to use this endpoint.");
      return;
    }
    const audiences = tenant
      ? [tenantAudience(tenant.id), ...(config.allowSuperAdmin ? [PLATFORM_AUDIENCE] : [])]
      : [PLATFORM_AUDIENCE];
    const claims = await tokens.verify(presented.token, audiences);
    // Belt and braces: the audience already names the tenant.
    const tenantOk = tenant
      ? claims.tid === tenant.id || (claims.tid === null && claims.sa && config.allowSuperAdmin === true)
      : claims.tid === null;
    if (!tenantOk) throw invalidToken("The access token is not valid here.");
    await live.assertLive(claims);
    if (presented.via === "cookie" && isUnsafeMethod(request.method)) await verifyCsrf(app, request, reply);
    request.identity = identityFromClaims(claims, presented.via);
  };
}

/**
 * Puts the authenticator on every route with `config.auth`, right after the tenancy plugin's
 * resolver (the audience check needs the tenant), ahead of the route's own preHandlers.
 * Routes registered before the identity plugin are not covered, so it registers early.
 */
export function installAuthHook(app: FastifyInstance, authenticate: preHandlerHookHandler): void {
  app.addHook("onRoute", (route) => {
    if (!route.config?.auth) return;
    const existing = route.preHandler ? [route.preHandler].flat() : [];
    const resolver = existing.findIndex((hook) => hook.name === "resolveTenant");
    const at = resolver >= 0 ? resolver + 1 : route.config.tenant ? 1 : 0;
    route.preHandler = [...existing.slice(0, at), authenticate, ...existing.slice(at)];
  });
}

export interface SuperAdminGuardOptions {
  /** MONO_ADMIN_TOKEN. */
  adminToken?: string;
  /**
   * When the bootstrap token still opens the platform API: "until-bootstrap" (default: only
   * while no super admin exists), "always" (legacy scripts), "never".
   */
  acceptAdminToken?: "until-bootstrap" | "always" | "never";
}

/**
 * A hook for the platform API: a super admin's platform access token (Bearer, or the platform
 * cookie plus CSRF on unsafe methods), or the bootstrap token as configured.
 */
export function createSuperAdminGuard(
  app: FastifyInstance,
  tokens: AccessTokens,
  live: LiveSessions,
  superAdminExists: () => Promise<boolean>,
  options: SuperAdminGuardOptions,
) {
  const mode = options.acceptAdminToken ?? "until-bootstrap";
  return async function superAdminGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const presented = presentedToken(request, PLATFORM_TIER.accessCookie);
    if (!presented) throw new ApiError("RT_ERR_UNAUTHENTICATED", "Sign in as a platform administrator.");
    const adminToken = options.adminToken;
    if (presented.via === "bearer" && adminToken && mode !== "never" && safeEqual(presented.token, adminToken)) {
      if (mode === "always" || !(await superAdminExists())) return;
      throw new ApiError("RT_ERR_UNAUTHENTICATED", "The bootstrap token is retired: sign in as a super admin.");
    }
    const claims = await tokens.verify(presented.token, [PLATFORM_AUDIENCE]);
    if (!claims.sa || claims.tid !== null)
      throw new ApiError("RT_ERR_FORBIDDEN", "Only super admins may use the platform API.");
    await live.assertLive(claims);
    if (presented.via === "cookie" && isUnsafeMethod(request.method)) await verifyCsrf(app, request, reply);
    request.identity = identityFromClaims(claims, presented.via);
  };
}
