/**
 * Swagger UI's try-it-out against the real server (issue 9): the requests Swagger UI builds
 * from the served documents are requests the server accepts.
 *
 * 1. swagger-client's `buildRequest` (the request builder swagger-ui-dist bundles, pinned to the
 *    release the bundled Swagger UI shipped with) builds list (one-level `filter[field:op]`,
 *    sort, fields, include, limit/total, cursor, offset), get, create, update and delete of every
 *    entity of every shipped template from each tenant's served document, and sends them: every
 *    answer is the documented success status, never a 400.
 * 2. In Chromium, `/docs` at a tenant's host: authorize with a bearer token, try out a list
 *    operation with a filter, execute, and read a 200 with the filtered record in the page.
 *
 * Why /docs seemed to render only its first two tags: Swagger UI 5.34 lists operations in a
 * virtualised list (only the rows on screen are in the DOM; the rest appear on scrolling). The
 * test finds the operation with the filter box /docs turns on.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser } from "playwright-core";
import SwaggerClient from "swagger-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { EntityRegistry } from "../../engine/src/contract/registry-types.ts";
import { sampleCreateBody } from "../../engine/src/index.ts";
import { loadOpenApiDocuments } from "../../runtime/src/operations/load-openapi.ts";
import {
  allTemplates,
  createAccount,
  createTenant,
  createUser,
  startAuthzApp,
  type AuthzEnv,
} from "../../runtime/test/authz-support.ts";
import { creationOrder, entityIr } from "../../runtime/test/crud-support.ts";
import { launchChromium } from "../studio/support/browser.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

type Doc = { paths: Record<string, Record<string, any>>; components: Record<string, Record<string, unknown>> };
interface BuiltRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}
const client = SwaggerClient as unknown as {
  buildRequest(options: Record<string, unknown>): BuiltRequest;
  resolveSubtree(spec: unknown, path: string[], options?: Record<string, unknown>): Promise<{ spec: unknown }>;
  http(request: BuiltRequest): Promise<{ status: number; body: unknown; text: string }>;
};

let env: AuthzEnv;
let base: string;
let browser: Browser;
const tenants = new Map<string, { slug: string; token: string; accountId: string; doc: Doc }>();

beforeAll(async () => {
  env = await startAuthzApp({
    extra: {
      openapi: await loadOpenApiDocuments(
        path.join(ROOT, "generated"),
        allTemplates.map((t) => t.id),
      ),
    },
  });
  await env.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  for (const t of allTemplates) {
    const slug = `swagger-${t.id}`;
    const tenantId = await createTenant(env.db, slug, [t.id]);
    const accountId = await createAccount(env.db, tenantId, "agency", "Swagger agency");
    const admin = await createUser(env, tenantId, slug, { roles: [["tenant-admin", null]] });
    const res = await fetch(`${base}/api/v1/tenant/openapi.json`, {
      headers: { "x-tenant": slug, authorization: `Bearer ${admin.token}` },
    });
    expect(res.status).toBe(200);
    tenants.set(t.id, { slug, token: admin.token, accountId, doc: (await res.json()) as Doc });
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await env?.app.close();
  await env?.close();
});

/**
 * The document with one operation's local `$ref`s replaced by what they point at, as Swagger
 * UI holds it after resolving that operation's subtree (swagger-client's own resolver takes
 * ~10 s per operation of these documents; the first test checks both give the same request).
 */
function withResolved(doc: Doc, route: string, method: string): Doc {
  const resolve = (node: unknown, seen: Set<string>): unknown => {
    if (Array.isArray(node)) return node.map((n) => resolve(n, seen));
    if (!node || typeof node !== "object") return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === "string" && ref.startsWith("#/")) {
      if (seen.has(ref)) return node; // a cycle stays a reference
      const target = ref
        .slice(2)
        .split("/")
        .reduce<any>((at, key) => at?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
      return resolve(target, new Set([...seen, ref]));
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, seen)]));
  };
  const item = doc.paths[route];
  return { ...doc, paths: { ...doc.paths, [route]: { ...item, [method]: resolve(item[method], new Set()) } } };
}

/** The request Swagger UI's execute builds for an operation, as swagger-client builds it. */
function build(
  templateId: string,
  route: string,
  method: string,
  parameters: Record<string, unknown>,
  requestBody?: unknown,
): BuiltRequest {
  const { doc, token, slug, accountId } = tenants.get(templateId)!;
  const operationId = doc.paths[route]?.[method]?.operationId;
  expect(operationId, `${method} ${route}`).toBeTruthy();
  return client.buildRequest({
    spec: withResolved(doc, route, method),
    operationId,
    parameters: { "X-Tenant": slug, "X-Account-Id": accountId, ...parameters },
    securities: { authorized: { bearerAuth: { value: token } } },
    contextUrl: `${base}/api/v1/tenant/openapi.json`,
    // Swagger UI hands over the text of its body editor.
    ...(requestBody === undefined
      ? {}
      : { requestBody: JSON.stringify(requestBody), requestContentType: "application/json" }),
    responseContentType: "application/json",
  });
}

/** Sent as Swagger UI's execute sends it: swagger-client's `http` (which serialises the body). */
async function send(request: BuiltRequest): Promise<{ status: number; body: any }> {
  try {
    const response = await client.http(request);
    return { status: response.status, body: response.body };
  } catch (error) {
    const response = (error as { response?: { status: number; body: unknown } }).response;
    if (!response) throw error;
    return { status: response.status, body: response.body };
  }
}

const collection = (e: EntityRegistry) => `/api/v1/tenant/entities/${e.apiName}`;

describe("swagger-client's request builder", () => {
  test("builds the same list request from its own resolver's subtree as from the resolved document", async () => {
    const [template] = allTemplates;
    const { doc } = tenants.get(template.id)!;
    const entity = creationOrder(template)[0];
    const route = collection(entity);
    const values = { filter: { "createdAt:lte": "2030-01-01T00:00:00Z" }, sort: "-createdAt", limit: 2 };
    const ours = build(template.id, route, "get", values);
    const { spec: subtree } = await client.resolveSubtree(doc, ["paths", route, "get"]);
    const theirs = client.buildRequest({
      spec: { ...doc, paths: { ...doc.paths, [route]: { ...doc.paths[route], get: subtree } } },
      operationId: doc.paths[route].get.operationId,
      parameters: {
        "X-Tenant": tenants.get(template.id)!.slug,
        "X-Account-Id": tenants.get(template.id)!.accountId,
        ...values,
      },
      securities: { authorized: { bearerAuth: { value: tenants.get(template.id)!.token } } },
      contextUrl: `${base}/api/v1/tenant/openapi.json`,
      responseContentType: "application/json",
    });
    expect(theirs).toEqual(ours);
    expect(decodeURIComponent(ours.url)).toContain("filter[createdAt:lte]=2030-01-01T00:00:00Z");
    expect(ours.headers["X-Tenant"]).toBe(tenants.get(template.id)!.slug);
  }, 60_000);

  test.each(allTemplates.map((t) => [t.id, t] as const))(
    "%s: list, get, create, update and delete of every entity are accepted",
    async (id, template) => {
      const problems: string[] = [];
      const expectStatus = (what: string, got: { status: number; body: unknown }, want: number) => {
        if (got.status !== want) problems.push(`${what}: ${got.status} ${JSON.stringify(got.body).slice(0, 300)}`);
      };
      const created = new Map<string, string[]>();
      let requests = 0;
      for (const entity of creationOrder(template)) {
        const c = collection(entity);
        const record = `${c}/{id}`;
        const ir = await entityIr(id, entity.name);
        const made: string[] = [];
        for (let seed = 1; made.length < 3 && seed < 60; seed++) {
          const body = sampleCreateBody(ir, seed);
          entity.relations.forEach((relation, i) => {
            const targets = relation.foreignKey ? created.get(relation.target) : undefined;
            if (relation.foreignKey && targets?.length)
              body[relation.foreignKey] = targets[Math.floor(seed / 2 ** i) % targets.length];
          });
          const res = await send(build(id, c, "post", {}, body));
          requests++;
          if (res.status === 409) continue;
          expectStatus(`${entity.name} create`, res, 201);
          if (res.status !== 201) break;
          made.push(res.body.id);
        }
        if (made.length < 3) {
          problems.push(`${entity.name}: only ${made.length} records created`);
          continue;
        }
        const [first, second, doomed] = made;
        created.set(entity.name, [first, second]);
        const filter = { "id:in": `${first},${second}`, "createdAt:lte": "2100-01-01T00:00:00Z" };
        const page1 = await send(build(id, c, "get", { filter, sort: "-createdAt,id", limit: 1, total: true }));
        expectStatus(`${entity.name} list`, page1, 200);
        if (page1.status === 200 && page1.body.page.total !== 2)
          problems.push(`${entity.name} list: total ${page1.body.page.total}, not 2`);
        const cursor = page1.body?.page?.nextCursor;
        const page2 = await send(build(id, c, "get", { filter, sort: "-createdAt,id", limit: 1, cursor }));
        expectStatus(`${entity.name} list (cursor)`, page2, 200);
        const numbered = await send(build(id, c, "get", { filter, sort: "id", limit: 1, offset: 1 }));
        expectStatus(`${entity.name} list (offset)`, numbered, 200);
        const include = entity.relations[0]?.name;
        const sparse = await send(build(id, c, "get", { fields: "id,createdAt", ...(include ? { include } : {}) }));
        expectStatus(`${entity.name} list (fields, include)`, sparse, 200);
        const one = await send(build(id, record, "get", { id: first, ...(include ? { include } : {}) }));
        expectStatus(`${entity.name} get`, one, 200);
        const patched = await send(build(id, record, "patch", { id: second }, {}));
        expectStatus(`${entity.name} update`, patched, 200);
        const deleted = await send(build(id, record, "delete", { id: doomed }));
        expectStatus(`${entity.name} delete`, deleted, 204);
        requests += 7;
      }
      expect(problems).toEqual([]);
      expect(requests).toBeGreaterThanOrEqual(template.entities.length * 10);
    },
    60_000,
  );
});

test("in Chromium, /docs at the tenant's host: authorize, try out a filtered list, execute, 200", async () => {
  const template = allTemplates.find((t) => t.id === "modeling-agency") ?? allTemplates[0];
  const { slug, token } = tenants.get(template.id)!;
  const entity = creationOrder(template)[0];
  const route = collection(entity);
  const { doc } = tenants.get(template.id)!;
  const { operationId, tags } = doc.paths[route].get as { operationId: string; tags: string[] };
  // A record to find, and one the filter leaves out.
  const seeded: string[] = [];
  for (let seed = 100; seeded.length < 2 && seed < 160; seed++) {
    const res = await send(
      build(template.id, route, "post", {}, sampleCreateBody(await entityIr(template.id, entity.name), seed)),
    );
    if (res.status === 201) seeded.push(res.body.id);
  }
  expect(seeded).toHaveLength(2);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const sent: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === route) sent.push(request.url());
    });
    const port = new URL(base).port;
    // The tenant comes from the host (<slug>.localhost), as on a deployment: no X-Tenant needed.
    await page.goto(`http://${slug}.localhost:${port}/docs`);
    await page
      .locator(".scheme-container")
      .getByRole("button", { name: /Authorize/ })
      .click({ timeout: 90_000 });
    const dialog = page.locator(".auth-container", { hasText: "bearerAuth" }).first();
    await dialog.locator("input").first().fill(token);
    await dialog.getByRole("button", { name: "Apply credentials" }).click();
    await dialog.getByRole("button", { name: "Remove authorization" }).waitFor();
    await page.locator(".modal-ux").getByRole("button", { name: "Close" }).first().click();
    // The operation, found with the filter box (the list only holds what is on screen) and opened.
    await page.getByPlaceholder("Filter by tag or path").fill(tags[0]);
    const operation = page.locator(`#operations-${tags[0]}-${operationId}`);
    await operation.locator(".opblock-summary-control").click({ timeout: 90_000 });
    const tryOut = operation.getByRole("button", { name: "Try it out" });
    await tryOut.click({ timeout: 90_000 });
    await operation.locator("tr[data-param-name=filter] textarea").fill(JSON.stringify({ "id:in": seeded[0] }));
    await operation.getByRole("button", { name: "Execute" }).click();
    const status = operation.locator(".live-responses-table .response .response-col_status").first();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toMatch(/^\s*200/);
    const body = await operation.locator(".live-responses-table .response-col_description pre").first().textContent();
    expect(body).toContain(seeded[0]);
    expect(body).not.toContain(seeded[1]);
    // Every default Swagger UI filled in went along too (limit, total, highlight).
    expect(sent[0]).toMatch(/[?&]highlight=false(&|$)/);
    expect(sent).toHaveLength(1);
    expect(decodeURIComponent(sent[0])).toContain(`filter[id:in]=${seeded[0]}`);
  } finally {
    await context.close();
  }
}, 120_000);
