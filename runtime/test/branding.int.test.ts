/**
 * Tenant branding on PostgreSQL (runtime/src/branding): the tenant admin's GET/PUT with
 * problem+json pointers (unknown key, bad colour, low contrast), the public stylesheet with its
 * ETag/304 and changes visible right after a PUT, two tenants that never see each other's
 * branding, keys the payments PDFs and emails read kept, an email preview in the tenant's
 * colours and logo; every answer against /openapi.json.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase } from "../src/db/database.ts";
import { brandOf } from "../src/payments/receipt-pdf.ts";
import { as, startLab, type LabEnv, type LabUser } from "./tags-support.ts";
import { MIGRATIONS } from "./crud-support.ts";

let env: LabEnv;
let adminA: LabUser;
let adminB: LabUser;
let userA: LabUser;
let tenantA: string;
const B = "/api/v1/tenant/branding";
const counts = newCounts();
let check: ReturnType<typeof validatorOf>;

beforeAll(async () => {
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  env = await startLab(db, async () => {
    await db.close();
    await testDb.drop();
  });
  tenantA = await env.tenant("brand-a");
  const b = await env.tenant("brand-b");
  adminA = await env.user(tenantA, "brand-a", [["tenant-admin", null]]);
  userA = await env.user(tenantA, "brand-a", [["user", null]]);
  adminB = await env.user(b, "brand-b", [["tenant-admin", null]]);
  check = validatorOf((await env.app.inject({ method: "GET", url: "/openapi.json" })).json(), counts);
}, 60_000);

afterAll(async () => {
  expect(counts.mismatches).toEqual([]);
  await env?.close();
});

/** A request, its answer checked against the document (no user and no headers: no X-Tenant either). */
async function call(user: LabUser | null, method: "GET" | "PUT", url: string, body?: unknown, headers = {}) {
  const res =
    user || Object.keys(headers).length
      ? await as(env, user)(method, url, body, headers)
      : await env.app.inject({ method, url });
  const type = String(res.headers["content-type"] ?? "");
  check(url.split("?")[0], method.toLowerCase(), res.statusCode, {
    type,
    body: type.includes("json") ? res.json() : res.body,
  });
  return res;
}

describe("the branding API", () => {
  test("refuses unknown keys, malformed colours and low-contrast pairs with pointers, writing nothing", async () => {
    const before = (await call(adminA, "GET", B)).json();
    const bad = await call(adminA, "PUT", B, {
      primaryColor: "#12345",
      shadowColor: "#000",
      dark: { textColor: "rgb(300,0,0)" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(
      bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/body/dark/textColor", "/body/primaryColor", "/body/shadowColor"].sort());
    const low = await call(adminA, "PUT", B, { textColor: "#999999" });
    expect(low.statusCode).toBe(400);
    expect(low.json().errors).toContainEqual({
      pointer: "/body/textColor",
      message: expect.stringMatching(
        /contrast of textColor #999999 on backgroundColor #f6f7fb is 2\.\d+:1; WCAG AA needs at least 4\.5:1/,
      ),
    });
    const darkLow = await call(adminA, "PUT", B, { dark: { onPrimaryColor: "#e0e0e0" } });
    expect(darkLow.json().errors[0].pointer).toBe("/body/dark/onPrimaryColor");
    const typed = await call(adminA, "PUT", B, { radius: "8px" });
    expect(typed.statusCode).toBe(400);
    expect(typed.json().errors[0].pointer).toBe("/body/radius");
    expect((await call(adminA, "GET", B)).json()).toEqual(before);
  });

  test("a tenant admin changes it; plain users and the other tenant cannot read or write it", async () => {
    const put = await call(adminA, "PUT", B, {
      primaryColor: "#0A7F5A",
      onPrimaryColor: "#ffffff",
      textColor: "rgb(17, 24, 39)",
      logoUrl: "https://cdn.example.test/brand-a.png",
      fontFamily: "serif",
      radius: 12,
      footer: "Brand A footer",
      dark: { primaryColor: "#6ee7b7", onPrimaryColor: "#052e16" },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      primaryColor: "#0a7f5a",
      textColor: "#111827",
      radius: 12,
      fontFamily: expect.stringContaining("Georgia"),
      dark: { primaryColor: "#6ee7b7", onPrimaryColor: "#052e16", textColor: "#f3f4f6" },
    });
    expect((await call(adminA, "GET", B)).json()).toEqual(put.json());
    // The keys the payments PDFs and the emails read are the same ones.
    const { rows } = await env.db.query<{ settings: unknown }>(`SELECT "settings" FROM "tenant" WHERE "id" = $1`, [
      tenantA,
    ]);
    expect(brandOf("A", rows[0].settings)).toMatchObject({ primaryColor: "#0a7f5a", footer: "Brand A footer" });

    expect((await call(userA, "GET", B)).statusCode).toBe(403);
    expect((await call(userA, "PUT", B, { radius: 2 })).statusCode).toBe(403);
    expect((await call(null, "GET", B, undefined, { "x-tenant": "brand-a" })).statusCode).toBe(401);
    // B's admin, naming A's tenant: A's token audience is not B's, and B's token is refused in A.
    const bAtA = await as(env, adminB, "brand-a")("PUT", B, { radius: 0 });
    expect(bAtA.statusCode).toBe(401);
    expect((await as(env, adminB, "brand-a")("GET", B)).statusCode).toBe(401);
    const bOwn = (await call(adminB, "GET", B)).json();
    expect(bOwn.primaryColor).not.toBe("#0a7f5a");
    expect(bOwn.radius).not.toBe(12);
    expect((await call(adminA, "GET", B)).json().radius).toBe(12);
  });
});

describe("/branding.css", () => {
  test("is public, per tenant, revalidates with its ETag, and shows a PUT at once", async () => {
    const first = await call(null, "GET", "/branding.css?tenant=brand-a");
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^text\/css/);
    expect(first.headers["cache-control"]).toBe("public, no-cache");
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.body).toContain("--brand-primary: #0a7f5a;");
    expect(first.body).toContain('--brand-logo: url("https://cdn.example.test/brand-a.png");');
    expect(first.body).toMatch(/\[data-theme="dark"\][\s\S]*--brand-primary: #6ee7b7;/);

    // By header (as the studio's API client sends it) the same sheet; B's is B's.
    const byHeader = await call(null, "GET", "/branding.css", undefined, { "x-tenant": "brand-a" });
    expect(byHeader.headers.etag).toBe(etag);
    const sheetB = await call(null, "GET", "/branding.css", undefined, { "x-tenant": "brand-b" });
    expect(sheetB.body).not.toContain("#0a7f5a");
    expect(sheetB.headers.etag).not.toBe(etag);

    const again = await call(null, "GET", "/branding.css", undefined, { "x-tenant": "brand-a", "if-none-match": etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");

    expect((await call(adminA, "PUT", B, { accentColor: "#7c2d12" })).statusCode).toBe(200);
    const changed = await call(null, "GET", "/branding.css", undefined, {
      "x-tenant": "brand-a",
      "if-none-match": etag,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.body).toContain("--brand-accent: #7c2d12;");
    expect(changed.headers.etag).not.toBe(etag);
    // B's sheet did not change with A's PUT.
    expect((await call(null, "GET", "/branding.css", undefined, { "x-tenant": "brand-b" })).headers.etag).toBe(
      sheetB.headers.etag,
    );

    const unknown = await call(null, "GET", "/branding.css", undefined, { "x-tenant": "no-such-tenant" });
    expect(unknown.statusCode).toBe(404);
    await env.db.query(`INSERT INTO "tenant" ("slug", "name", "status") VALUES ('brand-off', 'Off', 'suspended')`);
    expect((await call(null, "GET", "/branding.css?tenant=brand-off")).statusCode).toBe(403);
  });
});

test("an email of the tenant is rendered in its colours, logo, font and footer", async () => {
  const preview = await as(env, adminA)("POST", "/api/v1/tenant/email/preview", {
    template: "verify-email",
    locale: "en",
  });
  expect(preview.statusCode, preview.body).toBe(200);
  const html = preview.json().html as string;
  expect(html).toContain("#0a7f5a"); // primary: the button
  expect(html).toContain("#111827"); // text
  expect(html).toContain("https://cdn.example.test/brand-a.png");
  expect(html).toContain("Brand A footer");
  expect(html).toMatch(/font-family:\s*'Georgia', 'Times New Roman'/);
  const other = await as(env, adminB)("POST", "/api/v1/tenant/email/preview", {
    template: "verify-email",
    locale: "en",
  });
  expect(other.json().html).not.toContain("#0a7f5a");
  expect(other.json().html).not.toContain("brand-a.png");
});
