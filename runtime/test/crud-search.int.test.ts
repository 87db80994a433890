/**
 * Full-text search (`q=`) against PostgreSQL, for every shipped template: in each, the first
 * entity with `x-searchable` text fields (picked from the registry, never by name) gets
 * records with known text in one such field; then stemmed and prefix matches, the trigram
 * fallback for a misspelling, ranking, cursor paging over the rank, explicit sorts, highlighted
 * snippets, tenant isolation, the generated GIN indexes serving the very statement the runtime
 * runs, and 400s with `/query/q` pointers for bad input.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityRegistry, FieldRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { buildView } from "../src/crud/model/build-view.ts";
import { searchSql } from "../src/crud/sql/search-sql.ts";
import { compileList, listParams } from "../src/crud/sql/compile-list.ts";
import { CursorCodec } from "../src/crud/sql/cursor.ts";
import { parseListQuery } from "../src/crud/query/parse-list-query.ts";
import {
  allTemplates,
  client,
  createSamples,
  createTenant,
  creationOrder,
  setupPostgres,
  url,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";
import type { TestDatabase } from "../../test/support/postgres.ts";

let env: CrudEnv & { testDb: TestDatabase };
let tenant: TestTenant;
let other: TestTenant;
let call: Inject;
let callOther: Inject;

/** A free-text field a test can write any sentence of up to 60 characters into. */
const freeText = (f: FieldRegistry) =>
  f.searchable &&
  f.kind === "string" &&
  f.format === null &&
  f.enumValues === null &&
  !f.readOnly &&
  !f.unique &&
  (f.maxLength === null || f.maxLength >= 60) &&
  !("pattern" in f && (f as { pattern?: unknown }).pattern);

interface Case {
  template: TemplateRegistry;
  entity: EntityRegistry;
  field: string;
  path: (rest?: string) => string;
  ids: Record<"plain" | "twice" | "other" | "foreign", string>;
}
const cases: Case[] = [];

const TEXT = {
  plain: "Silver photographer studio",
  twice: "Photographers gather in the silver city of silver",
  other: "Unrelated words entirely",
  foreign: "Silver photographer of the other tenant",
};

async function seed(template: TemplateRegistry, entity: EntityRegistry, field: string): Promise<Case> {
  const made = { [tenant.id]: new Map<string, string[]>(), [other.id]: new Map<string, string[]>() };
  const ids: Record<string, string> = {};
  const order = creationOrder(template);
  const upTo = order.slice(0, order.indexOf(entity));
  for (const [t, c] of [
    [tenant, call],
    [other, callOther],
  ] as const) {
    for (const dep of upTo) if (!dep.draft) await createSamples(c, template.id, dep, made[t.id], 1, 1);
    const names = t === tenant ? (["plain", "twice", "other"] as const) : (["foreign"] as const);
    const records = await createSamples(c, template.id, entity, made[t.id], names.length, 1);
    for (const [i, name] of names.entries()) {
      const id = records[i].id as string;
      const path = url(`${template.id}:${entity.apiName}`, `/${id}`);
      const patched = await c({ method: "PATCH", url: path, payload: { [field]: TEXT[name] } });
      expect(patched.statusCode, patched.body).toBe(200);
      ids[name] = id;
    }
  }
  return {
    template,
    entity,
    field,
    path: (rest = "") => url(`${template.id}:${entity.apiName}`, rest),
    ids: ids as Case["ids"],
  };
}

beforeAll(async () => {
  env = await setupPostgres();
  tenant = await createTenant(env.db, "search-a");
  other = await createTenant(env.db, "search-b");
  call = client(env.app, tenant);
  callOther = client(env.app, other);
  for (const template of allTemplates) {
    const entity = creationOrder(template).find((e) => !e.draft && e.fields.some(freeText));
    if (!entity) continue;
    cases.push(await seed(template, entity, entity.fields.find(freeText)!.name));
  }
}, 120_000);
afterAll(async () => {
  await env?.close();
});

type Page = {
  data: { id: string; _highlight?: Record<string, string> }[];
  page: { nextCursor: string | null; total?: number };
};
const ids = (body: Page) => body.data.map((r) => r.id);

function problem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(response.statusCode).toBe(400);
  expect(String(response.headers["content-type"])).toContain("application/problem+json");
  return response.json() as { errors: { pointer: string; message: string }[] };
}

describe("q= on every shipped template", () => {
  it("covers every shipped template that has searchable text", () => {
    const searchable = allTemplates.filter((t) => t.entities.some((e) => !e.draft && e.fields.some(freeText)));
    expect(searchable.length).toBeGreaterThan(0);
    expect(cases.map((c) => c.template.id)).toEqual(searchable.map((t) => t.id));
  });

  it("finds stemmed and prefix matches, only in the caller's tenant", async () => {
    for (const c of cases) {
      const full = (await call({ method: "GET", url: c.path("?q=photographer&limit=100") })).json() as Page;
      expect(new Set(ids(full)), c.entity.name).toEqual(new Set([c.ids.plain, c.ids.twice]));
      // a short term: prefix match
      const short = (await call({ method: "GET", url: c.path("?q=phot&limit=100") })).json() as Page;
      expect(new Set(ids(short))).toEqual(new Set([c.ids.plain, c.ids.twice]));
      // every word must match
      const both = (await call({ method: "GET", url: c.path("?q=silver%20gather&limit=100") })).json() as Page;
      expect(ids(both)).toEqual([c.ids.twice]);
      // the other tenant sees only its own record
      const theirs = (await callOther({ method: "GET", url: c.path("?q=photographer&limit=100") })).json() as Page;
      expect(ids(theirs)).toEqual([c.ids.foreign]);
    }
  });

  it("falls back to trigrams for a misspelled word", async () => {
    for (const c of cases) {
      const r = await call({ method: "GET", url: c.path("?q=photograpehr&limit=100") });
      expect(r.statusCode, r.body).toBe(200);
      expect(ids(r.json() as Page)).toContain(c.ids.plain);
      expect(ids(r.json() as Page)).not.toContain(c.ids.other);
      const none = (await call({ method: "GET", url: c.path("?q=zqxjkw&limit=100") })).json() as Page;
      expect(ids(none)).toEqual([]);
    }
  });

  it("orders by rank without a sort, pages over the rank, and keeps an explicit sort", async () => {
    for (const c of cases) {
      const ranked = (await call({ method: "GET", url: c.path("?q=silver&limit=100&total=true") })).json() as Page;
      expect(ids(ranked)).toEqual([c.ids.twice, c.ids.plain]);
      expect(ranked.page.total).toBe(2);
      const first = (await call({ method: "GET", url: c.path("?q=silver&limit=1") })).json() as Page;
      expect(ids(first)).toEqual([c.ids.twice]);
      const second = (
        await call({
          method: "GET",
          url: c.path(`?q=silver&limit=1&cursor=${encodeURIComponent(first.page.nextCursor!)}`),
        })
      ).json() as Page;
      expect(ids(second)).toEqual([c.ids.plain]);
      expect(second.page.nextCursor).toBeNull();
      // a cursor of one search is not a cursor of another
      const reused = await call({
        method: "GET",
        url: c.path(`?q=photographer&limit=1&cursor=${encodeURIComponent(first.page.nextCursor!)}`),
      });
      expect(problem(reused).errors[0].pointer).toBe("/query/cursor");
      const created = (await call({ method: "GET", url: c.path("?q=silver&sort=createdAt") })).json() as Page;
      expect(ids(created)).toEqual([c.ids.plain, c.ids.twice]);
    }
  });

  it("adds highlighted snippets on request only", async () => {
    for (const c of cases) {
      const plain = (await call({ method: "GET", url: c.path("?q=silver") })).json() as Page;
      expect(plain.data.every((r) => !("_highlight" in r))).toBe(true);
      const lit = (await call({ method: "GET", url: c.path("?q=silver&highlight=true") })).json() as Page;
      expect(lit.data).toHaveLength(2);
      for (const r of lit.data) expect(r._highlight?.[c.field]).toMatch(/<b>silver<\/b>/i);
      const twice = lit.data.find((r) => r.id === c.ids.twice)!;
      expect(twice._highlight![c.field]).toBe("Photographers gather in the <b>silver</b> city of <b>silver</b>");
    }
  });

  it("rejects bad q with a /query/q pointer, never a 5xx", async () => {
    const c = cases[0];
    const long = "a".repeat(201);
    for (const q of ["", "%20%20", "!!!%20...", long, "a%20b%20c%20d%20e%20f%20g%20h%20i"]) {
      const body = problem(await call({ method: "GET", url: c.path(`?q=${q}`) }));
      expect(body.errors.map((e) => e.pointer)).toEqual(["/query/q"]);
    }
    expect(problem(await call({ method: "GET", url: c.path("?q=a&q=b") })).errors[0].pointer).toBe("/query/q");
    expect(problem(await call({ method: "GET", url: c.path("?highlight=true") })).errors[0].pointer).toBe(
      "/query/highlight",
    );
    // The default spelled out is no error (Swagger UI's try-it-out sends it).
    expect((await call({ method: "GET", url: c.path("?highlight=false") })).statusCode).toBe(200);
    expect(problem(await call({ method: "GET", url: c.path("?q=a&highlight=yes") })).errors[0].pointer).toBe(
      "/query/highlight",
    );
    // odd Unicode: letters and digits PostgreSQL may not parse as words are a 200, not a 5xx
    for (const q of ["ⅷ ǅ é", "x".repeat(200), "٣٤ 漢字", "e\u0301t\u00e9"]) {
      const r = await call({ method: "GET", url: c.path(`?q=${encodeURIComponent(q)}&highlight=true`) });
      expect(r.statusCode, `${q}: ${r.body}`).toBe(200);
    }
    for (const q of ["😀", "\u0000", "\u200b"])
      expect(problem(await call({ method: "GET", url: c.path(`?q=${encodeURIComponent(q)}`) })).errors[0].pointer).toBe(
        "/query/q",
      );
    // tsquery syntax in q is just text
    const hostile = await call({ method: "GET", url: c.path(`?q=${encodeURIComponent("silver' & !(:* | <->")}`) });
    expect(hostile.statusCode, hostile.body).toBe(200);
    expect(ids(hostile.json() as Page).sort()).toEqual([c.ids.plain, c.ids.twice].sort());
  });

  it("refuses q on an entity without searchable fields", async () => {
    for (const template of allTemplates) {
      const plain = template.entities.find((e) => !e.draft && !e.fields.some((f) => f.searchable));
      if (!plain) continue;
      const body = problem(await call({ method: "GET", url: url(`${template.id}:${plain.apiName}`, "?q=x") }));
      expect(body.errors[0].pointer).toBe("/query/q");
    }
  });

  it("the generated GIN indexes serve the runtime's search expressions", async () => {
    for (const c of cases) {
      // The runtime's own match predicate, alone: with sequential scans off, the planner can
      // only answer it from indexes on exactly these expressions (every OR branch needs one).
      const match = searchSql(buildView(c.template, c.entity, null), "t", 1)
        .match.replaceAll("$2::text", "$1::text")
        .replaceAll("$3::text", "$2::text");
      // In a transaction rolled back afterwards: every other index of the table dropped, so an
      // index scan can only be one of the search indexes, and only if its expression matches.
      const pgc = new pg.Client({ connectionString: env.testDb.url });
      await pgc.connect();
      let plan: string;
      let indexes: { indexname: string; indexdef: string }[];
      try {
        await pgc.query("BEGIN");
        ({ rows: indexes } = await pgc.query<{ indexname: string; indexdef: string }>(
          `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1`,
          [c.entity.table],
        ));
        const { rows: constraints } = await pgc.query<{ conname: string }>(
          `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND conindid <> 0`,
          [c.entity.table],
        );
        for (const k of constraints)
          await pgc.query(`ALTER TABLE "${c.entity.table}" DROP CONSTRAINT "${k.conname}" CASCADE`);
        for (const i of indexes.filter((i) => !/USING gin/.test(i.indexdef)))
          await pgc.query(`DROP INDEX IF EXISTS "${i.indexname}" CASCADE`);
        await pgc.query("SET LOCAL enable_seqscan = off");
        const { rows } = await pgc.query<{ "QUERY PLAN": unknown }>(
          `EXPLAIN (FORMAT JSON) SELECT 1 FROM "${c.entity.table}" AS t WHERE ${match}`,
          ["'silver':*", "silver"],
        );
        plan = JSON.stringify(rows[0]["QUERY PLAN"]);
      } finally {
        await pgc.query("ROLLBACK");
        await pgc.end();
      }
      const fts = indexes.filter((i) => i.indexdef.includes("to_tsvector"));
      const trgm = indexes.filter((i) => i.indexdef.includes("gin_trgm_ops"));
      expect(fts.length).toBeGreaterThan(0);
      expect(trgm.length).toBeGreaterThan(0);
      expect(plan).not.toContain("Seq Scan");
      for (const i of [...fts, ...trgm]) expect(plan, i.indexname).toContain(`"Index Name":"${i.indexname}"`);
    }
  });
});

describe("GIN indexes of array filters", () => {
  it("serve has and hasSome in the runtime's list statement, for every shipped array field that has them", async () => {
    let checked = 0;
    for (const template of allTemplates) {
      for (const entity of template.entities.filter((e) => !e.draft)) {
        for (const field of entity.fields.filter((f) => f.kind === "array" && f.filterOps.includes("has"))) {
          const view = buildView(template, entity, null);
          const candidates = [
            ...(field.enumValues ?? []),
            "1",
            "x",
            "a@b.example",
            "https://x.example/",
            "2024-01-01",
            "00000000-0000-4000-8000-000000000000",
          ];
          for (const op of ["has", "hasSome"]) {
            const plans = candidates.flatMap((value) => {
              try {
                return [parseListQuery({ filter: { [field.name]: { [op]: String(value) } } }, view, new CursorCodec())];
              } catch {
                return [];
              }
            });
            expect(plans.length, `${entity.name}.${field.name}: a value to filter by`).toBeGreaterThan(0);
            const plan = plans[0];
            const text = explainWithout(entity.table, compileList(view, plan).text);
            const explained = await text(listParams(tenant.id, plan));
            const { rows } = await env.db.query<{ indexname: string }>(
              `SELECT indexname FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%USING gin (%' AND (indexdef LIKE $2 OR indexdef LIKE $3)`,
              [entity.table, `%USING gin ("${field.columns[0].name}")`, `%USING gin (${field.columns[0].name})`],
            );
            expect(rows, `${entity.table}.${field.name}`).toHaveLength(1);
            expect(explained, `${entity.name}.${field.name} ${op}`).toContain(`"Index Name":"${rows[0].indexname}"`);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

/**
 * EXPLAIN of `sql` in a transaction that drops every non-GIN index of `table` first (rolled
 * back): with sequential scans off, an index scan in the plan can only be a GIN index.
 */
function explainWithout(table: string, sql: string) {
  return async (params: unknown[]): Promise<string> => {
    const pgc = new pg.Client({ connectionString: env.testDb.url });
    await pgc.connect();
    try {
      await pgc.query("BEGIN");
      const { rows: constraints } = await pgc.query<{ conname: string }>(
        `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND conindid <> 0`,
        [table],
      );
      for (const k of constraints) await pgc.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${k.conname}" CASCADE`);
      const { rows: indexes } = await pgc.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1`,
        [table],
      );
      for (const i of indexes.filter((i) => !/USING gin/.test(i.indexdef)))
        await pgc.query(`DROP INDEX IF EXISTS "${i.indexname}" CASCADE`);
      await pgc.query("SET LOCAL enable_seqscan = off");
      const { rows } = await pgc.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return JSON.stringify(rows[0]["QUERY PLAN"]);
    } finally {
      await pgc.query("ROLLBACK");
      await pgc.end();
    }
  };
}
