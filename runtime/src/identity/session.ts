import type { FastifyReply } from "fastify";
import type { SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import { identityFromClaims, type AccessClaims, type AccessTokens } from "./access-tokens.ts";
import type { RequestIdentity } from "./identity-types.ts";
import type { RefreshGrant, RefreshTokenStore } from "./refresh-tokens.ts";
import type { Tier } from "./tiers.ts";
import { loadGrants, type UserRow } from "./user-store.ts";

/** Tokens minted inside a transaction; delivered (cookies, body) only after it commits. */
export interface MintedSession {
  accessToken: string;
  refreshToken: string;
  refreshExpiresAt: Date;
  identity: RequestIdentity;
}

export interface SessionBody {
  tokenType: "Bearer";
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
  identity: RequestIdentity;
  refreshToken?: string;
}

export interface MintOptions {
  /** Requested active profile; ignored when the user is no member of that account. */
  activeAccountId?: string | null;
  /** Continue this family (refresh, profile switch) instead of starting one (login). */
  family?: Pick<RefreshGrant, "familyId" | "familyExpiresAt">;
  /** Hand out this live refresh token of the family again instead of issuing one (refresh grace). */
  existingRefresh?: { token: string; expiresAt: Date };
}

/** Issues access + refresh tokens for a user and hands them to the client. */
export class SessionIssuer {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly refresh: RefreshTokenStore,
    private readonly secureCookies: boolean,
  ) {}

  async mint(tx: SqlSession, user: UserRow, options: MintOptions = {}): Promise<MintedSession> {
    if (user.status !== "active") throw new ApiError("RT_ERR_UNAUTHENTICATED", "This user is not active.");
    const grants = user.tenantId ? await loadGrants(tx, user.tenantId, user.id) : [];
    const accounts = [
      ...new Map(grants.filter((g) => g.accountId).map((g) => [g.accountId!, g.accountKind ?? ""])).entries(),
    ];
    // Without a choice, a user with exactly one account acts as it.
    const wanted =
      options.activeAccountId === undefined ? (accounts.length === 1 ? accounts[0][0] : null) : options.activeAccountId;
    const active = accounts.find(([id]) => id === wanted);
    const issued =
      options.existingRefresh && options.family
        ? { ...options.existingRefresh, familyId: options.family.familyId }
        : await this.refresh.issue(tx, {
            tenantId: user.tenantId,
            userId: user.id,
            activeAccountId: active ? active[0] : null,
            ...(options.family ?? {}),
          });
    const claims: AccessClaims = {
      sub: user.id,
      tid: user.tenantId,
      sid: issued.familyId,
      mem: grants.map((g) => [g.accountId, g.role]),
      ...(active ? { prof: { a: active[0], k: active[1] } } : {}),
      sa: user.tenantId === null && user.platformRole === "super-admin",
      ev: user.emailVerifiedAt !== null,
      ver: user.tokenVersion,
    };
    return {
      accessToken: await this.tokens.sign(claims),
      refreshToken: issued.token,
      refreshExpiresAt: issued.expiresAt,
      identity: identityFromClaims(claims, "cookie"),
    };
  }

  /** Sets the httpOnly cookies and builds the response body. */
  deliver(reply: FastifyReply, tier: Tier, session: MintedSession, refreshInBody = false): SessionBody {
    const base = { httpOnly: true, secure: this.secureCookies, sameSite: "lax" as const };
    reply.setCookie(tier.accessCookie, session.accessToken, {
      ...base,
      path: tier.accessCookiePath,
      maxAge: this.tokens.ttlSeconds,
    });
    // The refresh cookie only ever travels to the auth endpoints.
    reply.setCookie(tier.refreshCookie, session.refreshToken, {
      ...base,
      path: tier.prefix,
      expires: session.refreshExpiresAt,
    });
    reply.header("cache-control", "no-store");
    return {
      tokenType: "Bearer",
      accessToken: session.accessToken,
      expiresIn: this.tokens.ttlSeconds,
      csrfToken: reply.generateCsrf(),
      identity: session.identity,
      ...(refreshInBody ? { refreshToken: session.refreshToken } : {}),
    };
  }

  clear(reply: FastifyReply, tier: Tier): void {
    const base = { httpOnly: true, secure: this.secureCookies, sameSite: "lax" as const };
    reply.clearCookie(tier.accessCookie, { ...base, path: tier.accessCookiePath });
    reply.clearCookie(tier.refreshCookie, { ...base, path: tier.prefix });
    reply.header("cache-control", "no-store");
  }
}
