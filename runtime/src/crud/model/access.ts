import type { Binds } from "../sql/binds.ts";
import type { Owner } from "../sql/ref-checks.ts";
import { visible } from "./storage.ts";
import type { EntityView } from "./types.ts";

/**
 * The CRUD engine's view of authorization: what one caller may do, as SQL. The engine never
 * evaluates rules itself; it asks for gates and compiles them into its statements (row rules
 * into WHERE clauses, field rules into the select list). runtime/src/authz implements it.
 * Without a CallerAccess (apps without identity, seeding) nothing is restricted.
 */
export type RowAction = "read" | "update" | "delete";

/** A decision: every row, no row, or the rows a predicate admits. */
export type Gate =
  | { readonly kind: "all" }
  | { readonly kind: "none" }
  | { readonly kind: "rows"; sql(alias: string, binds: Binds): string };

export const ALL: Gate = { kind: "all" };
export const NONE: Gate = { kind: "none" };

/** Request facts the audit trail records. */
export interface AuditContext {
  readonly actorId: string | null;
  readonly requestId: string;
  readonly ip: string;
}

export interface CallerAccess {
  /** Equal for callers whose statements compile alike: part of every statement cache key. */
  readonly key: string;
  readonly signedIn: boolean;
  /** Writes are audited (in the write statement itself) when set. */
  readonly audit: AuditContext | null;
  rows(view: EntityView, action: RowAction): Gate;
  /** Update, over the record as the update leaves it: what its new values must pass too. */
  updated(view: EntityView): Gate;
  /** Create: may the caller create a record owned by `owner`? "rows": a `where` over the new values. */
  create(view: EntityView, owner: Owner): Gate;
  /** A record key's read gate ("all" for keys without a field rule). */
  fieldRead(view: EntityView, name: string): Gate;
  /** A body key's write gate: over the new values (create) or the stored row (update). */
  fieldWrite(view: EntityView, name: string, action: "create" | "update", owner: Owner): Gate;
  /** A caller value named by a bind. */
  value(key: string): unknown;
}

/** What a compiler needs to add authorization to a statement. */
export interface AccessCompile {
  readonly access: CallerAccess;
  readonly binds: Binds;
}

/** The row gate as SQL ("TRUE" without access). */
export function rowSql(
  ac: AccessCompile | undefined,
  view: EntityView,
  action: RowAction,
  alias: string,
): string | null {
  if (!ac) return null;
  const gate = ac.access.rows(view, action);
  return gate.kind === "all" ? null : gate.kind === "none" ? "FALSE" : gate.sql(alias, ac.binds);
}

/** The rows a caller may read: the tenant's visible rows plus, with access, the read rule (compiled in, never filtered after). */
export function readableRows(view: EntityView, alias: string, ac: AccessCompile | undefined): string {
  const rule = rowSql(ac, view, "read", alias);
  return rule ? `${visible(view.storage, alias)} AND ${rule}` : visible(view.storage, alias);
}
