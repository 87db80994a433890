import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planNextMigration } from "../src/migrations/migration-files.ts";
import { describeMigration } from "../src/migrations/migration-name.ts";
import type { SchemaSnapshot } from "../src/prisma/schema-snapshot.ts";

const DS = `datasource db {\n  provider = "postgresql"\n}\n`;
const snapshot = (models: Record<string, string[]>): SchemaSnapshot => ({
  prisma:
    DS +
    Object.entries(models)
      .map(
        ([table, columns]) =>
          `model M_${table} {\n  id Int @id(map: "${table}_pk")\n${columns.map((c) => `  ${c} String?\n`).join("")}  @@map("${table}")\n}\n`,
      )
      .join(""),
  models: Object.fromEntries(
    Object.entries(models).map(([table, columns]) => [
      table,
      {
        model: `M_${table}`,
        table,
        fields: Object.fromEntries(["id", ...columns].map((c) => [c, { field: c, column: c }])),
      },
    ]),
  ),
});

describe("migration names from what they change", () => {
  it("reads tables and columns from the SQL Prisma's differ writes", () => {
    expect(describeMigration(`-- AlterTable\nALTER TABLE "shop_venue" ADD COLUMN     "parkingSpaces" INTEGER;\n`)).toBe(
      "add_shop_venue_parking_spaces",
    );
    expect(
      describeMigration(
        `CREATE TABLE "login_failure" ("id" UUID NOT NULL);\nCREATE INDEX "ix" ON "login_failure"("id");\nALTER TABLE "login_failure" ADD CONSTRAINT "fk" FOREIGN KEY ("id") REFERENCES "user"("id");\n`,
      ),
    ).toBe("add_login_failure");
    expect(describeMigration(`ALTER TABLE "job" DROP COLUMN "notes",\nADD COLUMN "summary" TEXT;`)).toBe(
      "drop_job_notes_add_job_summary",
    );
    expect(describeMigration(`DROP TABLE "old_thing";`)).toBe("drop_old_thing");
    expect(describeMigration(`ALTER TABLE "job" RENAME COLUMN "title" TO "name";`)).toBe("rename_job_title");
    expect(describeMigration(`CREATE EXTENSION IF NOT EXISTS pg_trgm;`)).toBe("add_pg_trgm");
    expect(describeMigration(`CREATE INDEX "ix_job_title" ON "job"("title");`)).toBe("index_job");
  });

  it("keeps the first three changes and says there is more", () => {
    const sql = ["a", "b", "c", "d"].map((t) => `CREATE TABLE "${t}" ("id" INT);`).join("\n");
    expect(describeMigration(sql)).toBe("add_a_add_b_add_c_and_more");
  });

  it("keeps whole parts within the folder-name limit, never a part cut in the middle", () => {
    const sql = [
      `ALTER TABLE "user" DROP COLUMN "lockedUntil", ADD COLUMN "tokenVersion" INTEGER;`,
      `ALTER TABLE "refresh_token" ADD COLUMN "successorSealed" VARCHAR(200);`,
    ].join("\n");
    const name = describeMigration(sql);
    expect(name).toBe("drop_user_locked_until_add_user_token_version_and_more");
    expect(name.length).toBeLessThanOrEqual(60);
  });

  it("falls back to update for SQL it does not recognise, and ignores $$ bodies", () => {
    expect(describeMigration(`DO $$ BEGIN PERFORM 1; END $$;`)).toBe("update");
    expect(describeMigration(``)).toBe("update");
  });

  it("names a planned migration without a --name from its SQL; the first is init", async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "mono-mig-name-")), "migrations");
    try {
      const first = await planNextMigration(dir, snapshot({ job: ["title"] }));
      expect(first!.name).toBe("0001_init");
      const { writeFiles } = await import("../src/migrations/migration-files.ts");
      await writeFiles(dir, first!.files);
      const second = await planNextMigration(dir, snapshot({ job: ["title", "jobNotes"] }));
      expect(second!.name).toBe("0002_add_job_job_notes");
      expect(second!.files["0002_add_job_job_notes/migration.sql"]).toContain('ADD COLUMN     "jobNotes"');
      const named = await planNextMigration(dir, snapshot({ job: ["title", "jobNotes"] }), "Notes for jobs");
      expect(named!.name).toBe("0002_notes_for_jobs");
    } finally {
      await rm(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
