/**
 * Property: the demo seeder works for templates it has never seen. 200 random templates drawn
 * from the meta-schema (test/support/random-template.ts: random patterns, formats, ranges,
 * items, nested objects, money, measurements, relations, roles, cross-field facts) all compile;
 * their tables are created in one real PostgreSQL database from the generated Prisma schema;
 * then `seedDemoTenants` — the very code `npm start` runs — seeds one demo tenant per template
 * through the CRUD store, and not one record is skipped. Each tenant gets one user per role
 * with its stored demo login, and its records keep the template's cross-field facts.
 */
import { platform } from "../../generated/registry.ts";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileTemplateText, sampleCreateRecord, type TemplateIR } from "../../engine/src/index.ts";
import { diffSchemas } from "../../generators/src/migrations/schema-engine.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { createEntityStores, createSeedWriter } from "../../runtime/src/crud/index.ts";
import { createPostgresDatabase, type Database } from "../../runtime/src/db/database.ts";
import { loadLogins } from "../../runtime/src/demo/demo-logins.ts";
import { demoRoles } from "../../runtime/src/demo/demo-people.ts";
import { seedDemoTenants, type DemoTenantReport } from "../../runtime/src/demo/seed-demo.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { createRuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";
import { templateArb } from "../support/random-template.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const COUNT = Number(process.env.MONO_PROPERTY_COUNT ?? 200);
/** Fixed so a failure reproduces; MONO_PROPERTY_SEED (and MONO_PROPERTY_COUNT) explore others. */
const SEED = Number(process.env.MONO_PROPERTY_SEED ?? 20_261_202);
const PER_ENTITY = 6;

let database: TestDatabase;
let db: Database;
let irs: TemplateIR[];
let registries: TemplateRegistry[];
let reports: DemoTenantReport[];

beforeAll(async () => {
  const raws = Array.from({ length: COUNT }, (_, i) => fc.sample(templateArb(i), { numRuns: 1, seed: SEED + i })[0]);
  irs = raws.map((raw, i) => {
    const result = compileTemplateText(JSON.stringify(raw), `random-${i}.json`);
    if (!result.ok)
      throw new Error(
        `random template ${i} (seed ${SEED + i}) does not compile: ${JSON.stringify(result.diagnostics.filter((d) => d.severity === "error"))}`,
      );
    return result.ir;
  });
  registries = irs.map(buildTemplateRegistry);

  // The tables: the platform's Prisma schema for these templates, as SQL, on a fresh database.
  database = await createTestDatabase();
  const sql = await diffSchemas(null, buildPrismaSchema({ templates: irs }).prisma);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(sql);
  await client.end();

  db = createPostgresDatabase(database.url);
  const stores = createEntityStores(db, createRuntimeRegistry(registries, platform));
  // Real argon2id, at its cheapest: the property is about data, not hashing cost.
  const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1 });
  reports = await seedDemoTenants({
    db,
    templates: registries,
    stores,
    seed: createSeedWriter(stores),
    hash: (password) => hasher.hash(password),
    sample: sampleCreateRecord,
    recordsPerEntity: PER_ENTITY,
  });
}, 600_000);

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

describe(`demo data for ${COUNT} random templates (seed ${SEED})`, () => {
  test("every template gets a demo tenant in which no record was skipped", () => {
    expect(reports.length).toBe(COUNT);
    const skipped = reports.flatMap((r) => r.skipped.map((s) => `${r.templateId}/${s.entity}: ${s.reason}`));
    expect(skipped).toEqual([]);
    expect(reports.flatMap((r) => r.exhausted.map((e) => `${r.templateId}/${e}`))).toEqual([]);
    for (const [i, report] of reports.entries()) {
      expect(report.created).toBe(true);
      const compiled = registries[i].entities.filter((e) => !e.draft).length;
      expect(report.records, report.templateId).toBe(compiled * PER_ENTITY);
    }
  });

  test("the rows are in the database, tenant by tenant, and keep every cross-field fact", async () => {
    let facts = 0;
    for (const [i, template] of registries.entries()) {
      const { rows } = await db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [reports[i].slug]);
      for (const entity of template.entities.filter((e) => !e.draft)) {
        const count = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${entity.table}" WHERE "tenantId" = $1`,
          [rows[0].id],
        );
        expect(count.rows[0].n, `${template.id}/${entity.name}`).toBe(PER_ENTITY);
        for (const fact of entity.comparisons) {
          const columns = (name: string) => entity.fields.find((f) => f.name === name)!.columns;
          const [a, b] = [columns(fact.field)[0].name, columns(fact.than)[0].name];
          const broken = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${entity.table}" WHERE "tenantId" = $1 AND NOT ("${a}" ${fact.op === "gt" ? ">" : ">="} "${b}")`,
            [rows[0].id],
          );
          expect(broken.rows[0].n, `${template.id}/${entity.name}: ${fact.field} ${fact.op} ${fact.than}`).toBe(0);
          facts++;
        }
      }
    }
    // The arbitrary states facts in about a quarter of the entities: the check ran on many.
    expect(facts).toBeGreaterThan(COUNT / 10);
  });

  test("each tenant has a demo login per role: the tenant admin and every template role", async () => {
    const logins = await loadLogins(db);
    for (const [i, template] of registries.entries()) {
      const roles = logins.filter((l) => l.scope === reports[i].slug).map((l) => l.role);
      expect(roles.sort()).toEqual(
        demoRoles(template)
          .map((r) => r.name)
          .sort(),
      );
    }
  });
});
