import type { RelationRegistry } from "../../../../engine/src/contract/registry-types.ts";
import type { EntityView } from "../model/types.ts";
import { entityByName, viewOf } from "../model/view-cache.ts";

/** One relation followed from the row `fromAlias` of `from` to rows `toAlias` of `to`. */
export interface Hop {
  readonly from: EntityView;
  readonly fromAlias: string;
  readonly to: EntityView;
  readonly toAlias: string;
  readonly relation: RelationRegistry;
}

/** A many-to-many relation's join entity (as a view) and its two many-to-one relations. */
export function joinOf(
  from: EntityView,
  relation: RelationRegistry,
): { join: EntityView; toSource: RelationRegistry; toTarget: RelationRegistry } {
  const through = relation.through!;
  const joinEntity = entityByName(from.template, through.entity);
  if (!joinEntity) throw new Error(`${from.entity.name}.${relation.name}: no join entity ${through.entity}`);
  return {
    join: viewOf(from.template, joinEntity),
    toSource: joinEntity.relations.find((r) => r.name === through.sourceRelation)!,
    toTarget: joinEntity.relations.find((r) => r.name === through.targetRelation)!,
  };
}

/** Which rows of a related table count (the tenant's visible rows; for client filters, readable ones). */
export type RowsOf = (view: EntityView, alias: string) => string;

/**
 * EXISTS over the records `hop.relation` reaches, holding `inner` (SQL over `hop.toAlias`):
 * the related row for many-to-one, some related row for one-to-many and many-to-many (through
 * the join entity, whose rows must count too). Shared by access rules and relational filters.
 */
export function hopSql(hop: Hop, inner: string, rows: RowsOf): string {
  const { from, fromAlias, to, toAlias: b, relation } = hop;
  const target = `${to.storage.table} AS ${b}`;
  switch (relation.kind) {
    case "many-to-one":
      return `EXISTS (SELECT 1 FROM ${target} WHERE ${rows(to, b)} AND ${to.id.sql(b)} = ${from.foreignKey(relation).sql(fromAlias)} AND ${inner})`;
    case "one-to-many": {
      const inverse = to.entity.relations.find((r) => r.name === relation.inverse);
      if (!inverse) throw new Error(`${from.entity.name}.${relation.name}: no inverse relation`);
      return `EXISTS (SELECT 1 FROM ${target} WHERE ${rows(to, b)} AND ${to.foreignKey(inverse).sql(b)} = ${from.id.sql(fromAlias)} AND ${inner})`;
    }
    case "many-to-many": {
      const { join, toSource, toTarget } = joinOf(from, relation);
      const j = `${b}_j`;
      return `EXISTS (SELECT 1 FROM ${join.storage.table} AS ${j} JOIN ${target} ON ${rows(to, b)} AND ${to.id.sql(b)} = ${join.foreignKey(toTarget).sql(j)} WHERE ${rows(join, j)} AND ${join.foreignKey(toSource).sql(j)} = ${from.id.sql(fromAlias)} AND ${inner})`;
    }
  }
}

/** The hops of a relation path from `alias` (aliases `<alias>_r1`, `<alias>_r2`… deterministic per shape). */
export function hopsFrom(
  view: EntityView,
  alias: string,
  relations: readonly { readonly relation: RelationRegistry; readonly to: EntityView }[],
  names: { n: number } = { n: 0 },
): Hop[] {
  const hops: Hop[] = [];
  let from = view;
  let fromAlias = alias;
  for (const { relation, to } of relations) {
    const toAlias = `${alias}_r${++names.n}`;
    hops.push({ from, fromAlias, to, toAlias, relation });
    from = to;
    fromAlias = toAlias;
  }
  return hops;
}

/** `inner` wrapped in the hops, innermost last. */
export function throughHops(hops: readonly Hop[], inner: string, rows: RowsOf): string {
  let sql = inner;
  for (const hop of [...hops].reverse()) sql = hopSql(hop, sql, rows);
  return sql;
}
