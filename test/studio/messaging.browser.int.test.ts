/**
 * Messaging in the studio, in a real browser (headless chromium, two browser contexts) against
 * the BUILT studio on a real runtime with identity and messaging on PostgreSQL (the in-process
 * bus: no REDIS_URL), on a template of this test's own ("field notes"). Two users of the same
 * tenant, a tenant admin (A) and a signed-in user (B), sign in at `<slug>.localhost` (the socket
 * takes its tenant from the host and its user from the access cookie, as a browser sends them).
 * A opens the inbox from the sidebar and starts a direct conversation with B, picked by name; B's inbox shows it
 * live; A types, and B sees "… is typing…"; A sends, and B sees the message without a reload;
 * B has the conversation open, so it is read, and A sees "Seen by …" live; B answers and A's
 * inbox counts it unread; a search within the conversation finds a message. Access tokens live
 * 20 s here (the socket re-checks its token every 300 ms): B's socket, closed once its token
 * expires (4401), renews the token and reconnects with `after`, and A's next message reaches B
 * once. Each page passes axe's WCAG 2.1 AA rules.
 */
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { installOwnTemplate, MIGRATIONS } from "../../runtime/test/crud-support.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { launchChromium, loggedPage, type Exchange } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, ROOT, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "fieldnotes";
const TOKEN_TTL_S = 20;
const A = {
  email: "ana@fieldnotes.example",
  name: "Ana Admin",
  password: "correct horse battery",
  role: "tenant-admin",
};
const B = { email: "ben@fieldnotes.example", name: "Ben User", password: "battery staple horse", role: "user" };

/** The test's own template: any industry; nothing here is a shipped template's. */
const RAW = {
  id: "field-notes",
  version: "1.0.0",
  title: { en: "Field notes" },
  locales: ["en"],
  roles: {},
  entities: {
    Note: {
      id: "ent_note",
      scope: "tenant",
      schema: {
        type: "object",
        required: ["title"],
        properties: { title: { "x-id": "fld_title", type: "string", maxLength: 120, "x-label": { en: "Title" } } },
      },
      access: { read: ["tenant-admin"], create: ["tenant-admin"], update: ["tenant-admin"], delete: ["tenant-admin"] },
    },
  },
};

let server: StudioServer;
let browser: Browser;
let pageA: Page;
let pageB: Page;
let problemsA: string[];
let problemsB: string[];
let logB: Exchange[];
/** B's sockets: their URLs and close codes, in the order they opened. */
const socketsB: { url: string; closed: number | null }[] = [];
const ids: Record<"A" | "B", string> = { A: "", B: "" };
let conversationUrl = "";
const contexts: BrowserContext[] = [];

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const main = (p: Page) => p.locator("main");
const audit = async (view: string, p: Page) => describeViolations(view, await axeViolations(p));
/** How the studio names a user to someone else: their name (the people lookup). */
const seenAs = (who: "A" | "B") => (who === "A" ? A : B).name;

async function logIn(page: Page, user: typeof A) {
  const port = new URL(server.url).port;
  await page.goto(`http://${TENANT}.localhost:${port}/studio/login`);
  await poll(() => page.getByLabel("Marketplace (tenant slug)").inputValue()).toBe(TENANT);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel(/^Password/).fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await poll(() => page.locator("nav#sidebar").getByRole("link", { name: "Messages" }).count()).toBe(1);
}

beforeAll(async () => {
  await ensureStudioBuilt();
  const own = await installOwnTemplate(RAW, "field-notes.json");
  const database = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(database.url);
  await migrateUp(db, MIGRATIONS);
  await db.close();
  await own.apply(database.url);
  server = await startStudioServer({
    identity: { accessTtlSeconds: TOKEN_TTL_S },
    messaging: { recheckMs: 300 },
    database,
    generated: { dir: path.join(ROOT, "generated"), templates: [...templates, own.registry], platform },
  });
  browser = await launchChromium();
  await createTenant(server, TENANT, RAW.id);
  const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [TENANT]);
  const hasher = new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 });
  for (const [key, user] of [
    ["A", A],
    ["B", B],
  ] as const) {
    const row = await server.db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, $3, $4, now()) RETURNING "id"`,
      [tenant.rows[0].id, user.email, user.name, await hasher.hash(user.password)],
    );
    ids[key] = row.rows[0].id;
    await server.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, $3)`, [
      tenant.rows[0].id,
      ids[key],
      user.role,
    ]);
  }
  ({ page: pageA, problems: problemsA } = await loggedPage(browser, contexts));
  ({ page: pageB, problems: problemsB, log: logB } = await loggedPage(browser, contexts));
  pageB.on("websocket", (ws) => {
    const entry = { url: ws.url(), closed: null as number | null };
    socketsB.push(entry);
    ws.on("close", () => {
      entry.closed = Date.now();
    });
  });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("messaging in the studio", () => {
  test("both sign in; A opens the inbox from the sidebar and starts a direct conversation with B, which B's inbox shows live", async () => {
    await logIn(pageA, A);
    await logIn(pageB, B);
    await pageB.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    await pageB.waitForURL(/\/studio\/messages$/);
    await poll(() => main(pageB).textContent()).toContain("No conversations yet.");

    await pageA.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    await pageA.waitForURL(/\/studio\/messages$/);
    await poll(() => main(pageA).textContent()).toContain("No conversations yet.");
    const found = await audit("messages inbox", pageA);
    const form = main(pageA).getByRole("form", { name: "Start a conversation" });
    // People are picked by name (the people lookup), not by id.
    await form.getByLabel("Find people by name").fill("nobody like that");
    await form.getByRole("button", { name: "Find" }).click();
    await poll(() => form.textContent()).toContain("Nobody matches.");
    await form.getByLabel("Find people by name").fill("ben");
    await form.getByRole("button", { name: "Find" }).click();
    await form.getByRole("checkbox", { name: /Ben User/ }).check();
    found.push(...(await audit("messages inbox, a person picked", pageA)));
    await form.getByRole("button", { name: "Start conversation" }).click();
    await pageA.waitForURL(/\/studio\/messages\/[0-9a-f-]{36}$/);
    conversationUrl = pageA.url();
    await poll(() => main(pageA).getByRole("heading", { level: 1 }).textContent()).toBe(seenAs("B"));

    // B's inbox had no reload: the socket's conversation.created brought it in.
    const link = main(pageB).getByRole("link", { name: seenAs("A") });
    await poll(() => link.count()).toBe(1);
    expect(problemsA).toEqual([]);
    expect(problemsB).toEqual([]);
    expect(found).toEqual([]);
  });

  test("A types: B sees the typing indicator; A sends: B sees the message live and reads it; A sees the read receipt live", async () => {
    await main(pageB)
      .getByRole("link", { name: seenAs("A") })
      .click();
    await pageB.waitForURL(conversationUrl);
    const logB = main(pageB).getByRole("log", { name: "Messages" });
    await poll(() => logB.textContent()).toContain("No messages yet.");
    // Both sockets are open (presence says so) before anyone types.
    const conversationId = conversationUrl.split("/").pop()!;
    await poll(async () => {
      const answer = await pageA.evaluate(
        (id) =>
          fetch(`/api/v1/user/conversations/${id}/presence`, { credentials: "include" }).then(
            (r) => r.json() as Promise<{ online: string[] }>,
          ),
        conversationId,
      );
      return [...answer.online].sort();
    }).toEqual([ids.A, ids.B].sort());

    const typingB = main(pageB).locator(".typing-indicator");
    expect(await typingB.textContent()).toBe("");
    const composer = main(pageA).getByRole("form", { name: "Send a message" });
    await composer.getByLabel("Message").pressSequentially("Are the samples in", { delay: 20 });
    await poll(() => typingB.textContent()).toBe(`${seenAs("A")} is typing…`);
    expect(await typingB.getAttribute("role")).toBe("status");
    const found = await audit("conversation, the other typing", pageB);

    await composer.getByLabel("Message").fill("Are the samples in the cold room?");
    await composer.getByRole("button", { name: "Send" }).click();
    const logA = main(pageA).getByRole("log", { name: "Messages" });
    await poll(() => logA.textContent()).toContain("Are the samples in the cold room?");
    // Sent: the composer is empty again (the socket may bring the message before the POST answers).
    await poll(() => composer.getByLabel("Message").inputValue()).toBe("");
    // B: the message arrives without a reload; the typing indicator goes with it.
    await poll(() => logB.locator("li").count()).toBe(1);
    expect(await logB.locator("li").textContent()).toContain("Are the samples in the cold room?");
    await poll(() => logB.locator("li").textContent()).toContain(seenAs("A"));
    await poll(() => typingB.textContent()).toBe("");

    // B has it on screen: the receipt moves; A sees it without a reload.
    const receipt = logA.locator(".message-receipt");
    await poll(() => receipt.textContent()).toBe(`Seen by ${seenAs("B")}`);
    const stored = await server.db.query<{ lastReadMessageId: string | null }>(
      `SELECT "lastReadMessageId" FROM "conversation_participant" WHERE "userId" = $1`,
      [ids.B],
    );
    expect(stored.rows[0].lastReadMessageId).not.toBeNull();
    found.push(...(await audit("conversation with a read receipt", pageA)));
    expect(found).toEqual([]);
  });

  test("B answers while A is in the inbox: the unread count; search within the conversation finds a message", async () => {
    await pageA.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    await pageA.waitForURL(/\/studio\/messages$/);
    const row = main(pageA).locator("li", { hasText: seenAs("B") });
    await poll(() => row.count()).toBe(1);
    expect(await row.textContent()).not.toContain("unread");

    const composer = main(pageB).getByRole("form", { name: "Send a message" });
    await composer.getByLabel("Message").fill("Yes, shelf three, labelled.");
    await composer.getByRole("button", { name: "Send" }).click();
    await poll(() => row.textContent()).toContain("1 unread");

    const search = main(pageB).getByRole("search", { name: "Search this conversation" });
    await search.getByLabel("Search this conversation").fill("cold room");
    await search.getByRole("button", { name: "Search" }).click();
    const results = search.getByRole("region", { name: "Search results" });
    await poll(() => results.textContent()).toContain("Are the samples in the cold room?");
    expect(await results.textContent()).not.toContain("shelf three");
    const found = await audit("conversation with search results", pageB);
    expect(found).toEqual([]);
    expect(problemsA).toEqual([]);
    expect(problemsB).toEqual([]);
  });

  test("B's socket outlives its token: closed when it expires, renewed and resumed; A's next message reaches B once", async () => {
    const logOfB = main(pageB).getByRole("log", { name: "Messages" });
    await poll(() => logOfB.locator("li").count()).toBe(2);
    // B's one open socket (the conversation's; the inbox's closed when B left it).
    const live = socketsB.filter((ws) => ws.closed === null);
    expect(live).toHaveLength(1);
    const before = socketsB.length;
    // The token expires: that socket is closed; the studio renews the token and reconnects.
    await poll(() => live[0].closed, (TOKEN_TTL_S + 10) * 1000).not.toBeNull();
    await poll(
      () => socketsB.slice(before).some((ws) => ws.closed === null && /[?&]after=\d+$/.test(ws.url)),
      15_000,
    ).toBe(true);
    expect(logB.some((e) => e.path.endsWith("/auth/refresh") && e.status === 200)).toBe(true);

    await main(pageA)
      .getByRole("link", { name: seenAs("B") })
      .click();
    await pageA.waitForURL(conversationUrl);
    const composer = main(pageA).getByRole("form", { name: "Send a message" });
    await composer.getByLabel("Message").fill("Thanks, picking them up at noon.");
    await composer.getByRole("button", { name: "Send" }).click();
    await poll(() => logOfB.locator("li").count()).toBe(3);
    expect(await logOfB.locator("li").nth(2).textContent()).toContain("Thanks, picking them up at noon.");
    // Once: nothing doubled by the resume.
    await new Promise((r) => setTimeout(r, 500));
    expect(await logOfB.locator("li", { hasText: "picking them up" }).count()).toBe(1);
    expect(problemsA).toEqual([]);
    expect(problemsB).toEqual([]);
  }, 60_000);
});
