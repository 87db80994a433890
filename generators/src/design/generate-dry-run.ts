import path from "node:path";
import { compileTemplatesDir, hasErrors } from "../../../engine/src/index.ts";
import type { GenerateReport } from "../../../engine/src/contract/design-port.ts";
import { buildFiles } from "../build-files.ts";
import { GENERATED_KEEP } from "../generate.ts";
import { planNextMigration } from "../migrations/migration-files.ts";
import { buildPrismaSchema } from "../prisma/build-prisma-schema.ts";
import { templateLocks } from "../template-lock.ts";
import { writeFileMap } from "../write-file-map.ts";

/** What `mono generate` would do now: changed files and the next migration, nothing written. */
export async function dryRunGenerate(
  templatesDir: string,
  generatedDir: string,
  migrationName?: string,
): Promise<GenerateReport> {
  const started = performance.now();
  const compiled = await compileTemplatesDir(templatesDir);
  if (!compiled.ok) return { ok: false, diagnostics: compiled.diagnostics, changed: [], migration: null, ms: 0 };
  const locks = await templateLocks(templatesDir, generatedDir, compiled.app);
  const diagnostics = [...compiled.diagnostics, ...locks.diagnostics];
  if (hasErrors(locks.diagnostics)) return { ok: false, diagnostics, changed: [], migration: null, ms: 0 };
  const generated = { ...buildFiles(compiled.app), ...locks.files };
  const migrationsDir = path.join(generatedDir, "prisma", "migrations");
  const plan = await planNextMigration(migrationsDir, buildPrismaSchema(compiled.app), migrationName);
  if (plan) for (const [file, content] of Object.entries(plan.files)) generated[`prisma/migrations/${file}`] = content;
  const report = await writeFileMap(generatedDir, generated, { check: true, keep: GENERATED_KEEP });
  const migration = plan
    ? {
        name: plan.name,
        sql: plan.files[`${plan.name}/migration.sql`],
        downSql: plan.files[`${plan.name}/down.sql`],
        warnings: plan.warnings,
      }
    : null;
  return {
    ok: true,
    diagnostics,
    changed: report.changed.filter((f) => f !== ".mono-generated"),
    migration,
    ms: Math.round(performance.now() - started),
  };
}
