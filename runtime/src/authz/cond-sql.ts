import { ME, MY_ACCOUNT, splitAccessPath } from "../../../engine/src/contract/access-paths.ts";
import type { FilterOperator } from "../../../engine/src/contract/registry-types.ts";
import { hopsFrom, throughHops } from "../crud/sql/relation-hops.ts";
import { visible } from "../crud/model/storage.ts";
import { entityByName, viewOf } from "../crud/model/view-cache.ts";
import type { ColumnExpr, EntityView } from "../crud/model/types.ts";
import type { FilterClause } from "../crud/query/list-plan.ts";
import { resolveTarget } from "../crud/query/parse-filter.ts";
import type { Binds } from "../crud/sql/binds.ts";
import { jsonbValue, nativeColumn } from "../crud/sql/column-expressions.ts";
import { filterSql } from "../crud/sql/filter-sql.ts";
import { OWNER, type Cond } from "./conditions.ts";
import { ALL_ACCOUNTS } from "./rule-conditions.ts";

/** The column that says who owns a row: `userId` of user-scoped entities, else `createdBy`. */
export function ownerColumn(view: EntityView): ColumnExpr | null {
  const user = view.entity.scope === "user";
  if (view.storage.kind === "draft") return user ? jsonbValue("data", ["userId"], "uuid") : null;
  return user
    ? nativeColumn("userId", "uuid", false)
    : view.entity.systemColumns.some((c) => c.name === "createdBy")
      ? nativeColumn("createdBy", "uuid", true)
      : null;
}

/** The row's account (account-scoped entities only). */
export function accountColumn(view: EntityView): ColumnExpr | null {
  if (view.entity.scope !== "account") return null;
  return view.storage.kind === "draft"
    ? jsonbValue("data", ["accountId"], "uuid")
    : nativeColumn("accountId", "uuid", false);
}

/** `Cond` → SQL over the row aliased `alias`; caller values and constants become binds. */
export function condSql(c: Cond, view: EntityView, alias: string, binds: Binds): string {
  switch (c.k) {
    case "true":
      return "TRUE";
    case "false":
      return "FALSE";
    case "owner": {
      const column = ownerColumn(view);
      return column ? `${column.sql(alias)} = ${binds.caller("uid")}::uuid` : "FALSE";
    }
    case "account": {
      const column = accountColumn(view);
      return column ? `${column.sql(alias)} = ANY(${binds.caller(c.key)}::uuid[])` : "FALSE";
    }
    case "where":
      return whereSql(c.where, view, alias, binds);
    case "and":
    case "or":
      return `(${c.xs.map((x) => condSql(x, view, alias, binds)).join(c.k === "and" ? " AND " : " OR ")})`;
    case "not":
      // A deny that cannot be evaluated (NULL owner) does not deny.
      return `NOT COALESCE(${condSql(c.x, view, alias, binds)}, FALSE)`;
  }
}

/** `$user.*` values a rule's `where` may use, and the caller value each one binds. */
const USER_VALUES: Record<string, string> = {
  "$user.id": "uid",
  "$user.tier": "user.tier",
  "$user.accountId": "user.accountId",
  "$user.accountIds": "acc",
};

const LIST_OPS = new Set<FilterOperator>(["in", "nin", "hasSome"]);
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A template bug, not the caller's: the rule cannot be compiled. */
function ruleError(view: EntityView, message: string): Error {
  return new Error(`access rule of ${view.template.id}:${view.entity.name}: ${message}`);
}

/**
 * A rule's condition (`where` or `check`): `{ path: { op: value } }`, `{ path: value }` for eq,
 * keys ANDed, `all` / `any` / `not` composing. A path's leading segments may follow relations
 * (`listing.provider.accountId`): each hop is an EXISTS over the related table (some related
 * record, for one-to-many and many-to-many), tenant-scoped and skipping deleted rows like every
 * subquery, and its last field compiles with the same filter SQL as `filter[...]`, so rules and
 * queries agree. `"$me"` / `"$myAccount"` on a path ending at a record test that record's owner
 * / account. No per-row JavaScript: the whole condition is SQL over the row aliased `alias`.
 */
export function whereSql(
  where: Readonly<Record<string, unknown>>,
  view: EntityView,
  alias: string,
  binds: Binds,
  names: { n: number } = { n: 0 },
): string {
  const clauses: string[] = [];
  for (const [path, spec] of Object.entries(where)) {
    if (path === "all" || path === "any") {
      if (!Array.isArray(spec)) throw ruleError(view, `${path} takes a list of conditions`);
      const parts = spec.map((c) => whereSql(asCondition(view, c), view, alias, binds, names));
      clauses.push(
        parts.length ? `(${parts.join(path === "all" ? " AND " : " OR ")})` : path === "all" ? "TRUE" : "FALSE",
      );
      continue;
    }
    if (path === "not") {
      clauses.push(`NOT COALESCE(${whereSql(asCondition(view, spec), view, alias, binds, names)}, FALSE)`);
      continue;
    }
    clauses.push(pathSql(path, spec, view, alias, binds, names));
  }
  return clauses.length ? `(${clauses.join(" AND ")})` : "TRUE";
}

const asCondition = (view: EntityView, c: unknown): Readonly<Record<string, unknown>> => {
  if (c === null || typeof c !== "object" || Array.isArray(c)) throw ruleError(view, "a condition is an object");
  return c as Record<string, unknown>;
};

/** One condition key: relation hops (EXISTS over the tenant's visible rows) around the final test. */
function pathSql(
  path: string,
  spec: unknown,
  view: EntityView,
  alias: string,
  binds: Binds,
  names: { n: number },
): string {
  const split = splitAccessPath(view.entity, path, (name) => entityByName(view.template, name));
  if (!split) throw ruleError(view, `"${path}" follows a relation to a missing entity`);
  if (split.hops.length === 0) return fieldSql(path, spec, view, alias, binds);
  const hops = hopsFrom(
    view,
    alias,
    split.hops.map((h) => ({ relation: h.relation, to: viewOf(view.template, h.to) })),
    names,
  );
  const last = hops[hops.length - 1];
  const inner =
    split.rest === ""
      ? recordSql(spec, last.to, last.toAlias, binds)
      : fieldSql(split.rest, spec, last.to, last.toAlias, binds);
  // The rule sees related rows whether or not the caller may read them: it states facts.
  return throughHops(hops, inner, (v, a) => visible(v.storage, a));
}

/** `$me` / `$myAccount` on a related record: the ownership conditions, over that record. */
function recordSql(spec: unknown, view: EntityView, alias: string, binds: Binds): string {
  if (spec === ME) return condSql(OWNER, view, alias, binds);
  if (spec === MY_ACCOUNT) return condSql({ k: "account", key: ALL_ACCOUNTS }, view, alias, binds);
  throw ruleError(view, `a path to ${view.entity.name} records takes "${ME}" or "${MY_ACCOUNT}"`);
}

/** A field test on the row `alias` of `view`, in the list filter language. */
function fieldSql(path: string, spec: unknown, view: EntityView, alias: string, binds: Binds): string {
  const target = resolveTarget(view, path);
  if (!target) throw ruleError(view, `"${path}" is not a filterable field`);
  const entries =
    spec !== null && typeof spec === "object" && !Array.isArray(spec)
      ? Object.entries(spec)
      : [[Array.isArray(spec) ? "in" : "eq", spec] as const];
  const clauses: string[] = [];
  for (const [op, raw] of entries) {
    const operator = op as FilterOperator;
    const values = bindOperands(view, operator, raw, binds);
    let i = 0;
    const clause: FilterClause = {
      path,
      expr: target.expr,
      op: operator,
      params: values,
      ...(operator === "isNull" ? { isNull: raw === true } : {}),
    };
    clauses.push(filterSql(clause, alias, () => values[i++]));
  }
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(" AND ")})`;
}

function bindOperands(view: EntityView, op: FilterOperator, raw: unknown, binds: Binds): string[] {
  const bind = (value: unknown): string => {
    if (typeof value === "string" && value.startsWith("$user.")) {
      const key = USER_VALUES[value];
      if (!key) throw ruleError(view, `unknown value ${value}`);
      return binds.caller(key);
    }
    return binds.value(value);
  };
  switch (op) {
    case "isNull":
      return [];
    case "between":
      if (!Array.isArray(raw) || raw.length !== 2) throw ruleError(view, "between takes [low, high]");
      return raw.map(bind);
    case "contains":
    case "startsWith":
      if (typeof raw !== "string") throw ruleError(view, `${op} takes text`);
      return [binds.value(op === "contains" ? `%${escapeLike(raw)}%` : `${escapeLike(raw)}%`)];
    default:
      if (LIST_OPS.has(op) && !Array.isArray(raw) && !(typeof raw === "string" && raw.startsWith("$user.")))
        throw ruleError(view, `${op} takes a list`);
      if (!["eq", "ne", "gt", "gte", "lt", "lte", "has", "in", "nin", "hasSome"].includes(op))
        throw ruleError(view, `unknown operator ${op}`);
      return [bind(raw)];
  }
}
