import { describe, expect, it } from "vitest";
import { buildMigration } from "../src/migrations/build-migration.ts";
import type { SchemaSnapshot, SnapshotModel } from "../src/prisma/schema-snapshot.ts";

const DS = `datasource db {\n  provider = "postgresql"\n}\n`;

/** A snapshot whose field entries map stable key → [field, column]. */
function snapshot(
  prisma: string,
  models: Record<string, [string, string, Record<string, [string, string]>]>,
): SchemaSnapshot {
  const out: Record<string, SnapshotModel> = {};
  for (const [key, [model, table, fields]] of Object.entries(models)) {
    out[key] = {
      model,
      table,
      fields: Object.fromEntries(Object.entries(fields).map(([k, [field, column]]) => [k, { field, column }])),
    };
  }
  return { prisma: DS + prisma, models: out };
}

const jobFields = { id: ["id", "id"], title: ["title", "title"], notes: ["notes", "job_notes"] } as Record<
  string,
  [string, string]
>;

const v1 = snapshot(
  `
model Job {
  id    String  @id(map: "job_pk") @db.Uuid
  title String
  notes String? @map("job_notes")

  @@index([title], map: "job_title_idx")
  @@map("job")
}
`,
  { "shop/job": ["Job", "job", jobFields] },
);

describe("buildMigration", () => {
  it("creates everything from an empty database, and the down script drops it", async () => {
    const m = await buildMigration(null, v1);
    expect(m.up).toBe(`-- CreateTable
CREATE TABLE "job" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "job_notes" TEXT,

    CONSTRAINT "job_pk" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_title_idx" ON "job"("title");
`);
    expect(m.down).toBe(`-- DropTable\nDROP TABLE "job";\n`);
    expect(m.warnings).toEqual([]);
    expect(m.empty).toBe(false);
  });

  it("is empty when nothing changed", async () => {
    expect(await buildMigration(v1, v1)).toEqual({ up: "", down: "", warnings: [], empty: true });
  });

  it("adds a column", async () => {
    const v2 = snapshot(v1.prisma.slice(DS.length).replace("notes String?", "rate  Int?\n  notes String?"), {
      "shop/job": ["Job", "job", { ...jobFields, rate: ["rate", "rate"] }],
    });
    const m = await buildMigration(v1, v2);
    expect(m.up).toBe(`-- AlterTable\nALTER TABLE "job" ADD COLUMN     "rate" INTEGER;\n`);
    expect(m.down).toBe(`-- AlterTable\nALTER TABLE "job" DROP COLUMN "rate";\n`);
    expect(m.warnings).toEqual([]);
  });

  it("renames a field by stable key instead of dropping it, keeping the index", async () => {
    const v2 = snapshot(
      v1.prisma.slice(DS.length).replace(/title/g, "headline").replace("job_headline_idx", "job_title_idx"),
      {
        "shop/job": ["Job", "job", { ...jobFields, title: ["headline", "headline"] }],
      },
    );
    const m = await buildMigration(v1, v2);
    expect(m.up).toBe(`-- RenameByStableKey\nALTER TABLE "job" RENAME COLUMN "title" TO "headline";\n`);
    expect(m.up).not.toMatch(/DROP/);
    expect(m.down).toBe(`-- RenameByStableKey\nALTER TABLE "job" RENAME COLUMN "headline" TO "title";\n`);
    expect(m.warnings).toEqual([]);
  });

  it("emits nothing when only the Prisma field name changes and @map keeps the column", async () => {
    const v2 = snapshot(v1.prisma.slice(DS.length).replace("notes String?", "remarks String?"), {
      "shop/job": ["Job", "job", { ...jobFields, notes: ["remarks", "job_notes"] }],
    });
    expect((await buildMigration(v1, v2)).empty).toBe(true);
  });

  it("renames a model and its table, keeping relations, indexes and the other fields", async () => {
    const a = snapshot(
      `
model Job {
  id       String @id(map: "job_pk") @db.Uuid
  ownerId  String @map("owner_id") @db.Uuid
  owner    Person @relation(fields: [ownerId], references: [id], onDelete: Cascade, map: "job_owner_fk")

  @@index([ownerId], map: "job_owner_idx")
  @@map("job")
}

model Person {
  id   String @id(map: "person_pk") @db.Uuid
  jobs Job[]

  @@map("person")
}
`,
      {
        "shop/job": ["Job", "job", { id: ["id", "id"], owner: ["ownerId", "owner_id"] }],
        "core/person": ["Person", "person", { id: ["id", "id"] }],
      },
    );
    const b = snapshot(
      `
model Gig {
  id       String @id(map: "job_pk") @db.Uuid
  clientId String @map("client_id") @db.Uuid
  owner    Member @relation(fields: [clientId], references: [id], onDelete: Cascade, map: "job_owner_fk")

  @@index([clientId], map: "job_owner_idx")
  @@map("gig")
}

model Member {
  id   String @id(map: "person_pk") @db.Uuid
  jobs Gig[]

  @@map("member")
}
`,
      {
        "shop/job": ["Gig", "gig", { id: ["id", "id"], owner: ["clientId", "client_id"] }],
        "core/person": ["Member", "member", { id: ["id", "id"] }],
      },
    );
    const m = await buildMigration(a, b);
    expect(m.up).toBe(`-- RenameByStableKey
ALTER TABLE "person" RENAME TO "member";
ALTER TABLE "job" RENAME TO "gig";
ALTER TABLE "gig" RENAME COLUMN "owner_id" TO "client_id";
`);
    expect(m.down).toBe(`-- RenameByStableKey
ALTER TABLE "gig" RENAME COLUMN "client_id" TO "owner_id";
ALTER TABLE "gig" RENAME TO "job";
ALTER TABLE "member" RENAME TO "person";
`);
  });

  it("swaps two column names through temporary names", async () => {
    const a = snapshot(`model T {\n  id Int @id(map: "t_pk")\n  a  Int\n  b  Int\n\n  @@map("t")\n}\n`, {
      t: ["T", "t", { id: ["id", "id"], x: ["a", "a"], y: ["b", "b"] }],
    });
    const b = snapshot(`model T {\n  id Int @id(map: "t_pk")\n  b  Int\n  a  Int\n\n  @@map("t")\n}\n`, {
      t: ["T", "t", { id: ["id", "id"], x: ["b", "b"], y: ["a", "a"] }],
    });
    const m = await buildMigration(a, b);
    expect(m.up).toBe(`-- RenameByStableKey
ALTER TABLE "t" RENAME COLUMN "a" TO "_mono_rename_0";
ALTER TABLE "t" RENAME COLUMN "b" TO "_mono_rename_1";
ALTER TABLE "t" RENAME COLUMN "_mono_rename_0" TO "b";
ALTER TABLE "t" RENAME COLUMN "_mono_rename_1" TO "a";
`);
  });

  it("refuses a rename onto a name that another column still uses", async () => {
    const a = snapshot(`model T {\n  id Int @id(map: "t_pk")\n  a  Int\n  b  Int\n\n  @@map("t")\n}\n`, {
      t: ["T", "t", { id: ["id", "id"], x: ["a", "a"], y: ["b", "b"] }],
    });
    const b = snapshot(`model T {\n  id Int @id(map: "t_pk")\n  b  Int\n\n  @@map("t")\n}\n`, {
      t: ["T", "t", { id: ["id", "id"], x: ["b", "b"] }],
    });
    await expect(buildMigration(a, b)).rejects.toThrow(/Cannot rename column "a" to "b"/);
  });

  it("warns about a dropped column", async () => {
    const v2 = snapshot(v1.prisma.slice(DS.length).replace(`  notes String? @map("job_notes")\n`, ""), {
      "shop/job": ["Job", "job", { id: jobFields.id, title: jobFields.title }],
    });
    const m = await buildMigration(v1, v2);
    expect(m.up).toBe(`-- AlterTable\nALTER TABLE "job" DROP COLUMN "job_notes";\n`);
    expect(m.down).toBe(`-- AlterTable\nALTER TABLE "job" ADD COLUMN     "job_notes" TEXT;\n`);
    expect(m.warnings).toEqual([
      {
        kind: "dropColumn",
        table: "job",
        column: "job_notes",
        message: 'Dropping column "job"."job_notes" deletes the values it holds.',
      },
    ]);
  });

  it("warns about a dropped table, a required column, a new unique index and a narrower type", async () => {
    const a = snapshot(
      `model T {\n  id Int @id(map: "t_pk")\n  a  String?\n  b  String @db.VarChar(40)\n  c  Int\n\n  @@map("t")\n}\n\nmodel Old {\n  id Int @id(map: "old_pk")\n\n  @@map("old")\n}\n`,
      {
        t: ["T", "t", { id: ["id", "id"], a: ["a", "a"], b: ["b", "b"], c: ["c", "c"] }],
        old: ["Old", "old", { id: ["id", "id"] }],
      },
    );
    const b = snapshot(
      `model T {\n  id Int @id(map: "t_pk")\n  a  String\n  b  String @db.VarChar(20)\n  c  Int @unique(map: "t_c_key")\n\n  @@map("t")\n}\n`,
      { t: ["T", "t", { id: ["id", "id"], a: ["a", "a"], b: ["b", "b"], c: ["c", "c"] }] },
    );
    const m = await buildMigration(a, b);
    expect(m.warnings.map((w) => [w.kind, w.table, w.column])).toEqual([
      ["setNotNull", "t", "a"],
      ["alterType", "t", "b"],
      ["dropTable", "old", undefined],
      ["addUnique", "t", "c"],
    ]);
    expect(m.warnings.every((w) => w.message.length > 20)).toBe(true);
  });

  it("removes an enum value without BEGIN/COMMIT (the runner owns the transaction)", async () => {
    const schema = (values: string) =>
      `enum Status {\n${values}\n  @@map("status")\n}\n\nmodel T {\n  id     Int    @id(map: "t_pk")\n  status Status\n\n  @@map("t")\n}\n`;
    const fields = { id: ["id", "id"], status: ["status", "status"] } as Record<string, [string, string]>;
    const a = snapshot(schema("  open\n  closed"), { t: ["T", "t", fields] });
    const b = snapshot(schema("  open"), { t: ["T", "t", fields] });
    const m = await buildMigration(a, b);
    expect(m.up).not.toMatch(/^\s*(BEGIN|COMMIT);/m);
    expect(m.up).toContain(`CREATE TYPE "status_new" AS ENUM ('open');`);
    expect(m.warnings).toEqual([
      {
        kind: "alterType",
        table: "t",
        column: "status",
        message:
          'Values are removed from the enum of column "t"."status": rows holding a removed value make the migration fail.',
      },
    ]);
  });

  it("is deterministic", async () => {
    const v2 = snapshot(v1.prisma.slice(DS.length).replace(/title/g, "headline"), {
      "shop/job": ["Job", "job", { ...jobFields, title: ["headline", "headline"] }],
    });
    expect(await buildMigration(v1, v2)).toEqual(await buildMigration(v1, v2));
  });

  it("diffs the SQL-only indexes: new ones after the tables, gone or changed ones dropped first", async () => {
    const withIndexes = (indexes: Record<string, string>): SchemaSnapshot => ({
      ...v1,
      models: { "shop/job": { ...v1.models["shop/job"], indexes } },
    });
    const trgm = `CREATE INDEX "job_trgm" ON "job" USING gin (COALESCE("title", '') gin_trgm_ops);`;
    const fts = `CREATE INDEX "job_fts" ON "job" USING gin (to_tsvector('simple'::regconfig, COALESCE("title", '')));`;
    const fts2 = fts.replace("'simple'", "'english'");
    const first = await buildMigration(v1, withIndexes({ job_trgm: trgm }));
    expect(first.up).toBe(
      `-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n${trgm}\n`,
    );
    expect(first.down).toBe(`-- DropSqlIndex\nDROP INDEX IF EXISTS "job_trgm";\n`);
    const second = await buildMigration(withIndexes({ job_trgm: trgm, job_fts: fts }), withIndexes({ job_fts: fts2 }));
    expect(second.up).toBe(
      `-- DropSqlIndex\nDROP INDEX IF EXISTS "job_fts";\nDROP INDEX IF EXISTS "job_trgm";\n\n` +
        `-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)\n${fts2}\n`,
    );
    expect(second.down).toContain(trgm);
    expect(second.down).toContain(fts);
    expect((await buildMigration(withIndexes({ job_fts: fts }), withIndexes({ job_fts: fts }))).empty).toBe(true);
  });
});
