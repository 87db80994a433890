import type { Database, SqlSession } from "../../db/database.ts";

/** One audit row written outside a CRUD statement (permission changes). */
export interface AuditEntry {
  readonly tenantId: string;
  readonly actorId: string | null;
  /** `membership`, `user`, or `<template>:<Entity>`. */
  readonly entity: string;
  readonly recordId: string | null;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
  readonly ip: string | null;
}

export interface AuditRow {
  id: string;
  actorId: string | null;
  entity: string;
  recordId: string | null;
  action: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  createdAt: string;
  /** Full-precision createdAt for the keyset cursor. */
  __at: string;
}

/** Writes audit rows in the caller's transaction (one statement for the batch). */
export async function writeAudit(session: SqlSession, entries: readonly AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await session.query(
    `INSERT INTO "audit_log" ("tenantId", "actorId", "entity", "recordId", "action", "before", "after", "requestId", "ip")
     SELECT e."tenantId", e."actorId", e."entity", e."recordId", e."action", e."before", e."after", e."requestId", e."ip"
       FROM jsonb_to_recordset($1::jsonb) AS e("tenantId" uuid, "actorId" uuid, "entity" text, "recordId" uuid, "action" text, "before" jsonb, "after" jsonb, "requestId" text, "ip" text)`,
    [JSON.stringify(entries)],
  );
}

export interface AuditQuery {
  entity?: string;
  action?: string;
  actorId?: string;
  recordId?: string;
  since?: string;
  until?: string;
  /** Keyset position: rows older than (at, id). */
  after?: { at: string; id: string };
  limit: number;
}

/** A tenant's audit trail, newest first, filtered, one page (+1 row to tell if there is more). */
export async function listAudit(db: SqlSession, tenantId: string, q: AuditQuery): Promise<AuditRow[]> {
  const params: unknown[] = [tenantId];
  const where = [`"tenantId" = $1`];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.entity !== undefined) add((p) => `"entity" = ${p}`, q.entity);
  if (q.action !== undefined) add((p) => `"action" = ${p}`, q.action);
  if (q.actorId !== undefined) add((p) => `"actorId" = ${p}::uuid`, q.actorId);
  if (q.recordId !== undefined) add((p) => `"recordId" = ${p}::uuid`, q.recordId);
  if (q.since !== undefined) add((p) => `"createdAt" >= ${p}::timestamptz`, q.since);
  if (q.until !== undefined) add((p) => `"createdAt" < ${p}::timestamptz`, q.until);
  if (q.after) {
    params.push(q.after.at, q.after.id);
    where.push(`("createdAt", "id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const { rows } = await db.query<AuditRow>(
    `SELECT "id", "actorId", "entity", "recordId", "action", "before", "after", "requestId", "ip",
            to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", "createdAt"::text AS "__at"
       FROM "audit_log" WHERE ${where.join(" AND ")} ORDER BY "createdAt" DESC, "id" DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/**
 * Deletes audit rows older than `retentionDays` (in batches, so a large backlog never holds one
 * long lock). Returns how many went.
 */
export async function pruneAudit(db: Database, retentionDays: number, now: Date = new Date()): Promise<number> {
  if (!(retentionDays > 0)) throw new RangeError("retentionDays must be positive");
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  let total = 0;
  for (;;) {
    const { rowCount } = await db.query(
      `DELETE FROM "audit_log" WHERE "id" IN (SELECT "id" FROM "audit_log" WHERE "createdAt" < $1::timestamptz LIMIT 5000)`,
      [cutoff],
    );
    total += rowCount;
    if (rowCount < 5000) return total;
  }
}

/** MONO_AUDIT_RETENTION_DAYS: a positive number of days, or null (keep everything). */
export function auditRetentionFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.MONO_AUDIT_RETENTION_DAYS?.trim();
  if (!raw) return null;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0)
    throw new Error(`MONO_AUDIT_RETENTION_DAYS must be a positive number of days, got "${raw}"`);
  return days;
}
