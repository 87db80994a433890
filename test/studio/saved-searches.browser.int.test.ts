/**
 * Saved searches in the studio, in a real browser (headless chromium) against the BUILT studio
 * on a real runtime with identity on PostgreSQL, on the tests' own tag lab template (nothing
 * shipped). A tenant admin signs in, opens a list, saves it as a search (the list's sort, no
 * paging), opens *Saved searches*, switches the alert to the daily digest, shares it with no
 * account (the API's problem shows), deletes it. Each change is checked against the API, and
 * each page passes axe's WCAG 2.1 AA rules.
 */
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { installOwnTemplate, MIGRATIONS } from "../../runtime/test/crud-support.ts";
import { RAW_TEMPLATE, TEMPLATE_ID } from "../../runtime/test/tags-support.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { launchChromium, loggedPage } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, ROOT, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "sslab";
const ADMIN = { email: "sam@sslab.example", password: "correct horse battery" };

let server: StudioServer;
let browser: Browser;
let page: Page;
let problems: string[];
let token = "";
const contexts: BrowserContext[] = [];

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const main = () => page.locator("main");
const audit = async (view: string) => describeViolations(view, await axeViolations(page));
const api = (method: string, url: string, body?: unknown) =>
  server.api(method, url, body, { "x-tenant": TENANT, authorization: `Bearer ${token}` });
const searches = async () =>
  (await api("GET", "/api/v1/user/saved-searches")).body.data as {
    id: string;
    name: string;
    alert: string;
    query: unknown;
  }[];

beforeAll(async () => {
  await ensureStudioBuilt();
  const own = await installOwnTemplate(RAW_TEMPLATE, "tag-lab.json");
  const database = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(database.url);
  await migrateUp(db, MIGRATIONS);
  await db.close();
  await own.apply(database.url);
  server = await startStudioServer({
    identity: {},
    database,
    generated: { dir: path.join(ROOT, "generated"), templates: [...templates, own.registry], platform },
  });
  browser = await launchChromium();
  await createTenant(server, TENANT, TEMPLATE_ID);
  const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [TENANT]);
  const hasher = new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 });
  const user = await server.db.query<{ id: string }>(
    `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, 'Sam', $3, now()) RETURNING "id"`,
    [tenant.rows[0].id, ADMIN.email, await hasher.hash(ADMIN.password)],
  );
  await server.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'tenant-admin')`, [
    tenant.rows[0].id,
    user.rows[0].id,
  ]);
  const login = await server.api("POST", "/api/v1/user/auth/login", ADMIN, { "x-tenant": TENANT });
  expect(login.status).toBe(200);
  token = login.body.accessToken;
  ({ page, problems } = await loggedPage(browser, contexts));
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("saved searches in the studio", () => {
  test("save a list as a search, change its alert, share it, delete it", async () => {
    const port = new URL(server.url).port;
    await page.goto(`http://${TENANT}.localhost:${port}/studio/login`);
    await poll(() => page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe(TENANT);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(/\/studio\/(admin|$)/);
    await page.goto(`http://${TENANT}.localhost:${port}/studio/admin/${TEMPLATE_ID}/items`);
    const save = main().getByRole("button", { name: "Save search" });
    await poll(() => save.count()).toBe(1);
    const found = await audit("list with Save search");
    page.once("dialog", (dialog) => void dialog.accept("Newest items"));
    await save.click();
    await poll(() => main().getByRole("status").first().textContent()).toContain("Saved “Newest items”");
    const saved = await searches();
    expect(saved).toEqual([
      expect.objectContaining({ name: "Newest items", alert: "instant", query: { sort: "-createdAt" } }),
    ]);

    await main().getByRole("link", { name: "Saved searches" }).click();
    await page.waitForURL(/\/studio\/saved-searches$/);
    const alert = main().getByLabel("Alerts for Newest items");
    await poll(() => alert.inputValue()).toBe("instant");
    found.push(...(await audit("saved searches")));
    await alert.selectOption({ label: "Daily email digest" });
    await poll(async () => (await searches())[0].alert).toBe("digest");
    await poll(() => main().getByRole("status").textContent()).toBe("Alerts for Newest items changed.");

    // The admin has no account: sharing is refused, and the problem is shown.
    await main().getByRole("button", { name: "Share with my account" }).click();
    await poll(() => main().textContent()).toContain("A shared search needs one of your accounts.");

    await main().getByRole("button", { name: "Delete" }).click();
    await poll(async () => (await searches()).length).toBe(0);
    await poll(() => main().textContent()).toContain("No saved searches yet");
    found.push(...(await audit("no saved searches")));
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  });
});
