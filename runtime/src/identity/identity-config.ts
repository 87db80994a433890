import type { Redis } from "ioredis";
import type { TenantContext } from "../context.ts";
import type { Mailer } from "./mailer.ts";
import type { OidcProviderOptions } from "./oidc-clients.ts";
import type { Argon2Params } from "./passwords.ts";
import { parseMasterSecret } from "./secrets.ts";

/** What `identityPlugin` accepts; everything but the mailer has a safe default. */
export interface IdentityOptions {
  mailer: Mailer;
  /** Master secret (MONO_JWT_SECRET). Generated when absent. */
  secret?: string;
  /** Older secrets still accepted for verification while access tokens signed with them live. */
  previousSecrets?: string[];
  issuer?: string;
  accessTtlSeconds?: number;
  /** A refresh token unused this long expires… */
  refreshIdleSeconds?: number;
  /** …and no login lasts longer than this, however often it refreshes. */
  refreshMaxSeconds?: number;
  /** Secure cookies (HTTPS only). Off only for plain-HTTP tests and local development. */
  secureCookies?: boolean;
  /** Base URL of the tenant's (or platform's, for null) web app, for links in emails. */
  publicUrl?: (tenant: TenantContext | null) => string;
  /**
   * How long after a refresh the same (now rotated) refresh token still answers with the same
   * successor, for concurrent refreshes (two tabs); a replay after it revokes the family.
   */
  refreshGraceSeconds?: number;
  /**
   * How long a process trusts that a session it checked is still live (0: check every request).
   * The process that ends a session forgets it at once; other processes within this time.
   */
  sessionCheckMs?: number;
  /** Refuse password logins until the email is verified. */
  requireVerifiedEmail?: boolean;
  /** Role given to self-registered (and first-time OIDC) users; false closes sign-up. */
  signupRole?: string | false;
  lockout?: Partial<LockoutPolicy>;
  /** Per-IP limit on each auth endpoint; false disables it (benchmarks). */
  rateLimit?: { max: number; timeWindow: string | number } | false;
  /** Used for the rate-limit store when the app registered no limiter itself. */
  redis?: Redis | null;
  /** MONO_ADMIN_TOKEN: the one-time key to create the first super admin. */
  adminToken?: string;
  /**
   * MONO_ADMIN_TOKEN_KEEP: the bootstrap token keeps opening the platform API after a super
   * admin exists (scripts that cannot sign in). Off by default: the token retires.
   */
  keepAdminToken?: boolean;
  argon2?: Partial<Argon2Params>;
  oidc?: OidcProviderOptions[];
  tokenTtlSeconds?: Partial<Record<"verifyEmail" | "resetPassword" | "invitation", number>>;
}

export interface LockoutPolicy {
  /** Failed logins from one address within `windowSeconds` that lock that address out of the account… */
  maxFailures: number;
  windowSeconds: number;
  /** …for this long. */
  lockSeconds: number;
  /** Failures from all addresses in the window after which every attempt at the account is slowed down… */
  slowDownAfter: number;
  /** …by this much, doubling with each further failure… */
  slowDownMs: number;
  /** …up to this. */
  maxDelayMs: number;
}

export interface IdentityConfig {
  mailer: Mailer;
  secret: Buffer;
  secretGenerated: boolean;
  previousSecrets: Buffer[];
  issuer: string;
  accessTtlSeconds: number;
  refreshIdleSeconds: number;
  refreshMaxSeconds: number;
  refreshGraceSeconds: number;
  sessionCheckMs: number;
  secureCookies: boolean;
  publicUrl: (tenant: TenantContext | null) => string;
  requireVerifiedEmail: boolean;
  signupRole: string | false;
  lockout: LockoutPolicy;
  rateLimit: { max: number; timeWindow: string | number } | false;
  redis: Redis | null;
  adminToken: string | undefined;
  keepAdminToken: boolean;
  argon2: Partial<Argon2Params>;
  oidc: OidcProviderOptions[];
  tokenTtlSeconds: Record<"verifyEmail" | "resetPassword" | "invitation", number>;
}

/** Five failures lock an address out of an account for 15 minutes; ten from anywhere start the slow-down. */
export const DEFAULT_LOCKOUT: LockoutPolicy = {
  maxFailures: 5,
  windowSeconds: 15 * 60,
  lockSeconds: 15 * 60,
  slowDownAfter: 10,
  slowDownMs: 250,
  maxDelayMs: 4000,
};

const HOUR = 3600;
const DAY = 24 * HOUR;

export function resolveIdentityConfig(options: IdentityOptions): IdentityConfig {
  const master = parseMasterSecret(options.secret);
  return {
    mailer: options.mailer,
    secret: master.secret,
    secretGenerated: master.generated,
    previousSecrets: (options.previousSecrets ?? []).map((s) => parseMasterSecret(s).secret),
    issuer: options.issuer ?? "mono",
    accessTtlSeconds: options.accessTtlSeconds ?? 600,
    refreshIdleSeconds: options.refreshIdleSeconds ?? 14 * DAY,
    refreshMaxSeconds: options.refreshMaxSeconds ?? 30 * DAY,
    refreshGraceSeconds: options.refreshGraceSeconds ?? 10,
    sessionCheckMs: options.sessionCheckMs ?? 1000,
    secureCookies: options.secureCookies ?? true,
    publicUrl: options.publicUrl ?? ((tenant) => (tenant ? `https://${tenant.slug}.localhost` : "https://localhost")),
    requireVerifiedEmail: options.requireVerifiedEmail ?? true,
    signupRole: options.signupRole ?? "user",
    lockout: { ...DEFAULT_LOCKOUT, ...options.lockout },
    rateLimit: options.rateLimit ?? { max: 10, timeWindow: "1 minute" },
    redis: options.redis ?? null,
    adminToken: options.adminToken,
    keepAdminToken: options.keepAdminToken ?? false,
    argon2: options.argon2 ?? {},
    oidc: options.oidc ?? [],
    tokenTtlSeconds: { verifyEmail: 2 * DAY, resetPassword: HOUR, invitation: 7 * DAY, ...options.tokenTtlSeconds },
  };
}

/** Where the server answers, for the default links in emails (the port may be known only after listen). */
export interface LinkOrigin {
  readonly port: () => number;
  /** The listen address (HOST). */
  readonly host: string;
  /** Tenants answer at `<slug>.<baseDomain>` (MONO_BASE_DOMAIN). */
  readonly baseDomain: string;
}

/** A listen address a browser cannot open (any-address) or a loopback one: links say `localhost`. */
const linkHost = (host: string) =>
  /^(0\.0\.0\.0|::|\[::\]|127\.\d+\.\d+\.\d+|::1|\[::1\])$/.test(host) ? "localhost" : host;

/**
 * The environment variables of the identity plugin (server.ts passes the mailer):
 * MONO_JWT_SECRET, MONO_JWT_SECRET_PREVIOUS (comma-separated), MONO_PUBLIC_URL (with a
 * `{tenant}` placeholder, e.g. `https://{tenant}.mono.example`), MONO_PLATFORM_URL (the
 * platform tier's links, e.g. `https://admin.mono.example/studio/platform`),
 * MONO_COOKIE_SECURE, MONO_SIGNUP_ROLE ("none" closes sign-up), MONO_ADMIN_TOKEN_KEEP. Without MONO_PUBLIC_URL and
 * MONO_PLATFORM_URL, links follow the server: `http://{tenant}.<base domain>:<port>/studio` and
 * `http://<host>:<port>/studio/platform` (loopback and any-address hosts as `localhost`).
 */
export function identityOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  origin: LinkOrigin = {
    port: () => Number(env.PORT ?? 3000),
    host: env.HOST ?? "127.0.0.1",
    baseDomain: env.MONO_BASE_DOMAIN ?? "localhost",
  },
): Omit<IdentityOptions, "mailer"> {
  // The studio is the UI that ships: its /auth/* pages answer the links in emails, and its
  // /platform/auth/* pages the platform tier's, so a super admin's link says which tier it is for.
  const tenantUrl = () => env.MONO_PUBLIC_URL?.trim() || `http://{tenant}.${origin.baseDomain}:${origin.port()}/studio`;
  const platformUrl = () =>
    env.MONO_PLATFORM_URL?.trim() || `http://${linkHost(origin.host)}:${origin.port()}/studio/platform`;
  const signup = env.MONO_SIGNUP_ROLE?.trim();
  return {
    secret: env.MONO_JWT_SECRET,
    previousSecrets: env.MONO_JWT_SECRET_PREVIOUS?.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    secureCookies:
      env.MONO_COOKIE_SECURE === undefined
        ? env.NODE_ENV === "production"
        : /^(1|true|yes|on)$/i.test(env.MONO_COOKIE_SECURE),
    publicUrl: (tenant) => (tenant ? tenantUrl().replaceAll("{tenant}", tenant.slug) : platformUrl()),
    signupRole: signup === "none" ? false : signup || "user",
    adminToken: env.MONO_ADMIN_TOKEN?.trim() || undefined,
    keepAdminToken: /^(1|true|yes|on)$/i.test(env.MONO_ADMIN_TOKEN_KEEP ?? ""),
  };
}
