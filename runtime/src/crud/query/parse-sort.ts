import type { FieldError } from "../../http/problem.ts";
import type { EntityView } from "../model/types.ts";
import type { SortKey } from "./list-plan.ts";
import { MAX_SORT_HOPS } from "../../../../engine/src/contract/access-paths.ts";
import { relatedTarget, resolveTarget } from "./parse-filter.ts";

const MAX_KEYS = 5;
const DEFAULT_SORT = "-createdAt";

/**
 * `sort=-createdAt,title` → keys. `id` always ends the list (in the first key's direction), so
 * the order is total and keyset cursors never skip or repeat a row.
 */
export function parseSort(input: unknown, view: EntityView, errors: FieldError[]): SortKey[] {
  if (input !== undefined && typeof input !== "string") {
    errors.push({ pointer: "/query/sort", message: "must be given once, e.g. sort=-createdAt,title" });
    return [];
  }
  const text = input === undefined || input === "" ? DEFAULT_SORT : input;
  const parts = text.split(",");
  if (parts.length > MAX_KEYS) {
    errors.push({ pointer: "/query/sort", message: `at most ${MAX_KEYS} sort fields` });
    return [];
  }
  const keys: SortKey[] = [];
  for (const part of parts) {
    const desc = part.startsWith("-");
    const path = desc ? part.slice(1) : part;
    // Through relations only where one row is reached (many-to-one): then the order is unambiguous.
    const related = resolveTarget(view, path) ? null : relatedTarget(view, path, MAX_SORT_HOPS, ["many-to-one"]);
    const target = related?.target ?? resolveTarget(view, path);
    if (!target?.sortable) {
      errors.push({ pointer: "/query/sort", message: `"${path.slice(0, 100)}" is not a sortable field` });
      continue;
    }
    if (keys.some((k) => k.path === path)) {
      errors.push({ pointer: "/query/sort", message: `"${path}" is given twice` });
      continue;
    }
    keys.push(
      related ? { path, expr: target.expr, desc, through: related.through } : { path, expr: target.expr, desc },
    );
    if (path === "id") break; // nothing after a unique key changes the order
  }
  if (keys.length && keys[keys.length - 1].path !== "id") keys.push({ path: "id", expr: view.id, desc: keys[0].desc });
  return keys;
}
