import { visible } from "../model/storage.ts";
import type { EntityView } from "../model/types.ts";
import { columnWrites, extKeys, jsonbValues, type Body, type ColumnWrite } from "../records/codec.ts";
import { col, ident, literal } from "./ident.ts";
import { checksSql, foreignKeyCheck, foreignKeyRelations, ownerCheck, type Owner, type RefCheck } from "./ref-checks.ts";
import { Aliases, selectList } from "./select-list.ts";
import { statementName, type Statement } from "./statement-cache.ts";

/** A write statement with its parameter builder and the references it checks. */
export interface WritePlan {
  readonly statement: Statement;
  readonly checks: readonly RefCheck[];
  params(tenantId: string, body: Body, owner: Owner, id?: string): unknown[];
}

const returning = (view: EntityView) => selectList(view, "t", null, [], new Aliases()).join(", ");
const statement = (text: string): Statement => ({ text, name: statementName(text) });

/**
 * Create: one statement that inserts only when every reference exists for this tenant, and
 * returns the record in the API shape. Parameters: $1 tenant, the values, then the checks.
 */
export function compileInsert(view: EntityView): WritePlan {
  const owner = ownerCheck(view);
  const fkRelations = foreignKeyRelations(view);
  const checks = [...(owner ? [owner] : []), ...[...fkRelations.values()].map((r) => foreignKeyCheck(view, r))];
  const ownerKey = view.entity.scope === "tenant" ? null : `${view.entity.scope}Id`;
  if (view.storage.kind === "draft") {
    const keys = [...view.writable.keys()];
    const where = checks.length ? ` WHERE ${checksSql(checks, 3)}` : "";
    const text =
      `INSERT INTO ${view.storage.table} AS t ("tenantId", "templateId", "entity", "data") ` +
      `SELECT $1::uuid, ${literal(view.template.id)}, ${literal(view.entity.name)}, $2::jsonb${where} RETURNING ${returning(view)}`;
    return {
      statement: statement(text),
      checks,
      params: (tenantId, body, ownerIds) => {
        const data = jsonbValues(view, body, keys);
        if (ownerKey) data[ownerKey] = ownerIds[ownerKey as keyof Owner];
        return [tenantId, JSON.stringify(data), ...checks.map((c) => c.value(body, ownerIds))];
      },
    };
  }
  const writes: ColumnWrite[] = [...view.writable.keys()].flatMap((key) => columnWrites(view, key));
  const columns = [`"tenantId"`, ...(ownerKey ? [ident(ownerKey)] : []), ...writes.map((w) => ident(w.column)), ...(view.ext ? [`"ext"`] : [])];
  let n = 1;
  const values = [`$1::uuid`, ...(ownerKey ? [`$${++n}::uuid`] : []), ...writes.map((w) => `$${++n}::${w.cast}`), ...(view.ext ? [`$${++n}::jsonb`] : [])];
  const source = checks.length ? `SELECT ${values.join(", ")} WHERE ${checksSql(checks, n + 1)}` : `VALUES (${values.join(", ")})`;
  const text = `INSERT INTO ${view.storage.table} AS t (${columns.join(", ")}) ${source} RETURNING ${returning(view)}`;
  const extNames = view.ext?.properties.map((p) => p.name) ?? [];
  return {
    statement: statement(text),
    checks,
    params: (tenantId, body, ownerIds) => {
      const params: unknown[] = [tenantId];
      if (ownerKey) params.push(ownerIds[ownerKey as keyof Owner] ?? null);
      for (const w of writes) params.push(w.value(body));
      if (view.ext) params.push(JSON.stringify(jsonbValues(view, body, extNames)));
      for (const c of checks) params.push(c.value(body, ownerIds));
      return params;
    },
  };
}

/** The shape of an update: which writable keys the body sets. */
export const updateShape = (view: EntityView, body: Body) => Object.keys(body).filter((k) => view.writable.has(k)).sort();

/**
 * PATCH: sets only the keys given (extension values merge into `ext`), bumps updatedAt, and
 * checks the foreign keys it sets. Parameters: $1 tenant, $2 id, the values, then the checks.
 */
export function compileUpdate(view: EntityView, keys: readonly string[]): WritePlan {
  const fkRelations = foreignKeyRelations(view);
  const checks = keys.filter((k) => fkRelations.has(k)).map((k) => foreignKeyCheck(view, fkRelations.get(k)!));
  let n = 2;
  const sets: string[] = [];
  const getters: ((body: Body) => unknown)[] = [];
  if (view.storage.kind === "draft") {
    sets.push(`"data" = t."data" || $${++n}::jsonb`);
    getters.push((body) => JSON.stringify(jsonbValues(view, body, keys)));
  } else {
    for (const w of keys.flatMap((k) => columnWrites(view, k))) {
      sets.push(`${ident(w.column)} = $${++n}::${w.cast}`);
      getters.push(w.value);
    }
    if (keys.some((k) => view.writable.get(k)?.source === "ext")) {
      sets.push(`"ext" = t."ext" || $${++n}::jsonb`);
      getters.push((body) => JSON.stringify(jsonbValues(view, body, extKeys(view, body))));
    }
  }
  sets.push(`"updatedAt" = now()`);
  const guard = checks.length ? ` AND ${checksSql(checks, n + 1)}` : "";
  const text = `UPDATE ${view.storage.table} AS t SET ${sets.join(", ")} WHERE ${visible(view.storage, "t")} AND ${col("t", "id")} = $2::uuid${guard} RETURNING ${returning(view)}`;
  return {
    statement: statement(text),
    checks,
    params: (tenantId, body, owner, id) => [tenantId, id, ...getters.map((g) => g(body)), ...checks.map((c) => c.value(body, owner))],
  };
}

/** DELETE: sets deletedAt when the entity soft-deletes, else removes the row. $1 tenant, $2 id. */
export function compileDelete(view: EntityView): Statement {
  const where = `WHERE ${visible(view.storage, "t")} AND ${col("t", "id")} = $2::uuid RETURNING t."id"`;
  const soft = view.entity.softDelete;
  return statement(
    soft
      ? `UPDATE ${view.storage.table} AS t SET "deletedAt" = now(), "updatedAt" = now() ${where}`
      : `DELETE FROM ${view.storage.table} AS t ${where}`,
  );
}

/** Does a visible row with this id exist? ($1 tenant, $2 id) — tells "not found" from "bad reference". */
export function compileExists(view: EntityView): Statement {
  return statement(`SELECT 1 FROM ${view.storage.table} AS t WHERE ${visible(view.storage, "t")} AND ${col("t", "id")} = $2::uuid`);
}
