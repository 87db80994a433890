import type { CursorCodec } from "../crud/sql/cursor.ts";
import type { FieldError } from "./problem.ts";

/** Where a newest-first page continues: the last row's time (as text) and id. */
export interface PageAfter {
  readonly at: string;
  readonly id: string;
}

/**
 * `limit` and `cursor` of a newest-first list (notifications, deliveries, the audit log): the
 * limit an integer from 1 to `maxLimit`, the cursor one this list signed (its entity and sort);
 * problems go to `errors` with pointers. Only what was given is returned.
 */
export function parsePageQuery(
  query: Record<string, unknown>,
  cursors: CursorCodec,
  list: { readonly entity: string; readonly sort: string; readonly maxLimit: number },
  errors: FieldError[],
): { limit?: number; after?: PageAfter } {
  const out: { limit?: number; after?: PageAfter } = {};
  if (query.limit !== undefined) {
    const n = typeof query.limit === "string" && /^\d{1,3}$/.test(query.limit) ? Number(query.limit) : NaN;
    if (!(n >= 1 && n <= list.maxLimit))
      errors.push({ pointer: "/query/limit", message: `must be an integer from 1 to ${list.maxLimit}` });
    else out.limit = n;
  }
  if (query.cursor !== undefined) {
    const decoded = typeof query.cursor === "string" ? cursors.decode(query.cursor, list.entity, list.sort, 2) : null;
    if (!decoded || decoded.k[0] === null || decoded.k[1] === null)
      errors.push({ pointer: "/query/cursor", message: "is not a valid cursor for this list" });
    else out.after = { at: decoded.k[0], id: decoded.k[1] };
  }
  return out;
}
