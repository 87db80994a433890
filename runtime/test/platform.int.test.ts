/**
 * The platform API and the operations endpoints on real PostgreSQL: tenants, domains,
 * template install (with seed data through the CRUD store) and upgrade previews.
 */
import semver from "semver";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform, templates } from "../../generated/registry.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import path from "node:path";
import { loadOpenApiDocuments } from "../src/operations/load-openapi.ts";
import { MIGRATIONS, ROOT } from "./crud-support.ts";

const TOKEN = "test-admin-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
const all = templates as unknown as readonly TemplateRegistry[];

let testDb: TestDatabase;
let db: Database;
let app: FastifyInstance;

async function appWith(registry: readonly TemplateRegistry[]) {
  return buildApp({
    db,
    registry: createRuntimeRegistry(registry, platform),
    adminToken: TOKEN,
    rateLimit: false,
    openapi: {
      demo: {
        components: { schemas: { DemoThing: { type: "object" } } },
        paths: { "/api/v1/tenant/entities/demo": { get: { responses: { 200: { description: "ok" } } } } },
      },
    },
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  app = await appWith(all);
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  await testDb?.drop();
});

describe("platform API", () => {
  test("needs the admin token", async () => {
    const none = await app.inject({ method: "GET", url: "/api/v1/platform/tenants" });
    expect(none.statusCode).toBe(401);
    expect(none.headers["content-type"]).toMatch(/application\/problem\+json/);
    const wrong = await app.inject({
      method: "GET",
      url: "/api/v1/platform/tenants",
      headers: { authorization: "Bearer nope" },
    });
    expect(wrong.statusCode).toBe(401);
  });

  test("create, list, read, conflict and validation of tenants", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug: "acme", name: "Acme Models" },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: "acme", name: "Acme Models", status: "active" });
    const again = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug: "acme", name: "Other" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([{ pointer: "/body/slug", message: "is taken" }]);
    const bad = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug: "Not A Slug", name: "" },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/body/name", "/body/slug"]);
    const reserved = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug: "admin", name: "x" },
    });
    expect(reserved.statusCode).toBe(409);
    const list = await app.inject({ method: "GET", url: "/api/v1/platform/tenants?limit=10", headers: auth });
    expect(list.json().data.map((t: { slug: string }) => t.slug)).toContain("acme");
    expect((await app.inject({ method: "GET", url: "/api/v1/platform/tenants/acme", headers: auth })).json().slug).toBe(
      "acme",
    );
    expect(
      (await app.inject({ method: "GET", url: "/api/v1/platform/tenants/nobody", headers: auth })).statusCode,
    ).toBe(404);
  });

  test("install seeds the template's data through the store; a second install is a conflict", async () => {
    await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug: "club", name: "Club" },
    });
    const club = all.find((t) => t.id === "luxury-club")!;
    const install = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants/club/templates",
      headers: auth,
      payload: { templateId: "luxury-club" },
    });
    expect(install.statusCode).toBe(201);
    const expected = Object.fromEntries(club.seed.map((s) => [s.entity, s.records.length]));
    expect(install.json()).toEqual({ templateId: "luxury-club", version: club.version, seeded: expected });
    // The seed records are real rows of the tenant, listed through the entity API.
    const tiers = await app.inject({
      method: "GET",
      url: "/api/v1/tenant/entities/membership-tiers?total=true",
      headers: { "x-tenant": "club" },
    });
    expect(tiers.statusCode).toBe(200);
    expect(tiers.json().page.total).toBe(expected.MembershipTier);
    const twice = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants/club/templates",
      headers: auth,
      payload: { templateId: "luxury-club" },
    });
    expect(twice.statusCode).toBe(409);
    const unknown = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants/club/templates",
      headers: auth,
      payload: { templateId: "nope" },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].pointer).toBe("/body/templateId");
    const installed = await app.inject({
      method: "GET",
      url: "/api/v1/platform/tenants/club/templates",
      headers: auth,
    });
    expect(installed.json().data).toEqual([
      { templateId: "luxury-club", version: club.version, availableVersion: club.version, upgradeAvailable: false },
    ]);
  });

  test("suspended tenants are refused; unknown tenants are 404 problems", async () => {
    await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug: "sleepy", name: "Sleepy" },
    });
    await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants/sleepy/templates",
      headers: auth,
      payload: { templateId: "modeling-agency" },
    });
    const ok = await app.inject({
      method: "GET",
      url: "/api/v1/tenant/entities/job-categories",
      headers: { "x-tenant": "sleepy" },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await app.inject({ method: "POST", url: "/api/v1/platform/tenants/sleepy/suspend", headers: auth })).json()
        .status,
    ).toBe("suspended");
    const refused = await app.inject({
      method: "GET",
      url: "/api/v1/tenant/entities/job-categories",
      headers: { "x-tenant": "sleepy" },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe("RT_ERR_TENANT_SUSPENDED");
    await app.inject({ method: "POST", url: "/api/v1/platform/tenants/sleepy/activate", headers: auth });
    expect(
      (
        await app.inject({
          method: "GET",
          url: "/api/v1/tenant/entities/job-categories",
          headers: { "x-tenant": "sleepy" },
        })
      ).statusCode,
    ).toBe(200);
    const unknown = await app.inject({
      method: "GET",
      url: "/api/v1/tenant/entities/job-categories",
      headers: { "x-tenant": "ghost" },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe("RT_ERR_TENANT_NOT_FOUND");
  });

  test("tenants resolve from a subdomain and from a custom domain", async () => {
    await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: auth,
      payload: { slug: "hosted", name: "Hosted" },
    });
    await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants/hosted/templates",
      headers: auth,
      payload: { templateId: "modeling-agency" },
    });
    const domain = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants/hosted/domains",
      headers: auth,
      payload: { domain: "models.example.com" },
    });
    expect(domain.statusCode).toBe(201);
    const sub = await app.inject({
      method: "GET",
      url: "/api/v1/tenant/entities/job-categories?total=true",
      headers: { host: "hosted.localhost" },
    });
    expect(sub.statusCode).toBe(200);
    const custom = await app.inject({
      method: "GET",
      url: "/api/v1/tenant/entities/job-categories?total=true",
      headers: { host: "models.example.com" },
    });
    expect(custom.statusCode).toBe(200);
    expect(custom.json().total).toBe(sub.json().total);
    const taken = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants/acme/domains",
      headers: auth,
      payload: { domain: "models.example.com" },
    });
    expect(taken.statusCode).toBe(409);
  });

  test("upgrade: a dry run previews what a newer template version adds; applying seeds only the new records", async () => {
    const club = all.find((t) => t.id === "luxury-club")!;
    const stage = club.seed.find((s) => s.entity === "PipelineStage")!;
    // The next minor version of whatever is shipped (never a hard-coded one).
    const next = semver.inc(club.version, "minor")!;
    const newer: TemplateRegistry = {
      ...club,
      version: next,
      seed: club.seed.map((s) =>
        s === stage
          ? { ...s, records: [...s.records, { ...s.records[0], name: "Referral", code: "referral", position: 99 }] }
          : s,
      ),
      entities: club.entities.map((e) =>
        e.name === "Venue" ? { ...e, fields: [...e.fields, { ...e.fields[0], name: "nickname", id: "fld_nick" }] } : e,
      ),
    } as TemplateRegistry;
    const upgraded = await appWith(all.map((t) => (t.id === "luxury-club" ? newer : t)));
    // Two runs of a workflow: one on an older definition of it, one on the current one.
    const workflow = club.workflows[0];
    const { rows: tenantRows } = await db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = 'club'`);
    for (const version of ["0000000000000000", workflow.plan.version]) {
      const definition = await db.query<{ id: string }>(
        `INSERT INTO "workflow_definition" ("templateId", "workflowName", "version", "plan") VALUES ('luxury-club', $1, $2, '{}') RETURNING "id"`,
        [workflow.name, version],
      );
      await db.query(
        `INSERT INTO "workflow_instance" ("tenantId", "definitionId", "templateId", "workflowName", "version", "startKey", "status")
         VALUES ($1, $2, 'luxury-club', $3, $4, $5, 'waiting')`,
        [tenantRows[0].id, definition.rows[0].id, workflow.name, version, `upgrade-test:${version}`],
      );
    }
    try {
      const listing = await upgraded.inject({
        method: "GET",
        url: "/api/v1/platform/tenants/club/templates",
        headers: auth,
      });
      expect(listing.json().data[0]).toMatchObject({
        version: club.version,
        availableVersion: next,
        upgradeAvailable: true,
      });
      const dry = await upgraded.inject({
        method: "POST",
        url: "/api/v1/platform/tenants/club/templates/luxury-club/upgrade?dryRun=true",
        headers: auth,
      });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({
        dryRun: true,
        preview: {
          fromVersion: club.version,
          toVersion: next,
          entitiesAdded: [],
          entitiesRemoved: [],
          fieldsAdded: { Venue: ["nickname"] },
          fieldsRemoved: {},
          seedAdded: { PipelineStage: 1 },
          breaking: false,
          // The run on the older definition finishes on it; the current one is not listed.
          runningWorkflows: [
            { workflow: workflow.name, version: "0000000000000000", instances: 1, newVersion: workflow.plan.version },
          ],
        },
      });
      // A malformed flag is refused, not dropped (which would have meant the default).
      const bracketed = await upgraded.inject({
        method: "POST",
        url: "/api/v1/platform/tenants/club/templates/luxury-club/upgrade?dryRun[]=false",
        headers: auth,
      });
      expect(bracketed.statusCode).toBe(400);
      expect(bracketed.headers["content-type"]).toMatch(/application\/problem\+json/);
      // A dry run changes nothing.
      expect(
        (await upgraded.inject({ method: "GET", url: "/api/v1/platform/tenants/club/templates", headers: auth })).json()
          .data[0].version,
      ).toBe(club.version);
      const applied = await upgraded.inject({
        method: "POST",
        url: "/api/v1/platform/tenants/club/templates/luxury-club/upgrade?dryRun=false",
        headers: auth,
      });
      expect(applied.json(), applied.body).toMatchObject({ dryRun: false, seeded: { PipelineStage: 1 } });
      const tiers = await upgraded.inject({
        method: "GET",
        url: "/api/v1/tenant/entities/pipeline-stages?filter[code][eq]=referral",
        headers: { "x-tenant": "club" },
      });
      expect(tiers.json().data).toHaveLength(1);
      expect(
        (await upgraded.inject({ method: "GET", url: "/api/v1/platform/tenants/club/templates", headers: auth })).json()
          .data[0],
      ).toMatchObject({ version: next, upgradeAvailable: false });
    } finally {
      await upgraded.close();
    }
  });
});

describe("operations", () => {
  test("health: live and ready (database checked)", async () => {
    expect((await app.inject({ method: "GET", url: "/health/live" })).json()).toEqual({ status: "ok" });
    expect((await app.inject({ method: "GET", url: "/health/ready" })).json()).toEqual({
      status: "ready",
      checks: { database: "ok" },
    });
  });

  test("security headers: the JSON API's subset on API routes, the full set on documents", async () => {
    const api = await app.inject({ method: "GET", url: "/api/v1/platform/tenants", headers: auth });
    expect(api.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "SAMEORIGIN",
      "strict-transport-security": expect.stringMatching(/max-age=\d+/),
      "referrer-policy": "no-referrer",
      "cross-origin-resource-policy": "same-origin",
      "x-request-id": expect.any(String),
    });
    for (const documentOnly of [
      "x-download-options",
      "x-dns-prefetch-control",
      "origin-agent-cluster",
      "x-xss-protection",
      "x-permitted-cross-domain-policies",
    ]) {
      expect(api.headers[documentOnly]).toBeUndefined();
    }
    const malformed = await app.inject({
      method: "GET",
      url: "/api/v1/tenant/entities/%E0%A4%A",
      headers: { "x-request-id": "req-malformed-1" },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers["x-request-id"]).toBe("req-malformed-1");
    const missing = await app.inject({
      method: "GET",
      url: "/api/v1/nothing-here",
      headers: { "x-request-id": "req-missing-1" },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers).toMatchObject({ "x-request-id": "req-missing-1", "x-content-type-options": "nosniff" });
    const docs = await app.inject({ method: "GET", url: "/docs" });
    expect(docs.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-download-options": "noopen",
      "x-dns-prefetch-control": "off",
      "origin-agent-cluster": "?1",
    });
  });

  test("metrics count requests per route", async () => {
    await app.inject({ method: "GET", url: "/health/live" });
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(
      /mono_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/,
    );
    expect(metrics.body).toMatch(/mono_db_pool_connections\{state="total"\}/);
  });

  test("/openapi.json is OpenAPI 3.1 with the platform routes and the generated components and paths", async () => {
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/platform/tenants"]).toBeDefined();
    expect(doc.paths["/api/v1/tenant/entities/demo"]).toBeDefined();
    expect(doc.components.schemas.DemoThing).toEqual({ type: "object" });
  });

  test("a tenant's own OpenAPI shows only its templates, widened by its extension fields", async () => {
    const documents = await loadOpenApiDocuments(
      path.join(ROOT, "generated"),
      all.map((t) => t.id),
    );
    const withDocs = await buildApp({
      db,
      registry: createRuntimeRegistry(all, platform),
      adminToken: TOKEN,
      rateLimit: false,
      openapi: documents,
    });
    try {
      const put = await withDocs.inject({
        method: "PUT",
        url: "/api/v1/tenant/extensions/venues",
        headers: { "x-tenant": "club" },
        payload: { properties: { wifiCode: { type: "string", maxLength: 40 } } },
      });
      expect(put.statusCode, put.body).toBe(200);
      const club = (
        await withDocs.inject({ method: "GET", url: "/api/v1/tenant/openapi.json", headers: { "x-tenant": "club" } })
      ).json();
      expect(club.openapi).toBe("3.1.0");
      expect(club.components.schemas.LuxuryClubVenueCreate.properties.wifiCode).toMatchObject({
        type: "string",
        maxLength: 40,
      });
      expect(club.components.schemas.LuxuryClubVenue.properties.wifiCode).toBeDefined();
      expect(Object.keys(club.paths).some((p) => p.includes("/model-profiles"))).toBe(false);
      // Another tenant on the same template does not see club's extension.
      const acme = await withDocs.inject({
        method: "POST",
        url: "/api/v1/platform/tenants/acme/templates",
        headers: auth,
        payload: { templateId: "luxury-club" },
      });
      expect(acme.statusCode).toBe(201);
      const other = (
        await withDocs.inject({ method: "GET", url: "/api/v1/tenant/openapi.json", headers: { "x-tenant": "acme" } })
      ).json();
      expect(other.components.schemas.LuxuryClubVenueCreate.properties.wifiCode).toBeUndefined();
    } finally {
      await withDocs.close();
    }
  });

  test("unknown routes and malformed JSON are problems, not stack traces", async () => {
    const missing = await app.inject({ method: "GET", url: "/nope" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/problem\+json/);
    const malformed = await app.inject({
      method: "POST",
      url: "/api/v1/platform/tenants",
      headers: { ...auth, "content-type": "application/json" },
      payload: '{"slug": "x",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe("RT_ERR_MALFORMED_JSON");
    expect(malformed.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
