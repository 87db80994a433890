/**
 * The studio in a real browser (headless chromium) against the BUILT studio served by a real
 * runtime on PostgreSQL: the tenant admin's lists and forms, server validation errors, the schema
 * designer (preview, save, generate), the workflow editor, end-user wizards, role sidebars and a
 * phone-width layout. Every test leaves a screenshot in test-output/screenshots/.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, screenshot, studioContext, type StudioSession, roleRgb } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { ADMIN_TOKEN, createTenant, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "northlight";
const tenantHeaders = { "x-tenant": TENANT };

let server: StudioServer;
let browser: Browser;
let accountId: string;

beforeAll(async () => {
  await ensureStudioBuilt();
  server = await startStudioServer();
  browser = await launchChromium();
  await createTenant(server, TENANT, "modeling-agency");
  const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [TENANT]);
  const account = await server.db.query<{ id: string }>(
    `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'client', 'Lumen Studios') RETURNING "id"`,
    [tenant.rows[0].id],
  );
  accountId = account.rows[0].id;
  for (let i = 1; i <= 25; i++) {
    const created = await server.api(
      "POST",
      "/api/v1/tenant/entities/job-categories",
      { name: `Category ${String(i).padStart(2, "0")}`, slug: `category-${i}`, sortOrder: i },
      tenantHeaders,
    );
    expect(created.status).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(
  session: Partial<StudioSession>,
  route: string,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const context = await studioContext(
    browser,
    { persona: "tenant-admin", tenant: TENANT, adminToken: ADMIN_TOKEN, ...session },
    viewport,
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  (page as Page & { problems: string[] }).problems = problems;
  await page.goto(`${server.url}/studio/${route}`);
  return page;
}

/** Waits for a condition (the UI updates asynchronously after every click). */
const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });
const pageErrors = (page: Page) => (page as Page & { problems: string[] }).problems;
const rows = (page: Page) => page.locator("table.records tbody tr");

describe("tenant admin", () => {
  test("the entity list sorts, pages, picks columns and bulk-deletes", async () => {
    const count = async () =>
      (
        await server.api<{ page: { total: number } }>(
          "GET",
          "/api/v1/tenant/entities/job-categories?total=true&limit=1",
          undefined,
          tenantHeaders,
        )
      ).body.page.total;
    const total = await count(); // our 25 plus the template's seed categories
    const page = await open({}, "admin/modeling-agency/job-categories");
    await poll(() => rows(page).count()).toBe(20);
    await poll(() => page.locator(".pagination").textContent()).toContain(`1–20 of ${total}`);
    // Newest first by default; sort by name ascending.
    const names = () => page.locator("table.records tbody tr td:nth-child(2)").allTextContents();
    await page.getByRole("button", { name: /^Name/ }).click();
    await poll(() => page.locator("th[aria-sort=ascending]").count()).toBe(1);
    await poll(async () => {
      const shown = await names();
      return shown.length === 20 && shown.join("|") === [...shown].sort((a, b) => a.localeCompare(b, "en")).join("|");
    }).toBe(true);
    await page.getByRole("button", { name: "Next" }).click();
    await poll(() => rows(page).count()).toBe(Math.min(20, total - 20));
    await page.getByRole("button", { name: "Previous" }).click();
    await poll(() => rows(page).count()).toBe(20);
    // Column picker: hide Slug.
    await page.locator("summary", { hasText: "Columns" }).click();
    await page.getByRole("checkbox", { name: "Slug" }).uncheck();
    await poll(() => page.locator("table.records thead").textContent()).not.toContain("Slug");
    await page.locator("summary", { hasText: "Columns" }).click();
    // Bulk: select two and delete them.
    const [first, second] = await names();
    await page.getByRole("checkbox", { name: `Select ${first}` }).check();
    await page.getByRole("checkbox", { name: `Select ${second}` }).check();
    await poll(() => page.getByRole("region", { name: "Bulk actions" }).textContent()).toContain("2 selected");
    await screenshot(page, "01-admin-list-bulk-selection");
    await page.getByRole("button", { name: "Delete selected" }).click();
    await page.getByRole("button", { name: "Yes, delete" }).click();
    await poll(() => page.getByRole("status").first().textContent()).toContain("Deleted 2 record(s).");
    await poll(() => page.locator(".pagination").textContent()).toContain(`of ${total - 2}`);
    expect(await count()).toBe(total - 2);
    expect(pageErrors(page)).toEqual([]);
  });

  test("a record created through the generated form is found in the list with a filter", async () => {
    const page = await open({}, "admin/modeling-agency/job-categories");
    await page.getByRole("link", { name: "New job category" }).click();
    await page.locator("#create_name").fill("Swimwear campaigns");
    await page.locator("#create_slug").fill("swimwear");
    await page.locator("#create_description").fill("Beach and pool shoots.");
    await page.getByRole("button", { name: "Create job category" }).click();
    await page.waitForURL(/\/studio\/admin\/modeling-agency\/job-categories\/[0-9a-f-]{36}$/);
    await poll(() => page.locator("h1").textContent()).toBe("Swimwear campaigns");
    await page.getByRole("link", { name: "← Job categories" }).click();
    await page.getByRole("button", { name: /^Filters/ }).click();
    await page.locator("#filter_name").fill("swim");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await poll(() => rows(page).count()).toBe(1);
    await poll(() => rows(page).first().textContent()).toContain("Swimwear campaigns");
    await poll(() => page.getByRole("button", { name: /^Filters/ }).textContent()).toBe("Filters (1)");
    await screenshot(page, "02-admin-list-filtered");
    expect(pageErrors(page)).toEqual([]);
  });

  test("a server validation error shows on its field (duplicate slug → 409 /body/slug)", async () => {
    const page = await open({}, "admin/modeling-agency/job-categories/new");
    await page.locator("#create_name").fill("Another runway");
    await page.locator("#create_slug").fill("category-5");
    await page.getByRole("button", { name: "Create job category" }).click();
    // The innermost form group of a field (the root object is a form group too).
    const slugGroup = page.locator(".form-group", { has: page.locator("#create_slug") }).last();
    await poll(() => slugGroup.textContent()).toContain("is already used by another record");
    expect(
      await page
        .locator(".form-group", { has: page.locator("#create_name") })
        .last()
        .textContent(),
    ).not.toContain("already used");
    await screenshot(page, "03-server-error-on-field");
    // Editing an existing record goes through PATCH and shows errors the same way.
    const list = await server.api<{ data: { id: string; slug: string }[] }>(
      "GET",
      "/api/v1/tenant/entities/job-categories?filter[slug][eq]=category-6",
      undefined,
      tenantHeaders,
    );
    await page.goto(`${server.url}/studio/admin/modeling-agency/job-categories/${list.body.data[0].id}/edit`);
    await page.locator("#edit_slug").fill("category-7");
    await page.getByRole("button", { name: "Save changes" }).click();
    await poll(() =>
      page
        .locator(".form-group", { has: page.locator("#edit_slug") })
        .last()
        .textContent(),
    ).toContain("is already used by another record");
  });
});

describe("platform builder", () => {
  test("design a new entity with five fields, watch the preview, save and generate (see the migration)", async () => {
    const page = await open({ persona: "super-admin" }, "designer/modeling-agency");
    await page.locator("input[name=entityName]").fill("CastingCall");
    await page.getByRole("button", { name: "Add entity" }).click();
    await page.waitForURL(/designer\/modeling-agency\/CastingCall$/);
    const fields: [string, string, boolean][] = [
      ["title", "Text", true],
      ["fee", "Money", false],
      ["startsAt", "Date and time", true],
      ["kind", "Choice", false],
      ["contactPhone", "Phone", false],
    ];
    for (const [name, type, required] of fields) {
      await page.locator("input[name=fieldName]").fill(name);
      await page.locator("select[name=fieldType]").selectOption({ label: type });
      await page.locator("input[name=fieldRequired]").setChecked(required);
      await page.getByRole("button", { name: "Add field" }).click();
      await poll(() => page.locator(`.field-list li[data-field=${name}]`).count()).toBe(1);
    }
    const preview = page.locator(".preview-pane");
    await poll(() => preview.textContent(), 15_000).toContain("Contact phone");
    for (const label of ["Title", "Fee", "Starts at", "Kind"]) expect(await preview.textContent()).toContain(label);
    await poll(() => preview.textContent()).toContain("Preview up to date");
    // A type-specific setting: the choice values, reflected in the preview's select.
    await page.locator(".field-list li[data-field=kind] .field-select").click();
    await page.getByLabel("Choices (one per line)").fill("open-call\ninvite-only");
    await poll(() => preview.locator("#preview_kind").innerText(), 15_000).toContain("invite-only");
    await screenshot(page, "04-designer-preview");

    await page.getByRole("button", { name: "Save template" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Saved to" }).count()).toBe(1);
    const saved = JSON.parse(
      await readFile(path.join(server.templatesDir, "modeling-agency", "template.json"), "utf8"),
    );
    expect(Object.keys(saved.entities.CastingCall.schema.properties)).toEqual(fields.map(([name]) => name));
    expect(saved.entities.CastingCall.schema.required).toEqual(["title", "startsAt"]);
    expect(saved.entities.CastingCall.schema.properties.kind.enum).toEqual(["open-call", "invite-only"]);
    // Changed since the last generate (generated/modeling-agency/template.lock.json): a new minor version.
    const locked = JSON.parse(await readFile(path.resolve("generated/modeling-agency/template.lock.json"), "utf8"));
    const [major, minor] = (locked.version as string).split(".").map(Number);
    expect(saved.version).toBe(`${major}.${minor + 1}.0`);

    await page.getByRole("tab", { name: "Generate" }).click();
    await page.getByRole("button", { name: "Generate (dry run)" }).click();
    const result = page.getByRole("region", { name: "Generate result" });
    await poll(() => result.textContent(), 60_000).toContain("Planned migration");
    const sql = await page.getByLabel("Migration SQL").textContent();
    expect(sql).toContain('CREATE TABLE "modeling_agency_casting_call"');
    expect(sql).toMatch(/"feeAmount" INTEGER/i);
    await screenshot(page, "05-designer-generate-migration");
    expect(pageErrors(page)).toEqual([]);
  });

  test("a template with errors is not saved: the diagnostic shows next to its field", async () => {
    const page = await open({ persona: "super-admin" }, "designer/modeling-agency/JobCategory");
    await page.locator(".field-list li[data-field=sortOrder] .field-select").click();
    await page.getByLabel("Minimum").fill("500");
    await page.getByLabel("Maximum").fill("10");
    const field = page.locator(".field-list li[data-field=sortOrder]");
    await poll(() => field.getAttribute("class"), 15_000).toContain("has-errors");
    await poll(() => page.locator(".field-editor").textContent()).toContain("ENG_RANGE_EMPTY");
    await page.getByRole("button", { name: "Save template" }).click();
    await poll(() => page.getByRole("alert").filter({ hasText: "Not saved" }).count()).toBe(1);
    const onDisk = JSON.parse(
      await readFile(path.join(server.templatesDir, "modeling-agency", "template.json"), "utf8"),
    );
    expect(onDisk.entities.JobCategory.schema.properties.sortOrder.maximum).toBe(10000);
    await screenshot(page, "06-designer-diagnostic-on-field");
  });

  test("build and save a five-node workflow (palette, typed branches, Delete and Ctrl+Z)", async () => {
    const page = await open({ persona: "super-admin" }, "workflows/modeling-agency");
    await page.locator("input[name=workflowName]").fill("casting-review");
    await page.locator("select[name=workflowEntity]").selectOption("Job");
    await page.getByRole("button", { name: "Create workflow" }).click();
    await page.waitForURL(/workflows\/modeling-agency\/casting-review$/);
    const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
    await poll(() => node("start").count()).toBe(1);

    for (const type of ["condition", "email", "end", "end"])
      await page.getByRole("button", { name: `Add ${type} node` }).click();
    await poll(() => page.locator(".react-flow__node").count()).toBe(5);
    // The condition has no branches yet: the node says so.
    await poll(() => node("condition_1").locator(".wf-node").getAttribute("class")).toContain("invalid");
    await poll(() => node("condition_1").textContent()).toContain('No "true" branch.');

    // At the minimum zoom (labels stay legible) five nodes in a row do not all fit: "Find a node"
    // selects one and brings it into view (and focus), as a keyboard user would.
    const pick = (id: string) => page.getByLabel("Find a node").selectOption(id);
    // Connect through the inspector (the keyboard path): start → condition → true: email → end_1, false: end_2.
    const connect = async (from: string, label: string, to: string) => {
      await pick(from);
      await page.getByLabel(`${label}: next node`).selectOption(to);
    };
    await connect("start", "Then", "condition_1");
    await connect("condition_1", "When true", "email_1");
    await connect("condition_1", "When false", "end_2");
    await connect("email_1", "Then", "end_1");
    await pick("condition_1");
    await page.getByLabel("Expression").fill("record.positions > 1");
    await pick("email_1");
    await page.getByLabel("Email template").fill("application-received");
    await page.getByLabel("Recipients (comma-separated)").fill("account");
    await poll(() => page.locator(".react-flow__edge").count()).toBe(4);
    await poll(() => page.locator(".page-actions .badge").textContent()).toBe("Valid");

    // A sixth node, deleted with the Delete key, restored with Ctrl+Z, deleted again.
    await page.getByRole("button", { name: "Add webhook node" }).click();
    await pick("webhook_1");
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-id"))).toBe("webhook_1");
    await page.keyboard.press("Delete");
    await poll(() => node("webhook_1").count()).toBe(0);
    await page.keyboard.press("Control+z");
    await poll(() => node("webhook_1").count()).toBe(1);
    await page.keyboard.press("Control+y");
    await poll(() => node("webhook_1").count()).toBe(0);
    await screenshot(page, "07-workflow-editor");

    await page.getByRole("button", { name: "Save workflow" }).click();
    await poll(() => page.getByRole("status").filter({ hasText: "Saved casting-review" }).count()).toBe(1);
    const saved = JSON.parse(
      await readFile(path.join(server.templatesDir, "modeling-agency", "template.json"), "utf8"),
    );
    const workflow = saved.workflows["casting-review"];
    expect(workflow.nodes.map((n: { id: string }) => n.id).sort()).toEqual([
      "condition_1",
      "email_1",
      "end_1",
      "end_2",
      "start",
    ]);
    expect(
      workflow.edges
        .map((e: { source: string; target: string; branch?: string }) => `${e.source}-${e.branch ?? ""}->${e.target}`)
        .sort(),
    ).toEqual(["condition_1-false->end_2", "condition_1-true->email_1", "email_1-->end_1", "start-->condition_1"]);
    expect(workflow.nodes.find((n: { id: string }) => n.id === "email_1").config).toEqual({
      template: "application-received",
      to: ["account"],
    });
    expect(workflow.nodes.find((n: { id: string }) => n.id === "condition_1").config).toEqual({
      expression: "record.positions > 1",
    });
    expect(pageErrors(page)).toEqual([]);
  });

  test("the relationship view draws entities and relations", async () => {
    const page = await open({ persona: "super-admin" }, "relations/modeling-agency");
    await poll(() => page.locator(".react-flow__node").count()).toBeGreaterThanOrEqual(18);
    await poll(() => page.locator(".react-flow__edge").count()).toBeGreaterThan(10);
    await screenshot(page, "08-relationship-view");
  });
});

describe("end users and roles", () => {
  test("a client posts a job through the multi-step form", async () => {
    const page = await open({ persona: "client", accountId }, "forms/modeling-agency/Job");
    await poll(() => page.locator(".steps li").count()).toBe(6);
    await page.getByLabel(/^Title/).fill("Summer swimwear campaign");
    await page.getByLabel(/^Job type/).selectOption("campaign");
    await page.getByLabel(/^Description/).fill("Two-day beach shoot for a swimwear label, three looks.");
    const category = page.locator("select#step1_categoryId");
    await poll(() => category.locator("option").count()).toBeGreaterThan(1);
    await category.selectOption({ label: "Swimwear campaigns" });
    await page.getByRole("button", { name: "Continue" }).click();
    // Step 2 validates before leaving: the start date is required.
    await poll(() => page.locator(".step-heading").textContent()).toContain("Step 2 of 6");
    await page.getByRole("button", { name: "Continue" }).click();
    await poll(() => page.locator(".form-group.has-error, .has-error").count()).toBeGreaterThan(0);
    await page.getByLabel(/^Start/).fill("2027-06-01T09:00");
    await page.getByRole("button", { name: "Continue" }).click();
    for (let step = 3; step <= 5; step++) {
      await poll(() => page.locator(".step-heading").textContent()).toContain(`Step ${step} of 6`);
      await page.getByRole("button", { name: "Continue" }).click();
    }
    await poll(() => page.locator(".step-heading").textContent()).toContain("Step 6 of 6");
    await screenshot(page, "09-end-user-job-wizard");
    await page.getByRole("button", { name: /^Submit job/ }).click();
    await poll(() => page.locator(".success-card").textContent()).toContain("Thank you!");
    const jobs = await server.api<{ data: { title: string; accountId: string }[] }>(
      "GET",
      "/api/v1/tenant/entities/jobs?filter[title][contains]=swimwear",
      undefined,
      tenantHeaders,
    );
    expect(jobs.body.data).toHaveLength(1);
    expect(jobs.body.data[0].accountId).toBe(accountId);
    // In the tenant admin's list, the job's category column shows the category's title, not its id.
    const list = await open({}, "admin/modeling-agency/jobs");
    const row = rows(list).filter({ hasText: "Summer swimwear campaign" });
    await poll(() => row.locator("td.cell-relation").first().textContent()).toBe("Swimwear campaigns");
    await list.context().close();
  });

  test("a talent creates a profile with measurements; a taken slug comes back on its field, on its tab", async () => {
    const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [TENANT]);
    const users = await server.db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name") VALUES ($1, 'ana@example.com', 'Ana'), ($1, 'bo@example.com', 'Bo') RETURNING "id"`,
      [tenant.rows[0].id],
    );
    const taken = await server.api(
      "POST",
      "/api/v1/tenant/entities/model-profiles",
      {
        stageName: "Bo",
        slug: "ana-lima",
        gender: "male",
        dateOfBirth: "1998-01-01",
        height: { value: 185, unit: "cm" },
        city: "Paris",
        countryCode: "FR",
      },
      { ...tenantHeaders, "x-user-id": users.rows[1].id },
    );
    expect(taken.status).toBe(201);

    const page = await open({ persona: "talent", userId: users.rows[0].id }, "forms/modeling-agency/ModelProfile");
    await page.locator("#enduser_stageName").fill("Ana Lima");
    await page.locator("#enduser_slug").fill("ana-lima");
    await page.locator("#enduser_gender").selectOption("female");
    await page.locator("#enduser_dateOfBirth").fill("1999-04-12");
    // Submitting without the height: the browser validation opens the tab that has the error.
    await page.getByRole("button", { name: /^Submit model profile/ }).click();
    await poll(() => page.getByRole("tab", { selected: true }).textContent()).toContain("Measurements");
    await page.locator("#enduser_height_value").fill("178");
    await page.locator("#enduser_height_unit").selectOption("cm");
    await page.locator("#enduser_waist_value").fill("61");
    await page.locator("#enduser_waist_unit").selectOption("cm");
    await screenshot(page, "10-end-user-profile-measurements");
    await page.getByRole("tab", { name: "Availability & location" }).click();
    await page.locator("#enduser_city").fill("Berlin");
    await page.locator("#enduser_countryCode").fill("DE");
    await page.getByRole("button", { name: /^Submit model profile/ }).click();
    // The server refuses the slug (unique per tenant): the message lands on Slug, in the Basics tab.
    await poll(() => page.getByRole("tab", { selected: true }).textContent()).toBe("Basics (has errors)");
    await poll(() =>
      page
        .locator(".form-group", { has: page.locator("#enduser_slug") })
        .last()
        .textContent(),
    ).toContain("is already used by another record");
    await screenshot(page, "11-end-user-server-error-on-tab");
    await page.locator("#enduser_slug").fill("ana-lima-berlin");
    await page.getByRole("button", { name: /^Submit model profile/ }).click();
    await poll(() => page.locator(".success-card").count()).toBe(1);
    const saved = await server.api<{ data: Record<string, unknown>[] }>(
      "GET",
      "/api/v1/tenant/entities/model-profiles?filter[slug][eq]=ana-lima-berlin",
      undefined,
      tenantHeaders,
    );
    expect(saved.body.data[0]).toMatchObject({
      stageName: "Ana Lima",
      height: { value: 178, unit: "cm" },
      waist: { value: 61, unit: "cm" },
      city: "Berlin",
      userId: users.rows[0].id,
    });
    expect(pageErrors(page)).toEqual([]);
  });

  test("an agency user's sidebar differs from a tenant admin's", async () => {
    const links = async (page: Page) => page.locator("nav#sidebar a.nav-link").allTextContents();
    const admin = await open({ persona: "tenant-admin" }, "admin/modeling-agency/jobs");
    const agency = await open({ persona: "agency-owner", accountId }, "admin/modeling-agency/jobs");
    await poll(() => admin.locator("nav#sidebar").getAttribute("aria-label")).toBe("Tenant admin navigation");
    await poll(() => agency.locator("nav#sidebar").getAttribute("aria-label")).toBe("Agency owner navigation");
    const adminLinks = await links(admin);
    const agencyLinks = await links(agency);
    expect(adminLinks).toContain("Templates");
    expect(adminLinks).toContain("Favourites");
    expect(agencyLinks).not.toContain("Templates");
    expect(agencyLinks).not.toContain("Favourites");
    expect(agencyLinks).toContain("New job");
    const headColour = (page: Page) =>
      page.locator(".sidebar-head").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await headColour(admin)).toBe("rgb(37, 99, 235)");
    expect(await headColour(agency)).toBe(roleRgb("agency-owner"));
    await screenshot(admin, "12-sidebar-tenant-admin");
    await screenshot(agency, "13-sidebar-agency");
  });

  test("phone width: the list reads as cards and the menu opens the sidebar", async () => {
    const page = await open({}, "admin/modeling-agency/job-categories", { width: 390, height: 844 });
    await poll(() => rows(page).count()).toBe(20);
    expect(await page.locator("nav#sidebar").evaluate((el) => el.getBoundingClientRect().right <= 0)).toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, "14-phone-list");
    await page.getByRole("button", { name: "Menu" }).click();
    await poll(() => page.locator("nav#sidebar").evaluate((el) => Math.round(el.getBoundingClientRect().left))).toBe(0);
    await page.waitForTimeout(250);
    await screenshot(page, "15-phone-menu");
  });
});
