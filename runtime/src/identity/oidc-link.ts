import type { SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import type { RefreshTokenStore } from "./refresh-tokens.ts";
import {
  addMembership,
  findUserByEmail,
  findUserById,
  insertUser,
  markEmailVerified,
  normalizeEmail,
  setPasswordHash,
  type UserRow,
} from "./user-store.ts";

export interface OidcClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
}

/**
 * The user an OpenID Connect login stands for: the one already linked to (issuer, subject),
 * else the tenant's user with the same *verified* email (then linked), else a new user when
 * sign-up is open. Linking to an account whose email was never verified first wipes its
 * password and sessions: whoever pre-registered the address without owning it loses access
 * (account pre-hijacking).
 */
export async function resolveOidcUser(
  tx: SqlSession,
  tenantId: string,
  issuer: string,
  claims: OidcClaims,
  signupRole: string | false,
  refresh: RefreshTokenStore,
): Promise<{ user: UserRow; created: boolean }> {
  const linked = await tx.query<{ userId: string }>(
    `SELECT "userId" FROM "external_identity" WHERE "tenantId" = $1 AND "issuer" = $2 AND "subject" = $3`,
    [tenantId, issuer, claims.sub],
  );
  if (linked.rows[0]) {
    const user = await findUserById(tx, tenantId, linked.rows[0].userId);
    if (user) return { user, created: false };
  }
  if (typeof claims.email !== "string" || claims.email_verified !== true) {
    throw new ApiError("RT_ERR_FORBIDDEN", "The identity provider did not confirm a verified email address.");
  }
  const email = normalizeEmail(claims.email);
  let user = await findUserByEmail(tx, tenantId, email);
  const created = !user;
  if (user && !user.emailVerifiedAt) {
    await setPasswordHash(tx, user.id, null);
    await refresh.revokeUser(tx, tenantId, user.id);
    await markEmailVerified(tx, user.id);
    user = await findUserById(tx, tenantId, user.id);
  }
  if (!user) {
    if (signupRole === false) throw new ApiError("RT_ERR_FORBIDDEN", "Sign-up is closed: ask for an invitation.");
    const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
    user = await insertUser(tx, { tenantId, email, name, passwordHash: null, verified: true });
    await addMembership(tx, tenantId, user.id, null, signupRole);
  }
  await tx.query(
    `INSERT INTO "external_identity" ("tenantId", "userId", "issuer", "subject", "email") VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("tenantId", "issuer", "subject") DO NOTHING`,
    [tenantId, user!.id, issuer, claims.sub, email],
  );
  return { user: user!, created };
}
