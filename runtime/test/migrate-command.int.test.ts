import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMigrateCommand } from "../../bin/cli/commands/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";

let root: string;
let dir: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mono-cli-"));
  dir = path.join(root, "migrations");
  const write = async (name: string, sql: string, down: string) => {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), sql);
    await writeFile(path.join(dir, name, "down.sql"), down);
  };
  await write("0001_init", `CREATE TABLE "job" ("id" INT PRIMARY KEY, "notes" TEXT);\n`, `DROP TABLE "job";\n`);
  await write(
    "0002_drop_notes",
    `ALTER TABLE "job" DROP COLUMN "notes";\n`,
    `ALTER TABLE "job" ADD COLUMN "notes" TEXT;\n`,
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let stdout = "";
  let stderr = "";
  const code = await runMigrateCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env });
  return { code, stdout: stdout.replace(/\(\d+ ms\)/g, "(N ms)"), stderr };
}

describe("mono migrate (usage)", () => {
  it("exits 2 on usage errors and prints help", async () => {
    for (const argv of [
      [],
      ["sideways"],
      ["up", "--steps", "2"],
      ["down", "--steps", "0"],
      ["up", "--nope"],
      ["up", "--dir"],
    ]) {
      const r = await run(argv, {});
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^mono migrate: .*\n\nUsage: mono migrate/);
    }
    const help = await run(["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: mono migrate <status\|up\|down>/);
  });

  it("exits 1 when the migrations folder is missing", async () => {
    const r = await run(["status", "--dir", path.join(root, "nowhere")], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no migrations folder at .*nowhere/);
  });
});

describe("mono migrate on PostgreSQL (DATABASE_URL)", () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url };
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("shows status, applies, refuses data loss, reverts", async () => {
    const status = await run(["status", "--dir", dir], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(
      `  pending  0001_init\n  pending  0002_drop_notes\n2 pending migrations: run \`mono migrate up\`.\n`,
    );

    const up = await run(["migrate", "up", `--dir=${dir}`], env);
    expect(up).toMatchObject({ code: 0, stderr: "" });
    expect(up.stdout).toContain(
      "applying 0001_init … ok (N ms)\napplying 0002_drop_notes … ok (N ms)\nApplied 2 migrations.\n",
    );

    const down = await run(["down", "--dir", dir], env);
    expect(down.stdout).toContain("reverting 0002_drop_notes … ok (N ms)\nReverted 1 migration.\n");

    const pg = (await import("pg")).default;
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    await c.query(`INSERT INTO job VALUES (1, 'precious')`);
    await c.end();

    const refused = await run(["up", "--dir", dir], env);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("applying 0002_drop_notes … refused (N ms)");
    expect(refused.stderr).toBe(
      'mono migrate: Migration 0002_drop_notes would lose data:\n  - column "job"."notes": 1 value would be deleted\n' +
        "Nothing was changed. Re-run with --accept-data-loss to apply it anyway.\n",
    );
    expect(refused.stderr).not.toMatch(/\bat .*\.ts:\d+/);

    const accepted = await run(["up", "--dir", dir, "--accept-data-loss"], env);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain("Applied 1 migration.");
    expect((await run(["status", "--dir", dir], env)).stdout).toContain("Database is up to date.");
  });

  it("exits 1 with a plain message when the database is unreachable", async () => {
    const r = await run(["status", "--dir", dir], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/none" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mono migrate: .*ECONNREFUSED/);
  });
});

describe("mono migrate on embedded PGlite (MONO_DATA_DIR)", () => {
  it("creates the data folder, applies, and persists across runs", async () => {
    const env = { MONO_DATA_DIR: path.join(root, "data") };
    const up = await run(["up", "--dir", dir], env);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`Database: PGlite ${env.MONO_DATA_DIR}\n`);
    expect(up.stdout).toContain("Applied 2 migrations.");
    const status = await run(["status", "--dir", dir], env);
    expect(status.stdout).toContain("  applied  0001_init\n  applied  0002_drop_notes\nDatabase is up to date.\n");
    const down = await run(["down", "--steps", "2", "--dir", dir], env);
    expect(down.code).toBe(0);
    expect(down.stdout).toContain("Reverted 2 migrations.");
  });
});
