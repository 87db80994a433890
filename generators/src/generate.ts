import path from "node:path";
import { compileTemplatesDir, hasErrors, type CompileCache, type Diagnostic } from "../../engine/src/index.ts";
import { buildFiles, createBuildCache, type BuildCache } from "./build-files.ts";
import { planNextMigration } from "./migrations/migration-files.ts";
import { buildPrismaSchema } from "./prisma/build-prisma-schema.ts";
import { CORE_PLUGINS } from "./plugins.ts";
import { ensurePrismaClient } from "./prisma/prisma-client.ts";
import { templateLocks } from "./template-lock.ts";
import { writeFileMap } from "./write-file-map.ts";

export interface GenerateOptions {
  templatesDir: string;
  outDir: string;
  /** Write nothing; report what would change. */
  check?: boolean;
  /** Name of the migration folder created when the schema changed. */
  migrationName?: string;
  /** Also (re)generate the typed Prisma client when the schema changed. */
  prismaClient?: boolean;
  log?: (line: string) => void;
  /**
   * What earlier runs in this process compiled and built, reused for unchanged templates (same
   * bytes, less time: `--watch` and the studio regenerate after every edit). Defaults to one
   * cache per process; `false` computes everything afresh.
   */
  cache?: GenerateCache | false;
}

export interface GenerateCache {
  templates: CompileCache;
  files: BuildCache;
}

export const createGenerateCache = (): GenerateCache => ({ templates: new Map(), files: createBuildCache() });

const processCache = createGenerateCache();

export interface GenerateResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Files created or changed (relative to outDir); in check mode, those that would be. */
  changed: string[];
  removed: string[];
  /** The migration folder planned for this change, if any. */
  migration: string | null;
  /** Milliseconds per phase, for `bench:generate` and `--watch` output. */
  timings: GenerateTimings;
}

export interface GenerateTimings {
  compile: number;
  build: number;
  plan: number;
  write: number;
}

/** Folders under generated/ that `generate` never cleans: append-only or built elsewhere. */
export const GENERATED_KEEP = ["prisma/migrations/", "prisma/client/"];

/** compile → build every file → plan a migration → write (or compare, with `check`). */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? (() => {});
  const timings: GenerateTimings = { compile: 0, build: 0, plan: 0, write: 0 };
  let mark = performance.now();
  const lap = (phase: keyof GenerateTimings) => {
    const now = performance.now();
    timings[phase] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  const cache = options.cache === false ? undefined : (options.cache ?? processCache);
  const compiled = await compileTemplatesDir(options.templatesDir, cache?.templates);
  lap("compile");
  if (!compiled.ok || hasErrors(compiled.diagnostics)) {
    return { ok: false, diagnostics: compiled.diagnostics, changed: [], removed: [], migration: null, timings };
  }
  const { app } = compiled;
  const locks = await templateLocks(options.templatesDir, options.outDir, app);
  if (hasErrors(locks.diagnostics)) {
    const diagnostics = [...compiled.diagnostics, ...locks.diagnostics];
    return { ok: false, diagnostics, changed: [], removed: [], migration: null, timings };
  }
  log(`compiled ${app.templates.map((t) => `${t.id}@${t.version}`).join(", ")}`);
  const files = { ...buildFiles(app, CORE_PLUGINS, cache?.files), ...locks.files };
  lap("build");

  const migrationsDir = path.join(options.outDir, "prisma", "migrations");
  const plan = await planNextMigration(migrationsDir, buildPrismaSchema(app), options.migrationName);
  if (plan) {
    for (const [file, content] of Object.entries(plan.files)) files[`prisma/migrations/${file}`] = content;
    log(`migration ${plan.name}${plan.warnings.length ? ` (${plan.warnings.length} data-loss warning(s))` : ""}`);
  }
  lap("plan");
  const report = await writeFileMap(options.outDir, files, { check: options.check, keep: GENERATED_KEEP });
  lap("write");
  if (!options.check && options.prismaClient) {
    const client = await ensurePrismaClient(path.join(options.outDir, "prisma", "schema.prisma"));
    log(`prisma client ${client}`);
  }
  return {
    ok: true,
    diagnostics: compiled.diagnostics,
    changed: report.changed,
    removed: report.removed,
    migration: plan?.name ?? null,
    timings,
  };
}
