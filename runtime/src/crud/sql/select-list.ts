import { ALL, type AccessCompile } from "../model/access.ts";
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

/** A record key is marked hidden on a row with this column (then dropped before the response). */
export const hideKey = (name: string) => `__h_${name}`;

/**
 * `expr AS "name"` for each output and each included relation. With access: outputs the caller
 * may never read are left out; outputs readable on some rows only become
 * `CASE WHEN <rule> THEN expr END`, and, when `masks` is given (top-level records), a
 * `__h_<name>` column says the key must be removed from that row (see `dropHidden`).
 */
export function selectList(
  view: EntityView,
  alias: string,
  fields: readonly OutputColumn[] | null,
  includes: readonly IncludeNode[],
  aliases: Aliases,
  ac?: AccessCompile,
  masks?: string[],
): string[] {
  const columns: string[] = [];
  for (const o of fields ?? view.outputs) {
    const gate = ac ? ac.access.fieldRead(view, o.name) : ALL;
    if (gate.kind === "none") continue;
    if (gate.kind === "all") {
      columns.push(`${o.sql(alias)} AS ${ident(o.name)}`);
      continue;
    }
    const when = gate.sql(alias, ac!.binds);
    columns.push(`CASE WHEN ${when} THEN ${o.sql(alias)} END AS ${ident(o.name)}`);
    if (masks) {
      masks.push(o.name);
      columns.push(`NOT COALESCE(${when}, FALSE) AS ${ident(hideKey(o.name))}`);
    }
  }
  for (const node of includes) columns.push(`${includeSql(node, view, alias, aliases, ac)} AS ${ident(node.relation.name)}`);
  return columns;
}

/** The names `selectList` produced, in order (for selecting them again from a CTE). */
export const columnNames = (columns: readonly string[]): string[] => columns.map((c) => /AS ("(?:[^"]|"")+")$/.exec(c)![1]);

/** Removes the keys a row's `__h_*` columns mark as hidden, and the markers themselves. */
export function dropHidden(rows: Record<string, unknown>[], masks: readonly string[] | undefined): void {
  if (!masks?.length) return;
  for (const row of rows) {
    for (const name of masks) {
      const key = hideKey(name);
      if (row[key] === true) delete row[name];
      delete row[key];
    }
  }
}
