import type { SqlSession } from "../db/database.ts";
import { hashToken, randomToken } from "./secrets.ts";

export interface InvitationRow {
  id: string;
  tenantId: string;
  accountId: string | null;
  email: string;
  role: string;
  invitedById: string | null;
  expiresAt: Date;
}

const COLUMNS = `"id", "tenantId", "accountId", "email", "role", "invitedById", "expiresAt"`;

/** A new invitation; an earlier pending one for the same email, account and role is revoked (resend). */
export async function createInvitation(
  tx: SqlSession,
  invitation: Omit<InvitationRow, "id" | "expiresAt">,
  ttlSeconds: number,
): Promise<InvitationRow & { token: string }> {
  const { tenantId, accountId, email, role, invitedById } = invitation;
  await tx.query(
    `UPDATE "invitation" SET "revokedAt" = now(), "updatedAt" = now()
      WHERE "tenantId" = $1 AND "email" = $2 AND "accountId" IS NOT DISTINCT FROM $3::uuid AND "role" = $4::varchar AND "acceptedAt" IS NULL AND "revokedAt" IS NULL`,
    [tenantId, email, accountId, role],
  );
  const token = randomToken();
  const { rows } = await tx.query<InvitationRow>(
    `INSERT INTO "invitation" ("tenantId", "accountId", "email", "role", "invitedById", "tokenHash", "expiresAt")
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7)) RETURNING ${COLUMNS}`,
    [tenantId, accountId, email, role, invitedById, hashToken(token), ttlSeconds],
  );
  return { ...rows[0], token };
}

/** Marks a pending invitation accepted, atomically: it works once. Null when unknown, used, revoked or expired. */
export async function consumeInvitation(
  tx: SqlSession,
  tenantId: string,
  token: string,
): Promise<InvitationRow | null> {
  const { rows } = await tx.query<InvitationRow>(
    `UPDATE "invitation" SET "acceptedAt" = now(), "updatedAt" = now()
      WHERE "tenantId" = $1 AND "tokenHash" = $2 AND "acceptedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()
      RETURNING ${COLUMNS}`,
    [tenantId, hashToken(token)],
  );
  return rows[0] ?? null;
}

/** Pending invitations of the tenant, or only of the given accounts. */
export async function listPendingInvitations(
  db: SqlSession,
  tenantId: string,
  accountIds: readonly string[] | null,
): Promise<InvitationRow[]> {
  const { rows } = await db.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM "invitation"
      WHERE "tenantId" = $1 AND "acceptedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > now()
        AND ($2::uuid[] IS NULL OR "accountId" = ANY($2::uuid[]))
      ORDER BY "createdAt" DESC LIMIT 200`,
    [tenantId, accountIds],
  );
  return rows;
}

export async function findPendingInvitation(
  db: SqlSession,
  tenantId: string,
  id: string,
): Promise<InvitationRow | null> {
  const { rows } = await db.query<InvitationRow>(
    `SELECT ${COLUMNS} FROM "invitation" WHERE "tenantId" = $1 AND "id" = $2 AND "acceptedAt" IS NULL AND "revokedAt" IS NULL`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function revokeInvitation(db: SqlSession, tenantId: string, id: string): Promise<void> {
  await db.query(
    `UPDATE "invitation" SET "revokedAt" = now(), "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2 AND "revokedAt" IS NULL`,
    [tenantId, id],
  );
}
