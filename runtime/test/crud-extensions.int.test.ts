/**
 * Tenant extension fields (JSONB, validated at run time) and bulk writes, against PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  client,
  createTenant,
  setupPostgres,
  url,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";

type Page = { data: { name: string; stageName: string }[]; page: { nextCursor: string | null } };

let env: CrudEnv;
let a: TestTenant;
let b: TestTenant;
let callA: Inject;
let callB: Inject;

const venue = (i: number, extra: Record<string, unknown> = {}) => ({
  name: `Venue ${i}`,
  slug: `venue-${i}`,
  venueType: "clubhouse",
  location: { address: { line1: `Street ${i}`, city: "Zurich", countryCode: "CH" }, lat: 47.3, lng: 8.5 },
  city: "Zurich",
  capacity: 10 * i,
  ...extra,
});

const EXTENSION = {
  properties: {
    vipLevel: { type: "integer", minimum: 1, maximum: 5, "x-label": { en: "VIP level" } },
    wifiCode: { type: "string", maxLength: 20 },
    openedOn: { type: "string", format: "date" },
    lastAudit: { type: "string", format: "date-time" },
    tags: { type: "array", items: { enum: ["quiet", "view", "garden"] } },
    featured: { type: "boolean", default: false },
  },
  required: ["vipLevel"],
};

beforeAll(async () => {
  env = await setupPostgres();
  a = await createTenant(env.db, "ext-a");
  b = await createTenant(env.db, "ext-b");
  callA = client(env.app, a);
  callB = client(env.app, b);
});
afterAll(() => env?.close());

const extensions = (entity: string) => `/api/v1/tenant/extensions/${entity}`;

describe("extension fields", () => {
  it("starts empty and rejects bad definitions with pointers", async () => {
    expect((await callA({ method: "GET", url: extensions("venues") })).json()).toEqual({
      properties: {},
      required: [],
    });
    const cases: [unknown, string][] = [
      [{ properties: { city: { type: "string" } } }, "/body/properties/city"],
      [{ properties: { createdAt: { type: "string" } } }, "/body/properties/createdAt"],
      [{ properties: { "bad name": { type: "string" } } }, "/body/properties/bad name"],
      [{ properties: { x: { type: "object" } } }, "/body/properties/x/type"],
      [{ properties: { x: { type: "string", pattern: "a+" } } }, "/body/properties/x/pattern"],
      [
        { properties: { x: { type: "array", items: { type: "array", items: { type: "string" } } } } },
        "/body/properties/x/items/type",
      ],
      [{ properties: { x: { type: "string" } }, required: ["y"] }, "/body/required/0"],
      [{ properties: { x: { type: "integer", maximum: 3, default: 9 } } }, "/body/properties/x/default"],
      [{ properties: { x: { enum: [] } } }, "/body/properties/x/enum"],
      [{ properties: {}, extra: 1 }, "/body/extra"],
      [[], "/body"],
    ];
    for (const [body, pointer] of cases) {
      const response = await callA({ method: "PUT", url: extensions("venues"), payload: body });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        response.json().errors.map((e: { pointer: string }) => e.pointer),
        JSON.stringify(body),
      ).toContain(pointer);
    }
  });

  it("defines fields that records then carry, validated, as top-level keys", async () => {
    const put = await callA({ method: "PUT", url: extensions("venues"), payload: EXTENSION });
    expect(put.statusCode, put.body).toBe(200);
    expect((await callA({ method: "GET", url: extensions("venues") })).json()).toEqual(EXTENSION);
    const schemas = (await callA({ method: "GET", url: "/api/v1/tenant/schemas/venues" })).json();
    expect(schemas.create.required).toContain("vipLevel");
    expect(schemas.create.properties.vipLevel).toEqual({ type: "integer", minimum: 1, maximum: 5 });
    expect(schemas.output.properties.wifiCode).toEqual({
      anyOf: [{ type: "string", maxLength: 20 }, { type: "null" }],
    });
    expect(schemas.update.required).toBeUndefined();

    const missing = await callA({ method: "POST", url: url("venues"), payload: venue(1) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ pointer: "/body/vipLevel", message: "is required" }]);
    const invalid = await callA({
      method: "POST",
      url: url("venues"),
      payload: venue(1, { vipLevel: 7, tags: ["loud"], lastAudit: "yesterday" }),
    });
    expect(
      invalid
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/body/lastAudit", "/body/tags/0", "/body/vipLevel"]);

    const made = [];
    const extras = [
      {
        vipLevel: 3,
        wifiCode: "abc",
        openedOn: "2020-01-01",
        lastAudit: "2024-05-01T12:00:00+02:00",
        tags: ["quiet", "view"],
        featured: true,
      },
      { vipLevel: 5, openedOn: "2021-06-01", tags: ["garden"] },
      { vipLevel: 1, lastAudit: "2024-05-01T09:30:00Z" },
      { vipLevel: 3, tags: ["view"] },
    ];
    for (const [i, extra] of extras.entries()) {
      const response = await callA({ method: "POST", url: url("venues"), payload: venue(i + 1, extra) });
      expect(response.statusCode, response.body).toBe(201);
      made.push(response.json());
    }
    expect(made[0]).toMatchObject({
      name: "Venue 1",
      vipLevel: 3,
      wifiCode: "abc",
      tags: ["quiet", "view"],
      featured: true,
      lastAudit: "2024-05-01T10:00:00.000Z",
    });
    expect(made[1]).toMatchObject({ wifiCode: null, featured: false, lastAudit: null });
    const { rows } = await env.db.query(`SELECT "ext" FROM "luxury_club_venue" WHERE "id" = $1`, [made[1].id]);
    expect(rows[0].ext).toEqual({ vipLevel: 5, openedOn: "2021-06-01", tags: ["garden"], featured: false });

    const names = async (query: string) => {
      const response = await callA({ method: "GET", url: url("venues", `?${query}`) });
      expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
      return response.json().data.map((r: { name: string }) => r.name);
    };
    expect((await names("filter[vipLevel][gte]=3&sort=name")).sort()).toEqual(["Venue 1", "Venue 2", "Venue 4"]);
    expect(await names("sort=-vipLevel,name")).toEqual(["Venue 2", "Venue 1", "Venue 4", "Venue 3"]);
    expect(await names("filter[tags][has]=view&sort=name")).toEqual(["Venue 1", "Venue 4"]);
    expect(await names("filter[tags][hasSome]=garden,quiet&sort=name")).toEqual(["Venue 1", "Venue 2"]);
    expect(await names("filter[openedOn][lt]=2021-01-01")).toEqual(["Venue 1"]);
    expect(await names("filter[lastAudit][gte]=2024-05-01T09:45:00Z")).toEqual(["Venue 1"]);
    expect(await names("filter[lastAudit][between]=2024-05-01T11:00:00%2B02:00,2024-05-01T11:45:00%2B02:00")).toEqual([
      "Venue 3",
    ]);
    expect(await names("filter[featured][eq]=true")).toEqual(["Venue 1"]);
    expect((await names("filter[wifiCode][isNull]=true")).sort()).toEqual(["Venue 2", "Venue 3", "Venue 4"]);
    expect(await names("filter[wifiCode][contains]=B")).toEqual(["Venue 1"]);
    expect(
      (await callA({ method: "GET", url: url("venues", "?filter[vipLevel][gte]=high") })).json().errors[0].pointer,
    ).toBe("/query/filter/vipLevel/gte");

    // Keyset pages over an extension sort key.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await callA({
          method: "GET",
          url: url("venues", `?sort=-vipLevel,name&limit=1${cursor ? `&cursor=${cursor}` : ""}`),
        })
      ).json() as Page;
      seen.push(...page.data.map((r: { name: string }) => r.name));
      cursor = page.page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Venue 2", "Venue 1", "Venue 4", "Venue 3"]);

    const patched = await callA({
      method: "PATCH",
      url: url("venues", `/${made[0].id}`),
      payload: { vipLevel: 4, wifiCode: null, capacity: 99 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ vipLevel: 4, wifiCode: null, capacity: 99, tags: ["quiet", "view"] });
    expect(
      (await callA({ method: "PATCH", url: url("venues", `/${made[0].id}`), payload: { vipLevel: null } })).statusCode,
    ).toBe(400);
  });

  it("is invisible to other tenants", async () => {
    expect((await callB({ method: "GET", url: extensions("venues") })).json()).toEqual({
      properties: {},
      required: [],
    });
    const create = await callB({ method: "POST", url: url("venues"), payload: venue(9, { vipLevel: 2 }) });
    expect(create.statusCode).toBe(400);
    expect(create.json().errors).toEqual([{ pointer: "/body/vipLevel", message: "is not a known field" }]);
    const ok = await callB({ method: "POST", url: url("venues"), payload: venue(9) });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).not.toHaveProperty("vipLevel");
    expect((await callB({ method: "GET", url: url("venues", "?filter[vipLevel][eq]=2") })).statusCode).toBe(400);
    expect(
      (await callB({ method: "GET", url: "/api/v1/tenant/schemas/venues" })).json().create.properties,
    ).not.toHaveProperty("vipLevel");
  });

  it("drops fields from records when the definition drops them (values stay stored)", async () => {
    expect(
      (
        await callA({
          method: "PUT",
          url: extensions("venues"),
          payload: { properties: { wifiCode: { type: "string" } } },
        })
      ).statusCode,
    ).toBe(200);
    const list = (await callA({ method: "GET", url: url("venues", "?sort=name&limit=1") })).json();
    expect(list.data[0]).not.toHaveProperty("vipLevel");
    expect(list.data[0]).toHaveProperty("wifiCode");
    expect((await callA({ method: "PUT", url: extensions("venues"), payload: { properties: {} } })).statusCode).toBe(
      200,
    );
    expect(
      (await callA({ method: "GET", url: url("venues", "?sort=name&limit=1") })).json().data[0],
    ).not.toHaveProperty("wifiCode");
  });
});

describe("bulk", () => {
  const category = (i: number, extra: Record<string, unknown> = {}) => ({
    name: `Category ${i}`,
    slug: `bulk-${i}`,
    icon: "x",
    color: "#000000",
    ...extra,
  });
  const countBulk = async () =>
    (
      await callA({ method: "GET", url: url("job-categories", "?filter[slug][startsWith]=bulk-&total=true&limit=100") })
    ).json();

  it("creates with partial success: each item in its own savepoint", async () => {
    const response = await callA({
      method: "POST",
      url: url("job-categories", "/bulk"),
      payload: {
        create: [
          category(1),
          category(2, { sortOrder: "x" }),
          category(3),
          category(1),
          category(4, { tenantId: b.id }),
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 201, 409, 400]);
    expect(body.results[1].errors).toEqual([{ pointer: "/body/create/1/sortOrder", message: "must be integer" }]);
    expect(body.results[3].errors[0].pointer).toBe("/body/create/3/slug");
    expect(body.results[0].record).toMatchObject({ name: "Category 1", slug: "bulk-1" });
    expect(body).toMatchObject({ succeeded: 2, failed: 3 });
    const after = await countBulk();
    expect(after.page.total).toBe(2);
    expect(after.data.map((r: { slug: string }) => r.slug).sort()).toEqual(["bulk-1", "bulk-3"]);
  });

  it("updates and deletes with partial success", async () => {
    const [one, three] = (await countBulk()).data.sort((x: { slug: string }, y: { slug: string }) =>
      x.slug.localeCompare(y.slug),
    );
    const missing = "00000000-0000-4000-8000-000000000000";
    const update = await callA({
      method: "POST",
      url: url("job-categories", "/bulk"),
      payload: {
        update: [
          { id: one.id, name: "Renamed" },
          { id: missing, name: "Ghost" },
          { id: three.id, sortOrder: "x" },
          { name: "No id" },
          { id: three.id, slug: "bulk-1" },
        ],
      },
    });
    expect(update.json().results.map((r: { status: number }) => r.status)).toEqual([200, 404, 400, 400, 409]);
    expect(update.json().results[3].errors[0].pointer).toBe("/body/update/3/id");
    const renamed = (await callA({ method: "GET", url: url("job-categories", `/${one.id}`) })).json();
    expect(renamed.name).toBe("Renamed");
    expect((await callA({ method: "GET", url: url("job-categories", `/${three.id}`) })).json().slug).toBe("bulk-3");

    const remove = await callA({
      method: "POST",
      url: url("job-categories", "/bulk"),
      payload: { delete: [one.id, missing, "nope"] },
    });
    expect(remove.json().results.map((r: { status: number }) => r.status)).toEqual([204, 404, 400]);
    expect((await countBulk()).page.total).toBe(1);
  });

  it("checks foreign keys per item and refuses malformed or oversized batches", async () => {
    const foreign =
      (await callB({ method: "GET", url: url("job-categories", "?limit=1") })).json().data[0]?.id ??
      "00000000-0000-4000-8000-000000000001";
    const ownCategory = (await countBulk()).data[0].id;
    const job = (categoryId: string) => ({
      title: "Bulk job",
      jobType: "casting",
      description: "A job posted in a bulk request.",
      startDate: "2030-01-01T10:00:00Z",
      categoryId,
    });
    const jobs = await callA({
      method: "POST",
      url: url("jobs", "/bulk"),
      payload: { create: [job(ownCategory), job(foreign)] },
    });
    expect(jobs.json().results.map((r: { status: number }) => r.status)).toEqual([201, 422]);
    expect(jobs.json().results[1].errors).toEqual([
      { pointer: "/body/create/1/categoryId", message: "does not reference an existing JobCategory" },
    ]);
    for (const payload of [
      {},
      { create: "x" },
      { upsert: [] },
      [],
      { create: Array.from({ length: 501 }, (_, i) => category(1000 + i)) },
    ]) {
      const response = await callA({ method: "POST", url: url("job-categories", "/bulk"), payload });
      expect(response.statusCode, JSON.stringify(payload).slice(0, 50)).toBe(400);
    }
  });
});
