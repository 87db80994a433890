import { parseTagQuery, type TagExpr } from "../../../../engine/src/contract/tag-query.ts";
import type { FieldError } from "../../http/problem.ts";
import type { EntityView } from "../model/types.ts";

/** Does the view's entity take tags (the template's `tagging.entities`), and so a `tags` parameter? */
export const isTaggable = (view: Pick<EntityView, "template" | "entity">): boolean =>
  view.template.tagging?.entities.includes(view.entity.name) ?? false;

/** `tags=summer AND NOT sold-out` → the expression (engine/src/contract/tag-query.ts); problems at /query/tags. */
export function parseTags(raw: unknown, errors: FieldError[]): TagExpr | null {
  if (raw === undefined) return null;
  if (typeof raw !== "string") {
    errors.push({ pointer: "/query/tags", message: "must be given once, e.g. tags=summer AND NOT sold-out" });
    return null;
  }
  const parsed = parseTagQuery(raw);
  if (!parsed.ok) {
    errors.push({ pointer: "/query/tags", message: parsed.message });
    return null;
  }
  return parsed.expr;
}
