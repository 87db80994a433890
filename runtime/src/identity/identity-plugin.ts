import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SqlSession } from "../db/database.ts";
import fp from "fastify-plugin";
import type { TenantContext } from "../context.ts";
import { AccessTokens, tenantAudience } from "./access-tokens.ts";
import { ApiError } from "../http/problem.ts";
import {
  createAuthenticator,
  createSuperAdminGuard,
  installAuthHook,
  type SuperAdminGuardOptions,
} from "./authenticate.ts";
import { registerCookiesAndCsrf } from "./csrf.ts";
import { resolveIdentityConfig, type IdentityConfig, type IdentityOptions } from "./identity-config.ts";
import { emailPlugin } from "../email/email-plugin.ts";
import { mailSender, type IdentityDeps } from "./identity-deps.ts";
import "./identity-types.ts";
import { LiveSessions } from "./live-sessions.ts";
import { OidcClients } from "./oidc-clients.ts";
import { OidcStateSealer } from "./oidc-state.ts";
import { PasswordHasher } from "./passwords.ts";
import { RefreshTokenStore } from "./refresh-tokens.ts";
import { accountMemberRoutes } from "./routes/account-member-routes.ts";
import { bootstrapRoute, superAdminExists } from "./routes/bootstrap-route.ts";
import { invitationRoutes } from "./routes/invitation-routes.ts";
import { oidcRoutes } from "./routes/oidc-routes.ts";
import { passwordRoutes } from "./routes/password-routes.ts";
import { profileRoutes } from "./routes/profile-routes.ts";
import { sessionRoutes } from "./routes/session-routes.ts";
import { signupRoutes } from "./routes/signup-routes.ts";
import { deriveKey } from "./secrets.ts";
import { SessionIssuer } from "./session.ts";
import { PLATFORM_TIER, TENANT_TIER } from "./tiers.ts";

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** What other plugins use: the token verifier, the authenticator and the platform guard. */
export interface IdentityServices {
  readonly accessTokens: AccessTokens;
  /** The preHandler behind `config.auth` (for wiring it by hand). */
  readonly authenticate: Hook;
  /** An onRequest/preHandler hook admitting super admins (and, as configured, MONO_ADMIN_TOKEN). */
  superAdminGuard(options?: SuperAdminGuardOptions): Hook;
  /**
   * The users' access tokens stop working (their roles were revoked): their token version
   * rises; their sessions live on, so a refresh issues tokens with the new roles.
   */
  retireAccessTokens(db: SqlSession, tenantId: string, userIds: readonly string[]): Promise<void>;
  /** Called after identity routes change memberships (the authorization cache listens). */
  onMembershipsChanged(listener: (tenantId: string, userIds: string[]) => Promise<void>): void;
  /** The public URL of a tenant (or, with null, the platform) that links in emails start with. */
  publicUrl(tenant: TenantContext | null): string;
  /**
   * Whether an access token still admits its holder to a tenant: signature, expiry, audience and
   * a live session (what the authenticator checks; long-lived sockets re-check their token).
   */
  stillValid(token: string, tenantId: string): Promise<boolean>;
}

declare module "fastify" {
  interface FastifyInstance {
    auth: IdentityServices;
  }
}

/**
 * Authentication: password, email verification and reset, rotating refresh tokens,
 * invitations, profile switching, OpenID Connect, the super-admin bootstrap, and
 * `request.identity` on every route with `config.auth`. Register it right after the tenancy
 * plugin and before the routes that use `config.auth`.
 */
export const identityPlugin = fp(
  async (app: FastifyInstance, options: IdentityOptions) => {
    const config = resolveIdentityConfig(options);
    if (config.secretGenerated)
      app.log.warn(
        "MONO_JWT_SECRET is not set: a random secret signs tokens, so they die with this process and other processes reject them",
      );
    await registerCookiesAndCsrf(app, deriveKey(config.secret, "cookie"), config.secureCookies);
    await ensureRateLimiter(app, config);
    // Its mails go through the email pipeline: buildApp registers it first; alone, it brings its own.
    if (!app.hasDecorator("email")) await app.register(emailPlugin, { transport: config.mailer });

    const tokens = new AccessTokens(config.secret, config.previousSecrets, config.issuer, config.accessTtlSeconds);
    const refresh = new RefreshTokenStore(
      config.refreshIdleSeconds,
      config.refreshMaxSeconds,
      config.refreshGraceSeconds,
      deriveKey(config.secret, "refresh-successor"),
    );
    const live = new LiveSessions(app.db, config.sessionCheckMs);
    refresh.onSessionEnd(live);
    const limit = config.rateLimit;
    const deps: IdentityDeps = {
      db: app.db,
      config,
      hasher: new PasswordHasher(config.argon2),
      tokens,
      refresh,
      sessions: new SessionIssuer(tokens, refresh, config.secureCookies),
      limits: limit
        ? { strict: { ...limit }, refresh: { ...limit, max: limit.max * 3 } }
        : { strict: false, refresh: false },
      sendLater: mailSender(app.email.outbox),
      outbox: app.email.outbox,
      // Registered after identity (its routes need config.auth), so looked up when a route runs.
      notifyLater: (log, tenant, userIds, input) => {
        if (!app.hasDecorator("notifications")) return;
        app.notifications
          .notify(tenant, userIds, input)
          .catch((err: unknown) => log.error({ err, kind: input.kind }, "notification not stored"));
      },
    };

    const authenticate = createAuthenticator(app, tokens, live);
    const membershipListeners: ((tenantId: string, userIds: string[]) => Promise<void>)[] = [];
    const membershipsChanged = async (tenantId: string, userIds: string[]) => {
      for (const listener of membershipListeners) await listener(tenantId, userIds);
    };
    app.decorateRequest("identity", null);
    app.decorate("auth", {
      accessTokens: tokens,
      authenticate,
      superAdminGuard: (guard: SuperAdminGuardOptions = {}) =>
        createSuperAdminGuard(app, tokens, live, () => superAdminExists(app.db), {
          adminToken: config.adminToken,
          acceptAdminToken: config.keepAdminToken ? "always" : "until-bootstrap",
          ...guard,
        }),
      retireAccessTokens: async (db, tenantId, userIds) => {
        if (!userIds.length) return;
        await db.query(
          `UPDATE "user" SET "tokenVersion" = "tokenVersion" + 1, "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`,
          [tenantId, [...new Set(userIds)]],
        );
        for (const id of userIds) live.forgetUser(id);
      },
      onMembershipsChanged: (listener) => void membershipListeners.push(listener),
      publicUrl: (tenant) => config.publicUrl(tenant),
      stillValid: async (token, tenantId) => {
        try {
          await live.assertLive(await tokens.verify(token, [tenantAudience(tenantId)]));
          return true;
        } catch (err) {
          if (err instanceof ApiError) return false;
          throw err;
        }
      },
    } satisfies IdentityServices);
    installAuthHook(app, authenticate);

    for (const tier of [TENANT_TIER, PLATFORM_TIER]) {
      await app.register(sessionRoutes, { deps, tier });
      await app.register(passwordRoutes, { deps, tier });
    }
    await app.register(signupRoutes, { deps });
    await app.register(invitationRoutes, { deps });
    await app.register(accountMemberRoutes, { deps, membershipsChanged });
    await app.register(profileRoutes, { deps });
    await app.register(bootstrapRoute, { deps });
    if (config.oidc.length) {
      await app.register(oidcRoutes, {
        deps,
        clients: new OidcClients(config.oidc),
        sealer: new OidcStateSealer(deriveKey(config.secret, "oidc-state")),
      });
    }
  },
  { name: "mono-identity", dependencies: ["mono-tenancy"] },
);

/** Route limits need the limiter plugin: the app's (with its Redis store) or, failing that, our own. */
async function ensureRateLimiter(app: FastifyInstance, config: IdentityConfig): Promise<void> {
  if (config.rateLimit === false || app.hasDecorator("rateLimit")) return;
  await app.register(rateLimit, {
    global: false,
    ...(config.redis ? { redis: config.redis, nameSpace: "mono-rl:" } : {}),
  });
}
