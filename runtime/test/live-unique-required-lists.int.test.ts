/**
 * Unique keys of a soft-deleting entity count live rows only, on PostgreSQL, with a template of
 * this test's own: a deleted record's unique value (an `x-unique` field, a unique entity index
 * over two fields) can be used again, while two live records with it are refused with 409 and
 * pointers at the key's fields. An entity without soft delete keeps its plain unique key. The
 * generated migration states the keys as partial unique indexes (`WHERE "deletedAt" IS NULL`).
 * Required array fields are NOT NULL columns, and the migration that makes a list required
 * turns the NULLs of rows written before into empty lists.
 */
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTemplatesDir, compileTemplateText, storageColumns } from "../../engine/src/index.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import type { TemplateIR } from "../../engine/src/index.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { detectDataLoss, measureDataLoss } from "../../generators/src/migrations/data-loss.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import { allTemplates, client, createTenant, setupPostgres, type CrudEnv, type Inject } from "./crud-support.ts";

const label = (en: string) => ({ en });
const schema = (prefix: string) => ({
  type: "object",
  required: ["code"],
  properties: {
    code: { "x-id": `fld_${prefix}_code`, type: "string", maxLength: 40, "x-unique": true },
    shelf: { "x-id": `fld_${prefix}_shelf`, type: "string", maxLength: 10 },
    slot: { "x-id": `fld_${prefix}_slot`, type: "integer" },
  },
});
/** The template's first version: the crate's `labels` list is optional (its column nullable). */
const withLabels = (required: boolean) => {
  const raw = structuredClone(RAW);
  const crate = raw.entities.Crate.schema as { required: string[]; properties: Record<string, object> };
  crate.properties.labels = { "x-id": "fld_crate_labels", type: "array", items: { type: "string", maxLength: 20 } };
  if (required) crate.required.push("labels");
  return raw;
};
const RAW = {
  id: "bin-keeper",
  version: "1.0.0",
  title: label("Bin keeper"),
  locales: ["en"],
  entities: {
    Crate: {
      id: "ent_crate",
      label: label("Crate"),
      scope: "tenant",
      softDelete: true,
      schema: schema("crate"),
      indexes: [{ id: "ix_crate_place", fields: ["shelf", "slot"], unique: true }],
    },
    Tag: { id: "ent_tag", label: label("Tag"), scope: "tenant", schema: schema("tag") },
  },
};

let env: CrudEnv & { testDb: { url: string } };
let call: Inject;
let up = "";
let listUp = "";
let listWarnings: unknown[] = [];
const url = (api: string, rest = "") => `/api/v1/tenant/entities/bin-keeper:${api}${rest}`;
const create = (api: string, payload: object) => call({ method: "POST", url: url(api), payload });
const pointers = (body: { errors?: { pointer: string }[] }) => body.errors?.map((e) => e.pointer);

const compile = (raw: object) => {
  const compiled = compileTemplateText(JSON.stringify(raw), "bin-keeper.json");
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
  return compiled.ir;
};
let tenantId = "";
let irs: TemplateIR[] = [];

beforeAll(async () => {
  const [v1, v2] = [compile(withLabels(false)), compile(withLabels(true))];
  const registry: TemplateRegistry = buildTemplateRegistry(v2);
  env = await setupPostgres([...allTemplates, registry]);
  const shipped = await compileTemplatesDir(path.resolve(import.meta.dirname, "..", "..", "industry-templates"));
  if (!shipped.ok) throw new Error("shipped templates do not compile");
  irs = [...shipped.app.templates, v2];
  const [base, first, second] = [[], [v1], [v2]].map((own) =>
    buildPrismaSchema({ templates: [...shipped.app.templates, ...own] }),
  );
  const sql = new pg.Client({ connectionString: env.testDb.url });
  await sql.connect();
  const v1Up = (await buildMigration(base, first)).up;
  up = v1Up;
  await sql.query(v1Up);
  const tenant = await createTenant(env.db, "bins", ["bin-keeper"]);
  tenantId = tenant.id;
  // A row from before the list was required, holding NULL in it.
  await sql.query(`INSERT INTO "bin_keeper_crate" ("tenantId", "code", "labels") VALUES ($1, 'OLD', NULL)`, [tenantId]);
  const v2Migration = await buildMigration(first, second);
  listUp = v2Migration.up;
  listWarnings = v2Migration.warnings;
  await sql.query(v2Migration.up);
  await sql.end();
  call = client(env.app, tenant);
}, 120_000);
afterAll(() => env?.close());

describe("unique keys of a soft-deleting entity hold among live records only", () => {
  it("the migration makes the soft-deleting entity's keys partial and leaves the other's plain", () => {
    expect(up).toContain(
      `CREATE UNIQUE INDEX "uq_bin_keeper_ent_crate_fld_crate_code" ON "bin_keeper_crate" ("tenantId", "code") WHERE "deletedAt" IS NULL;`,
    );
    expect(up).toMatch(/ON "bin_keeper_crate" \("tenantId", "shelf", "slot"\) WHERE "deletedAt" IS NULL;/);
    expect(up).toMatch(
      /CREATE UNIQUE INDEX "uq_bin_keeper_ent_tag_fld_tag_code" ON "bin_keeper_tag"\("tenantId", "code"\);/,
    );
  });

  it("a deleted record's unique value can be used again; two live ones are refused with 409 and a pointer", async () => {
    const first = await create("crates", { code: "A-1", shelf: "north", slot: 1, labels: [] });
    expect(first.statusCode).toBe(201);
    const twin = await create("crates", { code: "A-1", labels: [] });
    expect(twin.statusCode).toBe(409);
    expect(twin.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(pointers(twin.json())).toEqual(["/body/code"]);
    const place = await create("crates", { code: "A-2", shelf: "north", slot: 1, labels: [] });
    expect(place.statusCode).toBe(409);
    expect(pointers(place.json())).toEqual(["/body/shelf", "/body/slot"]);

    expect((await call({ method: "DELETE", url: url("crates", `/${first.json().id}`) })).statusCode).toBe(204);
    const again = await create("crates", { code: "A-1", shelf: "north", slot: 1, labels: [] });
    expect(again.statusCode).toBe(201);
    const { rows } = await env.db.query<{ live: boolean }>(
      `SELECT "deletedAt" IS NULL AS live FROM "bin_keeper_crate" WHERE "code" = 'A-1' ORDER BY "createdAt"`,
    );
    expect(rows, "the deleted record is still there").toEqual([{ live: false }, { live: true }]);
    const third = await create("crates", { code: "A-1", labels: [] });
    expect(third.statusCode).toBe(409);
    expect(pointers(third.json())).toEqual(["/body/code"]);
  });

  it("a migration's partial unique index counts duplicates among the live rows only", async () => {
    const [partial] = detectDataLoss(
      `CREATE UNIQUE INDEX "u" ON "bin_keeper_crate" ("tenantId", "code") WHERE "deletedAt" IS NULL;`,
    );
    expect(partial.where).toBe(`"deletedAt" IS NULL`);
    const plain = { ...partial, where: undefined };
    // A-1 is held by a deleted and a live crate: a duplicate for a plain index, none for the partial one.
    const counts = (await measureDataLoss(env.db, [partial, plain])).map((m) => m.count);
    expect(counts).toEqual([0, 2]);
  });

  it("an update onto a live record's value is refused with 409 too", async () => {
    await create("crates", { code: "B-1", labels: [] });
    const other = (await create("crates", { code: "B-2", labels: [] })).json().id;
    const moved = await call({ method: "PATCH", url: url("crates", `/${other}`), payload: { code: "B-1" } });
    expect(moved.statusCode).toBe(409);
    expect(pointers(moved.json())).toEqual(["/body/code"]);
  });

  it("an entity without soft delete keeps its plain key", async () => {
    expect((await create("tags", { code: "T-1" })).statusCode).toBe(201);
    const twin = await create("tags", { code: "T-1" });
    expect(twin.statusCode).toBe(409);
    expect(pointers(twin.json())).toEqual(["/body/code"]);
  });
});

describe("required lists are NOT NULL columns", () => {
  it("the migration that makes a list required keeps the rows that held NULL, as empty lists", async () => {
    expect(listUp).toContain(`UPDATE "bin_keeper_crate" SET "labels" = '{}' WHERE "labels" IS NULL;`);
    expect(listWarnings, "the backfill leaves nothing to lose").toEqual([]);
    const { rows } = await env.db.query(`SELECT "labels" FROM "bin_keeper_crate" WHERE "code" = 'OLD'`);
    expect(rows).toEqual([{ labels: [] }]);
    await expect(
      env.db.query(`UPDATE "bin_keeper_crate" SET "labels" = NULL WHERE "code" = 'OLD'`),
    ).rejects.toMatchObject({ code: "23502" });
  });

  it("every required list of every template (shipped and this one) is NOT NULL in the catalog", async () => {
    const lists = irs.flatMap((t) =>
      t.entities
        .filter((e) => !e.draft)
        .flatMap((e) =>
          e.fields
            .filter((f) => f.kind === "array" && f.required && !f.nullable && f.computed === null)
            .map((f) => ({ table: e.tableName, column: storageColumns(f)[0].name })),
        ),
    );
    expect(lists).toContainEqual({ table: "bin_keeper_crate", column: "labels" });
    const { rows } = await env.db.query<{ table: string; column: string; notNull: boolean }>(
      `SELECT c.relname AS "table", a.attname AS "column", a.attnotnull AS "notNull"
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND a.attndims > 0 AND NOT a.attisdropped`,
    );
    const nullable = lists.filter((l) => !rows.find((r) => r.table === l.table && r.column === l.column)?.notNull);
    expect(nullable).toEqual([]);
    const optional = rows.find((r) => r.table === "bin_keeper_crate" && r.column === "labels");
    expect(optional?.notNull).toBe(true);
  });
});
