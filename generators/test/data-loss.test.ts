import { describe, expect, it } from "vitest";
import { detectDataLoss, splitStatements } from "../src/migrations/data-loss.ts";

describe("splitStatements", () => {
  it("splits at top-level semicolons only", () => {
    const sql = `-- a comment; with a semicolon
CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
INSERT INTO t VALUES ('a;b', "x;y"); /* c; */ SELECT $tag$;$tag$;
SELECT 'it''s;'`;
    expect(splitStatements(sql)).toEqual([
      "CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql",
      `INSERT INTO t VALUES ('a;b', "x;y")`,
      "SELECT $tag$;$tag$",
      "SELECT 'it''s;'",
    ]);
  });
});

describe("detectDataLoss", () => {
  it("finds drops, retypes, NOT NULL and unique indexes on existing tables", () => {
    const warnings = detectDataLoss(`
DROP TABLE "old";
ALTER TABLE "t" DROP COLUMN "a",
ADD COLUMN "a" INTEGER NOT NULL,
ALTER COLUMN "b" SET DATA TYPE VARCHAR(10),
ALTER COLUMN "c" TYPE INTEGER USING ("c"::integer),
ALTER COLUMN "d" SET NOT NULL,
ALTER COLUMN "e" DROP NOT NULL;
CREATE UNIQUE INDEX "t_f_g_key" ON "public"."t"("f", "g" DESC);
ALTER TABLE "t" ADD CONSTRAINT "t_h_key" UNIQUE ("h");
CREATE INDEX "t_i_idx" ON "t"("i");`);
    expect(warnings.map(({ kind, table, column, columns }) => ({ kind, table, column, columns }))).toEqual([
      { kind: "dropTable", table: "old", column: undefined, columns: undefined },
      { kind: "dropColumn", table: "t", column: "a", columns: undefined },
      { kind: "alterType", table: "t", column: "b", columns: undefined },
      { kind: "alterType", table: "t", column: "c", columns: undefined },
      { kind: "setNotNull", table: "t", column: "d", columns: undefined },
      { kind: "addUnique", table: "t", column: undefined, columns: ["f", "g"] },
      { kind: "addUnique", table: "t", column: "h", columns: ["h"] },
    ]);
  });

  it("reads a partial unique index's predicate; a NULL backfill before SET NOT NULL is no loss", () => {
    const warnings = detectDataLoss(`
CREATE UNIQUE INDEX "u" ON "t" ("tenantId", lower("slug")) WHERE "deletedAt" IS NULL;
CREATE UNIQUE INDEX "v" ON "t" ("tenantId", "code") WHERE ("deletedAt" IS NULL);
UPDATE "t" SET "tags" = '{}' WHERE "tags" IS NULL;
ALTER TABLE "t" ALTER COLUMN "tags" SET NOT NULL, ALTER COLUMN "other" SET NOT NULL;`);
    expect(warnings.map(({ kind, column, columns, where }) => ({ kind, column, columns, where }))).toEqual([
      { kind: "addUnique", column: undefined, columns: undefined, where: `"deletedAt" IS NULL` },
      { kind: "addUnique", column: undefined, columns: ["tenantId", "code"], where: `("deletedAt" IS NULL)` },
      { kind: "setNotNull", column: "other", columns: undefined, where: undefined },
    ]);
  });

  it("ignores tables and columns created by the same script", () => {
    expect(
      detectDataLoss(`
CREATE TABLE "n" ("a" INT);
CREATE UNIQUE INDEX "n_a_key" ON "n"("a");
ALTER TABLE "t" ADD COLUMN "x" TEXT;
ALTER TABLE "t" ALTER COLUMN "x" SET NOT NULL;
ALTER TABLE "n" RENAME TO "m";
DROP TABLE "m";`),
    ).toEqual([]);
  });

  it("names tables and columns as they are before the script (renamed first)", () => {
    const warnings = detectDataLoss(`
ALTER TABLE "job" RENAME TO "gig";
ALTER TABLE "gig" RENAME COLUMN "title" TO "headline";
ALTER TABLE "gig" DROP COLUMN "headline";`);
    expect(warnings).toEqual([
      {
        kind: "dropColumn",
        table: "job",
        column: "title",
        message: 'Dropping column "job"."title" deletes the values it holds.',
      },
    ]);
  });
});
