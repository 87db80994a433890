/**
 * The run's record and the parties of a plan, read with SQL on the step's transaction. Every
 * statement has `"tenantId" = $1`; tables and columns come from the generated registry.
 */
import { createHash } from "node:crypto";
import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { PlanParty, RelationPath } from "../../../engine/src/contract/workflow-plan.ts";
import type { TenantContext } from "../context.ts";
import type { SqlSession } from "../db/database.ts";

export type RecordRow = Record<string, unknown>;

/** A quoted SQL identifier (table and column names come from the registry). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quote = quoteIdent;

const statementNames = new Map<string, string>();
/**
 * A prepared statement's name for SQL built from the registry (a record's table and columns): the
 * same text, the same name, so each is parsed and planned once per connection.
 */
export function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) statementNames.set(sql, (name = `wf_${createHash("sha1").update(sql).digest("hex").slice(0, 24)}`));
  return name;
}

export function entityOf(template: TemplateRegistry, name: string): EntityRegistry {
  const entity = template.entities.find((e) => e.name === name);
  if (!entity) throw new Error(`workflow: no entity "${name}" in template "${template.id}"`);
  if (entity.draft) throw new Error(`workflow: entity "${name}" is still a draft (no table)`);
  return entity;
}

/** One record as JSON (columns by name), or null when it is not this tenant's. */
export async function loadRecord(
  tx: SqlSession,
  tenantId: string,
  entity: EntityRegistry,
  id: string,
  lock = false,
): Promise<RecordRow | null> {
  const { rows } = await tx.query<{ r: RecordRow }>(
    `SELECT to_jsonb(t) AS "r" FROM ${quote(entity.table)} t WHERE t."tenantId" = $1 AND t."id" = $2${lock ? " FOR UPDATE" : ""}`,
    [tenantId, id],
  );
  return rows[0]?.r ?? null;
}

/** The record at the end of a path of many-to-one relations, with its entity (null if a link is empty). */
export async function follow(
  tx: SqlSession,
  tenantId: string,
  template: TemplateRegistry,
  entity: EntityRegistry,
  record: RecordRow | null,
  path: RelationPath,
): Promise<{ entity: EntityRegistry; record: RecordRow } | null> {
  let current = { entity, record };
  for (const name of path) {
    if (!current.record) return null;
    const relation = current.entity.relations.find((r) => r.name === name && r.kind === "many-to-one");
    if (!relation?.foreignKey)
      throw new Error(`workflow: "${name}" is not a many-to-one relation of ${current.entity.name}`);
    const id = current.record[relation.foreignKey];
    if (typeof id !== "string") return null;
    const target = entityOf(template, relation.target);
    current = { entity: target, record: await loadRecord(tx, tenantId, target, id) };
  }
  return current.record ? (current as { entity: EntityRegistry; record: RecordRow }) : null;
}

export interface Resolved {
  readonly userIds: string[];
  readonly emails: string[];
}

export interface PartyContext {
  readonly tx: SqlSession;
  readonly tenantId: string;
  readonly template: TemplateRegistry | null;
  readonly entity: EntityRegistry | null;
  readonly record: RecordRow | null;
}

/** Parties → the tenant's user ids (and, for email-field parties, addresses). */
export async function resolveParties(ctx: PartyContext, parties: readonly PlanParty[]): Promise<Resolved> {
  const userIds = new Set<string>();
  const emails = new Set<string>();
  const { tx, tenantId } = ctx;
  const at = async (path: RelationPath) =>
    ctx.template && ctx.entity ? follow(tx, tenantId, ctx.template, ctx.entity, ctx.record, path) : null;
  for (const party of parties) {
    switch (party.kind) {
      case "system":
        break;
      case "role": {
        const { rows } = await tx.query<{ userId: string }>(
          `SELECT DISTINCT m."userId" FROM "membership" m JOIN "user" u ON u."tenantId" = m."tenantId" AND u."id" = m."userId"
            WHERE m."tenantId" = $1 AND m."role" = $2 AND u."status" = 'active' ORDER BY m."userId"`,
          [tenantId, party.role],
        );
        for (const r of rows) userIds.add(r.userId);
        break;
      }
      case "owner": {
        const end = await at(party.path);
        if (typeof end?.record.createdBy === "string") userIds.add(end.record.createdBy);
        break;
      }
      case "account": {
        const end = await at(party.path);
        const accountId = end?.record.accountId;
        if (typeof accountId !== "string") break;
        const { rows } = await tx.query<{ userId: string }>(
          `SELECT DISTINCT "userId" FROM "membership" WHERE "tenantId" = $1 AND "accountId" = $2
              AND ($3::varchar[] IS NULL OR "role" = ANY($3::varchar[])) ORDER BY "userId"`,
          [tenantId, accountId, party.roles?.length ? [...party.roles] : null],
        );
        for (const r of rows) userIds.add(r.userId);
        break;
      }
      case "user-field": {
        const end = await at(party.path);
        const value = end?.record[party.field];
        if (typeof value === "string") userIds.add(value);
        break;
      }
      case "email-field": {
        const end = await at(party.path);
        const value = end?.record[party.field];
        if (typeof value === "string" && value.includes("@")) emails.add(value);
        break;
      }
    }
  }
  // Only users of this tenant: an id field can hold anything.
  const ids = [...userIds];
  if (ids.length) {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT "id" FROM "user" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[]) ORDER BY "id"`,
      [tenantId, ids],
    );
    return { userIds: rows.map((r) => r.id), emails: [...emails] };
  }
  return { userIds: [], emails: [...emails] };
}

/** A caller as the actor checks see them. */
export interface Actor {
  readonly userId: string | null;
  readonly roles: readonly string[];
  readonly accountIds: readonly string[];
}

/** Whether the actor is one of the parties (`system` never is: only the runtime acts as it). */
export async function isParty(ctx: PartyContext, parties: readonly PlanParty[], actor: Actor): Promise<boolean> {
  if (!actor.userId) return false;
  for (const party of parties) {
    if (party.kind === "system" || party.kind === "email-field") continue;
    if (party.kind === "role") {
      if (actor.roles.includes(party.role)) return true;
      continue;
    }
    const resolved = await resolveParties(ctx, [party]);
    if (resolved.userIds.includes(actor.userId)) return true;
  }
  return false;
}

/** Writes columns of the record (the field's single column; `updatedAt` too) unless it holds these values already. */
export async function writeFields(
  tx: SqlSession,
  tenantId: string,
  entity: EntityRegistry,
  id: string,
  values: Record<string, unknown>,
): Promise<void> {
  const write = fieldsWrite(tenantId, entity, id, values);
  if (write) await tx.query(write.sql, write.params, statementName(write.sql));
}

/**
 * writeFields' statement ($1 tenantId, $2 id, then the values), null when there is nothing to
 * write; `extra` is appended to its WHERE (a caller's guard, such as an effect CTE's row).
 */
export function fieldsWrite(
  tenantId: string,
  entity: EntityRegistry,
  id: string,
  values: Record<string, unknown>,
  extra = "",
): { sql: string; params: unknown[] } | null {
  const names = Object.keys(values);
  if (!names.length) return null;
  const sets: string[] = [];
  const changed: string[] = [];
  const params: unknown[] = [tenantId, id];
  for (const name of names) {
    const field = entity.fields.find((f) => f.name === name);
    const column = entity.relations.find((r) => r.foreignKey === name)
      ? name
      : field?.columns.length === 1
        ? field.columns[0].name
        : null;
    if (!column) throw new Error(`workflow: field "${name}" of ${entity.name} cannot be written by a workflow`);
    const value = values[name];
    params.push(value !== null && typeof value === "object" && !Array.isArray(value) ? JSON.stringify(value) : value);
    sets.push(`${quote(column)} = $${params.length}`);
    changed.push(`${quote(column)} IS DISTINCT FROM $${params.length}`);
  }
  const touched = entity.systemColumns.some((c) => c.name === "updatedAt") ? `, "updatedAt" = now()` : "";
  return {
    // Values it holds already are no write (updatedAt stays): a state node re-setting the status.
    sql: `UPDATE ${quote(entity.table)} SET ${sets.join(", ")}${touched} WHERE "tenantId" = $1 AND "id" = $2 AND (${changed.join(" OR ")})${extra}`,
    params,
  };
}

/** The tenant row's columns tenantContext() and the run's scope read (`settings` whole). */
const TENANT_SELECT = `SELECT t."id", t."slug", t."name", t."status", t."settings",
       (SELECT json_agg(json_build_object('templateId', i."templateId", 'version', i."version"))
          FROM "template_install" i WHERE i."tenantId" = t."id") AS "templates"
       FROM "tenant" t WHERE t."id" = $1`;

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  status: string;
  settings: Record<string, unknown> | null;
  templates: { templateId: string; version: string }[] | null;
}

function tenantOf(row: TenantRow | undefined, tenantId: string): TenantContext {
  if (!row) throw new Error(`workflow: tenant ${tenantId} is gone`);
  // As `settings->>'defaultLocale'` reads it.
  const locale = row.settings?.defaultLocale;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status === "suspended" ? "suspended" : "active",
    defaultLocale:
      typeof locale === "string" ? locale : locale === null || locale === undefined ? null : JSON.stringify(locale),
    templates: new Map((row.templates ?? []).map((t) => [t.templateId, { version: t.version }])),
  };
}

/** The tenant as the email pipeline and the notifier need it (installed templates included). */
export async function tenantContext(tx: SqlSession, tenantId: string): Promise<TenantContext> {
  const { rows } = await tx.query<TenantRow>(TENANT_SELECT, [tenantId], "workflow_tenant");
  return tenantOf(rows[0], tenantId);
}

/** What a step reads before its node runs: the record, the relations it names, the tenant. */
export interface StepScope {
  record: RecordRow | null;
  relations: Record<string, RecordRow | null>;
  /** Present when asked for. */
  tenant: { context: TenantContext; settings: Record<string, unknown> } | null;
}

/**
 * The run's record with the many-to-one relations `names` names (each as loadRecord reads it) and,
 * with `withTenant`, the tenant (as tenantContext, plus its settings): one statement. `entity` and
 * `id` null: no record (only the tenant).
 */
export async function loadScope(
  tx: SqlSession,
  tenantId: string,
  template: TemplateRegistry | null,
  entity: EntityRegistry | null,
  id: string | null,
  names: ReadonlySet<string>,
  withTenant: boolean,
  /** Lock the record FOR SHARE (writers of it wait for the caller's commit). */
  share = false,
): Promise<StepScope> {
  const tenantOut = (row: TenantRow | undefined) =>
    withTenant ? { context: tenantOf(row, tenantId), settings: row?.settings ?? {} } : null;
  if (!entity || !id || !template) {
    if (!withTenant) return { record: null, relations: {}, tenant: null };
    const { rows } = await tx.query<TenantRow>(TENANT_SELECT, [tenantId]);
    return { record: null, relations: {}, tenant: tenantOut(rows[0]) };
  }
  const relations = entity.relations.filter((r) => r.kind === "many-to-one" && r.foreignKey && names.has(r.name));
  const columns = [`to_jsonb(t) AS "r"`];
  relations.forEach((r, i) => {
    const target = entityOf(template, r.target);
    // As loadRecord reads it: the related row of this tenant whose id the foreign key holds.
    columns.push(
      `(SELECT to_jsonb(x) FROM ${quote(target.table)} x WHERE x."tenantId" = t."tenantId" AND x."id" = t.${quote(r.foreignKey!)}) AS "rel${i}"`,
    );
  });
  if (withTenant) columns.push(`(SELECT to_jsonb(w) FROM (${TENANT_SELECT}) w) AS "tenant"`);
  const sql = `SELECT ${columns.join(", ")} FROM ${quote(entity.table)} t WHERE t."tenantId" = $1 AND t."id" = $2${share ? " FOR SHARE OF t" : ""}`;
  const { rows } = await tx.query<Record<string, unknown>>(sql, [tenantId, id], statementName(sql));
  const row = rows[0];
  if (!row) {
    // No record: the caller fails the step; the tenant still as asked.
    if (!withTenant) return { record: null, relations: {}, tenant: null };
    const t = await tx.query<TenantRow>(TENANT_SELECT, [tenantId]);
    return { record: null, relations: {}, tenant: tenantOut(t.rows[0]) };
  }
  const out: Record<string, RecordRow | null> = {};
  relations.forEach((r, i) => {
    const value = row[`rel${i}`];
    // An empty key or one pointing at no row of this tenant: null.
    out[r.name] = value && typeof value === "object" ? (value as RecordRow) : null;
  });
  return { record: row.r as RecordRow, relations: out, tenant: tenantOut(row.tenant as TenantRow | undefined) };
}
