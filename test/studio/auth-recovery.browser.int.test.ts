/**
 * Password recovery, invitations and the platform log-in in a real browser (headless chromium)
 * against the BUILT studio on a real runtime with identity (and authorization) on PostgreSQL;
 * the runtime's emails go over real SMTP to a local smtp-server and their links are opened as a
 * person would. Forgot password → the reset email → a new password (the old one refused, the
 * link spent); an admin invites someone into an agency account → the invitation email → a new
 * account → the agency sidebar, and a later log-in with the chosen password; a super admin
 * resets their password and logs in on the platform tier → the super-admin sidebar, whose
 * platform API calls carry the platform access token, across a reload and until log-out; with
 * that token (no admin token in the browser) they open the schema designer and its template
 * list (/studio/api), manage a tenant's templates from the Tenants page as themselves, and
 * open that tenant's data from the sidebar. The platform's reset link names its tier
 * (`/studio/platform/auth/reset-password`): nothing to tick on the page.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { templates } from "../../generated/registry.ts";
import { tokenIn } from "../../runtime/test/identity-support.ts";
import { launchChromium, loggedPage, screenshot, roleRgb } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "northlight";
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a fresh new passphrase";
const SUPER_ADMIN = { email: "root@platform.example", name: "Rita Root", password: "platform horse battery" };

let server: StudioServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const newPage = () => loggedPage(browser, contexts);

const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });
const sidebar = (page: Page) => page.locator("nav#sidebar");
const headColour = (page: Page) => page.locator(".sidebar-head").evaluate((el) => getComputedStyle(el).backgroundColor);
const status = (page: Page) => page.locator("main").getByRole("status");
const alert = (page: Page) => page.locator("main").getByRole("alert");
/** Everything the page can read from script: web storage and non-httpOnly cookies. */
const scriptVisible = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie }),
  );

/**
 * The link of the last email to `to` (after message number `after`), checked to open this
 * server's studio page: `/studio/auth/<page>`, or the platform tier's `/studio/platform/auth/<page>`.
 */
async function emailLink(
  to: string,
  after: number,
  page: "reset-password" | "accept-invitation",
  tier: "tenant" | "platform" = "tenant",
): Promise<string> {
  const mail = await server.mail!.next(to, after);
  const base = tier === "platform" ? "/studio/platform/auth" : "/studio/auth";
  const link = new RegExp(`https?://\\S+${base}/${page}#token=[A-Za-z0-9_-]+`).exec(mail.text)?.[0];
  expect(link, mail.text).toBeDefined();
  expect(link!.startsWith(`${server.url}${base}/${page}#token=`)).toBe(true);
  return link!;
}

const json = { "content-type": "application/json", "x-tenant": TENANT };
const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
  fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

/** Registers through the API and confirms the email from the real SMTP message. */
async function registerVerified(email: string, name: string) {
  const before = server.mail!.messages.length;
  expect((await post("/api/v1/user/auth/register", { email, name, password: PASSWORD })).status).toBe(202);
  const mail = await server.mail!.next(email, before);
  expect((await post("/api/v1/user/auth/verify-email", { token: tokenIn(mail) })).status).toBe(200);
  // Confirming sends the welcome mail: wait for it, so the next mail to this address is the reset.
  expect((await server.mail!.next(email, server.mail!.messages.indexOf(mail) + 1)).subject).toMatch(/^Welcome/);
}

async function apiLogin(
  path: string,
  email: string,
  password: string,
  headers: Record<string, string> = json,
): Promise<{ status: number; accessToken?: string }> {
  const response = await post(path, { email, password }, headers);
  return { status: response.status, ...((response.ok ? await response.json() : {}) as { accessToken?: string }) };
}

async function fillLogin(page: Page, email: string, password: string, tenant: string | null = TENANT) {
  if (tenant) await page.getByLabel("Marketplace (tenant slug)").fill(tenant);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
}

async function fillNewPassword(page: Page, password: string, repeat = password) {
  await page.getByLabel(/^New password/).fill(password);
  await page.getByLabel(/^Repeat the new password/).fill(repeat);
}

beforeAll(async () => {
  await ensureStudioBuilt();
  server = await startStudioServer({ identity: { signupRole: "talent" } });
  browser = await launchChromium();
  await createTenant(server, TENANT, "modeling-agency");
  // The first super admin, created once with the bootstrap (admin) token.
  const bootstrap = await server.api("POST", "/api/v1/platform/bootstrap", SUPER_ADMIN);
  expect(bootstrap.status).toBe(201);
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("forgot password", () => {
  test("the reset email's link sets a new password; the old one is refused and the link works once", async () => {
    const email = "ana@example.com";
    await registerVerified(email, "Ana Lima");
    const { page, problems } = await newPage();

    await page.goto(`${server.url}/studio/login`);
    await page.locator("main").getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL(/\/studio\/forgot-password$/);

    // An address without an account: the same confirmation, and no email.
    await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await page.getByLabel("Email").fill("nobody@example.com");
    const before = server.mail!.messages.length;
    await page.getByRole("button", { name: "Send reset link" }).click();
    await poll(() => status(page).textContent()).toContain("a link to choose a new password is on its way");
    const unknownAnswer = (await status(page).textContent())!;

    await page.reload();
    await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await poll(() => status(page).textContent()).toContain("a link to choose a new password is on its way");
    expect((await status(page).textContent())!.replace(email, "X")).toBe(
      unknownAnswer.replace("nobody@example.com", "X"),
    );
    await screenshot(page, "23-forgot-password");

    // The reset email, over real SMTP; its link opens the studio's reset page.
    const link = await emailLink(email, before, "reset-password");
    expect(server.mail!.messages.slice(before).some((m) => m.to.includes("nobody@example.com"))).toBe(false);
    await page.goto(link);
    await poll(() => page.locator("h1").textContent()).toBe("Choose a new password");
    expect(page.url()).not.toContain("token="); // taken out of the address bar
    expect(page.url()).toBe(`${server.url}/studio/auth/reset-password`);
    // The tenant is this browser's (the forgot-password page remembered it).
    expect(await page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe(TENANT);

    // The runtime's password rule, on the password field.
    await fillNewPassword(page, "short");
    await page.getByRole("button", { name: "Set new password" }).click();
    await poll(() => page.getByLabel(/^New password/).getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("main form .error-text").textContent()).toContain(
      "New password must NOT have fewer than 10 characters",
    );

    await fillNewPassword(page, NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await poll(() => status(page).textContent()).toContain("Your password has been changed");
    await screenshot(page, "24-reset-password");

    // The old password is refused, the new one works.
    await page.locator("main").getByRole("link", { name: "Log in" }).click();
    await page.waitForURL(/\/studio\/login$/);
    await fillLogin(page, email, PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => page.locator("main form").getByRole("alert").textContent()).toContain(
      "The email or password is wrong",
    );
    await page.getByLabel(/^Password/).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Talent navigation");
    await poll(() => sidebar(page).textContent()).toContain(`Signed in as ${email}`);

    // The link was spent.
    await page.goto(link);
    await fillNewPassword(page, "yet another passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await poll(() => alert(page).first().textContent()).toContain("This reset link cannot be used");
    expect(await alert(page).first().textContent()).toContain("The reset link is invalid, used or expired.");
    expect((await apiLogin("/api/v1/user/auth/login", email, "yet another passphrase")).status).toBe(401);
    expect((await apiLogin("/api/v1/user/auth/login", email, NEW_PASSWORD)).status).toBe(200);
    expect(problems).toEqual([]);
  });
});

describe("invitations", () => {
  test("an admin invites a booker into an agency; the invitee creates the account from the email and gets the agency sidebar", async () => {
    // The tenant admin, invited by the super admin (platform token) and accepted through the API.
    const superAdmin = await apiLogin("/api/v1/platform/auth/login", SUPER_ADMIN.email, SUPER_ADMIN.password, {
      "content-type": "application/json",
    });
    expect(superAdmin.status).toBe(200);
    const adminEmail = "nora@northlight.example";
    let before = server.mail!.messages.length;
    const adminInvite = await post(
      "/api/v1/tenant/invitations",
      { email: adminEmail, role: "tenant-admin" },
      { ...json, authorization: `Bearer ${superAdmin.accessToken}` },
    );
    expect(adminInvite.status).toBe(201);
    const adminToken = tokenIn(await server.mail!.next(adminEmail, before));
    expect(
      (await post("/api/v1/user/auth/accept-invitation", { token: adminToken, name: "Nora Admin", password: PASSWORD }))
        .status,
    ).toBe(200);
    const admin = await apiLogin("/api/v1/user/auth/login", adminEmail, PASSWORD);
    expect(admin.status).toBe(200);

    // The admin invites a booker into an agency account (accounts have no API yet: a row).
    const account = await server.db.query<{ id: string }>(
      `INSERT INTO "account" ("tenantId", "kind", "name") SELECT "id", 'agency', 'Lumen Models' FROM "tenant" WHERE "slug" = $1 RETURNING "id"`,
      [TENANT],
    );
    const email = "bo@example.com";
    before = server.mail!.messages.length;
    const invited = await post(
      "/api/v1/tenant/invitations",
      { email, role: "agency-booker", accountId: account.rows[0].id },
      { ...json, authorization: `Bearer ${admin.accessToken}` },
    );
    expect(invited.status).toBe(201);
    expect(await invited.json()).toMatchObject({ email, role: "agency-booker", delivery: "sent" });
    const link = await emailLink(email, before, "accept-invitation");

    // The invitee, in a fresh browser: the link opens the studio's invitation page.
    const { page, log, problems } = await newPage();
    await page.goto(link);
    await poll(() => page.locator("h1").textContent()).toBe("Accept the invitation");
    expect(page.url()).toBe(`${server.url}/studio/auth/accept-invitation`);
    await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await page.getByLabel(/^Name/).fill("Bo Booker");

    // A repetition that does not match stays in the browser; the runtime's rule lands on the field.
    await fillNewPassword(page, "short", "shorter");
    await page.getByRole("button", { name: "Create account and accept" }).click();
    await poll(() => page.getByLabel(/^Repeat the new password/).getAttribute("aria-invalid")).toBe("true");
    expect(log.some((e) => e.path.endsWith("/accept-invitation"))).toBe(false);
    await fillNewPassword(page, "short");
    await page.getByRole("button", { name: "Create account and accept" }).click();
    await poll(() => page.getByLabel(/^New password/).getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("main form .error-text").textContent()).toContain(
      "New password must NOT have fewer than 10 characters",
    );

    await fillNewPassword(page, NEW_PASSWORD);
    await page.getByRole("button", { name: "Create account and accept" }).click();
    await poll(() => status(page).textContent()).toContain(`Welcome to ${TENANT}. You joined as Agency booker.`);
    await poll(() => sidebar(page).textContent()).toContain(`Signed in as ${email}`);
    await screenshot(page, "25-accept-invitation");

    // Accepting signed them in: the sidebar of the invited role, in its colour.
    await page.locator("main").getByRole("link", { name: "Continue" }).click();
    await page.waitForURL(/\/studio\/admin\/modeling-agency\/[a-z-]+$/);
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Agency booker navigation");
    expect(await headColour(page)).toBe(roleRgb("agency-booker"));
    expect(await page.locator(".persona-roles").textContent()).toBe("Roles: agency-booker");
    const links = await sidebar(page).locator("a.nav-link").allTextContents();
    expect(links).toContain("Jobs");
    expect(links).not.toContain("Audit log");
    await poll(() => page.locator("main table.records, main .empty").count()).toBeGreaterThan(0);
    expect(await page.locator("main .alert.error").count()).toBe(0);

    // Later: log out, log in with the chosen password, the same sidebar.
    await sidebar(page).getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/studio\/login$/);
    await fillLogin(page, email, NEW_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Agency booker navigation");
    await poll(() => sidebar(page).textContent()).toContain(`Signed in as ${email}`);

    // The invitation was spent: the link now says so.
    const { page: again } = await newPage();
    await again.goto(link);
    await again.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await again.getByLabel(/^Name/).fill("Bo Again");
    await fillNewPassword(again, "another fresh passphrase");
    await again.getByRole("button", { name: "Create account and accept" }).click();
    await poll(() => alert(again).first().textContent()).toContain("This invitation cannot be used");
    expect(await alert(again).first().textContent()).toContain("The invitation is invalid, used, revoked or expired.");
    expect(await again.getByRole("button", { name: "Create account and accept" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe("platform log-in", () => {
  test("a super admin resets their password and logs in on the platform tier: the super-admin sidebar, a reload, log out", async () => {
    const { page, log, problems } = await newPage();
    await page.goto(`${server.url}/studio/login`);
    await page.locator("main").getByRole("link", { name: "platform log in" }).click();
    await page.waitForURL(/\/studio\/platform\/login$/);
    expect(await page.getByLabel("Marketplace (tenant slug)").count()).toBe(0);

    // Forgot password, on the platform tier.
    await page.locator("main").getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL(/\/studio\/platform\/forgot-password$/);
    await page.getByLabel("Email").fill(SUPER_ADMIN.email);
    const before = server.mail!.messages.length;
    await page.getByRole("button", { name: "Send reset link" }).click();
    await poll(() => status(page).textContent()).toContain(
      `If ${SUPER_ADMIN.email} belongs to an account on the platform`,
    );
    const link = await emailLink(SUPER_ADMIN.email, before, "reset-password", "platform");
    expect(log.filter((e) => e.path.endsWith("/forgot-password")).map((e) => e.path)).toEqual([
      "/api/v1/platform/auth/forgot-password",
    ]);

    // The link names the tier (MONO_PLATFORM_URL ends in /studio/platform): the platform's reset page, nothing to tick.
    await page.goto(link);
    await poll(() => page.locator("h1").textContent()).toBe("Choose a new password");
    expect(page.url()).toBe(`${server.url}/studio/platform/auth/reset-password`); // the token left the address bar
    expect(await page.locator("main .subtitle").textContent()).toBe("For your platform (super admin) account.");
    expect(await page.getByLabel("Marketplace (tenant slug)").count()).toBe(0);
    expect(await page.getByRole("button", { name: /This is a (platform|marketplace)/ }).count()).toBe(0);
    await fillNewPassword(page, NEW_PASSWORD);
    await page.getByRole("button", { name: "Set new password" }).click();
    await poll(() => status(page).textContent()).toContain("Your password has been changed");
    expect(log.filter((e) => e.path.endsWith("/reset-password")).map((e) => [e.path, e.status])).toEqual([
      ["/api/v1/platform/auth/reset-password", 204],
    ]);

    await page.locator("main").getByRole("link", { name: "Log in" }).click();
    await page.waitForURL(/\/studio\/platform\/login$/);
    await poll(() => page.locator("h1").textContent()).toBe("Platform log in");
    await fillLogin(page, SUPER_ADMIN.email, SUPER_ADMIN.password, null);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => page.locator("main form").getByRole("alert").textContent()).toContain(
      "The email or password is wrong",
    );
    await page.getByLabel(/^Password/).fill(NEW_PASSWORD);
    const loginResponse = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/platform/auth/login") && r.status() === 200,
    );
    await page.getByRole("button", { name: "Log in" }).click();
    const platformToken = ((await (await loginResponse).json()) as { accessToken: string }).accessToken;

    // The super-admin sidebar (purple), the tenants through the platform API with the platform token.
    await page.waitForURL(/\/studio\/platform$/);
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Super admin navigation");
    expect(await headColour(page)).toBe("rgb(124, 58, 237)");
    expect(await page.locator(".tenant-name").textContent()).toBe("Platform");
    await poll(() => sidebar(page).textContent()).toContain(`Signed in as ${SUPER_ADMIN.email}`);
    const links = await sidebar(page).locator("a.nav-link").allTextContents();
    expect(links).toEqual(expect.arrayContaining(["Tenants", "Template manager", "Schema designer"]));
    await poll(() => page.locator("main table.records").textContent()).toContain(TENANT);
    expect(await page.locator("main .alert.error").count()).toBe(0);
    const tenantCalls = log.filter((e) => e.path === "/api/v1/platform/tenants");
    expect(tenantCalls.at(-1)).toMatchObject({ status: 200, bearer: platformToken });
    await screenshot(page, "26-platform-login");
    expect(await scriptVisible(page)).not.toContain(platformToken);
    expect(await page.evaluate(() => localStorage.getItem("mono.studio.signed-in"))).toBe("@platform");

    // A reload: signed in again through the platform refresh cookie.
    const mark = log.length;
    await page.reload();
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Super admin navigation");
    await poll(() => page.locator("main table.records").textContent()).toContain(TENANT);
    const afterReload = log.slice(mark);
    expect(afterReload.filter((e) => e.path.endsWith("/auth/refresh")).map((e) => [e.path, e.status])).toEqual([
      ["/api/v1/platform/auth/refresh", 200],
    ]);
    const reloaded = afterReload.filter((e) => e.path === "/api/v1/platform/tenants").at(-1)!;
    expect(reloaded.status).toBe(200);
    expect(reloaded.bearer).not.toBe(platformToken);

    // The schema designer: the studio's template API (/studio/api) with the platform token; this browser has no admin token.
    const devSession = () =>
      page.evaluate(
        () =>
          JSON.parse(localStorage.getItem("mono.studio.session") ?? "{}") as {
            tenant?: string | null;
            adminToken?: string | null;
          },
      );
    expect((await devSession()).adminToken ?? null).toBeNull();
    let designerMark = log.length;
    await sidebar(page).locator('a[href="/studio/designer/modeling-agency"]').click();
    await page.waitForURL(/\/studio\/designer\/modeling-agency$/);
    await poll(() => page.locator("main .preview-pane").textContent(), 15_000).toContain("Preview up to date");
    expect(await page.locator("main .alert.error").count()).toBe(0);
    // The preview's answer is logged when its response event arrives, which may follow the render.
    await poll(() => log.slice(designerMark).some((e) => e.path === "/studio/api/preview" && e.status === 200)).toBe(
      true,
    );
    const designerCalls = log.slice(designerMark).filter((e) => e.path.startsWith("/studio/api/"));
    expect(
      designerCalls.filter((e) => e.path === "/studio/api/templates/modeling-agency").map((e) => e.status),
    ).toEqual([200]);
    expect(designerCalls.filter((e) => e.path === "/studio/api/preview").map((e) => e.status)).toContain(200);
    expect(designerCalls.every((e) => e.status === 200 && e.bearer === reloaded.bearer)).toBe(true);

    // The designer's template list (a page load: signed in again through the refresh cookie).
    designerMark = log.length;
    await page.goto(`${server.url}/studio/designer`);
    await poll(() => page.locator("h1").textContent()).toBe("Schema designer");
    await poll(() => page.locator("main ul.cards").textContent()).toContain("modeling-agency");
    expect(await page.locator("main ul.cards").textContent()).toContain("luxury-club");
    const listed = log.slice(designerMark).filter((e) => e.path === "/studio/api/templates");
    expect(listed.map((e) => e.status)).toEqual([200]);
    expect(listed[0].bearer).toBeTruthy();
    expect(listed[0].bearer).not.toBe(reloaded.bearer); // the new page's access token
    expect(await page.locator("main .alert.error").count()).toBe(0);

    // The template manager wants a tenant: Manage on the Tenants page picks it, for the super admin themselves.
    await sidebar(page).getByRole("link", { name: "Template manager" }).click();
    await page.waitForURL(/\/studio\/templates$/);
    await poll(() => page.locator("main").textContent()).toContain("No tenant chosen");
    await page.locator("main").getByRole("link", { name: "Tenants" }).click();
    await page.waitForURL(/\/studio\/platform$/);
    await page.locator("main table.records tr", { hasText: TENANT }).getByRole("button", { name: "Manage" }).click();
    await page.waitForURL(/\/studio\/templates$/);
    await poll(() => page.locator("h1").textContent()).toBe("Templates");
    await poll(() => page.locator("main ul.cards").textContent()).toContain(
      `Installed: v${templates.find((t) => t.id === "modeling-agency")!.version}`,
    );
    expect(await page.locator("main").textContent()).toContain(`What marketplace “${TENANT}” runs on.`);
    const luxury = page.locator("main li.template-card", { hasText: "luxury-club" });
    // Still the super admin (purple), managing the tenant; no persona was faked.
    expect(await sidebar(page).getAttribute("aria-label")).toBe("Super admin navigation");
    expect(await headColour(page)).toBe("rgb(124, 58, 237)");
    await poll(() => page.locator(".sidebar-head .managing").textContent()).toBe(`Managing ${TENANT} (test)`);
    expect(await devSession()).toMatchObject({ tenant: TENANT, adminToken: null });
    await luxury.getByRole("button", { name: "Install" }).click();
    await poll(() => status(page).textContent(), 30_000).toContain("Installed luxury-club");
    await poll(() => luxury.textContent()).toContain("Installed: v");
    expect(await page.locator("main .alert.error").count()).toBe(0);
    const manageCalls = log.filter((e) => e.path.startsWith(`/api/v1/platform/tenants/${TENANT}/templates`));
    expect(manageCalls.map((e) => `${e.method} ${e.status}`)).toEqual(expect.arrayContaining(["GET 200", "POST 201"]));
    expect(manageCalls.every((e) => e.bearer === listed[0].bearer)).toBe(true);
    await screenshot(page, "27-platform-templates");

    // The managed tenant's data: a tenant admin's entity lists in the super admin's (purple) sidebar.
    // A record to find there, created through the API with a platform token and X-Tenant.
    const apiAdmin = await apiLogin("/api/v1/platform/auth/login", SUPER_ADMIN.email, NEW_PASSWORD, {
      "content-type": "application/json",
    });
    expect(apiAdmin.status).toBe(200);
    const created = await post(
      "/api/v1/tenant/entities/job-categories",
      { name: "Editorial shoots", slug: "editorial-shoots" },
      { ...json, authorization: `Bearer ${apiAdmin.accessToken}` },
    );
    expect(created.status, await created.clone().text()).toBe(201);
    await poll(() => sidebar(page).locator(".nav-title").allTextContents()).toEqual(
      expect.arrayContaining(["Data · Modeling agency marketplace", "Data · Luxury members' club"]),
    );
    expect(await sidebar(page).locator("a.nav-link").allTextContents()).toEqual(
      expect.arrayContaining(["Tenants", "Template manager", "Schema designer", "Job categories", "Jobs", "Members"]),
    );
    const dataMark = log.length;
    await sidebar(page).getByRole("link", { name: "Job categories", exact: true }).click();
    await page.waitForURL(/\/studio\/admin\/modeling-agency\/job-categories$/);
    await poll(() => page.locator("main table.records").textContent()).toContain("Editorial shoots");
    expect(await page.locator("main .alert.error").count()).toBe(0);
    expect(await sidebar(page).getAttribute("aria-label")).toBe("Super admin navigation");
    expect(await headColour(page)).toBe("rgb(124, 58, 237)");
    expect(
      await sidebar(page).getByRole("link", { name: "Job categories", exact: true }).getAttribute("aria-current"),
    ).toBe("page");
    expect(await page.locator(".sidebar-head .managing").textContent()).toBe(`Managing ${TENANT} (test)`);
    // The browser's own platform token (a super admin's: no tenant, `sa`), with the managed tenant as X-Tenant.
    const listCalls = log.slice(dataMark).filter((e) => e.path === "/api/v1/tenant/entities/job-categories");
    expect(listCalls.at(-1)).toMatchObject({ method: "GET", status: 200, tenant: TENANT });
    const claims = JSON.parse(Buffer.from(listCalls.at(-1)!.bearer!.split(".")[1], "base64url").toString()) as {
      tid?: unknown;
      sa?: unknown;
    };
    expect(claims).toMatchObject({ tid: null, sa: true });
    expect(listCalls.at(-1)!.bearer).not.toBe(apiAdmin.accessToken);
    await sidebar(page).evaluate((el) => el.scrollTo(0, 0)); // the head (purple, "Managing …") in the picture
    await page.mouse.move(720, 850); // no hover left on the sidebar
    await screenshot(page, "29-platform-tenant-data");

    // Log out: the platform log-in page; a reload stays signed out.
    await sidebar(page).getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/studio\/platform\/login$/);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain("mono_prt");
    await page.reload();
    await poll(() => page.locator("h1").textContent()).toBe("Platform log in");
    expect(await sidebar(page).textContent()).not.toContain("Signed in as");
    expect(problems).toEqual([]);
  });
});
