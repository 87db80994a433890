/** Up then down on a real PostgreSQL must give back the same columns, and renames keep data. */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMigration } from "../src/migrations/build-migration.ts";
import type { SchemaSnapshot } from "../src/prisma/schema-snapshot.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";

const DS = `datasource db {\n  provider = "postgresql"\n}\n`;

const v1: SchemaSnapshot = {
  prisma: `${DS}
enum Level {
  junior
  senior

  @@map("level")
}

model Job {
  id      Int     @id(map: "job_pk")
  title   String  @db.VarChar(80)
  notes   String?
  level   Level   @default(junior)
  ownerId Int     @map("owner_id")
  owner   Person  @relation(fields: [ownerId], references: [id], onDelete: Cascade, map: "job_owner_fk")

  @@unique([ownerId, title], map: "job_owner_title_key")
  @@map("job")
}

model Person {
  id   Int    @id(map: "person_pk")
  name String
  jobs Job[]

  @@map("person")
}
`,
  models: {
    "shop/job": {
      model: "Job",
      table: "job",
      fields: {
        id: { field: "id", column: "id" },
        title: { field: "title", column: "title" },
        notes: { field: "notes", column: "notes" },
        level: { field: "level", column: "level" },
        owner: { field: "ownerId", column: "owner_id" },
      },
    },
    "core/person": {
      model: "Person",
      table: "person",
      fields: { id: { field: "id", column: "id" }, name: { field: "name", column: "name" } },
    },
  },
};

/** Job → Gig (table gig), title → headline, ownerId → clientId, notes dropped, rate added. */
const v2: SchemaSnapshot = {
  prisma: `${DS}
enum Level {
  junior
  senior

  @@map("level")
}

model Gig {
  id       Int    @id(map: "job_pk")
  headline String @db.VarChar(80)
  level    Level  @default(junior)
  clientId Int    @map("client_id")
  owner    Person @relation(fields: [clientId], references: [id], onDelete: Cascade, map: "job_owner_fk")
  rate     Int?

  @@unique([clientId, headline], map: "job_owner_title_key")
  @@map("gig")
}

model Person {
  id   Int    @id(map: "person_pk")
  name String
  jobs Gig[]

  @@map("person")
}
`,
  models: {
    "shop/job": {
      model: "Gig",
      table: "gig",
      fields: {
        id: { field: "id", column: "id" },
        title: { field: "headline", column: "headline" },
        level: { field: "level", column: "level" },
        owner: { field: "clientId", column: "client_id" },
        rate: { field: "rate", column: "rate" },
      },
    },
    "core/person": v1.models["core/person"],
  },
};

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

async function shape() {
  const columns = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length
       FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  const constraints = await client.query(
    `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY conname`,
  );
  return { columns: columns.rows, constraints: constraints.rows };
}

describe("buildMigration on PostgreSQL", () => {
  it("applies up, keeps renamed data, and down restores the previous shape", async () => {
    const init = await buildMigration(null, v1);
    await client.query(init.up);
    await client.query(`INSERT INTO person VALUES (1, 'Ada');
      INSERT INTO job (id, title, notes, owner_id) VALUES (10, 'Runway', 'n', 1)`);
    const before = await shape();

    const m = await buildMigration(v1, v2);
    expect(m.up).toMatch(/^-- RenameByStableKey\nALTER TABLE "job" RENAME TO "gig";\n/);
    expect(m.up).not.toMatch(/DROP COLUMN "(title|owner_id)"/);
    expect(m.warnings.map((w) => `${w.kind} ${w.table}.${w.column}`)).toEqual(["dropColumn job.notes"]);

    await client.query(m.up);
    const { rows } = await client.query(`SELECT id, headline, client_id, rate FROM gig`);
    expect(rows).toEqual([{ id: 10, headline: "Runway", client_id: 1, rate: null }]);

    await client.query(m.down);
    expect(await shape()).toEqual(before);
    expect((await client.query(`SELECT id, title, owner_id FROM job`)).rows).toEqual([
      { id: 10, title: "Runway", owner_id: 1 },
    ]);

    await client.query(init.down);
    expect((await shape()).columns).toEqual([]);
  });
});
