/**
 * Migration safety, end to end: a field and an entity renamed in a template (same stable ids)
 * become RENAME statements that keep every row, on PostgreSQL and on PGlite; a dropped field is
 * planned with a data-loss warning and `mono migrate up` refuses it until --accept-data-loss.
 */
import semver from "semver";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTemplateText, sampleRecord, type EntityIR } from "../../engine/src/index.ts";
import { main } from "../../bin/cli/main.ts";
import { generate } from "../../generators/src/generate.ts";
import { createPgliteDatabase, createPostgresDatabase, type Database } from "../../runtime/src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestPglite } from "../support/pglite.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import {
  captureIo,
  editTemplate,
  newMigrations,
  readMigration,
  removeWorkspace,
  ROOT,
  scratchWorkspace,
  type Json,
  type Workspace,
} from "../support/scratch-workspace.ts";

const TEMPLATE = "luxury-club/template.json";
const OLD_TABLE = "luxury_club_venue";
const NEW_TABLE = "luxury_club_location";

const workspaces: Workspace[] = [];

async function workspace(): Promise<Workspace> {
  const ws = await scratchWorkspace("mono-migration-safety-");
  workspaces.push(ws);
  return ws;
}

const renameKey = (obj: Record<string, unknown>, from: string, to: string) =>
  Object.fromEntries(Object.entries(obj).map(([k, v]) => [k === from ? to : k, v]));
const renameItem = (list: string[] | undefined, from: string, to: string) => list?.map((x) => (x === from ? to : x));

/** `Venue.name` → `title` and `Venue` → `Location`, ids kept, every reference updated. */
function renameVenue(t: Json): void {
  t.version = semver.inc(t.version, "minor");
  const venue = t.entities.Venue;
  venue.schema.properties = renameKey(venue.schema.properties, "name", "title");
  venue.schema.required = renameItem(venue.schema.required, "name", "title");
  venue.titleField = "title";
  venue.ui.listColumns = renameItem(venue.ui.listColumns, "name", "title");
  if (venue.access?.fields) venue.access.fields = renameKey(venue.access.fields, "name", "title");
  t.entities = renameKey(t.entities, "Venue", "Location");
  for (const entity of Object.values<Json>(t.entities)) {
    for (const relation of Object.values<Json>(entity.relations ?? {}))
      if (relation.to === "Venue") relation.to = "Location";
  }
  // Permissions name the API resource (`venues` → `locations`).
  for (const role of Object.values<Json>(t.roles)) {
    role.permissions = role.permissions?.map((p: string) => p.replace(/^venues:/, "locations:"));
  }
  if (t.seed?.Venue) t.seed = renameKey(t.seed, "Venue", "Location");
}

/** `Venue.houseRules` removed from the template: its column (and data) would go. */
function dropHouseRules(t: Json): void {
  delete t.entities.Venue.schema.properties.houseRules;
  t.version = semver.inc(t.version, "major"); // a dropped field loses data: a new major version
}

/** The committed Venue entity, to draw realistic rows from. */
async function venueEntity(): Promise<EntityIR> {
  const compiled = compileTemplateText(await readFile(path.join(ROOT, "industry-templates", TEMPLATE), "utf8"));
  if (!compiled.ok) throw new Error("luxury-club does not compile");
  return compiled.ir.entities.find((e) => e.name === "Venue")!;
}

interface VenueRow {
  name: string;
  slug: string;
  venueType: string;
  location: unknown;
  city: string;
  capacity: number;
  houseRules: string;
}

async function sampleVenues(count: number): Promise<VenueRow[]> {
  const venue = await venueEntity();
  return Array.from({ length: count }, (_, i) => {
    const r = sampleRecord(venue, i + 1) as Json;
    return {
      name: r.name,
      slug: `${r.slug}-${i}`, // unique per tenant
      venueType: r.venueType,
      location: r.location,
      city: r.city,
      capacity: r.capacity,
      houseRules: r.houseRules ?? `House rules ${i}`,
    };
  });
}

/** A tenant (the NOT NULL columns of "tenant") and its venues, through the Database port. */
async function insertVenues(db: Database, rows: VenueRow[]): Promise<string> {
  const tenant = await db.query<{ id: string }>(
    `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $2) RETURNING "id"`,
    ["safety-club", "Safety Club"],
  );
  const tenantId = tenant.rows[0].id;
  for (const r of rows) {
    await db.query(
      `INSERT INTO "${OLD_TABLE}" ("tenantId", "name", "slug", "venueType", "location", "city", "capacity", "houseRules")
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)`,
      [tenantId, r.name, r.slug, r.venueType, JSON.stringify(r.location), r.city, r.capacity, r.houseRules],
    );
  }
  return tenantId;
}

async function columns(db: Database, table: string): Promise<string[]> {
  const { rows } = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

async function tableExists(db: Database, table: string): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    `"${table}"`,
  ]);
  return rows[0].present;
}

describe("Migration safety", () => {
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    for (const d of databases) await d.drop();
    for (const ws of workspaces) await removeWorkspace(ws);
  });

  describe("a field and an entity renamed by stable id", () => {
    let ws: Workspace;
    let migration: string;

    beforeAll(async () => {
      ws = await workspace();
      await editTemplate(ws, TEMPLATE, renameVenue);
      const result = await generate({ templatesDir: ws.templates, outDir: ws.generated, prismaClient: false });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.migration).not.toBeNull();
      migration = result.migration!;
      expect(await newMigrations(ws)).toEqual([migration]);
    });

    it("plans RENAME statements, never DROP", async () => {
      const sql = await readMigration(ws, migration, "migration.sql");
      expect(sql).toContain(`ALTER TABLE "${OLD_TABLE}" RENAME TO "${NEW_TABLE}";`);
      expect(sql).toContain(`ALTER TABLE "${NEW_TABLE}" RENAME COLUMN "name" TO "title";`);
      expect(sql).not.toMatch(/DROP\s+COLUMN/i);
      expect(sql).not.toMatch(/DROP\s+TABLE/i);
      expect(JSON.parse(await readMigration(ws, migration, "warnings.json"))).toEqual([]);
      // down.sql undoes the renames, newest first.
      const down = await readMigration(ws, migration, "down.sql");
      expect(down).toContain(`ALTER TABLE "${NEW_TABLE}" RENAME COLUMN "title" TO "name";`);
      expect(down).toContain(`ALTER TABLE "${NEW_TABLE}" RENAME TO "${OLD_TABLE}";`);
    });

    /** The committed migrations, real rows, then the rename migration: every row and value is still there. */
    async function renameKeepsRows(db: Database): Promise<void> {
      expect(await migrateUp(db, ws.initOnly)).toEqual(ws.committed);
      const rows = await sampleVenues(3);
      const tenantId = await insertVenues(db, rows);

      expect(await migrateUp(db, ws.migrations)).toEqual([migration]);

      expect(await tableExists(db, OLD_TABLE)).toBe(false);
      const cols = await columns(db, NEW_TABLE);
      expect(cols).toContain("title");
      expect(cols).not.toContain("name");
      const { rows: after } = await db.query(
        `SELECT "tenantId", "title", "slug", "venueType", "location", "city", "capacity", "houseRules"
           FROM "${NEW_TABLE}" ORDER BY "slug"`,
      );
      const expected = [...rows]
        .sort((a, b) => (a.slug < b.slug ? -1 : 1))
        .map(({ name, ...rest }) => ({ tenantId, title: name, ...rest }));
      expect(after).toEqual(expected);

      // The foreign keys and the unique index moved with the table.
      const fk = await db.query<{ target: string }>(
        `SELECT confrelid::regclass::text AS target FROM pg_constraint WHERE conname = 'fk_luxury_club_ent_event_rel_event_venue'`,
      );
      expect(fk.rows).toEqual([{ target: NEW_TABLE }]);
      await expect(
        db.query(
          `INSERT INTO "${NEW_TABLE}" ("tenantId", "title", "slug", "venueType", "location", "city", "capacity")
           VALUES ($1, 'Dup', $2, 'other', '{}', 'Paris', 10)`,
          [tenantId, rows[0].slug],
        ),
      ).rejects.toThrow(/duplicate key|unique/i);
    }

    it("keeps the rows on PostgreSQL", async () => {
      const test = await createTestDatabase();
      databases.push(test);
      const db = createPostgresDatabase(test.url, { max: 2 });
      try {
        await renameKeepsRows(db);
      } finally {
        await db.close();
      }
    });

    it("keeps the rows on PGlite", async () => {
      const db = createPgliteDatabase(await createTestPglite());
      try {
        await renameKeepsRows(db);
      } finally {
        await db.close();
      }
    });
  });

  describe("a dropped field", () => {
    let ws: Workspace;
    let migration: string;

    beforeAll(async () => {
      ws = await workspace();
      await editTemplate(ws, TEMPLATE, dropHouseRules);
      const io = captureIo();
      const code = await main(["generate", "--templates", ws.templates, "--out", ws.generated, "--no-client"], io);
      expect(code, io.err()).toBe(0);
      [migration] = await newMigrations(ws);
      expect(migration).toBeDefined();
    });

    it("is planned with a dropColumn warning", async () => {
      const sql = await readMigration(ws, migration, "migration.sql");
      expect(sql).toMatch(new RegExp(`ALTER TABLE "${OLD_TABLE}" DROP COLUMN "houseRules"`));
      const warnings = JSON.parse(await readMigration(ws, migration, "warnings.json"));
      expect(warnings).toEqual([
        expect.objectContaining({ kind: "dropColumn", table: OLD_TABLE, column: "houseRules" }),
      ]);
    });

    it("is refused by `mono migrate up` until --accept-data-loss, and nothing changes before", async () => {
      const test = await createTestDatabase();
      databases.push(test);
      const env = { DATABASE_URL: test.url };

      const init = captureIo(env);
      expect(await main(["migrate", "up", "--dir", ws.initOnly], init), init.err()).toBe(0);
      const db = createPostgresDatabase(test.url, { max: 2 });
      try {
        const rows = await sampleVenues(2);
        await insertVenues(db, rows);
        const values = async () =>
          (await db.query<{ houseRules: string }>(`SELECT "houseRules" FROM "${OLD_TABLE}" ORDER BY "slug"`)).rows.map(
            (r) => r.houseRules,
          );
        const before = await values();
        expect(before).toHaveLength(2);

        const refused = captureIo(env);
        expect(await main(["migrate", "up", "--dir", ws.migrations], refused)).toBe(1);
        expect(refused.err()).toContain(`"${OLD_TABLE}"."houseRules"`);
        expect(refused.err()).toContain("--accept-data-loss");
        expect(refused.err()).toContain(migration);
        expect(await columns(db, OLD_TABLE)).toContain("houseRules");
        expect(await values()).toEqual(before);
        const recorded = await db.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [migration]);
        expect(recorded.rowCount).toBe(0);

        const accepted = captureIo(env);
        expect(
          await main(["migrate", "up", "--dir", ws.migrations, "--accept-data-loss"], accepted),
          accepted.err(),
        ).toBe(0);
        expect(accepted.out()).toContain("accepted data loss");
        expect(await columns(db, OLD_TABLE)).not.toContain("houseRules");
        const count = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${OLD_TABLE}"`);
        expect(count.rows[0].n).toBe(2);
      } finally {
        await db.close();
      }
    });
  });
});
