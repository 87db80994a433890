/**
 * `npm run bench:generate`: how long `mono generate` takes for the shipped templates.
 *
 *   cold         a fresh `node --import tsx` process per run, timed by the child itself from
 *                process start (module loading and WASM boot included) to done; median of 3
 *   incremental  one warm process; before each run one field of one template changes (a new
 *                maxLength, then a new optional field, alternating); median of 5
 *
 * Both run on temp copies of industry-templates/ and generated/ (no Prisma client: that is
 * `prisma generate`, not ours). The LAST line is for machines:
 * `generate cold_ms=<n> incremental_ms=<n>`. The design's bar is < 3000 / < 300 ms.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "..");
const SELF = fileURLToPath(import.meta.url);
const COLD_RUNS = 3;
const INCREMENTAL_RUNS = 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number) => Math.round(n);

/** A scratch copy of the templates and of generated/ (without the git-ignored client). */
async function workspace(): Promise<{ root: string; templates: string; out: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "mono-bench-generate-"));
  const templates = path.join(root, "industry-templates");
  const out = path.join(root, "generated");
  await cp(path.join(ROOT, "industry-templates"), templates, { recursive: true });
  const client = path.join(ROOT, "generated", "prisma", "client");
  await cp(path.join(ROOT, "generated"), out, { recursive: true, filter: (src) => !src.startsWith(client) });
  return { root, templates, out };
}

/** Child mode: one generate, then print the ms since this process started. */
async function once(templatesDir: string, outDir: string): Promise<void> {
  const { generate } = await import("../generators/src/generate.ts");
  const result = await generate({ templatesDir, outDir, prismaClient: false });
  if (!result.ok) throw new Error("generate failed: the templates have errors");
  // performance.now() counts from the process's time origin, i.e. before tsx and our imports.
  const done = {
    ms: performance.now(),
    timings: result.timings,
    files: result.changed.length,
    migration: result.migration,
  };
  process.stdout.write(JSON.stringify(done) + "\n");
}

interface Row {
  run: string;
  ms: number;
  detail: string;
}

async function cold(): Promise<Row[]> {
  const rows: Row[] = [];
  for (let i = 1; i <= COLD_RUNS; i++) {
    const ws = await workspace();
    try {
      const started = performance.now();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", SELF, "--once", ws.templates, ws.out],
        { cwd: ROOT },
      );
      const wall = performance.now() - started;
      const child = JSON.parse(stdout.trim().split("\n").pop()!) as {
        ms: number;
        timings: object;
        files: number;
        migration: string | null;
      };
      // An up-to-date copy: the run compiles, builds and compares everything, and plans no migration.
      const what = `${child.files} files, migration ${child.migration ?? "none"}`;
      rows.push({
        run: `cold #${i}`,
        ms: child.ms,
        detail: `wall ${round(wall)} ms · ${what} · ${phases(child.timings)}`,
      });
    } finally {
      await rm(ws.root, { recursive: true, force: true });
    }
  }
  return rows;
}

const phases = (t: object) =>
  Object.entries(t)
    .map(([k, v]) => `${k} ${round(v as number)}`)
    .join(" · ");

type Template = Record<string, any>;

/** Change `k`: alternately a new maxLength on luxury-club Venue.city and a new optional Job field. */
function change(k: number): { file: string; label: string; edit: (t: Template) => void } {
  if (k % 2 === 0) {
    const maxLength = 101 + k;
    return {
      file: "luxury-club/template.json",
      label: `luxury-club Venue.city maxLength ${maxLength}`,
      edit: (t) => void (t.entities.Venue.schema.properties.city.maxLength = maxLength),
    };
  }
  return {
    file: "modeling-agency/template.json",
    label: `modeling-agency Job.benchNote${k} added`,
    edit: (t) =>
      void (t.entities.Job.schema.properties[`benchNote${k}`] = {
        "x-id": `fld_job_bench_note_${k}`,
        type: "string",
        maxLength: 200,
      }),
  };
}

async function incremental(): Promise<Row[]> {
  const { generate } = await import("../generators/src/generate.ts");
  const ws = await workspace();
  const options = { templatesDir: ws.templates, outDir: ws.out, prismaClient: false };
  try {
    const apply = async ({ file, edit }: ReturnType<typeof change>) => {
      const target = path.join(ws.templates, file);
      const template = JSON.parse(await readFile(target, "utf8"));
      edit(template);
      await writeFile(target, JSON.stringify(template, null, 2) + "\n");
    };
    // Warm up as `--watch` would be: modules loaded, caches filled, and the schema engine booted
    // and JIT-compiled by one real change (its first diff takes ~300 ms).
    await generate(options);
    await apply({
      file: "luxury-club/template.json",
      label: "warm-up",
      edit: (t) => void (t.entities.Venue.schema.properties.contactName.maxLength = 121),
    });
    await generate(options);

    const rows: Row[] = [];
    for (let k = 0; k < INCREMENTAL_RUNS; k++) {
      const { label } = change(k);
      await apply(change(k));
      const started = performance.now();
      const result = await generate(options);
      const ms = performance.now() - started;
      if (!result.ok || !result.migration) throw new Error(`change "${label}" produced no migration`);
      rows.push({
        run: `incr #${k + 1}`,
        ms,
        detail: `${label} · ${result.changed.length} files · ${phases(result.timings)}`,
      });
    }
    return rows;
  } finally {
    await rm(ws.root, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const width = Math.max(...rows.map((r) => r.run.length));
  const lines = rows.map((r) => `${r.run.padEnd(width)}  ${String(round(r.ms)).padStart(6)} ms  ${r.detail}`);
  return [`${"run".padEnd(width)}  ${"time".padStart(9)}  detail`, ...lines].join("\n");
}

async function bench(): Promise<void> {
  const coldRows = await cold();
  const incrementalRows = await incremental();
  const coldMs = round(median(coldRows.map((r) => r.ms)));
  const incrementalMs = round(median(incrementalRows.map((r) => r.ms)));
  console.log(table([...coldRows, ...incrementalRows]));
  console.log(`\nmedian cold ${coldMs} ms (bar 3000) · median incremental ${incrementalMs} ms (bar 300)`);
  console.log(`generate cold_ms=${coldMs} incremental_ms=${incrementalMs}`);
}

if (process.argv[2] === "--once") await once(process.argv[3], process.argv[4]);
else await bench();
