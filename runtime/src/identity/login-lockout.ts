import type { SqlSession } from "../db/database.ts";
import type { LockoutPolicy } from "./identity-config.ts";

/**
 * Per-user lockout after repeated failed logins. The counters are columns of the user row,
 * updated atomically, so every process sees the same count; the lock ends by itself.
 */
export const isLocked = (user: { lockedUntil: Date | null }, now = new Date()): boolean =>
  user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();

export async function recordLoginFailure(db: SqlSession, userId: string, policy: LockoutPolicy): Promise<void> {
  // Failures older than the window start a new count.
  const { rows } = await db.query<{ failedLoginCount: number }>(
    `UPDATE "user" SET
       "failedLoginCount" = CASE WHEN "lastFailedLoginAt" > now() - make_interval(secs => $2) THEN "failedLoginCount" + 1 ELSE 1 END,
       "lastFailedLoginAt" = now()
     WHERE "id" = $1 RETURNING "failedLoginCount"`,
    [userId, policy.windowSeconds],
  );
  if ((rows[0]?.failedLoginCount ?? 0) >= policy.maxFailures) {
    await db.query(
      `UPDATE "user" SET "lockedUntil" = now() + make_interval(secs => $2), "failedLoginCount" = 0 WHERE "id" = $1`,
      [userId, policy.lockSeconds],
    );
  }
}

/** After a successful login or a password reset. */
export async function clearLoginFailures(db: SqlSession, userId: string): Promise<void> {
  await db.query(
    `UPDATE "user" SET "failedLoginCount" = 0, "lastFailedLoginAt" = NULL, "lockedUntil" = NULL
      WHERE "id" = $1 AND ("failedLoginCount" <> 0 OR "lockedUntil" IS NOT NULL)`,
    [userId],
  );
}
