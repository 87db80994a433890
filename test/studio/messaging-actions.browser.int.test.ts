/**
 * More of messaging in the studio, in a real browser (headless chromium, three browser contexts)
 * against the BUILT studio on a real runtime with identity and messaging on PostgreSQL, on a
 * template of this test's own ("lab samples": a sample's conversation is for its owner and the
 * reviewers, who moderate it). Everyone signs in at the server's IP address (an address that names no
 * tenant: the tenant comes from the log-in form, and the live socket names it in its query).
 * A (tenant admin) and B chat: B sees A online (presence dots), reacts, and A sees the reaction
 * live; A answers in a thread, and B sees the reply count; A edits (B sees "edited" and its
 * history) and deletes a message (B sees it deleted); B mutes the conversation and chooses
 * mentions only. A starts a group with B and C by name. B flags A's message with a reason; A
 * opens the moderation queue, sees the reason, hides the message (B sees it hidden, live) and
 * restores it. A opens a sample's conversation from the sample's page, C (a reviewer) finds it
 * in the inbox. Each page passes axe's WCAG 2.1 AA rules.
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

const TENANT = "labsamples";
const A = {
  email: "ana@labsamples.example",
  name: "Ana Admin",
  password: "correct horse battery",
  role: "tenant-admin",
};
const B = { email: "ben@labsamples.example", name: "Ben User", password: "battery staple horse", role: "user" };
const C = { email: "cy@labsamples.example", name: "Cy Reviewer", password: "staple horse battery", role: "reviewer" };
type Who = "A" | "B" | "C";
const PEOPLE = { A, B, C };

/** The test's own template: any industry; nothing here is a shipped template's. */
const RAW = {
  id: "lab-samples",
  version: "1.0.0",
  title: { en: "Lab samples" },
  locales: ["en"],
  roles: {
    reviewer: { label: { en: "Reviewer" }, tier: "tenant", inherits: ["user"], permissions: [] },
  },
  entities: {
    Sample: {
      id: "ent_sample",
      label: { en: "Sample" },
      scope: "user",
      titleField: "title",
      access: { read: "owner|reviewer", create: "authenticated", update: "owner", delete: "owner" },
      conversation: { participants: ["owner", "role:reviewer"], moderators: "role:reviewer" },
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_sample_title", type: "string", maxLength: 120, "x-label": { en: "Title" } },
        },
      },
    },
  },
};

let server: StudioServer;
let browser: Browser;
const pages = {} as Record<Who, Page>;
const problems = {} as Record<Who, string[]>;
const logs = {} as Record<Who, Exchange[]>;
const sockets: string[] = [];
const ids: Record<Who, string> = { A: "", B: "", C: "" };
let conversationUrl = "";
const contexts: BrowserContext[] = [];

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const main = (p: Page) => p.locator("main");
const audit = async (view: string, p: Page) => describeViolations(view, await axeViolations(p));
const messageLog = (p: Page) => main(p).getByRole("log", { name: "Messages" });
/** The row of the message whose text contains `text`, in the conversation's log. */
const row = (p: Page, text: string) => messageLog(p).locator("li.message", { hasText: text });
let origin = "";

async function logIn(page: Page, user: typeof A) {
  await page.goto(`${origin}/studio/login`);
  await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel(/^Password/).fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page
    .locator("nav#sidebar")
    .getByRole("link", { name: "Messages" })
    .waitFor({ timeout: 15_000 })
    .catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await page.locator("body").innerText()}`);
    });
}

async function send(page: Page, text: string, form = "Send a message") {
  const composer = main(page).getByRole("form", { name: form });
  await composer.getByLabel("Message").fill(text);
  await composer.getByRole("button", { name: "Send" }).click();
  await poll(() => composer.getByLabel("Message").inputValue()).toBe("");
}

beforeAll(async () => {
  await ensureStudioBuilt();
  const own = await installOwnTemplate(RAW, "lab-samples.json");
  const database = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(database.url);
  await migrateUp(db, MIGRATIONS);
  await db.close();
  await own.apply(database.url);
  server = await startStudioServer({
    identity: {},
    messaging: {},
    database,
    generated: { dir: path.join(ROOT, "generated"), templates: [...templates, own.registry], platform },
  });
  origin = server.url;
  browser = await launchChromium();
  await createTenant(server, TENANT, RAW.id);
  const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [TENANT]);
  const hasher = new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 });
  for (const key of ["A", "B", "C"] as const) {
    const user = PEOPLE[key];
    const created = await server.db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, $3, $4, now()) RETURNING "id"`,
      [tenant.rows[0].id, user.email, user.name, await hasher.hash(user.password)],
    );
    ids[key] = created.rows[0].id;
    await server.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, $3)`, [
      tenant.rows[0].id,
      ids[key],
      user.role,
    ]);
    const logged = await loggedPage(browser, contexts);
    pages[key] = logged.page;
    problems[key] = logged.problems;
    logs[key] = logged.log;
  }
  pages.B.on("websocket", (ws) => sockets.push(ws.url()));
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

describe("messaging actions in the studio", () => {
  test("on an address that names no tenant the socket names it; A starts a conversation with B by name and sees B online", async () => {
    await logIn(pages.A, A);
    await logIn(pages.B, B);
    await pages.B.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    await poll(() => main(pages.B).textContent()).toContain("No conversations yet.");
    // The live socket, opened at localhost, names the tenant the user signed in to.
    await poll(() => sockets.some((u) => u.includes(`tenant=${TENANT}`))).toBe(true);

    await pages.A.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    const form = main(pages.A).getByRole("form", { name: "Start a conversation" });
    await form.getByLabel("Find people by name").fill("");
    await form.getByRole("button", { name: "Find" }).click();
    // Everyone of the tenant but A; A is a tenant admin, so with their emails.
    await poll(() => form.getByRole("checkbox").count()).toBe(2);
    expect(await form.textContent()).toContain(B.email);
    await form.getByRole("checkbox", { name: /Ben User/ }).check();
    const found = await audit("inbox, people found", pages.A);
    await form.getByRole("button", { name: "Start conversation" }).click();
    await pages.A.waitForURL(/\/studio\/messages\/[0-9a-f-]{36}$/);
    conversationUrl = pages.A.url();
    await poll(() => main(pages.A).getByRole("heading", { level: 1 }).textContent()).toBe(B.name);

    // B's inbox shows it live, by A's name; B opens it and is online for A.
    await main(pages.B).getByRole("link", { name: A.name }).click();
    await pages.B.waitForURL(conversationUrl);
    const taking = main(pages.A).getByRole("list", { name: "Taking part" });
    await poll(() => taking.locator("li.online", { hasText: B.name }).count()).toBe(1);
    expect(await taking.locator("li", { hasText: B.name }).textContent()).toContain("online");
    found.push(...(await audit("conversation, the other online", pages.A)));
    expect(found).toEqual([]);
  });

  test("reactions, a thread, an edit with its history and a deletion reach the other side live", async () => {
    await send(pages.A, "The centrifuge is free at two.");
    await send(pages.A, "Bring the blue rack.");
    await poll(() => row(pages.B, "centrifuge").count()).toBe(1);

    // B reacts; A sees it without a reload.
    await row(pages.B, "centrifuge").getByRole("button", { name: "React with 👍" }).click();
    await poll(() => row(pages.B, "centrifuge").getByRole("button", { name: "👍 1, yours" }).count()).toBe(1);
    await poll(() => row(pages.A, "centrifuge").getByRole("button", { name: "👍 1" }).count()).toBe(1);

    // A answers in the message's thread; B sees the reply count.
    await row(pages.A, "centrifuge").getByRole("button", { name: "Reply" }).click();
    const thread = main(pages.A).getByRole("region", { name: "Thread" });
    await poll(() => thread.textContent()).toContain("The centrifuge is free at two.");
    await send(pages.A, "Or at three, if that suits better.", "Reply in thread");
    await poll(() => thread.textContent()).toContain("Or at three");
    await poll(() => row(pages.B, "centrifuge").getByRole("button", { name: "1 reply" }).count()).toBe(1);
    // The top level keeps only the thread's root.
    expect(await messageLog(pages.B).textContent()).not.toContain("Or at three");
    const found = await audit("conversation with a thread", pages.A);
    await thread.getByRole("button", { name: "Close thread" }).click();

    // A edits: B sees the new text, "(edited)", and the earlier version.
    await row(pages.A, "blue rack").getByRole("button", { name: "Edit" }).click();
    const edit = main(pages.A).getByRole("form", { name: "Edit the message" });
    await edit.getByLabel("New text").fill("Bring the green rack.");
    await edit.getByRole("button", { name: "Save" }).click();
    await poll(() => row(pages.B, "green rack").count()).toBe(1);
    const edited = row(pages.B, "green rack").getByRole("button", { name: "(edited)" });
    await edited.click();
    const history = row(pages.B, "green rack").getByRole("region", { name: "Earlier versions" });
    await poll(() => history.textContent()).toContain("Bring the blue rack.");
    found.push(...(await audit("conversation, a message's history", pages.B)));

    // A deletes it: B sees it deleted; nobody can act on it any more.
    await row(pages.A, "green rack").getByRole("button", { name: "Delete" }).click();
    await main(pages.A).getByRole("button", { name: "Delete message" }).click();
    await poll(() => messageLog(pages.B).textContent()).not.toContain("green rack");
    const deleted = messageLog(pages.B).locator("li.message", { hasText: "Deleted" });
    await poll(() => deleted.count()).toBe(1);
    expect(await deleted.getByRole("button").count()).toBe(0);
    expect(found).toEqual([]);
  });

  test("B mutes the conversation and is notified of mentions only; the settings are kept", async () => {
    const settings = main(pages.B).getByRole("group", { name: "Notifications" });
    await settings.getByLabel("Mute this conversation").check();
    await poll(() => settings.getByRole("status").textContent()).toBe("Saved.");
    await settings.getByLabel("Notify me of").selectOption("mentions");
    await poll(() => settings.getByRole("status").textContent()).toBe("Saved.");
    const stored = await server.db.query<{ muted: boolean; notify: string }>(
      `SELECT "muted", "notify" FROM "conversation_participant" WHERE "userId" = $1`,
      [ids.B],
    );
    expect(stored.rows).toEqual([{ muted: true, notify: "mentions" }]);
    await pages.B.reload();
    await poll(() => main(pages.B).getByLabel("Mute this conversation").isChecked()).toBe(true);
    expect(await main(pages.B).getByLabel("Notify me of").inputValue()).toBe("mentions");
    const found = await audit("conversation settings", pages.B);
    await pages.B.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    await poll(() => main(pages.B).locator("li", { hasText: A.name }).textContent()).toContain("(muted)");
    expect(found).toEqual([]);
  });

  test("A starts a group with B and C by name; a blank title is the API's problem on the field", async () => {
    await logIn(pages.C, C);
    await pages.C.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    await poll(() => main(pages.C).textContent()).toContain("No conversations yet.");

    await pages.A.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    const form = main(pages.A).getByRole("form", { name: "Start a conversation" });
    await form.getByRole("button", { name: "Find" }).click();
    await form.getByRole("checkbox", { name: /Ben User/ }).check();
    await form.getByRole("checkbox", { name: /Cy Reviewer/ }).check();
    await form.getByLabel("Group title").fill("   ");
    await form.getByRole("button", { name: "Start group" }).click();
    await poll(() => form.getByLabel("Group title").getAttribute("aria-invalid")).toBe("true");
    expect(await form.textContent()).toContain("/body/title");
    const found = await audit("inbox, a group with a problem", pages.A);
    await form.getByLabel("Group title").fill("Freezer rota");
    await form.getByRole("button", { name: "Start group" }).click();
    await poll(() => main(pages.A).getByRole("heading", { level: 1 }).textContent()).toBe("Freezer rota");
    expect(await main(pages.A).getByRole("list", { name: "Taking part" }).textContent()).toContain(C.name);
    // C's inbox shows it live.
    await poll(() => main(pages.C).getByRole("link", { name: "Freezer rota" }).count()).toBe(1);
    expect(found).toEqual([]);
  });

  test("B flags A's message; A hides it from the moderation queue (B sees it hidden, live) and restores it", async () => {
    await main(pages.B).getByRole("link", { name: A.name }).click();
    await pages.B.waitForURL(conversationUrl);
    await pages.A.goto(conversationUrl);
    await row(pages.B, "centrifuge").getByRole("button", { name: "Flag" }).click();
    const flag = main(pages.B).getByRole("form", { name: "Flag the message" });
    await flag.getByLabel("Why should a moderator look at it?").fill("Wrong room number");
    await flag.getByRole("button", { name: "Flag for moderation" }).click();
    await poll(() => flag.count()).toBe(0);

    // A is a tenant admin: the inbox links the queue.
    await pages.A.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    await main(pages.A).getByRole("link", { name: "Moderation queue" }).click();
    await pages.A.waitForURL(/\/studio\/messages\/moderation$/);
    const entry = main(pages.A).locator("li", { hasText: "centrifuge" }).first();
    // The flagger's name arrives with the people lookup, after the entry itself ("User 1a2b…" until then).
    await poll(() => entry.textContent()).toContain(`${B.name}: “Wrong room number”`);
    const found = await audit("moderation queue", pages.A);
    await entry.getByRole("button", { name: "Hide" }).click();
    await poll(() => entry.getByRole("status").textContent()).toBe("Hidden.");
    await poll(() => row(pages.B, "Hidden by a moderator").count()).toBe(1);
    expect(await messageLog(pages.B).textContent()).not.toContain("centrifuge");
    found.push(...(await audit("moderation queue, hidden", pages.A)));

    await entry.getByRole("button", { name: "Restore" }).click();
    await poll(() => entry.getByRole("status").textContent()).toBe("Restored.");
    await poll(() => row(pages.B, "centrifuge").count()).toBe(1);
    // Resolved: the queue is empty once reloaded.
    await main(pages.A).getByRole("button", { name: "Refresh" }).click();
    await poll(() => main(pages.A).textContent()).toContain("Nothing is flagged.");
    expect(found).toEqual([]);
  });

  test("A opens a sample's conversation from the sample's page; C, a reviewer, finds it in the inbox", async () => {
    // The sample, created through the API with A's access token (as the studio sends it).
    const token = logs.A.findLast((e) => e.bearer)?.bearer;
    const created = await fetch(`${origin}/api/v1/tenant/entities/${RAW.id}:samples`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "x-tenant": TENANT, "content-type": "application/json" },
      body: JSON.stringify({ title: "Soil core 7" }),
    });
    expect(created.status).toBe(201);
    const sample = (await created.json()) as { id: string };
    await pages.A.goto(`${origin}/studio/admin/${RAW.id}/Sample/${sample.id}`);
    await poll(() => main(pages.A).getByRole("heading", { level: 1 }).textContent()).toBe("Soil core 7");
    const found = await audit("a sample's page", pages.A);
    await main(pages.A).getByRole("button", { name: "Conversation" }).click();
    await pages.A.waitForURL(/\/studio\/messages\/[0-9a-f-]{36}$/);
    const taking = main(pages.A).getByRole("list", { name: "Taking part" });
    await poll(() => taking.textContent()).toContain(C.name);
    await send(pages.A, "Core 7 is ready for sieving.");
    await pages.C.locator("nav#sidebar").getByRole("link", { name: "Messages" }).click();
    const link = main(pages.C).locator("li", { hasText: "(record)" }).getByRole("link");
    await poll(() => link.count()).toBe(1);
    await link.click();
    await poll(() => messageLog(pages.C).textContent()).toContain("Core 7 is ready for sieving.");
    // C moderates the samples' conversations: Delete shows on A's message.
    expect(await row(pages.C, "Core 7").getByRole("button", { name: "Delete" }).count()).toBe(1);
    found.push(...(await audit("a record's conversation", pages.C)));
    expect(found).toEqual([]);
    expect(problems).toEqual({ A: [], B: [], C: [] });
  });
});
