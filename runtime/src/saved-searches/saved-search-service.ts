import type { TenantContext } from "../context.ts";
import type { CallerAccess } from "../crud/model/access.ts";
import type { EntityStore, Target } from "../crud/store/entity-store.ts";
import type { Database, SqlSession } from "../db/database.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { isUuid, type ServedEntity } from "../tags/record-access.ts";

export type Visibility = "private" | "account";
export type Alert = "none" | "instant" | "digest";
export const ALERTS: readonly Alert[] = ["none", "instant", "digest"];

/** A saved list query: what the list endpoint's query string parses into, minus paging. */
export interface SavedQuery {
  filter?: Record<string, unknown>;
  sort?: string;
  q?: string;
  tags?: string;
}

export interface SavedSearchRow {
  id: string;
  ownerId: string;
  name: string;
  templateId: string;
  entity: string;
  query: SavedQuery;
  visibility: Visibility;
  accountId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionRow {
  id: string;
  savedSearchId: string;
  userId: string;
  alert: Alert;
  createdAt: string;
  sweptAt: string | null;
}

/** Who is asking: the signed-in user, their accounts, and their compiled rules. */
export interface Viewer {
  readonly userId: string;
  readonly accountIds: readonly string[];
  readonly access: CallerAccess;
}

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
export const SEARCH = `"id", "ownerId", "name", "templateId", "entity", "query", "visibility", "accountId", ${iso(`"createdAt"`)} AS "createdAt", ${iso(`"updatedAt"`)} AS "updatedAt"`;
export const SUBSCRIPTION = `"id", "savedSearchId", "userId", "alert", ${iso(`"createdAt"`)} AS "createdAt", ${iso(`"sweptAt"`)} AS "sweptAt"`;
/** Saved searches one user owns at most. */
export const MAX_SEARCHES = 200;

/** Filter values as the query string gives them: text (a JSON number or boolean becomes its text). */
function asQueryText(value: unknown): unknown {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value && typeof value === "object" && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asQueryText(v)]));
  return value;
}

/** The stored query as list-endpoint parameters (a fresh object without a prototype, like the query-string parser's). */
export function listParams(query: SavedQuery): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = k === "filter" ? asQueryText(v) : v;
  return out;
}

/**
 * Saved searches (runtime/src/saved-searches/README.md): a user's named list query of one entity,
 * private or shared with one of their accounts, re-run through the entity store with the
 * caller's own rules. Every statement carries `"tenantId" = $1`.
 */
export class SavedSearchService {
  constructor(
    private readonly db: Database,
    private readonly registry: RuntimeRegistry,
    private readonly store: EntityStore,
  ) {}

  /** Any entity of the tenant's installed templates (`apiName` or `templateId:apiName`); else 422 at `pointer`. */
  resolve(tenant: TenantContext, name: unknown, pointer = "/body/entity"): ServedEntity {
    const resolved = typeof name === "string" ? this.registry.resolveEntity(tenant.templates.keys(), name) : undefined;
    if (resolved === "ambiguous")
      throw new ApiError("RT_ERR_VALIDATION", "The entity name is ambiguous.", [
        { pointer, message: "exists in several installed templates: use templateId:apiName" },
      ]);
    if (!resolved)
      throw new ApiError("RT_ERR_UNPROCESSABLE", "No such entity here.", [
        { pointer, message: "is not an entity of this marketplace" },
      ]);
    return resolved;
  }

  /** The stored (templateId, entity) pair, if the tenant still has it. */
  served(tenant: TenantContext, templateId: string, entityName: string): ServedEntity | null {
    if (!tenant.templates.has(templateId)) return null;
    const template = this.registry.template(templateId);
    const entity = template?.entities.find((e) => e.name === entityName);
    return template && entity ? { template, entity } : null;
  }

  async target(tenantId: string, served: ServedEntity, access: CallerAccess): Promise<Target> {
    return { ...(await this.store.target(tenantId, served.template, served.entity)), access };
  }

  /**
   * Runs the list as `access` would (the list endpoint's parser, rules and SQL). Query problems
   * come back with `/body/query/…` pointers when `asBody` (the query is being saved).
   */
  async run(
    tenantId: string,
    served: ServedEntity,
    access: CallerAccess,
    params: Record<string, unknown>,
    options: { asBody?: boolean; session?: SqlSession } = {},
  ) {
    const target = await this.target(tenantId, served, access);
    try {
      const go = (s: SqlSession) => this.store.list(target, params, s);
      return options.session ? await go(options.session) : await this.store.sessions.run(tenantId, go);
    } catch (err) {
      if (options.asBody && err instanceof ApiError && err.code === "RT_ERR_BAD_QUERY")
        throw new ApiError(
          "RT_ERR_VALIDATION",
          "The saved query is invalid.",
          (err.errors ?? []).map((e: FieldError) => ({ ...e, pointer: e.pointer.replace(/^\/query/, "/body/query") })),
        );
      throw err;
    }
  }

  /** Refuses a query the owner could not run (400 with `/body/query/…` pointers, 403 without read access). */
  async validate(tenantId: string, served: ServedEntity, access: CallerAccess, query: SavedQuery): Promise<void> {
    await this.run(tenantId, served, access, { ...listParams(query), limit: "1" }, { asBody: true });
  }

  private async row(tenantId: string, id: string, session: SqlSession = this.db): Promise<SavedSearchRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await session.query<SavedSearchRow>(
      `SELECT ${SEARCH} FROM "saved_search" WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** Whether `viewer` may see it: theirs, or shared with an account they are a member of. */
  static canSee(
    s: Pick<SavedSearchRow, "ownerId" | "visibility" | "accountId">,
    viewer: Pick<Viewer, "userId" | "accountIds">,
  ) {
    return (
      s.ownerId === viewer.userId ||
      (s.visibility === "account" && s.accountId !== null && viewer.accountIds.includes(s.accountId))
    );
  }

  /** The saved search if the viewer may see it; else 404 (others never learn it exists). */
  async visible(tenantId: string, id: string, viewer: Viewer): Promise<SavedSearchRow> {
    const s = await this.row(tenantId, id);
    if (!s || !SavedSearchService.canSee(s, viewer)) throw new ApiError("RT_ERR_NOT_FOUND", "No such saved search.");
    return s;
  }

  async owned(tenantId: string, id: string, viewer: Viewer): Promise<SavedSearchRow> {
    const s = await this.visible(tenantId, id, viewer);
    if (s.ownerId !== viewer.userId)
      throw new ApiError("RT_ERR_FORBIDDEN", "Only its owner may change a saved search.");
    return s;
  }

  /** The viewer's own searches, or those shared with their accounts (`scope=shared`). */
  async list(tenantId: string, viewer: Viewer, scope: "mine" | "shared"): Promise<SavedSearchRow[]> {
    const { rows } =
      scope === "mine"
        ? await this.db.query<SavedSearchRow>(
            `SELECT ${SEARCH} FROM "saved_search" WHERE "tenantId" = $1 AND "ownerId" = $2 ORDER BY "createdAt", "id"`,
            [tenantId, viewer.userId],
          )
        : await this.db.query<SavedSearchRow>(
            `SELECT ${SEARCH} FROM "saved_search" WHERE "tenantId" = $1 AND "visibility" = 'account'
               AND "accountId" = ANY($2::uuid[]) AND "ownerId" <> $3 ORDER BY "createdAt", "id" LIMIT 500`,
            [tenantId, viewer.accountIds, viewer.userId],
          );
    return rows;
  }

  /** Sharing needs an account of the owner's: the named one, or their only one. */
  private sharing(viewer: Viewer, visibility: Visibility, accountId: string | null | undefined): string | null {
    if (visibility === "private") return null;
    const account = accountId ?? (viewer.accountIds.length === 1 ? viewer.accountIds[0] : null);
    if (!account || !viewer.accountIds.includes(account))
      throw new ApiError("RT_ERR_UNPROCESSABLE", "A shared search needs one of your accounts.", [
        {
          pointer: "/body/accountId",
          message: account ? "is not one of your accounts" : "name the account to share with",
        },
      ]);
    return account;
  }

  async create(
    tenant: TenantContext,
    viewer: Viewer,
    body: {
      name: string;
      entity: string;
      query?: SavedQuery;
      visibility?: Visibility;
      accountId?: string | null;
      alert?: Alert;
    },
  ): Promise<{ search: SavedSearchRow; subscription: SubscriptionRow }> {
    const served = this.resolve(tenant, body.entity);
    const query = body.query ?? {};
    const visibility = body.visibility ?? "private";
    const accountId = this.sharing(viewer, visibility, body.accountId);
    await this.validate(tenant.id, served, viewer.access, query);
    return this.db.transaction(async (tx) => {
      const { rows: count } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS "n" FROM "saved_search" WHERE "tenantId" = $1 AND "ownerId" = $2`,
        [tenant.id, viewer.userId],
      );
      if (count[0].n >= MAX_SEARCHES)
        throw new ApiError("RT_ERR_CONFLICT", `A user keeps at most ${MAX_SEARCHES} saved searches.`);
      const { rows } = await tx.query<SavedSearchRow>(
        `INSERT INTO "saved_search" ("tenantId", "ownerId", "name", "templateId", "entity", "query", "visibility", "accountId")
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING ${SEARCH}`,
        [
          tenant.id,
          viewer.userId,
          body.name,
          served.template.id,
          served.entity.name,
          JSON.stringify(query),
          visibility,
          accountId,
        ],
      );
      const subscription = await this.subscribe(tenant.id, rows[0].id, viewer.userId, body.alert ?? "instant", tx);
      return { search: rows[0], subscription };
    });
  }

  async update(
    tenant: TenantContext,
    id: string,
    viewer: Viewer,
    body: { name?: string; query?: SavedQuery; visibility?: Visibility; accountId?: string | null },
  ): Promise<SavedSearchRow> {
    const s = await this.owned(tenant.id, id, viewer);
    const visibility = body.visibility ?? s.visibility;
    const accountId =
      body.visibility === undefined && body.accountId === undefined
        ? s.accountId
        : this.sharing(viewer, visibility, body.accountId ?? (visibility === s.visibility ? s.accountId : undefined));
    if (body.query !== undefined) {
      const served = this.served(tenant, s.templateId, s.entity);
      if (!served) throw new ApiError("RT_ERR_CONFLICT", "The marketplace no longer has this entity.");
      await this.validate(tenant.id, served, viewer.access, body.query);
    }
    const { rows } = await this.db.query<SavedSearchRow>(
      `UPDATE "saved_search" SET "name" = $3, "query" = $4::jsonb, "visibility" = $5, "accountId" = $6, "updatedAt" = now()
       WHERE "tenantId" = $1 AND "id" = $2 RETURNING ${SEARCH}`,
      [tenant.id, id, body.name ?? s.name, JSON.stringify(body.query ?? s.query), visibility, accountId],
    );
    return rows[0];
  }

  /** Deletes it with its subscriptions and deliveries (foreign keys cascade). */
  async remove(tenantId: string, id: string, viewer: Viewer): Promise<void> {
    await this.owned(tenantId, id, viewer);
    await this.db.query(`DELETE FROM "saved_search" WHERE "tenantId" = $1 AND "id" = $2`, [tenantId, id]);
  }

  /** The stored query as list parameters. */
  params(query: SavedQuery): Record<string, unknown> {
    return listParams(query);
  }

  /** The user's alert choice per search, for the searches that have one. */
  async alerts(tenantId: string, userId: string, searchIds: readonly string[]): Promise<Map<string, Alert>> {
    const { rows } = await this.db.query<{ savedSearchId: string; alert: Alert }>(
      `SELECT "savedSearchId", "alert" FROM "saved_search_subscription" WHERE "tenantId" = $1 AND "userId" = $2 AND "savedSearchId" = ANY($3::uuid[])`,
      [tenantId, userId, searchIds],
    );
    return new Map(rows.map((r) => [r.savedSearchId, r.alert]));
  }

  async subscription(tenantId: string, searchId: string, userId: string): Promise<SubscriptionRow | null> {
    const { rows } = await this.db.query<SubscriptionRow>(
      `SELECT ${SUBSCRIPTION} FROM "saved_search_subscription" WHERE "tenantId" = $1 AND "savedSearchId" = $2 AND "userId" = $3`,
      [tenantId, searchId, userId],
    );
    return rows[0] ?? null;
  }

  /**
   * Sets the user's alert choice. The high-water mark starts at now (only records created or
   * updated from then on are new matches) and starts again at now when alerts are switched on
   * after `none`, so switching them on never floods the user with old records.
   */
  async subscribe(
    tenantId: string,
    searchId: string,
    userId: string,
    alert: Alert,
    session: SqlSession = this.db,
  ): Promise<SubscriptionRow> {
    const { rows } = await session.query<SubscriptionRow>(
      `INSERT INTO "saved_search_subscription" ("tenantId", "savedSearchId", "userId", "alert", "since", "markAt", "markId")
       VALUES ($1, $2, $3, $4, now(), now(), '00000000-0000-0000-0000-000000000000')
       ON CONFLICT ("tenantId", "savedSearchId", "userId") DO UPDATE SET "alert" = EXCLUDED."alert", "updatedAt" = now(),
         "since" = CASE WHEN "saved_search_subscription"."alert" = 'none' AND EXCLUDED."alert" <> 'none' THEN now() ELSE "saved_search_subscription"."since" END,
         "markAt" = CASE WHEN "saved_search_subscription"."alert" = 'none' AND EXCLUDED."alert" <> 'none' THEN now() ELSE "saved_search_subscription"."markAt" END,
         "markId" = CASE WHEN "saved_search_subscription"."alert" = 'none' AND EXCLUDED."alert" <> 'none' THEN EXCLUDED."markId" ELSE "saved_search_subscription"."markId" END
       RETURNING ${SUBSCRIPTION}`,
      [tenantId, searchId, userId, alert],
    );
    return rows[0];
  }

  async unsubscribe(tenantId: string, searchId: string, userId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `DELETE FROM "saved_search_subscription" WHERE "tenantId" = $1 AND "savedSearchId" = $2 AND "userId" = $3`,
      [tenantId, searchId, userId],
    );
    return (rowCount ?? 0) > 0;
  }
}
