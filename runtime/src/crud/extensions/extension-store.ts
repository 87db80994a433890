import type { Database, SqlSession } from "../../db/database.ts";
import { extensionDef, type ExtensionDef, type ExtensionSchema } from "./extension-schema.ts";

type Defs = Map<string, { schema: ExtensionSchema; def: ExtensionDef | null }>;

interface Loaded {
  expires: number;
  defs: Promise<Defs>;
  /** The same map once loaded: cached requests then need no promise. */
  ready?: Defs;
}

const key = (templateId: string, entity: string) => `${templateId}\u0000${entity}`;
const MAX_TENANTS = 10_000;

/**
 * Tenants' extension schemas (table `entity_extension`), read once per tenant and cached for a
 * few seconds: every request of an entity needs its definition. Writes in this process take
 * effect at once; other processes see them within `ttlMs`.
 */
export class ExtensionStore {
  private readonly cache = new Map<string, Loaded>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5_000,
  ) {}

  /** The cached definition without waiting: `undefined` when it must be loaded first. */
  cachedDefinition(tenantId: string, templateId: string, entity: string): ExtensionDef | null | undefined {
    const hit = this.cache.get(tenantId);
    if (!hit?.ready || hit.expires <= Date.now()) return undefined;
    return hit.ready.get(key(templateId, entity))?.def ?? null;
  }

  /** The compiled definition for an entity, or null when the tenant defined no extra fields. */
  async definition(
    tenantId: string,
    templateId: string,
    entity: string,
    session?: SqlSession,
  ): Promise<ExtensionDef | null> {
    return (await this.load(tenantId, session)).get(key(templateId, entity))?.def ?? null;
  }

  /** The stored schema (empty when none). */
  async schema(tenantId: string, templateId: string, entity: string): Promise<ExtensionSchema> {
    return (await this.load(tenantId)).get(key(templateId, entity))?.schema ?? { properties: {}, required: [] };
  }

  /** Stores a checked schema (an empty one removes the row). */
  async save(
    tenantId: string,
    templateId: string,
    entity: string,
    schema: ExtensionSchema,
    session: SqlSession = this.db,
  ): Promise<void> {
    if (Object.keys(schema.properties).length === 0) {
      await session.query(
        `DELETE FROM "entity_extension" WHERE "tenantId" = $1 AND "templateId" = $2 AND "entity" = $3`,
        [tenantId, templateId, entity],
      );
    } else {
      await session.query(
        `INSERT INTO "entity_extension" ("tenantId", "templateId", "entity", "schema") VALUES ($1, $2, $3, $4::jsonb)
         ON CONFLICT ("tenantId", "templateId", "entity") DO UPDATE SET "schema" = excluded."schema", "updatedAt" = now()`,
        [tenantId, templateId, entity, JSON.stringify(schema)],
      );
    }
    this.cache.delete(tenantId);
  }

  invalidate(tenantId?: string): void {
    if (tenantId) this.cache.delete(tenantId);
    else this.cache.clear();
  }

  /**
   * `session`: read through the caller's transaction when it has one (PGlite is one connection:
   * a query beside an open transaction waits for it forever).
   */
  private load(tenantId: string, session: SqlSession = this.db) {
    const now = Date.now();
    const hit = this.cache.get(tenantId);
    if (hit && hit.expires > now) return hit.defs;
    const defs = session
      .query<{ templateId: string; entity: string; schema: ExtensionSchema }>(
        `SELECT "templateId", "entity", "schema" FROM "entity_extension" WHERE "tenantId" = $1`,
        [tenantId],
      )
      .then(
        ({ rows }) =>
          new Map(rows.map((r) => [key(r.templateId, r.entity), { schema: r.schema, def: extensionDef(r.schema) }])),
      );
    if (this.cache.size >= MAX_TENANTS && !hit) this.cache.delete(this.cache.keys().next().value!);
    const loaded: Loaded = { expires: now + this.ttlMs, defs };
    this.cache.set(tenantId, loaded);
    defs.then(
      (map) => void (loaded.ready = map),
      () => this.cache.delete(tenantId),
    );
    return defs;
  }
}
