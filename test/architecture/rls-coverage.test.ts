/**
 * runtime/src/authz/README.md says exactly which runtime files' SQL runs under row-level
 * security with MONO_RLS=enforce and which runs as the connection's role. This keeps the two
 * lists true: every file that sends SQL is in exactly one of them, and every listed file does.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
/** The plumbing that sends every statement, not a place that writes any. */
const PLUMBING = ["runtime/src/db/database.ts", "runtime/src/db/tenant-sessions.ts"];
const SENDS_SQL = /\.query\s*[<(]/;

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await sourceFiles(rel)));
    else if (entry.name.endsWith(".ts")) out.push(rel);
  }
  return out;
}

function listed(readme: string, marker: string): string[] {
  const block = new RegExp(`<!-- ${marker} -->([\\s\\S]*?)<!-- /${marker} -->`).exec(readme);
  if (!block) throw new Error(`no ${marker} list in the README`);
  return [...block[1].matchAll(/^- (\S+)$/gm)].map((m) => m[1]);
}

describe("the README's account of what MONO_RLS=enforce covers", () => {
  test("names every runtime file that sends SQL, once, and only those", async () => {
    const readme = await readFile(path.join(ROOT, "runtime/src/authz/README.md"), "utf8");
    const covered = listed(readme, "rls:covered");
    const notCovered = listed(readme, "rls:not-covered");
    const sending: string[] = [];
    for (const file of await sourceFiles("runtime/src")) {
      if (PLUMBING.includes(file)) continue;
      if (SENDS_SQL.test(await readFile(path.join(ROOT, file), "utf8"))) sending.push(file);
    }
    expect(covered.filter((f) => notCovered.includes(f))).toEqual([]);
    expect([...covered, ...notCovered].sort()).toEqual(sending.sort());
    expect(covered.length).toBeGreaterThan(0);
  });
});
