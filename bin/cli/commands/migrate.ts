/**
 * `mono migrate status|up|down [--accept-data-loss] [--steps N] [--dir DIR]`
 *
 * Runs against DATABASE_URL when set, else the embedded PGlite folder MONO_DATA_DIR
 * (default ./.mono/data), so a project works before it has a database server.
 * Exit codes: 0 done, 1 refused or failed (message, no stack trace), 2 usage error.
 */
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPgliteDatabase, createPostgresDatabase, type Database } from "../../../runtime/src/db/database.ts";
import { PGLITE_EXTENSIONS } from "../../../runtime/src/db/pglite-extensions.ts";
import { migrateDown, migrateUp, migrationStatus } from "../../../generators/src/migrations/migration-runner.ts";
import { UsageError, type CommandIo } from "../command-io.ts";

export const DEFAULT_MIGRATIONS_DIR = "generated/prisma/migrations";
export const DEFAULT_DATA_DIR = "./.mono/data";

const USAGE = `Usage: mono migrate <status|up|down> [options]

  status               list applied, pending, edited and failed migrations
  up                   apply every pending migration, one transaction each
  down                 revert the last applied migration(s) with their down.sql

Options:
  --dir DIR            migrations folder (default ${DEFAULT_MIGRATIONS_DIR})
  --steps N            down only: how many migrations to revert (default 1)
  --accept-data-loss   apply even when a migration would delete data

Database: DATABASE_URL, else the embedded PGlite folder MONO_DATA_DIR (default ${DEFAULT_DATA_DIR}).
`;

interface Args {
  command: "status" | "up" | "down";
  dir: string;
  steps: number;
  acceptDataLoss: boolean;
}

function parseArgs(argv: string[]): Args | "help" {
  const args = argv[0] === "migrate" ? argv.slice(1) : argv;
  let command: string | undefined;
  let dir = DEFAULT_MIGRATIONS_DIR;
  let steps: number | undefined;
  let acceptDataLoss = false;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith("--") ? args[i].split(/=(.*)/s, 2) : [args[i], undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--help" || flag === "-h") return "help";
    else if (flag === "--accept-data-loss") acceptDataLoss = true;
    else if (flag === "--dir") dir = value();
    else if (flag === "--steps") {
      const v = value();
      steps = Number(v);
      if (!/^\d+$/.test(v) || steps < 1) throw new UsageError(`--steps must be a positive integer, got "${v}"`);
    } else if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
    else if (command === undefined) command = flag;
    else throw new UsageError(`unexpected argument "${flag}"`);
  }
  if (command === undefined) throw new UsageError("missing command (status, up or down)");
  if (command !== "status" && command !== "up" && command !== "down")
    throw new UsageError(`unknown command "${command}"`);
  if (steps !== undefined && command !== "down") throw new UsageError("--steps only applies to down");
  return { command, dir, steps: steps ?? 1, acceptDataLoss };
}

async function openDatabase(env: NodeJS.ProcessEnv): Promise<{ db: Database; where: string }> {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    return { db: createPostgresDatabase(env.DATABASE_URL, { max: 2 }), where: `${url.host}${url.pathname}` };
  }
  const dataDir = path.resolve(env.MONO_DATA_DIR || DEFAULT_DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir, { extensions: PGLITE_EXTENSIONS });
  await pglite.waitReady;
  return { db: createPgliteDatabase(pglite), where: `PGlite ${dataDir}` };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

async function status(db: Database, dir: string, io: CommandIo): Promise<number> {
  const s = await migrationStatus(db, dir);
  const rows: [string, string][] = [
    ...s.applied.map((n): [string, string] => [n, s.edited.includes(n) ? "edited" : "applied"]),
    ...s.failed.map((n): [string, string] => [n, "failed"]),
    ...s.pending.map((n): [string, string] => [n, "pending"]),
    ...s.missing.map((n): [string, string] => [n, "missing (applied, no folder)"]),
  ].sort((a, b) => a[0].localeCompare(b[0]));
  for (const [name, state] of rows) io.stdout(`  ${state.padEnd(8)} ${name}\n`);
  if (s.failed.length || s.edited.length) {
    io.stderr(
      `The history has ${plural(s.failed.length, "failed")} and ${plural(s.edited.length, "edited")} migration(s): \`mono migrate up\` will refuse to run.\n`,
    );
    return 1;
  }
  io.stdout(
    s.pending.length
      ? `${plural(s.pending.length, "pending migration")}: run \`mono migrate up\`.\n`
      : "Database is up to date.\n",
  );
  return 0;
}

export async function runMigrateCommand(argv: string[], io: CommandIo): Promise<number> {
  let args: Args | "help";
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`mono migrate: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    io.stdout(USAGE);
    return 0;
  }
  const dir = path.resolve(args.dir);
  if (
    !(await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    io.stderr(`mono migrate: no migrations folder at ${dir} (run \`mono generate\` first, or pass --dir).\n`);
    return 1;
  }

  let opened: { db: Database; where: string } | undefined;
  try {
    opened = await openDatabase(io.env);
    const { db, where } = opened;
    io.stdout(`Database: ${where}\nMigrations: ${path.relative(process.cwd(), dir) || "."}\n`);
    const log = (line: string) => io.stdout(line + "\n");
    if (args.command === "status") return await status(db, dir, io);
    if (args.command === "up") {
      const applied = await migrateUp(db, dir, { acceptDataLoss: args.acceptDataLoss, log });
      io.stdout(applied.length ? `Applied ${plural(applied.length, "migration")}.\n` : "Database is up to date.\n");
    } else {
      const reverted = await migrateDown(db, dir, { steps: args.steps, acceptDataLoss: args.acceptDataLoss, log });
      io.stdout(reverted.length ? `Reverted ${plural(reverted.length, "migration")}.\n` : "Nothing to revert.\n");
    }
    return 0;
  } catch (err) {
    io.stderr(`mono migrate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await opened?.db.close().catch(() => {});
  }
}
