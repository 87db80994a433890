import type { Database } from "../db/database.ts";
import type { TenantContext } from "../context.ts";

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  status: "active" | "suspended";
  defaultLocale: string | null;
  templates: { templateId: string; version: string }[] | null;
}

const SELECT = `SELECT t."id", t."slug", t."name", t."status", t."settings"->>'defaultLocale' AS "defaultLocale",
  (SELECT json_agg(json_build_object('templateId', i."templateId", 'version', i."version"))
     FROM "template_install" i WHERE i."tenantId" = t."id") AS "templates"
  FROM "tenant" t`;

/**
 * Tenant lookups with a short-lived cache: every tenant request needs one, and the answer
 * changes rarely (a suspension or an install). Writes in this process invalidate at once;
 * other processes see them within `ttlMs`.
 */
export class TenantStore {
  private readonly cache = new Map<string, { value: TenantContext | null; expires: number }>();
  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5_000,
  ) {}

  bySlug(slug: string): Promise<TenantContext | null> {
    return this.cached(`slug:${slug}`, `${SELECT} WHERE t."slug" = $1`, [slug]);
  }

  byDomain(domain: string): Promise<TenantContext | null> {
    return this.cached(
      `domain:${domain}`,
      `${SELECT} JOIN "tenant_domain" d ON d."tenantId" = t."id" WHERE d."domain" = $1`,
      [domain],
    );
  }

  byId(id: string): Promise<TenantContext | null> {
    return this.cached(`id:${id}`, `${SELECT} WHERE t."id" = $1`, [id]);
  }

  /** The cached answer of `bySlug` / `byDomain` without waiting: `undefined` when it must be looked up. */
  cachedBy(by: "slug" | "domain", value: string): TenantContext | null | undefined {
    const hit = this.cache.get(`${by}:${value}`);
    return hit && hit.expires > Date.now() ? hit.value : undefined;
  }

  /** Forget everything: called after any tenant, domain or install change. */
  invalidate(): void {
    this.cache.clear();
  }

  private async cached(key: string, sql: string, params: unknown[]): Promise<TenantContext | null> {
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const { rows } = await this.db.query<TenantRow>(sql, params);
    const value = rows[0] ? toContext(rows[0]) : null;
    this.cache.set(key, { value, expires: Date.now() + this.ttlMs });
    return value;
  }
}

function toContext(row: TenantRow): TenantContext {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    defaultLocale: row.defaultLocale,
    templates: new Map((row.templates ?? []).map((t) => [t.templateId, { version: t.version }])),
  };
}
