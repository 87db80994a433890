import type { SqlSession } from "../db/database.ts";
import type { AccessClaims } from "./access-tokens.ts";
import { invalidToken } from "./access-tokens.ts";
import { tenantIs } from "./tenant-scope.ts";

/**
 * An access token is only as good as its session. A token names its session (`sid`, the
 * refresh-token family) and the user's token version (`ver`); it stops working when the
 * session ends (logout, password change or reset, a replayed refresh token), when the user is
 * suspended, or when their roles are revoked (the version rises). Checked on every
 * authenticated request with one indexed query; a process may trust a check for
 * `trustMs`, and forgets at once the sessions it ends itself.
 */
export class LiveSessions {
  /** `${sub}|${sid}|${ver}` → when it was last found live. */
  private readonly checked = new Map<string, number>();

  constructor(
    private readonly db: SqlSession,
    private readonly trustMs: number,
  ) {}

  async assertLive(claims: AccessClaims): Promise<void> {
    const key = `${claims.sub}|${claims.sid}|${claims.ver ?? 0}`;
    const at = this.checked.get(key);
    if (at !== undefined && Date.now() - at < this.trustMs) return;
    const params: unknown[] = [claims.sid, claims.sub, claims.ver ?? 0];
    const { rows } = await this.db.query(
      `SELECT 1 FROM "refresh_token" r JOIN "user" u ON u."id" = r."userId"
        WHERE r."familyId" = $1 AND r."userId" = $2 AND ${tenantIs(claims.tid, params, `r."tenantId"`)}
          AND r."revokedAt" IS NULL AND r."familyExpiresAt" > now()
          AND u."tokenVersion" = $3 AND u."status" = 'active'
        LIMIT 1`,
      params,
    );
    if (!rows.length) {
      this.checked.delete(key);
      throw invalidToken("This session has ended: sign in again.");
    }
    if (this.trustMs <= 0) return;
    if (this.checked.size >= 10_000) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(key, Date.now());
  }

  /** A session this process ended (logout, reuse). */
  forgetSession(familyId: string): void {
    for (const key of this.checked.keys()) if (key.split("|")[1] === familyId) this.checked.delete(key);
  }

  /** Every session of a user (password change, reset, role revocation, suspension). */
  forgetUser(userId: string): void {
    for (const key of this.checked.keys()) if (key.startsWith(`${userId}|`)) this.checked.delete(key);
  }
}
