import { rowSql, type AccessCompile } from "../model/access.ts";
import { visible } from "../model/storage.ts";
import type { EntityView } from "../model/types.ts";
import { columnWrites, extKeys, jsonbValues, type Body, type ColumnWrite } from "../records/codec.ts";
import { withAudit } from "./audit-sql.ts";
import { col, ident, literal } from "./ident.ts";
import {
  checksSql,
  foreignKeyCheck,
  foreignKeyRelations,
  ownerCheck,
  type Owner,
  type RefCheck,
} from "./ref-checks.ts";
import { Aliases, columnNames, topLevelSelect, type Compiled, type RowDecoder } from "./select-list.ts";
import { statementName, type Statement } from "./statement-cache.ts";

/** A write statement with its parameter builder and the references it checks. */
export interface WritePlan {
  readonly statement: Statement;
  readonly checks: readonly RefCheck[];
  params(tenantId: string, body: Body, owner: Owner, id?: string): unknown[];
}

/** Finishes a statement: access markers numbered after its `base` own parameters. */
export function finish(compiled: string | Compiled, base: number, ac?: AccessCompile): Statement {
  const { text, ...rest } = typeof compiled === "string" ? { text: compiled } : compiled;
  const final = ac ? ac.binds.finish(text, base) : text;
  return {
    ...rest,
    text: final,
    name: statementName(final),
    ...(ac?.binds.list.length ? { binds: [...ac.binds.list] } : {}),
  };
}

/** RETURNING list (the record as this caller may see it, decoded by `decode`) and how to re-select it. */
function returning(
  view: EntityView,
  ac: AccessCompile | undefined,
): { sql: string; names: string[]; decode: RowDecoder } {
  const { columns, decode } = topLevelSelect(view, "t", null, [], new Aliases(), ac);
  return { sql: columns.join(", "), names: columnNames(columns), decode };
}

/** Keys a write through a localized view stores as translations (model/locale.ts); empty otherwise. */
const translatedKeys = (view: EntityView, keys: readonly string[]): string[] =>
  view.translation ? keys.filter((k) => view.translation!.fields.has(k)) : [];

/** The translatable values a body gives, as JSON (nulls stay: they remove a locale's text). */
const translationValues = (body: Body, keys: readonly string[]): string =>
  JSON.stringify(Object.fromEntries(keys.filter((k) => body[k] !== undefined).map((k) => [k, body[k]])));

/**
 * `translations` with the locale's texts merged in; a null removes a text (the locale then
 * falls back). `translations` is the current object's SQL, `param` the placeholder of the values.
 */
const mergedTranslations = (locale: string, translations: string, param: string) =>
  `COALESCE(${translations}, '{}'::jsonb) || jsonb_build_object(${literal(locale)}, jsonb_strip_nulls(COALESCE(${translations}->${literal(locale)}, '{}'::jsonb) || ${param}::jsonb))`;

const hasColumn = (view: EntityView, name: "createdBy" | "updatedBy") =>
  view.storage.kind === "native" && view.entity.systemColumns.some((c) => c.name === name);

/**
 * Create: one statement that inserts only when every reference exists for this tenant (and, with
 * access, is readable by the caller), and returns the record in the API shape. `given`: the
 * foreign keys the body sets (the others need no check, and a statement without them is
 * cheaper to plan); absent: all of them, each checked when not null. With an audit
 * context the audit row is written by the same statement. Parameters: $1 tenant, the values,
 * then the checks; access binds after them.
 */
export function compileInsert(
  view: EntityView,
  ac?: AccessCompile,
  given?: ReadonlySet<string>,
): WritePlan & { readonly valueCount: number } {
  const owner = ownerCheck(view);
  const fkRelations = [...foreignKeyRelations(view).values()].filter((r) => !given || given.has(r.foreignKey!));
  const checks = [...(owner ? [owner] : []), ...fkRelations.map((r) => foreignKeyCheck(view, r))];
  const ownerKey = view.entity.scope === "tenant" ? null : `${view.entity.scope}Id`;
  const ret = returning(view, ac);
  const audit = ac?.access.audit ? `, to_jsonb(t) AS "__new"` : "";
  const wrap = (write: string) => (audit ? withAudit(view, write, "create", ret.names, ac!.binds) : write);
  const layout = insertLayout(view);
  const n = layout.params;
  const text =
    `INSERT INTO ${view.storage.table} AS t (${layout.columns.join(", ")}) ` +
    (checks.length
      ? `SELECT ${layout.values.join(", ")} WHERE ${checksSql(checks, n + 1, ac)}`
      : `VALUES (${layout.values.join(", ")})`) +
    ` RETURNING ${ret.sql}${audit}`;
  const keys = [...view.writable.keys()];
  const writes: ColumnWrite[] = keys.flatMap((key) => columnWrites(view, key));
  const extNames = view.ext?.properties.map((p) => p.name) ?? [];
  // A create in another locale than the template's fills the columns too (a record needs its
  // texts there, and the other locales fall back to them) and the locale's translations.
  const translated = translatedKeys(view, keys);
  return {
    statement: finish({ text: wrap(text), decode: ret.decode }, n + checks.length, ac),
    checks,
    valueCount: n,
    params: (tenantId, body, ownerIds) => {
      const params: unknown[] = [tenantId];
      if (view.storage.kind === "draft") {
        const data = jsonbValues(view, body, keys);
        if (ownerKey) data[ownerKey] = ownerIds[ownerKey as keyof Owner];
        if (translated.length) {
          const texts = Object.fromEntries(translated.filter((k) => body[k] != null).map((k) => [k, body[k]]));
          data.translations = { [view.translation!.locale]: texts };
        }
        params.push(JSON.stringify(data));
      } else {
        if (ownerKey) params.push(ownerIds[ownerKey as keyof Owner] ?? null);
        if (layout.creator) params.push(ownerIds.createdBy ?? null);
        for (const w of writes) params.push(w.value(body));
        if (view.ext) params.push(JSON.stringify(jsonbValues(view, body, extNames)));
        if (translated.length) params.push(translationValues(body, translated));
      }
      for (const c of checks) params.push(c.value(body, ownerIds));
      return params;
    },
  };
}

/** Columns an insert fills and their placeholders ($1 tenant, then the values). */
function insertLayout(view: EntityView): { columns: string[]; values: string[]; creator: boolean; params: number } {
  if (view.storage.kind === "draft") {
    return {
      columns: [`"tenantId"`, `"templateId"`, `"entity"`, `"data"`],
      values: [`$1::uuid`, literal(view.template.id), literal(view.entity.name), `$2::jsonb`],
      creator: false,
      params: 2,
    };
  }
  const ownerKey = view.entity.scope === "tenant" ? null : `${view.entity.scope}Id`;
  const writes = [...view.writable.keys()].flatMap((key) => columnWrites(view, key));
  const creator = hasColumn(view, "createdBy");
  const translated = translatedKeys(view, [...view.writable.keys()]).length > 0;
  let n = 1;
  return {
    columns: [
      `"tenantId"`,
      ...(ownerKey ? [ident(ownerKey)] : []),
      ...(creator ? [`"createdBy"`] : []),
      ...writes.map((w) => ident(w.column)),
      ...(view.ext ? [`"ext"`] : []),
      ...(translated ? [`"translations"`] : []),
    ],
    values: [
      `$1::uuid`,
      ...(ownerKey ? [`$${++n}::uuid`] : []),
      ...(creator ? [`$${++n}::uuid`] : []),
      ...writes.map((w) => `$${++n}::${w.cast}`),
      ...(view.ext ? [`$${++n}::jsonb`] : []),
      ...(translated
        ? [`jsonb_build_object(${literal(view.translation!.locale)}, jsonb_strip_nulls($${++n}::jsonb))`]
        : []),
    ],
    creator,
    params: n,
  };
}

/**
 * Create rules that read the new values (a `where`): evaluated over the row as it would be
 * inserted (`SELECT <rules> FROM (SELECT <values> AS <columns>, defaults…) AS t`). Only for
 * callers whose create decision needs it. Parameters: the insert's own values (no checks).
 */
export function compileNewRowCheck(
  view: EntityView,
  rules: readonly ((alias: string) => string)[],
  ac: AccessCompile,
  valueCount: number,
): Statement {
  const layout = insertLayout(view);
  const given = new Set(layout.columns);
  const columns = layout.columns.map((c, i) => `${layout.values[i]} AS ${c}`);
  const defaults: Record<string, string> = {
    id: "gen_random_uuid()",
    createdAt: "now()",
    updatedAt: "now()",
    translations: "'{}'::jsonb",
    ext: "'{}'::jsonb",
  };
  if (view.storage.kind === "native") {
    for (const system of view.entity.systemColumns) {
      if (!given.has(ident(system.name)))
        columns.push(`${defaults[system.name] ?? `NULL::${system.pgType}`} AS ${ident(system.name)}`);
    }
    for (const field of view.entity.fields) {
      for (const column of field.columns)
        if (!given.has(ident(column.name))) columns.push(`NULL::${column.pgType} AS ${ident(column.name)}`);
    }
    for (const relation of view.entity.relations) {
      if (relation.foreignKey && !given.has(ident(relation.foreignKey)))
        columns.push(`NULL::uuid AS ${ident(relation.foreignKey)}`);
    }
  } else {
    columns.push(
      `gen_random_uuid() AS "id"`,
      `now() AS "createdAt"`,
      `now() AS "updatedAt"`,
      `NULL::timestamptz AS "deletedAt"`,
    );
  }
  const checks = rules.map((rule, i) => `COALESCE(${rule("t")}, FALSE) AS "k${i}"`);
  return finish(`SELECT ${checks.join(", ")} FROM (SELECT ${columns.join(", ")}) AS t`, valueCount, ac);
}

/** The shape of an update: which writable keys the body sets. */
export const updateShape = (view: EntityView, body: Body) =>
  Object.keys(body)
    .filter((k) => view.writable.has(k))
    .sort();

/** Field write rules of the updated keys that depend on the row (caller-level refusals happen before). */
function fieldWriteRules(
  view: EntityView,
  keys: readonly string[],
  ac: AccessCompile | undefined,
  alias: string,
): string[] {
  if (!ac) return [];
  return keys.flatMap((key) => {
    const gate = ac.access.fieldWrite(view, key, "update", {});
    return gate.kind === "rows" ? [gate.sql(alias, ac.binds)] : gate.kind === "none" ? ["FALSE"] : [];
  });
}

/**
 * PATCH: sets only the keys given (extension values merge into `ext`), bumps updatedAt, and
 * checks the foreign keys it sets. With access, the caller's update rule and the row-dependent
 * write rules of the keys are part of the WHERE clause. Parameters: $1 tenant, $2 id, the
 * values, then the checks; access binds after them.
 */
export function compileUpdate(view: EntityView, keys: readonly string[], ac?: AccessCompile): WritePlan {
  const fkRelations = foreignKeyRelations(view);
  const checks = keys.filter((k) => fkRelations.has(k)).map((k) => foreignKeyCheck(view, fkRelations.get(k)!));
  let n = 2;
  /** New value per column the update sets (the SET list, and the record as the update leaves it). */
  const assigned = new Map<string, string>();
  const getters: ((body: Body) => unknown)[] = [];
  // Through a localized view, translatable keys go to the locale's translations, not the columns.
  const translated = translatedKeys(view, keys);
  const locale = view.translation?.locale ?? "";
  const columnKeys = translated.length ? keys.filter((k) => !translated.includes(k)) : keys;
  if (view.storage.kind === "draft") {
    const data = `t."data" || $${++n}::jsonb`;
    getters.push((body) => JSON.stringify(jsonbValues(view, body, columnKeys)));
    if (translated.length) {
      const merged = mergedTranslations(locale, `t."data"->'translations'`, `$${++n}`);
      assigned.set("data", `${data} || jsonb_build_object('translations', ${merged})`);
      getters.push((body) => translationValues(body, translated));
    } else assigned.set("data", data);
  } else {
    if (translated.length) {
      assigned.set("translations", mergedTranslations(locale, `t."translations"`, `$${++n}`));
      getters.push((body) => translationValues(body, translated));
    }
    for (const w of columnKeys.flatMap((k) => columnWrites(view, k))) {
      assigned.set(w.column, `$${++n}::${w.cast}`);
      getters.push(w.value);
    }
    if (keys.some((k) => view.writable.get(k)?.source === "ext")) {
      assigned.set("ext", `t."ext" || $${++n}::jsonb`);
      getters.push((body) => JSON.stringify(jsonbValues(view, body, extKeys(view, body))));
    }
  }
  assigned.set("updatedAt", "now()");
  if (ac && hasColumn(view, "updatedBy")) assigned.set("updatedBy", `${ac.binds.caller("uid")}::uuid`);
  const sets = [...assigned].map(([column, value]) => `${ident(column)} = ${value}`);
  const rules = [
    rowSql(ac, view, "update", "t"),
    ...fieldWriteRules(view, keys, ac, "t"),
    afterUpdateRule(view, assigned, ac),
  ].filter((r): r is string => r !== null);
  const guard =
    (rules.length ? ` AND ${rules.join(" AND ")}` : "") + (checks.length ? ` AND ${checksSql(checks, n + 1, ac)}` : "");
  const ret = returning(view, ac);
  const audit = ac?.access.audit;
  // The audit diff needs the row as it was: a self-join on the locked old version.
  const old = audit
    ? ` FROM (SELECT o.* FROM ${view.storage.table} AS o WHERE ${visible(view.storage, "o")} AND ${col("o", "id")} = $2::uuid FOR UPDATE) AS old`
    : "";
  const text =
    `UPDATE ${view.storage.table} AS t SET ${sets.join(", ")}${old} WHERE ${visible(view.storage, "t")} AND ${col("t", "id")} = $2::uuid${audit ? ` AND old."id" = t."id"` : ""}${guard} ` +
    `RETURNING ${ret.sql}${audit ? `, to_jsonb(old) AS "__old", to_jsonb(t) AS "__new"` : ""}`;
  return {
    statement: finish(
      { text: audit ? withAudit(view, text, "update", ret.names, ac!.binds) : text, decode: ret.decode },
      n + checks.length,
      ac,
    ),
    checks,
    params: (tenantId, body, owner, id) => [
      tenantId,
      id,
      ...getters.map((g) => g(body)),
      ...checks.map((c) => c.value(body, owner)),
    ],
  };
}

/**
 * The update decision over the record as this update leaves it (`"n"`: the stored row with the
 * assigned columns replaced), so no update moves a record somewhere the caller could not have
 * put it — into another account, onto a record it may not reference (Postgres's `WITH CHECK`).
 * Null when the decision does not depend on the row.
 */
function afterUpdateRule(
  view: EntityView,
  assigned: ReadonlyMap<string, string>,
  ac: AccessCompile | undefined,
): string | null {
  if (!ac) return null;
  const gate = ac.access.updated(view);
  if (gate.kind === "all") return null;
  if (gate.kind === "none") return "FALSE";
  const columns =
    view.storage.kind === "draft"
      ? ["id", "tenantId", "templateId", "entity", "data", "deletedAt", "createdAt", "updatedAt"]
      : [
          ...new Set([
            ...view.entity.systemColumns.map((c) => c.name as string),
            ...view.entity.fields.flatMap((f) => f.columns.map((c) => c.name)),
            ...view.entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : [])),
            ...(view.ext ? ["ext"] : []),
          ]),
        ];
  const row = columns.map((c) => `${assigned.get(c) ?? col("t", c)} AS ${ident(c)}`).join(", ");
  return `COALESCE((SELECT ${gate.sql("n", ac.binds)} FROM (SELECT ${row}) AS n), FALSE)`;
}

/** DELETE: sets deletedAt when the entity soft-deletes, else removes the row. $1 tenant, $2 id. */
export function compileDelete(view: EntityView, ac?: AccessCompile): Statement {
  const rule = rowSql(ac, view, "delete", "t");
  const audit = ac?.access.audit;
  const where = `WHERE ${visible(view.storage, "t")} AND ${col("t", "id")} = $2::uuid${rule ? ` AND ${rule}` : ""} RETURNING t."id"${audit ? `, to_jsonb(t) AS "__old"` : ""}`;
  const soft = view.entity.softDelete;
  const text = soft
    ? `UPDATE ${view.storage.table} AS t SET "deletedAt" = now(), "updatedAt" = now() ${where}`
    : `DELETE FROM ${view.storage.table} AS t ${where}`;
  return finish(audit ? withAudit(view, text, "delete", [`"id"`], ac!.binds) : text, 2, ac);
}

/** Does a visible row with this id exist? ($1 tenant, $2 id) — tells "not found" from "bad reference". */
export function compileExists(view: EntityView): Statement {
  return finish(
    `SELECT 1 FROM ${view.storage.table} AS t WHERE ${visible(view.storage, "t")} AND ${col("t", "id")} = $2::uuid`,
    2,
  );
}

/**
 * Why did a write match no row? For the caller: may they read it ("r": else 404), may they do
 * `action` to it ("a": else 403), and may they write each key (`k0…`: else 403 naming the keys).
 * Only on the error path. $1 tenant, $2 id.
 */
export function compileProbe(
  view: EntityView,
  action: "update" | "delete",
  keys: readonly string[],
  ac: AccessCompile,
): Statement {
  const read = rowSql(ac, view, "read", "t") ?? "TRUE";
  const allowed = rowSql(ac, view, action, "t") ?? "TRUE";
  const fields = keys.map((key, i) => {
    const gate = ac.access.fieldWrite(view, key, "update", {});
    const sql = gate.kind === "all" ? "TRUE" : gate.kind === "none" ? "FALSE" : gate.sql("t", ac.binds);
    return `COALESCE(${sql}, FALSE) AS "k${i}"`;
  });
  const text = `SELECT COALESCE(${read}, FALSE) AS "r", COALESCE(${allowed}, FALSE) AS "a"${fields.map((f) => `, ${f}`).join("")} FROM ${view.storage.table} AS t WHERE ${visible(view.storage, "t")} AND ${col("t", "id")} = $2::uuid`;
  return finish(text, 2, ac);
}
