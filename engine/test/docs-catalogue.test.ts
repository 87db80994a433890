import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { DIAGNOSTIC_CODES } from "../src/index.ts";

test("docs/templates.md lists every diagnostic code with its severity", () => {
  const docs = readFileSync(path.join(import.meta.dirname, "..", "..", "docs", "templates.md"), "utf8");
  const missing = Object.entries(DIAGNOSTIC_CODES).filter(
    ([code, [severity]]) => !docs.includes(`| \`${code}\` | ${severity} |`),
  );
  expect(missing.map(([code]) => code)).toEqual([]);
});
