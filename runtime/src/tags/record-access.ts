import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { TenantContext } from "../context.ts";
import { readableRows, rowSql, type AccessCompile, type CallerAccess } from "../crud/model/access.ts";
import type { EntityView } from "../crud/model/types.ts";
import { Binds, bindValues } from "../crud/sql/binds.ts";
import type { EntityStore } from "../crud/store/entity-store.ts";
import type { SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";

/** An entity of one of the tenant's installed templates that a capability (tags, collections) serves. */
export interface ServedEntity {
  readonly template: TemplateRegistry;
  readonly entity: EntityRegistry;
}

/** A template's `tagging` or `collections` list. */
export type EntityListKey = "tagging" | "collections";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: unknown): text is string => typeof text === "string" && UUID.test(text);

/** Every entity of the tenant's installed templates that the template's `key` list names. */
export function servedEntities(registry: RuntimeRegistry, tenant: TenantContext, key: EntityListKey): ServedEntity[] {
  const out: ServedEntity[] = [];
  for (const id of tenant.templates.keys()) {
    const template = registry.template(id);
    for (const name of template?.[key]?.entities ?? []) {
      const entity = template!.entities.find((e) => e.name === name);
      if (entity) out.push({ template: template!, entity });
    }
  }
  return out;
}

/**
 * The entity a body or query names (`apiName` or `templateId:apiName`, as in the entity URLs),
 * among the tenant's installed ones, that `key` lists; else a 422 at `pointer`.
 */
export function resolveServed(
  registry: RuntimeRegistry,
  tenant: TenantContext,
  name: unknown,
  key: EntityListKey,
  pointer: string,
): ServedEntity {
  const resolved = typeof name === "string" ? registry.resolveEntity(tenant.templates.keys(), name) : undefined;
  const what = key === "tagging" ? "takes no tags" : "cannot go into collections";
  if (resolved === "ambiguous")
    throw new ApiError("RT_ERR_VALIDATION", "The entity name is ambiguous.", [
      { pointer, message: "exists in several installed templates: use templateId:apiName" },
    ]);
  if (!resolved)
    throw new ApiError("RT_ERR_UNPROCESSABLE", "No such entity here.", [
      { pointer, message: "is not an entity of this marketplace" },
    ]);
  if (!resolved.template[key]?.entities.includes(resolved.entity.name))
    throw new ApiError("RT_ERR_UNPROCESSABLE", `This entity ${what}.`, [
      { pointer, message: `${what} (template "${key}")` },
    ]);
  return resolved;
}

/** What a caller may do with some records of one entity: the ids they may read, and which of those they may update. */
export interface RecordRights {
  readonly readable: ReadonlySet<string>;
  readonly updatable: ReadonlySet<string>;
}

/**
 * The caller's rights on records, decided by the entity's own rules as the CRUD engine compiles
 * them (model/access.ts): a record is readable when a GET of it would find it, updatable when a
 * PATCH's row rule would also admit it. One statement per entity, in the tenant's RLS context.
 */
export class RecordAccess {
  constructor(
    private readonly store: EntityStore,
    private readonly registry: RuntimeRegistry,
  ) {}

  async view(tenantId: string, served: ServedEntity): Promise<EntityView> {
    return (await this.store.target(tenantId, served.template, served.entity)).view;
  }

  async rights(
    tenantId: string,
    served: ServedEntity,
    caller: CallerAccess,
    ids: readonly string[],
    session?: SqlSession,
  ): Promise<RecordRights> {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (!wanted.length) return { readable: new Set(), updatable: new Set() };
    const view = await this.view(tenantId, served);
    const ac: AccessCompile = { access: caller, binds: new Binds() };
    const update = rowSql(ac, view, "update", "t") ?? "TRUE";
    const id = view.id.sql("t");
    const text = ac.binds.finish(
      `SELECT (${id})::text AS "id", (${update}) AS "u" FROM ${view.storage.table} AS t WHERE ${readableRows(view, "t", ac)} AND ${id} = ANY($2::uuid[])`,
      2,
    );
    const values = [tenantId, wanted, ...bindValues(ac.binds.list, (k) => caller.value(k))];
    const run = (s: SqlSession) => s.query<{ id: string; u: boolean }>(text, values);
    const { rows } = session ? await run(session) : await this.store.sessions.run(tenantId, run);
    return {
      readable: new Set(rows.map((r) => r.id)),
      updatable: new Set(rows.filter((r) => r.u).map((r) => r.id)),
    };
  }

  /**
   * SQL of the (templateId, entity, recordId) rows of `table` (tag_link, collection_item) whose
   * record the caller may read, over the given entities; binds go into `ac`. `$1` is the tenant.
   */
  async readableLinks(
    tenantId: string,
    entities: readonly ServedEntity[],
    ac: AccessCompile,
    table: "tag_link" | "collection_item",
    columns: readonly string[],
  ): Promise<string> {
    const parts: string[] = [];
    for (const served of entities) {
      const view = await this.view(tenantId, served);
      const select = columns.map((c) => `"__l"."${c}"`).join(", ");
      parts.push(
        `SELECT ${select} FROM "${table}" AS "__l" WHERE "__l"."tenantId" = $1 AND "__l"."templateId" = ${literal(served.template.id)} ` +
          `AND "__l"."entity" = ${literal(served.entity.name)} AND EXISTS (SELECT 1 FROM ${view.storage.table} AS t WHERE ${readableRows(view, "t", ac)} AND ${view.id.sql("t")} = "__l"."recordId")`,
      );
    }
    // No served entity: no rows, with the columns typed as the table has them.
    return parts.length
      ? parts.join(" UNION ALL ")
      : `SELECT ${columns.map((c) => `"__l"."${c}"`).join(", ")} FROM "${table}" AS "__l" WHERE FALSE`;
  }

  /** The served entity a stored (templateId, entity) pair names, if the tenant still has it. */
  served(tenant: TenantContext, templateId: string, entityName: string, key: EntityListKey): ServedEntity | null {
    if (!tenant.templates.has(templateId)) return null;
    const template = this.registry.template(templateId);
    const entity = template?.entities.find((e) => e.name === entityName);
    return template && entity && template[key]?.entities.includes(entity.name) ? { template, entity } : null;
  }
}

/** A registry constant (template id, entity name) as an SQL literal. */
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
