import { readableRows, type AccessCompile } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";
import type { IncludeNode } from "../query/list-plan.ts";
import { col } from "./ident.ts";
import { joinOf } from "./relation-hops.ts";
import { selectList, type Aliases } from "./select-list.ts";

/** One-to-many and many-to-many includes return at most this many records each. */
export const INCLUDE_LIMIT = 50;

/**
 * A relation include as a correlated JSON subquery, so a request stays one statement. Every
 * subquery repeats `"tenantId" = $1`: a foreign key can never reach another tenant's row. With
 * access, included rows pass the caller's read rule of their entity and carry only the fields
 * the caller may read (fields readable on some rows only are null elsewhere).
 */
export function includeSql(
  node: IncludeNode,
  parent: EntityView,
  parentAlias: string,
  aliases: Aliases,
  ac?: AccessCompile,
): string {
  const { relation, view: target } = node;
  const r = aliases.next("r");
  const x = aliases.next("x");
  const columns = selectList(target, r, null, node.children, aliases, ac).join(", ");
  const from = `${target.storage.table} AS ${r}`;
  const order = `ORDER BY ${col(r, "createdAt")}, ${col(r, "id")}`;
  switch (relation.kind) {
    case "many-to-one": {
      const fk = parent.foreignKey(relation).sql(parentAlias);
      return `(SELECT row_to_json(${x}) FROM (SELECT ${columns} FROM ${from} WHERE ${readableRows(target, r, ac)} AND ${target.id.sql(r)} = ${fk}) AS ${x})`;
    }
    case "one-to-many": {
      const inverse = target.entity.relations.find((rel) => rel.name === relation.inverse);
      if (!inverse) throw new Error(`${parent.entity.name}.${relation.name}: no inverse relation`);
      const where = `${readableRows(target, r, ac)} AND ${target.foreignKey(inverse).sql(r)} = ${parent.id.sql(parentAlias)}`;
      // One-to-one: the unique key allows one live record; it is included as an object or null.
      if (relation.oneToOne)
        return `(SELECT row_to_json(${x}) FROM (SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT 1) AS ${x})`;
      return `(SELECT COALESCE(json_agg(${x}), '[]'::json) FROM (SELECT ${columns} FROM ${from} WHERE ${where} ${order} LIMIT ${INCLUDE_LIMIT}) AS ${x})`;
    }
    case "many-to-many": {
      const { join, toSource, toTarget } = joinOf(parent, relation);
      const j = aliases.next("j");
      const where = `${readableRows(join, j, ac)} AND ${join.foreignKey(toSource).sql(j)} = ${parent.id.sql(parentAlias)}`;
      const on = `${readableRows(target, r, ac)} AND ${target.id.sql(r)} = ${join.foreignKey(toTarget).sql(j)}`;
      return `(SELECT COALESCE(json_agg(${x}), '[]'::json) FROM (SELECT ${columns} FROM ${join.storage.table} AS ${j} JOIN ${from} ON ${on} WHERE ${where} ORDER BY ${col(j, "createdAt")}, ${col(j, "id")} LIMIT ${INCLUDE_LIMIT}) AS ${x})`;
    }
  }
}
