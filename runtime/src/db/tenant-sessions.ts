import type { Database, SqlSession } from "./database.ts";
import { UUID_PATTERN } from "../../../engine/src/contract/patterns.ts";

/**
 * Row-level security context for tenant requests (migration 0005_row_level_security):
 *   "off"      never set it (the connection's role must bypass RLS: owner or superuser)
 *   "auto"     set it only when the connection's role is subject to RLS (a restricted login);
 *              on an owner or superuser connection requests stay one round trip
 *   "enforce"  run every tenant request as mono_app with the tenant set, even on an owner
 *              connection: RLS then backs up the tenant filter of every statement
 * Setting the context needs a transaction (`set_config(…, true)` lasts until COMMIT), so a
 * request costs BEGIN+context (one round trip, simple protocol), its statements, and COMMIT.
 * Per-statement alternatives (a CTE calling set_config) are not safe: nothing orders the call
 * before the policy reads the setting.
 */
export type RlsMode = "off" | "auto" | "enforce";

export class TenantSessions {
  private restricted: Promise<boolean> | null = null;
  private knownUnrestricted = false;

  constructor(
    readonly db: Database,
    readonly mode: RlsMode = "auto",
  ) {}

  /** Runs `fn` with the tenant context when the mode needs it; otherwise on the pool directly. */
  run<T>(tenantId: string, fn: (session: SqlSession) => Promise<T>): Promise<T> {
    // Known not to need a context (the usual owner connection): no await on the request path.
    if (this.mode === "off" || (this.mode === "auto" && this.knownUnrestricted)) return fn(this.db);
    return this.prelude(tenantId).then((prelude) => (prelude ? this.db.transaction(fn, { prelude }) : fn(this.db)));
  }

  /** Always a transaction (bulk writes), with the tenant context when the mode needs it. */
  async transaction<T>(tenantId: string, fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const prelude = await this.prelude(tenantId);
    return this.db.transaction(fn, prelude ? { prelude } : undefined);
  }

  /** The SQL that sets the context, or null when none is needed. */
  async prelude(tenantId: string): Promise<string | null> {
    if (this.mode === "off" || (this.mode === "auto" && !(await this.isRestricted()))) return null;
    // Inlined (the simple protocol has no parameters): only a well-formed uuid gets here.
    if (!UUID_PATTERN.test(tenantId)) throw new Error("tenant id is not a uuid");
    const context = `SELECT set_config('mono.tenant_id', '${tenantId.toLowerCase()}', true)`;
    return this.mode === "enforce" ? `SET LOCAL ROLE mono_app; ${context}` : context;
  }

  /** Is the connection's role subject to the tenant policies (not superuser, BYPASSRLS or table owner)? */
  isRestricted(): Promise<boolean> {
    this.restricted ??= this.db
      .query<{ restricted: boolean }>(
        `SELECT NOT (r.rolsuper OR r.rolbypassrls) AND pg_has_role(current_user, 'mono_app', 'MEMBER')
                AND NOT pg_has_role(current_user, c.relowner, 'MEMBER') AS "restricted"
           FROM pg_roles r, pg_class c
          WHERE r.rolname = current_user AND c.oid = to_regclass('"account"')`,
      )
      .then((r) => r.rows[0]?.restricted === true)
      .catch(() => false)
      .then((restricted) => {
        this.knownUnrestricted = !restricted;
        return restricted;
      });
    return this.restricted;
  }
}
