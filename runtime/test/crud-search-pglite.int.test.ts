/**
 * `q=` on the embedded PGlite (the default database of `npm start`): the generated migration
 * (pg_trgm, the per-language GIN indexes) applies, and the first shipped entity with
 * searchable text finds stemmed, prefix and misspelled words, ranks, pages over the rank,
 * highlights, stays in its tenant and refuses bad `q` with a pointer.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { EntityRegistry, FieldRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
import { buildApp } from "../src/app.ts";
import { createPgliteDatabase, type Database } from "../src/db/database.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { allTemplates, client, createSamples, createTenant, creationOrder, MIGRATIONS, url } from "./crud-support.ts";

const freeText = (f: FieldRegistry) =>
  f.searchable &&
  f.kind === "string" &&
  f.format === null &&
  f.enumValues === null &&
  !f.readOnly &&
  !f.unique &&
  (f.maxLength === null || f.maxLength >= 60);

let db: Database;
let app: FastifyInstance;
let template: TemplateRegistry;
let entity: EntityRegistry;
let field: string;
const ids: Record<string, string> = {};
let path: (rest?: string) => string;
let call: ReturnType<typeof client>;
let callOther: ReturnType<typeof client>;

beforeAll(async () => {
  db = createPgliteDatabase(await createTestPglite({ migrations: MIGRATIONS }));
  await migrateUp(db, MIGRATIONS);
  app = await buildApp({ db, registry: createRuntimeRegistry(allTemplates, platform), rateLimit: false });
  const tenant = await createTenant(db, "lite-search");
  const other = await createTenant(db, "lite-search-b");
  call = client(app, tenant);
  callOther = client(app, other);
  template = allTemplates.find((t) => t.entities.some((e) => !e.draft && e.fields.some(freeText)))!;
  entity = creationOrder(template).find((e) => !e.draft && e.fields.some(freeText))!;
  field = entity.fields.find(freeText)!.name;
  path = (rest = "") => url(`${template.id}:${entity.apiName}`, rest);
  const texts = {
    plain: "Silver photographer studio",
    twice: "Photographers gather in the silver city of silver",
    other: "Unrelated words entirely",
  };
  const order = creationOrder(template);
  for (const [c, names] of [
    [call, ["plain", "twice", "other"]],
    [callOther, ["foreign"]],
  ] as const) {
    const made = new Map<string, string[]>();
    for (const dep of order.slice(0, order.indexOf(entity)))
      if (!dep.draft) await createSamples(c, template.id, dep, made, 1);
    const records = await createSamples(c, template.id, entity, made, names.length);
    for (const [i, name] of names.entries()) {
      const text = name === "foreign" ? "Silver photographer elsewhere" : texts[name as keyof typeof texts];
      const r = await c({ method: "PATCH", url: path(`/${records[i].id}`), payload: { [field]: text } });
      expect(r.statusCode, r.body).toBe(200);
      ids[name] = records[i].id as string;
    }
  }
}, 180_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

type Page = { data: { id: string; _highlight?: Record<string, string> }[]; page: { nextCursor: string | null } };
const get = async (query: string) => {
  const r = await call({ method: "GET", url: path(`?${query}`) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Page;
};
const idsOf = (p: Page) => p.data.map((r) => r.id);

it("has pg_trgm and the locales' text-search configurations", async () => {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`,
  );
  expect(rows[0].n).toBe(1);
  const configs = await db.query<{ cfgname: string }>(`SELECT cfgname FROM pg_ts_config`);
  expect(configs.rows.map((r) => r.cfgname)).toEqual(expect.arrayContaining(["simple", "english", "german"]));
  const { rows: indexes } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%to_tsvector%'`,
    [entity.table],
  );
  expect(indexes[0].n).toBeGreaterThan(0);
});

it("finds stemmed, prefix and misspelled words, in rank order, in the caller's tenant", async () => {
  expect(new Set(idsOf(await get("q=photographer")))).toEqual(new Set([ids.plain, ids.twice]));
  expect(new Set(idsOf(await get("q=phot")))).toEqual(new Set([ids.plain, ids.twice]));
  expect(idsOf(await get("q=photograpehr"))).toContain(ids.plain);
  expect(idsOf(await get("q=silver"))).toEqual([ids.twice, ids.plain]);
  const first = await get("q=silver&limit=1");
  expect(idsOf(first)).toEqual([ids.twice]);
  expect(idsOf(await get(`q=silver&limit=1&cursor=${encodeURIComponent(first.page.nextCursor!)}`))).toEqual([
    ids.plain,
  ]);
  const theirs = (await callOther({ method: "GET", url: path("?q=silver") })).json() as Page;
  expect(idsOf(theirs)).toEqual([ids.foreign]);
});

it("highlights and refuses bad q", async () => {
  const lit = await get("q=silver&highlight=true");
  expect(lit.data.find((r) => r.id === ids.twice)?._highlight?.[field]).toBe(
    "Photographers gather in the <b>silver</b> city of <b>silver</b>",
  );
  for (const q of ["", "!!!", "x".repeat(201)]) {
    const r = await call({ method: "GET", url: path(`?q=${q}`) });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/query/q"]);
  }
});
