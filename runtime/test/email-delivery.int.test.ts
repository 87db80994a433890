/**
 * The email pipeline end to end against a real SMTP server in its own process (smtp-server),
 * what arrives parsed by mailparser: persisted before queued, rendered with branding and
 * locale, retried while the server is down, bounced on a permanent refusal, and, with the send
 * worker in its own process, exactly once per email after a SIGKILL mid-batch (database queue)
 * and across a restart of a private Redis (BullMQ).
 */
import { connect, createServer } from "node:net";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import type { TenantContext } from "../src/context.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { EmailCatalogue } from "../src/email/email-catalogue.ts";
import { EmailOutbox } from "../src/email/email-outbox.ts";
import { BullEmailQueue, DatabaseEmailQueue, type EmailQueue } from "../src/email/email-queue.ts";
import { EmailRenderer } from "../src/email/email-renderer.ts";
import { EmailWorker } from "../src/email/email-worker.ts";
import { smtpMailer } from "../src/identity/mailer.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import {
  freePort,
  startPrivateRedis,
  startSmtpSink,
  startWorkerProcess,
  type SmtpSink,
} from "./support/email-processes.ts";

// A generated template: random email name and variable names, so nothing here knows a shipped template.
const [emailName] = fc.sample(fc.stringMatching(/^[a-z]{3,8}-[a-z]{3,8}$/), { numRuns: 1, seed: 42 });
const [who, item] = [
  ...new Set(fc.sample(fc.stringMatching(/^[a-z][a-zA-Z]{3,10}$/), { numRuns: 20, seed: 7 })),
].filter((n) => !["brand", "locale", "loop", "currency", "recipient"].includes(n));
const generated: TemplateRegistry = {
  ...templates[0],
  id: "generated-email-test",
  emails: [
    {
      name: emailName,
      subject: { en: `Hello {{ ${who} }}`, de: `Hallo {{ ${who} }}` },
      mjml: {
        en: `{% extends "base" %}{% block content %}<mj-text>Dear {{ ${who} }}, your {{ ${item} }} costs {{ 1234.5 | currency }}.</mj-text><mono-button href="https://example.test/{{ ${item} | urlencode }}">Open</mono-button>{% endblock %}`,
        de: `{% extends "base" %}{% block content %}<mj-text>Liebe/r {{ ${who} }}, {{ ${item} }} kostet {{ 1234.5 | currency }}.</mj-text><mono-button href="https://example.test/{{ ${item} | urlencode }}">Öffnen</mono-button>{% endblock %}`,
      },
      variables: [who, item],
    },
  ],
};
const registry = createRuntimeRegistry([...templates, generated], platform);

let testDb: TestDatabase;
let db: Database;
let tenant: TenantContext;

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: "generated/prisma/migrations" });
  db = createPostgresDatabase(testDb.url, { max: 6 });
  await migrateUp(db, "generated/prisma/migrations");
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "tenant" ("slug", "name", "settings") VALUES ('mail-co', 'Mail Co', $1) RETURNING "id"`,
    [
      JSON.stringify({
        branding: { senderName: "Brand Sender", primaryColor: "#12ab34", footer: "Brand Footer 1 Main St" },
        currency: "EUR",
      }),
    ],
  );
  tenant = {
    id: rows[0].id,
    slug: "mail-co",
    name: "Mail Co",
    status: "active",
    defaultLocale: null,
    templates: new Map([[generated.id, { version: "1.0.0" }]]),
  };
}, 60_000);

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

function outboxOn(queue: EmailQueue, attempts = 5) {
  return new EmailOutbox({
    db,
    catalogue: new EmailCatalogue(db, registry),
    renderer: new EmailRenderer(),
    queue,
    from: "Mono <mail@mono.test>",
    maxAttempts: attempts,
  });
}

const send = (outbox: EmailOutbox, n: number, tag: string, locale = "en") =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      outbox.send({
        tenant,
        template: emailName,
        to: `r${i}-${tag}@example.test`,
        locale,
        variables: { [who]: `Person ${i}`, [item]: `item ${tag} ${i}` },
        dedupeKey: `${tag}:${i}`,
      }),
    ),
  );

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statuses = async (tag: string) =>
  (
    await db.query<{ status: string; attempts: number; lastError: string | null }>(
      `SELECT "status", "attempts", "lastError" FROM "email_message" WHERE "dedupeKey" LIKE $1`,
      [`${tag}:%`],
    )
  ).rows;

/** Each email of the run arrived exactly once: one SMTP delivery per email id, all of them. */
async function expectExactlyOnce(sink: SmtpSink, tag: string, n: number) {
  const mails = (await sink.mails()).filter((m) => m.subject?.startsWith("Hello"));
  const ids = mails
    .filter((m) => String(m.to && "text" in m.to ? m.to.text : "").includes(`-${tag}@`))
    .map((m) => m.headers.get("x-mono-email-id"));
  expect(ids.length).toBe(n);
  expect(new Set(ids).size).toBe(n);
}

describe("email delivery through a real SMTP server", () => {
  it("sends the persisted, branded, localised email with HTML and text parts and its headers", async () => {
    const sink = await startSmtpSink();
    const queue = new DatabaseEmailQueue();
    const outbox = outboxOn(queue);
    const worker = new EmailWorker({
      db,
      queue,
      transport: smtpMailer({ host: "127.0.0.1", port: sink.port, from: "x@mono.test" }),
    });
    try {
      const [sent] = await send(outbox, 1, "basic", "de");
      // Persisted before any worker runs: the row is there, queued, with the rendered text.
      const { rows } = await db.query<{ status: string; subject: string }>(
        `SELECT "status", "subject" FROM "email_message" WHERE "id" = $1`,
        [sent.id],
      );
      expect(rows[0]).toEqual({ status: "queued", subject: "Hallo Person 0" });
      worker.start();
      await until("delivery", () => sink.count() === 1);
      const [mail] = await sink.mails();
      expect(mail.subject).toBe("Hallo Person 0");
      expect(mail.from?.text).toBe('"Brand Sender" <mail@mono.test>');
      expect(mail.headers.get("content-language")).toBe("de");
      expect(mail.headers.get("x-mono-template")).toBe(emailName);
      expect(mail.messageId).toBe(`<${sent.id}@mono.test>`);
      expect(mail.html).toContain("#12ab34");
      expect(mail.html).toContain("Brand Footer 1 Main St");
      expect(mail.html).toMatch(/1\.234,50\s€/);
      expect(mail.text).toMatch(/Liebe\/r Person 0, item basic 0 kostet 1\.234,50\s€/);
      expect(mail.text).toContain("Öffnen [https://example.test/item%20basic%200]");
      expect(mail.text).toContain("Brand Footer 1 Main St");
      await until("sent status", async () => (await statuses("basic"))[0].status === "sent");
      // Asking again with the same cause mails nothing new.
      const [again] = await send(outbox, 1, "basic", "de");
      expect(again).toMatchObject({ id: sent.id, duplicate: true });
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.count()).toBe(1);
    } finally {
      await worker.stop();
      await sink.kill();
    }
  });

  it("retries with backoff while the SMTP server is down and delivers once it is up; a refused recipient bounces", async () => {
    const port = await freePort();
    const queue = new DatabaseEmailQueue();
    const outbox = outboxOn(queue);
    // The SMTP server process starts first (slow on a loaded machine); "up" is then a port this
    // process opens at once, forwarding to it: the backoff never outgrows the wait.
    const sink: SmtpSink = await startSmtpSink();
    const gate = createServer((socket) => {
      const upstream = connect(sink.port, "127.0.0.1");
      socket.pipe(upstream).pipe(socket);
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    });
    const worker = new EmailWorker({
      db,
      queue,
      transport: smtpMailer({ host: "127.0.0.1", port, from: "x@mono.test" }),
      retry: { attempts: 10, backoffMs: 100 },
      pollMs: 50,
    }).start();
    try {
      await send(outbox, 3, "down");
      await until(
        "failed attempts",
        async () => {
          const s = await statuses("down");
          if (process.env.DEBUG_EMAIL) console.log(s);
          return s.every((r) => r.attempts >= 2 && r.status === "queued" && r.lastError);
        },
        8_000,
      );
      expect((await statuses("down"))[0].lastError).toMatch(/ECONNREFUSED|connect/i);
      await new Promise<void>((resolve) => gate.listen(port, "127.0.0.1", resolve));
      await until("deliveries", () => sink.count() === 3);
      await until("sent", async () => (await statuses("down")).every((r) => r.status === "sent"));
      await expectExactlyOnce(sink, "down", 3);

      await outbox.send({
        tenant,
        template: emailName,
        to: "bounce-me@example.test",
        variables: { [who]: "B", [item]: "b" },
        dedupeKey: "bounce:1",
      });
      await until("bounce", async () => (await statuses("bounce"))[0]?.status === "bounced");
      expect((await statuses("bounce"))[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/550/) });
    } finally {
      await worker.stop();
      await new Promise((resolve) => gate.close(resolve));
      await sink.kill();
    }
  });

  it("sends higher priority first, holds a scheduled email until its time, and keeps a tenant under its rate limit", async () => {
    const sink = await startSmtpSink();
    const queue = new DatabaseEmailQueue();
    const outbox = outboxOn(queue);
    // A tenant of its own: the rate limit counts the tenant's sends of the last minute.
    const { rows: made } = await db.query<{ id: string }>(
      `INSERT INTO "tenant" ("slug", "name") VALUES ('rate-co', 'Rate Co') RETURNING "id"`,
    );
    const own: TenantContext = { ...tenant, id: made[0].id, slug: "rate-co", name: "Rate Co" };
    const base = { tenant: own, template: emailName, variables: { [who]: "P", [item]: "p" } };
    await outbox.send({ ...base, to: "low-order@example.test", dedupeKey: "order:low", priority: 0 });
    await outbox.send({ ...base, to: "high-order@example.test", dedupeKey: "order:high", priority: 50 });
    const later = new Date(Date.now() + 3_000);
    await outbox.send({
      ...base,
      to: "later-order@example.test",
      dedupeKey: "order:later",
      priority: 100,
      sendAt: later,
    });
    const worker = new EmailWorker({
      db,
      queue,
      concurrency: 1,
      pollMs: 50,
      ratePerMinute: 2,
      transport: smtpMailer({ host: "127.0.0.1", port: sink.port, from: "x@mono.test" }),
    }).start();
    try {
      await until("two deliveries", () => sink.count() === 2);
      const order = (await sink.mails()).map((m) => (m.to && "text" in m.to ? m.to.text : ""));
      expect(order).toEqual(["high-order@example.test", "low-order@example.test"]);
      // The highest priority of all, but scheduled: not taken before its time.
      const scheduled = await db.query<{ status: string; attempts: number; sendAfter: string }>(
        `SELECT "status", "attempts", "sendAfter" FROM "email_message" WHERE "dedupeKey" = 'order:later'`,
      );
      expect(scheduled.rows[0]).toMatchObject({ status: "queued", attempts: 0 });
      expect(Math.abs(Date.parse(scheduled.rows[0].sendAfter) - later.getTime())).toBeLessThan(1_000);
      // Due now, but the tenant sent 2 within the minute: it waits (re-queued), not sent, not failed.
      await until("the scheduled time", () => Date.now() > later.getTime() + 500);
      expect(sink.count()).toBe(2);
      const { rows } = await db.query<{ status: string; attempts: number; sendAfter: string }>(
        `SELECT "status", "attempts", "sendAfter" FROM "email_message" WHERE "dedupeKey" = 'order:later'`,
      );
      expect(rows[0]).toMatchObject({ status: "queued", attempts: 0 });
      expect(Date.parse(rows[0].sendAfter)).toBeGreaterThan(later.getTime());
    } finally {
      await worker.stop();
      await sink.kill();
    }
  });

  it("a worker process SIGKILLed mid-batch and restarted delivers every email exactly once (database queue)", async () => {
    const N = 12;
    // The 5th email's DATA is never answered: the worker is killed while it waits for the 250.
    const sink = await startSmtpSink({ holdAt: 5 });
    const env = {
      DATABASE_URL: testDb.url,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      MONO_EMAIL_LOCK_MS: "1500",
      MONO_EMAIL_POLL_MS: "100",
      MONO_EMAIL_CONCURRENCY: "1",
    };
    const outbox = outboxOn(new DatabaseEmailQueue());
    await send(outbox, N, "kill");
    let worker = await startWorkerProcess(env);
    try {
      await sink.line(/holding 5/);
      await worker.kill("SIGKILL");
      expect(sink.count()).toBe(4);
      expect((await statuses("kill")).filter((r) => r.status === "sending")).toHaveLength(1);
      worker = await startWorkerProcess(env);
      await until("all sent", async () => (await statuses("kill")).every((r) => r.status === "sent"));
      await expectExactlyOnce(sink, "kill", N);
    } finally {
      await worker.kill();
      await sink.kill();
    }
  }, 60_000);

  it("a private Redis restarted mid-run loses nothing and sends nothing twice (BullMQ)", async () => {
    const N = 15;
    let redis = await startPrivateRedis();
    const prefix = `mono-email-test-${Date.now()}`;
    // The 6th email is answered only after 1.5 s: Redis restarts (empty) meanwhile.
    const sink = await startSmtpSink({ holdAt: 6, holdMs: 1500 });
    const producer = new Redis(redis.url, { maxRetriesPerRequest: null });
    producer.on("error", () => {});
    const queue = new BullEmailQueue(producer, prefix, { attempts: 5, backoffMs: 200 });
    const worker = await startWorkerProcess({
      DATABASE_URL: testDb.url,
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      REDIS_URL: redis.url,
      MONO_EMAIL_QUEUE_PREFIX: prefix,
      MONO_EMAIL_LOCK_MS: "2000",
      MONO_EMAIL_SWEEP_MS: "300",
      MONO_EMAIL_CONCURRENCY: "1",
    });
    try {
      await send(outboxOn(queue), N, "redis");
      await sink.line(/holding 6/);
      await redis.kill("SIGKILL");
      redis = await startPrivateRedis(redis.port);
      await until("all sent", async () => (await statuses("redis")).every((r) => r.status === "sent"), 40_000);
      await expectExactlyOnce(sink, "redis", N);
    } finally {
      await worker.kill();
      await queue.close().catch(() => {});
      producer.disconnect();
      await redis.kill();
      await sink.kill();
    }
  }, 60_000);
});
