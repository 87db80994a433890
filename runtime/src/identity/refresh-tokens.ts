import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
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
  /**
   * The token was rotated moments ago (within the grace window) and its successor is still
   * live: a concurrent refresh (a second tab). It gets the same successor, not a new family.
   */
  | { kind: "grace"; grant: RefreshGrant; successor: string; successorExpiresAt: Date }
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

/** Told when sessions end, so a process stops trusting their access tokens at once (LiveSessions). */
export interface SessionEndListener {
  forgetSession(familyId: string): void;
  forgetUser(userId: string): void;
}

/**
 * Rotating refresh tokens. Each login starts a family; each refresh marks the presented token
 * rotated and issues its successor. Presenting a rotated token again means two parties hold the
 * family, so all of it is revoked — unless it comes back within `graceSeconds` of its rotation
 * while the successor is unused: that is two tabs refreshing at once, and both get the same
 * successor (kept sealed with AES-GCM on the rotated row for that purpose). Only SHA-256 hashes
 * of tokens are stored; lookups are tenant-scoped.
 */
export class RefreshTokenStore {
  private listener: SessionEndListener | null = null;

  constructor(
    private readonly idleSeconds: number,
    private readonly maxSeconds: number,
    private readonly graceSeconds = 0,
    private readonly sealKey: Buffer = randomBytes(32),
  ) {}

  onSessionEnd(listener: SessionEndListener): void {
    this.listener = listener;
  }

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
  async rotate<T extends { refreshToken: string }>(
    db: Database,
    tenantId: string | null,
    token: string,
    next: (tx: SqlSession, grant: RefreshGrant) => Promise<T>,
  ): Promise<RotateResult<T>> {
    const result = await db.transaction(async (tx) => {
      const params: unknown[] = [hashToken(token)];
      const scope = tenantIs(tenantId, params);
      const { rows } = await tx.query<Row>(
        `UPDATE "refresh_token" SET "rotatedAt" = now(), "updatedAt" = now()
          WHERE "tokenHash" = $1 AND ${scope} AND "rotatedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()
          RETURNING "userId", "tenantId", "familyId", "activeAccountId", "familyExpiresAt", "rotatedAt"`,
        params,
      );
      if (rows[0]) {
        const value = await next(tx, rows[0]);
        if (this.graceSeconds > 0) {
          const sealParams: unknown[] = [hashToken(token), this.seal(value.refreshToken)];
          await tx.query(
            `UPDATE "refresh_token" SET "successorSealed" = $2 WHERE "tokenHash" = $1 AND ${tenantIs(tenantId, sealParams)}`,
            sealParams,
          );
        }
        return { kind: "rotated", grant: rows[0], next: value } as const;
      }
      const seen = await tx.query<Row & { inGrace: boolean; successorSealed: string | null; revokedAt: Date | null }>(
        `SELECT "userId", "familyId", "rotatedAt", "revokedAt", "successorSealed",
                "rotatedAt" > now() - make_interval(secs => ${Number(this.graceSeconds)}) AS "inGrace"
           FROM "refresh_token" WHERE "tokenHash" = $1 AND ${scope}`,
        params,
      );
      const row = seen.rows[0];
      if (!row?.rotatedAt) return { kind: "invalid" } as const;
      if (row.inGrace && row.successorSealed && !row.revokedAt) {
        const successor = this.unseal(row.successorSealed);
        const live = successor ? await this.liveToken(tx, tenantId, successor) : null;
        if (successor && live)
          return { kind: "grace", grant: live, successor, successorExpiresAt: live.expiresAt } as const;
      }
      await this.revokeFamily(tx, tenantId, row.familyId);
      return { kind: "reused", userId: row.userId, familyId: row.familyId } as const;
    });
    if (result.kind === "reused") this.listener?.forgetSession(result.familyId);
    return result;
  }

  /** A token that is neither rotated, revoked nor expired: its grant. */
  private async liveToken(
    db: SqlSession,
    tenantId: string | null,
    token: string,
  ): Promise<(RefreshGrant & { expiresAt: Date }) | null> {
    const params: unknown[] = [hashToken(token)];
    const { rows } = await db.query<RefreshGrant & { expiresAt: Date }>(
      `SELECT "userId", "tenantId", "familyId", "activeAccountId", "familyExpiresAt", "expiresAt" FROM "refresh_token"
        WHERE "tokenHash" = $1 AND ${tenantIs(tenantId, params)} AND "rotatedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()`,
      params,
    );
    return rows[0] ?? null;
  }

  private seal(token: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.sealKey, iv);
    const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  private unseal(sealed: string): string | null {
    try {
      const raw = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", this.sealKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      // Sealed by a key this process does not have (a rotated secret): no grace, a plain replay.
      return null;
    }
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
      `UPDATE "refresh_token" SET "revokedAt" = now(), "successorSealed" = NULL, "updatedAt" = now() WHERE "familyId" = $1 AND ${tenantIs(tenantId, params)} AND "revokedAt" IS NULL`,
      params,
    );
    this.listener?.forgetSession(familyId);
  }

  /** Password change or reset: every session of the user ends. */
  async revokeUser(db: SqlSession, tenantId: string | null, userId: string): Promise<void> {
    const params: unknown[] = [userId];
    await db.query(
      `UPDATE "refresh_token" SET "revokedAt" = now(), "successorSealed" = NULL, "updatedAt" = now() WHERE "userId" = $1 AND ${tenantIs(tenantId, params)} AND "revokedAt" IS NULL`,
      params,
    );
    this.listener?.forgetUser(userId);
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
