/**
 * Tenant-safe keys, read from the catalog (pg_constraint, pg_index) of every table in the
 * schema, not from a list of shipped tables:
 * - a tenant-owned table (NOT NULL "tenantId", not a declared reference table) has the primary
 *   key ("tenantId", "id"), and every unique constraint and unique index of it includes "tenantId";
 * - a foreign key from a table with "tenantId" to another table with "tenantId" pairs the two
 *   "tenantId" columns (a table whose tenantId is nullable, for platform staff's rows, may keep
 *   a plain key beside such a composite one on the same columns);
 * - no table outside the tenant-owned ones references a tenant-owned table (Citus: reference
 *   tables never point at distributed ones);
 * - no ON DELETE SET NULL / SET DEFAULT ever clears "tenantId".
 * Checked on the platform schema converted by the migrations from a seeded database (rows
 * kept, on PostgreSQL and on PGlite) and on a template this file writes itself.
 */
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileTemplateText, sampleCreateRecord } from "../../engine/src/index.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { REFERENCE_TABLES_WITH_TENANT } from "../../generators/src/prisma/core-models.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform, templates } from "../../generated/registry.ts";
import { createEntityStores, createSeedWriter } from "../../runtime/src/crud/index.ts";
import {
  createPgliteDatabase,
  createPostgresDatabase,
  type Database,
  type SqlSession,
} from "../../runtime/src/db/database.ts";
import { seedDemoTenants } from "../../runtime/src/demo/seed-demo.ts";
import { createRuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";
import { createTestPglite } from "../support/pglite.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const MIGRATIONS = path.resolve(import.meta.dirname, "..", "..", "generated", "prisma", "migrations");
/** The first migration with composite keys; everything before it is the schema to convert. */
const CONVERSION = "0013_tenant_composite_keys";

interface TableInfo {
  name: string;
  /** null: no "tenantId" column; otherwise whether it is NOT NULL. */
  tenantNotNull: boolean | null;
}

/** Every rule above that a table of the current schema breaks, one line each. */
export async function tenantKeyViolations(db: SqlSession): Promise<string[]> {
  const { rows: tables } = await db.query<TableInfo>(
    `SELECT c.relname AS name, a.attnotnull AS "tenantNotNull"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenantId' AND NOT a.attisdropped
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations'`,
  );
  const info = new Map(tables.map((t) => [t.name, t]));
  const owned = (t: string) => info.get(t)?.tenantNotNull === true && !REFERENCE_TABLES_WITH_TENANT.includes(t);
  const hasTenant = (t: string) => info.get(t)?.tenantNotNull != null;
  const out: string[] = [];

  const { rows: keys } = await db.query<{ table: string; index: string; primary: boolean; columns: string[] }>(
    `SELECT c.relname AS "table", i.relname AS "index", x.indisprimary AS "primary",
            array(SELECT a.attname::text FROM unnest(x.indkey[0:x.indnkeyatts - 1]) WITH ORDINALITY AS k(num, pos)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num ORDER BY k.pos) AS columns
       FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND x.indisunique`,
  );
  for (const t of tables.filter((t) => owned(t.name))) {
    const mine = keys.filter((k) => k.table === t.name);
    const primary = mine.find((k) => k.primary)?.columns.join(", ");
    if (primary !== "tenantId, id") out.push(`${t.name}: primary key (${primary ?? "none"}), not (tenantId, id)`);
    for (const k of mine)
      if (!k.columns.includes("tenantId")) out.push(`${t.name}: ${k.index} (${k.columns.join(", ")}) lacks tenantId`);
  }

  const { rows: fks } = await db.query<{
    name: string;
    from: string;
    to: string;
    pairs: [string, string][];
    onDelete: string;
    setColumns: string[] | null;
  }>(
    `SELECT k.conname AS name, s.relname AS "from", t.relname AS "to", k.confdeltype AS "onDelete",
            array(SELECT json_build_array(sa.attname, ta.attname) FROM unnest(k.conkey, k.confkey) AS p(sc, tc)
                    JOIN pg_attribute sa ON sa.attrelid = k.conrelid AND sa.attnum = p.sc
                    JOIN pg_attribute ta ON ta.attrelid = k.confrelid AND ta.attnum = p.tc) AS pairs,
            CASE WHEN k.confdelsetcols IS NULL THEN NULL ELSE
              array(SELECT a.attname::text FROM unnest(k.confdelsetcols) c
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = c) END AS "setColumns"
       FROM pg_constraint k JOIN pg_class s ON s.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = s.relnamespace
      WHERE n.nspname = current_schema() AND k.contype = 'f'`,
  );
  const pairsTenant = (pairs: [string, string][]) => pairs.some(([s, t]) => s === "tenantId" && t === "tenantId");
  const others = (pairs: [string, string][]) =>
    JSON.stringify(pairs.filter(([s]) => s !== "tenantId").sort((a, b) => a[0].localeCompare(b[0])));
  for (const fk of fks) {
    const where = `${fk.from}.${fk.name} → ${fk.to}`;
    if (owned(fk.to) && !owned(fk.from)) out.push(`${where}: a reference table points at a tenant-owned one`);
    if (hasTenant(fk.from) && hasTenant(fk.to) && !pairsTenant(fk.pairs)) {
      const twin = fks.some(
        (o) => o.from === fk.from && o.to === fk.to && pairsTenant(o.pairs) && others(o.pairs) === others(fk.pairs),
      );
      if (owned(fk.from) || !twin) out.push(`${where}: (${fk.pairs.map((p) => p[0]).join(", ")}) lacks tenantId`);
    }
    const clears = fk.onDelete === "n" || fk.onDelete === "d";
    if (clears && fk.pairs.some(([s]) => s === "tenantId") && (fk.setColumns ?? ["tenantId"]).includes("tenantId"))
      out.push(`${where}: ON DELETE SET NULL/DEFAULT clears tenantId`);
  }
  return out.sort();
}

/** Every table's rows as text (uuids, so ordered by id), minus columns the conversion may change. */
async function fingerprint(db: SqlSession): Promise<Record<string, string>> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of rows) {
    const { rows: r } = await db.query<{ n: number; digest: string | null }>(
      `SELECT count(*)::int AS n, md5(string_agg((to_jsonb(t) - 'invitedById')::text, ',' ORDER BY t."id")) AS digest
         FROM "${name}" t`,
    );
    out[name] = `${r[0].n}:${r[0].digest}`;
  }
  return out;
}

/** The migrations before the conversion (or up to it), in a folder of their own. */
async function migrationsBefore(upTo = false): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mono-tenant-keys-"));
  for (const name of await readdir(MIGRATIONS))
    if (name < CONVERSION || (upTo && name === CONVERSION))
      await cp(path.join(MIGRATIONS, name), path.join(dir, name), { recursive: true });
  return dir;
}

/**
 * Demo tenants of the given shipped templates (records through the CRUD store), a platform
 * user with a refresh token, and an invitation that platform user sent into a tenant.
 */
async function populate(db: Database, list: readonly TemplateRegistry[], perEntity: number): Promise<void> {
  const stores = createEntityStores(db, createRuntimeRegistry(templates, platform));
  const reports = await seedDemoTenants({
    db,
    templates: list,
    stores,
    seed: createSeedWriter(stores),
    hash: async (p) => `plain:${p}`,
    sample: sampleCreateRecord,
    recordsPerEntity: perEntity,
  });
  expect(reports.every((r) => r.created && r.records > 0)).toBe(true);
  await db.exec(`
    INSERT INTO "user" ("id", "tenantId", "email", "name", "platformRole")
      VALUES ('00000000-0000-4000-8000-000000000001', NULL, 'staff@example.org', 'Staff', 'super-admin');
    INSERT INTO "refresh_token" ("tenantId", "userId", "familyId", "tokenHash", "expiresAt", "familyExpiresAt")
      VALUES (NULL, '00000000-0000-4000-8000-000000000001', gen_random_uuid(), 'h1', now(), now());
    INSERT INTO "invitation" ("tenantId", "email", "role", "invitedById", "tokenHash", "expiresAt")
      SELECT "id", 'new@example.org', 'tenant-admin', '00000000-0000-4000-8000-000000000001', 'h2', now()
        FROM "tenant" ORDER BY "slug" LIMIT 1;`);
}

/** Migrates a seeded database across the conversion and checks that no row changed. */
async function convert(db: Database, list: readonly TemplateRegistry[], perEntity: number) {
  const before = await migrationsBefore();
  const through = await migrationsBefore(true);
  try {
    await migrateUp(db, before);
    await populate(db, list, perEntity);
    const rows = await fingerprint(db);
    expect(await tenantKeyViolations(db)).not.toEqual([]);
    // Across the conversion alone no row changes (later migrations may backfill computed columns).
    expect(await migrateUp(db, through)).toEqual([CONVERSION]);
    expect(await fingerprint(db)).toEqual(rows);
    const { rows: invites } = await db.query(`SELECT "invitedById" FROM "invitation" WHERE "tokenHash" = 'h2'`);
    expect(invites, "platform staff are not a tenant's inviter").toEqual([{ invitedById: null }]);
    // Then every later migration; the rules still hold, and the rows are all still there.
    await migrateUp(db, MIGRATIONS);
    const after = await fingerprint(db);
    for (const [table, print] of Object.entries(rows))
      expect(after[table]?.split(":")[0], `${table} keeps its rows`).toBe(print.split(":")[0]);
    expect(await tenantKeyViolations(db)).toEqual([]);
  } finally {
    await rm(before, { recursive: true, force: true });
    await rm(through, { recursive: true, force: true });
  }
}

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPostgresDatabase(database.url);
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

describe("the platform schema", () => {
  test("PostgreSQL: a seeded database converts without a changed row, and then keeps every rule", async () => {
    await convert(db, templates, 2);
  });

  test("the keys hold against raw SQL: no cross-tenant link; SET NULL keeps tenantId", async () => {
    const { rows: tenants } = await db.query<{ id: string }>(`SELECT "id" FROM "tenant" ORDER BY "slug" LIMIT 2`);
    const [a, b] = tenants.map((t) => t.id);
    const { rows: users } = await db.query<{ id: string; tenantId: string }>(
      `SELECT "id", "tenantId" FROM "user" WHERE "tenantId" = ANY($1::uuid[]) ORDER BY "tenantId" = $2 DESC LIMIT 1`,
      [[a, b], b],
    );
    const [userOfB] = users;
    expect(userOfB.tenantId).toBe(b);
    await expect(
      db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'moderator')`, [a, userOfB.id]),
    ).rejects.toMatchObject({ code: "23503" });
    const { rows: invitation } = await db.query<{ id: string }>(
      `INSERT INTO "invitation" ("tenantId", "email", "role", "invitedById", "tokenHash", "expiresAt")
       VALUES ($1, 'x@example.org', 'moderator', $2, 'h3', now()) RETURNING "id"`,
      [b, userOfB.id],
    );
    await db.query(`DELETE FROM "user" WHERE "id" = $1`, [userOfB.id]);
    const { rows: after } = await db.query(`SELECT "tenantId", "invitedById" FROM "invitation" WHERE "id" = $1`, [
      invitation[0].id,
    ]);
    expect(after).toEqual([{ tenantId: b, invitedById: null }]);
  });

  test("PGlite: the same conversion keeps every row and every rule", async () => {
    const lite = createPgliteDatabase(await createTestPglite());
    try {
      // One template's records (the others' tables convert empty): the seeding is the slow part.
      await convert(lite, templates.slice(0, 1), 1);
    } finally {
      await lite.close();
    }
  });
});

describe("a template of this test's own", () => {
  test("its tables keep the rules: composite keys, unique per tenant (live rows too), set-null references", async () => {
    const result = compileTemplateText(
      JSON.stringify({
        id: "keys-probe",
        version: "1.0.0",
        title: { en: "Keys probe" },
        locales: ["en"],
        roles: {},
        entities: {
          Crate: {
            id: "ent_crate",
            scope: "account",
            // Its unique key is a partial index over the live rows: read from pg_index all the same.
            softDelete: true,
            schema: {
              type: "object",
              required: ["code"],
              properties: { code: { "x-id": "fld_code", type: "string", maxLength: 20, "x-unique": true } },
            },
          },
          Bottle: {
            id: "ent_bottle",
            scope: "user",
            schema: { type: "object", properties: { note: { "x-id": "fld_note", type: "string", maxLength: 40 } } },
            relations: {
              crate: { id: "rel_crate", to: "Crate", kind: "many-to-one", onDelete: "setNull" },
              twin: { id: "rel_twin", to: "Bottle", kind: "many-to-one", onDelete: "cascade" },
            },
          },
        },
      }),
      "keys-probe.json",
    );
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const { up: sql } = await buildMigration(null, buildPrismaSchema({ templates: [result.ir] }));
    // In a schema of its own, in a transaction rolled back at the end: nothing of the probe stays.
    const rollback = new Error("rollback");
    const probe = db.transaction(async (tx) => {
      await tx.exec(`CREATE SCHEMA keys_probe; SET LOCAL search_path TO keys_probe;`);
      await tx.exec(sql);
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'keys_probe' AND c.relname LIKE 'keys_probe_%' AND c.relkind = 'r'`,
      );
      expect(rows[0].n).toBe(2);
      const { rows: partial } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
          WHERE c.relname = 'keys_probe_crate' AND x.indisunique AND x.indpred IS NOT NULL`,
      );
      expect(partial[0].n).toBe(1);
      expect(await tenantKeyViolations(tx)).toEqual([]);
      // The checker is not vacuous: a unique key without tenantId is reported.
      await tx.exec(`CREATE UNIQUE INDEX "probe_bad" ON "keys_probe_crate" ("code")`);
      await tx.exec(`CREATE UNIQUE INDEX "probe_live" ON "keys_probe_crate" ("code") WHERE "deletedAt" IS NULL`);
      expect(await tenantKeyViolations(tx)).toEqual([
        "keys_probe_crate: probe_bad (code) lacks tenantId",
        "keys_probe_crate: probe_live (code) lacks tenantId",
      ]);
      throw rollback;
    });
    await expect(probe).rejects.toBe(rollback);
  });
});
