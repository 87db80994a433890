/**
 * The `mono` CLI through `main(argv, io)`: exit codes, output formats, and that `generate`
 * only writes where it may (and never in --check mode).
 */
import semver from "semver";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../bin/cli/main.ts";
import { generate } from "../src/generate.ts";
import type { CommandIo } from "../../bin/cli/command-io.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FIXTURES = path.join(ROOT, "engine", "test", "fixtures");
const BROKEN = path.join(FIXTURES, "broken");

interface Captured extends CommandIo {
  out(): string;
  err(): string;
}

function captureIo(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env: {},
    out: () => out.join("\n"),
    err: () => err.join("\n"),
  };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const temps: string[] = [];
async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `mono-cli-${name}-`));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** Every file under `dir` with its bytes, by relative path. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await readFile(file, "utf8");
  }
  return out;
}

describe("mono validate", () => {
  // Read at collection time: one test per fixture.
  const expected: Record<string, { code: string; pointer: string }> = JSON.parse(
    readFileSync(path.join(BROKEN, "expected.json"), "utf8"),
  );

  for (const [name, want] of Object.entries(expected)) {
    it(`--json on broken/${name} prints its diagnostics and exits 1`, async () => {
      const { code, out } = await run(["validate", path.join(BROKEN, `${name}.json`), "--json"]);
      expect(code).toBe(1);
      const diagnostics = JSON.parse(out);
      expect(Array.isArray(diagnostics)).toBe(true);
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const d of diagnostics) {
        expect(d).toEqual(
          expect.objectContaining({
            code: expect.stringMatching(/^ENG_[A-Z_]+$/),
            severity: expect.stringMatching(/^(error|warning|info)$/),
            pointer: expect.any(String),
            message: expect.any(String),
          }),
        );
      }
      expect(diagnostics).toContainEqual(
        expect.objectContaining({ code: want.code, pointer: want.pointer, severity: "error" }),
      );
    });
  }

  it("a valid template exits 0 and prints ok", async () => {
    const minimal = path.join(FIXTURES, "minimal.json");
    const { code, out } = await run(["validate", minimal]);
    expect(code).toBe(0);
    expect(out).toBe(`${minimal}: ok`);
    // Warnings (an aggregate over a list of scalars, which the platform does not compute) leave a template valid.
    const warned = JSON.parse(readFileSync(minimal, "utf8"));
    warned.entities.Listing.schema.properties.tagCount = {
      "x-id": "fld_tag_count",
      type: "integer",
      "x-computed": "count(tags)",
    };
    const dir = await mkdtemp(path.join(os.tmpdir(), "mono-cli-warned-"));
    await writeFile(path.join(dir, "warned.json"), JSON.stringify(warned));
    const shipped = await run(["validate", path.join(dir, "warned.json")]);
    await rm(dir, { recursive: true, force: true });
    expect(shipped.code).toBe(0);
    expect(shipped.out).toContain("ENG_COMPUTED_NOT_MAINTAINED");
    expect(shipped.out).toMatch(/\n0 error\(s\), 1 warning\(s\)$/);
    const json = await run(["validate", path.join(FIXTURES, "minimal.json"), "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual([]);
  });

  it("the human format points at the place and counts errors", async () => {
    const { code, out } = await run(["validate", path.join(BROKEN, "bad-scope.json")]);
    expect(code).toBe(1);
    expect(out).toContain("#/entities/Listing/scope");
    expect(out).toContain("ENG_SCHEMA_ENUM");
    expect(out).toMatch(/1 error\(s\), 0 warning\(s\)/);
  });

  it("--against an older version reports ENG_COMPAT codes", async () => {
    const dir = await tempDir("against");
    const base = JSON.parse(await readFile(path.join(FIXTURES, "minimal.json"), "utf8"));
    const next = structuredClone(base);
    next.version = "1.1.0";
    delete next.entities.Listing.schema.properties.tags;
    const [oldFile, newFile] = [path.join(dir, "old.json"), path.join(dir, "new.json")];
    await writeFile(oldFile, JSON.stringify(base));
    await writeFile(newFile, JSON.stringify(next));

    const { code, out } = await run(["validate", newFile, "--against", oldFile, "--json"]);
    expect(code).toBe(1); // a breaking change in a minor version is an error
    const codes = (JSON.parse(out) as { code: string }[]).map((d) => d.code);
    expect(codes).toEqual(["ENG_COMPAT_FIELD_REMOVED", "ENG_COMPAT_BREAKING_MINOR"]);

    next.version = "2.0.0";
    await writeFile(newFile, JSON.stringify(next));
    const major = await run(["validate", newFile, "--against", oldFile]);
    expect(major.code).toBe(0); // only a warning is left
    expect(major.out).toContain("ENG_COMPAT_FIELD_REMOVED");
  });

  it("a missing file is a diagnostic, not a crash", async () => {
    const { code, out } = await run(["validate", path.join(FIXTURES, "nope.json"), "--json"]);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ code: "ENG_FILE_READ" })]);
  });
});

describe("usage", () => {
  it("an unknown command exits 2 with the usage", async () => {
    const { code, err } = await run(["frobnicate"]);
    expect(code).toBe(2);
    expect(err).toContain('Unknown command "frobnicate"');
    expect(err).toContain("mono generate");
  });

  it("a missing argument or an unknown flag exits 2", async () => {
    expect((await run(["validate"])).code).toBe(2);
    expect((await run(["validate", path.join(FIXTURES, "minimal.json"), "--frob"])).code).toBe(2);
    expect((await run(["generate", "--frob"])).code).toBe(2);
    expect((await run(["migrate", "sideways"])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    expect((await run(["--help"])).code).toBe(0);
  });
});

describe("mono generate", () => {
  let templates: string;
  /** A copy of generated/ brought up to date once, so the checks below start from "no drift". */
  let out: string;

  beforeAll(async () => {
    const root = await tempDir("generate");
    templates = path.join(root, "industry-templates");
    out = path.join(root, "generated");
    await cp(path.join(ROOT, "industry-templates"), templates, { recursive: true });
    const client = path.join(ROOT, "generated", "prisma", "client");
    await cp(path.join(ROOT, "generated"), out, { recursive: true, filter: (src) => !src.startsWith(client) });
    const setup = await run(["generate", "--templates", templates, "--out", out, "--no-client"]);
    expect(setup.code, setup.err).toBe(0);
  });

  const generateArgs = (...extra: string[]) => [
    "generate",
    "--templates",
    templates,
    "--out",
    out,
    "--no-client",
    ...extra,
  ];

  it("--check exits 0 when generated/ is up to date", async () => {
    const { code, out: stdout } = await run(generateArgs("--check"));
    expect(code).toBe(0);
    expect(stdout).toContain("up to date");
  });

  it("--check exits 1 and lists a hand-edited generated file, writing nothing", async () => {
    const file = path.join(out, "luxury-club", "types.ts");
    const original = await readFile(file, "utf8");
    await writeFile(file, original + "// edited by hand\n");
    try {
      const before = await snapshot(out);
      const { code, err } = await run(generateArgs("--check"));
      expect(code).toBe(1);
      expect(err).toContain("luxury-club/types.ts");
      expect(err).toContain("mono generate");
      expect(await snapshot(out)).toEqual(before);
    } finally {
      await writeFile(file, original);
    }
  });

  it("--check exits 1 after a template field changes, listing the files and the migration it would write", async () => {
    const file = path.join(templates, "luxury-club", "template.json");
    const original = await readFile(file, "utf8");
    const template = JSON.parse(original);
    template.entities.Venue.schema.properties.city.maxLength = 150;
    await writeFile(file, JSON.stringify(template, null, 2));
    try {
      const before = await snapshot(out);
      // The same version as generated/luxury-club/template.lock.json: refused at /version.
      const unbumped = await run(generateArgs("--check"));
      expect(unbumped.code).toBe(1);
      expect(unbumped.out).toMatch(/luxury-club\/template\.json#\/version\n {2}error ENG_COMPAT_VERSION_NOT_BUMPED/);
      template.version = semver.inc(template.version, "minor")!;
      await writeFile(file, JSON.stringify(template, null, 2));
      const { code, err } = await run(generateArgs("--check"));
      expect(code).toBe(1);
      expect(err).toContain("prisma/schema.prisma");
      expect(err).toContain("luxury-club/zod.ts");
      expect(err).toContain("luxury-club/template.lock.json");
      expect(err).toMatch(/prisma\/migrations\/\d{4}_alter_luxury_club_venue_city\/migration\.sql/);
      expect(err).not.toContain("modeling-agency/");
      expect(await snapshot(out)).toEqual(before);
    } finally {
      await writeFile(file, original);
    }
    expect((await run(generateArgs("--check"))).code).toBe(0);
  });

  it("a warm run (cached compile and build) writes the same bytes as an uncached one", async () => {
    const [warm, cold] = [await tempDir("warm"), await tempDir("cold")];
    await cp(out, warm, { recursive: true });
    await cp(out, cold, { recursive: true });
    const file = path.join(templates, "luxury-club", "template.json");
    const original = await readFile(file, "utf8");
    const template = JSON.parse(original);
    template.entities.Venue.schema.properties.city.maxLength = 160;
    template.entities.Venue.label.en = "Club venue";
    template.version = semver.inc(template.version, "minor")!;
    await writeFile(file, JSON.stringify(template, null, 2));
    try {
      // This process has generated from these templates already: modeling-agency is a cache hit.
      expect((await run(["generate", "--templates", templates, "--out", warm, "--no-client"])).code).toBe(0);
      const uncached = await generate({ templatesDir: templates, outDir: cold, prismaClient: false, cache: false });
      expect(uncached.ok).toBe(true);
      expect(uncached.migration).not.toBeNull();
      expect(await snapshot(warm)).toEqual(await snapshot(cold));
    } finally {
      await writeFile(file, original);
    }
  });

  it("refuses to write into a non-empty folder without the marker, leaving it untouched", async () => {
    const dir = await tempDir("foreign");
    await mkdir(path.join(dir, "src"));
    await writeFile(path.join(dir, "src", "index.ts"), "export const mine = true;\n");
    const { code, err } = await run(["generate", "--templates", templates, "--out", dir, "--no-client"]);
    expect(code).toBe(1);
    expect(err).toContain(".mono-generated");
    expect(await snapshot(dir)).toEqual({ [path.join("src", "index.ts")]: "export const mine = true;\n" });
  });

  it("is deterministic: same bytes in two fresh folders, and a second run changes nothing", async () => {
    const [a, b] = [await tempDir("det-a"), await tempDir("det-b")];
    for (const dir of [a, b]) {
      const first = await run(["generate", "--templates", templates, "--out", dir, "--no-client"]);
      expect(first.code, first.err).toBe(0);
    }
    const bytes = await snapshot(a);
    expect(Object.keys(bytes)).toContain(path.join("prisma", "migrations", "0001_init", "migration.sql"));
    expect(await snapshot(b)).toEqual(bytes);

    const second = await run(["generate", "--templates", templates, "--out", a, "--no-client"]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/generated 0 changed file\(s\), removed 0/);
    expect(await snapshot(a)).toEqual(bytes);
  });
});

describe("mono generate --watch", () => {
  it("regenerates when a template changes, until stopped", async () => {
    const root = await tempDir("watch");
    const templates = path.join(root, "industry-templates");
    const out = path.join(root, "generated");
    await cp(path.join(ROOT, "industry-templates"), templates, { recursive: true });
    const client = path.join(ROOT, "generated", "prisma", "client");
    await cp(path.join(ROOT, "generated"), out, { recursive: true, filter: (src) => !src.startsWith(client) });
    const controller = new AbortController();
    const lines: string[] = [];
    const io = {
      stdout: (s: string) => lines.push(s),
      stderr: (s: string) => lines.push(s),
      env: process.env,
      signal: controller.signal,
    };
    const running = main(["generate", "--templates", templates, "--out", out, "--no-client", "--watch"], io);
    await waitFor(() => lines.some((l) => l.startsWith("watching")));

    const file = path.join(templates, "luxury-club", "template.json");
    const template = JSON.parse(await readFile(file, "utf8"));
    template.entities.Venue.schema.properties.name["x-label"].en = "Venue name (watched)";
    // One patch above whatever the shipped template is at.
    template.version = template.version.replace(/\d+$/, (patch: string) => String(Number(patch) + 1));
    await writeFile(file, JSON.stringify(template, null, 2));
    const forms = path.join(out, "luxury-club", "forms", "Venue.json");
    await waitFor(async () => (await readFile(forms, "utf8")).includes("Venue name (watched)"));

    controller.abort();
    expect(await running).toBe(0);
  }, 30_000);
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
