import { expect, test } from "vitest";
import { createHistory, record, redo, undo } from "../src/core/history.ts";

test("undo and redo step through recorded states; a new change drops the redo branch", () => {
  let h = createHistory(1);
  h = record(h, 2);
  h = record(h, 3);
  h = undo(h);
  expect(h.present).toBe(2);
  h = redo(h);
  expect(h.present).toBe(3);
  h = undo(undo(h));
  expect(h.present).toBe(1);
  h = record(h, 9);
  expect(h.future).toEqual([]);
  expect(undo(h).present).toBe(1);
  expect(undo(createHistory(0))).toEqual(createHistory(0));
});

test("coalesced changes (a drag, typing in one input) are one undo step; same state records nothing", () => {
  let h = createHistory("a");
  h = record(h, "ab", "title");
  h = record(h, "abc", "title");
  h = record(h, "abcd", "title");
  expect(h.past).toEqual(["a"]);
  h = record(h, "abcd!", "other");
  expect(undo(undo(h)).present).toBe("a");
  expect(record(h, h.present)).toBe(h);
});
