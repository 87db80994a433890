/**
 * Row-level security (migration 0005_row_level_security) as defence in depth: raw SQL as the
 * application role mono_app sees no tenant's rows without a tenant context and only its
 * tenant's rows with one, cannot write another tenant's rows, on PostgreSQL and on PGlite; the
 * runtime's "enforce" mode really runs requests under it; "auto" sets the context exactly when
 * the connecting role is restricted.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
import { createEntityStores } from "../src/crud/index.ts";
import { createPgliteDatabase, createPostgresDatabase, type Database, type SqlSession } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { TenantSessions } from "../src/db/tenant-sessions.ts";
import {
  allTemplates,
  caller,
  createTenant,
  createUser,
  entityUrl,
  MIGRATIONS,
  startAuthzApp,
  type AuthzEnv,
} from "./authz-support.ts";
import { entityIr } from "./crud-support.ts";

/** Every table the migration put under RLS. */
async function tenantTables(db: SqlSession): Promise<string[]> {
  const { rows } = await db.query<{ t: string }>(
    `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity ORDER BY 1`,
  );
  return rows.map((r) => r.t);
}

/** Rows per tenant of every RLS table, as a role sees them. */
async function countsAs(db: Database, prelude: string): Promise<Map<string, number>> {
  return db.transaction(
    async (tx) => {
      const out = new Map<string, number>();
      for (const table of await tenantTables(tx)) {
        const { rows } = await tx.query<{ tenantId: string | null; n: number }>(
          `SELECT "tenantId", count(*)::int AS n FROM "${table}" GROUP BY 1`,
        );
        for (const r of rows) out.set(`${table}:${r.tenantId}`, r.n);
      }
      return out;
    },
    { prelude },
  );
}

async function seedTwoTenants(db: Database): Promise<{ a: string; b: string }> {
  const stores = createEntityStores(db, allTemplates);
  const ids: string[] = [];
  for (const slug of ["rls-a", "rls-b"]) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $1) RETURNING "id"`,
      [slug],
    );
    const id = rows[0].id;
    ids.push(id);
    await db.query(
      `INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, 'luxury-club', '1.0.0')`,
      [id],
    );
    await db.query(`INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'household', 'H')`, [id]);
    await db.query(`INSERT INTO "user" ("tenantId", "email", "name") VALUES ($1, 'u@rls.test', 'U')`, [id]);
    for (let seed = 1; seed <= 3; seed++)
      await stores.create(
        id,
        "luxury-club",
        "Venue",
        sampleCreateBody(await entityIr("luxury-club", "Venue"), seed + (slug === "rls-a" ? 0 : 50)),
      );
  }
  return { a: ids[0], b: ids[1] };
}

const asApp = (tenantId?: string) =>
  `SET LOCAL ROLE mono_app${tenantId ? `; SELECT set_config('mono.tenant_id', '${tenantId}', true)` : ""}`;

describe.each([["PostgreSQL"], ["PGlite"]])("row-level security on %s", (engine) => {
  let db: Database;
  let drop: () => Promise<void> = async () => {};
  let a = "";
  let b = "";

  beforeAll(async () => {
    if (engine === "PostgreSQL") {
      const { createTestDatabase } = await import("../../test/support/postgres.ts");
      const testDb = await createTestDatabase({ migrations: MIGRATIONS });
      db = createPostgresDatabase(testDb.url, { max: 3 });
      drop = () => testDb.drop();
    } else {
      db = createPgliteDatabase(await createTestPglite({ migrations: MIGRATIONS }));
    }
    await migrateUp(db, MIGRATIONS);
    ({ a, b } = await seedTwoTenants(db));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await drop();
  });

  it("covers every table with a tenantId column (ENABLE + FORCE, two policies each)", async () => {
    const tables = await tenantTables(db);
    const { rows } = await db.query<{ t: string }>(
      `SELECT c.relname AS t FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.attname = 'tenantId' AND NOT a.attisdropped AND c.relkind = 'r' AND n.nspname = current_schema() ORDER BY 1`,
    );
    expect(tables).toEqual(rows.map((r) => r.t));
    expect(tables).toEqual(
      expect.arrayContaining([
        "account",
        "membership",
        "audit_log",
        "luxury_club_venue",
        "modeling_agency_job",
        "draft_record",
      ]),
    );
    const policies = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_policy`);
    expect(policies.rows[0].n).toBe(tables.length * 2);
  });

  it("as mono_app without a tenant context: zero rows in every table", async () => {
    const seen = await countsAs(db, asApp());
    expect([...seen.entries()]).toEqual([]);
  });

  it("as mono_app with a tenant context: exactly that tenant's rows, none of the other's", async () => {
    const owner = await countsAs(db, "SELECT 1");
    const onlyA = await countsAs(db, asApp(a));
    expect([...onlyA.keys()].every((k) => k.endsWith(`:${a}`))).toBe(true);
    for (const [key, n] of owner) if (key.endsWith(`:${a}`)) expect(onlyA.get(key), key).toBe(n);
    expect(onlyA.get(`luxury_club_venue:${a}`)).toBe(3);
    expect([...(await countsAs(db, asApp(b))).keys()].some((k) => k.endsWith(`:${a}`))).toBe(false);
  });

  it("as mono_app, writing another tenant's rows fails (WITH CHECK) and changing them touches nothing", async () => {
    await expect(
      db.transaction(
        (tx) => tx.query(`INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'x', 'smuggled')`, [b]),
        { prelude: asApp(a) },
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await db.transaction(
      (tx) => tx.query(`UPDATE "luxury_club_venue" SET "name" = 'pwned' WHERE "tenantId" = $1`, [b]),
      { prelude: asApp(a) },
    );
    expect(updated.rowCount).toBe(0);
    const deleted = await db.transaction((tx) => tx.query(`DELETE FROM "account" WHERE "tenantId" = $1`, [b]), {
      prelude: asApp(a),
    });
    expect(deleted.rowCount).toBe(0);
    expect(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM "luxury_club_venue" WHERE "tenantId" = $1 AND "name" = 'pwned'`,
          [b],
        )
      ).rows[0].n,
    ).toBe(0);
  });

  it("the runtime's enforce mode runs tenant statements under it: a query with no tenant filter still sees one tenant", async () => {
    const sessions = new TenantSessions(db, "enforce");
    const seen = await sessions.run(a, (s) =>
      s.query<{ tenantId: string }>(`SELECT DISTINCT "tenantId" FROM "luxury_club_venue"`),
    );
    expect(seen.rows.map((r) => r.tenantId)).toEqual([a]);
    // Owner connections (migrations, platform) keep seeing everything.
    expect((await db.query(`SELECT count(DISTINCT "tenantId")::int AS n FROM "luxury_club_venue"`)).rows[0].n).toBe(2);
    expect(await new TenantSessions(db, "auto").prelude(a)).toBeNull();
  });
});

describe("the runtime on PostgreSQL with rls: enforce, and auto on a restricted login", () => {
  let env: AuthzEnv;
  const role = `mono_rls_${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    env = await startAuthzApp({ rls: "enforce" });
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    const { Client } = (await import("pg")).default;
    const admin = new Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
  });

  it("serves CRUD, bulk and audit through mono_app transactions", async () => {
    const tenantId = await createTenant(env.db, "rls-app", ["luxury-club"]);
    const manager = caller(
      env,
      "rls-app",
      await createUser(env, tenantId, "rls-app", { roles: [["event-manager", null]] }),
    );
    const venue = await manager(
      "POST",
      entityUrl("luxury-club", "venues"),
      sampleCreateBody(await entityIr("luxury-club", "Venue"), 9),
    );
    expect(venue.statusCode, venue.body).toBe(201);
    expect((await manager("GET", entityUrl("luxury-club", "venues"))).json().data).toHaveLength(1);
    expect(
      (await manager("PATCH", entityUrl("luxury-club", "venues", `/${venue.json().id}`), { city: "Lisbon" }))
        .statusCode,
    ).toBe(200);
    const bulk = await manager("POST", entityUrl("luxury-club", "venues", "/bulk"), {
      create: [sampleCreateBody(await entityIr("luxury-club", "Venue"), 10)],
      delete: [venue.json().id],
    });
    expect(bulk.json()).toMatchObject({ succeeded: 2, failed: 0 });
    const { rows } = await env.db.query(
      `SELECT "action" FROM "audit_log" WHERE "tenantId" = $1 ORDER BY "createdAt", "action"`,
      [tenantId],
    );
    expect(rows.map((r) => r.action).sort()).toEqual(["create", "create", "delete", "update"]);
  });

  it("auto: a login that is subject to RLS gets the tenant context; without it, it would see nothing", async () => {
    await env.db.query(`CREATE ROLE ${role} LOGIN; GRANT mono_app TO ${role}`);
    const restricted = createPostgresDatabase(env.testDb.url.replace("postgres@", `${role}@`), { max: 2 });
    try {
      const tenantId = (await env.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = 'rls-app'`))
        .rows[0].id;
      const sessions = new TenantSessions(restricted, "auto");
      expect(await sessions.isRestricted()).toBe(true);
      expect((await restricted.query(`SELECT count(*)::int AS n FROM "luxury_club_venue"`)).rows[0].n).toBe(0);
      const seen = await sessions.run(tenantId, (s) =>
        s.query<{ n: number }>(`SELECT count(*)::int AS n FROM "luxury_club_venue" WHERE "deletedAt" IS NULL`),
      );
      expect(seen.rows[0].n).toBe(1);
      expect(await new TenantSessions(env.db, "auto").isRestricted()).toBe(false);
    } finally {
      await restricted.close();
    }
  });
});
