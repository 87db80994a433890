import type { EntityRegistry, JsonObject, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { Database, SqlSession } from "../db/database.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { entityByName } from "./model/view-cache.ts";
import type { Owner } from "./sql/ref-checks.ts";
import { runBulk, type BulkResult } from "./store/bulk.ts";
import { EntityStore, type Row, type StoreOptions, type Target } from "./store/entity-store.ts";

export { entityRoutes, type EntityRoutesOptions, type EntityWriteHooks } from "./routes/entity-routes.ts";
export { combineWriteHooks } from "./routes/combine-hooks.ts";
export { EntityStore, type Row, type StoreOptions } from "./store/entity-store.ts";
export type { Owner } from "./sql/ref-checks.ts";
export type { BulkResult } from "./store/bulk.ts";

export interface CallOptions {
  /** Run inside the caller's transaction. */
  readonly session?: SqlSession;
}

/** A list query in the HTTP query's shape; numbers and booleans are accepted for convenience. */
export type ListQuery = { readonly [key: string]: string | number | boolean | ListQuery };

export interface EntityStores {
  readonly store: EntityStore;
  create(
    tenantId: string,
    templateId: string,
    entity: string,
    input: Record<string, unknown>,
    owner?: Owner,
    options?: CallOptions,
  ): Promise<Row>;
  get(
    tenantId: string,
    templateId: string,
    entity: string,
    id: string,
    query?: ListQuery,
    options?: CallOptions,
  ): Promise<Row | null>;
  list(
    tenantId: string,
    templateId: string,
    entity: string,
    query?: ListQuery,
    options?: CallOptions,
  ): Promise<{ data: Row[]; nextCursor: string | null; total: number | null }>;
  update(
    tenantId: string,
    templateId: string,
    entity: string,
    id: string,
    patch: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<Row>;
  delete(tenantId: string, templateId: string, entity: string, id: string, options?: CallOptions): Promise<void>;
  bulk(tenantId: string, templateId: string, entity: string, body: unknown, owner?: Owner): Promise<BulkResult>;
}

/** Query values as the HTTP parser gives them: strings all the way down. */
function asQuery(query: ListQuery): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, typeof v === "object" ? asQuery(v) : String(v)]));
}

/**
 * The CRUD engine for code (template seeding, demo data, benchmarks): the same compiled SQL,
 * validation and tenant checks as the HTTP routes. `entity` is a name (`ModelProfile`) or an
 * API name (`model-profiles`). Errors are the routes' ApiErrors (validation, 404, 409, 422).
 */
export function createEntityStores(
  db: Database,
  registry: RuntimeRegistry | readonly TemplateRegistry[],
  options: StoreOptions & { store?: EntityStore } = {},
): EntityStores {
  const store = options.store ?? new EntityStore(db, options);
  const templates = "templates" in registry ? registry.templates : registry;
  const resolve = async (tenantId: string, templateId: string, name: string, session?: SqlSession): Promise<Target> => {
    const template = templates.find((t) => t.id === templateId);
    const entity: EntityRegistry | undefined = template && entityByName(template, name);
    if (!template || !entity) throw new Error(`No entity "${name}" in template "${templateId}".`);
    return store.target(tenantId, template, entity, session);
  };
  return {
    store,
    async create(tenantId, templateId, entity, input, owner = {}, call = {}) {
      return store.create(
        await resolve(tenantId, templateId, entity, call.session),
        structuredClone(input),
        owner,
        call.session,
      );
    },
    async get(tenantId, templateId, entity, id, query = {}, call = {}) {
      return store.get(await resolve(tenantId, templateId, entity, call.session), id, asQuery(query), call.session);
    },
    async list(tenantId, templateId, entity, query = {}, call = {}) {
      const result = await store.list(
        await resolve(tenantId, templateId, entity, call.session),
        asQuery(query),
        call.session,
      );
      return { data: result.rows, nextCursor: result.nextCursor, total: result.total };
    },
    async update(tenantId, templateId, entity, id, patch, call = {}) {
      return store.update(
        await resolve(tenantId, templateId, entity, call.session),
        id,
        structuredClone(patch),
        call.session,
      );
    },
    async delete(tenantId, templateId, entity, id, call = {}) {
      await store.remove(await resolve(tenantId, templateId, entity, call.session), id, call.session);
    },
    async bulk(tenantId, templateId, entity, body, owner = {}) {
      return runBulk(store, await resolve(tenantId, templateId, entity), body, owner);
    },
  };
}

/**
 * A seed writer for template installs: creates each seed record through the store (validated,
 * in the caller's transaction) and returns how many were written.
 */
export function createSeedWriter(stores: EntityStores) {
  return async (
    tx: SqlSession,
    tenantId: string,
    template: TemplateRegistry,
    entity: string,
    records: readonly JsonObject[] | readonly Record<string, unknown>[],
  ): Promise<number> => {
    for (const record of records)
      await stores.create(tenantId, template.id, entity, record as Record<string, unknown>, {}, { session: tx });
    return records.length;
  };
}
