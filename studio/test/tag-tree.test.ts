import { expect, test } from "vitest";
import { buildTagTree, slugify, subtreeIds } from "../src/core/tag-tree.ts";

const tags = [
  { id: "c", slug: "child", parentId: "a" },
  { id: "a", slug: "alpha", parentId: null },
  { id: "g", slug: "grandchild", parentId: "c" },
  { id: "b", slug: "beta", parentId: null },
  { id: "o", slug: "orphan", parentId: "missing" },
];

test("the flat list becomes a forest by slug; a tag whose parent is absent is a root", () => {
  const forest = buildTagTree(tags);
  expect(forest.map((n) => n.tag.slug)).toEqual(["alpha", "beta", "orphan"]);
  expect(forest[0].children.map((n) => n.tag.slug)).toEqual(["child"]);
  expect(forest[0].children[0].children.map((n) => n.tag.slug)).toEqual(["grandchild"]);
});

test("a subtree holds the tag and everything below it", () => {
  expect([...subtreeIds(tags, "a")].sort()).toEqual(["a", "c", "g"]);
  expect([...subtreeIds(tags, "b")]).toEqual(["b"]);
});

test("slugs follow the API's rule", () => {
  expect(slugify("  Lake Side ")).toBe("lake-side");
  expect(slugify("Café & Bar!")).toBe("cafe-bar");
  expect(slugify("***")).toBe("");
});
