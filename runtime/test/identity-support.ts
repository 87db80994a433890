/**
 * Shared by the identity integration tests: a real PostgreSQL database with the generated
 * migrations, Redis for the rate-limit store, a real SMTP server (smtp-server) that collects
 * messages, and a cookie-keeping client for `app.inject`.
 */
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { Redis } from "ioredis";
import { SMTPServer } from "smtp-server";
import { platform, templates } from "../../generated/registry.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp, type AppOptions } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import type { IdentityOptions } from "../src/identity/identity-config.ts";
import { identityPlugin } from "../src/identity/identity-plugin.ts";
import { smtpMailer } from "../src/identity/mailer.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";

export const JWT_SECRET = "identity-test-secret-0123456789-abcdefghij";
export const ADMIN_TOKEN = "bootstrap-admin-token-for-tests-0123456789";
export const PASSWORD = "correct horse battery";

// ------------------------------------------------------------------ SMTP sink

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Quoted-printable soft breaks and escapes undone. */
  text: string;
  subject: string;
}

export interface MailSink {
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the next message to `to` (already received or arriving within 5 s). */
  next(to: string, after?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const text = raw
          .replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? "";
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw, text, subject });
        waiters.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    async next(to, after = 0) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const found = messages.slice(after).find((m) => m.to.includes(to.toLowerCase()));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no email to ${to} within 5 s`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token in an email's link (`…#token=…`). */
export function tokenIn(mail: ReceivedMail): string {
  const match = /#token=([A-Za-z0-9_-]{20,})/.exec(mail.text);
  if (!match) throw new Error(`no token in: ${mail.text}`);
  return match[1];
}

// ------------------------------------------------------------------ app

export interface IdentityHarness {
  app: FastifyInstance;
  db: Database;
  redis: Redis;
  mail: MailSink;
  close(): Promise<void>;
}

export async function startIdentityApp(
  overrides: Partial<IdentityOptions> = {},
  beforeReady?: (app: FastifyInstance) => void,
  appOverrides: Partial<AppOptions> = {},
): Promise<IdentityHarness> {
  const testDb: TestDatabase = await createTestDatabase({ migrations: "generated/prisma/migrations" });
  const db = createPostgresDatabase(testDb.url, { max: 6 });
  await migrateUp(db, "generated/prisma/migrations");
  const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1, lazyConnect: false });
  const mail = await startMailSink();
  const identity: IdentityOptions = {
    mailer: smtpMailer({ host: "127.0.0.1", port: mail.port, from: "Mono <no-reply@mono.test>" }),
    secret: JWT_SECRET,
    secureCookies: false,
    // Real argon2id, lighter parameters: the suite hashes a lot.
    argon2: { memoryCost: 4096, timeCost: 2, parallelism: 1 },
    // The slow-down is real but short here (the lockout tests make many failures on purpose).
    lockout: { maxFailures: 3, windowSeconds: 900, lockSeconds: 900, slowDownAfter: 10, slowDownMs: 5, maxDelayMs: 20 },
    rateLimit: { max: 20, timeWindow: "1 minute" },
    adminToken: ADMIN_TOKEN,
    publicUrl: (tenant) => (tenant ? `http://${tenant.slug}.mono.test` : "http://mono.test"),
    ...overrides,
  };
  // When app.ts takes `identity` itself this registers it there; until then, here.
  const options = {
    db,
    redis,
    registry: createRuntimeRegistry(templates, platform),
    adminToken: ADMIN_TOKEN,
    allowTenantHeader: true,
    rateLimit: { max: 100_000 },
    identity,
    logger: process.env.IDENTITY_TEST_LOG ? { level: "error" } : false,
    ...appOverrides,
  };
  const app = await buildApp(options as AppOptions);
  if (!app.hasDecorator("auth")) await app.register(identityPlugin, identity);
  if (beforeReady) await app.after().then(() => beforeReady(app));
  await app.ready();
  return {
    app,
    db,
    redis,
    mail,
    async close() {
      await app.close();
      await mail.close();
      redis.disconnect();
      await db.close();
      await testDb.drop();
    },
  };
}

export async function createTenant(db: Database, slug: string, templateIds: string[] = []): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $2) RETURNING "id"`,
    [slug, `Market ${slug}`],
  );
  for (const id of templateIds) {
    await db.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, '1.0.0')`, [
      rows[0].id,
      id,
    ]);
  }
  return rows[0].id;
}

export async function createAccount(db: Database, tenantId: string, kind: string, name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, $2, $3) RETURNING "id"`,
    [tenantId, kind, name],
  );
  return rows[0].id;
}

// ------------------------------------------------------------------ browser-like client

interface StoredCookie {
  value: string;
  path: string;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Send `Authorization: Bearer <accessToken>` (the last one received, or this one). */
  bearer?: boolean | string;
  /** Send the last CSRF token in X-CSRF-Token. */
  csrf?: boolean;
  /** Leave cookies out (a different device). */
  noCookies?: boolean;
}

/**
 * One browser: its own IP (so rate limits of one test never hit another), a cookie jar that
 * honours cookie paths and deletions, and the last access and CSRF tokens it was given.
 */
export class Client {
  readonly ip = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
  readonly jar = new Map<string, StoredCookie>();
  accessToken: string | null = null;
  csrfToken: string | null = null;

  constructor(
    private readonly app: FastifyInstance,
    private readonly tenant: string | null,
  ) {}

  async call(
    method: "GET" | "POST" | "DELETE" | "PATCH",
    url: string,
    options: CallOptions = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...(this.tenant ? { "x-tenant": this.tenant } : {}), ...options.headers };
    const path = url.split("?")[0];
    const cookies = options.noCookies
      ? []
      : [...this.jar.entries()].filter(([, c]) => path.startsWith(c.path)).map(([name, c]) => `${name}=${c.value}`);
    if (cookies.length) headers.cookie = cookies.join("; ");
    if (options.bearer)
      headers.authorization = `Bearer ${typeof options.bearer === "string" ? options.bearer : this.accessToken}`;
    if (options.csrf && this.csrfToken) headers["x-csrf-token"] = this.csrfToken;
    const response = await this.app.inject({
      method,
      url,
      headers,
      remoteAddress: this.ip,
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
    for (const c of response.cookies as {
      name: string;
      value: string;
      path?: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const gone = c.value === "" || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (gone) this.jar.delete(c.name);
      else this.jar.set(c.name, { value: c.value, path: c.path ?? "/" });
    }
    const type = String(response.headers["content-type"] ?? "");
    if (type.includes("json") && response.body) {
      const json = response.json() as { accessToken?: string; csrfToken?: string };
      if (json.accessToken) this.accessToken = json.accessToken;
      if (json.csrfToken) this.csrfToken = json.csrfToken;
    }
    return response;
  }

  get = (url: string, options?: CallOptions) => this.call("GET", url, options);
  post = (url: string, body?: unknown, options?: CallOptions) => this.call("POST", url, { ...options, body });

  /** Signs in with a password; throws unless it worked. */
  async login(email: string, password = PASSWORD): Promise<void> {
    const res = await this.post(this.tenant ? "/api/v1/user/auth/login" : "/api/v1/platform/auth/login", {
      email,
      password,
    });
    if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  }
}

/** Registers and verifies a user through the real email round trip; returns a signed-in client. */
export async function signUp(h: IdentityHarness, tenant: string, email: string, name = "Test User"): Promise<Client> {
  const client = new Client(h.app, tenant);
  const before = h.mail.messages.length;
  const res = await client.post("/api/v1/user/auth/register", { email, name, password: PASSWORD });
  if (res.statusCode !== 202) throw new Error(`register: ${res.statusCode} ${res.body}`);
  const mail = await h.mail.next(email, before);
  const token = tokenIn(mail);
  const verified = await client.post("/api/v1/user/auth/verify-email", { token });
  if (verified.statusCode !== 200) throw new Error(`verify: ${verified.statusCode} ${verified.body}`);
  // Confirming sends the welcome mail: wait for it, so later mail to this address is the test's own.
  const welcome = await h.mail.next(email, h.mail.messages.indexOf(mail) + 1);
  if (!/^Welcome/.test(welcome.subject)) throw new Error(`expected the welcome mail, got "${welcome.subject}"`);
  await client.login(email);
  return client;
}
