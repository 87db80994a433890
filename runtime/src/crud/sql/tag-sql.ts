import type { TagExpr } from "../../../../engine/src/contract/tag-query.ts";
import type { EntityView } from "../model/types.ts";

/** A string constant of the registry (template id, entity name) as an SQL literal. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * The tag expression on the rows of `view` aliased `alias`: each slug is "the record has a link
 * to this tag or to one below it" (a recursive walk down `tag.parentId` from the slug's tag, in
 * the tenant), combined with AND / OR / NOT as written. `p` hands out one placeholder per slug,
 * left to right (`tagExprSlugs`). A slug no tag has makes its term false.
 */
export function tagExprSql(expr: TagExpr, view: EntityView, alias: string, p: () => string): string {
  const entity = `"__tl"."templateId" = ${literal(view.template.id)} AND "__tl"."entity" = ${literal(view.entity.name)}`;
  const id = view.id.sql(alias);
  const term = (placeholder: string) =>
    `EXISTS (SELECT 1 FROM "tag_link" AS "__tl" WHERE "__tl"."tenantId" = $1 AND ${entity} AND "__tl"."recordId" = ${id} ` +
    `AND "__tl"."tagId" IN (WITH RECURSIVE "__td"("id") AS (SELECT "__tg"."id" FROM "tag" AS "__tg" WHERE "__tg"."tenantId" = $1 AND "__tg"."slug" = ${placeholder}::text ` +
    `UNION SELECT "__tc"."id" FROM "tag" AS "__tc" JOIN "__td" ON "__tc"."parentId" = "__td"."id" WHERE "__tc"."tenantId" = $1) SELECT "id" FROM "__td"))`;
  const walk = (e: TagExpr): string => {
    switch (e.kind) {
      case "tag":
        return term(p());
      case "not":
        return `NOT ${walk(e.item)}`;
      default:
        return `(${e.items.map(walk).join(e.kind === "and" ? " AND " : " OR ")})`;
    }
  };
  return `(${walk(expr)})`;
}
