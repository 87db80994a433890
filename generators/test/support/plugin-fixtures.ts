import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { assembleApp, compileTemplateValue, type AppIR } from "../../../engine/src/index.ts";
import type { FileMap } from "../../src/plugin.ts";

/** Shared by the plugin tests: the fixture, compiling it, scaling it, and folder goldens. */
const FIXTURE = path.join(import.meta.dirname, "..", "..", "..", "engine", "test", "fixtures", "minimal.json");

export const minimal = (): Record<string, any> => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

export function compileApp(template: unknown): AppIR {
  const compiled = compileTemplateValue(template, "fixture.json");
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
  const app = assembleApp([compiled.ir]);
  if (!app.ok) throw new Error("assemble failed");
  return app.app;
}

/** minimal.json with Listing copied until the template has `entities` entities (the speed budget's size). */
export function scaledTemplate(entities: number): Record<string, any> {
  const t = minimal();
  for (let i = 1; i < entities - 1; i++) {
    const copy = structuredClone(t.entities.Listing);
    copy.id = `ent_listing_${i}`;
    copy.relations.category.id = `rel_category_${i}`;
    copy.indexes[0].id = `ix_title_status_${i}`;
    for (const field of Object.values<any>(copy.schema.properties)) field["x-id"] = `${field["x-id"]}_${i}`;
    t.entities[`Listing${i}`] = copy;
  }
  return t;
}

/** Byte-for-byte golden comparison; `UPDATE_GOLDEN=1` rewrites the folder. `.ts` goldens get `.golden` so tsc skips them. */
export function expectGolden(dir: string, files: FileMap): void {
  const goldenName = (file: string) => (file.endsWith(".ts") ? `${file}.golden` : file);
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, goldenName(file))), { recursive: true });
      fs.writeFileSync(path.join(dir, goldenName(file)), content);
    }
  }
  const onDisk = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  const names = onDisk.map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/")).sort();
  expect(names).toEqual(Object.keys(files).map(goldenName).sort());
  for (const [file, content] of Object.entries(files))
    expect(content, file).toBe(fs.readFileSync(path.join(dir, goldenName(file)), "utf8"));
}
