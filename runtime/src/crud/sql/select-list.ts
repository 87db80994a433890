import type { EntityView, OutputColumn } from "../model/types.ts";
import type { IncludeNode } from "../query/list-plan.ts";
import { ident } from "./ident.ts";
import { includeSql } from "./includes.ts";

/** Unique table aliases for the subqueries of one statement. */
export class Aliases {
  private n = 0;
  next(prefix: string): string {
    return `${prefix}${++this.n}`;
  }
}

/** `expr AS "name"` for each output and each included relation. */
export function selectList(view: EntityView, alias: string, fields: readonly OutputColumn[] | null, includes: readonly IncludeNode[], aliases: Aliases): string[] {
  const columns = (fields ?? view.outputs).map((o) => `${o.sql(alias)} AS ${ident(o.name)}`);
  for (const node of includes) columns.push(`${includeSql(node, view, alias, aliases)} AS ${ident(node.relation.name)}`);
  return columns;
}
