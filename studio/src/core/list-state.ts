import { filterParams } from "./filter-query.ts";
import type { FilterControl } from "./registry-types.ts";

/**
 * A list page's state as plain data, changed only through `applyListChange` (serialisable
 * change objects, xyflow style): the store is a thin wrapper, the logic is testable here.
 */
export interface ListState {
  sort: { field: string; direction: "asc" | "desc" } | null;
  filters: Record<string, unknown>;
  limit: number;
  /** Cursor of the page shown (null: first page). */
  cursor: string | null;
  /** Cursors of the pages before this one, for "previous". */
  history: (string | null)[];
  /** Visible columns, in order. */
  columns: string[];
  /** Selected record ids (bulk actions). */
  selected: string[];
}

export type ListChange =
  | { type: "sort"; field: string }
  | { type: "filter"; values: Record<string, unknown> }
  | { type: "clearFilters" }
  | { type: "nextPage"; cursor: string }
  | { type: "previousPage" }
  | { type: "limit"; limit: number }
  | { type: "toggleColumn"; column: string }
  | { type: "setColumns"; columns: string[] }
  | { type: "select"; id: string; selected: boolean }
  | { type: "selectAll"; ids: string[]; selected: boolean }
  | { type: "clearSelection" }
  | { type: "reload" };

export const initialListState = (
  columns: string[],
  sort: ListState["sort"] = { field: "createdAt", direction: "desc" },
): ListState => ({
  sort,
  filters: {},
  limit: 20,
  cursor: null,
  history: [],
  columns,
  selected: [],
});

/** Back to the first page: any change to what the list shows invalidates cursors. */
const firstPage = (state: ListState): ListState => ({ ...state, cursor: null, history: [], selected: [] });

export function applyListChange(state: ListState, change: ListChange): ListState {
  switch (change.type) {
    case "sort": {
      // asc → desc → unsorted (server default) → asc …
      const current = state.sort?.field === change.field ? state.sort.direction : null;
      const sort: ListState["sort"] =
        current === null
          ? { field: change.field, direction: "asc" }
          : current === "asc"
            ? { field: change.field, direction: "desc" }
            : null;
      return firstPage({ ...state, sort });
    }
    case "filter":
      return firstPage({ ...state, filters: change.values });
    case "clearFilters":
      return firstPage({ ...state, filters: {} });
    case "nextPage":
      return { ...state, history: [...state.history, state.cursor], cursor: change.cursor, selected: [] };
    case "previousPage":
      if (!state.history.length) return state;
      return {
        ...state,
        cursor: state.history[state.history.length - 1],
        history: state.history.slice(0, -1),
        selected: [],
      };
    case "limit":
      return firstPage({ ...state, limit: Math.min(Math.max(Math.round(change.limit), 1), 100) });
    case "toggleColumn": {
      const visible = state.columns.includes(change.column);
      if (visible && state.columns.length === 1) return state; // a table needs one column
      return {
        ...state,
        columns: visible ? state.columns.filter((c) => c !== change.column) : [...state.columns, change.column],
      };
    }
    case "setColumns":
      return change.columns.length ? { ...state, columns: [...new Set(change.columns)] } : state;
    case "select": {
      const others = state.selected.filter((id) => id !== change.id);
      return { ...state, selected: change.selected ? [...others, change.id] : others };
    }
    case "selectAll": {
      const others = state.selected.filter((id) => !change.ids.includes(id));
      return { ...state, selected: change.selected ? [...others, ...change.ids] : others };
    }
    case "clearSelection":
      return { ...state, selected: [] };
    case "reload":
      return { ...state, selected: [] };
  }
}

/** The list request's query string for a state. */
export function listQuery(
  state: ListState,
  operators: Readonly<Record<string, FilterControl>>,
  extra: [string, string][] = [],
): string {
  const params = new URLSearchParams();
  for (const [key, value] of filterParams(state.filters, operators)) params.append(key, value);
  if (state.sort) params.set("sort", `${state.sort.direction === "desc" ? "-" : ""}${state.sort.field}`);
  params.set("limit", String(state.limit));
  if (state.cursor) params.set("cursor", state.cursor);
  for (const [key, value] of extra) params.append(key, value);
  return params.toString();
}
