/**
 * Workflow runs in the studio, in a real browser (headless chromium) against the BUILT studio on
 * a real runtime with identity and the workflow runtime on PostgreSQL (the database queue: no
 * REDIS_URL), on a template of this test's own ("grant desk": a proposal goes through a committee
 * review, then a sign-off). A run is started through the API; the signed-in tenant admin finds
 * the review in their inbox (workflow, record title, step, due date flagged overdue), gets the
 * API's problem when rejecting without a comment, approves; the runs list (filtered) and the run's
 * timeline show every step; the super admin, managing the tenant, picks the run in the workflow
 * editor and sees its path on the canvas (the review done, the sign-off current) and its
 * timeline; the tenant admin cancels the run. Each page passes axe's WCAG 2.1 AA rules (the a11y
 * test's server has no identity, so no workflow API).
 *
 * The plan: the generated registry's (`WorkflowRegistry.plan`) when the engine compiled one for
 * this template, else the same workflow written here as a plan (engine/src/contract/workflow-plan.ts).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { WorkflowRegistry } from "../../engine/src/contract/registry-types.ts";
import type { WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import { platform, templates } from "../../generated/registry.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { installOwnTemplate, MIGRATIONS } from "../../runtime/test/crud-support.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { launchChromium, loggedPage } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, ROOT, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "grantdesk";
const ADMIN = { email: "mara@grantdesk.example", password: "correct horse battery" };
const ROOT_ADMIN = { email: "root@platform.example", name: "Rita Root", password: "platform horse battery" };
const WORKFLOW = "proposal-review";
const TITLE = "Solar roof for the library";

/** The test's own template: any industry; nothing here is a shipped template's. */
const RAW = {
  id: "grant-desk",
  version: "1.0.0",
  title: { en: "Grant desk" },
  locales: ["en"],
  roles: {},
  entities: {
    Proposal: {
      id: "ent_proposal",
      scope: "tenant",
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_title", type: "string", maxLength: 120, "x-label": { en: "Title" } },
          deadline: { "x-id": "fld_deadline", type: ["string", "null"], format: "date", "x-label": { en: "Deadline" } },
        },
      },
      access: { read: ["tenant-admin"], create: ["tenant-admin"], update: ["tenant-admin"], delete: ["tenant-admin"] },
    },
  },
  workflows: {
    [WORKFLOW]: {
      id: "wf_proposal_review",
      label: { en: "Proposal review" },
      entity: "Proposal",
      nodes: [
        {
          id: "start",
          type: "trigger",
          config: { on: "manual", actors: ["tenant-admin"] },
          position: { x: 0, y: 100 },
        },
        {
          id: "committee-review",
          type: "approval",
          label: { en: "Committee review" },
          config: { assignees: ["tenant-admin"], due: "record.deadline" },
          position: { x: 260, y: 100 },
        },
        {
          id: "sign-off",
          type: "approval",
          label: { en: "Final sign-off" },
          config: { assignees: ["tenant-admin"] },
          position: { x: 520, y: 40 },
        },
        { id: "granted", type: "end", config: { outcome: "granted" }, position: { x: 780, y: 40 } },
        { id: "closed", type: "end", config: { outcome: "closed" }, position: { x: 780, y: 220 } },
      ],
      edges: [
        { id: "e-start", source: "start", target: "committee-review" },
        { id: "e-review-ok", source: "committee-review", target: "sign-off", branch: "approved" },
        { id: "e-review-no", source: "committee-review", target: "closed", branch: "rejected" },
        { id: "e-sign-ok", source: "sign-off", target: "granted", branch: "approved" },
        { id: "e-sign-no", source: "sign-off", target: "closed", branch: "rejected" },
      ],
    },
  },
};

const tenantAdmin = [{ kind: "role", role: "tenant-admin" }] as const;
/** The workflow above as the engine compiles it (used when the generated registry carries no plan). */
const PLAN: WorkflowPlan = {
  name: WORKFLOW,
  id: "wf_proposal_review",
  version: "grant-desk-test-1",
  entity: "Proposal",
  statusField: null,
  start: "start",
  compensations: {},
  nodes: {
    start: { id: "start", kind: "trigger", trigger: { on: "manual", parties: tenantAdmin }, next: "committee-review" },
    "committee-review": {
      id: "committee-review",
      kind: "approval",
      assignees: tenantAdmin,
      minApprovals: 1,
      excludeAuthor: false,
      due: { kind: "field", path: [], field: "deadline" },
      next: { approved: "sign-off", rejected: "closed" },
    },
    "sign-off": {
      id: "sign-off",
      kind: "approval",
      assignees: tenantAdmin,
      minApprovals: 1,
      excludeAuthor: false,
      due: null,
      next: { approved: "granted", rejected: "closed" },
    },
    granted: { id: "granted", kind: "end", outcome: "granted" },
    closed: { id: "closed", kind: "end", outcome: "closed" },
  },
};

let server: StudioServer;
let browser: Browser;
let page: Page;
let problems: string[];
let recordId: string;
let runId = "";
const contexts: BrowserContext[] = [];

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const main = (p = page) => p.locator("main");
const sidebar = (p = page) => p.locator("nav#sidebar");
const audit = async (view: string, p = page) => describeViolations(view, await axeViolations(p));

async function apiLogin(url: string, email: string, password: string, headers: Record<string, string>) {
  const login = await fetch(server.url + url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ email, password }),
  });
  expect(login.status).toBe(200);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  await ensureStudioBuilt();
  const own = await installOwnTemplate(RAW, "grant-desk.json");
  const compiled = (own.registry.workflows as readonly (WorkflowRegistry & { plan?: WorkflowPlan })[]).find(
    (w) => w.name === WORKFLOW,
  )?.plan;
  // The shipped migrations, then the own template's tables; the server migrates nothing more.
  const database = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(database.url);
  await migrateUp(db, MIGRATIONS);
  await db.close();
  await own.apply(database.url);
  server = await startStudioServer({
    identity: {},
    database,
    generated: { dir: path.join(ROOT, "generated"), templates: [...templates, own.registry], platform },
    workflows: compiled
      ? {}
      : { planFor: (_tenant, name) => (name === WORKFLOW ? { templateId: RAW.id, plan: PLAN } : null) },
  });
  // The super admin's workflow editor reads the template from the design API's folder (a temp copy).
  await writeFile(path.join(server.templatesDir, "grant-desk.json"), JSON.stringify(RAW, null, 2));
  browser = await launchChromium();
  await createTenant(server, TENANT, RAW.id);
  const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [TENANT]);
  const hash = await new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 }).hash(ADMIN.password);
  const user = await server.db.query<{ id: string }>(
    `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, 'Mara Admin', $3, now()) RETURNING "id"`,
    [tenant.rows[0].id, ADMIN.email, hash],
  );
  await server.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'tenant-admin')`, [
    tenant.rows[0].id,
    user.rows[0].id,
  ]);
  expect((await server.api("POST", "/api/v1/platform/bootstrap", ROOT_ADMIN)).status).toBe(201);

  // A proposal whose deadline has long passed (the run's review is overdue from the start).
  const token = await apiLogin("/api/v1/user/auth/login", ADMIN.email, ADMIN.password, { "x-tenant": TENANT });
  const created = await server.api<{ id: string }>(
    "POST",
    "/api/v1/tenant/entities/proposals",
    { title: TITLE, deadline: "2001-02-03" },
    { "x-tenant": TENANT, authorization: `Bearer ${token}` },
  );
  expect(created.status).toBe(201);
  recordId = created.body.id;
  ({ page, problems } = await loggedPage(browser, contexts));
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("workflow runs in the studio", () => {
  test("the tenant admin starts a run by hand: a record that is not there is the API's problem on the field; then the run's page", async () => {
    await page.goto(`${server.url}/studio/login`);
    await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => sidebar().getAttribute("aria-label")).toBe("Tenant admin navigation");
    await sidebar().getByRole("link", { name: "Workflow runs" }).click();
    await page.waitForURL(/\/studio\/runs$/);
    const form = main().getByRole("form", { name: "Start a run" });
    await poll(() => form.getByLabel("Workflow to start").locator("option").allTextContents()).toEqual([
      "Proposal review",
    ]);
    const record = form.getByLabel("Proposal id");
    await record.fill("00000000-0000-4000-8000-000000000000");
    await form.getByRole("button", { name: "Start run" }).click();
    await poll(() => record.getAttribute("aria-invalid")).toBe("true");
    expect(await form.textContent()).toContain("is not a Proposal of this marketplace");
    const found = await audit("workflow runs, start with an error");
    await record.fill(recordId);
    await form.getByRole("button", { name: "Start run" }).click();
    await page.waitForURL(/\/studio\/runs\/[0-9a-f-]{36}$/);
    runId = new URL(page.url()).pathname.split("/").pop()!;
    // The worker takes the run to the review, where it waits for a decision.
    await poll(async () => {
      await main().getByRole("button", { name: "Reload" }).click();
      return main().locator("table.timeline tbody tr").count();
    }).toBe(2);
    // The review step is written queued, then waiting once its task exists.
    await poll(async () => {
      await main().getByRole("button", { name: "Reload" }).click();
      return main().locator("table.timeline tbody tr").nth(1).textContent();
    }).toContain("waiting");
    expect(found).toEqual([]);
  });

  test("the inbox: the task with its workflow, record, step and overdue due date; a rejection without a comment is the API's problem; approved", async () => {
    await sidebar().getByRole("link", { name: "My tasks" }).click();
    await page.waitForURL(/\/studio\/tasks$/);
    const card = main().getByRole("article", { name: "Committee review" });
    await poll(() => card.count()).toBe(1);
    await poll(() => card.textContent()).toContain(TITLE);
    expect(await card.textContent()).toContain("Proposal review");
    expect(await card.getByText("Overdue").count()).toBe(1);
    expect(await card.locator("time").getAttribute("datetime")).toMatch(/^2001-02-0[23]T/);
    const found = await audit("task inbox");

    // Reject without a reason: the API's 400, its pointer on the comment field, focus there.
    await card.getByRole("button", { name: "Reject" }).click();
    const comment = card.getByLabel(/^Comment/);
    await poll(() => comment.getAttribute("aria-invalid")).toBe("true");
    expect(await card.getByRole("alert").textContent()).toContain("/body/comment");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    found.push(...(await audit("task inbox with an error")));

    await comment.fill("Budget checked, go ahead.");
    // By keyboard: Tab from the comment to Approve, Enter.
    await comment.focus();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Approve");
    await page.keyboard.press("Enter");
    await poll(() => main().getByRole("status").first().textContent()).toContain("Approve: Committee review");
    // The decided card is gone; focus is on the announcement, not lost to the page.
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("status");
    // The run went on to the sign-off: a new task, the same inbox (named by its node: no template here).
    await page.getByRole("button", { name: "Refresh" }).click();
    await poll(() => main().getByRole("article", { name: "Sign off" }).count()).toBe(1);
    expect(await main().getByRole("article", { name: "Committee review" }).count()).toBe(0);
    expect(found).toEqual([]);
  });

  test("the runs list (filtered by workflow and status) and the run's timeline: every step, its kind, status and attempts", async () => {
    await sidebar().getByRole("link", { name: "Workflow runs" }).click();
    await page.waitForURL(/\/studio\/runs$/);
    const filters = main().getByRole("form", { name: "Filter runs" });
    await filters.getByLabel("Workflow").selectOption(WORKFLOW);
    await filters.getByLabel("Status").selectOption("waiting");
    await main().getByRole("button", { name: "Apply filters" }).click();
    const rows = main().locator("table.runs tbody tr");
    await poll(() => rows.count()).toBe(1);
    await poll(() => rows.textContent()).toContain(TITLE);
    expect(await rows.textContent()).toContain("Sign off");
    const found = await audit("workflow runs");
    await filters.getByLabel("Status").selectOption("completed");
    await main().getByRole("button", { name: "Apply filters" }).click();
    await poll(() => main().textContent()).toContain("No runs match.");
    await filters.getByLabel("Status").selectOption("");
    await main().getByRole("button", { name: "Apply filters" }).click();
    await poll(() => rows.count()).toBe(1);

    await rows.getByRole("link").click();
    await page.waitForURL(new RegExp(`/studio/runs/${runId}$`));
    const steps = main().locator("table.timeline tbody tr");
    await poll(() => steps.count()).toBe(3);
    const cells = async (i: number) => (await steps.nth(i).locator("th, td").allTextContents()).map((t) => t.trim());
    expect((await cells(0)).slice(1, 5)).toEqual(["Start", "trigger", "completed → next", "1"]);
    expect((await cells(1)).slice(1, 5)).toEqual(["Committee review", "approval", "completed → approved", "1"]);
    expect((await cells(2)).slice(1, 4)).toEqual(["Sign off", "approval", "waiting"]);
    expect(await steps.nth(2).getAttribute("aria-current")).toBe("step");
    // The review's decision, with its comment, among the run's tasks.
    expect(await main().locator(".run-tasks").textContent()).toContain("Budget checked, go ahead.");
    expect(await main().getByRole("button", { name: "Retry run" }).count()).toBe(0);
    found.push(...(await audit("workflow run timeline")));
    expect(found).toEqual([]);
  });

  test("the editor: the super admin picks the running run; its path is on the canvas and its timeline opens", async () => {
    const { page: admin, problems: adminProblems } = await loggedPage(browser, contexts);
    await admin.goto(`${server.url}/studio/platform/login`);
    await admin.getByLabel("Email").fill(ROOT_ADMIN.email);
    await admin.getByLabel(/^Password/).fill(ROOT_ADMIN.password);
    await admin.getByRole("button", { name: "Log in" }).click();
    await poll(() => main(admin).locator("table.records").textContent()).toContain(TENANT);
    await main(admin).locator("tr", { hasText: TENANT }).getByRole("button", { name: "Manage" }).click();
    await poll(() => sidebar(admin).textContent()).toContain(`Managing`);
    await admin.goto(`${server.url}/studio/workflows/${RAW.id}/${WORKFLOW}`);
    const canvas = main(admin).locator(".react-flow");
    await poll(() => canvas.locator(".react-flow__node").count()).toBe(5);
    const picker = main(admin).getByLabel("Show a run");
    await poll(() => picker.locator("option").count()).toBe(2);
    await picker.selectOption(runId);

    const node = (id: string) => canvas.locator(`.react-flow__node[data-id="${id}"] .wf-node`);
    await poll(() => node("sign-off").getAttribute("class")).toContain("wf-run-current");
    expect(await node("committee-review").getAttribute("class")).toContain("wf-run-done");
    expect(await node("start").getAttribute("class")).toContain("wf-run-done");
    expect(await node("granted").getAttribute("class")).not.toMatch(/wf-run-/);
    expect(await node("closed").getAttribute("class")).not.toMatch(/wf-run-/);
    expect(await canvas.locator(`.react-flow__node[data-id="sign-off"]`).getAttribute("aria-label")).toContain(
      "current step of the run",
    );
    const path = await canvas
      .locator(".react-flow__edge.wf-run-path")
      .evaluateAll((edges) => edges.map((e) => e.getAttribute("data-id")).sort());
    expect(path).toEqual(["e-review-ok", "e-start"]);

    const panel = main(admin).getByRole("region", { name: `Timeline of run ${runId.slice(0, 8)}` });
    await poll(() => panel.locator("table.timeline tbody tr").count()).toBe(3);
    // The editor has the template: the nodes' own labels.
    expect(await panel.locator("table.timeline tbody tr").nth(2).locator("th").textContent()).toContain(
      "Final sign-off",
    );
    expect(await panel.getByRole("status").textContent()).toContain("At Final sign-off");
    const found = await audit("workflow editor with a run", admin);
    expect(found).toEqual([]);
    expect(adminProblems).toEqual([]);
  });

  test("the tenant admin cancels the run from its timeline; the inbox is empty", async () => {
    await main().getByRole("button", { name: "Cancel run" }).click();
    await poll(() => main().getByRole("status").first().textContent()).toContain("Run cancelled");
    await poll(() => main().locator(".run-facts .badge").first().textContent()).toBe("cancelled");
    expect(await main().getByRole("button", { name: "Cancel run" }).count()).toBe(0);
    const stored = await server.db.query<{ status: string }>(
      `SELECT "status" FROM "workflow_instance" WHERE "id" = $1`,
      [runId],
    );
    expect(stored.rows[0].status).toBe("cancelled");
    await sidebar().getByRole("link", { name: "My tasks" }).click();
    await page.waitForURL(/\/studio\/tasks$/);
    await poll(() => main().textContent()).toContain("Nothing is waiting for you.");
    expect(problems).toEqual([]);
  });
});
