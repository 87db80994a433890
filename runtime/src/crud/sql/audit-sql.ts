import type { Binds } from "./binds.ts";
import { ident, literal } from "./ident.ts";
import type { EntityView } from "../model/types.ts";

export type AuditAction = "create" | "update" | "delete";

/** Changed keys only: `side` of each top-level key whose value differs between the two rows. */
const diff = (side: "__old" | "__new") =>
  `(SELECT jsonb_object_agg(e.key, w.${ident(side)}->e.key) FROM jsonb_each(w."__new") AS e
     WHERE e.key <> 'updatedAt' AND e.value IS DISTINCT FROM w."__old"->e.key)`;

/**
 * Wraps a write (`INSERT/UPDATE/DELETE … RETURNING <outputs>, to_jsonb(t) AS "__new"` and, for
 * updates and deletes, `"__old"`) so the audit row is written by the same statement: one round
 * trip, and atomic without an explicit transaction. `outputs` are the quoted names to return.
 * Parameters: $1 is the tenant; actor, request id and IP are caller binds.
 */
export function withAudit(
  view: EntityView,
  write: string,
  action: AuditAction,
  outputs: readonly string[],
  binds: Binds,
): string {
  const before = action === "create" ? "NULL::jsonb" : action === "delete" ? `w."__old"` : diff("__old");
  const after = action === "create" ? `w."__new"` : action === "delete" ? "NULL::jsonb" : diff("__new");
  const entity = literal(`${view.template.id}:${view.entity.name}`);
  return (
    `WITH w AS (${write}), a AS (INSERT INTO "audit_log" ("tenantId", "actorId", "entity", "recordId", "action", "before", "after", "requestId", "ip") ` +
    `SELECT $1::uuid, ${binds.caller("audit.actor")}::uuid, ${entity}, w."id"::uuid, ${literal(action)}, ${before}, ${after}, ` +
    `${binds.caller("audit.request")}::text, ${binds.caller("audit.ip")}::text FROM w) ` +
    `SELECT ${outputs.map((name) => `w.${name}`).join(", ")} FROM w`
  );
}
