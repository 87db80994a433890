/**
 * Tags and favourites in the studio, in a real browser (headless chromium) against the BUILT
 * studio on a real runtime with identity on PostgreSQL, on a template of the tests' own (the tag
 * lab of runtime/test/tags-support.ts; nothing shipped). A tenant admin signs in, opens *Tags*
 * from the sidebar, sees the tree with usage counts, adds a tag under another, renames one,
 * moves one, merges one into another; on a record's page the tag picker autocompletes the
 * tenant's tags as they type, adds and removes tags, offers tags often used with the record's,
 * and the favourite toggle favourites and unfavourites the record. Each change is checked
 * against the API, and each page passes axe's WCAG 2.1 AA rules.
 */
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { installOwnTemplate } from "../../runtime/test/crud-support.ts";
import { RAW_TEMPLATE, TEMPLATE_ID } from "../../runtime/test/tags-support.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { launchChromium, loggedPage } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, ROOT, startStudioServer, type StudioServer } from "./support/studio-server.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { MIGRATIONS } from "../../runtime/test/crud-support.ts";

const TENANT = "taglab";
const ADMIN = { email: "tara@taglab.example", password: "correct horse battery" };

let server: StudioServer;
let browser: Browser;
let page: Page;
let problems: string[];
let token = "";
const contexts: BrowserContext[] = [];
const ids: Record<string, string> = {};

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const main = () => page.locator("main");
const audit = async (view: string) => describeViolations(view, await axeViolations(page));
/** The API as the admin (the same server the browser talks to). */
const api = (method: string, url: string, body?: unknown) =>
  server.api(method, url, body, { "x-tenant": TENANT, authorization: `Bearer ${token}` });
const tagsOf = async (recordId: string) =>
  (
    await api("GET", `/api/v1/tenant/tags/links?entity=${TEMPLATE_ID}:items&recordIds=${recordId}`)
  ).body.data[0].tags.map((t: { slug: string }) => t.slug);
const tree = async () =>
  Object.fromEntries(
    (
      (await api("GET", "/api/v1/tenant/tags")).body.data as { slug: string; parentId: string | null; id: string }[]
    ).map((t, _i, all) => [t.slug, all.find((p) => p.id === t.parentId)?.slug ?? null]),
  );

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
    `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, 'Tara', $3, now()) RETURNING "id"`,
    [tenant.rows[0].id, ADMIN.email, await hasher.hash(ADMIN.password)],
  );
  await server.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'tenant-admin')`, [
    tenant.rows[0].id,
    user.rows[0].id,
  ]);
  const login = await server.api("POST", "/api/v1/user/auth/login", ADMIN, { "x-tenant": TENANT });
  expect(login.status).toBe(200);
  token = login.body.accessToken;
  // The vocabulary and two items; the first carries `outdoor` and `studio`, the second `outdoor`.
  for (const [slug, name, parent] of [
    ["outdoor", "Outdoor", null],
    ["beach", "Beach", "outdoor"],
    ["studio", "Studio", null],
    ["night", "Night", null],
  ] as const) {
    const made = await api("POST", "/api/v1/tenant/tags", { slug, name, parentId: parent ? ids[parent] : null });
    expect(made.status).toBe(201);
    ids[slug] = made.body.id;
  }
  for (const title of ["Sunset shoot", "Portrait session"]) {
    const made = await api("POST", `/api/v1/tenant/entities/${TEMPLATE_ID}:items`, { title, published: true });
    expect(made.status).toBe(201);
    ids[title] = made.body.id;
  }
  await api("POST", "/api/v1/tenant/tags/links", {
    entity: `${TEMPLATE_ID}:items`,
    recordIds: [ids["Sunset shoot"]],
    add: ["outdoor", "studio"],
  });
  await api("POST", "/api/v1/tenant/tags/links", {
    entity: `${TEMPLATE_ID}:items`,
    recordIds: [ids["Portrait session"]],
    add: ["outdoor"],
  });
  ({ page, problems } = await loggedPage(browser, contexts));
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("tags in the studio", () => {
  test("the tag manager: the tree with counts, add under a tag, rename, move, merge", async () => {
    const port = new URL(server.url).port;
    await page.goto(`http://${TENANT}.localhost:${port}/studio/login`);
    await poll(() => page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe(TENANT);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    const link = page.locator("nav#sidebar").getByRole("link", { name: "Tags" });
    await poll(() => link.count()).toBe(1);
    await link.click();
    await page.waitForURL(/\/studio\/tags$/);
    const treeView = main().getByRole("list", { name: "Tag tree" });
    await poll(() => treeView.locator('li[data-slug="outdoor"] > .tag-row').textContent()).toContain("2 records");
    // Beach sits under Outdoor.
    expect(await treeView.locator('li[data-slug="outdoor"] li[data-slug="beach"]').count()).toBe(1);
    const found = await audit("tag manager");

    await main().getByLabel("New tag", { exact: true }).fill("Lake Side");
    await main().getByLabel("Under", { exact: true }).selectOption({ label: "Outdoor" });
    await main().getByRole("button", { name: "Add tag" }).click();
    await poll(() => treeView.locator('li[data-slug="outdoor"] li[data-slug="lake-side"]').count()).toBe(1);
    expect((await tree())["lake-side"]).toBe("outdoor");

    await main().getByRole("button", { name: "Rename Beach" }).click();
    await main().getByLabel("New name of Beach").fill("Seaside");
    await main().getByRole("button", { name: "Save" }).click();
    await poll(() => treeView.locator('li[data-slug="seaside"]').count()).toBe(1);
    expect((await tree()).seaside).toBe("outdoor");

    await main().getByLabel("Move Night under").selectOption({ label: "Studio" });
    await main().locator('li[data-slug="night"] > .tag-row').getByRole("button", { name: "Move" }).click();
    await poll(async () => (await tree()).night).toBe("studio");
    await poll(() => treeView.locator('li[data-slug="studio"] li[data-slug="night"]').count()).toBe(1);

    // Merge Studio into Outdoor: its record keeps one `outdoor`, Night moves under Outdoor.
    await main().getByLabel("Merge Studio into").selectOption({ label: "Outdoor" });
    await main().locator('li[data-slug="studio"] > .tag-row').getByRole("button", { name: "Merge" }).click();
    await poll(() => treeView.locator('li[data-slug="studio"]').count()).toBe(0);
    expect(await tagsOf(ids["Sunset shoot"])).toEqual(["outdoor"]);
    expect((await tree()).night).toBe("outdoor");
    await poll(() => main().getByRole("status").textContent()).toBe("Merged Studio.");
    found.push(...(await audit("tag manager after edits")));
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("a record's tag picker autocompletes, adds and removes tags and suggests co-occurring ones; the favourite toggle", async () => {
    // Give the second record a second tag, so Seaside co-occurs with Outdoor.
    await api("POST", "/api/v1/tenant/tags/links", {
      entity: `${TEMPLATE_ID}:items`,
      recordIds: [ids["Portrait session"]],
      add: ["seaside"],
    });
    const port = new URL(server.url).port;
    await page.goto(`http://${TENANT}.localhost:${port}/studio/admin/${TEMPLATE_ID}/items/${ids["Sunset shoot"]}`);
    const chips = main().getByRole("list", { name: "Tags of this record" });
    await poll(() => chips.textContent()).toContain("Outdoor");
    // Tags often used with Outdoor: Seaside.
    const suggestion = main().getByRole("button", { name: "Add suggested tag Seaside" });
    await poll(() => suggestion.count()).toBe(1);
    const found = await audit("record with tags");

    const input = main().getByRole("combobox", { name: "Add a tag" });
    await input.pressSequentially("lak", { delay: 20 });
    const option = main().getByRole("option", { name: /Lake Side/ });
    await poll(() => option.count()).toBe(1);
    found.push(...(await audit("tag picker open")));
    await option.click();
    await poll(() => chips.textContent()).toContain("Lake Side");
    expect(await tagsOf(ids["Sunset shoot"])).toEqual(["lake-side", "outdoor"]);
    // Enter takes the first match.
    await input.pressSequentially("nig", { delay: 20 });
    await poll(() => main().getByRole("option", { name: /Night/ }).count()).toBe(1);
    await input.press("Enter");
    await poll(async () => tagsOf(ids["Sunset shoot"])).toEqual(["lake-side", "night", "outdoor"]);
    await suggestion.click();
    await poll(async () => tagsOf(ids["Sunset shoot"])).toEqual(["lake-side", "night", "outdoor", "seaside"]);
    await main().getByRole("button", { name: "Remove tag Night" }).click();
    await poll(async () => tagsOf(ids["Sunset shoot"])).toEqual(["lake-side", "outdoor", "seaside"]);
    await poll(() => chips.textContent()).not.toContain("Night");

    const favourite = main().getByRole("button", { name: /favourite/i });
    await poll(() => favourite.getAttribute("aria-pressed")).toBe("false");
    await favourite.click();
    await poll(() => favourite.getAttribute("aria-pressed")).toBe("true");
    const favs = await api(
      "GET",
      `/api/v1/user/favourites?entity=${TEMPLATE_ID}:items&recordIds=${ids["Sunset shoot"]}`,
    );
    expect(favs.body.favourited).toEqual([ids["Sunset shoot"]]);
    await favourite.click();
    await poll(() => favourite.getAttribute("aria-pressed")).toBe("false");
    expect(
      (await api("GET", `/api/v1/user/favourites?entity=${TEMPLATE_ID}:items&recordIds=${ids["Sunset shoot"]}`)).body
        .favourited,
    ).toEqual([]);
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  });
});
