/**
 * Plans on a generated template (test/support/random-template.ts: nothing shipped), a real
 * PostgreSQL and the app factory: bundles and plans defined through the platform API, a tenant's
 * record limit enforced under concurrency (20 creates, 5 slots: exactly 5), the next create and
 * a bulk refused with a 402 problem naming limit, usage and plan, a delete freeing a slot, usage
 * surviving a new app on the same database, entities and capabilities the plan leaves out (403),
 * the plan's storage feeding the media quota, seats on sign-up, emails per month in the outbox,
 * and two tenants that never see each other's usage. A tenant without a plan stays unlimited.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileTemplateText, sampleCreateBody, type EntityIR, type TemplateIR } from "../../engine/src/index.ts";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform } from "../../generated/registry.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import { buildApp, type AppOptions } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { LocalStorage } from "../src/media/storage.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { multipart, tinyPdf } from "./media-support.ts";
import { templateArb } from "../../test/support/random-template.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";

const SEED = Number(process.env.MONO_PROPERTY_SEED ?? 20_261_207);
const ADMIN = "plans-admin-token-0123456789";
const PROBLEM = "application/problem+json";
const MEDIA_FIELD = "plansAttachment";

/** An entity whose records the API creates from samples alone: no owner, no required reference, nothing unique. */
function plain(entity: EntityRegistry): boolean {
  return (
    !entity.draft &&
    entity.scope === "tenant" &&
    !entity.booking &&
    !entity.status &&
    !entity.fields.some((f) => f.unique) &&
    !entity.indexes.some((i) => i.unique) &&
    !entity.relations.some((r) => r.foreignKey && r.required)
  );
}

let database: TestDatabase;
let db: Database;
let app: FastifyInstance;
let options: AppOptions;
let ir: TemplateIR;
let template: TemplateRegistry;
let limited: EntityRegistry;
let limitedIr: EntityIR;
let other: EntityRegistry;
let sampleSeed = 1;

beforeAll(async () => {
  for (let i = 0; i < 200 && !ir; i++) {
    const raw = fc.sample(templateArb(i), { numRuns: 1, seed: SEED + i })[0];
    const result = compileTemplateText(JSON.stringify(raw), `random-${i}.json`);
    if (!result.ok) throw new Error(`random template ${i} (seed ${SEED + i}) does not compile`);
    const candidate = buildTemplateRegistry(result.ir).entities.find(plain);
    if (!candidate || result.ir.entities.length < 2) continue;
    // Plus a document field on it, so an upload meets the media quota the plan sets.
    const entities = (raw as { entities: Record<string, { schema: { properties: Record<string, unknown> } }> })
      .entities;
    entities[candidate.name].schema.properties[MEDIA_FIELD] = {
      "x-id": "fld_plans_attachment",
      "x-media": { kind: "document" },
    };
    const withMedia = compileTemplateText(JSON.stringify(raw), `random-${i}-media.json`);
    if (!withMedia.ok) throw new Error(JSON.stringify(withMedia.diagnostics));
    ir = withMedia.ir;
    template = buildTemplateRegistry(ir);
    limited = template.entities.find((e) => e.name === candidate.name)!;
    other = template.entities.find((e) => e !== limited)!;
  }
  if (!ir) throw new Error("no random template with a plain entity");
  limitedIr = ir.entities.find((e) => e.name === limited.name)!;
  database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query((await buildMigration(null, buildPrismaSchema({ templates: [ir] }))).up);
  await client.end();
  db = createPostgresDatabase(database.url, { max: 12 });
  options = {
    db,
    registry: createRuntimeRegistry([template], platform),
    redis: null,
    rateLimit: false,
    allowTenantHeader: true,
    adminToken: ADMIN,
    identity: {
      mailer: { send: async () => {} },
      secret: "plans-test-secret-0123456789-abcdefghijklm",
      secureCookies: false,
      rateLimit: false,
      argon2: { memoryCost: 1024, timeCost: 1 },
    },
    authz: false,
    workflows: false,
    notifications: false,
    messaging: false,
    media: {
      storage: new LocalStorage(mkdtempSync(path.join(os.tmpdir(), "mono-plans-"))),
      secret: "plans-media-secret-0123456789-abcdefgh",
      sweepEveryMs: 0,
    },
  };
  app = await buildApp(options);
  for (const slug of ["plan-a", "plan-b", "plan-none"]) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $1) RETURNING "id"`,
      [slug],
    );
    await db.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, $3)`, [
      rows[0].id,
      template.id,
      template.version,
    ]);
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await database?.drop();
});

const platformCall = (method: "GET" | "PUT" | "DELETE", url: string, body?: object) =>
  app.inject({ method, url: `/api/v1/platform${url}`, headers: { authorization: `Bearer ${ADMIN}` }, payload: body });
const tenantCall = (slug: string, method: "GET" | "POST" | "DELETE", url: string, body?: object) =>
  app.inject({ method, url, headers: { "x-tenant": slug }, ...(body ? { payload: body } : {}) });
const records = (rest = "") => `/api/v1/tenant/entities/${template.id}:${limited.apiName}${rest}`;
/** A sample record of the limited entity (its media field left empty: it takes uploads' ids only). */
const sample = () => {
  const body = sampleCreateBody(limitedIr, sampleSeed++);
  delete body[MEDIA_FIELD];
  return body;
};
const create = (slug: string) => tenantCall(slug, "POST", records(), sample());
const countOf = async (slug: string) => {
  const { rows } = await db.query<{ n: number }>(
    `SELECT COUNT(*)::int AS "n" FROM "${limited.table}" t JOIN "tenant" x ON x."id" = t."tenantId" WHERE x."slug" = $1${limited.softDelete ? ` AND t."deletedAt" IS NULL` : ""}`,
    [slug],
  );
  return rows[0].n;
};
const emailTo = (slug: string, n: number, templateKey = "notification") =>
  app.tenants.bySlug(slug).then((tenant) =>
    app.email.outbox.send({
      tenant,
      template: templateKey,
      to: `person${n}@plans.test`,
      variables:
        templateKey === "notification"
          ? { site: slug, url: "https://example.test/", title: `Note ${n}`, body: "" }
          : { site: slug, url: "https://example.test/", ttl: "1 hour" },
      dedupeKey: `plans-test:${slug}:${templateKey}:${n}`,
    }),
  );

describe(`plans on a random template (seed ${SEED})`, () => {
  test("bundles and plans are defined through the platform API; limits of bundles add up", async () => {
    expect(
      (
        await platformCall("PUT", "/plan-bundles/core", {
          name: "Core",
          entities: [limited.name],
          limits: { records: { [limited.name]: 3 }, seats: 2 },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await platformCall("PUT", "/plan-bundles/pack", {
          name: "Pack",
          limits: { records: { [limited.name]: 2 }, seats: 1 },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await platformCall("PUT", "/plan-bundles/wide", {
          name: "Everything",
          entities: ["*"],
          capabilities: ["media"],
          limits: { storageBytes: 12_345, emailsPerMonth: 2 },
        })
      ).statusCode,
    ).toBe(200);
    const bad = await platformCall("PUT", "/plans/starter", { name: "Starter", bundles: ["core", "nope"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ pointer: "/body/bundles/1", message: 'no bundle "nope"' }]);
    expect(
      (await platformCall("PUT", "/plans/starter", { name: "Starter", bundles: ["core", "pack"] })).statusCode,
    ).toBe(200);
    expect((await platformCall("PUT", "/plans/wide", { name: "Wide", bundles: ["wide"] })).statusCode).toBe(200);
    const unknown = await platformCall("PUT", "/tenants/plan-a/plan", { plan: "gold" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].pointer).toBe("/body/plan");
    expect((await app.inject({ method: "GET", url: "/api/v1/platform/plans" })).statusCode).toBe(401);

    const assigned = await platformCall("PUT", "/tenants/plan-a/plan", { plan: "starter" });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().entitlements).toEqual({
      plan: "starter",
      entities: [limited.name],
      capabilities: [],
      limits: { records: { [limited.name]: 5 }, storageBytes: null, seats: 3, emailsPerMonth: null },
    });
    expect((await platformCall("GET", "/plans")).json().data.map((p: { key: string }) => p.key)).toEqual([
      "starter",
      "wide",
    ]);
  });

  test("a tenant without a plan is unlimited", async () => {
    for (let i = 0; i < 6; i++) expect((await create("plan-none")).statusCode).toBe(201);
    const plan = (await platformCall("GET", "/tenants/plan-none/plan")).json();
    expect(plan).toMatchObject({ plan: null, entitlements: null });
    expect((await tenantCall("plan-none", "GET", "/api/v1/tenant/media/usage")).json().quotaBytes).toBe(1024 ** 3);
  });

  test("20 concurrent creates with 5 slots left: exactly 5 succeed, the rest get the 402 problem", async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => create("plan-a")));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(5);
    expect(codes.filter((c) => c === 402)).toHaveLength(15);
    expect(await countOf("plan-a")).toBe(5);
    const refused = answers.find((r) => r.statusCode === 402)!;
    expect(refused.headers["content-type"]).toContain(PROBLEM);
    expect(refused.json()).toMatchObject({
      status: 402,
      code: "RT_ERR_PLAN_LIMIT",
      plan: "starter",
      limit: "records",
      allowed: 5,
      entity: limited.apiName,
      errors: [{ pointer: "/body" }],
    });
    expect(refused.json().used).toBeGreaterThanOrEqual(0);
  });

  test("over the limit is refused with the usage; a delete frees a slot; a bulk is refused as a whole", async () => {
    const over = await create("plan-a");
    expect(over.statusCode).toBe(402);
    expect(over.json()).toMatchObject({ used: 5, allowed: 5, plan: "starter" });
    const bulk = await tenantCall("plan-a", "POST", records("/bulk"), {
      create: [sample()],
    });
    expect(bulk.statusCode).toBe(402);
    expect(bulk.json()).toMatchObject({ limit: "records", requested: 1, errors: [{ pointer: "/body/create" }] });

    const list = (await tenantCall("plan-a", "GET", records("?limit=10"))).json().data as { id: string }[];
    expect((await tenantCall("plan-a", "DELETE", records(`/${list[0].id}`))).statusCode).toBe(204);
    const again = await tenantCall("plan-a", "POST", records("/bulk"), {
      create: [sample()],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().succeeded).toBe(1);
    expect((await create("plan-a")).statusCode).toBe(402);
    expect(await countOf("plan-a")).toBe(5);
  });

  test("an entity and a capability the plan leaves out answer 403", async () => {
    const entity = await tenantCall("plan-a", "GET", `/api/v1/tenant/entities/${template.id}:${other.apiName}`);
    expect(entity.statusCode).toBe(403);
    expect(entity.json()).toMatchObject({
      code: "RT_ERR_PLAN_FEATURE",
      plan: "starter",
      entity: other.apiName,
      errors: [{ pointer: "/params/entity" }],
    });
    const write = await tenantCall("plan-a", "POST", `/api/v1/tenant/entities/${template.id}:${other.apiName}`, {});
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe("RT_ERR_PLAN_FEATURE");
    const media = await tenantCall("plan-a", "GET", "/api/v1/tenant/media/usage");
    expect(media.statusCode).toBe(403);
    expect(media.json()).toMatchObject({ code: "RT_ERR_PLAN_FEATURE", capability: "media", plan: "starter" });
  });

  test("the other tenant keeps its own plan: media quota from the plan, records unlimited, A's usage unseen", async () => {
    expect((await platformCall("PUT", "/tenants/plan-b/plan", { plan: "wide" })).statusCode).toBe(200);
    const usage = await tenantCall("plan-b", "GET", "/api/v1/tenant/media/usage");
    expect(usage.statusCode).toBe(200);
    expect(usage.json().quotaBytes).toBe(12_345);
    const upload = (file: Buffer) => {
      const body = multipart(file, "doc.pdf", "application/pdf");
      return app.inject({
        method: "POST",
        url: `/api/v1/tenant/media?entity=${template.id}:${limited.apiName}&field=${MEDIA_FIELD}`,
        headers: { "x-tenant": "plan-b", ...body.headers },
        payload: body.payload,
      });
    };
    expect((await upload(tinyPdf())).statusCode).toBe(201);
    const tooBig = await upload(tinyPdf("x".repeat(13_000)));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: "RT_ERR_MEDIA_QUOTA", quotaBytes: 12_345 });
    for (let i = 0; i < 7; i++) expect((await create("plan-b")).statusCode).toBe(201);
    expect(
      (await tenantCall("plan-b", "GET", `/api/v1/tenant/entities/${template.id}:${other.apiName}`)).statusCode,
    ).toBe(200);
    expect(await countOf("plan-a")).toBe(5);
    expect((await create("plan-a")).statusCode).toBe(402);
  });

  test("seats: sign-ups past the plan's seats are refused", async () => {
    const register = (n: number) =>
      tenantCall("plan-a", "POST", "/api/v1/user/auth/register", {
        email: `seat${n}@plans.test`,
        name: `Seat ${n}`,
        password: "correct horse battery staple",
      });
    for (let n = 1; n <= 3; n++) expect((await register(n)).statusCode).toBe(202);
    const full = await register(4);
    expect(full.statusCode).toBe(402);
    expect(full.json()).toMatchObject({
      code: "RT_ERR_PLAN_LIMIT",
      limit: "seats",
      allowed: 3,
      used: 3,
      plan: "starter",
    });
    // The other tenant's users take none of A's seats, and B's plan has no seat limit.
    expect(
      (
        await tenantCall("plan-b", "POST", "/api/v1/user/auth/register", {
          email: "seat1@plans.test",
          name: "B",
          password: "correct horse battery staple",
        })
      ).statusCode,
    ).toBe(202);
  });

  test("emails per month: counted with the insert, the one past the limit refused (account mail never)", async () => {
    // B's sign-up above queued a verification email in the background: wait for its count.
    await expect
      .poll(async () => (await platformCall("GET", "/tenants/plan-b/plan")).json().usage.emailsThisMonth)
      .toBe(1);
    await emailTo("plan-b", 1);
    // The same email asked for again (its dedupe key) is no new email: not counted, not refused.
    expect((await emailTo("plan-b", 1)).duplicate).toBe(true);
    await expect(emailTo("plan-b", 2)).rejects.toMatchObject({ code: "RT_ERR_PLAN_LIMIT", status: 402 });
    const { rows } = await db.query<{ n: number }>(
      `SELECT COUNT(*)::int AS "n" FROM "email_message" m JOIN "tenant" t ON t."id" = m."tenantId" WHERE t."slug" = 'plan-b' AND m."templateKey" = 'notification'`,
    );
    expect(rows[0].n).toBe(1);
    expect((await emailTo("plan-b", 3, "password-reset")).duplicate).toBe(false);
    expect((await platformCall("GET", "/tenants/plan-b/plan")).json().usage.emailsThisMonth).toBe(3);
  });

  test("usage survives a restart: a new app on the same database still refuses", async () => {
    await app.close();
    app = await buildApp(options);
    expect((await create("plan-a")).statusCode).toBe(402);
    await expect(emailTo("plan-b", 4)).rejects.toMatchObject({ code: "RT_ERR_PLAN_LIMIT" });
    const plan = (await platformCall("GET", "/tenants/plan-a/plan")).json();
    expect(plan.usage).toMatchObject({ records: { [`${template.id}:${limited.name}`]: 5 }, seats: 3 });
    // Off the plan: unlimited again.
    expect((await platformCall("DELETE", "/tenants/plan-a/plan")).statusCode).toBe(204);
    expect((await create("plan-a")).statusCode).toBe(201);
  });
});
