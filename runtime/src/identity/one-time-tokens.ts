import type { SqlSession } from "../db/database.ts";
import { hashToken, randomToken } from "./secrets.ts";
import { tenantIs } from "./tenant-scope.ts";

export type OneTimePurpose = "verify-email" | "reset-password";

/**
 * Emailed single-use tokens. Issuing one retires the user's earlier ones of the same purpose
 * (only the newest email works); consuming is one atomic UPDATE, so a token works once even
 * when two requests race.
 */
export async function issueOneTimeToken(
  db: SqlSession,
  tenantId: string | null,
  userId: string,
  purpose: OneTimePurpose,
  ttlSeconds: number,
): Promise<string> {
  const params: unknown[] = [userId, purpose];
  await db.query(
    `UPDATE "one_time_token" SET "usedAt" = now(), "updatedAt" = now() WHERE "userId" = $1 AND "purpose" = $2 AND ${tenantIs(tenantId, params)} AND "usedAt" IS NULL`,
    params,
  );
  const token = randomToken();
  await db.query(
    `INSERT INTO "one_time_token" ("tenantId", "userId", "purpose", "tokenHash", "expiresAt") VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
    [tenantId, userId, purpose, hashToken(token), ttlSeconds],
  );
  return token;
}

/** The user the token was issued to, or null when it is unknown, used, expired or for another purpose. */
export async function consumeOneTimeToken(
  db: SqlSession,
  tenantId: string | null,
  purpose: OneTimePurpose,
  token: string,
): Promise<string | null> {
  const params: unknown[] = [hashToken(token), purpose];
  const { rows } = await db.query<{ userId: string }>(
    `UPDATE "one_time_token" SET "usedAt" = now(), "updatedAt" = now()
      WHERE "tokenHash" = $1 AND "purpose" = $2 AND ${tenantIs(tenantId, params)} AND "usedAt" IS NULL AND "expiresAt" > now()
      RETURNING "userId"`,
    params,
  );
  return rows[0]?.userId ?? null;
}
