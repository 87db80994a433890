import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPgliteDatabase, createPostgresDatabase, type Database } from "../../runtime/src/db/database.ts";
import {
  DataLossRefusedError,
  MigrationFailedError,
  MigrationHistoryError,
  migrateDown,
  migrateUp,
  migrationStatus,
} from "../src/migrations/migration-runner.ts";
import type { DataLossWarning } from "../src/migrations/data-loss.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { createTestPglite } from "../../test/support/pglite.ts";

interface Spec {
  sql: string;
  down?: string;
  warnings?: DataLossWarning[];
}

async function writeMigrations(dir: string, specs: Record<string, Spec>): Promise<void> {
  for (const [name, spec] of Object.entries(specs)) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), spec.sql);
    if (spec.down !== undefined) await writeFile(path.join(dir, name, "down.sql"), spec.down);
    if (spec.warnings)
      await writeFile(path.join(dir, name, "warnings.json"), JSON.stringify(spec.warnings, null, 2) + "\n");
  }
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

const INIT: Spec = {
  sql: `CREATE TABLE "job" ("id" INTEGER NOT NULL, "title" TEXT NOT NULL, CONSTRAINT "job_pk" PRIMARY KEY ("id"));\n`,
  down: `DROP TABLE "job";\n`,
};
const ADD_NOTES: Spec = {
  sql: `ALTER TABLE "job" ADD COLUMN "notes" TEXT;\n`,
  down: `ALTER TABLE "job" DROP COLUMN "notes";\n`,
};
const DROP_NOTES: Spec = {
  sql: `ALTER TABLE "job" DROP COLUMN "notes";\n`,
  down: `ALTER TABLE "job" ADD COLUMN "notes" TEXT;\n`,
  warnings: [
    {
      kind: "dropColumn",
      table: "job",
      column: "notes",
      message: 'Dropping column "job"."notes" deletes the values it holds.',
    },
  ],
};

interface Harness {
  db: Database;
  /** A second, independent connection pool to the same database (PostgreSQL only). */
  other?: () => Database;
  cleanup: () => Promise<void>;
}

const dialects: Record<"postgres" | "pglite", () => Promise<Harness>> = {
  async postgres() {
    const server: TestDatabase = await createTestDatabase();
    const opened: Database[] = [];
    const open = () => {
      const db = createPostgresDatabase(server.url, { max: 2 });
      opened.push(db);
      return db;
    };
    return {
      db: open(),
      other: open,
      async cleanup() {
        for (const db of opened) await db.close();
        await server.drop();
      },
    };
  },
  async pglite() {
    const db = createPgliteDatabase(await createTestPglite());
    return { db, cleanup: () => db.close() };
  },
};

describe.each(Object.keys(dialects) as ("postgres" | "pglite")[])("migration runner on %s", (dialect) => {
  let h: Harness;
  let dir: string;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  beforeEach(async () => {
    h = await dialects[dialect]();
    dir = await mkdtemp(path.join(os.tmpdir(), "mono-runner-"));
    lines.length = 0;
  });
  afterEach(async () => {
    await h.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  const tables = async () =>
    (
      await h.db.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
      )
    ).rows.map((r) => r.t);
  const history = async () =>
    (
      await h.db.query<{ migration_name: string; checksum: string; done: boolean; steps: number }>(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS done, applied_steps_count AS steps
         FROM "_prisma_migrations" ORDER BY migration_name`,
      )
    ).rows;

  it("applies pending migrations in order and records them like Prisma", async () => {
    await writeMigrations(dir, { "0002_add_notes": ADD_NOTES, "0001_init": INIT });
    expect(await migrationStatus(h.db, dir)).toEqual({
      applied: [],
      pending: ["0001_init", "0002_add_notes"],
      edited: [],
      failed: [],
      missing: [],
    });

    expect(await migrateUp(h.db, dir, { log })).toEqual(["0001_init", "0002_add_notes"]);
    expect(lines.map((l) => l.replace(/\(\d+ ms\)/, "(N ms)"))).toEqual([
      "applying 0001_init … ok (N ms)",
      "applying 0002_add_notes … ok (N ms)",
    ]);
    expect(await history()).toEqual([
      { migration_name: "0001_init", checksum: sha256(INIT.sql), done: true, steps: 1 },
      { migration_name: "0002_add_notes", checksum: sha256(ADD_NOTES.sql), done: true, steps: 1 },
    ]);
    expect(await migrateUp(h.db, dir)).toEqual([]);
    expect((await migrationStatus(h.db, dir)).applied).toEqual(["0001_init", "0002_add_notes"]);
  });

  it("rolls a failing migration back completely and stops there", async () => {
    await writeMigrations(dir, {
      "0001_init": INIT,
      "0002_broken": {
        sql: `CREATE TABLE "half" ("id" INT);\nINSERT INTO "half" VALUES (1);\nSELECT * FROM "no_such_table";\n`,
      },
      "0003_later": ADD_NOTES,
    });
    const err = await migrateUp(h.db, dir, { log }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationFailedError);
    expect((err as Error).message).toMatch(/^Migration 0002_broken failed and was rolled back: .*no_such_table/);
    expect(lines[1]).toMatch(/^applying 0002_broken … failed/);
    expect(await tables()).toEqual(["_prisma_migrations", "job"]);
    expect((await history()).map((r) => r.migration_name)).toEqual(["0001_init"]);
    expect((await migrationStatus(h.db, dir)).pending).toEqual(["0002_broken", "0003_later"]);
  });

  it("runs $$ function bodies and statements with semicolons in strings", async () => {
    await writeMigrations(dir, {
      "0001_fn": {
        sql: `CREATE FUNCTION "greet"(who TEXT) RETURNS TEXT AS $$
BEGIN
  RETURN 'hello; ' || who;
END;
$$ LANGUAGE plpgsql;
CREATE TABLE "t" ("v" TEXT DEFAULT 'a;b');
`,
      },
    });
    await migrateUp(h.db, dir);
    expect((await h.db.query(`SELECT "greet"('x') AS g`)).rows).toEqual([{ g: "hello; x" }]);
  });

  it("uses an enum value in the migration that adds it (ADD VALUE is committed first)", async () => {
    const recreate = (values: string, dflt: string) => `CREATE TYPE "status_new" AS ENUM (${values});
ALTER TABLE "t" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "t" ALTER COLUMN "status" TYPE "status_new" USING ("status"::text::"status_new");
ALTER TYPE "status" RENAME TO "status_old";
ALTER TYPE "status_new" RENAME TO "status";
DROP TYPE "status_old";
ALTER TABLE "t" ALTER COLUMN "status" SET DEFAULT '${dflt}';
`;
    await writeMigrations(dir, {
      "0001_init": {
        sql: `CREATE TYPE "status" AS ENUM ('open', 'closed');\nCREATE TABLE "t" ("id" INT PRIMARY KEY, "status" "status" NOT NULL DEFAULT 'open');\n`,
      },
      // What Prisma's diff emits: the new value is used by the next statement.
      "0002_archived": {
        sql: `-- AlterEnum\nALTER TYPE "status" ADD VALUE 'archived';\n\n-- AlterTable\nALTER TABLE "t" ALTER COLUMN "status" SET DEFAULT 'archived';\n`,
        down: recreate("'open', 'closed'", "open"),
      },
      // Removing a value: its down script adds it back and uses it.
      "0003_no_closed": {
        sql: recreate("'open', 'archived'", "archived"),
        down: `ALTER TYPE "status" ADD VALUE 'closed';\nALTER TABLE "t" ALTER COLUMN "status" SET DEFAULT 'closed';\n`,
      },
    });
    await migrateUp(h.db, dir);
    await h.db.query(`INSERT INTO "t" ("id") VALUES (1)`);
    expect((await h.db.query(`SELECT status FROM "t"`)).rows).toEqual([{ status: "archived" }]);
    await migrateDown(h.db, dir, { acceptDataLoss: true });
    await h.db.query(`INSERT INTO "t" ("id") VALUES (2)`);
    expect((await h.db.query(`SELECT id, status FROM "t" ORDER BY id`)).rows).toEqual([
      { id: 1, status: "archived" },
      { id: 2, status: "closed" },
    ]);
  });

  it("refuses to run after an applied migration was edited, or a previous run failed", async () => {
    await writeMigrations(dir, { "0001_init": INIT });
    await migrateUp(h.db, dir);
    await writeMigrations(dir, {
      "0001_init": { ...INIT, sql: INIT.sql + "-- edited\n" },
      "0002_add_notes": ADD_NOTES,
    });
    expect((await migrationStatus(h.db, dir)).edited).toEqual(["0001_init"]);
    await expect(migrateUp(h.db, dir)).rejects.toThrow(MigrationHistoryError);
    await expect(migrateUp(h.db, dir)).rejects.toThrow(/0001_init was edited after it was applied/);

    await writeMigrations(dir, { "0001_init": INIT });
    await h.db.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('x', 'y', '0002_add_notes')`,
    );
    expect((await migrationStatus(h.db, dir)).failed).toEqual(["0002_add_notes"]);
    await expect(migrateUp(h.db, dir)).rejects.toThrow(/0002_add_notes started but never finished/);
  });

  it("drops an empty column without asking, and refuses to drop values unless accepted", async () => {
    await writeMigrations(dir, { "0001_init": INIT, "0002_add_notes": ADD_NOTES, "0003_drop_notes": DROP_NOTES });
    await migrateUp(h.db, dir);
    expect((await history()).map((r) => r.migration_name)).toContain("0003_drop_notes");

    await migrateDown(h.db, dir); // notes is back, empty
    await h.db.query(`INSERT INTO "job" VALUES (1, 'a', 'keep me'), (2, 'b', NULL), (3, 'c', 'me too')`);
    const err = await migrateUp(h.db, dir, { log }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLossRefusedError);
    expect((err as Error).message).toBe(
      [
        "Migration 0003_drop_notes would lose data:",
        '  - column "job"."notes": 2 values would be deleted',
        "Nothing was changed. Re-run with --accept-data-loss to apply it anyway.",
      ].join("\n"),
    );
    expect((await h.db.query(`SELECT count(notes)::int AS n FROM "job"`)).rows[0].n).toBe(2);
    expect((await history()).map((r) => r.migration_name)).toEqual(["0001_init", "0002_add_notes"]);

    expect(await migrateUp(h.db, dir, { acceptDataLoss: true, log })).toEqual(["0003_drop_notes"]);
    expect(lines).toContain('  accepted data loss: column "job"."notes": 2 values would be deleted');
  });

  it("checks data loss on the way down too (down of an added column drops it)", async () => {
    await writeMigrations(dir, { "0001_init": INIT, "0002_add_notes": ADD_NOTES });
    await migrateUp(h.db, dir);
    await h.db.query(`INSERT INTO "job" VALUES (1, 'a', 'note')`);
    await expect(migrateDown(h.db, dir)).rejects.toThrow(
      /0002_add_notes \(down\) would lose data:\n {2}- column "job"."notes": 1 value would be deleted/,
    );
    expect(await migrateDown(h.db, dir, { acceptDataLoss: true, log })).toEqual(["0002_add_notes"]);
    expect(lines.at(-1)).toMatch(/^reverting 0002_add_notes … ok/);
    expect((await history()).map((r) => r.migration_name)).toEqual(["0001_init"]);
    await expect(migrateDown(h.db, dir, { steps: 2 })).rejects.toThrow(/1 row would be deleted/);
    expect(await migrateDown(h.db, dir, { steps: 2, acceptDataLoss: true })).toEqual(["0001_init"]);
    expect(await tables()).toEqual(["_prisma_migrations"]);
  });

  it("keeps the data of a renamed column", async () => {
    await writeMigrations(dir, {
      "0001_init": INIT,
      "0002_rename": {
        sql: `ALTER TABLE "job" RENAME TO "gig";\nALTER TABLE "gig" RENAME COLUMN "title" TO "headline";\n`,
        down: `ALTER TABLE "gig" RENAME COLUMN "headline" TO "title";\nALTER TABLE "gig" RENAME TO "job";\n`,
        warnings: [],
      },
    });
    await migrateUp(h.db, dir, { acceptDataLoss: false });
    await h.db.query(`INSERT INTO "gig" VALUES (7, 'kept')`);
    await migrateDown(h.db, dir);
    expect((await h.db.query(`SELECT id, title FROM "job"`)).rows).toEqual([{ id: 7, title: "kept" }]);
    await migrateUp(h.db, dir);
    expect((await h.db.query(`SELECT id, headline FROM "gig"`)).rows).toEqual([{ id: 7, headline: "kept" }]);
  });

  it("refuses to revert a migration without down.sql", async () => {
    await writeMigrations(dir, { "0001_init": { sql: INIT.sql } });
    await migrateUp(h.db, dir);
    await expect(migrateDown(h.db, dir)).rejects.toThrow(/Cannot revert 0001_init: it has no down.sql/);
  });

  it("applies each migration once when two runs race", async () => {
    await writeMigrations(dir, {
      "0001_init": INIT,
      "0002_slow": { sql: `SELECT pg_sleep(0.3);\nINSERT INTO "job" VALUES (1, 'once');\n` },
      "0003_add_notes": ADD_NOTES,
    });
    const second = h.other?.() ?? h.db;
    const [a, b] = await Promise.all([migrateUp(h.db, dir), migrateUp(second, dir)]);
    expect([...a, ...b].sort()).toEqual(["0001_init", "0002_slow", "0003_add_notes"]);
    expect((await history()).map((r) => r.migration_name)).toEqual(["0001_init", "0002_slow", "0003_add_notes"]);
    expect((await h.db.query(`SELECT count(*)::int AS n FROM "job"`)).rows[0].n).toBe(1);
  });
});
