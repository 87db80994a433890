import { ApiError, type FieldError } from "../../http/problem.ts";
import { isTranslated } from "../model/locale.ts";
import type { EntityView, OutputColumn } from "../model/types.ts";
import type { CursorCodec } from "../sql/cursor.ts";
import { RANK_PATH, token, type IncludeNode, type ListPlan, type SearchPlan, type SortKey } from "./list-plan.ts";
import { parseFilters } from "./parse-filter.ts";
import { parseInclude } from "./parse-include.ts";
import { parseSearch } from "./parse-search.ts";
import { parseSort } from "./parse-sort.ts";
import { isTaggable, parseTags } from "./parse-tags.ts";

const LIST_PARAMS = new Set([
  "filter",
  "sort",
  "limit",
  "offset",
  "cursor",
  "total",
  "fields",
  "include",
  "q",
  "highlight",
]);
const RECORD_PARAMS = new Set(["fields", "include"]);
/** `locale` (model/locale.ts, read by the routes) is a parameter of entities with translatable fields only. */
const LIST_PARAMS_LOCALE = new Set([...LIST_PARAMS, "locale"]);
const RECORD_PARAMS_LOCALE = new Set([...RECORD_PARAMS, "locale"]);
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const MAX_OFFSET = 100_000;

type Query = Record<string, unknown>;

function unknownParams(query: Query, known: Set<string>, errors: FieldError[]): void {
  for (const key of Object.keys(query))
    if (!known.has(key)) errors.push({ pointer: `/query/${token(key)}`, message: "is not a known parameter" });
}

function integer(query: Query, name: string, min: number, max: number, errors: FieldError[]): number | null {
  const raw = query[name];
  if (raw === undefined) return null;
  const n = typeof raw === "string" && /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) {
    errors.push({ pointer: `/query/${name}`, message: `must be an integer from ${min} to ${max}` });
    return null;
  }
  return n;
}

/** `fields=title,price` → outputs in record order; `id` is always there. */
export function parseFields(raw: unknown, view: EntityView, errors: FieldError[]): OutputColumn[] | null {
  if (raw === undefined || raw === "") return null;
  if (typeof raw !== "string") {
    errors.push({ pointer: "/query/fields", message: "must be given once, e.g. fields=title,price" });
    return null;
  }
  const wanted = new Set(raw.split(","));
  for (const name of wanted) {
    if (!view.outputByName.has(name))
      errors.push({ pointer: "/query/fields", message: `"${name.slice(0, 100)}" is not a field` });
  }
  return view.outputs.filter((o) => o.name === "id" || wanted.has(o.name));
}

function bool(query: Query, name: string, errors: FieldError[]): boolean {
  const raw = query[name];
  if (raw === undefined) return false;
  if (raw === "true" || raw === "false") return raw === "true";
  errors.push({ pointer: `/query/${name}`, message: "must be true or false" });
  return false;
}

export const sortSignature = (sort: readonly SortKey[]) => sort.map((k) => (k.desc ? "-" : "") + k.path).join(",");
/** What a cursor's keys mean: the sort and, with `q`, the search (ranks of another search differ). */
export const cursorSignature = (sort: readonly SortKey[], search: SearchPlan | null) =>
  sortSignature(sort) + (search ? `|q=${search.text}` : "");
/** What a cursor is bound to: the entity and, when given, the tenant (another tenant's cursor is invalid). */
export const cursorEntity = (view: EntityView, tenantId = "") =>
  `${tenantId ? `${tenantId}/` : ""}${view.template.id}:${view.entity.name}`;

/**
 * Relevance first, then `id`. The rank's SQL depends on the caller's field gates, so the
 * compiler supplies it (`compileList`); this key's expression only types the cursor value.
 */
function rankSort(view: EntityView): SortKey[] {
  const rank: SortKey["expr"] = {
    sql: () => {
      throw new Error("the rank key is compiled by compileList");
    },
    valueType: "number",
    cast: "float4",
    nullable: false,
    array: null,
    enumValues: null,
  };
  return [
    { path: RANK_PATH, expr: rank, desc: true },
    { path: "id", expr: view.id, desc: true },
  ];
}

/** A list request's query string → plan; every problem at once, as one 400. */
export function parseListQuery(query: Query, view: EntityView, cursors: CursorCodec, tenantId = ""): ListPlan {
  const errors: FieldError[] = [];
  const known = isTranslated(view.entity) ? LIST_PARAMS_LOCALE : LIST_PARAMS;
  unknownParams(query, isTaggable(view) ? new Set([...known, "tags"]) : known, errors);
  const filters = parseFilters(query.filter, view, errors);
  const tags = isTaggable(view) ? parseTags(query.tags, errors) : null;
  const search = parseSearch(query, view, errors);
  const sort =
    search && (query.sort === undefined || query.sort === "") ? rankSort(view) : parseSort(query.sort, view, errors);
  const limit = integer(query, "limit", 1, MAX_LIMIT, errors) ?? DEFAULT_LIMIT;
  const offset = integer(query, "offset", 0, MAX_OFFSET, errors);
  const total = bool(query, "total", errors);
  const fields = parseFields(query.fields, view, errors);
  const includes = parseInclude(query.include, view, errors);
  let after: (string | null)[] | null = null;
  if (query.cursor !== undefined) {
    if (offset !== null) errors.push({ pointer: "/query/cursor", message: "cannot be combined with offset" });
    const decoded =
      typeof query.cursor === "string" && sort.length
        ? cursors.decode(query.cursor, cursorEntity(view, tenantId), cursorSignature(sort, search), sort.length)
        : null;
    if (!decoded) errors.push({ pointer: "/query/cursor", message: "is not a valid cursor for this list and sort" });
    else after = [...decoded.k];
  }
  if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
  return { filters, sort, limit, offset, after, total, fields, includes, search, tags };
}

/** GET of one record: only `fields` and `include`. */
export function parseRecordQuery(
  query: Query,
  view: EntityView,
): { fields: OutputColumn[] | null; includes: IncludeNode[] } {
  const errors: FieldError[] = [];
  unknownParams(query, isTranslated(view.entity) ? RECORD_PARAMS_LOCALE : RECORD_PARAMS, errors);
  const fields = parseFields(query.fields, view, errors);
  const includes = parseInclude(query.include, view, errors);
  if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
  return { fields, includes };
}
