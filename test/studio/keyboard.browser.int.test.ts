/**
 * The studio by keyboard alone (issue 18), in headless chromium against the BUILT studio on a
 * real runtime with identity on PostgreSQL: sign in, open a list from the sidebar, open the
 * create form, submit it with an error and land on that error, fix it and create the record.
 * No click, no `fill`: only Tab, Shift+Tab, Enter and typed keys, so every step proves that the
 * control is reachable in the tab order and works from the keyboard.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { tokenIn } from "../../runtime/test/identity-support.ts";
import { launchChromium, loggedPage } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "keyhall";
const PASSWORD = "correct horse battery";
const SUPER_ADMIN = { email: "root@platform.example", name: "Rita Root", password: "platform horse battery" };
const ADMIN_EMAIL = "kim@keyhall.example";

let server: StudioServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });
const json = { "content-type": "application/json", "x-tenant": TENANT };
const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
  fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

beforeAll(async () => {
  await ensureStudioBuilt();
  server = await startStudioServer({ identity: {} });
  browser = await launchChromium();
  await createTenant(server, TENANT, "modeling-agency");
  expect((await server.api("POST", "/api/v1/platform/bootstrap", SUPER_ADMIN)).status).toBe(201);
  // The tenant admin: invited by the super admin, accepted through the API.
  const root = await post(
    "/api/v1/platform/auth/login",
    { email: SUPER_ADMIN.email, password: SUPER_ADMIN.password },
    { "content-type": "application/json" },
  );
  const { accessToken } = (await root.json()) as { accessToken: string };
  const before = server.mail!.messages.length;
  const invited = await post(
    "/api/v1/tenant/invitations",
    { email: ADMIN_EMAIL, role: "tenant-admin" },
    { ...json, authorization: `Bearer ${accessToken}` },
  );
  expect(invited.status).toBe(201);
  const token = tokenIn(await server.mail!.next(ADMIN_EMAIL, before));
  const accepted = await post("/api/v1/user/auth/accept-invitation", { token, name: "Kim Admin", password: PASSWORD });
  expect(accepted.status).toBe(200);
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

/** The focused element as "tag name" (its label, aria-label or text), e.g. `input Email`. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "body";
    const labels = (el as HTMLInputElement).labels;
    const name =
      el.getAttribute("aria-label") ??
      (labels && labels.length
        ? Array.from(labels)
            .map((l) => l.textContent ?? "")
            .join(" ")
        : (el.textContent ?? ""));
    return `${el.tagName.toLowerCase()} ${name.replace(/\s+/g, " ").trim()}`;
  });

/** Presses Tab (or Shift+Tab) until the focused element's name matches (at most 80 stops); fails otherwise. */
async function tabTo(page: Page, wanted: RegExp, key: "Tab" | "Shift+Tab" = "Tab"): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(key);
    const name = await focusedName(page);
    if (wanted.test(name)) return;
    seen.push(name);
  }
  throw new Error(`Tab never reached ${wanted}; stops: ${seen.join(" → ")}`);
}

test("sign in, open a list, create a record, reach the first error, all from the keyboard", async () => {
  const { page, problems } = await loggedPage(browser, contexts);
  await page.goto(`${server.url}/studio/login`);
  await page.locator("main h1").waitFor();
  // The first stop is the skip link.
  await page.keyboard.press("Tab");
  expect(await focusedName(page)).toBe("a Skip to content");

  await tabTo(page, /^input Marketplace/);
  await page.keyboard.type(TENANT);
  await tabTo(page, /^input Email/);
  await page.keyboard.type(ADMIN_EMAIL);
  await tabTo(page, /^input Password/);
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await poll(() => page.locator("nav#sidebar").getAttribute("aria-label")).toBe("Tenant admin navigation");

  // Signed in, the studio opens the first list of the sidebar (job categories). Another list
  // from the sidebar: its heading takes focus; back to the sidebar with Shift+Tab.
  await tabTo(page, /^a Jobs$/);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/admin\/modeling-agency\/jobs$/);
  await poll(() => focusedName(page)).toBe("h1 Jobs");
  await tabTo(page, /^a Job categories$/, "Shift+Tab");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/admin\/modeling-agency\/job-categories$/);
  await poll(() => focusedName(page)).toBe("h1 Job categories");

  // From the heading, onward to the page's "New" link.
  await tabTo(page, /^a New job category$/);
  await page.keyboard.press("Enter");
  await poll(() => focusedName(page)).toBe("h1 New job category");

  await tabTo(page, /^input Name/);
  await page.keyboard.type("Keyboard editorials");
  await tabTo(page, /^button Create job category$/);
  await page.keyboard.press("Enter");
  // The slug is required: focus lands on it, it says it is invalid, and why.
  await poll(() => page.evaluate(() => document.activeElement?.id)).toBe("create_slug");
  const slug = await page.locator("#create_slug").evaluate((el) => ({
    invalid: el.getAttribute("aria-invalid"),
    message: (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent)
      .join(" | "),
  }));
  // The template's own message for a missing slug (x-errorMessages).
  expect(slug).toEqual({ invalid: "true", message: "A slug is needed for the address" });

  await page.keyboard.type("keyboard-editorials");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/job-categories\/[0-9a-f-]{36}$/);
  await poll(() => focusedName(page)).toBe("h1 Keyboard editorials");
  const saved = await server.db.query<{ name: string }>(
    `SELECT c."name" FROM "modeling_agency_job_category" c JOIN "tenant" t ON t."id" = c."tenantId"
     WHERE t."slug" = $1 AND c."slug" = 'keyboard-editorials'`,
    [TENANT],
  );
  expect(saved.rows.map((r) => r.name)).toEqual(["Keyboard editorials"]);
  expect(problems).toEqual([]);
}, 120_000);
