import { readableRows, type AccessCompile } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";
import { RANK_PATH, type IncludeNode, type ListPlan } from "../query/list-plan.ts";
import { clauseSql } from "./filter-sql.ts";
import { keysetSql, orderBySql } from "./keyset.ts";
import { relatedSortExpr } from "./related-sort.ts";
import { searchSql } from "./search-sql.ts";
import { tagExprSql } from "./tag-sql.ts";
import { tagExprShape, tagExprSlugs } from "../../../../engine/src/contract/tag-query.ts";
import { Aliases, topLevelSelect, type Compiled, type RowDecoder } from "./select-list.ts";

/**
 * The list statement: one statement, rows in their raw form (`decode` makes them records).
 * With includes, the page is cut in a subquery first, so the correlated JSON subqueries run for
 * the page's rows only — never for every row that matched.
 * Parameters, in order: $1 tenant, with `q` two per word (`searchParams`), each filter's values, the non-null cursor values, limit + 1,
 * offset. `listParams` produces exactly that order; access binds (markers until
 * `Binds.finish`) come after them. Rows are arrays: `keys` and `total` give the positions of
 * the cursor keys and of the count.
 */
export function compileList(view: EntityView, input: ListPlan, ac?: AccessCompile): Compiled {
  let n = 1 + searchParams(input).length;
  const p = () => `$${++n}`;
  const plan = withRelatedSort(view, withRank(view, input, ac), ac);
  const filterPlaceholders = plan.filters.map((f) => f.params.map(p));
  const tagPlaceholders = tagParams(plan).map(p);
  const where = (alias: string) => {
    const clauses = plan.filters.map((f, i) => {
      let k = 0;
      return clauseSql(f, view, alias, () => filterPlaceholders[i][k++], ac);
    });
    const search = plan.search ? [searchSql(view, alias, plan.search.words.length, ac).match] : [];
    return [
      readableRows(view, alias, ac),
      ...search,
      ...clauses,
      ...tagClause(view, plan, alias, tagPlaceholders),
    ].join(" AND ");
  };
  const cursor = plan.after?.map((v, i) => (v === null ? null : `${p()}::${plan.sort[i].expr.cast}`)) ?? null;
  const conditions = where("t") + (cursor ? ` AND ${keysetSql(plan.sort, cursor, "t")}` : "");
  const orderBy = orderBySql(plan.sort, "t");
  const limit = p();
  const offset = plan.offset !== null ? ` OFFSET ${p()}` : "";
  const selection = topLevelSelect(view, "t", plan.fields, plan.includes, new Aliases(), ac);
  const { columns, selected } = selection;
  const decode = plan.search?.highlight
    ? withHighlight(
        selection.decode,
        columns.push(`${searchSql(view, "t", plan.search.words.length, ac).highlight} AS "__highlight"`) - 1,
      )
    : selection.decode;
  // A cursor key is the sort value's exact text. Timestamps and uuids arrive as that text
  // already (outputs.ts, `timestampText`); other keys get a column of their own.
  const keys = plan.sort.map((k, i) => {
    const sql = k.expr.sql("t");
    const same = k.expr.array
      ? undefined
      : k.expr.cast === "timestamptz" || k.expr.cast === "uuid"
        ? selected.get(sql)
        : undefined;
    if (same !== undefined) return same;
    return columns.push(`(${sql})::text AS "__k${i}"`) - 1;
  });
  // The window counts before LIMIT; with a cursor it would count only the rows after it.
  const countAll = () => `(SELECT count(*) FROM ${view.storage.table} AS c WHERE ${where("c")})::float8 AS "__total"`;
  // Lazy: compiling the count without using it would leave its access binds in the statement's list.
  const totalAt = (sql: () => string) => (plan.total ? { total: columns.push(sql()) - 1 } : {});
  if (!plan.includes.length) {
    const total = totalAt(() => (cursor ? countAll() : `(count(*) OVER ())::float8 AS "__total"`));
    return {
      text: `SELECT ${columns.join(", ")} FROM ${view.storage.table} AS t WHERE ${conditions} ORDER BY ${orderBy} LIMIT ${limit}${offset}`,
      decode,
      keys,
      ...total,
    };
  }
  const windowTotal = plan.total && !cursor ? `, count(*) OVER () AS "__total"` : "";
  const page = `SELECT t.*${windowTotal} FROM ${view.storage.table} AS t WHERE ${conditions} ORDER BY ${orderBy} LIMIT ${limit}${offset}`;
  const total = totalAt(() => (cursor ? countAll() : `t."__total"::float8 AS "__total"`));
  return { text: `SELECT ${columns.join(", ")} FROM (${page}) AS t ORDER BY ${orderBy}`, decode, keys, ...total };
}

/** With `q` and no `sort`: the rank key's expression, compiled for this caller's field gates. */
function withRank(view: EntityView, plan: ListPlan, ac?: AccessCompile): ListPlan {
  if (!plan.search || plan.sort[0]?.path !== RANK_PATH) return plan;
  const [rank, ...rest] = plan.sort;
  const expr = { ...rank.expr, sql: (alias: string) => searchSql(view, alias, plan.search!.words.length, ac).rank };
  return { ...plan, sort: [{ ...rank, expr }, ...rest] };
}

/** Sort keys through relations, compiled for this caller's readable rows. */
function withRelatedSort(view: EntityView, plan: ListPlan, ac?: AccessCompile): ListPlan {
  if (!plan.sort.some((k) => k.through)) return plan;
  return { ...plan, sort: plan.sort.map((k) => (k.through ? { ...k, expr: relatedSortExpr(view, k, ac) } : k)) };
}

/** Adds `_highlight` (the snippets column) to each decoded record. */
function withHighlight(decode: RowDecoder | undefined, index: number): RowDecoder {
  return (row) => {
    const record = decode!(row);
    record._highlight = row[index] ?? {};
    return record;
  };
}

/** `tags`' parameters (its slugs, after the filters' values), or none. */
export const tagParams = (plan: Pick<ListPlan, "tags">): string[] => (plan.tags ? tagExprSlugs(plan.tags) : []);

function tagClause(view: EntityView, plan: ListPlan, alias: string, placeholders: readonly string[]): string[] {
  if (!plan.tags) return [];
  let k = 0;
  return [tagExprSql(plan.tags, view, alias, () => placeholders[k++])];
}

/** `q`'s parameters ($2, $3), or none. */
export const searchParams = (plan: ListPlan): unknown[] =>
  plan.search ? plan.search.words.flatMap((w) => [`'${w}':*`, w]) : [];

export function listParams(tenantId: string, plan: ListPlan): unknown[] {
  const params: unknown[] = [tenantId, ...searchParams(plan)];
  for (const f of plan.filters) for (const v of f.params) params.push(v);
  params.push(...tagParams(plan));
  if (plan.after) for (const v of plan.after) if (v !== null) params.push(v);
  params.push(plan.limit + 1);
  if (plan.offset !== null) params.push(plan.offset);
  return params;
}

/** Everything that changes the list statement's text, and nothing that does not. */
export function listShape(view: EntityView, plan: ListPlan): string {
  const filters = plan.filters
    .map((f) => `${f.path}:${f.op}${f.isNull === undefined ? "" : f.isNull ? "+" : "-"}`)
    .join(",");
  const sort = plan.sort.map((k) => (k.desc ? "-" : "") + k.path).join(",");
  const cursor = plan.after ? plan.after.map((v) => (v === null ? "0" : "1")).join("") : "";
  const fields = plan.fields ? plan.fields.map((f) => f.name).join(",") : "*";
  const search = plan.search ? `q${plan.search.words.length}${plan.search.highlight ? "h" : ""}` : "";
  const tags = plan.tags ? `|T${tagExprShape(plan.tags)}` : "";
  return `L|${view.key}|${search}${tags}|${filters}|${sort}|${cursor}|${plan.offset !== null ? "o" : ""}${plan.total ? "t" : ""}|${fields}|${includeShape(plan.includes)}`;
}

export function includeShape(nodes: readonly IncludeNode[]): string {
  return nodes
    .map((n) => (n.children.length ? `${n.relation.name}(${includeShape(n.children)})` : n.relation.name))
    .join(",");
}

/** Counts the whole match (only when a page came back empty and a total was asked for). */
export function compileCount(view: EntityView, plan: ListPlan, ac?: AccessCompile): string {
  let n = 1 + searchParams(plan).length;
  const clauses = plan.filters.map((f) => clauseSql(f, view, "t", () => `$${++n}`, ac));
  const search = plan.search ? [searchSql(view, "t", plan.search.words.length, ac).match] : [];
  const tags = tagClause(
    view,
    plan,
    "t",
    tagParams(plan).map(() => `$${++n}`),
  );
  return `SELECT count(*)::float8 AS "n" FROM ${view.storage.table} AS t WHERE ${[readableRows(view, "t", ac), ...search, ...clauses, ...tags].join(" AND ")}`;
}

/** One record by id ($2), with optional field selection and includes. */
export function compileGet(
  view: EntityView,
  fields: ListPlan["fields"],
  includes: readonly IncludeNode[],
  ac?: AccessCompile,
): Compiled {
  const { columns, decode } = topLevelSelect(view, "t", fields, includes, new Aliases(), ac);
  return {
    text: `SELECT ${columns.join(", ")} FROM ${view.storage.table} AS t WHERE ${readableRows(view, "t", ac)} AND ${view.id.sql("t")} = $2::uuid`,
    decode,
  };
}
