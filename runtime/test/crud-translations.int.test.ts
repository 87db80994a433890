/**
 * Translatable fields (`x-translatable`) on PostgreSQL, with a template of this test's own whose
 * default locale is not English: `?locale=` reads a locale with the fallback chain (locale asked
 * for → tenant default → template default, the column), writes in a locale go to the row's
 * `translations` (a create fills the columns too), validation of a locale's values uses the
 * field's rules with pointers, a bad locale is a 400 at `/query/locale`, filters and search act
 * on the column, includes and draft entities follow the locale, and `Content-Language` says the
 * locale a response is in. One shipped template with translatable fields is read the same way.
 */
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTemplatesDir, compileTemplateText } from "../../engine/src/index.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import {
  allTemplates,
  client,
  createSamples,
  createTenant,
  setupPostgres,
  type CrudEnv,
  type Inject,
} from "./crud-support.ts";

const words = (fr: string, en: string, nl: string) => ({ fr, en, nl });
const RAW = {
  id: "trail-almanac",
  version: "1.0.0",
  title: words("Almanach", "Almanac", "Almanak"),
  locales: ["fr", "en", "nl"],
  defaultLocale: "fr",
  entities: {
    Region: {
      id: "ent_region",
      label: words("Région", "Region", "Regio"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: {
            "x-id": "fld_region_title",
            type: "string",
            maxLength: 20,
            "x-translatable": true,
            "x-label": words("Titre", "Title", "Titel"),
            "x-errorMessages": { maxLength: words("Trop long", "Too long", "Te lang") },
          },
          code: { "x-id": "fld_region_code", type: "string", maxLength: 8, "x-label": words("Code", "Code", "Code") },
        },
      },
      relations: {
        trails: { id: "rel_region_trails", to: "Trail", kind: "one-to-many", inverse: "region" },
      },
    },
    Trail: {
      id: "ent_trail",
      label: words("Sentier", "Trail", "Pad"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["name"],
        properties: {
          name: {
            "x-id": "fld_trail_name",
            type: "string",
            maxLength: 30,
            "x-translatable": true,
            "x-searchable": true,
            "x-label": words("Nom", "Name", "Naam"),
          },
          notes: {
            "x-id": "fld_trail_notes",
            type: ["string", "null"],
            maxLength: 40,
            "x-translatable": true,
            "x-label": words("Notes", "Notes", "Notities"),
          },
          lengthKm: { "x-id": "fld_trail_length", type: "integer", minimum: 0, "x-label": words("km", "km", "km") },
        },
      },
      relations: {
        region: { id: "rel_trail_region", to: "Region", kind: "many-to-one", onDelete: "cascade" },
      },
    },
    Tip: {
      id: "ent_tip",
      label: words("Astuce", "Tip", "Tip"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["text"],
        properties: {
          text: {
            "x-id": "fld_tip_text",
            type: "string",
            maxLength: 25,
            "x-translatable": true,
            "x-label": words("Texte", "Text", "Tekst"),
          },
        },
      },
    },
  },
};

const TOKEN = "translations-admin-token";
let env: CrudEnv & { testDb: { url: string } };
let call: Inject;
let sql: pg.Client;
const url = (api: string, rest = "") => `/api/v1/tenant/entities/trail-almanac:${api}${rest}`;

beforeAll(async () => {
  const compiled = compileTemplateText(JSON.stringify(RAW), "trail-almanac.json");
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
  const registry = structuredClone(buildTemplateRegistry(compiled.ir)) as TemplateRegistry;
  // Tip stays a draft: its records live in draft_record as JSONB.
  (registry.entities.find((e) => e.name === "Tip") as { draft: boolean }).draft = true;
  env = await setupPostgres([...allTemplates, registry], { adminToken: TOKEN });
  const shipped = await compileTemplatesDir(path.resolve(import.meta.dirname, "..", "..", "industry-templates"));
  if (!shipped.ok) throw new Error("shipped templates do not compile");
  const withTrails = { ...compiled.ir, entities: compiled.ir.entities.filter((e) => e.name !== "Tip") };
  const migration = await buildMigration(
    buildPrismaSchema({ templates: shipped.app.templates }),
    buildPrismaSchema({ templates: [...shipped.app.templates, withTrails] }),
  );
  expect(migration.up).toMatch(/"translations" JSONB NOT NULL DEFAULT '\{\}'/);
  sql = new pg.Client({ connectionString: env.testDb.url });
  await sql.connect();
  await sql.query(migration.up);
  call = client(env.app, await createTenant(env.db, "trails", ["trail-almanac", ...allTemplates.map((t) => t.id)]));
}, 120_000);
afterAll(async () => {
  await sql?.end();
  await env?.close();
});

const create = async (api: string, payload: object, query = "") => {
  const response = await call({ method: "POST", url: url(api, query), payload });
  expect(response.statusCode, response.body).toBe(201);
  return response;
};
const read = async (api: string, rest: string) => {
  const response = await call({ method: "GET", url: url(api, rest) });
  expect(response.statusCode, response.body).toBe(200);
  return response;
};
const stored = async (table: string, id: string) =>
  (await sql.query(`SELECT * FROM "${table}" WHERE "id" = $1`, [id])).rows[0];

describe("reading and writing a locale", () => {
  it("a write in a locale stores the translatable fields in translations; reads fall back along the chain", async () => {
    const made = await create("trails", { name: "Col des Aigles", notes: "Venteux", lengthKm: 12 });
    expect(made.headers["content-language"]).toBe("fr");
    const id = made.json().id;
    const patched = await call({
      method: "PATCH",
      url: url("trails", `/${id}?locale=en`),
      payload: { name: "Eagle Pass", lengthKm: 13 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.headers["content-language"]).toBe("en");
    // The record as the locale sees it: its own name, the column's notes (no English notes yet).
    expect(patched.json()).toMatchObject({ name: "Eagle Pass", notes: "Venteux", lengthKm: 13 });
    const row = await stored("trail_almanac_trail", id);
    expect(row).toMatchObject({ name: "Col des Aigles", notes: "Venteux", lengthKm: 13 });
    expect(row.translations).toEqual({ en: { name: "Eagle Pass" } });

    expect((await read("trails", `/${id}`)).json().name).toBe("Col des Aigles");
    expect((await read("trails", `/${id}?locale=fr`)).json().name).toBe("Col des Aigles");
    const english = await read("trails", `/${id}?locale=en`);
    expect(english.headers["content-language"]).toBe("en");
    expect(english.json()).toMatchObject({ name: "Eagle Pass", notes: "Venteux" });
    // Dutch has no text: the template's default locale (the column) answers.
    const dutch = await read("trails", `/${id}?locale=nl&fields=name`);
    expect(dutch.headers["content-language"]).toBe("nl");
    expect(dutch.json()).toEqual({ id, name: "Col des Aigles" });
    // The default locale writes the column and leaves the translations alone.
    await call({ method: "PATCH", url: url("trails", `/${id}?locale=fr`), payload: { name: "Col des Aigles Est" } });
    expect((await stored("trail_almanac_trail", id)).translations).toEqual({ en: { name: "Eagle Pass" } });
    expect((await read("trails", `/${id}?locale=en`)).json().name).toBe("Eagle Pass");
  });

  it("null removes a locale's text (it falls back again); other locales' texts stay", async () => {
    const id = (await create("trails", { name: "Lac Vert", notes: "Calme" })).json().id;
    await call({
      method: "PATCH",
      url: url("trails", `/${id}?locale=nl`),
      payload: { notes: "Rustig", name: "Groen" },
    });
    await call({ method: "PATCH", url: url("trails", `/${id}?locale=en`), payload: { notes: "Quiet" } });
    const cleared = await call({ method: "PATCH", url: url("trails", `/${id}?locale=nl`), payload: { notes: null } });
    expect(cleared.json()).toMatchObject({ name: "Groen", notes: "Calme" });
    expect((await stored("trail_almanac_trail", id)).translations).toEqual({
      nl: { name: "Groen" },
      en: { notes: "Quiet" },
    });
  });

  it("a create in another locale fills the columns and that locale's translations", async () => {
    const made = await create("trails", { name: "Heide Route", notes: null, lengthKm: 4 }, "?locale=nl");
    expect(made.headers["content-language"]).toBe("nl");
    const row = await stored("trail_almanac_trail", made.json().id);
    expect(row).toMatchObject({ name: "Heide Route", notes: null });
    expect(row.translations).toEqual({ nl: { name: "Heide Route" } });
  });

  it("bulk writes act in the locale too", async () => {
    const id = (await create("trails", { name: "Val Sombre" })).json().id;
    const response = await call({
      method: "POST",
      url: url("trails", "/bulk?locale=en"),
      payload: { create: [{ name: "Bright Vale" }], update: [{ id, name: "Dark Vale" }] },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers["content-language"]).toBe("en");
    const [made, updated] = response.json().results;
    expect(updated).toMatchObject({ status: 200, record: { name: "Dark Vale" } });
    expect(await stored("trail_almanac_trail", id)).toMatchObject({
      name: "Val Sombre",
      translations: { en: { name: "Dark Vale" } },
    });
    expect((await stored("trail_almanac_trail", made.id)).translations).toEqual({ en: { name: "Bright Vale" } });
  });

  it("lists and includes are read in the locale; filters and search act on the column", async () => {
    const region = (await create("regions", { title: "Alpes", code: "alp" })).json().id;
    await call({ method: "PATCH", url: url("regions", `/${region}?locale=en`), payload: { title: "Alps" } });
    const trail = (await create("trails", { name: "Crête Blanche", regionId: region })).json().id;
    await call({ method: "PATCH", url: url("trails", `/${trail}?locale=en`), payload: { name: "White Ridge" } });

    const list = await read("trails", `?locale=en&filter[regionId][eq]=${region}&include=region`);
    expect(list.headers["content-language"]).toBe("en");
    expect(list.json().data).toEqual([
      expect.objectContaining({ id: trail, name: "White Ridge", region: expect.objectContaining({ title: "Alps" }) }),
    ]);
    const get = await read("regions", `/${region}?locale=en&include=trails`);
    expect(get.json()).toMatchObject({ title: "Alps", trails: [{ name: "White Ridge" }] });

    // The column's text matches, in any locale; the translation's does not.
    const byColumn = await read("trails", `?locale=en&filter[name][eq]=${encodeURIComponent("Crête Blanche")}`);
    expect(byColumn.json().data.map((r: { id: string }) => r.id)).toEqual([trail]);
    expect(byColumn.json().data[0].name).toBe("White Ridge");
    expect((await read("trails", `?locale=en&filter[name][eq]=White%20Ridge`)).json().data).toEqual([]);
    expect((await read("trails", `?q=blanche&locale=en`)).json().data.map((r: { id: string }) => r.id)).toEqual([
      trail,
    ]);
    expect((await read("trails", `?q=white&locale=en`)).json().data).toEqual([]);
  });

  it("draft entities keep translations in their JSONB and read them the same way", async () => {
    const made = await create("tips", { text: "Partez tôt" });
    const id = made.json().id;
    const patched = await call({
      method: "PATCH",
      url: url("tips", `/${id}?locale=en`),
      payload: { text: "Start early" },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().text).toBe("Start early");
    expect((await read("tips", `/${id}`)).json().text).toBe("Partez tôt");
    expect((await read("tips", `?locale=en`)).json().data.map((r: { text: string }) => r.text)).toEqual([
      "Start early",
    ]);
    expect((await read("tips", `/${id}?locale=nl`)).json().text).toBe("Partez tôt");
    const { rows } = await sql.query(`SELECT "data" FROM "draft_record" WHERE "id" = $1`, [id]);
    expect(rows[0].data).toMatchObject({ text: "Partez tôt", translations: { en: { text: "Start early" } } });
  });
});

describe("bad input", () => {
  it("a locale the template does not declare is a 400 at /query/locale, on reads and writes", async () => {
    const id = (await create("trails", { name: "Gorges" })).json().id;
    for (const [method, rest] of [
      ["GET", "?locale=de"],
      ["GET", `/${id}?locale=EN`],
      ["PATCH", `/${id}?locale=de`],
      ["POST", "?locale=xx"],
      ["GET", "?locale=en&locale=nl"],
    ] as const) {
      const response = await call({ method, url: url("trails", rest), payload: method === "GET" ? undefined : {} });
      expect(response.statusCode, `${method} ${rest}`).toBe(400);
      expect(response.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(response.json().errors).toEqual([
        { pointer: "/query/locale", message: "must be one of the template's locales: fr, en, nl" },
      ]);
    }
    expect((await stored("trail_almanac_trail", id)).translations).toEqual({});
  });

  it("a locale's values pass the field's rules, with pointers and the template's messages", async () => {
    const region = (await create("regions", { title: "Jura" })).json().id;
    const response = await call({
      method: "PATCH",
      url: url("regions", `/${region}?locale=nl`),
      payload: { title: "x".repeat(21) },
      headers: { "accept-language": "nl" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ pointer: "/body/title", message: "Te lang" }]);
    const trail = (await create("trails", { name: "Doubs" })).json().id;
    const notNull = await call({ method: "PATCH", url: url("trails", `/${trail}?locale=en`), payload: { name: null } });
    expect(notNull.statusCode).toBe(400);
    expect(notNull.json().errors[0].pointer).toBe("/body/name");
    expect((await stored("trail_almanac_region", region)).translations).toEqual({});
  });

  it("entities without translatable fields have no locale parameter", async () => {
    const shipped = allTemplates.flatMap((t) => t.entities.map((e) => ({ t, e })));
    const plain = shipped.find(({ e }) => !e.draft && !e.fields.some((f) => f.translatable))!;
    const response = await call({
      method: "GET",
      url: `/api/v1/tenant/entities/${plain.t.id}:${plain.e.apiName}?locale=en`,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toEqual({ pointer: "/query/locale", message: "is not a known parameter" });
    expect(response.headers["content-language"]).toBeUndefined();
  });
});

describe("the tenant's default locale", () => {
  it("is set on the platform API and joins the chain between the locale asked for and the template's", async () => {
    const admin = { authorization: `Bearer ${TOKEN}` };
    const made = await env.app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: admin,
      payload: { slug: "trails-nl", name: "Paden", defaultLocale: "nl" },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().defaultLocale).toBe("nl");
    const bad = await env.app.inject({
      method: "PATCH",
      url: "/api/v1/platform/tenants/trails-nl",
      headers: admin,
      payload: { defaultLocale: "dutch" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toMatch(/^\/body\/defaultLocale/);
    const tenantId = made.json().id;
    await sql.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, $3)`, [
      tenantId,
      "trail-almanac",
      "1.0.0",
    ]);
    const nl: Inject = (o) =>
      env.app.inject({ ...o, headers: { "x-tenant": "trails-nl", ...o.headers }, payload: o.payload as object });

    // Without ?locale, writes and reads act in Dutch; English asked for falls back to Dutch, then the column.
    const created = await nl({ method: "POST", url: url("trails"), payload: { name: "Duinpad", notes: "Zand" } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers["content-language"]).toBe("nl");
    const id = created.json().id;
    await nl({ method: "PATCH", url: url("trails", `/${id}?locale=fr`), payload: { name: "Sentier des dunes" } });
    await nl({ method: "PATCH", url: url("trails", `/${id}`), payload: { notes: "Veel zand" } });
    expect((await stored("trail_almanac_trail", id)).translations).toEqual({
      nl: { name: "Duinpad", notes: "Veel zand" },
    });
    const plain = await nl({ method: "GET", url: url("trails", `/${id}`) });
    expect(plain.headers["content-language"]).toBe("nl");
    expect(plain.json()).toMatchObject({ name: "Duinpad", notes: "Veel zand" });
    await nl({ method: "PATCH", url: url("trails", `/${id}?locale=en`), payload: { name: "Dune path" } });
    expect((await nl({ method: "GET", url: url("trails", `/${id}?locale=en`) })).json()).toMatchObject({
      name: "Dune path",
      notes: "Veel zand",
    });
    expect((await nl({ method: "GET", url: url("trails", `/${id}?locale=fr`) })).json()).toMatchObject({
      name: "Sentier des dunes",
      notes: "Zand",
    });

    // Unset again: the template's default locale.
    const unset = await env.app.inject({
      method: "PATCH",
      url: "/api/v1/platform/tenants/trails-nl",
      headers: admin,
      payload: { defaultLocale: null },
    });
    expect(unset.json().defaultLocale).toBeNull();
    const after = await nl({ method: "GET", url: url("trails", `/${id}`) });
    expect(after.headers["content-language"]).toBe("fr");
    expect(after.json().name).toBe("Sentier des dunes");
  });
});

describe("a shipped template's translatable fields", () => {
  it("read and write a second locale the same way", async () => {
    const template = allTemplates.find(
      (t) => t.locales.length > 1 && t.entities.some((e) => !e.draft && e.fields.some((f) => f.translatable)),
    )!;
    const other = template.locales.find((l) => l !== template.defaultLocale)!;
    const entity = template.entities.find(
      (e) => !e.draft && e.relations.every((r) => !r.required) && e.fields.some((f) => f.translatable && !f.readOnly),
    )!;
    const field = entity.fields.find((f) => f.translatable && !f.readOnly)!;
    const [record] = await createSamples(call, template.id, entity, new Map(), 1);
    const path = `/api/v1/tenant/entities/${template.id}:${entity.apiName}/${record.id as string}`;
    const text = `${other}-${"t".repeat(Math.min(8, (field.maxLength ?? 20) - 3))}`;
    const patched = await call({ method: "PATCH", url: `${path}?locale=${other}`, payload: { [field.name]: text } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.headers["content-language"]).toBe(other);
    expect((await call({ method: "GET", url: `${path}?locale=${other}` })).json()[field.name]).toBe(text);
    expect((await call({ method: "GET", url: path })).json()[field.name]).toEqual(record[field.name] ?? null);
  });
});
