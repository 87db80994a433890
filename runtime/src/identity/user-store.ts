import type { SqlSession } from "../db/database.ts";
import { checkSeat } from "../plans/plan-sql.ts";
import { tenantIs } from "./tenant-scope.ts";

/** The columns authentication needs; never sent to clients as is. */
export interface UserRow {
  id: string;
  tenantId: string | null;
  email: string;
  name: string;
  passwordHash: string | null;
  emailVerifiedAt: Date | null;
  status: string;
  platformRole: string | null;
  /** Raised on role revocation; access tokens carry it (`ver`). */
  tokenVersion: number;
}

export interface GrantRow {
  accountId: string | null;
  role: string;
  accountKind: string | null;
  accountName: string | null;
}

const COLUMNS = `"id", "tenantId", "email", "name", "passwordHash", "emailVerifiedAt", "status", "platformRole", "tokenVersion"`;

/** Emails compare case-insensitively: stored and looked up lower-cased and trimmed. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export async function findUserByEmail(db: SqlSession, tenantId: string | null, email: string): Promise<UserRow | null> {
  const params: unknown[] = [normalizeEmail(email)];
  const { rows } = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM "user" WHERE "email" = $1 AND ${tenantIs(tenantId, params)} LIMIT 1`,
    params,
  );
  return rows[0] ?? null;
}

export async function findUserById(db: SqlSession, tenantId: string | null, id: string): Promise<UserRow | null> {
  const params: unknown[] = [id];
  const { rows } = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM "user" WHERE "id" = $1 AND ${tenantIs(tenantId, params)}`,
    params,
  );
  return rows[0] ?? null;
}

export interface NewUser {
  tenantId: string | null;
  email: string;
  name: string;
  passwordHash: string | null;
  verified: boolean;
  platformRole?: string;
}

/**
 * Inserts a user; a tenant user takes a seat of the tenant's plan (402 when none is left;
 * plans/plan-sql.ts) unless `seats: false` (the demo seeder's cast: seeded, not signed up).
 */
export async function insertUser(db: SqlSession, user: NewUser, options: { seats?: false } = {}): Promise<UserRow> {
  if (user.tenantId && options.seats !== false) await checkSeat(db, user.tenantId);
  const { rows } = await db.query<UserRow>(
    `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt", "platformRole")
     VALUES ($1, $2, $3, $4, CASE WHEN $5::boolean THEN now() END, $6) RETURNING ${COLUMNS}`,
    [user.tenantId, normalizeEmail(user.email), user.name, user.passwordHash, user.verified, user.platformRole ?? null],
  );
  return rows[0];
}

export async function setPasswordHash(db: SqlSession, userId: string, hash: string | null): Promise<void> {
  await db.query(`UPDATE "user" SET "passwordHash" = $2, "updatedAt" = now() WHERE "id" = $1`, [userId, hash]);
}

export async function markEmailVerified(db: SqlSession, userId: string): Promise<void> {
  await db.query(
    `UPDATE "user" SET "emailVerifiedAt" = COALESCE("emailVerifiedAt", now()), "updatedAt" = now() WHERE "id" = $1`,
    [userId],
  );
}

/** Every membership of the user in the tenant, with the account's kind (for profiles). */
export async function loadGrants(db: SqlSession, tenantId: string, userId: string): Promise<GrantRow[]> {
  const { rows } = await db.query<GrantRow>(
    `SELECT m."accountId", m."role", a."kind" AS "accountKind", a."name" AS "accountName"
       FROM "membership" m LEFT JOIN "account" a ON a."id" = m."accountId" AND a."tenantId" = m."tenantId"
      WHERE m."tenantId" = $1 AND m."userId" = $2
      ORDER BY m."createdAt", m."role"`,
    [tenantId, userId],
  );
  return rows;
}

/** Adds a membership unless the user already holds it (the unique index treats null accounts as distinct). */
export async function addMembership(
  db: SqlSession,
  tenantId: string,
  userId: string,
  accountId: string | null,
  role: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO "membership" ("tenantId", "accountId", "userId", "role")
     SELECT $1::uuid, $2::uuid, $3::uuid, $4::varchar
      WHERE NOT EXISTS (SELECT 1 FROM "membership" WHERE "tenantId" = $1 AND "accountId" IS NOT DISTINCT FROM $2::uuid AND "userId" = $3 AND "role" = $4::varchar)`,
    [tenantId, accountId, userId, role],
  );
  return rowCount > 0;
}
