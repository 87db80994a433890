import type { FastifyInstance } from "fastify";
import * as client from "openid-client";
import { ApiError } from "../../http/problem.ts";
import type { IdentityDeps } from "../identity-deps.ts";
import type { OidcClients } from "../oidc-clients.ts";
import { resolveOidcUser, type OidcClaims } from "../oidc-link.ts";
import { safeReturnTo, type OidcStateSealer } from "../oidc-state.ts";
import { welcome } from "./signup-routes.ts";
import { TENANT_TIER } from "../tiers.ts";

const STATE_COOKIE = "mono_oidc";
const STATE_PATH = `${TENANT_TIER.prefix}/oidc`;
const STATE_TTL_SECONDS = 600;
const PARAMS = {
  type: "object",
  required: ["provider"],
  properties: { provider: { type: "string", pattern: "^[a-z0-9-]{1,40}$" } },
} as const;

/**
 * OpenID Connect sign-in (authorization code + PKCE + nonce + state) with openid-client.
 * /start redirects to the provider with the round-trip secrets sealed in a short-lived
 * httpOnly cookie; /callback checks them, links the user and starts a session.
 */
export async function oidcRoutes(
  app: FastifyInstance,
  { deps, clients, sealer }: { deps: IdentityDeps; clients: OidcClients; sealer: OidcStateSealer },
) {
  const { db, sessions, config } = deps;
  const cookieOptions = { httpOnly: true, secure: config.secureCookies, sameSite: "lax" as const, path: STATE_PATH };

  app.get(`${TENANT_TIER.prefix}/oidc`, { config: { tenant: true }, schema: { tags: ["auth"] } }, async () => ({
    providers: clients.list(),
  }));

  app.get(
    `${STATE_PATH}/:provider/start`,
    {
      config: { tenant: true, rateLimit: deps.limits.strict },
      schema: {
        tags: ["auth"],
        params: PARAMS,
        querystring: { type: "object", properties: { returnTo: { type: "string", maxLength: 500 } } },
      },
    },
    async (request, reply) => {
      const provider = clients.provider((request.params as { provider: string }).provider);
      if (!provider) throw new ApiError("RT_ERR_NOT_FOUND", "No such sign-in provider.");
      const configuration = await clients.configuration(provider).catch((err: unknown) => {
        request.log.error({ err, provider: provider.id }, "OIDC discovery failed");
        throw new ApiError("RT_ERR_UNAVAILABLE", "The sign-in provider cannot be reached.");
      });
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: provider.redirectUri,
        scope: provider.scope ?? "openid email profile",
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      const sealed = sealer.seal({
        provider: provider.id,
        tenantId: request.tenant!.id,
        state,
        nonce,
        codeVerifier,
        returnTo: safeReturnTo((request.query as { returnTo?: string }).returnTo),
        expiresAt: Date.now() + STATE_TTL_SECONDS * 1000,
      });
      reply.setCookie(STATE_COOKIE, sealed, { ...cookieOptions, maxAge: STATE_TTL_SECONDS });
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    `${STATE_PATH}/:provider/callback`,
    { config: { tenant: true, rateLimit: deps.limits.strict }, schema: { tags: ["auth"], params: PARAMS } },
    async (request, reply) => {
      const tenant = request.tenant!;
      const provider = clients.provider((request.params as { provider: string }).provider);
      const saved = sealer.open(request.cookies[STATE_COOKIE]);
      reply.clearCookie(STATE_COOKIE, cookieOptions);
      if (!provider || !saved || saved.provider !== provider.id || saved.tenantId !== tenant.id) {
        throw new ApiError(
          "RT_ERR_UNAUTHENTICATED",
          "The sign-in attempt expired or was started elsewhere. Start again.",
        );
      }
      const configuration = await clients.configuration(provider);
      // The URL the provider redirected to, rebuilt from the registered redirect URI.
      const current = new URL(provider.redirectUri);
      current.search = request.url.includes("?") ? request.url.slice(request.url.indexOf("?")) : "";
      let claims: OidcClaims & { iss: string };
      try {
        const tokens = await client.authorizationCodeGrant(configuration, current, {
          pkceCodeVerifier: saved.codeVerifier,
          expectedState: saved.state,
          expectedNonce: saved.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims()!;
        // Providers may keep email claims out of the ID token (oidc-provider does): ask userinfo, bound to the same subject.
        const extra =
          idToken.email === undefined
            ? await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)
            : {};
        claims = { ...extra, ...idToken };
      } catch (err) {
        request.log.warn({ err, provider: provider.id }, "OIDC code exchange failed");
        throw new ApiError("RT_ERR_UNAUTHENTICATED", "The sign-in with this provider failed.");
      }
      const { session, user, created } = await db.transaction(async (tx) => {
        const linked = await resolveOidcUser(tx, tenant.id, claims.iss, claims, config.signupRole, deps.refresh);
        return { ...linked, session: await sessions.mint(tx, linked.user) };
      });
      // A sign-up through the provider: the address is verified already, so the account is ready now.
      if (created) welcome(request, deps, user);
      sessions.deliver(reply, TENANT_TIER, session);
      return reply.redirect(saved.returnTo, 303);
    },
  );
}
