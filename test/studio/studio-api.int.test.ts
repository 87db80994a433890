/**
 * The studio's server side (runtime/src/studio): the registry view, form specs, the tenant
 * session, the template API (guarded, validated by the engine, never saving a broken template),
 * the draft preview, generate's dry run, and the built app with its index.html fallback. With
 * identity on, the template API takes a super admin's platform token as well as the admin token
 * and refuses tenant users (tenant admins included).
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { createRuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";
import { errorHandlerPlugin } from "../../runtime/src/http/error-handler.ts";
import { studioPlugin } from "../../runtime/src/studio/studio-plugin.ts";
import { tokenIn } from "../../runtime/test/identity-support.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { ADMIN_TOKEN, createTenant, ROOT, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const lastMigration = async () =>
  (await readdir(path.join(ROOT, "generated", "prisma", "migrations")))
    .filter((n) => /^\d{4}_/.test(n))
    .sort()
    .pop()!
    .slice(0, 4);

let server: StudioServer;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

beforeAll(async () => {
  await ensureStudioBuilt();
  server = await startStudioServer();
  await createTenant(server, "acme", "modeling-agency");
}, 120_000);
afterAll(async () => server?.close());

const inject = (
  method: "GET" | "PUT" | "POST",
  url: string,
  payload?: unknown,
  headers: Record<string, string> = auth,
) => server.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
const templateFile = () => path.join(server.templatesDir, "modeling-agency", "template.json");

describe("read-only views", () => {
  test("the registry view lists templates and entities without the record schemas (gzip when accepted)", async () => {
    const res = await inject("GET", "/studio/api/registry", undefined, { "accept-encoding": "gzip" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    const plain = await inject("GET", "/studio/api/registry", undefined, {});
    const body = plain.json();
    expect(body.templates.map((t: { id: string }) => t.id)).toEqual(templates.map((t) => t.id));
    const job = body.templates[1].entities.find((e: { name: string }) => e.name === "Job");
    expect(job).toMatchObject({ apiName: "jobs", scope: "account" });
    expect(job.schemas).toBeUndefined();
    expect(job.fields.find((f: { name: string }) => f.name === "title")).toMatchObject({
      kind: "string",
      sortable: true,
    });
  });

  test("form specs by entity name or API name; unknown names never reach the disk", async () => {
    const byName = await inject("GET", "/studio/api/forms/modeling-agency/Job");
    expect(byName.statusCode).toBe(200);
    expect(Object.keys(byName.json())).toEqual(expect.arrayContaining(["create", "edit", "filter", "labels", "steps"]));
    expect((await inject("GET", "/studio/api/forms/modeling-agency/jobs")).json().entity).toBe("Job");
    const traversal = await inject("GET", "/studio/api/forms/modeling-agency/..%2F..%2Fpackage");
    expect(traversal.statusCode).toBe(404);
    expect(traversal.headers["content-type"]).toContain("application/problem+json");
  });

  test("the session names the tenant of X-Tenant and its installed templates", async () => {
    const res = await inject("GET", "/studio/api/session", undefined, { "x-tenant": "acme" });
    expect(res.json()).toMatchObject({
      tenant: { slug: "acme" },
      templates: [{ id: "modeling-agency", version: templates.find((t) => t.id === "modeling-agency")!.version }],
    });
    expect((await inject("GET", "/studio/api/session", undefined, { "x-tenant": "nobody" })).statusCode).toBe(404);
  });
});

describe("template API", () => {
  test("needs the platform admin token", async () => {
    expect((await inject("GET", "/studio/api/templates", undefined, {})).statusCode).toBe(401);
    expect(
      (await inject("GET", "/studio/api/templates", undefined, { authorization: "Bearer wrong" })).statusCode,
    ).toBe(401);
    const list = await inject("GET", "/studio/api/templates");
    expect(list.json().data.map((t: { id: string }) => t.id)).toEqual(templates.map((t) => t.id));
  });

  test("GET returns the template and its diagnostics; bad ids are refused", async () => {
    const res = await inject("GET", "/studio/api/templates/modeling-agency");
    expect(res.json()).toMatchObject({ id: "modeling-agency", file: "modeling-agency/template.json" });
    // The shipped template compiles clean: no errors and no warnings (a broken one's come with PUT below).
    expect(res.json().diagnostics).toEqual([]);
    expect(res.json().template.entities.Job).toBeDefined();
    expect((await inject("GET", "/studio/api/templates/..%2Fetc")).statusCode).toBe(400);
    expect((await inject("GET", "/studio/api/templates/missing")).statusCode).toBe(404);
  });

  test("PUT with errors answers 422 with the engine's diagnostics and writes nothing", async () => {
    const before = await readFile(templateFile(), "utf8");
    const template = JSON.parse(before);
    template.entities.Job.relations.category.to = "Nowhere";
    const res = await inject("PUT", "/studio/api/templates/modeling-agency", template);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "ENG_UNKNOWN_RELATION_TARGET",
        pointer: "/entities/Job/relations/category/to",
        severity: "error",
      }),
    );
    expect(body.errors[0].pointer).toBe("/body/entities/Job/relations/category/to");
    expect(await readFile(templateFile(), "utf8")).toBe(before);
    const mismatch = await inject("PUT", "/studio/api/templates/modeling-agency", {
      ...JSON.parse(before),
      id: "other",
    });
    expect(mismatch.statusCode).toBe(400);
  });

  test("preview compiles a draft into the generated forms without saving it", async () => {
    const template = JSON.parse(await readFile(templateFile(), "utf8"));
    template.entities.JobCategory.schema.properties.tagline = {
      "x-id": "fld_job_category_tagline",
      "x-label": { en: "Tagline", de: "Slogan" },
      type: "string",
      maxLength: 90,
    };
    const res = await inject("POST", "/studio/api/preview", { template, entity: "JobCategory" });
    expect(res.json().ok).toBe(true);
    expect(res.json().forms.JobCategory.create.schema.properties.tagline).toEqual({
      title: "Tagline",
      type: "string",
      maxLength: 90,
    });
    expect(Object.keys(res.json().forms)).toEqual(["JobCategory"]);
    const broken = await inject("POST", "/studio/api/preview", { template: { id: "x" } });
    expect(broken.json()).toMatchObject({ ok: false, forms: {} });
    expect(broken.json().diagnostics.length).toBeGreaterThan(0);
  });

  test("PUT saves a valid template (2-space JSON); generate then plans the migration", async () => {
    const template = JSON.parse(await readFile(templateFile(), "utf8"));
    // A change with the next minor version, as generate requires.
    const [major, minor] = (template.version as string).split(".").map(Number);
    template.version = `${major}.${minor + 1}.0`;
    template.entities.JobCategory.schema.properties.tagline = {
      "x-id": "fld_job_category_tagline",
      "x-label": { en: "Tagline", de: "Slogan" },
      type: "string",
      maxLength: 90,
    };
    const saved = await inject("PUT", "/studio/api/templates/modeling-agency", template);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ saved: true, created: false, file: "modeling-agency/template.json" });
    expect(await readFile(templateFile(), "utf8")).toBe(JSON.stringify(template, null, 2) + "\n");
    const generated = await inject("POST", "/studio/api/generate", { migrationName: "add tagline" });
    const body = generated.json();
    expect(body.ok).toBe(true);
    expect(body.migration.name).toMatch(/^\d{4}_add_tagline$/);
    expect(body.migration.sql).toContain('ADD COLUMN     "tagline" VARCHAR(90)');
    expect(body.changed).toEqual(
      expect.arrayContaining(["modeling-agency/registry.ts", "modeling-agency/forms/JobCategory.json"]),
    );
    // Dry run: the repository's generated/ is untouched.
    expect(
      await readFile(path.join(ROOT, "generated", "modeling-agency", "forms", "JobCategory.json"), "utf8"),
    ).not.toContain("tagline");
    expect(body.migration.name.slice(0, 4) > (await lastMigration())).toBe(true);
  });
});

describe("template API with identity on: super admins and the admin token, never tenant users", () => {
  const SUPER_ADMIN = { email: "root@platform.example", name: "Rita Root", password: "platform horse battery" };
  const PASSWORD = "correct horse battery";
  let secure: StudioServer;
  let superAdmin: string;
  let tenantAdmin: string;
  let talent: string;

  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${secure.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> };
  };
  const login = async (path: string, email: string, password: string, headers: Record<string, string> = {}) => {
    const res = await post(path, { email, password }, headers);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.accessToken as string;
  };
  const call = (method: "GET" | "POST", url: string, headers: Record<string, string>, payload?: unknown) =>
    secure.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const bearer = (token: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    ...extra,
  });
  const draft = async () =>
    JSON.parse(await readFile(path.join(secure.templatesDir, "modeling-agency", "template.json"), "utf8"));

  beforeAll(async () => {
    secure = await startStudioServer({ identity: { signupRole: "talent" } });
    await createTenant(secure, "acme", "modeling-agency");
    expect((await secure.api("POST", "/api/v1/platform/bootstrap", SUPER_ADMIN)).status).toBe(201);
    superAdmin = await login("/api/v1/platform/auth/login", SUPER_ADMIN.email, SUPER_ADMIN.password);

    // A tenant admin, invited by the super admin; a talent who signed up. Both of tenant "acme".
    const tenant = { "x-tenant": "acme" };
    let before = secure.mail!.messages.length;
    expect(
      (
        await post(
          "/api/v1/tenant/invitations",
          { email: "nora@acme.example", role: "tenant-admin" },
          { ...tenant, ...bearer(superAdmin) },
        )
      ).status,
    ).toBe(201);
    const invitation = tokenIn(await secure.mail!.next("nora@acme.example", before));
    expect(
      (
        await post(
          "/api/v1/user/auth/accept-invitation",
          { token: invitation, name: "Nora Admin", password: PASSWORD },
          tenant,
        )
      ).status,
    ).toBe(200);
    tenantAdmin = await login("/api/v1/user/auth/login", "nora@acme.example", PASSWORD, tenant);

    before = secure.mail!.messages.length;
    expect(
      (
        await post(
          "/api/v1/user/auth/register",
          { email: "tia@acme.example", name: "Tia Talent", password: PASSWORD },
          tenant,
        )
      ).status,
    ).toBe(202);
    const verification = tokenIn(await secure.mail!.next("tia@acme.example", before));
    expect((await post("/api/v1/user/auth/verify-email", { token: verification }, tenant)).status).toBe(200);
    talent = await login("/api/v1/user/auth/login", "tia@acme.example", PASSWORD, tenant);
  }, 120_000);
  afterAll(async () => secure?.close());

  test("a super admin's platform access token lists, reads and previews templates", async () => {
    const list = await call("GET", "/studio/api/templates", bearer(superAdmin));
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((t: { id: string }) => t.id)).toEqual(templates.map((t) => t.id));
    const read = await call("GET", "/studio/api/templates/modeling-agency", bearer(superAdmin));
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: "modeling-agency" });
    expect(read.json().diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    const preview = await call("POST", "/studio/api/preview", bearer(superAdmin), {
      template: await draft(),
      entity: "Job",
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ ok: true });
    expect(Object.keys(preview.json().forms)).toEqual(["Job"]);
    // Managing a tenant, the studio also sends X-Tenant: the guard does not mind.
    expect((await call("GET", "/studio/api/templates", bearer(superAdmin, { "x-tenant": "acme" }))).statusCode).toBe(
      200,
    );
  });

  test("the bootstrap admin token is retired once a super admin exists (MONO_ADMIN_TOKEN_KEEP keeps it)", async () => {
    for (const url of ["/studio/api/templates", "/studio/api/templates/luxury-club"]) {
      const res = await call("GET", url, bearer(ADMIN_TOKEN));
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.json().detail).toMatch(/retired/);
    }
    expect(
      (await call("POST", "/studio/api/preview", bearer(ADMIN_TOKEN), { template: await draft() })).statusCode,
    ).toBe(401);
  });

  test("tenant users' tokens are refused, a tenant admin's included (problem+json)", async () => {
    for (const [who, token] of [
      ["tenant admin", tenantAdmin],
      ["talent", talent],
    ] as const) {
      for (const headers of [bearer(token), bearer(token, { "x-tenant": "acme" })]) {
        for (const res of [
          await call("GET", "/studio/api/templates", headers),
          await call("GET", "/studio/api/templates/modeling-agency", headers),
          await call("POST", "/studio/api/preview", headers, { template: await draft() }),
          await call("POST", "/studio/api/generate", headers, {}),
        ]) {
          expect([401, 403], `${who}: ${res.body}`).toContain(res.statusCode);
          expect(res.headers["content-type"]).toContain("application/problem+json");
          expect(res.json().data).toBeUndefined();
        }
      }
    }
    // The tenant admin's token is good where it belongs.
    expect((await call("GET", "/api/v1/tenant/audit", bearer(tenantAdmin, { "x-tenant": "acme" }))).statusCode).toBe(
      200,
    );
  });

  test("no token, a wrong one, or a malformed header: 401 problem+json", async () => {
    for (const headers of [{}, bearer("wrong"), { authorization: "Basic abc" }]) {
      const res = await call("GET", "/studio/api/templates", headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json()).toMatchObject({ status: 401, code: "RT_ERR_UNAUTHENTICATED" });
    }
    expect((await call("POST", "/studio/api/preview", {}, { template: await draft() })).statusCode).toBe(401);
  });

  test("the public views stay public", async () => {
    expect((await call("GET", "/studio/api/registry", {})).statusCode).toBe(200);
    expect((await call("GET", "/studio/api/forms/modeling-agency/Job", {})).statusCode).toBe(200);
    expect((await call("GET", "/studio/api/session", { "x-tenant": "acme" })).json()).toMatchObject({
      tenant: { slug: "acme" },
    });
  });
});

describe("the built app", () => {
  test("client routes get index.html; assets are immutable and precompressed; unknown API paths are problems", async () => {
    for (const home of ["/studio", "/studio/"])
      expect((await inject("GET", home, undefined, {})).body).toContain('<div id="root">');
    const page = await inject("GET", "/studio/admin/modeling-agency/jobs", undefined, {});
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain('<div id="root">');
    const asset = /src="\/studio\/(assets\/[^"]+\.js)"/.exec(page.body)![1];
    const js = await inject("GET", `/studio/${asset}`, undefined, { "accept-encoding": "gzip" });
    expect(js.statusCode).toBe(200);
    expect(js.headers["cache-control"]).toContain("immutable");
    expect(js.headers["content-encoding"]).toBe("gzip");
    expect((await inject("GET", "/studio/assets/missing.js", undefined, {})).statusCode).toBe(404);
    const api = await inject("GET", "/studio/api/nothing", undefined, {});
    expect(api.statusCode).toBe(404);
    expect(api.headers["content-type"]).toContain("application/problem+json");
  });

  test("without a build, client routes explain how to build", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "mono-no-dist-"));
    const app = Fastify();
    app.decorate("registry", createRuntimeRegistry(templates, platform));
    await app.register(errorHandlerPlugin);
    await app.register(studioPlugin, { prefix: "/studio", distDir: empty });
    const res = await app.inject({ method: "GET", url: "/studio/" });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain("npm run studio:build");
    await app.close();
    await rm(empty, { recursive: true });
  });
});
