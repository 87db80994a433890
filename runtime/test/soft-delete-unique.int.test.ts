/**
 * Unique keys of a soft-deleting entity count live rows only, on PostgreSQL, with a template of
 * this test's own: a deleted record's unique value (an `x-unique` field, a unique entity index
 * over two fields) can be used again, while two live records with it are refused with 409 and
 * pointers at the key's fields. An entity without soft delete keeps its plain unique key. The
 * generated migration states the keys as partial unique indexes (`WHERE "deletedAt" IS NULL`).
 */
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTemplatesDir, compileTemplateText } from "../../engine/src/index.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
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
const url = (api: string, rest = "") => `/api/v1/tenant/entities/bin-keeper:${api}${rest}`;
const create = (api: string, payload: object) => call({ method: "POST", url: url(api), payload });
const pointers = (body: { errors?: { pointer: string }[] }) => body.errors?.map((e) => e.pointer);

beforeAll(async () => {
  const compiled = compileTemplateText(JSON.stringify(RAW), "bin-keeper.json");
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
  const registry: TemplateRegistry = buildTemplateRegistry(compiled.ir);
  env = await setupPostgres([...allTemplates, registry]);
  const shipped = await compileTemplatesDir(path.resolve(import.meta.dirname, "..", "..", "industry-templates"));
  if (!shipped.ok) throw new Error("shipped templates do not compile");
  const migration = await buildMigration(
    buildPrismaSchema({ templates: shipped.app.templates }),
    buildPrismaSchema({ templates: [...shipped.app.templates, compiled.ir] }),
  );
  up = migration.up;
  const sql = new pg.Client({ connectionString: env.testDb.url });
  await sql.connect();
  await sql.query(migration.up);
  await sql.end();
  call = client(env.app, await createTenant(env.db, "bins", ["bin-keeper"]));
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
    const first = await create("crates", { code: "A-1", shelf: "north", slot: 1 });
    expect(first.statusCode).toBe(201);
    const twin = await create("crates", { code: "A-1" });
    expect(twin.statusCode).toBe(409);
    expect(twin.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(pointers(twin.json())).toEqual(["/body/code"]);
    const place = await create("crates", { code: "A-2", shelf: "north", slot: 1 });
    expect(place.statusCode).toBe(409);
    expect(pointers(place.json())).toEqual(["/body/shelf", "/body/slot"]);

    expect((await call({ method: "DELETE", url: url("crates", `/${first.json().id}`) })).statusCode).toBe(204);
    const again = await create("crates", { code: "A-1", shelf: "north", slot: 1 });
    expect(again.statusCode).toBe(201);
    const { rows } = await env.db.query<{ live: boolean }>(
      `SELECT "deletedAt" IS NULL AS live FROM "bin_keeper_crate" WHERE "code" = 'A-1' ORDER BY "createdAt"`,
    );
    expect(rows, "the deleted record is still there").toEqual([{ live: false }, { live: true }]);
    const third = await create("crates", { code: "A-1" });
    expect(third.statusCode).toBe(409);
    expect(pointers(third.json())).toEqual(["/body/code"]);
  });

  it("an update onto a live record's value is refused with 409 too", async () => {
    await create("crates", { code: "B-1" });
    const other = (await create("crates", { code: "B-2" })).json().id;
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
