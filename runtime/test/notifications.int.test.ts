/**
 * Notifications and the welcome mail on PostgreSQL, emails sent by a send worker in its own
 * process to a real SMTP server process: the welcome mail after sign-up and after an accepted
 * invitation (localised, tenant override, once per user), the user's notification API (paging,
 * unread filter and count, read, read-all, other users' and tenants' notifications 404),
 * preferences (validated, problem+json pointers), the email of a notification left unread
 * (once; withdrawn when read), the daily digest (once per user and day), a worker SIGKILLed
 * while fallback emails are due, and both again on BullMQ. Time is a variable, never a sleep.
 */
import type { FastifyInstance } from "fastify";
import type { ParsedMail } from "mailparser";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
import type { TenantContext } from "../src/context.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { EmailOutbox } from "../src/email/email-outbox.ts";
import { BullEmailQueue } from "../src/email/email-queue.ts";
import { EmailWorker } from "../src/email/email-worker.ts";
import { welcomeMessage } from "../src/identity/identity-emails.ts";
import { smtpMailer } from "../src/identity/mailer.ts";
import { DigestScheduler } from "../src/notifications/digest-scheduler.ts";
import { Notifier } from "../src/notifications/notifier.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { createTenant, createUser, type AuthzEnv, type TestUser } from "./authz-support.ts";
import { startSmtpSink, startWorkerProcess, type Child, type SmtpSink } from "./support/email-processes.ts";

const PASSWORD = "correct horse battery";
let testDb: TestDatabase;
let db: Database;
let app: FastifyInstance;
let sink: SmtpSink;
let worker: Child;
/** The notifier's time: tests set it instead of waiting. */
let clock = new Date();
const HALF_HOUR_AGO = () => new Date(Date.now() - 31 * 60_000);
let tenantA: TenantContext;
let tenantB: TenantContext;
let adminA: TestUser;
let adminB: TestUser;
let memberA: TestUser;

const workerEnv = (port: number) => ({
  DATABASE_URL: testDb.url,
  SMTP_URL: `smtp://127.0.0.1:${port}`,
  MONO_EMAIL_POLL_MS: "100",
  MONO_EMAIL_LOCK_MS: "1500",
  MONO_EMAIL_CONCURRENCY: "1",
});

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: "generated/prisma/migrations" });
  db = createPostgresDatabase(testDb.url, { max: 6 });
  await migrateUp(db, "generated/prisma/migrations");
  sink = await startSmtpSink();
  app = await buildApp({
    db,
    registry: createRuntimeRegistry(templates, platform),
    allowTenantHeader: true,
    rateLimit: false,
    identity: {
      mailer: { send: async () => {} },
      secret: "notify-test-secret-0123456789-abcdefghijkl",
      secureCookies: false,
      rateLimit: false,
      argon2: { memoryCost: 4096, timeCost: 2, parallelism: 1 },
      publicUrl: (tenant) => `http://${tenant?.slug}.mono.test`,
    },
    // Sending is the worker process's job.
    email: { transport: { send: async () => {} }, from: "Mono <mail@mono.test>", worker: false },
    notifications: { now: () => clock, scheduler: false },
  });
  await app.ready();
  worker = await startWorkerProcess(workerEnv(sink.port));
  const env = { app, db } as AuthzEnv;
  const [a, b] = [await createTenant(db, "n-a", []), await createTenant(db, "n-b", [])];
  tenantA = (await app.tenants.byId(a))!;
  tenantB = (await app.tenants.byId(b))!;
  adminA = await createUser(env, a, "n-a", { roles: [["tenant-admin", null]] });
  adminB = await createUser(env, b, "n-b", { roles: [["tenant-admin", null]] });
  memberA = await createUser(env, a, "n-a", {});
}, 60_000);

afterAll(async () => {
  await worker?.kill();
  await sink?.kill();
  await app?.close();
  await db?.close();
  await testDb?.drop();
});

type Method = "GET" | "POST" | "PUT";
/** Every answer of the notification routes, checked against /openapi.json at the end. */
const answers: { method: Method; url: string; status: number; type: string; body: unknown }[] = [];
const call = async (slug: string, token: string | null, method: Method, url: string, body?: unknown, lang?: string) => {
  const res = await app.inject({
    method,
    url,
    headers: {
      "x-tenant": slug,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(lang ? { "accept-language": lang } : {}),
    },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  if (url.startsWith("/api/v1/user/notification"))
    answers.push({
      method,
      url,
      status: res.statusCode,
      type: String(res.headers["content-type"] ?? ""),
      body: res.body ? res.json() : "",
    });
  return res;
};
const as = (user: TestUser) => (method: Method, url: string, body?: unknown) =>
  call(user.slug, user.token, method, url, body);

const to = (m: ParsedMail) => String(m.to && "text" in m.to ? m.to.text : "");

async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The mails `address` received at `server` (matching `subject`, if given), once at least `n` arrived. */
async function mailsTo(server: SmtpSink, address: string, n = 1, subject?: RegExp): Promise<ParsedMail[]> {
  return until(`${n} email(s) to ${address}`, async () => {
    const found = (await server.mails()).filter(
      (m) => to(m) === address && (!subject || subject.test(m.subject ?? "")),
    );
    return found.length >= n && found;
  });
}

const emailRows = async (where: string, params: unknown[]) =>
  (
    await db.query<{ dedupeKey: string; status: string; templateKey: string; sendAfter: Date }>(
      `SELECT "dedupeKey", "status", "templateKey", "sendAfter" FROM "email_message" WHERE ${where}`,
      params,
    )
  ).rows;

const emailOf = async (userId: string) =>
  (await db.query<{ email: string }>(`SELECT "email" FROM "user" WHERE "id" = $1`, [userId])).rows[0].email;

describe("the welcome mail", () => {
  it("follows a self sign-up's confirmation, in the request's language, once, with a welcome notification", async () => {
    clock = new Date();
    const email = "self@example.test";
    const reg = await call("n-a", null, "POST", "/api/v1/user/auth/register", {
      email,
      name: "Selma",
      password: PASSWORD,
    });
    expect(reg.statusCode).toBe(202);
    const [verify] = await mailsTo(sink, email);
    const token = /#token=([A-Za-z0-9_-]{20,})/.exec(verify.text ?? "")![1];
    // Signing up alone sends no welcome: the address is not confirmed yet.
    expect(await emailRows(`"recipient" = $1 AND "templateKey" = 'welcome'`, [email])).toEqual([]);
    const done = await call("n-a", null, "POST", "/api/v1/user/auth/verify-email", { token }, "de-AT,de;q=0.9");
    expect(done.statusCode).toBe(200);
    const [mail] = await mailsTo(sink, email, 1, /Willkommen/);
    expect(mail.subject).toBe("Willkommen bei n-a");
    expect(mail.text).toContain("Hallo Selma");
    expect(mail.text).toContain("http://n-a.mono.test");
    expect(mail.headers.get("content-language")).toBe("de");
    const user = (await db.query<{ id: string }>(`SELECT "id" FROM "user" WHERE "email" = $1`, [email])).rows[0];
    // Once per user: the same cause again is the same email.
    const again = await app.email.outbox.send(welcomeMessage(tenantA, { ...user, email, name: "Selma" }, "x", "en"));
    expect(again.duplicate).toBe(true);
    expect(await emailRows(`"recipient" = $1 AND "templateKey" = 'welcome'`, [email])).toHaveLength(1);

    const login = await call("n-a", null, "POST", "/api/v1/user/auth/login", { email, password: PASSWORD });
    const list = await until("the welcome notification", async () => {
      const page = (await call("n-a", login.json().accessToken, "GET", "/api/v1/user/notifications")).json();
      return page.data.length > 0 && page;
    });
    expect(list.data).toEqual([
      expect.objectContaining({ kind: "welcome", title: "Willkommen bei n-a", readAt: null, link: null }),
    ]);
    // The welcome mail is its email: no second one when it stays unread.
    expect(await emailRows(`"templateKey" = 'notification' AND "recipient" = $1`, [email])).toEqual([]);
  });

  it("greets a user an invitation created, with the tenant's override; the inviter is notified and mailed once if it stays unread", async () => {
    await app.email.catalogue.saveOverride(tenantB.id, {
      key: "welcome",
      locale: "en",
      subject: "Hello from B, {{ name }}",
      mjml: "<mjml><mj-body><mj-section><mj-column><mj-text>B welcomes {{ name }} to {{ site }}: {{ url }}</mj-text></mj-column></mj-section></mj-body></mjml>",
    });
    clock = HALF_HOUR_AGO(); // the inviter's notification is already 31 minutes old
    const guest = "guest@example.test";
    const invited = await as(adminB)("POST", "/api/v1/tenant/invitations", { email: guest, role: "tenant-admin" });
    expect(invited.statusCode, invited.body).toBe(201);
    const [invitation] = await mailsTo(sink, guest);
    const token = /#token=([A-Za-z0-9_-]{20,})/.exec(invitation.text ?? "")![1];
    const accepted = await call("n-b", null, "POST", "/api/v1/user/auth/accept-invitation", {
      token,
      name: "Gus",
      password: PASSWORD,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const [welcome] = await mailsTo(sink, guest, 1, /Hello from B/);
    expect(welcome.subject).toBe("Hello from B, Gus");
    expect(welcome.text).toContain("B welcomes Gus to n-b: http://n-b.mono.test");

    const adminMail = await emailOf(adminB.id);
    const [fallback] = await mailsTo(sink, adminMail, 1, /accepted your invitation/);
    expect(fallback.subject).toBe("Gus accepted your invitation");
    expect(fallback.headers.get("x-mono-template")).toBe("notification");
    expect(fallback.text).toContain("guest@example.test is now a member.");
    const page = (await as(adminB)("GET", "/api/v1/user/notifications")).json();
    expect(page.unreadCount).toBe(1);
    expect(page.data[0]).toMatchObject({ kind: "invitation-accepted", title: "Gus accepted your invitation" });
    expect(await emailRows(`"dedupeKey" = $1`, [`notification:${page.data[0].id}`])).toEqual([
      expect.objectContaining({ status: "sent" }),
    ]);
  });
});

describe("the user's notifications", () => {
  const ids: string[] = [];
  it("lists one's own, newest first, paged, with the unread count; others' users are never notified", async () => {
    clock = new Date(); // their emails are due in 30 minutes
    for (const n of [1, 2, 3]) {
      clock = new Date(clock.getTime() + 1000);
      const out = await app.notifications.notify(tenantA, [adminA.id, adminB.id], {
        kind: "thing-happened",
        title: `Thing ${n}`,
        body: `Body ${n}`,
        link: `/things/${n}`,
        record: { entity: "some:Thing", id: "00000000-0000-4000-8000-00000000000" + n },
      });
      // Tenant B's admin is not a user of tenant A: skipped.
      expect(out.map((o) => o.userId)).toEqual([adminA.id]);
      ids.push(out[0].id);
    }
    // The recipient's own language (profile.locale) picks the text.
    await db.query(`UPDATE "user" SET "profile" = '{"locale": "de"}' WHERE "id" = $1`, [memberA.id]);
    await app.notifications.notify(tenantA, [memberA.id], {
      kind: "thing-happened",
      title: { en: "Not yours", de: "Nicht deins" },
    });
    expect((await as(memberA)("GET", "/api/v1/user/notifications")).json().data[0].title).toBe("Nicht deins");
    await db.query(`UPDATE "user" SET "profile" = '{}' WHERE "id" = $1`, [memberA.id]);
    // A tenant's own delay wins over the configured 30 minutes.
    await db.query(`UPDATE "tenant" SET "settings" = '{"notifications": {"emailAfterMinutes": 5}}' WHERE "id" = $1`, [
      tenantB.id,
    ]);
    const [own] = await app.notifications.notify(tenantB, [adminB.id], { kind: "thing-happened", title: "B" });
    const [bMail] = await emailRows(`"dedupeKey" = $1`, [`notification:${own.id}`]);
    expect(new Date(bMail.sendAfter).getTime()).toBe(clock.getTime() + 5 * 60_000);
    const planned = await emailRows(`"dedupeKey" = $1`, [`notification:${ids[0]}`]);
    expect(planned).toMatchObject([{ status: "queued", templateKey: "notification" }]);
    expect(Math.abs(new Date(planned[0].sendAfter).getTime() - (clock.getTime() - 2000 + 30 * 60_000))).toBeLessThan(5);

    const p1 = (await as(adminA)("GET", "/api/v1/user/notifications?limit=2")).json();
    expect(p1.data.map((n: { title: string }) => n.title)).toEqual(["Thing 3", "Thing 2"]);
    expect(p1.data[0]).toMatchObject({
      kind: "thing-happened",
      body: "Body 3",
      link: "/things/3",
      record: { entity: "some:Thing", id: "00000000-0000-4000-8000-000000000003" },
      readAt: null,
    });
    expect(p1.unreadCount).toBe(3);
    const p2 = (
      await as(adminA)("GET", `/api/v1/user/notifications?limit=2&cursor=${encodeURIComponent(p1.page.nextCursor)}`)
    ).json();
    expect(p2.data.map((n: { title: string }) => n.title)).toEqual(["Thing 1"]);
    expect(p2.page.nextCursor).toBeNull();
  });

  it("marks one read (withdrawing its email), filters unread, and 404s other users' and other tenants' notifications", async () => {
    const read = await as(adminA)("POST", `/api/v1/user/notifications/${ids[0]}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBe(clock.toISOString());
    expect(await emailRows(`"dedupeKey" = $1`, [`notification:${ids[0]}`])).toMatchObject([{ status: "cancelled" }]);
    for (const url of ["/api/v1/user/notifications?filter[unread]=true", "/api/v1/user/notifications?unread=true"]) {
      const page = (await as(adminA)("GET", url)).json();
      expect(page.data.map((n: { id: string }) => n.id)).toEqual([ids[2], ids[1]]);
      expect(page.unreadCount).toBe(2);
    }
    // Another user of the same tenant, and a user of another tenant: not theirs, 404 both, nothing changed.
    for (const user of [memberA, adminB]) {
      const res = await as(user)("POST", `/api/v1/user/notifications/${ids[1]}/read`);
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toMatch(/problem\+json/);
      expect(
        (await as(user)("GET", "/api/v1/user/notifications")).json().data.map((n: { id: string }) => n.id),
      ).not.toContain(ids[1]);
    }
    // Tenant A's token in tenant B is not accepted at all.
    expect((await call("n-b", adminA.token, "GET", "/api/v1/user/notifications")).statusCode).toBe(401);
    expect((await as(adminA)("GET", "/api/v1/user/notifications?unread=true")).json().unreadCount).toBe(2);
    const bad = await as(adminA)("GET", "/api/v1/user/notifications?filter[unread]=maybe&filter[kind]=x&limit=0&foo=1");
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/query/filter/kind", "/query/filter/unread", "/query/foo", "/query/limit"]);
    expect((await as(adminA)("POST", "/api/v1/user/notifications/not-a-uuid/read")).statusCode).toBe(400);
    expect((await call("n-a", null, "GET", "/api/v1/user/notifications")).statusCode).toBe(401);
  });

  it("marks all read and withdraws their emails", async () => {
    const res = await as(adminA)("POST", "/api/v1/user/notifications/read-all");
    expect(res.json()).toEqual({ read: 2 });
    expect((await as(adminA)("GET", "/api/v1/user/notifications")).json().unreadCount).toBe(0);
    const keys = ids.map((id) => `notification:${id}`);
    expect((await emailRows(`"dedupeKey" = ANY($1)`, [keys])).map((r) => r.status)).toEqual([
      "cancelled",
      "cancelled",
      "cancelled",
    ]);
    // The other user's are untouched.
    expect((await as(memberA)("GET", "/api/v1/user/notifications")).json().unreadCount).toBe(1);
  });
});

describe("preferences", () => {
  it("validates with pointers and writes nothing on bad input", async () => {
    const put = (body: unknown) => as(adminA)("PUT", "/api/v1/user/notification-preferences", body);
    expect((await as(adminA)("GET", "/api/v1/user/notification-preferences")).json()).toEqual({
      data: [],
      defaults: { channels: ["in-app", "email"] },
    });
    const bad1 = await put({ preferences: [{ kind: "Bad Kind", channels: ["sms"] }] });
    expect(bad1.statusCode).toBe(400);
    expect(bad1.headers["content-type"]).toMatch(/problem\+json/);
    expect(
      bad1
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/body/preferences/0/channels/0", "/body/preferences/0/kind"]);
    const bad2 = await put({
      preferences: [
        { kind: "x", channels: ["email", "digest"] },
        { kind: "x", channels: [] },
      ],
    });
    expect(bad2.statusCode).toBe(400);
    expect(bad2.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      "/body/preferences/0/channels",
      "/body/preferences/1/kind",
    ]);
    expect((await as(adminA)("GET", "/api/v1/user/notification-preferences")).json().data).toEqual([]);
  });

  it("applies the channels per kind: none, email only (mailed at once), digest", async () => {
    const res = await as(adminA)("PUT", "/api/v1/user/notification-preferences", {
      preferences: [
        { kind: "quiet", channels: [] },
        { kind: "mail-only", channels: ["email"] },
        { kind: "daily", channels: ["digest", "in-app"] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual([
      { kind: "daily", channels: ["in-app", "digest"] },
      { kind: "mail-only", channels: ["email"] },
      { kind: "quiet", channels: [] },
    ]);
    clock = new Date();
    expect(await app.notifications.notify(tenantA, [adminA.id], { kind: "quiet", title: "Shh" })).toEqual([]);
    const [mailOnly] = await app.notifications.notify(tenantA, [adminA.id], {
      kind: "mail-only",
      title: "Straight to the inbox",
    });
    const [mail] = await mailsTo(sink, await emailOf(adminA.id), 1, /Straight/);
    expect(mail.headers.get("x-mono-email-id")).toBeTruthy();
    const listed = (await as(adminA)("GET", "/api/v1/user/notifications")).json().data.map((n: { id: string }) => n.id);
    expect(listed).not.toContain(mailOnly.id);
    // Digest kinds are never mailed one by one.
    const [daily] = await app.notifications.notify(tenantA, [adminA.id], { kind: "daily", title: "D" });
    expect(await emailRows(`"dedupeKey" = $1`, [`notification:${daily.id}`])).toEqual([]);
    // Replacing the preferences forgets kinds left out.
    await as(adminA)("PUT", "/api/v1/user/notification-preferences", {
      preferences: [{ kind: "daily", channels: ["in-app", "digest"] }],
    });
    expect((await as(adminA)("GET", "/api/v1/user/notification-preferences")).json().data).toHaveLength(1);
  });
});

describe("the daily digest", () => {
  it("mails each digest user once a day the unread notifications since the last digest", async () => {
    const { notifier } = app.notifications;
    await app.notifications.notify(tenantA, [adminA.id], { kind: "daily", title: "Second daily", body: "more" });
    const [readOne] = await app.notifications.notify(tenantA, [adminA.id], { kind: "daily", title: "Read already" });
    await as(adminA)("POST", `/api/v1/user/notifications/${readOne.id}/read`);
    const tomorrow = new Date(Date.UTC(clock.getUTCFullYear(), clock.getUTCMonth(), clock.getUTCDate() + 1, 9));
    // Before the digest hour of the day: nothing.
    expect(await notifier.runDigest(new Date(tomorrow.getTime() - 2 * 3_600_000))).toBe(0);
    expect(await notifier.runDigest(tomorrow)).toBe(1);
    expect(await notifier.runDigest(new Date(tomorrow.getTime() + 3_600_000))).toBe(0);
    const address = await emailOf(adminA.id);
    const [digest] = await mailsTo(sink, address, 1, /unread notifications on/);
    expect(digest.subject).toBe("2 unread notifications on n-a");
    expect(digest.text).toContain("D [http://n-a.mono.test]");
    expect(digest.text).toMatch(/Second daily \[http:\/\/n-a\.mono\.test\]\s+more/);
    expect(digest.text).not.toContain("Read already");

    // Arriving later the same day: waits for the next day's digest, which lists only it.
    clock = new Date(tomorrow.getTime() + 2 * 3_600_000);
    await app.notifications.notify(tenantA, [adminA.id], { kind: "daily", title: "Third daily" });
    expect(await notifier.runDigest(new Date(tomorrow.getTime() + 3 * 3_600_000))).toBe(0);
    expect(await notifier.runDigest(new Date(tomorrow.getTime() + 24 * 3_600_000))).toBe(1);
    const [next] = await mailsTo(sink, address, 1, /^1 unread notification on/);
    expect(next.text).toContain("Third daily");
    expect(next.text).not.toContain("Second daily");
    expect(await emailRows(`"templateKey" = 'notification-digest'`, [])).toHaveLength(2);
    // Without Redis the job runs on a timer in each process.
    const timer = new DigestScheduler({ notifier, everyMs: 50 });
    await timer.start();
    await until("timer runs", () => timer.runs >= 2);
    await timer.stop();
  });
});

describe("fallback emails under failure", () => {
  it("a worker process SIGKILLed while fallback emails are due, restarted, sends each exactly once", async () => {
    const N = 8;
    await worker.kill();
    // The 3rd email's DATA is never answered: the worker is killed while it waits for the 250.
    const held = await startSmtpSink({ holdAt: 3 });
    clock = HALF_HOUR_AGO();
    const made: string[] = [];
    for (let i = 0; i < N; i++)
      made.push((await app.notifications.notify(tenantA, [memberA.id], { kind: "kill", title: `Due ${i}` }))[0].id);
    const keys = made.map((id) => `notification:${id}`);
    const statuses = async () => (await emailRows(`"dedupeKey" = ANY($1)`, [keys])).map((r) => r.status);
    let second: Child | null = null;
    try {
      const first = await startWorkerProcess(workerEnv(held.port));
      await held.line(/holding 3/);
      await first.kill("SIGKILL");
      expect((await statuses()).filter((s) => s === "sending")).toHaveLength(1);
      second = await startWorkerProcess(workerEnv(held.port));
      await until("all sent", async () => (await statuses()).every((s) => s === "sent"));
      const address = await emailOf(memberA.id);
      const got = (await held.mails()).filter((m) => to(m) === address && /^Due /.test(m.subject ?? ""));
      expect(got.map((m) => m.subject).sort()).toEqual(made.map((_, i) => `Due ${i}`).sort());
      expect(new Set(got.map((m) => m.headers.get("x-mono-email-id"))).size).toBe(N);
    } finally {
      await second?.kill();
      await held.kill();
    }
  }, 60_000);

  it("on BullMQ: a due fallback email goes out once, a read one never, and the digest job runs from its scheduler", async () => {
    const prefix = `mono-notify-test-${Date.now()}`;
    const producer = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
    const blocking = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
    const queue = new BullEmailQueue(producer, prefix, { attempts: 3, backoffMs: 100 });
    const outbox = new EmailOutbox({
      db,
      catalogue: app.email.catalogue,
      renderer: app.email.renderer,
      queue,
      from: "Mono <mail@mono.test>",
      maxAttempts: 3,
    });
    let now = HALF_HOUR_AGO();
    const notifier = new Notifier({
      db,
      outbox,
      publicUrl: (t) => `http://${t.slug}.mono.test`,
      tenantById: (id) => app.tenants.byId(id),
      now: () => now,
      // Every run is after the digest hour.
      digestHourUtc: 0,
    });
    const bullWorker = new EmailWorker({
      db,
      queue,
      redis: blocking,
      sweepMs: 60_000,
      transport: smtpMailer({ host: "127.0.0.1", port: sink.port, from: "x@mono.test" }),
    }).start();
    const scheduler = new DigestScheduler({
      notifier,
      everyMs: 300,
      redis: { queue: producer, worker: blocking, prefix },
    });
    const address = await emailOf(memberA.id);
    try {
      const [due] = await notifier.notify(tenantA, [memberA.id], { kind: "bull", title: "Bull due" });
      now = new Date();
      const [read] = await notifier.notify(tenantA, [memberA.id], { kind: "bull", title: "Bull read" });
      await db.transaction((tx) => notifier.withdrawEmails(tx, tenantA.id, [read.id]));
      await mailsTo(sink, address, 1, /^Bull due$/);
      expect(await emailRows(`"dedupeKey" = $1`, [`notification:${due.id}`])).toMatchObject([{ status: "sent" }]);
      expect(await emailRows(`"dedupeKey" = $1`, [`notification:${read.id}`])).toMatchObject([{ status: "cancelled" }]);
      // A digest kind, then the scheduler's job (BullMQ repeat) sends its digest once.
      await db.query(
        `INSERT INTO "notification_preference" ("tenantId", "userId", "kind", "inApp", "email", "digest") VALUES ($1, $2, 'bull-daily', true, false, true)`,
        [tenantA.id, memberA.id],
      );
      await notifier.notify(tenantA, [memberA.id], { kind: "bull-daily", title: "From the scheduler" });
      now = new Date(Date.now() + 1000);
      await scheduler.start();
      const [digest] = await mailsTo(sink, address, 1, /^1 unread notification on n-a$/);
      expect(digest.text).toContain("From the scheduler");
      // The job keeps running; the digest of the day stays one.
      const after = scheduler.runs;
      await until("two more scheduled runs", () => scheduler.runs >= after + 2);
      expect((await mailsTo(sink, address, 1, /unread notification/)).length).toBe(1);
      expect((await sink.mails()).filter((m) => m.subject === "Bull due")).toHaveLength(1);
    } finally {
      await scheduler.stop();
      await bullWorker.stop();
      await queue.close();
      const keys = await producer.keys(`${prefix}:*`);
      if (keys.length) await producer.del(...keys);
      producer.disconnect();
      blocking.disconnect();
    }
  }, 60_000);
});

describe("the OpenAPI document", () => {
  it("documents every answer the notification routes gave above", async () => {
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    for (const a of answers) {
      const key = a.url.split("?")[0].replace(/\/notifications\/[^/]+\/read$/, "/notifications/{id}/read");
      check(key, a.method.toLowerCase(), a.status, a);
    }
    expect(new Set(answers.map((a) => `${a.method} ${a.status}`)).size).toBeGreaterThanOrEqual(6);
    expect(counts.mismatches).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/user/notifications",
        "/api/v1/user/notifications/{id}/read",
        "/api/v1/user/notifications/read-all",
        "/api/v1/user/notification-preferences",
      ]),
    );
  });
});
