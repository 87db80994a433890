import { describe, expect, test } from "vitest";
import { parseRoute, routeHref } from "../src/core/router.ts";
import { savedQueryOf } from "../src/core/saved-search.ts";

describe("saving a list's query", () => {
  test("filters nest like the server's query-string parser; paging, columns and locale are dropped", () => {
    const qs = new URLSearchParams([
      ["filter[price][gte]", "10"],
      ["filter[status]", "open"],
      ["filter[price][lt]", "99"],
      ["sort", "-createdAt"],
      ["q", "red bike"],
      ["tags", "a AND NOT b"],
      ["limit", "20"],
      ["cursor", "abc"],
      ["total", "true"],
      ["locale", "de"],
      ["fields", "id,title"],
    ]).toString();
    expect(savedQueryOf(qs)).toEqual({
      filter: { price: { gte: "10", lt: "99" }, status: "open" },
      sort: "-createdAt",
      q: "red bike",
      tags: "a AND NOT b",
    });
  });

  test("an unfiltered, unsorted list saves an empty query", () => {
    expect(savedQueryOf("limit=20&total=true")).toEqual({});
    expect(savedQueryOf("sort=&q=")).toEqual({});
  });

  test("the saved-searches page has a route of its own", () => {
    expect(routeHref({ name: "saved-searches" })).toBe("/studio/saved-searches");
    expect(parseRoute("/studio/saved-searches")).toEqual({ name: "saved-searches" });
    expect(parseRoute("/studio/saved-searches/x").name).toBe("not-found");
  });
});
