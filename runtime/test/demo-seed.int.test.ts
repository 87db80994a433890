/**
 * The first-run seeder on real PostgreSQL (the DATABASE_URL path of `npm start`): the super
 * admin from MONO_ADMIN_EMAIL/MONO_ADMIN_PASSWORD or generated once; demo logins stored in the
 * database and the same on a second run; a seeding that dies half-way leaves no tenant behind
 * and the next run completes it; a record that cannot be written is reported and skipped, and
 * an entity whose unique values run out stops early without failing the tenant.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileTemplateText, sampleCreateRecord, type TemplateIR } from "../../engine/src/index.ts";
import { diffSchemas } from "../../generators/src/migrations/schema-engine.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform, templates } from "../../generated/registry.ts";
import { createEntityStores, createSeedWriter } from "../src/crud/index.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { ensureSuperAdmin, loadLogins, loginLines } from "../src/demo/demo-logins.ts";
import { accountGroups } from "../src/demo/demo-people.ts";
import type { SampleRecord } from "../src/demo/demo-records.ts";
import { seedDemoTenants } from "../src/demo/seed-demo.ts";
import { PasswordHasher } from "../src/identity/passwords.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";

const migrationsDir = path.resolve(import.meta.dirname, "..", "..", "generated", "prisma", "migrations");
const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1 });
const hash = (password: string) => hasher.hash(password);

let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPostgresDatabase(database.url);
  await migrateUp(db, migrationsDir);
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const deps = (list: readonly TemplateRegistry[], sample: SampleRecord = sampleCreateRecord, perEntity = 3) => {
  const stores = createEntityStores(db, createRuntimeRegistry(list, platform));
  return { db, templates: list, stores, seed: createSeedWriter(stores), hash, sample, recordsPerEntity: perEntity };
};

describe("super admin of the first run", () => {
  test("MONO_ADMIN_EMAIL/PASSWORD name it once; the password is not stored; later values are ignored", async () => {
    const login = await ensureSuperAdmin(db, hash, {
      email: "Owner@Example.org",
      password: "correct horse battery",
      generate: true,
    });
    expect(login).toEqual({ scope: "platform", role: "super-admin", email: "owner@example.org", password: null });
    const stored = await db.query(`SELECT "password" FROM "demo_login" WHERE "tenantId" IS NULL`);
    expect(stored.rows).toEqual([{ password: null }]);
    const user = await db.query<{ passwordHash: string; platformRole: string }>(
      `SELECT "passwordHash", "platformRole" FROM "user" WHERE "email" = 'owner@example.org' AND "tenantId" IS NULL`,
    );
    expect(user.rows[0].platformRole).toBe("super-admin");
    expect(await hasher.verify(user.rows[0].passwordHash, "correct horse battery")).toBe(true);
    // The line shows the operator's own password while it is in the environment.
    expect(loginLines(await loadLogins(db), "correct horse battery")).toEqual([
      "demo login platform super-admin owner@example.org correct horse battery",
    ]);

    // A second start with other values: a super admin exists, nothing changes.
    expect(await ensureSuperAdmin(db, hash, { email: "other@example.org", generate: true })).toBeNull();
    const admins = await db.query(`SELECT 1 FROM "user" WHERE "platformRole" = 'super-admin'`);
    expect(admins.rowCount).toBe(1);
  });

  test("production without MONO_ADMIN_PASSWORD creates none (no password to print)", async () => {
    const fresh = await createTestDatabase();
    const other = createPostgresDatabase(fresh.url);
    try {
      await migrateUp(other, migrationsDir);
      expect(await ensureSuperAdmin(other, hash, { generate: false })).toBeNull();
      expect((await other.query(`SELECT 1 FROM "user"`)).rowCount).toBe(0);
      const generated = await ensureSuperAdmin(other, hash, { generate: true });
      expect(generated?.password).toMatch(/^[A-Za-z0-9]{18}$/);
      expect(generated?.email).toBe("admin@example.com");
    } finally {
      await other.close();
      await fresh.drop();
    }
  });
});

describe("demo tenants of the shipped templates", () => {
  test("seeded whole with a login per role, stored in the database and the same on the next run", async () => {
    const first = await seedDemoTenants(deps(templates));
    for (const report of first) {
      expect(report.created).toBe(true);
      expect(report.skipped).toEqual([]);
      // Three records (deps' perEntity) asked of every compiled entity, whatever the template's
      // size; an entity whose unique values run out holds fewer (report.exhausted).
      const template = templates.find((t) => t.id === report.templateId)!;
      expect(report.records).toBeGreaterThanOrEqual(template.entities.filter((e) => !e.draft).length * 2);
    }
    const logins = await loadLogins(db);
    const second = await seedDemoTenants(deps(templates));
    expect(second.every((r) => !r.created && r.records === 0)).toBe(true);
    expect(await loadLogins(db)).toEqual(logins);

    // Account-tier roles hold their memberships in accounts; roles inheriting one another share one.
    for (const template of templates) {
      const slug = `${template.id}-demo`;
      const { rows } = await db.query<{ role: string; accountId: string | null }>(
        `SELECT m."role", m."accountId" FROM "membership" m JOIN "tenant" t ON t."id" = m."tenantId" WHERE t."slug" = $1`,
        [slug],
      );
      const byRole = new Map(rows.map((r) => [r.role, r.accountId]));
      for (const role of template.roles)
        expect(byRole.get(role.name) !== null, role.name).toBe(role.tier === "account");
      for (const members of accountGroups(template).values())
        expect(new Set(members.map((m) => byRole.get(m))).size, members.join(",")).toBe(1);
    }
  });
});

/** A small template of our own, never seen by the seeder's authors. */
function tinyTemplate(id: string, extra: Record<string, unknown> = {}): { ir: TemplateIR; registry: TemplateRegistry } {
  const result = compileTemplateText(
    JSON.stringify({
      id,
      version: "1.0.0",
      title: { en: "Tiny" },
      locales: ["en"],
      roles: { keeper: { label: { en: "Keeper" }, tier: "account", inherits: ["account-owner"] } },
      entities: {
        Shelf: {
          id: "ent_shelf",
          scope: "account",
          schema: {
            type: "object",
            required: ["label"],
            properties: {
              label: { "x-id": "fld_label", type: "string", maxLength: 80 },
              lowest: { "x-id": "fld_lowest", type: "integer", minimum: 0, maximum: 10 },
              highest: { "x-id": "fld_highest", type: "integer", minimum: 0, maximum: 10, "x-gte": "lowest" },
              ...extra,
            },
          },
        },
        Tag: {
          id: "ent_tag",
          scope: "tenant",
          schema: {
            type: "object",
            required: ["flag"],
            properties: { flag: { "x-id": "fld_flag", type: "boolean", "x-unique": true } },
          },
        },
      },
    }),
    `${id}.json`,
  );
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  return { ir: result.ir, registry: buildTemplateRegistry(result.ir) };
}

/** Creates a template's tables as its migration would: the Prisma schema diff from the core's. */
async function createTables(template: TemplateIR) {
  const core = buildPrismaSchema({ templates: [] }).prisma;
  await db.exec(await diffSchemas(core, buildPrismaSchema({ templates: [template] }).prisma));
}

describe("a template the seeder never saw", () => {
  test("dies half-way: nothing is left; the next run seeds it whole", async () => {
    const { ir, registry: template } = tinyTemplate("crash-once");
    await createTables(ir);
    let calls = 0;
    const crashing: SampleRecord = (schema, seed, options) => {
      if (++calls === 4) throw new Error("power cut");
      return sampleCreateRecord(schema, seed, options);
    };
    await expect(seedDemoTenants(deps([template], crashing))).rejects.toThrow("power cut");
    const after = await db.query(`SELECT 1 FROM "tenant" WHERE "slug" = 'crash-once-demo'`);
    expect(after.rowCount, "the half-seeded tenant was rolled back").toBe(0);
    expect((await loadLogins(db)).filter((l) => l.scope === "crash-once-demo")).toEqual([]);

    const [report] = await seedDemoTenants(deps([template], sampleCreateRecord, 6));
    expect(report.created).toBe(true);
    // Six shelves (lowest ≤ highest in every one), and the two tags a unique boolean allows.
    expect(report.records).toBe(6 + 2);
    expect(report.exhausted).toEqual(["Tag"]);
    expect(report.skipped).toEqual([]);
    const shelves = await db.query<{ lowest: number | null; highest: number | null }>(
      `SELECT "lowest", "highest" FROM "crash_once_shelf"`,
    );
    expect(shelves.rowCount).toBe(6);
    for (const s of shelves.rows)
      if (s.lowest !== null && s.highest !== null) expect(s.highest).toBeGreaterThanOrEqual(s.lowest);
  });

  test("a record that cannot be written is reported and skipped; the others are written", async () => {
    const { ir, registry: template } = tinyTemplate("bad-draws");
    await createTables(ir);
    // Every other Shelf draw breaks its schema (a label far too long): the seeder skips those.
    const sometimesBad: SampleRecord = (schema, seed, options) => {
      const drawn = sampleCreateRecord(schema, seed, options);
      return options.entityName === "Shelf" && seed % 2 === 0
        ? { ok: true, record: { ...drawn.record, label: "x".repeat(500) } }
        : drawn;
    };
    const [report] = await seedDemoTenants(deps([template], sometimesBad, 4));
    expect(report.created).toBe(true);
    const shelves = await db.query(
      `SELECT 1 FROM "bad_draws_shelf" s JOIN "tenant" t ON t."id" = s."tenantId" WHERE t."slug" = 'bad-draws-demo'`,
    );
    expect(shelves.rowCount).toBe(4);
    // Draws that failed were drawn again; none was fatal, and nothing was reported as lost.
    expect(report.skipped).toEqual([]);

    const alwaysBad: SampleRecord = (schema, seed, options) =>
      options.entityName === "Shelf"
        ? { ok: false, record: {}, problems: ["label: no value satisfies its schema"] }
        : sampleCreateRecord(schema, seed, options);
    const never = tinyTemplate("never-good");
    await createTables(never.ir);
    const [worse] = await seedDemoTenants(deps([never.registry], alwaysBad, 2));
    expect(worse.created).toBe(true);
    expect(worse.skipped).toEqual([
      { entity: "Shelf", reason: "no valid sample: label: no value satisfies its schema" },
      { entity: "Shelf", reason: "no valid sample: label: no value satisfies its schema" },
    ]);
    expect(worse.records).toBe(2); // the Tags
  });
});
