import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  LOCK_FILE,
  nextMigrationName,
  planNextMigration,
  readMigrations,
  slugify,
  writeFiles,
} from "../src/migrations/migration-files.ts";
import type { SchemaSnapshot } from "../src/prisma/schema-snapshot.ts";

const DS = `datasource db {\n  provider = "postgresql"\n}\n`;
const model = (extra = "") =>
  `model Job {\n  id    Int    @id(map: "job_pk")\n  title String\n${extra}\n  @@map("job")\n}\n`;
const v1: SchemaSnapshot = {
  prisma: DS + model(),
  models: {
    job: {
      model: "Job",
      table: "job",
      fields: { id: { field: "id", column: "id" }, title: { field: "title", column: "title" } },
    },
  },
};
const v2: SchemaSnapshot = {
  prisma: DS + model("  notes String?\n"),
  models: {
    job: { ...v1.models.job, fields: { ...v1.models.job.fields, notes: { field: "notes", column: "notes" } } },
  },
};

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), "mono-mig-")), "migrations");
});
afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

describe("migration files", () => {
  it("names folders with a 4-digit sequence and a slug", () => {
    expect(slugify("Add job  Title!")).toBe("add_job_title");
    expect(slugify("Überprüfung")).toBe("uberprufung");
    expect(slugify("!!!")).toBe("migration");
    expect(nextMigrationName([], "init")).toBe("0001_init");
    expect(nextMigrationName(["0001_init", "0009_x"], "Next one")).toBe("0010_next_one");
  });

  it("plans the first migration with the lock file, then nothing, then the next one", async () => {
    expect(await readMigrations(dir)).toEqual([]);
    const first = await planNextMigration(dir, v1, "init");
    expect(Object.keys(first!.files)).toEqual([
      LOCK_FILE,
      "0001_init/migration.sql",
      "0001_init/down.sql",
      "0001_init/warnings.json",
      "0001_init/snapshot.json",
    ]);
    expect(first!.files[LOCK_FILE]).toMatch(/^provider = "postgresql"$/m);
    expect(first!.files["0001_init/migration.sql"]).toMatch(/^-- CreateTable\nCREATE TABLE "job"/);
    expect(first!.files["0001_init/down.sql"]).toBe(`-- DropTable\nDROP TABLE "job";\n`);
    expect(first!.files["0001_init/warnings.json"]).toBe("[]\n");
    expect(first!.files["0001_init/snapshot.json"]).toBe(JSON.stringify(v1, null, 2) + "\n");
    // Planning writes nothing.
    expect(await readMigrations(dir)).toEqual([]);

    await writeFiles(dir, first!.files);
    expect(await planNextMigration(dir, v1, "again")).toBeNull();

    const second = await planNextMigration(dir, v2, "Add notes");
    expect(Object.keys(second!.files)).toEqual([
      "0002_add_notes/migration.sql",
      "0002_add_notes/down.sql",
      "0002_add_notes/warnings.json",
      "0002_add_notes/snapshot.json",
    ]);
    await writeFiles(dir, second!.files);

    // Dropping the column again warns, and the warnings file is pretty-printed.
    const third = await planNextMigration(dir, v1, "drop notes");
    expect(third!.files["0003_drop_notes/warnings.json"]).toBe(
      JSON.stringify(
        [
          {
            kind: "dropColumn",
            table: "job",
            column: "notes",
            message: 'Dropping column "job"."notes" deletes the values it holds.',
          },
        ],
        null,
        2,
      ) + "\n",
    );
    await writeFiles(dir, third!.files);

    const read = await readMigrations(dir);
    expect(read.map((m) => m.name)).toEqual(["0001_init", "0002_add_notes", "0003_drop_notes"]);
    expect(read[1]).toEqual({
      name: "0002_add_notes",
      sql: `-- AlterTable\nALTER TABLE "job" ADD COLUMN     "notes" TEXT;\n`,
      downSql: `-- AlterTable\nALTER TABLE "job" DROP COLUMN "notes";\n`,
      warnings: [],
      snapshot: v2,
    });
    expect(read[2].warnings).toHaveLength(1);
  });

  it("is deterministic: the same inputs plan the same files", async () => {
    expect(await planNextMigration(dir, v2, "init")).toEqual(await planNextMigration(dir, v2, "init"));
  });

  it("refuses to continue after a migration without snapshot.json", async () => {
    await mkdir(path.join(dir, "0001_handmade"), { recursive: true });
    await writeFile(path.join(dir, "0001_handmade/migration.sql"), "SELECT 1;");
    await expect(planNextMigration(dir, v1, "x")).rejects.toThrow(/0001_handmade has no snapshot.json/);
  });

  it("refuses a lock file for another provider", async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, LOCK_FILE), `provider = "sqlite"\n`);
    await expect(planNextMigration(dir, v1, "x")).rejects.toThrow(/not for provider "postgresql"/);
    expect(await readFile(path.join(dir, LOCK_FILE), "utf8")).toBe(`provider = "sqlite"\n`);
  });
});
