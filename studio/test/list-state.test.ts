import { describe, expect, test } from "vitest";
import { activeFilterCount, filterParams } from "../src/core/filter-query.ts";
import { applyListChange, initialListState, listQuery } from "../src/core/list-state.ts";

const start = () => initialListState(["name", "slug"]);

describe("applyListChange", () => {
  test("sorting cycles asc → desc → server default and returns to the first page", () => {
    let s = applyListChange({ ...start(), cursor: "c2", history: [null, "c1"] }, { type: "sort", field: "name" });
    expect(s.sort).toEqual({ field: "name", direction: "asc" });
    expect(s.cursor).toBeNull();
    expect(s.history).toEqual([]);
    s = applyListChange(s, { type: "sort", field: "name" });
    expect(s.sort).toEqual({ field: "name", direction: "desc" });
    s = applyListChange(s, { type: "sort", field: "name" });
    expect(s.sort).toBeNull();
    expect(applyListChange(s, { type: "sort", field: "slug" }).sort).toEqual({ field: "slug", direction: "asc" });
  });

  test("next and previous walk a cursor stack", () => {
    let s = applyListChange(start(), { type: "nextPage", cursor: "a" });
    s = applyListChange(s, { type: "nextPage", cursor: "b" });
    expect(s).toMatchObject({ cursor: "b", history: [null, "a"] });
    s = applyListChange(s, { type: "previousPage" });
    expect(s).toMatchObject({ cursor: "a", history: [null] });
    s = applyListChange(s, { type: "previousPage" });
    expect(s).toMatchObject({ cursor: null, history: [] });
    expect(applyListChange(s, { type: "previousPage" })).toBe(s);
  });

  test("filters and page size reset paging and selection", () => {
    const paged = { ...applyListChange(start(), { type: "nextPage", cursor: "a" }), selected: ["1"] };
    expect(applyListChange(paged, { type: "filter", values: { name: "x" } })).toMatchObject({
      cursor: null,
      history: [],
      selected: [],
      filters: { name: "x" },
    });
    expect(applyListChange(paged, { type: "limit", limit: 500 }).limit).toBe(100);
    expect(applyListChange(paged, { type: "clearFilters" }).filters).toEqual({});
  });

  test("columns toggle but never reach zero", () => {
    let s = applyListChange(start(), { type: "toggleColumn", column: "slug" });
    expect(s.columns).toEqual(["name"]);
    expect(applyListChange(s, { type: "toggleColumn", column: "name" })).toBe(s);
    s = applyListChange(s, { type: "toggleColumn", column: "createdAt" });
    expect(s.columns).toEqual(["name", "createdAt"]);
  });

  test("selection per row and per page", () => {
    let s = applyListChange(start(), { type: "select", id: "1", selected: true });
    s = applyListChange(s, { type: "selectAll", ids: ["1", "2", "3"], selected: true });
    expect(s.selected).toEqual(["1", "2", "3"]);
    s = applyListChange(s, { type: "select", id: "2", selected: false });
    expect(s.selected).toEqual(["1", "3"]);
    expect(applyListChange(s, { type: "selectAll", ids: ["1", "3"], selected: false }).selected).toEqual([]);
  });
});

describe("filter form values → query", () => {
  const operators = { name: "contains", active: "eq", status: "in", sortOrder: "range" } as const;

  test("each control maps to its operators; empty values are skipped", () => {
    expect(
      filterParams(
        { name: "run", active: false, status: ["open", "closed"], sortOrder: { gte: 1, lte: undefined }, other: "x" },
        operators,
      ),
    ).toEqual([
      ["filter[name][contains]", "run"],
      ["filter[active][eq]", "false"],
      ["filter[status][in]", "open,closed"],
      ["filter[sortOrder][gte]", "1"],
    ]);
    expect(filterParams({ name: "", status: [], sortOrder: {} }, operators)).toEqual([]);
    expect(activeFilterCount({ name: "", status: ["a"], sortOrder: { gte: undefined } })).toBe(1);
  });

  test("listQuery combines filters, sort, limit and cursor", () => {
    const state = {
      ...start(),
      filters: { name: "a b" },
      sort: { field: "createdAt", direction: "desc" as const },
      cursor: "xyz",
    };
    const query = new URLSearchParams(listQuery(state, operators, [["total", "true"]]));
    expect(Object.fromEntries(query)).toEqual({
      "filter[name][contains]": "a b",
      sort: "-createdAt",
      limit: "20",
      cursor: "xyz",
      total: "true",
    });
  });
});
