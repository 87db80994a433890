import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";

const GOLDEN_DIR = path.join(import.meta.dirname, "..", "__golden__");

/**
 * Compares text with a committed golden file byte for byte. `UPDATE_GOLDEN=1` rewrites it
 * (then review the diff: a golden is only as good as the reading it got).
 */
export function expectGolden(relativePath: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, relativePath);
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  const expected = readFileSync(file, "utf8");
  expect(actual).toBe(expected);
}
