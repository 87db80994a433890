import type { Database, SqlSession } from "../db/database.ts";
import type { Target } from "../crud/store/entity-store.ts";
import { visible } from "../crud/model/storage.ts";
import { ApiError } from "../http/problem.ts";
import { composeEntitlements, recordLimit, type Bundle, type BundleLimits, type Entitlements } from "./entitlements.ts";
import { limitProblem, lockUsage } from "./plan-sql.ts";

interface Cached {
  readonly value: Entitlements | null;
  readonly until: number;
}

/**
 * The tenants' entitlements (their plan's bundles composed), cached for `ttlMs` per tenant: a
 * plan change made through this process's platform API shows at once, one made elsewhere after
 * the TTL. Counts are never cached: usage is read in the transaction of the write it limits.
 */
export class PlanService {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5_000,
  ) {}

  /** Cached entitlements: a value, null (no plan: unlimited), or undefined (not known yet). */
  cached(tenantId: string): Entitlements | null | undefined {
    const hit = this.cache.get(tenantId);
    return hit && hit.until > Date.now() ? hit.value : undefined;
  }

  async entitlements(tenantId: string): Promise<Entitlements | null> {
    const hit = this.cached(tenantId);
    if (hit !== undefined) return hit;
    const value = await this.load(tenantId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(tenantId, { value, until: Date.now() + this.ttlMs });
    return value;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async load(tenantId: string): Promise<Entitlements | null> {
    const { rows } = await this.db.query<{ plan: string; bundles: string[] }>(
      `SELECT p."key" AS "plan", p."bundles" FROM "tenant_plan" tp JOIN "plan" p ON p."id" = tp."planId" WHERE tp."tenantId" = $1`,
      [tenantId],
    );
    if (!rows[0]) return null;
    const bundles = await this.bundles(this.db, rows[0].bundles);
    return composeEntitlements(rows[0].plan, bundles);
  }

  /** The bundles of these keys, in the order given (unknown keys are skipped). */
  async bundles(s: SqlSession, keys: readonly string[]): Promise<Bundle[]> {
    if (!keys.length) return [];
    const { rows } = await s.query<Bundle & { limits: BundleLimits }>(
      `SELECT "key", "name", "entities", "capabilities", "limits" FROM "plan_bundle" WHERE "key" = ANY($1::text[])`,
      [keys],
    );
    // A list column reads back null when written empty by hand: none.
    const byKey = new Map(
      rows.map((r) => [r.key, { ...r, entities: r.entities ?? [], capabilities: r.capabilities ?? [] }]),
    );
    return keys.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : []));
  }

  /** Records of the target's entity the tenant keeps (soft-deleted ones do not count). */
  async countRecords(s: SqlSession, t: Target): Promise<number> {
    const { rows } = await s.query<{ n: number }>(
      `SELECT COUNT(*)::int AS "n" FROM ${t.view.storage.table} AS t WHERE ${visible(t.view.storage, "t")}`,
      [t.tenantId],
    );
    return rows[0].n;
  }

  /**
   * Before `creating` records of the target's entity in transaction `s`: under the tenant's lock
   * of that entity, the records are counted and the creates refused (402) when they would pass
   * the plan's limit. The lock lasts until the transaction ends, so concurrent creates queue and
   * each sees the others' committed rows: the limit is never overshot.
   */
  async reserveRecords(
    s: SqlSession,
    t: Target,
    entitlements: Entitlements,
    creating: number,
    pointer: string,
  ): Promise<void> {
    const { template, entity } = t.view;
    const max = recordLimit(entitlements, template.id, entity.name);
    if (max === null) return;
    await lockUsage(s, t.tenantId, `records:${template.id}:${entity.name}`);
    const used = await this.countRecords(s, t);
    if (used + creating > max)
      throw limitProblem(
        entitlements.plan,
        "records",
        max,
        used,
        `The ${entitlements.plan} plan keeps ${max} ${entity.name} records; this marketplace has ${used}${creating > 1 ? ` and ${creating} more do not fit` : ""}.`,
        [{ pointer, message: `would pass the plan's limit of ${max} ${entity.name} records` }],
        { entity: entity.apiName, requested: creating },
      );
  }

  /** 403 when the plan leaves the entity out. */
  static entityProblem(entitlements: Entitlements, templateId: string, apiName: string): ApiError {
    return new ApiError(
      "RT_ERR_PLAN_FEATURE",
      `The ${entitlements.plan} plan does not include ${apiName}.`,
      [{ pointer: "/params/entity", message: "is not part of this marketplace's plan" }],
      { plan: entitlements.plan, entity: apiName, template: templateId },
    );
  }

  /** 403 when the plan leaves the capability out. */
  static capabilityProblem(entitlements: Entitlements, capability: string): ApiError {
    return new ApiError(
      "RT_ERR_PLAN_FEATURE",
      `The ${entitlements.plan} plan does not include ${capability}.`,
      undefined,
      {
        plan: entitlements.plan,
        capability,
      },
    );
  }
}
