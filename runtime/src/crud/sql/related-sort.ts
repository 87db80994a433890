import { readableRows, type AccessCompile } from "../model/access.ts";
import type { ColumnExpr, EntityView } from "../model/types.ts";
import type { SortKey } from "../query/list-plan.ts";
import { hopsFrom } from "./relation-hops.ts";

/** Aliases of sort subqueries start here, apart from the filters' (`t_r1`…). */
const SORT_ALIAS_START = 50;

/**
 * A sort key through many-to-one relations as one scalar subquery per hop: the field of the
 * record the chain reaches, or NULL when the chain breaks or the caller may not read a record
 * on it (a sort must not reveal what a filter could not). NULLs sort last, like any nullable key.
 */
export function relatedSortExpr(view: EntityView, key: SortKey, ac?: AccessCompile): ColumnExpr {
  const through = key.through!;
  return {
    ...key.expr,
    nullable: true,
    sql: (alias: string) => {
      const hops = hopsFrom(view, alias, through.hops, { n: SORT_ALIAS_START });
      let value = key.expr.sql(hops[hops.length - 1].toAlias);
      for (const hop of [...hops].reverse()) {
        const { to, toAlias, from, fromAlias, relation } = hop;
        value = `(SELECT ${value} FROM ${to.storage.table} AS ${toAlias} WHERE ${readableRows(to, toAlias, ac)} AND ${to.id.sql(toAlias)} = ${from.foreignKey(relation).sql(fromAlias)})`;
      }
      return value;
    },
  };
}
