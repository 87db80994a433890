import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generate } from "../src/generate.ts";
import { templateFingerprint, versionAfterEdit } from "../src/template-lock.ts";

const MINIMAL = path.join(import.meta.dirname, "..", "..", "engine", "test", "fixtures", "minimal.json");

let root: string;
let templates: string;
let out: string;
let file: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mono-lock-"));
  templates = path.join(root, "templates");
  out = path.join(root, "generated");
  await mkdir(path.join(templates, "mini"), { recursive: true });
  file = path.join(templates, "mini", "template.json");
  await cp(MINIMAL, file);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = () => generate({ templatesDir: templates, outDir: out, cache: false });
async function edit(change: (t: Record<string, unknown>) => void, indent = 2) {
  const t = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  change(t);
  await writeFile(file, JSON.stringify(t, null, indent));
}
const addField = (t: Record<string, unknown>) => {
  const entities = t.entities as Record<string, { schema: { properties: Record<string, unknown> } }>;
  const first = Object.values(entities)[0];
  first.schema.properties.lockProbe = { "x-id": "fld_lock_probe", type: "string", maxLength: 20 };
};

describe("generate refuses a changed template whose version was not raised", () => {
  it("writes a lock per template, refuses the unbumped change at /version, accepts it once bumped", async () => {
    const first = await run();
    expect(first.ok, JSON.stringify(first.diagnostics)).toBe(true);
    const id = (JSON.parse(await readFile(file, "utf8")) as { id: string; version: string }).id;
    const lock = JSON.parse(await readFile(path.join(out, id, "template.lock.json"), "utf8"));
    expect(lock).toMatchObject({ template: id, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const version = lock.version as string;

    await edit(addField);
    const before = await readFile(path.join(out, id, "registry.ts"), "utf8");
    const refused = await run();
    expect(refused.ok).toBe(false);
    const d = refused.diagnostics.find((x) => x.code === "ENG_COMPAT_VERSION_NOT_BUMPED");
    expect(d).toMatchObject({ severity: "error", pointer: "/version", file: "mini/template.json" });
    expect(d!.message).toContain(`still ${version}`);
    expect(await readFile(path.join(out, id, "registry.ts"), "utf8")).toBe(before);

    await edit((t) => (t.version = "9.0.0"));
    const bumped = await run();
    expect(bumped.ok, JSON.stringify(bumped.diagnostics)).toBe(true);
    expect(JSON.parse(await readFile(path.join(out, id, "template.lock.json"), "utf8")).version).toBe("9.0.0");
    expect(bumped.migration).toMatch(/^0002_add_.*lock_probe$/);
  });

  it("takes layout and key order as no change, and refuses a lower version", async () => {
    expect((await run()).ok).toBe(true);
    const text = await readFile(file, "utf8");
    const reordered = Object.fromEntries(Object.entries(JSON.parse(text) as object).reverse());
    await writeFile(file, JSON.stringify(reordered, null, 4));
    const same = await run();
    expect(same.ok, JSON.stringify(same.diagnostics)).toBe(true);
    expect(same.changed).toEqual([]);

    await edit((t) => (t.version = "0.0.1"));
    const lower = await run();
    expect(lower.ok).toBe(false);
    expect(lower.diagnostics.find((x) => x.code === "ENG_COMPAT_VERSION_NOT_BUMPED")?.message).toContain("below");
  });
});

describe("a design saved from the studio gets a version generate accepts", () => {
  const design = { id: "mini", version: "1.0.0", title: { en: "Mini" } };
  const lock = { template: "mini", version: "1.0.0", sha256: templateFingerprint(JSON.stringify(design)) };

  it("keeps the version when nothing changed since the last generate, or it is already above", () => {
    expect(versionAfterEdit(design, lock)).toBe("1.0.0");
    expect(versionAfterEdit({ ...design, title: { en: "Other" }, version: "2.0.0" }, lock)).toBe("2.0.0");
    expect(versionAfterEdit({ ...design, title: { en: "Other" } }, null)).toBe("1.0.0");
  });

  it("raises the minor version of the lock when the content changed, however often it is saved", () => {
    const changed = { ...design, title: { en: "Other" } };
    expect(versionAfterEdit(changed, lock)).toBe("1.1.0");
    expect(versionAfterEdit({ ...changed, version: "1.1.0" }, lock)).toBe("1.1.0");
    // Changed back to what was generated: the generated version again.
    expect(versionAfterEdit({ ...design, version: "1.1.0" }, { ...lock })).toBe("1.1.0");
    expect(versionAfterEdit({ ...design, version: "0.9.0" }, lock)).toBe("1.0.0");
  });
});
