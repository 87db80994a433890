import { setTimeout as sleep } from "node:timers/promises";
import type { SqlSession } from "../db/database.ts";
import type { LockoutPolicy } from "./identity-config.ts";

/**
 * Lockout that cannot be turned against the owner. Failures lock the account only for the
 * client address they came from (`login_failure`, one row per user and address), so five
 * guesses from five addresses, or a thousand from one, never refuse the owner's correct
 * password from their own address. Against guessing spread over many addresses, every attempt
 * at an account under attack is slowed down: the user row counts failures from all addresses,
 * and beyond `slowDownAfter` of them each attempt waits longer, up to `maxDelayMs`. Counters
 * live in the database, so every process sees the same ones; locks end by themselves.
 */
export interface LoginGate {
  /** This address is locked out of this account for a while. */
  locked: boolean;
  /** How long to make this attempt wait (the global slow-down). */
  delayMs: number;
}

/** The slow-down for an account with `recentFailures` failed logins (from any address) in the window. */
export function slowDownDelay(recentFailures: number, policy: LockoutPolicy): number {
  const beyond = recentFailures - policy.slowDownAfter;
  if (beyond <= 0 || policy.slowDownMs <= 0) return 0;
  return Math.min(policy.maxDelayMs, policy.slowDownMs * 2 ** Math.min(beyond - 1, 20));
}

export async function loginGate(
  db: SqlSession,
  userId: string,
  address: string,
  policy: LockoutPolicy,
): Promise<LoginGate> {
  const { rows } = await db.query<{ locked: boolean; recent: number }>(
    `SELECT EXISTS (SELECT 1 FROM "login_failure" f WHERE f."userId" = u."id" AND f."address" = $2 AND f."lockedUntil" > now()) AS "locked",
            CASE WHEN u."lastFailedLoginAt" > now() - make_interval(secs => $3) THEN u."failedLoginCount" ELSE 0 END AS "recent"
       FROM "user" u WHERE u."id" = $1`,
    [userId, addressKey(address), policy.windowSeconds],
  );
  const row = rows[0];
  return { locked: row?.locked ?? false, delayMs: slowDownDelay(row?.recent ?? 0, policy) };
}

/** Waits out the slow-down, then tells whether the address is locked. */
export async function passLoginGate(
  db: SqlSession,
  userId: string,
  address: string,
  policy: LockoutPolicy,
): Promise<{ locked: boolean }> {
  const gate = await loginGate(db, userId, address, policy);
  if (gate.delayMs > 0) await sleep(gate.delayMs);
  return { locked: gate.locked };
}

export async function recordLoginFailure(
  db: SqlSession,
  user: { id: string; tenantId: string | null },
  address: string,
  policy: LockoutPolicy,
): Promise<void> {
  const key = addressKey(address);
  // Failures older than the window start a new count, per address and account-wide.
  const bump = () =>
    db.query(
      `UPDATE "login_failure" SET
         "failedCount" = CASE WHEN "lastFailedAt" > now() - make_interval(secs => $4) THEN "failedCount" + 1 ELSE 1 END,
         "lastFailedAt" = now(), "updatedAt" = now()
       WHERE "tenantId" IS NOT DISTINCT FROM $1::uuid AND "userId" = $2 AND "address" = $3`,
      [user.tenantId, user.id, key, policy.windowSeconds],
    );
  if ((await bump()).rowCount === 0) {
    // The unique key leads with tenantId (as every tenant-owned index does), so platform staff's
    // rows (no tenant) are not deduplicated by it: a race may split their count in two, never lose a lock.
    const inserted = await db.query(
      `INSERT INTO "login_failure" ("tenantId", "userId", "address", "failedCount", "lastFailedAt")
       VALUES ($1, $2, $3, 1, now()) ON CONFLICT ("tenantId", "userId", "address") DO NOTHING`,
      [user.tenantId, user.id, key],
    );
    if (inserted.rowCount === 0) await bump();
  }
  await db.query(
    `UPDATE "login_failure" SET "lockedUntil" = now() + make_interval(secs => $3), "failedCount" = 0
      WHERE "userId" = $1 AND "address" = $2 AND "failedCount" >= $4`,
    [user.id, key, policy.lockSeconds, policy.maxFailures],
  );
  await db.query(
    `UPDATE "user" SET
       "failedLoginCount" = CASE WHEN "lastFailedLoginAt" > now() - make_interval(secs => $2) THEN "failedLoginCount" + 1 ELSE 1 END,
       "lastFailedLoginAt" = now()
     WHERE "id" = $1`,
    [user.id, policy.windowSeconds],
  );
}

/**
 * After a successful login (`address` given: that address's lock and the account-wide count
 * end) or a password reset (no address: every lock of the account ends).
 */
export async function clearLoginFailures(db: SqlSession, userId: string, address?: string): Promise<void> {
  if (address === undefined) await db.query(`DELETE FROM "login_failure" WHERE "userId" = $1`, [userId]);
  else
    await db.query(`DELETE FROM "login_failure" WHERE "userId" = $1 AND "address" = $2`, [userId, addressKey(address)]);
  await db.query(
    `UPDATE "user" SET "failedLoginCount" = 0, "lastFailedLoginAt" = NULL WHERE "id" = $1 AND "failedLoginCount" <> 0`,
    [userId],
  );
}

/**
 * The "address" a lock applies to: an IPv4 address (IPv4-mapped IPv6 included), or the /64
 * network of an IPv6 address, since one client commonly holds a whole /64.
 */
export function addressKey(address: string): string {
  const v4 = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  if (!v4.includes(":")) return v4.slice(0, 64);
  const [head, tail = ""] = v4.toLowerCase().split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = v4.includes("::") && tail ? tail.split(":") : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
