/**
 * Tenant branding in the studio, in a real browser (headless chromium) against the BUILT studio
 * on a real runtime with identity on PostgreSQL, on a template of the tests' own (the tag lab of
 * runtime/test/tags-support.ts; nothing shipped). A tenant admin opens *Branding*, the preview
 * follows what they type before anything is saved, a low-contrast text colour is named at its
 * field as they type, Save stores it (checked against the API) and the studio's own pages and an
 * end-user form take the tenant's colours at once from its /branding.css; a second tenant's
 * studio has its own. Screenshots of both tenants' themes; the page passes axe's WCAG 2.1 AA.
 */
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { buildEntityForm } from "../../generators/src/forms/build-entity-form.ts";
import { installOwnTemplate } from "../../runtime/test/crud-support.ts";
import { RAW_TEMPLATE, TEMPLATE_ID } from "../../runtime/test/tags-support.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { launchChromium, loggedPage, screenshot } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, ROOT, startStudioServer, type StudioServer } from "./support/studio-server.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { MIGRATIONS } from "../../runtime/test/crud-support.ts";

const TENANTS = ["brand-one", "brand-two"] as const;
const PASSWORD = "correct horse battery";
const email = (slug: string) => `admin@${slug}.example`;

let server: StudioServer;
let generatedDir = "";
let browser: Browser;
const contexts: BrowserContext[] = [];
const tokens: Record<string, string> = {};

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const api = (slug: string, method: string, url: string, body?: unknown) =>
  server.api(method, url, body, { "x-tenant": slug, authorization: `Bearer ${tokens[slug]}` });
/** A CSS custom property of `.app` (the studio's tokens, mapped to the tenant's). */
const appVar = (page: Page, name: string) =>
  page.locator(".app").evaluate((el, n) => getComputedStyle(el).getPropertyValue(n).trim(), name);
const hexToRgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

beforeAll(async () => {
  await ensureStudioBuilt();
  const own = await installOwnTemplate(RAW_TEMPLATE, "tag-lab.json");
  const database = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(database.url);
  await migrateUp(db, MIGRATIONS);
  await db.close();
  await own.apply(database.url);
  // The studio reads form specs from generated/<template>/forms: the repository's generated output
  // (linked) and the lab's Item form, as `generate` writes it.
  generatedDir = await mkdtemp(path.join(os.tmpdir(), "mono-branding-generated-"));
  for (const entry of await readdir(path.join(ROOT, "generated")))
    await symlink(path.join(ROOT, "generated", entry), path.join(generatedDir, entry));
  await mkdir(path.join(generatedDir, TEMPLATE_ID, "forms"), { recursive: true });
  const item = own.ir.entities.find((e) => e.name === "Item")!;
  await writeFile(
    path.join(generatedDir, TEMPLATE_ID, "forms", "Item.json"),
    JSON.stringify(buildEntityForm(own.ir, item)),
  );
  server = await startStudioServer({
    identity: {},
    database,
    generated: { dir: generatedDir, templates: [...templates, own.registry], platform },
  });
  browser = await launchChromium();
  const hasher = new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 });
  for (const slug of TENANTS) {
    await createTenant(server, slug, TEMPLATE_ID);
    const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [slug]);
    const user = await server.db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, 'Admin', $3, now()) RETURNING "id"`,
      [tenant.rows[0].id, email(slug), await hasher.hash(PASSWORD)],
    );
    await server.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'tenant-admin')`, [
      tenant.rows[0].id,
      user.rows[0].id,
    ]);
    const login = await server.api(
      "POST",
      "/api/v1/user/auth/login",
      { email: email(slug), password: PASSWORD },
      {
        "x-tenant": slug,
      },
    );
    expect(login.status).toBe(200);
    tokens[slug] = login.body.accessToken;
  }
  // The second tenant's theme, set through the API: dark green on pale green.
  const two = await api("brand-two", "PUT", "/api/v1/tenant/branding", {
    primaryColor: "#14532d",
    backgroundColor: "#ecfdf5",
    textColor: "#052e16",
  });
  expect(two.status).toBe(200);
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  if (generatedDir) await rm(generatedDir, { recursive: true, force: true });
});

async function signIn(slug: string): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await loggedPage(browser, contexts);
  const port = new URL(server.url).port;
  await page.goto(`http://${slug}.localhost:${port}/studio/login`);
  await poll(() => page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe(slug);
  await page.getByLabel("Email").fill(email(slug));
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await poll(() => page.locator("nav#sidebar").getByRole("link", { name: "Branding" }).count()).toBe(1);
  return { page, problems };
}

test("the branding page: live preview, contrast warning as you type, save, applied at once; two tenants", async () => {
  const { page, problems } = await signIn("brand-one");
  await page.locator("nav#sidebar").getByRole("link", { name: "Branding" }).click();
  await page.waitForURL(/\/studio\/branding$/);
  const main = page.locator("main");
  const primary = main.getByLabel("Primary", { exact: true }).first();
  await poll(() => primary.inputValue()).toBe("#2563eb");
  const button = main.getByTestId("brand-preview").getByRole("button", { name: "Primary action" });
  const previewBg = () => button.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await previewBg()).toBe(hexToRgb("#2563eb"));

  // The preview follows each keystroke; nothing is saved yet.
  await primary.fill("#7c2d12");
  await poll(previewBg).toBe(hexToRgb("#7c2d12"));
  expect((await api("brand-one", "GET", "/api/v1/tenant/branding")).body.primaryColor).toBe("#2563eb");

  // A text colour too light for the background: named at its field while typing.
  const text = main.locator('input[name="textColor"]');
  await text.fill("#b0b0b0");
  await poll(() => text.getAttribute("aria-invalid")).toBe("true");
  const note = main.locator("#brand-light-textColor-note");
  await poll(() => note.textContent()).toMatch(/contrast of textColor #b0b0b0 on backgroundColor #f6f7fb .*4\.5:1/);
  // Saving it anyway: the server refuses it with the same pointer, the field keeps the message.
  await main.getByRole("button", { name: "Save branding" }).click();
  await poll(() => main.getByText("The branding was not saved").count()).toBe(1);
  expect((await api("brand-one", "GET", "/api/v1/tenant/branding")).body.textColor).toBe("#1b2130");

  await text.fill("#1c1917");
  await poll(() => note.count()).toBe(0);
  await main.locator('input[name="backgroundColor"]').fill("#fff7ed");
  expect(describeViolations("branding page", await axeViolations(page))).toEqual([]);

  await main.getByRole("button", { name: "Save branding" }).click();
  await poll(() => main.getByRole("status").textContent()).toBe("Branding saved.");
  const saved = (await api("brand-one", "GET", "/api/v1/tenant/branding")).body;
  expect(saved).toMatchObject({ primaryColor: "#7c2d12", textColor: "#1c1917", backgroundColor: "#fff7ed" });
  // The studio itself now wears it: its tokens come from the relinked /branding.css.
  await poll(() => appVar(page, "--bg")).toBe("#fff7ed");
  expect(await page.locator("link#tenant-branding").getAttribute("href")).toMatch(/^\/branding\.css\?tenant=brand-one/);
  const pageButton = main.getByRole("button", { name: "Save branding" });
  expect(await pageButton.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(hexToRgb("#7c2d12"));
  expect(await main.evaluate((el) => getComputedStyle(el).color)).toBe(hexToRgb("#1c1917"));
  await screenshot(page, "branding-1-page-tenant-one");

  // An end-user form of the tenant, in its colours.
  await page.goto(page.url().replace(/\/studio\/branding$/, `/studio/forms/${TEMPLATE_ID}/Item`));
  await poll(() => main.locator("form").count()).toBeGreaterThan(0);
  await poll(() => appVar(page, "--bg")).toBe("#fff7ed");
  await screenshot(page, "branding-2-form-tenant-one");

  // The other tenant's studio and form: its own theme, not the first's.
  const { page: other, problems: otherProblems } = await signIn("brand-two");
  await poll(() => appVar(other, "--bg")).toBe("#ecfdf5");
  expect(await appVar(other, "--text")).toBe("#052e16");
  await other.goto(other.url().replace(/\/studio\/.*$/, `/studio/forms/${TEMPLATE_ID}/Item`));
  await poll(() => other.locator("main form").count()).toBeGreaterThan(0);
  const submit = other.locator("main form").getByRole("button", { name: /^Submit/ });
  expect(await submit.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(hexToRgb("#14532d"));
  await screenshot(other, "branding-3-form-tenant-two");
  expect(problems).toEqual([]);
  expect(otherProblems).toEqual([]);
}, 90_000);
