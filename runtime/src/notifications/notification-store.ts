import type { SqlSession } from "../db/database.ts";

/** A notification as the API answers it. */
export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  record: { entity: string; id: string } | null;
  createdAt: string;
  readAt: string | null;
  /** The cursor's key (the raw timestamp text). */
  __at: string;
}

/** A user's channels for one kind. */
export interface Preference {
  kind: string;
  inApp: boolean;
  email: boolean;
  digest: boolean;
}

/** Without a row of its own a kind is shown in-app and emailed when left unread. */
export const DEFAULT_CHANNELS = { inApp: true, email: true, digest: false } as const;

const ISO = (column: string) =>
  `CASE WHEN "${column}" IS NULL THEN NULL ELSE to_char("${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;

const COLUMNS = `"id", "kind", "title", "body", "link",
  CASE WHEN "recordEntity" IS NULL THEN NULL ELSE json_build_object('entity', "recordEntity", 'id', "recordId") END AS "record",
  ${ISO("createdAt")} AS "createdAt", ${ISO("readAt")} AS "readAt", "createdAt"::text AS "__at"`;

export interface ListQuery {
  limit: number;
  unread: boolean;
  after?: { at: string; id: string };
}

/** The user's in-app notifications in the tenant, newest first; one page plus one row. */
export async function listNotifications(
  db: SqlSession,
  tenantId: string,
  userId: string,
  q: ListQuery,
): Promise<NotificationRow[]> {
  const params: unknown[] = [tenantId, userId];
  const where = [`"tenantId" = $1`, `"userId" = $2`, `"inApp"`];
  if (q.unread) where.push(`"readAt" IS NULL`);
  if (q.after) {
    params.push(q.after.at, q.after.id);
    where.push(`("createdAt", "id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const { rows } = await db.query<NotificationRow>(
    `SELECT ${COLUMNS} FROM "notification" WHERE ${where.join(" AND ")}
      ORDER BY "createdAt" DESC, "id" DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export async function unreadCount(db: SqlSession, tenantId: string, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS "n" FROM "notification" WHERE "tenantId" = $1 AND "userId" = $2 AND "inApp" AND "readAt" IS NULL`,
    [tenantId, userId],
  );
  return rows[0].n;
}

/** Marks one of the user's notifications read (kept if read before); null when it is not theirs. */
export async function markRead(
  db: SqlSession,
  tenantId: string,
  userId: string,
  id: string,
  now: Date,
): Promise<NotificationRow | null> {
  const { rows } = await db.query<NotificationRow>(
    `UPDATE "notification" SET "readAt" = COALESCE("readAt", $4::timestamptz)
      WHERE "tenantId" = $1 AND "userId" = $2 AND "id" = $3 AND "inApp" RETURNING ${COLUMNS}`,
    [tenantId, userId, id, now.toISOString()],
  );
  return rows[0] ?? null;
}

/** Marks every unread notification of the user read; returns their ids. */
export async function markAllRead(db: SqlSession, tenantId: string, userId: string, now: Date): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE "notification" SET "readAt" = $3::timestamptz
      WHERE "tenantId" = $1 AND "userId" = $2 AND "inApp" AND "readAt" IS NULL RETURNING "id"`,
    [tenantId, userId, now.toISOString()],
  );
  return rows.map((r) => r.id);
}

export async function listPreferences(db: SqlSession, tenantId: string, userId: string): Promise<Preference[]> {
  const { rows } = await db.query<Preference>(
    `SELECT "kind", "inApp", "email", "digest" FROM "notification_preference"
      WHERE "tenantId" = $1 AND "userId" = $2 ORDER BY "kind"`,
    [tenantId, userId],
  );
  return rows;
}

/** Replaces the user's preferences: kinds left out go back to the default channels. */
export async function replacePreferences(
  db: SqlSession,
  tenantId: string,
  userId: string,
  preferences: readonly Preference[],
): Promise<void> {
  await db.query(`DELETE FROM "notification_preference" WHERE "tenantId" = $1 AND "userId" = $2`, [tenantId, userId]);
  if (!preferences.length) return;
  await db.query(
    `INSERT INTO "notification_preference" ("tenantId", "userId", "kind", "inApp", "email", "digest")
     SELECT $1, $2, p."kind", p."inApp", p."email", p."digest"
       FROM unnest($3::varchar[], $4::boolean[], $5::boolean[], $6::boolean[]) AS p("kind", "inApp", "email", "digest")`,
    [
      tenantId,
      userId,
      preferences.map((p) => p.kind),
      preferences.map((p) => p.inApp),
      preferences.map((p) => p.email),
      preferences.map((p) => p.digest),
    ],
  );
}
