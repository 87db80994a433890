import type { FilterOperator } from "../../../engine/src/contract/registry-types.ts";
import type { ColumnExpr, EntityView } from "../crud/model/types.ts";
import type { FilterClause } from "../crud/query/list-plan.ts";
import { resolveTarget } from "../crud/query/parse-filter.ts";
import type { Binds } from "../crud/sql/binds.ts";
import { jsonbValue, nativeColumn } from "../crud/sql/column-expressions.ts";
import { filterSql } from "../crud/sql/filter-sql.ts";
import type { Cond } from "./conditions.ts";

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
 * A rule's `where` (`{ field: { op: value } }`, `{ field: value }` for eq) in the list filter
 * language, compiled with the same filter SQL as `filter[...]`, so rules and queries agree.
 */
export function whereSql(
  where: Readonly<Record<string, unknown>>,
  view: EntityView,
  alias: string,
  binds: Binds,
): string {
  const clauses: string[] = [];
  for (const [path, spec] of Object.entries(where)) {
    const target = resolveTarget(view, path);
    if (!target) throw ruleError(view, `"${path}" is not a filterable field`);
    const entries =
      spec !== null && typeof spec === "object" && !Array.isArray(spec)
        ? Object.entries(spec)
        : [[Array.isArray(spec) ? "in" : "eq", spec] as const];
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
  }
  return clauses.length ? `(${clauses.join(" AND ")})` : "TRUE";
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
