/**
 * The same CRUD engine on the embedded PGlite (what `npm start` uses without a server): a
 * smaller tour of writes, queries, includes, bulk savepoints, extensions and errors.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
import { buildApp } from "../src/app.ts";
import { createEntityStores } from "../src/crud/index.ts";
import { createPgliteDatabase, type Database } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import {
  allTemplates,
  client,
  createTenant,
  entityIr,
  MIGRATIONS,
  url,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";
import { platform } from "../../generated/registry.ts";

type Page = { data: { name: string; stageName: string }[]; page: { nextCursor: string | null } };

let db: Database;
let app: FastifyInstance;
let tenant: TestTenant;
let call: Inject;

beforeAll(async () => {
  db = createPgliteDatabase(await createTestPglite({ migrations: MIGRATIONS }));
  await migrateUp(db, MIGRATIONS);
  app = await buildApp({ db, registry: createRuntimeRegistry(allTemplates, platform), rateLimit: false });
  tenant = await createTenant(db, "lite");
  call = client(app, tenant);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("CRUD on PGlite", () => {
  const ids: string[] = [];

  it("creates, reads, filters, sorts and pages", async () => {
    const category = (
      await call({
        method: "POST",
        url: url("job-categories"),
        payload: { name: "Lite", slug: "lite", icon: "x", color: "#000000" },
      })
    ).json();
    const irProfile = await entityIr("modeling-agency", "ModelProfile");
    for (let i = 1; i <= 5; i++) {
      const response = await call({
        method: "POST",
        url: url("model-profiles"),
        payload: {
          ...sampleCreateBody(irProfile, i),
          stageName: `Lite ${i}`,
          slug: `lite-${i}`,
          yearsExperience: i,
          skills: i % 2 ? ["dance"] : ["acting"],
          hourlyRate: { amount: 1000 * i, currency: "EUR" },
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      ids.push(response.json().id);
    }
    const one = (await call({ method: "GET", url: url("model-profiles", `/${ids[0]}`) })).json();
    expect(one).toMatchObject({
      stageName: "Lite 1",
      hourlyRate: { amount: 1000, currency: "EUR" },
      skills: ["dance"],
    });
    const names = async (query: string) =>
      (await call({ method: "GET", url: url("model-profiles", `?${query}`) }))
        .json()
        .data.map((r: { stageName: string }) => r.stageName);
    expect(await names("filter[yearsExperience][between]=2,4&sort=-yearsExperience")).toEqual([
      "Lite 4",
      "Lite 3",
      "Lite 2",
    ]);
    expect(await names("filter[skills][has]=acting&sort=stageName")).toEqual(["Lite 2", "Lite 4"]);
    expect(await names("filter[stageName][contains]=te 5")).toEqual(["Lite 5"]);
    expect(await names(`filter[id][in]=${ids[0]},${ids[1]}&sort=stageName`)).toEqual(["Lite 1", "Lite 2"]);
    expect(await names("filter[hourlyRate.amount][gte]=4000&sort=hourlyRate.amount")).toEqual(["Lite 4", "Lite 5"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (
        await call({
          method: "GET",
          url: url("model-profiles", `?sort=-yearsExperience&limit=2${cursor ? `&cursor=${cursor}` : ""}`),
        })
      ).json() as Page;
      seen.push(...page.data.map((r: { stageName: string }) => r.stageName));
      cursor = page.page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Lite 5", "Lite 4", "Lite 3", "Lite 2", "Lite 1"]);
    const total = (await call({ method: "GET", url: url("model-profiles", "?limit=1&offset=1&total=true") })).json();
    expect(total.page.total).toBe(5);
    const job = await call({
      method: "POST",
      url: url("jobs"),
      payload: { ...sampleCreateBody(await entityIr("modeling-agency", "Job"), 1), categoryId: category.id },
    });
    expect(job.statusCode, job.body).toBe(201);
    const withJobs = (await call({ method: "GET", url: url("job-categories", `/${category.id}?include=jobs`) })).json();
    expect(withJobs.jobs.map((j: { id: string }) => j.id)).toEqual([job.json().id]);
  });

  it("patches, deletes, checks references and uniques", async () => {
    expect(
      (await call({ method: "PATCH", url: url("model-profiles", `/${ids[0]}`), payload: { city: "Lisbon" } })).json()
        .city,
    ).toBe("Lisbon");
    expect((await call({ method: "DELETE", url: url("model-profiles", `/${ids[4]}`) })).statusCode).toBe(204);
    expect((await call({ method: "GET", url: url("model-profiles", `/${ids[4]}`) })).statusCode).toBe(404);
    const bad = await call({
      method: "PATCH",
      url: url("model-profiles", `/${ids[0]}`),
      payload: { agencyId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].pointer).toBe("/body/agencyId");
    const dup = await call({ method: "PATCH", url: url("model-profiles", `/${ids[1]}`), payload: { slug: "lite-1" } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].pointer).toBe("/body/slug");
    expect(
      (await call({ method: "GET", url: url("model-profiles", "?filter[yearsExperience][gte]=x") })).statusCode,
    ).toBe(400);
  });

  it("runs bulk items in savepoints and extension fields", async () => {
    const create = [
      { name: "B1", slug: "b-1", icon: "x", color: "#000000" },
      { name: "B2" },
      { name: "B3", slug: "b-1", icon: "x", color: "#000000" },
    ];
    const bulk = (await call({ method: "POST", url: url("job-categories", "/bulk"), payload: { create } })).json();
    expect(bulk.results.map((r: { status: number }) => r.status)).toEqual([201, 400, 409]);
    expect(
      (await call({ method: "GET", url: url("job-categories", "?filter[slug][startsWith]=b-&total=true") })).json().page
        .total,
    ).toBe(1);
    expect(
      (
        await call({
          method: "PUT",
          url: "/api/v1/tenant/extensions/job-categories",
          payload: { properties: { budget: { type: "integer" } } },
        })
      ).statusCode,
    ).toBe(200);
    const made = await call({
      method: "POST",
      url: url("job-categories"),
      payload: { name: "Ext", slug: "ext", icon: "x", color: "#000000", budget: 7 },
    });
    expect(made.json().budget).toBe(7);
    expect(
      (await call({ method: "GET", url: url("job-categories", "?filter[budget][eq]=7") })).json().data,
    ).toHaveLength(1);
  });

  it("serves the programmatic store with the same rules", async () => {
    const stores = createEntityStores(db, allTemplates);
    const made = await stores.create(tenant.id, "modeling-agency", "JobCategory", {
      name: "Store",
      slug: "store",
      icon: "x",
      color: "#000000",
    });
    expect(made).toMatchObject({ name: "Store", sortOrder: 100 });
    const list = await stores.list(tenant.id, "modeling-agency", "job-categories", {
      filter: { slug: { eq: "store" } },
      total: true,
    });
    expect(list).toEqual({ data: [made], nextCursor: null, total: 1 });
    expect(Object.keys(list.data[0]).some((k) => k.startsWith("__"))).toBe(false);
    await expect(stores.create(tenant.id, "modeling-agency", "JobCategory", { name: 1 })).rejects.toMatchObject({
      code: "RT_ERR_VALIDATION",
    });
    expect(await stores.get(tenant.id, "modeling-agency", "JobCategory", made.id as string)).toEqual(made);
  });
});
