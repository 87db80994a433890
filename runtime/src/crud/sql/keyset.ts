import type { SortKey } from "../query/list-plan.ts";

/** `ORDER BY` of the sort keys; NULLs always last (the default for ASC, spelled out for DESC). */
export function orderBySql(sort: readonly SortKey[], alias: string): string {
  return sort
    .map((k) => `${k.expr.sql(alias)}${k.desc ? (k.expr.nullable ? " DESC NULLS LAST" : " DESC") : ""}`)
    .join(", ");
}

/**
 * "Rows after the cursor" for keys k1..kn with values v1..vn, NULLS LAST:
 *   OR over i of (k1 = v1 AND … AND k(i-1) = v(i-1) AND ki after vi),
 * where "= NULL" is IS NULL and nothing is after a NULL except more NULLs (handled by the
 * equality prefix). All keys non-null and one direction: a row comparison, which an index serves.
 * `placeholders[i]` is the cast parameter for a non-null value, null for a NULL one.
 */
export function keysetSql(sort: readonly SortKey[], placeholders: readonly (string | null)[], alias: string): string {
  const exprs = sort.map((k) => k.expr.sql(alias));
  const simple = sort.every((k, i) => !k.expr.nullable && placeholders[i] !== null && k.desc === sort[0].desc);
  if (simple) return `(${exprs.join(", ")}) ${sort[0].desc ? "<" : ">"} (${placeholders.join(", ")})`;
  const terms: string[] = [];
  for (let i = 0; i < sort.length; i++) {
    const value = placeholders[i];
    if (value === null) continue; // nothing sorts after NULL within this key
    const after = `${exprs[i]} ${sort[i].desc ? "<" : ">"} ${value}`;
    const step = sort[i].expr.nullable ? `(${after} OR ${exprs[i]} IS NULL)` : after;
    const prefix = sort
      .slice(0, i)
      .map((_, j) => (placeholders[j] === null ? `${exprs[j]} IS NULL` : `${exprs[j]} = ${placeholders[j]}`));
    terms.push(prefix.length ? `(${[...prefix, step].join(" AND ")})` : step);
  }
  return terms.length ? `(${terms.join(" OR ")})` : "FALSE";
}
