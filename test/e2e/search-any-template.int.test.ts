/**
 * Property: `q=` works for templates it has never seen. Random templates drawn from the
 * meta-schema (test/support/random-template.ts) compile; their tables are created from the
 * generated migration itself (the Prisma diff plus the full-text, trigram and array GIN
 * indexes, `CREATE EXTENSION pg_trgm` included) on a real PostgreSQL database; the demo seeder
 * fills one tenant per template; then, for every entity with searchable text, a word taken
 * from a stored record's searchable field finds that record (with a snippet on request, when
 * PostgreSQL's parser reads it as a word), and every searchable text column carries its
 * full-text and trigram indexes. (Tenant isolation and index use: runtime/test/crud-search.)
 */
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileTemplateText, sampleCreateRecord, type TemplateIR } from "../../engine/src/index.ts";
import { searchKind } from "../../engine/src/contract/search.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform } from "../../generated/registry.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import { createEntityStores, createSeedWriter, type EntityStores } from "../../runtime/src/crud/index.ts";
import { createPostgresDatabase, type Database } from "../../runtime/src/db/database.ts";
import { seedDemoTenants, type DemoTenantReport } from "../../runtime/src/demo/seed-demo.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { createRuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";
import { templateArb } from "../support/random-template.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const COUNT = Number(process.env.MONO_PROPERTY_COUNT ?? 40);
const SEED = Number(process.env.MONO_PROPERTY_SEED ?? 20_261_202);
const PER_ENTITY = 4;

let database: TestDatabase;
let db: Database;
let stores: EntityStores;
let registries: TemplateRegistry[];
let reports: DemoTenantReport[];
const tenantIds: string[] = [];

beforeAll(async () => {
  const irs: TemplateIR[] = [];
  for (let i = 0; irs.length < COUNT && i < COUNT * 5; i++) {
    const raw = fc.sample(templateArb(i), { numRuns: 1, seed: SEED + i })[0];
    const result = compileTemplateText(JSON.stringify(raw), `random-${i}.json`);
    if (!result.ok) throw new Error(`random template ${i} (seed ${SEED + i}) does not compile`);
    // Only templates with something to search: the property is about search.
    if (result.ir.entities.some((e) => !e.draft && e.fields.some((f) => searchKind(f) === "text"))) irs.push(result.ir);
  }
  registries = irs.map(buildTemplateRegistry);
  database = await createTestDatabase();
  const migration = await buildMigration(null, buildPrismaSchema({ templates: irs }));
  expect(migration.up).toContain("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(migration.up);
  await client.end();
  db = createPostgresDatabase(database.url);
  stores = createEntityStores(db, createRuntimeRegistry(registries, platform));
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
  for (const report of reports) {
    const { rows } = await db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [report.slug]);
    tenantIds.push(rows[0].id);
  }
}, 600_000);

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

/** ASCII words of 3+ characters (what every configuration's parser reads as one word). */
const wordsOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value])
    .filter((v): v is string => typeof v === "string")
    .flatMap((v) => v.match(/(?<![\p{L}\p{N}])[A-Za-z]{3,}(?![\p{L}\p{N}])/gu) ?? []);

describe(`q= on ${COUNT} random templates (seed ${SEED})`, () => {
  test("a word of a stored record's searchable field finds it, with a snippet", async () => {
    let searched = 0;
    let snippets = 0;
    for (const [i, template] of registries.entries()) {
      for (const entity of template.entities.filter((e) => !e.draft)) {
        const fields = entity.fields.filter((f) => searchKind(f) === "text").map((f) => f.name);
        if (!fields.length) continue;
        const { data } = await stores.list(tenantIds[i], template.id, entity.name, { limit: 100 });
        for (const record of data) {
          const field = fields.find((f) => wordsOf(record[f]).length);
          if (!field) continue;
          const word = wordsOf(record[field])[0];
          const found = await stores.list(tenantIds[i], template.id, entity.name, {
            q: word,
            highlight: true,
            limit: 100,
          });
          const hit = found.data.find((r) => r.id === record.id);
          expect(hit, `${template.id}/${entity.name}.${field} q=${word}`).toBeDefined();
          // A snippet when the word is a word of the text as PostgreSQL parses it (in a URL it
          // may not be: then the trigram fallback found the record, and there is nothing to mark).
          const { rows: parsed } = await db.query<{ lexeme: boolean }>(
            `SELECT to_tsvector('simple', $1) @@ to_tsquery('simple', $2) AS lexeme`,
            [record[field], `'${word.toLowerCase()}':*`],
          );
          const snippet = (hit!._highlight as Record<string, string>)[field];
          if (parsed[0].lexeme) {
            expect(snippet, `${template.id}/${entity.name}.${field} q=${word}`).toMatch(/<b>/);
            snippets++;
          } else expect(snippet).toBeUndefined();
          searched++;
          break;
        }
      }
    }
    expect(searched).toBeGreaterThan(COUNT / 4);
    expect(snippets).toBeGreaterThan(COUNT / 8);
  });

  test("every searchable text field has its full-text and trigram indexes", async () => {
    for (const template of registries) {
      for (const entity of template.entities.filter((e) => !e.draft)) {
        const fields = entity.fields.filter((f) => searchKind(f) === "text");
        if (!fields.length) continue;
        const { rows } = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = $1`, [
          entity.table,
        ]);
        for (const f of fields) {
          const column = f.columns[0].name;
          const on = rows.filter((r) => r.indexdef.includes(`"${column}"`) || r.indexdef.includes(`(${column},`));
          expect(
            on.filter((r) => r.indexdef.includes("to_tsvector('simple'")).length,
            `${entity.table}.${column}`,
          ).toBe(1);
          expect(on.filter((r) => r.indexdef.includes("gin_trgm_ops")).length, `${entity.table}.${column}`).toBe(1);
        }
      }
    }
  });
});
