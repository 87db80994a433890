/**
 * The CI drift check: the committed generated/ must be exactly what the generators produce from
 * industry-templates/ (check mode writes nothing, so this is safe on the real folders).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../engine/src/index.ts";
import { generate } from "../generators/src/generate.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("generated/", () => {
  it("is up to date with industry-templates/", async () => {
    const result = await generate({
      templatesDir: path.join(ROOT, "industry-templates"),
      outDir: path.join(ROOT, "generated"),
      check: true,
      prismaClient: false,
    });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(result.ok, `the templates have errors:\n${errors.map(formatDiagnostic).join("\n")}`).toBe(true);
    const drift = [...result.changed, ...result.removed.map((f) => `${f} (stale)`)];
    const planned = result.migration ? ` (a new migration ${result.migration} would be planned)` : "";
    expect(drift, `generated/ is out of date${planned}: run \`npm run generate\` and commit the result.`).toEqual([]);
  });
});
