/**
 * The OpenAPI contract, held against real tools and the live server on PostgreSQL:
 * Redocly CLI (recommended rules) reports 0 errors on /openapi.json and on the tenant document
 * of each shipped template; Node's parser-level 431 is problem+json; and live answers of the
 * documented operations (sign-in, lists, records, errors) validate with Ajv 2020 against the
 * documented schemas of the very document the server serves.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { buildApp } from "../../runtime/src/app.ts";
import { LocalStorage } from "../../runtime/src/media/storage.ts";
import { createPostgresDatabase, type Database } from "../../runtime/src/db/database.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { loadOpenApiDocuments } from "../../runtime/src/operations/load-openapi.ts";
import { createRuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";
import { createTenant } from "../../runtime/test/identity-support.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { newCounts, validatorOf } from "./contract-support.ts";

const run = promisify(execFile);
const ADMIN_TOKEN = "contract-admin-token-0123456789abcdef";
const PASSWORD = "correct horse battery";

let testDb: TestDatabase;
let db: Database;
let app: FastifyInstance;
let base: string;
let dir: string;
const counts = { documents: 0, ...newCounts() };

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: "generated/prisma/migrations" });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, "generated/prisma/migrations");
  app = await buildApp({
    db,
    registry: createRuntimeRegistry(templates, platform),
    adminToken: ADMIN_TOKEN,
    rateLimit: false,
    openapi: await loadOpenApiDocuments(
      "generated",
      templates.map((t) => t.id),
    ),
    identity: {
      secret: "contract-test-secret-0123456789-abcdefghij",
      secureCookies: false,
      argon2: { memoryCost: 4096, timeCost: 2, parallelism: 1 },
      mailer: { send: async () => {} },
      publicUrl: () => "http://mono.test",
      // Every shipped template signs in here; the sign-in limiter (10 a minute) is not under test.
      rateLimit: false,
    } as never,
    // As the server has it: the media routes are part of every tenant document.
    media: {
      storage: new LocalStorage(path.join(tmpdir(), "mono-contract-media")),
      secret: "contract-media-secret-0123",
      sweepEveryMs: 0,
    },
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), "mono-contract-"));
  for (const t of templates) {
    const tenantId = await createTenant(db, t.id, [t.id]);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, 'Owner', $3, now()) RETURNING "id"`,
      [
        tenantId,
        `owner@${t.id}.test`,
        await new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 }).hash(PASSWORD),
      ],
    );
    // A tenant admin: the tenant document is the caller's, and an admin's shows every operation.
    await db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'tenant-admin')`, [
      tenantId,
      rows[0].id,
    ]);
  }
}, 60_000);

afterAll(async () => {
  console.log(
    `openapi contract: ${counts.documents} documents linted, ${counts.operations} operations exercised, ${counts.validated} responses validated, ${counts.mismatches.length} mismatches`,
  );
  await app?.close();
  await db?.close();
  await testDb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${url}`, { headers });
  expect(res.status, url).toBe(200);
  return res.json();
}

/** Redocly CLI's recommended rules on one document: its error count and the messages. */
async function lint(name: string, doc: unknown): Promise<{ errors: number; messages: string[] }> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(doc));
  const bin = path.resolve("node_modules/.bin/redocly");
  const result = await run(bin, ["lint", file, "--format=json"], {
    env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
  const report = JSON.parse(result.stdout) as {
    totals: { errors: number };
    problems: { severity: string; ruleId: string; message: string }[];
  };
  counts.documents++;
  return {
    errors: report.totals.errors,
    messages: report.problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message}`),
  };
}

/** The tenant admin's access token. */
async function signIn(id: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/user/auth/login`, {
    method: "POST",
    headers: { "x-tenant": id, "content-type": "application/json" },
    body: JSON.stringify({ email: `owner@${id}.test`, password: PASSWORD }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe("Redocly lint, recommended rules", () => {
  test("0 errors on /openapi.json", async () => {
    const { errors, messages } = await lint("global", await getJson("/openapi.json"));
    expect(messages).toEqual([]);
    expect(errors).toBe(0);
  });

  test.each(templates.map((t) => t.id))(
    "0 errors on the tenant document of %s, an admin's and an anonymous caller's",
    async (id) => {
      const token = await signIn(id);
      const full = await getJson("/api/v1/tenant/openapi.json", { "x-tenant": id, authorization: `Bearer ${token}` });
      const anonymous = await getJson("/api/v1/tenant/openapi.json", { "x-tenant": id });
      expect(Object.keys(full.paths).some((p) => p.endsWith("/bulk"))).toBe(true);
      for (const [who, doc] of [
        ["admin", full],
        ["anonymous", anonymous],
      ] as const) {
        expect(Object.keys(doc.paths)).toContain("/api/v1/user/auth/login");
        const { errors, messages } = await lint(`tenant-${id}-${who}`, doc);
        expect(messages, who).toEqual([]);
        expect(errors, who).toBe(0);
      }
    },
  );
});

test("health, readiness and metrics answer as /openapi.json documents them", async () => {
  const doc = await getJson("/openapi.json");
  const check = validatorOf(doc, counts);
  const before = counts.mismatches.length;
  for (const url of ["/health/live", "/health/ready", "/metrics"]) {
    const res = await fetch(`${base}${url}`);
    const type = res.headers.get("content-type") ?? "";
    const text = await res.text();
    counts.operations++;
    check(url, "get", res.status, { type, body: type.includes("json") ? JSON.parse(text) : text });
    expect(res.status, url).toBe(200);
  }
  expect(doc.paths["/health/ready"].get.responses["503"]).toBeDefined();
  expect(counts.mismatches.slice(before)).toEqual([]);
});

test("oversized request headers: 431 as problem+json", async () => {
  const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = httpRequest(`${base}/health/live`, { headers: { "x-big": "a".repeat(40_000) } }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end();
  });
  expect(answer.status).toBe(431);
  expect(answer.type).toMatch(/^application\/problem\+json/);
  expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: "RT_ERR_HEADERS_TOO_LARGE" });
});

test("the rate limiter's 429 is the documented problem+json with Retry-After", async () => {
  const limited = await buildApp({
    db,
    registry: createRuntimeRegistry(templates, platform),
    rateLimit: { max: 3 },
    openapi: await loadOpenApiDocuments(
      "generated",
      templates.map((t) => t.id),
    ),
  });
  try {
    const [template] = templates;
    const doc = (
      await limited.inject({ method: "GET", url: "/api/v1/tenant/openapi.json", headers: { "x-tenant": template.id } })
    ).json();
    const pathKey = `/api/v1/tenant/entities/${template.entities[0].apiName}`;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof limited.inject>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await limited.inject({ method: "GET", url: pathKey, headers: { "x-tenant": template.id } });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
    expect(doc.components.responses.TooManyRequests.headers["Retry-After"]).toBeDefined();
    const check = validatorOf(doc, counts);
    const before = counts.mismatches.length;
    check(pathKey, "get", 429, { type: String(last!.headers["content-type"]), body: last!.json() });
    expect(counts.mismatches.slice(before)).toEqual([]);
  } finally {
    await limited.close();
  }
});

describe.each(templates.map((t) => [t.id, t] as const))("live answers of %s match its document", (id, template) => {
  test("sign-in, me, every entity's list and a record read, and errors", async () => {
    // The document of the caller that makes the calls below.
    const doc = await getJson("/api/v1/tenant/openapi.json", {
      "x-tenant": id,
      authorization: `Bearer ${await signIn(id)}`,
    });
    const check = validatorOf(doc, counts);
    const call = async (
      method: string,
      url: string,
      pathKey: string,
      options: { body?: unknown; token?: string } = {},
    ) => {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: {
          "x-tenant": id,
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const type = res.headers.get("content-type") ?? "";
      const text = await res.text();
      const body = type.includes("json") && text ? JSON.parse(text) : text;
      counts.operations++;
      check(pathKey, method.toLowerCase(), res.status, { type, body });
      return { status: res.status, body };
    };
    const login = await call("POST", "/api/v1/user/auth/login", "/api/v1/user/auth/login", {
      body: { email: `owner@${id}.test`, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const token = (login.body as { accessToken: string }).accessToken;
    await call("POST", "/api/v1/user/auth/login", "/api/v1/user/auth/login", {
      body: { email: `owner@${id}.test`, password: "wrong password" },
    });
    await call("GET", "/api/v1/user/auth/me", "/api/v1/user/auth/me", { token });
    await call("GET", "/api/v1/user/auth/me", "/api/v1/user/auth/me");
    await call("GET", "/api/v1/user/auth/csrf", "/api/v1/user/auth/csrf");
    for (const entity of template.entities) {
      const collection = `/api/v1/tenant/entities/${entity.apiName}`;
      await call("GET", `${collection}?limit=2&total=true`, collection, { token });
      await call("GET", `${collection}?limit=0`, collection, { token });
      await call("GET", `${collection}/00000000-0000-4000-8000-000000000000`, `${collection}/{id}`, { token });
      await call("GET", `/api/v1/tenant/schemas/${entity.apiName}`, "/api/v1/tenant/schemas/{entity}", { token });
    }
    // Email (runtime/src/email): the tenant admin's delivery log, templates, overrides, preview, branding.
    const deliveries = "/api/v1/tenant/email/deliveries";
    expect((await call("GET", `${deliveries}?limit=5`, deliveries, { token })).status).toBe(200);
    expect((await call("GET", `${deliveries}?filter[status]=lost`, deliveries, { token })).status).toBe(400);
    expect((await call("GET", deliveries, deliveries)).status).toBe(401);
    const listed = await call("GET", "/api/v1/tenant/email/templates", "/api/v1/tenant/email/templates", { token });
    const key = (listed.body as { data: { key: string; locales: string[] }[] }).data[0];
    const preview = "/api/v1/tenant/email/preview";
    expect(
      (await call("POST", preview, preview, { token, body: { template: key.key, locale: key.locales[0] } })).status,
    ).toBe(200);
    expect(
      (await call("POST", preview, preview, { token, body: { template: key.key, mjml: "<mjml><mj-bogus/></mjml>" } }))
        .status,
    ).toBe(400);
    const override = `/api/v1/tenant/email/templates/${key.key}/${key.locales[0]}`;
    const overrideKey = "/api/v1/tenant/email/templates/{key}/{locale}";
    const mjml =
      "<mjml><mj-body><mj-section><mj-column><mj-text>Hi</mj-text></mj-column></mj-section></mj-body></mjml>";
    expect(
      (await call("PUT", override, overrideKey, { token, body: { subject: "S", mjml: "<mjml><mj-x/></mjml>" } }))
        .status,
    ).toBe(400);
    expect((await call("PUT", override, overrideKey, { token, body: { subject: "S", mjml } })).status).toBe(200);
    expect((await call("DELETE", override, overrideKey, { token })).status).toBe(204);
    expect((await call("DELETE", override, overrideKey, { token })).status).toBe(404);
    const branding = "/api/v1/tenant/email/branding";
    expect((await call("PUT", branding, branding, { token, body: { primaryColor: "#102030" } })).status).toBe(200);
    expect((await call("PUT", branding, branding, { token, body: { primaryColor: "blue" } })).status).toBe(400);
    expect((await call("GET", branding, branding, { token })).status).toBe(200);
    // Tenant branding (runtime/src/branding): the admin's read and change, a refused low contrast.
    const theme = "/api/v1/tenant/branding";
    expect((await call("GET", theme, theme, { token })).status).toBe(200);
    expect((await call("PUT", theme, theme, { token, body: { radius: 4 } })).status).toBe(200);
    expect((await call("PUT", theme, theme, { token, body: { textColor: "#eeeeee" } })).status).toBe(400);
    expect((await call("GET", theme, theme)).status).toBe(401);
    expect(counts.mismatches).toEqual([]);
  });
});
