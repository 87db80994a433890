/**
 * Draft mode: entities flagged `draft` in a (test-altered) registry live in `draft_record` as
 * validated JSONB, behind the very same API, filters, sorts, cursors and references.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import {
  allTemplates,
  client,
  createTenant,
  entityIr,
  setupPostgres,
  url,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";

type Page = { data: { name: string; stageName: string }[]; page: { nextCursor: string | null } };

/**
 * The shipped registry with three luxury-club entities switched back to draft (a compiled
 * entity cannot point at a draft one: its foreign-key constraint names the compiled table).
 */
function draftRegistry(): TemplateRegistry[] {
  const copy = structuredClone(allTemplates) as TemplateRegistry[];
  for (const entity of copy.find((t) => t.id === "luxury-club")!.entities) {
    if (["Venue", "EventCategory", "Event"].includes(entity.name)) (entity as { draft: boolean }).draft = true;
  }
  return copy;
}

let env: CrudEnv;
let a: TestTenant;
let call: Inject;
const venues: Record<string, unknown>[] = [];

const venue = (i: number, extra: Record<string, unknown> = {}) => ({
  name: `Venue ${i}`,
  slug: `venue-${i}`,
  venueType: i % 2 ? "clubhouse" : "rooftop",
  location: {
    address: { line1: `Street ${i}`, city: i < 3 ? "Zurich" : "Geneva", countryCode: "CH" },
    lat: 47.3,
    lng: 8.5,
  },
  city: i < 3 ? "Zurich" : "Geneva",
  capacity: 10 * i,
  ...extra,
});

beforeAll(async () => {
  env = await setupPostgres(draftRegistry());
  a = await createTenant(env.db, "drafts");
  call = client(env.app, a);
  const extras = [
    { amenities: ["valet", "terrace"], rentalRate: { amount: 50000, currency: "CHF" }, seatedCapacity: 8 },
    { amenities: ["pool"], rentalRate: { amount: 90000, currency: "EUR" } },
    { amenities: [], seatedCapacity: 20 },
    { amenities: ["terrace"], rentalRate: { amount: 70000, currency: "CHF" } },
  ];
  for (const [i, extra] of extras.entries()) {
    const response = await call({ method: "POST", url: url("venues"), payload: venue(i + 1, extra) });
    expect(response.statusCode, response.body).toBe(201);
    venues.push(response.json());
  }
});
afterAll(() => env?.close());

async function names(query: string): Promise<string[]> {
  const response = await call({ method: "GET", url: url("venues", `?limit=100&${query}`) });
  expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
  return response.json().data.map((r: { name: string }) => r.name);
}

describe("draft entities", () => {
  it("search with q= (no indexes on JSONB drafts, the same expressions) and highlight", async () => {
    expect((await names("q=venue")).sort()).toEqual(["Venue 1", "Venue 2", "Venue 3", "Venue 4"]);
    expect(await names("q=venue%203")).toEqual(["Venue 3"]);
    const lit = await call({ method: "GET", url: url("venues", "?q=venue%203&highlight=true&fields=name") });
    expect(lit.json().data).toEqual([
      { id: expect.any(String), name: "Venue 3", _highlight: { name: "<b>Venue</b> <b>3</b>" } },
    ]);
  });

  it("store records in draft_record, in the API shape", async () => {
    expect(venues[0]).toMatchObject({
      name: "Venue 1",
      capacity: 10,
      amenities: ["valet", "terrace"],
      rentalRate: { amount: 50000, currency: "CHF" },
      active: true,
      deletedAt: null,
    });
    expect(venues[2]).toMatchObject({ rentalRate: null, description: null });
    const { rows } = await env.db.query(`SELECT "entity", "templateId", "data" FROM "draft_record" WHERE "id" = $1`, [
      venues[0].id,
    ]);
    expect(rows[0]).toMatchObject({
      entity: "Venue",
      templateId: "luxury-club",
      data: { name: "Venue 1", capacity: 10 },
    });
    expect((await env.db.query(`SELECT count(*)::int AS n FROM "luxury_club_venue"`)).rows[0].n).toBe(0);
    expect((await call({ method: "GET", url: url("venues", `/${venues[0].id}`) })).json()).toEqual(venues[0]);
  });

  it("validate like compiled entities", async () => {
    const response = await call({
      method: "POST",
      url: url("venues"),
      payload: venue(9, { capacity: "many", extra: 1 }),
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/body/capacity", "/body/extra"]);
  });

  it.each([
    ["filter[capacity][gte]=20", ["Venue 2", "Venue 3", "Venue 4"]],
    ["filter[capacity][between]=15,35", ["Venue 2", "Venue 3"]],
    ["filter[city][eq]=Zurich", ["Venue 1", "Venue 2"]],
    ["filter[venueType][in]=rooftop", ["Venue 2", "Venue 4"]],
    ["filter[amenities][has]=terrace", ["Venue 1", "Venue 4"]],
    ["filter[amenities][hasSome]=pool,valet", ["Venue 1", "Venue 2"]],
    ["filter[rentalRate.amount][gte]=60000", ["Venue 2", "Venue 4"]],
    ["filter[rentalRate.currency][eq]=CHF", ["Venue 1", "Venue 4"]],
    ["filter[rentalRate][isNull]=true", ["Venue 3"]],
    ["filter[seatedCapacity][isNull]=false", ["Venue 1", "Venue 3"]],
    ["filter[location.address.city][eq]=Geneva", ["Venue 3", "Venue 4"]],
    ["filter[name][contains]=UE 3", ["Venue 3"]],
    ["filter[active][eq]=true", ["Venue 1", "Venue 2", "Venue 3", "Venue 4"]],
  ])("filter %s", async (query, expected) => {
    expect((await names(query)).sort()).toEqual(expected);
  });

  it("sort, page by cursor and by offset", async () => {
    expect(await names("sort=-capacity")).toEqual(["Venue 4", "Venue 3", "Venue 2", "Venue 1"]);
    expect(await names("sort=city,-rentalRate.amount")).toEqual(["Venue 4", "Venue 3", "Venue 2", "Venue 1"]);
    expect(await names("sort=seatedCapacity,name")).toEqual(["Venue 1", "Venue 3", "Venue 2", "Venue 4"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await call({
          method: "GET",
          url: url("venues", `?sort=seatedCapacity,-name&limit=1${cursor ? `&cursor=${cursor}` : ""}`),
        })
      ).json() as Page;
      seen.push(...page.data.map((r: { name: string }) => r.name));
      cursor = page.page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(await names("sort=seatedCapacity,-name"));
    const page = (
      await call({ method: "GET", url: url("venues", "?sort=name&offset=1&limit=2&total=true&fields=name") })
    ).json();
    expect(page).toEqual({
      data: [
        { id: venues[1].id, name: "Venue 2" },
        { id: venues[2].id, name: "Venue 3" },
      ],
      page: { limit: 2, offset: 1, nextCursor: expect.any(String), total: 4 },
    });
    expect((await call({ method: "GET", url: url("venues", "?filter[capacity][gte]=abc") })).statusCode).toBe(400);
  });

  it("patch merges into the JSON and delete follows softDelete", async () => {
    const patched = await call({
      method: "PATCH",
      url: url("venues", `/${venues[0].id}`),
      payload: { capacity: 11, description: "Renovated" },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      capacity: 11,
      description: "Renovated",
      name: "Venue 1",
      rentalRate: { amount: 50000, currency: "CHF" },
      createdAt: venues[0].createdAt,
    });
    expect((await call({ method: "DELETE", url: url("venues", `/${venues[3].id}`) })).statusCode).toBe(204);
    expect(await names("sort=name")).toEqual(["Venue 1", "Venue 2", "Venue 3"]);
    expect(
      (await env.db.query(`SELECT "deletedAt" IS NOT NULL AS gone FROM "draft_record" WHERE "id" = $1`, [venues[3].id]))
        .rows[0].gone,
    ).toBe(true);
    const category = await call({
      method: "POST",
      url: url("event-categories"),
      payload: sampleCreateBody(await entityIr("luxury-club", "EventCategory"), 1),
    });
    expect(category.statusCode, category.body).toBe(201);
    expect((await call({ method: "DELETE", url: url("event-categories", `/${category.json().id}`) })).statusCode).toBe(
      204,
    );
    expect(
      (await env.db.query(`SELECT 1 FROM "draft_record" WHERE "id" = $1`, [category.json().id])).rows,
    ).toHaveLength(0);
  });

  it("reference and include each other, tenant-checked", async () => {
    const category = (
      await call({
        method: "POST",
        url: url("event-categories"),
        payload: sampleCreateBody(await entityIr("luxury-club", "EventCategory"), 2),
      })
    ).json();
    const event = sampleCreateBody(await entityIr("luxury-club", "Event"), 1);
    const made = await call({
      method: "POST",
      url: url("events"),
      payload: { ...event, categoryId: category.id, venueId: venues[1].id },
    });
    expect(made.statusCode, made.body).toBe(201);
    const bad = await call({
      method: "POST",
      url: url("events"),
      payload: { ...event, slug: "other-slug", categoryId: category.id, venueId: venues[3].id },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([{ pointer: "/body/venueId", message: "does not reference an existing Venue" }]);
    const included = (
      await call({ method: "GET", url: url("events", `/${made.json().id}?include=category,venue`) })
    ).json();
    expect(included.category).toMatchObject({ id: category.id, name: category.name });
    expect(included.venue).toMatchObject({
      id: venues[1].id,
      name: "Venue 2",
      rentalRate: { amount: 90000, currency: "EUR" },
    });
    const withEvents = (
      await call({ method: "GET", url: url("event-categories", `/${category.id}?include=events`) })
    ).json();
    expect(withEvents.events.map((e: { id: string }) => e.id)).toEqual([made.json().id]);
    expect(
      (await call({ method: "GET", url: url("events", `?filter[venueId][eq]=${venues[1].id}`) })).json().data,
    ).toHaveLength(1);

    const other = client(env.app, await createTenant(env.db, "drafts-b"));
    expect((await other({ method: "GET", url: url("venues") })).json().data).toEqual([]);
    expect((await other({ method: "GET", url: url("venues", `/${venues[0].id}`) })).statusCode).toBe(404);
    const stolen = await other({ method: "POST", url: url("events"), payload: { ...event, categoryId: category.id } });
    expect(stolen.statusCode).toBe(422);
  });

  it("carry extension fields in the same JSON", async () => {
    const put = await call({
      method: "PUT",
      url: "/api/v1/tenant/extensions/venues",
      payload: { properties: { rating: { type: "number", minimum: 0, maximum: 5 } } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const made = await call({ method: "POST", url: url("venues"), payload: venue(7, { rating: 4.5 }) });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().rating).toBe(4.5);
    expect(await names("filter[rating][gt]=4")).toEqual(["Venue 7"]);
    expect((await names("sort=-rating"))[0]).toBe("Venue 7");
  });
});
