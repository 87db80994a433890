/**
 * The studio's invitations page in a real browser (headless chromium) against the BUILT studio
 * on a real runtime with identity on PostgreSQL; the runtime's emails go over real SMTP to a
 * local smtp-server. A signed-in tenant admin opens "Invite people" from the sidebar, gets the
 * form's own checks and the runtime's error on the account field (an account deleted after the
 * list was loaded), picks the agency by name from the tenant's accounts
 * (`/api/v1/tenant/accounts`) and invites a booker into it (the pending list shows it), invites and revokes someone else (whose link
 * then fails); the invitee opens the real email's link in a fresh browser, creates the account,
 * is signed in with the agency sidebar (no invite entry: bookers may not invite) and later
 * logs in again; the admin's list is then empty.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tokenIn } from "../../runtime/test/identity-support.ts";
import { launchChromium, loggedPage, screenshot } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "lumenhall";
const PASSWORD = "correct horse battery";
const INVITEE_PASSWORD = "a fresh new passphrase";
const SUPER_ADMIN = { email: "root@platform.example", name: "Rita Root", password: "platform horse battery" };
const ADMIN_EMAIL = "nora@lumenhall.example";

let server: StudioServer;
let browser: Browser;
let accountId: string;
let goneId: string;
const contexts: BrowserContext[] = [];

const newPage = () => loggedPage(browser, contexts);

const poll = <T>(fn: () => T | Promise<T>, timeout = 10_000) => expect.poll(fn, { timeout, interval: 50 });
const sidebar = (page: Page) => page.locator("nav#sidebar");
const main = (page: Page) => page.locator("main");
const status = (page: Page) => main(page).getByRole("status");
const alert = (page: Page) => main(page).getByRole("alert");
const json = { "content-type": "application/json", "x-tenant": TENANT };
const post = (path: string, body: unknown, headers: Record<string, string> = json) =>
  fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });

/** The link of the last email to `to` (after message number `after`): this server's accept page. */
async function invitationLink(to: string, after: number): Promise<string> {
  const mail = await server.mail!.next(to, after);
  const link = /https?:\/\/\S+\/studio\/auth\/accept-invitation#token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  expect(link, mail.text).toBeDefined();
  expect(link!.startsWith(`${server.url}/studio/auth/accept-invitation#token=`)).toBe(true);
  return link!;
}

async function fillLogin(page: Page, email: string, password: string) {
  await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
}

beforeAll(async () => {
  await ensureStudioBuilt();
  server = await startStudioServer({ identity: { signupRole: "talent" } });
  browser = await launchChromium();
  await createTenant(server, TENANT, "modeling-agency");
  await createTenant(server, "elsewhere", "modeling-agency");
  expect((await server.api("POST", "/api/v1/platform/bootstrap", SUPER_ADMIN)).status).toBe(201);
  // The tenant admin: invited by the super admin, accepted through the API.
  const root = await post(
    "/api/v1/platform/auth/login",
    { email: SUPER_ADMIN.email, password: SUPER_ADMIN.password },
    { "content-type": "application/json" },
  );
  const { accessToken } = (await root.json()) as { accessToken: string };
  const before = server.mail!.messages.length;
  expect(
    (
      await post(
        "/api/v1/tenant/invitations",
        { email: ADMIN_EMAIL, role: "tenant-admin" },
        { ...json, authorization: `Bearer ${accessToken}` },
      )
    ).status,
  ).toBe(201);
  const token = tokenIn(await server.mail!.next(ADMIN_EMAIL, before));
  expect(
    (await post("/api/v1/user/auth/accept-invitation", { token, name: "Nora Admin", password: PASSWORD })).status,
  ).toBe(200);
  // Agency accounts to invite into (accounts are created by the templates' flows: rows here),
  // and one of another tenant, which the picker must never offer.
  const insert = (tenant: string, name: string) =>
    server.db.query<{ id: string }>(
      `INSERT INTO "account" ("tenantId", "kind", "name") SELECT "id", 'agency', $2 FROM "tenant" WHERE "slug" = $1 RETURNING "id"`,
      [tenant, name],
    );
  accountId = (await insert(TENANT, "Lumen Models")).rows[0].id;
  goneId = (await insert(TENANT, "Gone Agency")).rows[0].id;
  await insert("elsewhere", "Elsewhere Agency");
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("invitations page", () => {
  test("a tenant admin invites a booker from the studio; the invitee accepts from the real email and signs in", async () => {
    const { page, log, problems } = await newPage();
    await page.goto(`${server.url}/studio/login`);
    await fillLogin(page, ADMIN_EMAIL, PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => sidebar(page).getAttribute("aria-label")).toBe("Tenant admin navigation");

    // The sidebar entry (beside the template's own "Invitations" entity list).
    await sidebar(page).getByRole("link", { name: "Invite people" }).click();
    await page.waitForURL(/\/studio\/invitations$/);
    await poll(() => page.locator("h1").textContent()).toBe("Invite people");
    await poll(() => main(page).textContent()).toContain("No pending invitations.");
    const listed = log.filter((e) => e.path === "/api/v1/tenant/invitations" && e.method === "GET");
    expect(listed.at(-1)).toMatchObject({ status: 200 });
    expect(listed.at(-1)!.bearer).toBeTruthy();

    // Nothing typed: the form's own checks, nothing sent.
    await page.getByRole("button", { name: "Send invitation" }).click();
    await poll(() =>
      main(page)
        .getByLabel(/^Email/)
        .getAttribute("aria-invalid"),
    ).toBe("true");
    expect(await main(page).getByLabel(/^Role/).getAttribute("aria-invalid")).toBe("true");
    expect(log.some((e) => e.method === "POST" && e.path === "/api/v1/tenant/invitations")).toBe(false);

    // An account role needs an account: a picker of the tenant's accounts by name (only this tenant's).
    const email = "bo@example.com";
    await main(page)
      .getByLabel(/^Email/)
      .fill(email);
    await main(page).getByLabel(/^Role/).selectOption("agency-booker");
    const accountField = main(page).getByLabel(/^Account/);
    await poll(() => accountField.locator("option").allTextContents()).toEqual([
      "Choose an account…",
      "Gone Agency (Agency)",
      "Lumen Models (Agency)",
    ]);
    const accountsListed = log.filter((e) => e.path === "/api/v1/tenant/accounts").at(-1)!;
    expect(accountsListed).toMatchObject({ method: "GET", status: 200 });
    expect(accountsListed.bearer).toBeTruthy();
    // Two accounts: no search field.
    expect(await main(page).getByLabel("Search accounts").count()).toBe(0);

    // An account deleted after the list was loaded: the runtime's error on the account field.
    await accountField.selectOption({ label: "Gone Agency (Agency)" });
    await server.db.query(`DELETE FROM "account" WHERE "id" = $1`, [goneId]);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await poll(() =>
      main(page)
        .getByLabel(/^Account/)
        .getAttribute("aria-invalid"),
    ).toBe("true");
    expect(await main(page).locator("form .error-text").allTextContents()).toEqual(["Account does not exist"]);
    expect(
      await main(page)
        .getByLabel(/^Email/)
        .getAttribute("aria-invalid"),
    ).toBeNull();
    expect(
      log.filter((e) => e.method === "POST" && e.path === "/api/v1/tenant/invitations").map((e) => e.status),
    ).toEqual([400]);

    // The agency, picked by name: sent with its id, confirmed, listed under its name.
    let before = server.mail!.messages.length;
    await accountField.selectOption({ label: "Lumen Models (Agency)" });
    expect(await accountField.inputValue()).toBe(accountId);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await poll(() => status(page).textContent()).toContain(`Invitation sent to ${email} as Agency booker.`);
    const row = main(page).locator("table.records tr", { hasText: email });
    await poll(() => row.textContent()).toContain("Agency booker");
    expect(await row.textContent()).toContain(`Lumen Models (${accountId})`);
    const sent = log.filter((e) => e.method === "POST" && e.path === "/api/v1/tenant/invitations").at(-1)!;
    expect(sent.status).toBe(201);
    expect(JSON.parse(sent.body!)).toEqual({ email, role: "agency-booker", accountId });
    const link = await invitationLink(email, before);

    // Someone else, tenant-wide (no account field), then revoked: the link stops working.
    const other = "mo@example.com";
    before = server.mail!.messages.length;
    await main(page)
      .getByLabel(/^Email/)
      .fill(other);
    await main(page).getByLabel(/^Role/).selectOption("moderator");
    expect(
      await main(page)
        .getByLabel(/^Account/)
        .count(),
    ).toBe(0);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await poll(() => status(page).textContent()).toContain(`Invitation sent to ${other} as Moderator.`);
    await poll(() => main(page).locator("table.records tbody tr").count()).toBe(2);
    const otherLink = await invitationLink(other, before);
    // Back to an account role for the screenshot: the picker, the agency still chosen by name.
    await main(page).getByLabel(/^Role/).selectOption("agency-booker");
    await poll(() => accountField.inputValue()).toBe(accountId);
    await screenshot(page, "30-invitations");
    await main(page)
      .getByRole("button", { name: `Revoke the invitation for ${other}` })
      .click();
    await poll(() => status(page).textContent()).toContain(`The invitation for ${other} was revoked`);
    await poll(() => main(page).locator("table.records tbody tr").count()).toBe(1);
    expect(log.filter((e) => e.method === "DELETE").map((e) => [e.path.replace(/[^/]+$/, ":id"), e.status])).toEqual([
      ["/api/v1/tenant/invitations/:id", 204],
    ]);
    const revokedToken = new URLSearchParams(new URL(otherLink).hash.slice(1)).get("token");
    expect(
      (await post("/api/v1/user/auth/accept-invitation", { token: revokedToken, name: "Mo", password: PASSWORD }))
        .status,
    ).toBe(400);
    expect(await alert(page).count()).toBe(0);

    // The invitee, in a fresh browser: the email's link, a new account, signed in.
    const invitee = await newPage();
    await invitee.page.goto(link);
    await poll(() => invitee.page.locator("h1").textContent()).toBe("Accept the invitation");
    await invitee.page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await invitee.page.getByLabel(/^Name/).fill("Bo Booker");
    await invitee.page.getByLabel(/^New password/).fill(INVITEE_PASSWORD);
    await invitee.page.getByLabel(/^Repeat the new password/).fill(INVITEE_PASSWORD);
    await invitee.page.getByRole("button", { name: "Create account and accept" }).click();
    await poll(() => status(invitee.page).textContent()).toContain(
      `Welcome to ${TENANT}. You joined as Agency booker.`,
    );
    await poll(() => sidebar(invitee.page).getAttribute("aria-label")).toBe("Agency booker navigation");
    await poll(() => sidebar(invitee.page).textContent()).toContain(`Signed in as ${email}`);
    // A booker may not invite: no entry.
    expect(await sidebar(invitee.page).getByRole("link", { name: "Invite people" }).count()).toBe(0);

    // Later: log out, log in with the chosen password.
    await sidebar(invitee.page).getByRole("button", { name: "Log out" }).click();
    await invitee.page.waitForURL(/\/studio\/login$/);
    await fillLogin(invitee.page, email, INVITEE_PASSWORD);
    await invitee.page.getByRole("button", { name: "Log in" }).click();
    await poll(() => sidebar(invitee.page).getAttribute("aria-label")).toBe("Agency booker navigation");
    await poll(() => sidebar(invitee.page).textContent()).toContain(`Signed in as ${email}`);
    expect(invitee.problems).toEqual([]);

    // The admin's list: the accepted invitation is no longer pending.
    await page.reload();
    await poll(() => page.locator("h1").textContent()).toBe("Invite people");
    await poll(() => main(page).textContent()).toContain("No pending invitations.");
    expect(problems).toEqual([]);
  });
});

describe("account-scoped records", () => {
  test("an admin creating an account-scoped record picks the account (this tenant's only); the record belongs to it", async () => {
    const { page, log, problems } = await newPage();
    await page.goto(`${server.url}/studio/login`);
    await fillLogin(page, ADMIN_EMAIL, PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => sidebar(page).textContent()).toContain(`Signed in as ${ADMIN_EMAIL}`);
    // The template's own Invitation entity is account-scoped.
    await sidebar(page).getByRole("link", { name: "Invitations", exact: true }).click();
    await page.waitForURL(/\/admin\/modeling-agency\/invitations$/);
    await main(page)
      .getByRole("link", { name: /^New invitation/ })
      .click();
    const account = main(page).getByLabel("Account");
    await poll(() => account.locator("option").count()).toBeGreaterThan(1);
    const offered = await account.locator("option").allTextContents();
    expect(offered).toContain("Lumen Models (Agency)");
    expect(offered.join()).not.toContain("Elsewhere Agency");
    await main(page)
      .getByLabel(/^Email/)
      .fill("picked@lumenhall.example");
    await main(page).getByLabel(/^Role/).selectOption("agency-booker");
    // Not picked: the picker says so and nothing is sent.
    await main(page).getByRole("button", { name: "Create invitation" }).click();
    await poll(() => account.getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("record-account");
    const posts = () => log.filter((e) => e.method === "POST" && e.path === "/api/v1/tenant/entities/invitations");
    expect(posts()).toEqual([]);
    await account.selectOption({ label: "Lumen Models (Agency)" });
    await main(page).getByRole("button", { name: "Create invitation" }).click();
    await page.waitForURL(/\/admin\/modeling-agency\/invitations\/[0-9a-f-]{36}$/);
    expect(posts()).toMatchObject([{ status: 201 }]);
    const id = page.url().split("/").pop()!;
    const { rows } = await server.db.query<{ accountId: string }>(
      `SELECT "accountId" FROM "modeling_agency_invitation" WHERE "id" = $1`,
      [id],
    );
    expect(rows).toEqual([{ accountId }]);
    expect(problems).toEqual([]);
  });
});
