/**
 * Signing in to the studio in a real browser (headless chromium) against the BUILT studio on a
 * real runtime with identity (and authorization) on PostgreSQL; the runtime's emails go over
 * real SMTP to a local smtp-server. Sign-up with the confirmation link from the email, a wrong
 * password, log in, the sidebar of the user's role, a reload that signs in again through the
 * refresh cookie (nothing in localStorage), an expired access token renewed behind the user's
 * back, log out; and the audit log showing a change made in the studio and one made through the
 * API. Access tokens live one second here so that expiry happens during the test.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tokenIn } from "../../runtime/test/identity-support.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { launchChromium, loggedPage, screenshot, type Exchange, roleRgb } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "northlight";
const PASSWORD = "correct horse battery";

let server: StudioServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

const newPage = () => loggedPage(browser, contexts);

const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });
const refreshes = (log: Exchange[]) => log.filter((e) => e.method === "POST" && e.path === "/api/v1/user/auth/refresh");
const sidebar = (page: Page) => page.locator("nav#sidebar");
const headColour = (page: Page) => page.locator(".sidebar-head").evaluate((el) => getComputedStyle(el).backgroundColor);
/** Everything the page can read from script: web storage and non-httpOnly cookies. */
const scriptVisible = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie }),
  );

/** Until the server rejects `token`: its one-second lifetime plus the verifier's clock tolerance. */
async function untilExpired(token: string) {
  await expect
    .poll(
      async () =>
        (
          await fetch(`${server.url}/api/v1/user/auth/me`, {
            headers: { "x-tenant": TENANT, authorization: `Bearer ${token}` },
          })
        ).status,
      { timeout: 20_000, interval: 250 },
    )
    .toBe(401);
}

async function fillLogin(page: Page, email: string, password: string) {
  await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
}

beforeAll(async () => {
  await ensureStudioBuilt();
  // Self-registered users of this modeling agency are talent.
  server = await startStudioServer({ identity: { accessTtlSeconds: 1, signupRole: "talent" } });
  browser = await launchChromium();
  await createTenant(server, TENANT, "modeling-agency");
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("signing in", () => {
  test("sign up, confirm from the email, log in (a wrong password first), the talent sidebar, reload, expiry, log out", async () => {
    const { page, log, problems } = await newPage();
    const email = "ana@example.com";

    // Nobody signed in and no developer session: the studio asks to log in.
    await page.goto(`${server.url}/studio/`);
    await page.waitForURL(/\/studio\/login$/);
    await page.locator("main").getByRole("link", { name: "Sign up" }).click();
    await page.waitForURL(/\/studio\/signup$/);
    await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await page.getByLabel("Name").fill("Ana Lima");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await screenshot(page, "16-sign-up");
    const before = server.mail!.messages.length;
    await page.getByRole("button", { name: "Sign up" }).click();
    await poll(() => page.getByRole("status").textContent()).toContain(
      `Account requested for ${email}. Check your email`,
    );
    // The blue notice is a flex row: its sentence, link included, is one flex item (no link in a column of its own).
    const sent = page.locator("main").getByRole("status");
    const flexItems = () =>
      sent.evaluate((el) =>
        Array.from(el.childNodes)
          .filter((n) => n.nodeType === Node.ELEMENT_NODE || n.textContent!.trim())
          .map((n) => n.nodeName),
      );
    expect(await sent.evaluate((el) => getComputedStyle(el).display)).toBe("flex");
    expect(await flexItems()).toEqual(["SPAN"]);
    await screenshot(page, "28-sign-up-sent");

    // The confirmation email, over real SMTP; its link opens the studio.
    const mail = await server.mail!.next(email, before);
    const link = /https?:\/\/\S+\/studio\/auth\/verify-email#token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    expect(link!.startsWith(server.url)).toBe(true);
    await page.goto(link!);
    await poll(() => page.getByRole("status").textContent()).toContain("Your email address is confirmed");
    expect(page.url()).not.toContain("token="); // taken out of the address bar
    await screenshot(page, "19-email-confirmed");

    await page.locator("main").getByRole("link", { name: "log in" }).click();
    await page.waitForURL(/\/studio\/login$/);
    await fillLogin(page, email, PASSWORD);
    await screenshot(page, "17-log-in");

    // A wrong password: a clear message on the form, nobody signed in.
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    const alert = page.locator("main form").getByRole("alert");
    await poll(() => alert.textContent()).toContain("The email or password is wrong");
    expect(page.url()).toMatch(/\/studio\/login$/);
    expect(await sidebar(page).textContent()).not.toContain("Signed in as");
    await screenshot(page, "20-log-in-wrong-password");

    await page.getByLabel("Password").fill(PASSWORD);
    const loginResponse = page.waitForResponse(
      (r) => r.url().endsWith("/api/v1/user/auth/login") && r.status() === 200,
    );
    await page.getByRole("button", { name: "Log in" }).click();
    const loginToken = ((await (await loginResponse).json()) as { accessToken: string }).accessToken;

    // The sidebar of the user's role, in its colour, from the roles of the login, not a picker.
    await page.waitForURL(/\/studio\/admin\/modeling-agency\/[a-z-]+$/);
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Talent navigation");
    expect(await headColour(page)).toBe(roleRgb("talent"));
    await poll(() => sidebar(page).textContent()).toContain(`Signed in as ${email}`);
    expect(await page.locator(".persona-roles").textContent()).toBe("Roles: talent");
    const links = await sidebar(page).locator("a.nav-link").allTextContents();
    expect(links).toContain("New gig");
    expect(links).toContain("Jobs");
    expect(links).not.toContain("Templates");
    expect(links).not.toContain("Audit log");
    expect(await page.getByLabel("Acting as").count()).toBe(0); // no persona picker for a signed-in user
    await poll(() => page.locator("main table.records, main .empty").count()).toBeGreaterThan(0);
    expect(await page.locator("main .alert.error").count()).toBe(0);
    await screenshot(page, "21-signed-in-talent-sidebar");
    // Script can read neither token: the access token is in memory, the refresh token an httpOnly cookie.
    expect(await scriptVisible(page)).not.toContain(loginToken);
    expect(await scriptVisible(page)).not.toContain("mono_rt");

    // A reload: signed in again through the refresh cookie, with a new access token.
    let mark = log.length;
    const refreshed = page.waitForResponse((r) => r.url().endsWith("/api/v1/user/auth/refresh"));
    await page.reload();
    const refreshResponse = await refreshed;
    expect(refreshResponse.status()).toBe(200);
    const reloadToken = ((await refreshResponse.json()) as { accessToken: string }).accessToken;
    expect(reloadToken).not.toBe(loginToken);
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Talent navigation");
    await poll(() => sidebar(page).textContent()).toContain(`Signed in as ${email}`);
    await poll(() => page.locator("main table.records, main .empty").count()).toBeGreaterThan(0);
    expect(refreshes(log.slice(mark))).toHaveLength(1);
    const afterReload = log.slice(mark).filter((e) => e.path.startsWith("/api/v1/tenant/"));
    expect(afterReload.length).toBeGreaterThan(0);
    expect(afterReload.every((e) => e.bearer === reloadToken && e.status === 200)).toBe(true);
    expect(await scriptVisible(page)).not.toContain(reloadToken);

    // The access token expires; the next page's requests are renewed and retried transparently.
    await untilExpired(reloadToken);
    mark = log.length;
    await sidebar(page).getByRole("link", { name: "Jobs", exact: true }).click();
    await page.waitForURL(/\/studio\/admin\/modeling-agency\/jobs$/);
    await poll(() => page.locator("main table.records, main .empty").count()).toBeGreaterThan(0);
    expect(await page.locator("main .alert.error").count()).toBe(0);
    const renewal = log.slice(mark);
    expect(renewal.filter((e) => e.bearer === reloadToken).map((e) => e.status)).toContain(401);
    expect(refreshes(renewal).map((e) => e.status)).toEqual([200]);
    const jobs = renewal.filter((e) => e.path === "/api/v1/tenant/entities/jobs");
    expect(jobs.at(-1)).toMatchObject({ status: 200 });
    expect(jobs.at(-1)!.bearer).not.toBe(reloadToken);

    // Log out: the log-in page, and a reload stays signed out.
    await sidebar(page).getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(/\/studio\/login$/);
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Navigation");
    expect(await sidebar(page).locator("a.nav-link").allTextContents()).toEqual([
      "Log in",
      "Sign up",
      "Session settings",
    ]);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain("mono_rt");
    mark = log.length;
    await page.reload();
    await poll(() => page.locator("h1").textContent()).toBe("Log in");
    expect(await sidebar(page).textContent()).not.toContain("Signed in as");
    expect(refreshes(log.slice(mark))).toHaveLength(0);
    await page.goto(`${server.url}/studio/`);
    await page.waitForURL(/\/studio\/login$/);
    await screenshot(page, "22-logged-out-after-reload");
    expect(problems).toEqual([]);
  });
});

describe("signing up as the template offers", () => {
  test("the tenant's sign-up options to choose from; an account option asks for the account's name and makes the new user its owner", async () => {
    const { page, problems } = await newPage();
    const offered = await server.api<{
      open: boolean;
      options: {
        name: string;
        role: string;
        label: { en: string };
        account: { kind: string; label: { en: string } } | null;
      }[];
    }>("GET", "/api/v1/user/auth/signup-options", undefined, { "x-tenant": TENANT });
    const withAccount = offered.body.options.find((o) => o.account);
    expect(withAccount, "the template offers an account sign-up").toBeDefined();
    await page.goto(`${server.url}/studio/signup`);
    await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    const choice = page.getByRole("radiogroup", { name: "Sign up as" });
    await poll(() => choice.getByRole("radio").count()).toBe(offered.body.options.length);
    // The template's own labels, in its order; the first is chosen.
    expect(await choice.locator("label").allTextContents()).toEqual(offered.body.options.map((o) => o.label.en));
    expect(await choice.getByRole("radio").first().isChecked()).toBe(true);
    const accountField = page.getByLabel(withAccount!.account!.label.en);
    expect(await accountField.count()).toBe(offered.body.options[0].account ? 1 : 0);
    await choice.getByRole("radio", { name: withAccount!.label.en }).check();
    await accountField.waitFor();
    const email = "founder@example.com";
    await page.getByLabel("Name", { exact: true }).fill("Rita Founder");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    // The account's name is required; the error is on its field.
    await poll(() => accountField.getAttribute("aria-invalid")).toBe("true");
    expect(describeViolations("sign-up, account option, an error", await axeViolations(page))).toEqual([]);
    await screenshot(page, "30-sign-up-account-option");
    await accountField.fill("Studio Rita");
    await page.getByRole("button", { name: "Sign up" }).click();
    await poll(() => page.getByRole("status").textContent()).toContain(`Account requested for ${email}`);
    // The account exists, of the option's kind, and the new user is in it with the option's role.
    const { rows } = await server.db.query<{ kind: string; name: string; role: string }>(
      `SELECT a."kind", a."name", m."role" FROM "user" u JOIN "membership" m ON m."userId" = u."id"
       JOIN "account" a ON a."id" = m."accountId" WHERE u."email" = $1`,
      [email],
    );
    expect(rows).toEqual([{ kind: withAccount!.account!.kind, name: "Studio Rita", role: withAccount!.role }]);
    expect(problems).toEqual([]);
  });
});

describe("audit log", () => {
  test("a change made in the studio and one made through the API show up in the audit log", async () => {
    // A tenant admin: registered and confirmed by email, then made admin (no admin exists to invite them).
    const email = "admin@northlight.example";
    const json = { "content-type": "application/json", "x-tenant": TENANT };
    const before = server.mail!.messages.length;
    expect(
      (
        await fetch(`${server.url}/api/v1/user/auth/register`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ email, name: "Nora Admin", password: PASSWORD }),
        })
      ).status,
    ).toBe(202);
    const token = tokenIn(await server.mail!.next(email, before));
    expect(
      (
        await fetch(`${server.url}/api/v1/user/auth/verify-email`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ token }),
        })
      ).status,
    ).toBe(200);
    await server.db.query(
      `INSERT INTO "membership" ("tenantId", "userId", "accountId", "role")
       SELECT u."tenantId", u."id", NULL, 'tenant-admin' FROM "user" u JOIN "tenant" t ON t."id" = u."tenantId" WHERE t."slug" = $1 AND u."email" = $2`,
      [TENANT, email],
    );

    const { page, problems } = await newPage();
    await page.goto(`${server.url}/studio/login`);
    await fillLogin(page, email, PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Tenant admin navigation");
    expect(await headColour(page)).toBe("rgb(37, 99, 235)");

    // A change through the studio's generated form.
    await sidebar(page).getByRole("link", { name: "Job categories" }).click();
    await page.getByRole("link", { name: "New job category" }).click();
    await page.locator("#create_name").fill("Runway shows");
    await page.locator("#create_slug").fill("runway-shows");
    await page.getByRole("button", { name: "Create job category" }).click();
    await page.waitForURL(/\/studio\/admin\/modeling-agency\/job-categories\/[0-9a-f-]{36}$/);
    const recordId = page.url().split("/").at(-1)!;

    // A change through the API, as the same admin.
    const login = await fetch(`${server.url}/api/v1/user/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const patched = await fetch(`${server.url}/api/v1/tenant/entities/job-categories/${recordId}`, {
      method: "PATCH",
      headers: { ...json, authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ description: "Catwalk and fashion week work." }),
    });
    expect(patched.status).toBe(200);

    await sidebar(page).getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/studio\/audit$/);
    const rows = page.locator("table.records tbody tr");
    await poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    const cells = async (i: number) => rows.nth(i).locator("td").allTextContents();
    // Newest first: the API's update, then the studio's create; both by this admin, on this record.
    const [update, create] = [await cells(0), await cells(1)];
    expect(update.slice(1, 5)).toEqual([`${email} (you)`, "modeling-agency:JobCategory", recordId, "update"]);
    expect(update[5]).toContain("Catwalk and fashion week work.");
    expect(create.slice(1, 5)).toEqual([`${email} (you)`, "modeling-agency:JobCategory", recordId, "create"]);
    expect(create[5]).toContain("Runway shows");
    await screenshot(page, "18-audit-log");
    expect(problems).toEqual([]);
  });
});
