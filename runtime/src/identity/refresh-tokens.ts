import { randomUUID } from "node:crypto";
import type { Database, SqlSession } from "../db/database.ts";
import { hashToken, randomToken } from "./secrets.ts";
import { tenantIs } from "./tenant-scope.ts";

export interface RefreshGrant {
  userId: string;
  tenantId: string | null;
  familyId: string;
  activeAccountId: string | null;
  familyExpiresAt: Date;
}

export interface IssuedRefresh {
  token: string;
  familyId: string;
  expiresAt: Date;
}

export type RotateResult<T> =
  | { kind: "rotated"; grant: RefreshGrant; next: T }
  /** A token that was already rotated came back: stolen or replayed. The family is revoked. */
  | { kind: "reused"; userId: string; familyId: string }
  | { kind: "invalid" };

interface Row {
  userId: string;
  tenantId: string | null;
  familyId: string;
  activeAccountId: string | null;
  familyExpiresAt: Date;
  rotatedAt: Date | null;
}

/**
 * Rotating refresh tokens. Each login starts a family; each refresh marks the presented token
 * rotated and issues its successor. Presenting a rotated token again means two parties hold the
 * family, so all of it is revoked. Only SHA-256 hashes are stored; lookups are tenant-scoped.
 */
export class RefreshTokenStore {
  constructor(
    private readonly idleSeconds: number,
    private readonly maxSeconds: number,
  ) {}

  /** A new family (login), or the next token of an existing one. */
  async issue(
    db: SqlSession,
    grant: Omit<RefreshGrant, "familyId" | "familyExpiresAt"> &
      Partial<Pick<RefreshGrant, "familyId" | "familyExpiresAt">>,
  ): Promise<IssuedRefresh> {
    const token = randomToken();
    const familyId = grant.familyId ?? randomUUID();
    const familyExpiresAt = grant.familyExpiresAt ?? new Date(Date.now() + this.maxSeconds * 1000);
    const expiresAt = new Date(Math.min(Date.now() + this.idleSeconds * 1000, familyExpiresAt.getTime()));
    await db.query(
      `INSERT INTO "refresh_token" ("tenantId", "userId", "familyId", "tokenHash", "activeAccountId", "expiresAt", "familyExpiresAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [grant.tenantId, grant.userId, familyId, hashToken(token), grant.activeAccountId, expiresAt, familyExpiresAt],
    );
    return { token, familyId, expiresAt };
  }

  /**
   * Marks the token rotated and runs `next` (which issues the successor) in the same
   * transaction: a failure leaves the presented token as it was.
   */
  async rotate<T>(
    db: Database,
    tenantId: string | null,
    token: string,
    next: (tx: SqlSession, grant: RefreshGrant) => Promise<T>,
  ): Promise<RotateResult<T>> {
    return db.transaction(async (tx) => {
      const params: unknown[] = [hashToken(token)];
      const scope = tenantIs(tenantId, params);
      const { rows } = await tx.query<Row>(
        `UPDATE "refresh_token" SET "rotatedAt" = now(), "updatedAt" = now()
          WHERE "tokenHash" = $1 AND ${scope} AND "rotatedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()
          RETURNING "userId", "tenantId", "familyId", "activeAccountId", "familyExpiresAt", "rotatedAt"`,
        params,
      );
      if (rows[0]) return { kind: "rotated", grant: rows[0], next: await next(tx, rows[0]) } as const;
      const seen = await tx.query<Row>(
        `SELECT "userId", "familyId", "rotatedAt" FROM "refresh_token" WHERE "tokenHash" = $1 AND ${scope}`,
        params,
      );
      const row = seen.rows[0];
      if (!row?.rotatedAt) return { kind: "invalid" } as const;
      await this.revokeFamily(tx, tenantId, row.familyId);
      return { kind: "reused", userId: row.userId, familyId: row.familyId } as const;
    });
  }

  /** The family a token belongs to (logout with only the refresh cookie). */
  async familyOf(db: SqlSession, tenantId: string | null, token: string): Promise<string | null> {
    const params: unknown[] = [hashToken(token)];
    const { rows } = await db.query<{ familyId: string }>(
      `SELECT "familyId" FROM "refresh_token" WHERE "tokenHash" = $1 AND ${tenantIs(tenantId, params)}`,
      params,
    );
    return rows[0]?.familyId ?? null;
  }

  /** Logout (one session). */
  async revokeFamily(db: SqlSession, tenantId: string | null, familyId: string): Promise<void> {
    const params: unknown[] = [familyId];
    await db.query(
      `UPDATE "refresh_token" SET "revokedAt" = now(), "updatedAt" = now() WHERE "familyId" = $1 AND ${tenantIs(tenantId, params)} AND "revokedAt" IS NULL`,
      params,
    );
  }

  /** Password change or reset: every session of the user ends. */
  async revokeUser(db: SqlSession, tenantId: string | null, userId: string): Promise<void> {
    const params: unknown[] = [userId];
    await db.query(
      `UPDATE "refresh_token" SET "revokedAt" = now(), "updatedAt" = now() WHERE "userId" = $1 AND ${tenantIs(tenantId, params)} AND "revokedAt" IS NULL`,
      params,
    );
  }

  /** The family's live state, for re-issuing tokens within it (profile switch). */
  async liveFamily(
    db: SqlSession,
    tenantId: string | null,
    familyId: string,
  ): Promise<{ familyExpiresAt: Date } | null> {
    const params: unknown[] = [familyId];
    const { rows } = await db.query<{ familyExpiresAt: Date }>(
      `SELECT "familyExpiresAt" FROM "refresh_token" WHERE "familyId" = $1 AND ${tenantIs(tenantId, params)}
         AND "revokedAt" IS NULL AND "familyExpiresAt" > now() LIMIT 1`,
      params,
    );
    return rows[0] ?? null;
  }

  /** Retires the family's current token (its successor is issued next). */
  async retireCurrent(db: SqlSession, tenantId: string | null, familyId: string): Promise<void> {
    const params: unknown[] = [familyId];
    await db.query(
      `UPDATE "refresh_token" SET "rotatedAt" = now(), "updatedAt" = now() WHERE "familyId" = $1 AND ${tenantIs(tenantId, params)} AND "rotatedAt" IS NULL AND "revokedAt" IS NULL`,
      params,
    );
  }

  /** Housekeeping: families past their absolute expiry can no longer be replayed meaningfully. */
  async prune(db: SqlSession): Promise<number> {
    const { rowCount } = await db.query(
      `DELETE FROM "refresh_token" WHERE "familyExpiresAt" < now() - interval '1 day'`,
    );
    return rowCount;
  }
}
