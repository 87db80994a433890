import { readableRows, type AccessCompile } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";
import type { FilterClause } from "../query/list-plan.ts";
import { hopsFrom, throughHops } from "./relation-hops.ts";

/**
 * A client's filter clause on the rows of `view` aliased `alias`; through relations, an EXISTS
 * per hop over the related rows **the caller may read** (a filter must not reveal what the
 * caller could not see), the field tested on the last one.
 */
export function clauseSql(
  clause: FilterClause,
  view: EntityView,
  alias: string,
  p: () => string,
  ac?: AccessCompile,
): string {
  if (!clause.through) return filterSql(clause, alias, p);
  const hops = hopsFrom(view, alias, clause.through.hops);
  const inner = filterSql(clause, hops[hops.length - 1].toAlias, p);
  return throughHops(hops, inner, (v, a) => readableRows(v, a, ac));
}

/**
 * One filter clause as SQL. `p` hands out the clause's placeholders in the order of
 * `clause.params`. `ne` and `nin` keep NULL rows: "not red" includes "no colour".
 */
export function filterSql(clause: FilterClause, alias: string, p: () => string): string {
  const { expr, op } = clause;
  const s = expr.sql(alias);
  const cast = expr.cast;
  switch (op) {
    case "eq":
      return `${s} = ${p()}::${cast}`;
    case "ne":
      return `${s} IS DISTINCT FROM ${p()}::${cast}`;
    case "gt":
      return `${s} > ${p()}::${cast}`;
    case "gte":
      return `${s} >= ${p()}::${cast}`;
    case "lt":
      return `${s} < ${p()}::${cast}`;
    case "lte":
      return `${s} <= ${p()}::${cast}`;
    case "between": {
      const low = p();
      return `${s} BETWEEN ${low}::${cast} AND ${p()}::${cast}`;
    }
    case "in":
      return `${s} = ANY(${p()}::${cast}[])`;
    case "nin":
      return `(${s} IS NULL OR ${s} <> ALL(${p()}::${cast}[]))`;
    case "contains":
    case "startsWith":
      return `${s} ILIKE ${p()}::text`;
    case "isNull":
      return clause.isNull ? `${s} IS NULL` : `${s} IS NOT NULL`;
    case "has":
      return expr.array === "jsonb" ? `${s} @> jsonb_build_array(${p()}::${cast})` : `${s} @> ARRAY[${p()}::${cast}]`;
    case "hasSome":
      return expr.array === "jsonb"
        ? `EXISTS (SELECT 1 FROM unnest(${p()}::${cast}[]) AS v(x) WHERE ${s} @> jsonb_build_array(v.x))`
        : `${s} && ${p()}::${cast}[]`;
  }
}
