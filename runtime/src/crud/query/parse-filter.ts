import type { FilterOperator, RelationRegistry } from "../../../../engine/src/contract/registry-types.ts";
import type { FieldError } from "../../http/problem.ts";
import type { EntityView, QueryTarget } from "../model/types.ts";
import { splitAccessPath } from "../../../../engine/src/contract/access-paths.ts";
import { entityByName, viewOf } from "../model/view-cache.ts";
import { token, type FilterClause } from "./list-plan.ts";
import { parseValue } from "./parse-value.ts";

const MAX_FILTERS = 30;
const MAX_LIST = 100;
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_JSON_DEPTH = 5;
/** Paths into JSON fields compare text. */
const JSON_PATH_OPS: FilterOperator[] = ["eq", "ne", "in", "nin", "contains", "startsWith", "isNull"];
/** A larger value would make the int4 cast fail in the database. */
const INT4_MAX = 2_147_483_647;
const LIST_OPS = new Set<FilterOperator>(["in", "nin", "hasSome"]);

/** LIKE metacharacters are data, not patterns. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A filter path: a field, a part (`price.amount`) or a path into a JSON field (`details.color`). */
export function resolveTarget(view: EntityView, path: string): QueryTarget | undefined {
  const direct = view.targets.get(path);
  if (direct) return direct;
  const segments = path.split(".");
  const json = view.jsonFields.get(segments[0]);
  if (
    !json ||
    segments.length < 2 ||
    segments.length > MAX_JSON_DEPTH + 1 ||
    !segments.slice(1).every((s) => SEGMENT.test(s))
  )
    return undefined;
  return { path, expr: json(segments.slice(1)), ops: JSON_PATH_OPS, sortable: false };
}

/**
 * `filter[heightCm][gte]=175`, `filter[heightCm:gte]=175` and `filter[status]=open` (eq) →
 * clauses; problems go to `errors`.
 */
export function parseFilters(input: unknown, view: EntityView, errors: FieldError[]): FilterClause[] {
  if (input === undefined) return [];
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    errors.push({ pointer: "/query/filter", message: "must be written filter[field][operator]=value" });
    return [];
  }
  const clauses: FilterClause[] = [];
  for (const [key, spec] of Object.entries(input as Record<string, unknown>)) {
    const pointer = `/query/filter/${token(key)}`;
    const flat = typeof spec === "string" || Array.isArray(spec);
    // One level, `filter[heightCm:gte]=175`: the form OpenAPI's deepObject describes. Field names
    // and JSON path segments never contain a colon.
    const colon = flat ? key.lastIndexOf(":") : -1;
    const path = colon > 0 ? key.slice(0, colon) : key;
    const related = resolveTarget(view, path) ? null : relatedTarget(view, path);
    const target = related?.target ?? resolveTarget(view, path);
    if (!target || target.ops.length === 0) {
      errors.push({ pointer, message: "is not a filterable field" });
      continue;
    }
    if (colon > 0) {
      const clause = parseClause(target, key.slice(colon + 1), spec, pointer, errors);
      if (clause) clauses.push(related ? { ...clause, through: related.through } : clause);
      continue;
    }
    // `filter[status]=open` is short for `filter[status][eq]=open`.
    const entries = flat ? [["eq", spec] as const] : Object.entries(spec as Record<string, unknown>);
    for (const [op, raw] of entries) {
      const clause = parseClause(target, op, raw, `${pointer}/${token(op)}`, errors);
      if (clause) clauses.push(related ? { ...clause, through: related.through } : clause);
    }
  }
  if (clauses.length > MAX_FILTERS)
    errors.push({ pointer: "/query/filter", message: `at most ${MAX_FILTERS} conditions` });
  return clauses;
}

/** Relations a filter may follow before it names a field (`a.b.c.field`). */
export const MAX_FILTER_HOPS = 3;

/**
 * `provider.city`: the relations followed (at most `maxHops`, each of a kind `kinds` allows, all
 * kinds by default) and the field's target on the last entity.
 */
export function relatedTarget(
  view: EntityView,
  path: string,
  maxHops = MAX_FILTER_HOPS,
  kinds?: readonly RelationRegistry["kind"][],
): { target: QueryTarget; through: NonNullable<FilterClause["through"]> } | null {
  const split = splitAccessPath(view.entity, path, (name) => entityByName(view.template, name));
  if (!split || split.hops.length === 0 || split.hops.length > maxHops || split.rest === "") return null;
  if (kinds && !split.hops.every((h) => kinds.includes(h.relation.kind))) return null;
  const hops = split.hops.map((h) => ({ relation: h.relation, to: viewOf(view.template, h.to) }));
  const target = resolveTarget(hops[hops.length - 1].to, split.rest);
  return target ? { target: { ...target, path }, through: { hops, field: split.rest } } : null;
}

function parseClause(
  target: QueryTarget,
  op: string,
  raw: unknown,
  pointer: string,
  errors: FieldError[],
): FilterClause | null {
  if (!target.ops.includes(op as FilterOperator)) {
    errors.push({ pointer, message: `is not an operator of this field; use one of: ${target.ops.join(", ")}` });
    return null;
  }
  if (typeof raw !== "string") {
    errors.push({ pointer, message: "must be given once, as text" });
    return null;
  }
  const { expr, path } = target;
  const operator = op as FilterOperator;
  const one = (text: string) => {
    const parsed = parseValue(text, expr.valueType, expr.enumValues);
    if (!parsed.ok) errors.push({ pointer, message: parsed.message });
    else if (expr.cast === "int4" && Math.abs(parsed.value as number) > INT4_MAX)
      errors.push({ pointer, message: `must be an integer from -${INT4_MAX} to ${INT4_MAX}` });
    else return parsed.value;
    return null;
  };
  switch (operator) {
    case "isNull":
      if (raw !== "true" && raw !== "false") {
        errors.push({ pointer, message: "must be true or false" });
        return null;
      }
      return { path, expr, op: operator, params: [], isNull: raw === "true" };
    case "contains":
    case "startsWith":
      if (raw.length > 1000) {
        errors.push({ pointer, message: "must be at most 1000 characters" });
        return null;
      }
      return {
        path,
        expr,
        op: operator,
        params: [operator === "contains" ? `%${escapeLike(raw)}%` : `${escapeLike(raw)}%`],
      };
    case "between": {
      const parts = raw.split(",");
      if (parts.length !== 2) {
        errors.push({ pointer, message: "must be two values: low,high" });
        return null;
      }
      const [low, high] = parts.map(one);
      return low === null || high === null ? null : { path, expr, op: operator, params: [low, high] };
    }
    default: {
      if (LIST_OPS.has(operator)) {
        const parts = raw.split(",");
        if (parts.length > MAX_LIST) {
          errors.push({ pointer, message: `at most ${MAX_LIST} values` });
          return null;
        }
        const values = parts.map(one);
        return values.includes(null) ? null : { path, expr, op: operator, params: [values] };
      }
      const value = one(raw);
      return value === null ? null : { path, expr, op: operator, params: [value] };
    }
  }
}
