/**
 * Applies and reverts the generated migrations. Prisma's own `applyMigrations` is unsafe here
 * (no transaction, `$$` bodies split), so this runner follows Prisma's bookkeeping
 * (`_prisma_migrations`, sha256 checksums, advisory lock 72707369) but runs each migration in one
 * transaction: a failure leaves nothing behind (except enum values it added, see
 * splitEnumAdditions), and Prisma's tools still read the history.
 */
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Database, DedicatedSession, SqlSession } from "../../../engine/src/contract/database-port.ts";
import {
  DataLossRefusedError,
  describeLoss,
  detectDataLoss,
  measureDataLoss,
  splitStatements,
  type DataLossWarning,
} from "./data-loss.ts";

export { DataLossRefusedError };

/** Prisma Migrate's advisory lock id: Prisma's tools and this runner exclude each other. */
export const MIGRATION_LOCK_ID = 72707369;

export interface MigrationOnDisk {
  name: string;
  sql: string;
  /** null when the folder has no down.sql. */
  downSql: string | null;
  /** From warnings.json; null when the folder has none (then the SQL is inspected instead). */
  warnings: DataLossWarning[] | null;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied, but migration.sql changed since (checksum differs). */
  edited: string[];
  /** Started and never finished (finished_at is null). */
  failed: string[];
  /** Recorded as applied, but no folder on disk. */
  missing: string[];
}

export interface RunOptions {
  acceptDataLoss?: boolean;
  log?: (line: string) => void;
}

/** The migration history is not in a state this runner may build on. */
export class MigrationHistoryError extends Error {
  name = "MigrationHistoryError";
}

/** A migration's SQL failed; its transaction was rolled back. */
export class MigrationFailedError extends Error {
  name = "MigrationFailedError";
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Migration ${migration} failed and was rolled back: ${reason}`, { cause });
  }
}

export const checksum = (sql: string) => createHash("sha256").update(sql).digest("hex");

/** A file's text, or null when it does not exist. */
export async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Every sub-folder of `dir` that holds a migration.sql, sorted by name. */
export async function loadMigrations(dir: string): Promise<MigrationOnDisk[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: MigrationOnDisk[] = [];
  for (const name of entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const sql = await readOptional(path.join(dir, name, "migration.sql"));
    if (sql === null) continue;
    const warnings = await readOptional(path.join(dir, name, "warnings.json"));
    out.push({
      name,
      sql,
      downSql: await readOptional(path.join(dir, name, "down.sql")),
      warnings: warnings === null ? null : (JSON.parse(warnings) as DataLossWarning[]),
    });
  }
  return out;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished: boolean;
}

async function history(s: SqlSession): Promise<HistoryRow[]> {
  const { rows } = await s.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!rows[0].present) return [];
  return (
    await s.query<HistoryRow>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished FROM "_prisma_migrations"
        WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`,
    )
  ).rows;
}

function compare(migrations: MigrationOnDisk[], rows: HistoryRow[]): MigrationStatus {
  const status: MigrationStatus = { applied: [], pending: [], edited: [], failed: [], missing: [] };
  const onDisk = new Set(migrations.map((m) => m.name));
  for (const m of migrations) {
    const recorded = rows.filter((r) => r.migration_name === m.name);
    if (recorded.length === 0) status.pending.push(m.name);
    else if (recorded.some((r) => !r.finished)) status.failed.push(m.name);
    else {
      status.applied.push(m.name);
      if (recorded.some((r) => r.checksum !== checksum(m.sql))) status.edited.push(m.name);
    }
  }
  const missing = rows.filter((r) => !onDisk.has(r.migration_name)).map((r) => r.migration_name);
  status.missing = [...new Set(missing)].sort();
  return status;
}

export async function migrationStatus(db: Database, dir: string): Promise<MigrationStatus> {
  return compare(await loadMigrations(dir), await history(db));
}

function refuseBrokenHistory(status: MigrationStatus): void {
  const problems = [
    ...status.failed.map(
      (n) =>
        `  - ${n} started but never finished (a failed run); fix the database by hand, then delete its row in "_prisma_migrations"`,
    ),
    ...status.edited.map(
      (n) =>
        `  - ${n} was edited after it was applied (checksum differs); restore the applied version and put changes in a new migration`,
    ),
  ];
  if (problems.length) {
    throw new MigrationHistoryError(["The migration history cannot be built on:", ...problems].join("\n"));
  }
}

/** In-process queue per database: PGlite's single session makes the advisory lock re-entrant. */
const running = new WeakMap<Database, Promise<unknown>>();

/** Runs `fn` holding the migration lock on one dedicated session, after the history is read. */
function withLock<T>(
  db: Database,
  dir: string,
  fn: (s: DedicatedSession, migrations: MigrationOnDisk[], status: MigrationStatus) => Promise<T>,
): Promise<T> {
  const previous = running.get(db) ?? Promise.resolve();
  const run = previous
    .catch(() => {})
    .then(async () => {
      const migrations = await loadMigrations(dir);
      return db.session(async (s) => {
        await s.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`);
        try {
          await s.exec(CREATE_TABLE);
          // Read only now, under the lock: whoever held it before may have applied migrations.
          const status = compare(migrations, await history(s));
          refuseBrokenHistory(status);
          return await fn(s, migrations, status);
        } finally {
          await s.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
        }
      });
    });
  running.set(db, run);
  return run;
}

/** Measures what `warnings` would lose; throws (rolling back the caller's tx) unless accepted. */
async function guardDataLoss(
  tx: SqlSession,
  name: string,
  warnings: DataLossWarning[],
  options: RunOptions,
): Promise<void> {
  if (warnings.length === 0) return;
  const losses = (await measureDataLoss(tx, warnings)).filter((l) => l.count > 0);
  if (losses.length === 0) return;
  if (!options.acceptDataLoss) throw new DataLossRefusedError(name, losses);
  for (const l of losses) options.log?.(`  accepted data loss: ${describeLoss(l)}`);
}

const ms = (start: number) => `${Math.round(performance.now() - start)} ms`;

const ADD_ENUM_VALUE = /^ALTER\s+TYPE\s+.+?\s+ADD\s+VALUE\s+/is;

/**
 * PostgreSQL refuses to use an enum value in the transaction that added it ("unsafe use of new
 * value"), and Prisma's scripts do exactly that (`ADD VALUE 'x'` then `SET DEFAULT 'x'`). So the
 * `ADD VALUE` statements of a script are committed first, made idempotent (a retry after a
 * failure finds them done); everything else still runs in one transaction.
 */
function splitEnumAdditions(sql: string): { additions: string; rest: string } | null {
  const statements = splitStatements(sql);
  const additions = statements.filter((st) => ADD_ENUM_VALUE.test(st));
  if (additions.length === 0) return null;
  const idempotent = additions.map((st) =>
    /\sADD\s+VALUE\s+IF\s+NOT\s+EXISTS\s/i.test(st) ? st : st.replace(/(\sADD\s+VALUE)(\s+)/i, "$1 IF NOT EXISTS$2"),
  );
  const rest = statements.filter((st) => !ADD_ENUM_VALUE.test(st));
  return { additions: idempotent.join(";\n") + ";", rest: rest.length ? rest.join(";\n") + ";" : "" };
}

/**
 * Runs one migration script: data-loss guard, the SQL and the bookkeeping `record` in one
 * transaction (plus the enum-addition step before it, see splitEnumAdditions).
 */
async function runScript(
  s: DedicatedSession,
  label: string,
  sql: string,
  warnings: DataLossWarning[],
  options: RunOptions,
  record: (tx: SqlSession) => Promise<void>,
): Promise<void> {
  const split = splitEnumAdditions(sql);
  if (split) {
    await s.transaction(async (tx) => {
      await guardDataLoss(tx, label, warnings, { ...options, log: undefined });
      await tx.exec(split.additions);
    });
  }
  await s.transaction(async (tx) => {
    await guardDataLoss(tx, label, warnings, options);
    await tx.exec(split ? split.rest : sql);
    await record(tx);
  });
}

/** Applies every pending migration in name order; returns the names applied. */
export function migrateUp(db: Database, dir: string, options: RunOptions = {}): Promise<string[]> {
  return withLock(db, dir, async (s, migrations, status) => {
    const applied: string[] = [];
    for (const m of migrations.filter((m) => status.pending.includes(m.name))) {
      const start = performance.now();
      try {
        await runScript(s, m.name, m.sql, m.warnings ?? detectDataLoss(m.sql), options, async (tx) => {
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
            [randomUUID(), checksum(m.sql), m.name],
          );
        });
      } catch (err) {
        options.log?.(
          `applying ${m.name} … ${err instanceof DataLossRefusedError ? "refused" : "failed"} (${ms(start)})`,
        );
        throw err instanceof DataLossRefusedError ? err : new MigrationFailedError(m.name, err);
      }
      options.log?.(`applying ${m.name} … ok (${ms(start)})`);
      applied.push(m.name);
    }
    // Row-level security for tables created after 0005_row_level_security (generated migrations know nothing of RLS).
    if (applied.length) {
      const { rows } = await s.query<{ present: boolean }>(
        `SELECT to_regprocedure('mono_secure_tenant_tables()') IS NOT NULL AS present`,
      );
      if (rows[0].present) await s.query(`SELECT mono_secure_tenant_tables()`);
    }
    return applied;
  });
}

/** Reverts the last `steps` applied migrations with their down.sql, newest first. */
export function migrateDown(
  db: Database,
  dir: string,
  options: RunOptions & { steps?: number } = {},
): Promise<string[]> {
  const steps = options.steps ?? 1;
  if (!Number.isInteger(steps) || steps < 1) {
    return Promise.reject(new RangeError(`steps must be a positive integer, got ${steps}`));
  }
  return withLock(db, dir, async (s, migrations, status) => {
    const byName = new Map(migrations.map((m) => [m.name, m]));
    const targets = [...status.applied, ...status.missing].sort().reverse().slice(0, steps);
    const reverted: string[] = [];
    for (const name of targets) {
      const m = byName.get(name);
      if (!m) throw new MigrationHistoryError(`Cannot revert ${name}: its folder is not in ${dir}.`);
      if (m.downSql === null) throw new MigrationHistoryError(`Cannot revert ${name}: it has no down.sql.`);
      const start = performance.now();
      try {
        await runScript(s, `${name} (down)`, m.downSql, detectDataLoss(m.downSql), options, async (tx) => {
          await tx.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL`, [
            name,
          ]);
        });
      } catch (err) {
        options.log?.(
          `reverting ${name} … ${err instanceof DataLossRefusedError ? "refused" : "failed"} (${ms(start)})`,
        );
        throw err instanceof DataLossRefusedError ? err : new MigrationFailedError(`${name} (down)`, err);
      }
      options.log?.(`reverting ${name} … ok (${ms(start)})`);
      reverted.push(name);
    }
    return reverted;
  });
}
