/**
 * The list query language against PostgreSQL: every filter operator with exact result sets,
 * multi-field sorts with NULLs, keyset pagination (also under concurrent inserts), offset and
 * total, field selection, relation includes, and 400s for every kind of bad query.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import {
  client,
  createTenant,
  entityIr,
  setupPostgres,
  url,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";

let env: CrudEnv;
let tenant: TestTenant;
let call: Inject;
const ids: Record<string, string> = {};

const PROFILES: Record<string, Record<string, unknown>> = {
  P1: {
    stageName: "Alice Ray",
    gender: "female",
    dateOfBirth: "1990-05-01",
    height: { value: 170, unit: "cm" },
    city: "Berlin",
    countryCode: "DE",
    yearsExperience: 5,
    hasPassport: true,
    skills: ["dance", "acting"],
    hourlyRate: { amount: 5000, currency: "EUR" },
    socialLinks: { instagram: "https://insta.example/alice" },
  },
  P2: {
    stageName: "Bob_Stone",
    gender: "male",
    dateOfBirth: "1985-01-20",
    height: { value: 185, unit: "cm" },
    city: "Paris",
    countryCode: "FR",
    yearsExperience: 10,
    hasPassport: false,
    skills: ["acting"],
    hourlyRate: { amount: 7000, currency: "USD" },
  },
  P3: {
    stageName: "50% Carla",
    gender: "female",
    dateOfBirth: "2000-12-31",
    height: { value: 68, unit: "in" },
    city: "Berlin",
    countryCode: "DE",
    skills: [],
    socialLinks: { instagram: "https://insta.example/carla", instagramFollowers: 1000 },
  },
  P4: {
    stageName: "Dana\\Back",
    gender: "non-binary",
    dateOfBirth: "1995-07-15",
    height: { value: 160, unit: "cm" },
    city: "Milan",
    countryCode: "IT",
    yearsExperience: 0,
    hasPassport: true,
    skills: ["singing", "dance"],
    hourlyRate: { amount: 5000, currency: "USD" },
  },
  P5: {
    stageName: "alice two",
    gender: "other",
    dateOfBirth: "1990-05-01",
    height: { value: 175, unit: "cm" },
    city: "Paris",
    countryCode: "FR",
    yearsExperience: 5,
    skills: ["dance"],
  },
};
const nameOf = (id: string) => Object.keys(PROFILES).find((k) => ids[k] === id);

async function names(query: string): Promise<string[]> {
  const response = await call({ method: "GET", url: url("model-profiles", `?limit=100&${query}`) });
  expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
  return response
    .json()
    .data.map((r: { id: string }) => nameOf(r.id))
    .sort();
}

async function ordered(query: string): Promise<string[]> {
  const response = await call({ method: "GET", url: url("model-profiles", `?limit=100&${query}`) });
  expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
  return response.json().data.map((r: { id: string }) => nameOf(r.id));
}

async function badQuery(entity: string, query: string) {
  const response = await call({ method: "GET", url: url(entity, `?${query}`) });
  expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
  expect(response.headers["content-type"]).toContain("application/problem+json");
  return response.json() as { code: string; errors: { pointer: string; message: string }[] };
}

beforeAll(async () => {
  env = await setupPostgres();
  tenant = await createTenant(env.db, "query");
  call = client(env.app, tenant);
  for (const [key, payload] of Object.entries(PROFILES)) {
    const response = await call({ method: "POST", url: url("model-profiles"), payload });
    expect(response.statusCode, response.body).toBe(201);
    ids[key] = response.json().id;
  }
});
afterAll(() => env?.close());

describe("filters", () => {
  it.each([
    ["filter[gender][eq]=female", ["P1", "P3"]],
    ["filter[gender]=female", ["P1", "P3"]],
    ["filter[gender][ne]=female", ["P2", "P4", "P5"]],
    ["filter[gender][in]=female,male", ["P1", "P2", "P3"]],
    ["filter[gender][nin]=female,male", ["P4", "P5"]],
    ["filter[city][eq]=Berlin", ["P1", "P3"]],
    ["filter[yearsExperience][gt]=5", ["P2"]],
    ["filter[yearsExperience][gte]=5", ["P1", "P2", "P5"]],
    ["filter[yearsExperience][lt]=5", ["P4"]],
    ["filter[yearsExperience][lte]=5", ["P1", "P4", "P5"]],
    ["filter[yearsExperience][between]=1,9", ["P1", "P5"]],
    ["filter[yearsExperience][eq]=0", ["P4"]],
    ["filter[yearsExperience][ne]=5", ["P2", "P3", "P4"]],
    ["filter[yearsExperience][in]=0,10", ["P2", "P4"]],
    ["filter[yearsExperience][nin]=5", ["P2", "P3", "P4"]],
    ["filter[yearsExperience][isNull]=true", ["P3"]],
    ["filter[yearsExperience][isNull]=false", ["P1", "P2", "P4", "P5"]],
    ["filter[hasPassport][eq]=true", ["P1", "P4"]],
    ["filter[hasPassport][isNull]=true", ["P3", "P5"]],
    ["filter[dateOfBirth][gte]=1990-05-01", ["P1", "P3", "P4", "P5"]],
    ["filter[dateOfBirth][between]=1985-01-01,1990-12-31", ["P1", "P2", "P5"]],
    ["filter[dateOfBirth][lt]=1990-05-01", ["P2"]],
    ["filter[stageName][contains]=ali", ["P1", "P5"]],
    ["filter[stageName][contains]=%25", ["P3"]],
    ["filter[stageName][contains]=_", ["P2"]],
    ["filter[stageName][contains]=%5C", ["P4"]],
    ["filter[stageName][startsWith]=AL", ["P1", "P5"]],
    ["filter[stageName][startsWith]=50%25", ["P3"]],
    ["filter[skills][has]=dance", ["P1", "P4", "P5"]],
    ["filter[skills][hasSome]=acting,singing", ["P1", "P2", "P4"]],
    ["filter[hourlyRate.amount][gte]=6000", ["P2"]],
    ["filter[hourlyRate.currency][eq]=USD", ["P2", "P4"]],
    ["filter[hourlyRate][isNull]=true", ["P3", "P5"]],
    ["filter[height.value][between]=165,180", ["P1", "P5"]],
    ["filter[height.unit][eq]=in", ["P3"]],
    ["filter[socialLinks.instagram][contains]=carla", ["P3"]],
    ["filter[socialLinks.instagramFollowers][eq]=1000", ["P3"]],
    ["filter[socialLinks.instagram][isNull]=false", ["P1", "P3"]],
    ["filter[agencyId][isNull]=true", ["P1", "P2", "P3", "P4", "P5"]],
    ["filter[gender][eq]=female&filter[city][eq]=Berlin&filter[yearsExperience][gte]=1", ["P1"]],
  ])("%s", async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it("one level, `filter[field:op]=value` (OpenAPI's deepObject), answers as the two-level form", async () => {
    for (const [twoLevel, oneLevel] of [
      ["filter[gender][ne]=female", "filter[gender:ne]=female"],
      ["filter[yearsExperience][gte]=5", "filter[yearsExperience:gte]=5"],
      ["filter[gender][in]=female,male", "filter[gender:in]=female,male"],
      ["filter[height.unit][eq]=in", "filter[height.unit:eq]=in"],
      ["filter[socialLinks.instagram][contains]=carla", "filter[socialLinks.instagram:contains]=carla"],
      ["filter[agencyId][isNull]=true", "filter[agencyId:isNull]=true"],
      ["filter[city][eq]=Berlin&filter[yearsExperience][gte]=1", "filter[city]=Berlin&filter[yearsExperience:gte]=1"],
    ]) {
      const expected = await names(twoLevel);
      expect(expected.length, twoLevel).toBeGreaterThan(0);
      expect(await names(oneLevel), oneLevel).toEqual(expected);
    }
    // As a client's serializer sends it: brackets and colon percent-encoded.
    expect(await names("filter%5Bgender%3Ane%5D=female")).toEqual(["P2", "P4", "P5"]);
    expect((await badQuery("model-profiles", "filter[yearsExperience:gte]=abc")).errors).toEqual([
      { pointer: "/query/filter/yearsExperience:gte", message: "must be an integer" },
    ]);
    expect((await badQuery("model-profiles", "filter[gender:gt]=x")).errors[0].message).toMatch(/not an operator/);
    expect((await badQuery("model-profiles", "filter[nope:eq]=1")).errors[0]).toEqual({
      pointer: "/query/filter/nope:eq",
      message: "is not a filterable field",
    });
  });

  it("filters by id and by creation time", async () => {
    expect(await names(`filter[id][in]=${ids.P1},${ids.P2}`)).toEqual(["P1", "P2"]);
    expect(await names(`filter[id][ne]=${ids.P1}`)).toEqual(["P2", "P3", "P4", "P5"]);
    expect(await names(`filter[createdAt][lte]=${new Date(Date.now() + 60_000).toISOString()}`)).toHaveLength(5);
    expect(await names(`filter[createdAt][gt]=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([]);
  });

  it("rejects bad filters with pointers (never a 5xx)", async () => {
    expect((await badQuery("model-profiles", "filter[heightCm][gte]=abc")).errors).toEqual([
      { pointer: "/query/filter/heightCm/gte", message: "must be an integer" },
    ]);
    expect((await badQuery("model-profiles", "filter[nope][eq]=1")).errors[0].pointer).toBe("/query/filter/nope");
    expect((await badQuery("model-profiles", "filter[gender][gt]=x")).errors[0].pointer).toBe(
      "/query/filter/gender/gt",
    );
    expect((await badQuery("model-profiles", "filter[gender][eq]=alien")).errors[0].message).toMatch(/must be one of/);
    expect((await badQuery("model-profiles", "filter[yearsExperience][between]=1")).errors[0].message).toMatch(
      /low,high/,
    );
    expect((await badQuery("model-profiles", "filter[dateOfBirth][eq]=2020-02-30")).errors[0].pointer).toBe(
      "/query/filter/dateOfBirth/eq",
    );
    expect((await badQuery("model-profiles", "filter[id][eq]=1")).errors[0].message).toBe("must be a uuid");
    expect((await badQuery("model-profiles", "filter[hasPassport][isNull]=maybe")).errors[0].message).toBe(
      "must be true or false",
    );
    expect(
      (await badQuery("model-profiles", "filter[stageName][eq]=a&filter[stageName][eq]=b")).errors[0].message,
    ).toMatch(/once/);
    expect((await badQuery("model-profiles", "filter[socialLinks.a'b][eq]=x")).errors[0].pointer).toBe(
      "/query/filter/socialLinks.a'b",
    );
    expect((await badQuery("model-profiles", "filter[yearsExperience][gt]=99999999999")).errors[0].message).toMatch(
      /from -2147483647/,
    );
    expect((await badQuery("model-profiles", "filter[stageName][eq][x]=1")).errors[0].message).toMatch(/once, as text/);
    expect((await badQuery("model-profiles", "filter=1")).errors[0].pointer).toBe("/query/filter");
    await badQuery("model-profiles", "filter[stageName][eq]=a%00b");
    const nul = await call({ method: "PATCH", url: url("model-profiles", `/${ids.P1}`), payload: { bio: "a\u0000b" } });
    expect(nul.statusCode).toBe(400);
    expect((await badQuery("model-profiles", "bogus=1")).errors[0].pointer).toBe("/query/bogus");
  });
});

describe("sorting", () => {
  it("sorts by several fields with NULLs last in both directions", async () => {
    expect(await ordered("sort=city,-yearsExperience")).toEqual(["P1", "P3", "P4", "P2", "P5"]);
    expect(await ordered("sort=-dateOfBirth,stageName")).toEqual(["P3", "P4", "P1", "P5", "P2"]);
    const byRate = await ordered("sort=hourlyRate.amount");
    expect(byRate.slice(0, 2).sort()).toEqual(["P1", "P4"]);
    expect(byRate[2]).toBe("P2");
    expect(byRate.slice(3).sort()).toEqual(["P3", "P5"]);
    expect((await ordered("sort=-yearsExperience")).slice(-1)).toEqual(["P3"]);
  });

  it("rejects unsortable fields", async () => {
    expect((await badQuery("model-profiles", "sort=bogus")).errors[0].pointer).toBe("/query/sort");
    expect((await badQuery("model-profiles", "sort=skills")).errors[0].message).toMatch(/not a sortable/);
    expect((await badQuery("model-profiles", "sort=city,city")).errors[0].message).toMatch(/twice/);
  });
});

describe("pagination", () => {
  it.each([
    "city,-yearsExperience",
    "-hourlyRate.amount,stageName",
    "hasPassport,-dateOfBirth",
    "-createdAt",
    "yearsExperience",
  ])("keyset pages of sort=%s equal the full list", async (sort) => {
    const full = await ordered(`sort=${sort}`);
    for (const limit of [1, 2]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await call({
          method: "GET",
          url: url("model-profiles", `?sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`),
        });
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        seen.push(...body.data.map((r: { id: string }) => nameOf(r.id)));
        cursor = body.page.nextCursor;
      } while (cursor);
      expect(seen, `limit ${limit}`).toEqual(full);
    }
  });

  it("offset pagination and total counts", async () => {
    const page = (
      await call({ method: "GET", url: url("model-profiles", "?sort=stageName&limit=2&offset=2&total=true") })
    ).json();
    expect(page.page).toEqual({ limit: 2, offset: 2, nextCursor: expect.any(String), total: 5 });
    expect(page.data.map((r: { id: string }) => nameOf(r.id))).toEqual((await ordered("sort=stageName")).slice(2, 4));
    const filtered = (
      await call({ method: "GET", url: url("model-profiles", "?filter[gender][eq]=female&total=true") })
    ).json();
    expect(filtered.page.total).toBe(2);
    const beyond = (await call({ method: "GET", url: url("model-profiles", "?offset=50&total=true") })).json();
    expect(beyond).toEqual({ data: [], page: { limit: 20, offset: 50, nextCursor: null, total: 5 } });
    const first = (await call({ method: "GET", url: url("model-profiles", "?limit=2") })).json();
    const second = (
      await call({ method: "GET", url: url("model-profiles", `?limit=2&total=true&cursor=${first.page.nextCursor}`) })
    ).json();
    expect(second.page.total).toBe(5);
    expect(second.data).toHaveLength(2);
  });

  it("rejects bad limits, offsets and cursors", async () => {
    for (const query of ["limit=0", "limit=101", "limit=abc", "offset=-1", "total=yes"])
      await badQuery("model-profiles", query);
    const first = (await call({ method: "GET", url: url("model-profiles", "?limit=2") })).json();
    const cursor: string = first.page.nextCursor;
    const [body, mac] = cursor.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), k: ["x'; DROP TABLE", "y"] }),
    ).toString("base64url");
    for (const bad of ["garbage", `${forged}.${mac}`, `${body}.${mac.slice(0, -2)}AA`, `${body}`, "%00", "a.b.c"]) {
      expect((await badQuery("model-profiles", `limit=2&cursor=${encodeURIComponent(bad)}`)).errors[0].pointer).toBe(
        "/query/cursor",
      );
    }
    // A cursor belongs to its sort and its entity.
    await badQuery("model-profiles", `limit=2&sort=city&cursor=${cursor}`);
    await badQuery("agency-profiles", `limit=2&cursor=${cursor}`);
    await badQuery("model-profiles", `limit=2&offset=2&cursor=${cursor}`);
  });

  it("is stable while rows are inserted concurrently: no duplicates, no skipped rows", async () => {
    const irCategory = await entityIr("modeling-agency", "JobCategory");
    const make = async (i: number) => {
      const response = await call({
        method: "POST",
        url: url("job-categories"),
        payload: { ...sampleCreateBody(irCategory, i), slug: `cat-${i}`, sortOrder: (i * 37) % 100 },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const existing = new Set<string>();
    for (let i = 0; i < 40; i++) existing.add(await make(i));
    let next = 1000;
    for (const sort of ["-createdAt", "sortOrder,name", "-sortOrder"]) {
      let stop = false;
      const inserter = (async () => {
        while (!stop) await make(next++);
      })();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await call({
          method: "GET",
          url: url("job-categories", `?sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ""}`),
        });
        expect(response.statusCode, response.body).toBe(200);
        seen.push(...response.json().data.map((r: { id: string }) => r.id));
        cursor = response.json().page.nextCursor;
        await make(next++); // and one more between every page
      } while (cursor);
      stop = true;
      await inserter;
      expect(new Set(seen).size, `${sort}: duplicates`).toBe(seen.length);
      for (const id of existing) expect(seen, `${sort}: skipped a pre-existing row`).toContain(id);
      for (const id of seen) existing.add(id);
    }
  });
});

describe("field selection and includes", () => {
  const created: Record<string, string> = {};

  beforeAll(async () => {
    const make = async (entity: string, irName: string, extra: Record<string, unknown>, seed = 1) => {
      const response = await call({
        method: "POST",
        url: url(entity),
        payload: { ...sampleCreateBody(await entityIr("modeling-agency", irName), seed), ...extra },
      });
      expect(response.statusCode, `${entity}: ${response.body}`).toBe(201);
      return response.json().id as string;
    };
    created.agency = await make("agency-profiles", "AgencyProfile", {});
    expect(
      (await call({ method: "PATCH", url: url("model-profiles", `/${ids.P1}`), payload: { agencyId: created.agency } }))
        .statusCode,
    ).toBe(200);
    created.collection = await make("collections", "Collection", {});
    await make("collection-items", "CollectionItem", { collectionId: created.collection, modelId: ids.P2 });
    await make("collection-items", "CollectionItem", { collectionId: created.collection, modelId: ids.P1 }, 2);
    created.category = await make("job-categories", "JobCategory", { slug: "include-cat" });
    created.client = await make("client-profiles", "ClientProfile", {});
    created.job = await make("jobs", "Job", { categoryId: created.category, clientId: created.client });
    created.application = await make("applications", "Application", { jobId: created.job, modelId: ids.P1 });
  });

  it("selects fields (id always included)", async () => {
    const list = (await call({ method: "GET", url: url("model-profiles", "?fields=stageName,city&limit=1") })).json();
    expect(Object.keys(list.data[0]).sort()).toEqual(["city", "id", "stageName"]);
    const one = (await call({ method: "GET", url: url("model-profiles", `/${ids.P1}?fields=hourlyRate`) })).json();
    expect(one).toEqual({ id: ids.P1, hourlyRate: { amount: 5000, currency: "EUR" } });
    expect((await badQuery("model-profiles", "fields=stageName,nope")).errors[0].message).toMatch(/"nope"/);
  });

  it("includes many-to-one as an object, one-to-many and many-to-many as arrays", async () => {
    const profile = (
      await call({ method: "GET", url: url("model-profiles", `/${ids.P1}?include=agency,collections,applications`) })
    ).json();
    expect(profile.agency).toMatchObject({ id: created.agency });
    expect(profile.agencyId).toBe(created.agency);
    expect(profile.collections.map((c: { id: string }) => c.id)).toEqual([created.collection]);
    expect(profile.applications.map((a: { id: string }) => a.id)).toEqual([created.application]);
    const collection = (
      await call({ method: "GET", url: url("collections", `/${created.collection}?include=models,items`) })
    ).json();
    expect(collection.models.map((m: { id: string }) => m.id)).toEqual([ids.P2, ids.P1]);
    expect(collection.models[0].height).toEqual({ value: 185, unit: "cm" });
    expect(collection.items).toHaveLength(2);
    const agency = (
      await call({ method: "GET", url: url("agency-profiles", `/${created.agency}?include=models`) })
    ).json();
    expect(agency.models.map((m: { id: string }) => m.id)).toEqual([ids.P1]);
    const list = (
      await call({
        method: "GET",
        url: url(
          "model-profiles",
          `?include=agency&filter[id][in]=${ids.P1},${ids.P2}&sort=stageName&fields=stageName`,
        ),
      })
    ).json();
    expect(list.data.map((r: { agency: unknown }) => r.agency === null)).toEqual([false, true]);
  });

  it("includes two levels deep, not three", async () => {
    const application = (
      await call({
        method: "GET",
        url: url("applications", `/${created.application}?include=job.client,job.category,model`),
      })
    ).json();
    expect(application.job.id).toBe(created.job);
    expect(application.job.client.id).toBe(created.client);
    expect(application.job.category.id).toBe(created.category);
    expect(application.model.stageName).toBe("Alice Ray");
    expect((await badQuery("applications", "include=job.client.jobs")).errors[0].message).toMatch(/deeper than 2/);
    expect((await badQuery("applications", "include=nope")).errors[0].pointer).toBe("/query/include");
  });

  it("filters through relations: many-to-one chains, one-to-many and many-to-many (some related row)", async () => {
    const agencyName = (
      await call({ method: "GET", url: url("agency-profiles", `/${created.agency}?fields=name`) })
    ).json().name as string;
    const list = async (entity: string, query: string) => {
      const response = await call({ method: "GET", url: url(entity, `?limit=100&${query}`) });
      expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
      return response.json().data.map((r: { id: string }) => r.id);
    };
    expect(await names(`filter[agency.name][eq]=${encodeURIComponent(agencyName)}`)).toEqual(["P1"]);
    expect(await names(`filter[agency.name:ne]=${encodeURIComponent(agencyName)}`)).toEqual([]);
    expect(await list("applications", `filter[model.agency.name][eq]=${encodeURIComponent(agencyName)}`)).toEqual([
      created.application,
    ]);
    expect(await list("applications", `filter[job.client.id][eq]=${created.client}`)).toEqual([created.application]);
    expect(await names(`filter[applications.jobId][eq]=${created.job}`)).toEqual(["P1"]);
    expect(await names(`filter[collections.id][eq]=${created.collection}`)).toEqual(["P1", "P2"]);
    expect(await names(`filter[collections.id][eq]=${created.collection}&filter[city]=Paris`)).toEqual(["P2"]);
    const bad = await badQuery("applications", "filter[job.client.jobs.category.name][eq]=x");
    expect(bad.errors[0].pointer).toBe("/query/filter/job.client.jobs.category.name");
    expect((await badQuery("applications", "filter[job.nope][eq]=x")).errors[0].message).toMatch(/not a filterable/);
    expect((await badQuery("applications", "filter[job.startDate][eq]=soon")).errors[0].pointer).toBe(
      "/query/filter/job.startDate/eq",
    );
  });

  it("sorts through many-to-one relations, NULLs (no related record) last, and pages by cursor in that order", async () => {
    const agency = async (name: string) => {
      const response = await call({
        method: "POST",
        url: url("agency-profiles"),
        payload: { ...sampleCreateBody(await entityIr("modeling-agency", "AgencyProfile"), 7), name },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const patch = async (entity: string, id: string, payload: Record<string, unknown>) =>
      expect((await call({ method: "PATCH", url: url(entity, `/${id}`), payload })).statusCode).toBe(200);
    await patch("agency-profiles", created.agency, { name: "Mid Agency" });
    await patch("model-profiles", ids.P2, { agencyId: await agency("Alpha Agency") });
    await patch("model-profiles", ids.P4, { agencyId: await agency("Zulu Agency") });
    const unlinked = ["P3", "P5"].sort((a, b) => (ids[a] < ids[b] ? -1 : 1));
    expect(await ordered("sort=agency.name")).toEqual(["P2", "P1", "P4", ...unlinked]);
    expect(await ordered("sort=-agency.name")).toEqual(["P4", "P1", "P2", ...unlinked.reverse()]);
    // Page by page (limit 2) gives the same order as one page.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await call({
        method: "GET",
        url: url("model-profiles", `?sort=agency.name,stageName&limit=2${cursor ? `&cursor=${cursor}` : ""}`),
      });
      expect(response.statusCode, response.body).toBe(200);
      paged.push(...response.json().data.map((r: { id: string }) => nameOf(r.id)!));
      cursor = response.json().page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(await ordered("sort=agency.name,stageName"));
    // Two hops, and with an include (the page is cut in a subquery first).
    const applications = await call({
      method: "GET",
      url: url("applications", "?sort=-job.client.companyName&include=job&limit=5"),
    });
    expect(applications.statusCode, applications.body).toBe(200);
    expect(applications.json().data[0].id).toBe(created.application);
    // Only where one record is reached, and at most two relations deep.
    const toMany = await badQuery("agency-profiles", "sort=models.stageName");
    expect(toMany.errors[0]).toMatchObject({
      pointer: "/query/sort",
      message: '"models.stageName" is not a sortable field',
    });
    expect((await badQuery("applications", "sort=job.client.jobs.title")).errors[0].pointer).toBe("/query/sort");
    expect((await badQuery("applications", "sort=job.nope")).errors[0].message).toMatch(/not a sortable field/);
    // The published contract's sort pattern says the same.
    const document = JSON.parse(
      readFileSync(path.join(import.meta.dirname, "..", "..", "generated", "modeling-agency", "openapi.json"), "utf8"),
    );
    const pattern = (model: string) =>
      new RegExp(document.components.parameters[`ModelingAgency${model}Sort`].schema.pattern, "u");
    expect(pattern("ModelProfile").test("agency.name,-stageName")).toBe(true);
    expect(pattern("Application").test("-job.client.companyName")).toBe(true);
    expect(pattern("AgencyProfile").test("models.stageName")).toBe(false);
    expect(pattern("Application").test("job.client.jobs.title")).toBe(false);
  });

  it("never includes deleted rows or another tenant's rows", async () => {
    expect((await call({ method: "DELETE", url: url("client-profiles", `/${created.client}`) })).statusCode).toBe(204);
    const job = (await call({ method: "GET", url: url("jobs", `/${created.job}?include=client`) })).json();
    expect(job.clientId).toBe(created.client);
    expect(job.client).toBeNull();
    // A row planted by hand in another tenant, pointing at this tenant's category: the
    // composite (tenantId, categoryId) foreign key refuses it, raw SQL or not.
    const other = await createTenant(env.db, "planted");
    await expect(
      env.db.query(
        `INSERT INTO "modeling_agency_job" ("tenantId", "accountId", "title", "jobType", "description", "startDate", "categoryId") VALUES ($1, $2, 'Planted', 'editorial', 'x', '2030-01-01', $3) RETURNING "id"`,
        [other.id, other.accountId, created.category],
      ),
    ).rejects.toMatchObject({ code: "23503" });
  });

  it("caps one-to-many includes at 50", async () => {
    const irJob = await entityIr("modeling-agency", "Job");
    const create = Array.from({ length: 52 }, (_, i) => ({
      ...sampleCreateBody(irJob, 100 + i),
      categoryId: created.category,
    }));
    const bulk = await call({ method: "POST", url: url("jobs", "/bulk"), payload: { create } });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json().succeeded).toBe(52);
    const category = (
      await call({ method: "GET", url: url("job-categories", `/${created.category}?include=jobs`) })
    ).json();
    expect(category.jobs).toHaveLength(50);
  });
});

describe("hostile input", () => {
  it("never answers 5xx to random queries and bodies", async () => {
    let state = 7;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const words = [
      "stageName",
      "yearsExperience",
      "hourlyRate.amount",
      "height",
      "socialLinks.x.y.z.w.v.u",
      "id",
      "createdAt",
      "skills",
      "agencyId",
      "__proto__",
      "constructor",
      "",
      "a]b",
      "%00",
      "x".repeat(300),
    ];
    const ops = [
      "eq",
      "ne",
      "gt",
      "gte",
      "lt",
      "lte",
      "in",
      "nin",
      "contains",
      "startsWith",
      "isNull",
      "between",
      "has",
      "hasSome",
      "zz",
      "",
    ];
    const values = [
      "1",
      "-1",
      "1e308",
      "NaN",
      "true",
      "null",
      "",
      ",",
      "1,2,3",
      "2024-01-01",
      "' OR 1=1 --",
      "\\",
      "%",
      "_",
      "\u0000",
      "😀",
      "9".repeat(40),
      "a".repeat(2000),
      "00000000-0000-4000-8000-000000000000",
    ];
    const bodies: unknown[] = [
      null,
      1,
      "x",
      [],
      [{}],
      { stageName: {} },
      { height: [] },
      { hourlyRate: { amount: 1e20, currency: "EUR" } },
      { skills: "x" },
      { dateOfBirth: "0000-00-00" },
      { stageName: "x".repeat(100000) },
      { agencyId: "nope" },
      { __proto__: { a: 1 } },
    ];
    for (let i = 0; i < 150; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const kind = random();
        if (kind < 0.6)
          return `filter[${encodeURIComponent(pick(words))}][${pick(ops)}]=${encodeURIComponent(pick(values))}`;
        if (kind < 0.7) return `sort=${encodeURIComponent(pick(["-", "", "--"]) + pick(words))}`;
        if (kind < 0.8)
          return `${pick(["limit", "offset", "cursor", "total", "fields", "include"])}=${encodeURIComponent(pick([...values, ...words]))}`;
        return `${encodeURIComponent(pick(words))}=${encodeURIComponent(pick(values))}`;
      });
      const response = await call({
        method: "GET",
        url: url(pick(["model-profiles", "collections", "nope"]), `?${parts.join("&")}`),
      });
      expect(response.statusCode, parts.join("&")).toBeLessThan(500);
    }
    for (const body of bodies) {
      for (const [method, path] of [
        ["POST", ""],
        ["PATCH", `/${ids.P1}`],
        ["POST", "/bulk"],
      ] as const) {
        const response = await call({
          method,
          url: url("model-profiles", path),
          payload: body === null ? "null" : typeof body === "object" ? JSON.stringify(body) : JSON.stringify(body),
          headers: { "content-type": "application/json" },
        });
        expect(response.statusCode, `${method} ${path} ${JSON.stringify(body)?.slice(0, 80)}`).toBeLessThan(500);
      }
    }
  });
});
