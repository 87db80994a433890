import type { Database } from "../db/database.ts";

export const DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "bounced", "cancelled"] as const;

export interface DeliveryQuery {
  limit: number;
  status?: string;
  recipient?: string;
  template?: string;
  locale?: string;
  after?: { at: string; id: string };
}

export interface DeliveryRow {
  id: string;
  status: string;
  recipient: string;
  template: string;
  locale: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sendAfter: string;
  sentAt: string | null;
  /** The cursor's key (the raw timestamp text). */
  __at: string;
}

const ISO = (column: string) => `to_char("${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One tenant's emails, newest first; one page plus one row to tell whether more follow. */
export async function listDeliveries(db: Database, tenantId: string, q: DeliveryQuery): Promise<DeliveryRow[]> {
  const params: unknown[] = [tenantId];
  const where = [`"tenantId" = $1`];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (q.status) add(`"status" = ?`, q.status);
  if (q.recipient) add(`lower("recipient") = ?`, q.recipient);
  if (q.template) add(`"templateKey" = ?`, q.template);
  if (q.locale) add(`"locale" = ?`, q.locale);
  if (q.after) {
    params.push(q.after.at, q.after.id);
    where.push(`("createdAt", "id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const { rows } = await db.query<DeliveryRow>(
    `SELECT "id", "status", "recipient", "templateKey" AS "template", "locale", "subject", "attempts", "lastError",
            ${ISO("createdAt")} AS "createdAt", ${ISO("sendAfter")} AS "sendAfter",
            CASE WHEN "sentAt" IS NULL THEN NULL ELSE ${ISO("sentAt")} END AS "sentAt",
            "createdAt"::text AS "__at"
       FROM "email_message" WHERE ${where.join(" AND ")}
      ORDER BY "createdAt" DESC, "id" DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}
