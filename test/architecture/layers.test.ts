/**
 * The dependency rule (layer-rules.ts) over the real repository, and proof that it bites: a
 * wrong-way import planted in a scratch tree (a value import and a type-only one) is reported.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import { afterAll, describe, expect, test } from "vitest";
import { LAYER_EXCLUDE, LAYER_ROOTS, LAYER_RULES } from "./layer-rules.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** Cruises `roots` under `baseDir` with the layer rules; returns the violations and the module count. */
async function check(baseDir: string, roots: string[]): Promise<{ violations: Violation[]; modules: string[] }> {
  const previous = process.cwd();
  // dependency-cruiser resolves the roots and reports paths relative to the working directory.
  process.chdir(baseDir);
  try {
    const { output } = await cruise(roots, {
      validate: true,
      ruleSet: { forbidden: LAYER_RULES },
      tsPreCompilationDeps: true,
      doNotFollow: { path: "node_modules" },
      exclude: { path: LAYER_EXCLUDE },
    });
    const result = output as ICruiseResult;
    return {
      violations: result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })),
      modules: result.modules.map((m) => m.source),
    };
  } finally {
    process.chdir(previous);
  }
}

describe("the dependency rule", () => {
  test("the repository has no wrong-way import", async () => {
    const { violations, modules } = await check(ROOT, LAYER_ROOTS);
    // It really looked: every layer's sources and the composition roots are in the graph.
    for (const file of [
      "engine/src/contract/registry-types.ts",
      "engine/src/compile.ts",
      "generators/src/generate.ts",
      "generated/registry.ts",
      "runtime/src/app.ts",
      "runtime/src/server.ts",
      "studio/src/main.tsx",
      "bin/cli/main.ts",
    ])
      expect(modules).toContain(file);
    expect(violations).toEqual([]);
  }, 120_000);

  describe("planted wrong-way imports are reported", () => {
    let scratch: string;
    afterAll(() => rm(scratch, { recursive: true, force: true }));

    /** A scratch tree in the repository's layout: one file per layer, `planted` added to it. */
    async function plant(files: Record<string, string>): Promise<Violation[]> {
      scratch ??= await mkdtemp(path.join(os.tmpdir(), "mono-layers-"));
      const dir = await mkdtemp(path.join(scratch, "tree-"));
      const base: Record<string, string> = {
        "engine/src/contract/facts.ts": "export const FACT = 1;\nexport type Fact = number;\n",
        "engine/src/compile.ts": 'import { FACT } from "./contract/facts.ts";\nexport const compile = () => FACT;\n',
        "generators/src/build.ts":
          'import { compile } from "../../engine/src/compile.ts";\nexport const build = () => compile();\n',
        "generated/registry.ts":
          'import type { Fact } from "../engine/src/contract/facts.ts";\nexport const r: Fact = 1;\n',
        "runtime/src/app.ts": 'import { r } from "../../generated/registry.ts";\nexport const app = () => r;\n',
        "runtime/src/server.ts":
          'import { build } from "../../generators/src/build.ts";\nimport { app } from "./app.ts";\nexport const main = () => [build(), app()];\n',
        "studio/src/main.ts":
          'import { compile } from "../../engine/src/compile.ts";\nexport const main = () => compile();\n',
        "bin/cli.ts": 'import { build } from "../generators/src/build.ts";\nexport const run = () => build();\n',
        ...files,
      };
      for (const [file, text] of Object.entries(base)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      return (
        await check(
          dir,
          LAYER_ROOTS.filter((r) => Object.keys(base).some((f) => f.startsWith(r))),
        )
      ).violations;
    }

    test("the scratch tree itself is clean (composition roots may wire anything)", async () => {
      expect(await plant({})).toEqual([]);
    });

    test.each([
      [
        "generators → runtime (value)",
        "generators/src/planted.ts",
        'import { app } from "../../runtime/src/app.ts";\nexport const x = app;\n',
        "generators-on-engine",
        "runtime/src/app.ts",
      ],
      [
        "generators → runtime (type only)",
        "generators/src/planted.ts",
        'import type { app } from "../../runtime/src/app.ts";\nexport type X = typeof app;\n',
        "generators-on-engine",
        "runtime/src/app.ts",
      ],
      [
        "runtime → engine outside the contract (value)",
        "runtime/src/planted.ts",
        'import { compile } from "../../engine/src/compile.ts";\nexport const x = compile;\n',
        "runtime-on-contract-and-generated",
        "engine/src/compile.ts",
      ],
      [
        "runtime → generators (type only)",
        "runtime/src/planted.ts",
        'import type { build } from "../../generators/src/build.ts";\nexport type X = typeof build;\n',
        "runtime-on-contract-and-generated",
        "generators/src/build.ts",
      ],
      [
        "runtime → generators (dynamic import)",
        "runtime/src/planted.ts",
        'export const x = () => import("../../generators/src/build.ts");\n',
        "runtime-on-contract-and-generated",
        "generators/src/build.ts",
      ],
      [
        "studio → runtime (type only)",
        "studio/src/planted.ts",
        'import type { app } from "../../runtime/src/app.ts";\nexport type X = typeof app;\n',
        "studio-on-engine",
        "runtime/src/app.ts",
      ],
      [
        "studio → generators (value)",
        "studio/src/planted.ts",
        'import { build } from "../../generators/src/build.ts";\nexport const x = build;\n',
        "studio-on-engine",
        "generators/src/build.ts",
      ],
      [
        "engine → generators (type only)",
        "engine/src/planted.ts",
        'import type { build } from "../../generators/src/build.ts";\nexport type X = typeof build;\n',
        "engine-on-contract",
        "generators/src/build.ts",
      ],
      [
        "contract → engine (type only)",
        "engine/src/contract/planted.ts",
        'import type { compile } from "../compile.ts";\nexport type X = typeof compile;\n',
        "contract-imports-nothing",
        "engine/src/compile.ts",
      ],
      [
        "contract → a package",
        "engine/src/contract/planted.ts",
        'import { readFile } from "node:fs/promises";\nexport const x = readFile;\n',
        "contract-imports-nothing",
        "node:fs/promises",
      ],
      [
        "generated → generators (type only)",
        "generated/planted.ts",
        'import type { build } from "../generators/src/build.ts";\nexport type X = typeof build;\n',
        "generated-on-contract",
        "generators/src/build.ts",
      ],
    ])("%s", async (_name, file, text, rule, to) => {
      const violations = await plant({ [file]: text });
      expect(violations).toEqual([{ rule, from: file, to: expect.stringContaining(to.replace(/^node:/, "")) }]);
    });
  });
});
