import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateText } from "../src/index.ts";

const dir = path.join(import.meta.dirname, "fixtures", "broken");
const expected: Record<string, { code: string; pointer: string }> = JSON.parse(
  readFileSync(path.join(dir, "expected.json"), "utf8"),
);

describe("broken templates yield their diagnostic at the exact place", () => {
  test("every fixture file has an expectation", () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".json") && f !== "expected.json")
      .map((f) => f.replace(/\.json$/, ""));
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const [name, want] of Object.entries(expected)) {
    test(name, () => {
      const text = readFileSync(path.join(dir, `${name}.json`), "utf8");
      const result = compileTemplateText(text, `${name}.json`);
      expect(result.ok).toBe(false);
      const match = result.diagnostics.find((d) => d.code === want.code && d.pointer === want.pointer);
      expect(match, JSON.stringify(result.diagnostics, null, 2)).toBeDefined();
      expect(match!.severity).toBe("error");
      expect(match!.message.length).toBeGreaterThan(10);
      expect(match!.file).toBe(`${name}.json`);
    });
  }
});
