import type { SqlSession } from "../db/database.ts";

/** An account as the invitation form shows it. */
export interface AccountSummary {
  id: string;
  name: string;
  kind: string;
}

export interface AccountQuery {
  /** Case-insensitive substring of the name (LIKE wildcards are matched literally). */
  q?: string;
  limit: number;
  /** Keyset position: the last row of the previous page. */
  after?: { name: string; id: string };
}

/** `%`, `_` and `\\` typed by a user are literal characters, not patterns. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The tenant's accounts by name (then id), `limit + 1` rows so the caller knows whether there
 * is a next page. Always scoped by `tenantId`: never another tenant's accounts.
 */
export async function listAccounts(db: SqlSession, tenantId: string, query: AccountQuery): Promise<AccountSummary[]> {
  const params: unknown[] = [tenantId];
  const where = [`"tenantId" = $1`];
  if (query.q) {
    params.push(`%${likeEscape(query.q)}%`);
    where.push(`"name" ILIKE $${params.length}`);
  }
  if (query.after) {
    params.push(query.after.name, query.after.id);
    where.push(`("name", "id") > ($${params.length - 1}::varchar, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  const { rows } = await db.query<AccountSummary>(
    `SELECT "id", "name", "kind" FROM "account" WHERE ${where.join(" AND ")} ORDER BY "name", "id" LIMIT $${params.length}`,
    params,
  );
  return rows;
}
