import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { simpleParser } from "mailparser";
import { ApiError } from "../http/problem.ts";

/**
 * The development mail outbox, read back (Mailpit-like): without SMTP each email is an `.eml`
 * file in the outbox folder beside the data folder (identity/mailer.ts `outboxMailer`). These
 * routes list a tenant's messages there and show one (HTML, text, headers). They exist only in
 * development: `devOutboxRoutes` registers nothing when NODE_ENV is `production`, and the
 * server entry passes no folder in production or with SMTP_URL.
 *
 * Tenant isolation: the folder holds every tenant's mail; a message is the tenant's when its
 * `X-Mono-Email-Id` (or `Message-ID`, `<email id@domain>`, email-worker.ts) names one of the
 * tenant's `email_message` rows. Mail that did not go through the pipeline (no such id) is nobody's and never listed.
 */
export interface DevOutboxOptions {
  /** The outbox folder (config.ts `outboxDir`). */
  dir: string;
  /** Overrides NODE_ENV (tests); production registers no route. */
  production?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The newest files read per request: a developer's outbox, not an archive. */
const MAX_FILES = 200;

interface OutboxFile {
  file: string;
  id: string | null;
  date: string | null;
  from: string;
  to: string;
  subject: string;
  template: string | null;
  headers: { name: string; value: string }[];
  html: string;
  text: string;
}

const SUMMARY = {
  type: "object",
  required: ["id", "file", "date", "from", "to", "subject", "template"],
  properties: {
    id: { type: "string" },
    file: { type: "string" },
    date: { type: ["string", "null"] },
    from: { type: "string" },
    to: { type: "string" },
    subject: { type: "string" },
    template: { type: ["string", "null"] },
  },
} as const;

const headerText = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object" && "text" in value) return String((value as { text: unknown }).text);
  if (value && typeof value === "object" && "value" in value) {
    const v = value as { value: unknown; params?: Record<string, string> };
    const params = Object.entries(v.params ?? {}).map(([k, p]) => `; ${k}=${p}`);
    return `${String(v.value)}${params.join("")}`;
  }
  return JSON.stringify(value);
};

async function readMessage(dir: string, file: string): Promise<OutboxFile> {
  const mail = await simpleParser(await readFile(path.join(dir, file)));
  const header = headerText(mail.headers.get("x-mono-email-id") ?? "");
  const id = header || (/^<?([0-9a-f-]{36})@/.exec(mail.messageId ?? "")?.[1] ?? null);
  const address = (a: typeof mail.to) => (a ? (Array.isArray(a) ? a.map((x) => x.text).join(", ") : a.text) : "");
  return {
    file,
    id,
    date: mail.date ? mail.date.toISOString() : null,
    from: address(mail.from),
    to: address(mail.to),
    subject: mail.subject ?? "",
    template: headerText(mail.headers.get("x-mono-template") ?? "") || null,
    headers: [...mail.headers].map(([name, value]) => ({ name, value: headerText(value) })),
    html: typeof mail.html === "string" ? mail.html : "",
    text: mail.text ?? "",
  };
}

/** The newest `.eml` files (names start with their ISO time), parsed; unreadable files are skipped. */
async function readOutbox(dir: string): Promise<OutboxFile[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return [] as string[];
    throw e;
  });
  const files = names
    .filter((n) => n.endsWith(".eml"))
    .sort()
    .reverse()
    .slice(0, MAX_FILES);
  const parsed = await Promise.all(files.map((f) => readMessage(dir, f).catch(() => null)));
  return parsed.filter((m): m is OutboxFile => m !== null);
}

/** The messages of one tenant: those whose id is one of its `email_message` rows. */
async function tenantMessages(app: FastifyInstance, tenantId: string, dir: string): Promise<OutboxFile[]> {
  const all = (await readOutbox(dir)).filter((m) => m.id !== null && UUID.test(m.id));
  if (all.length === 0) return [];
  const { rows } = await app.db.query<{ id: string }>(
    `SELECT "id" FROM "email_message" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`,
    [tenantId, all.map((m) => m.id)],
  );
  const mine = new Set(rows.map((r) => r.id));
  return all.filter((m) => mine.has(m.id!));
}

const admin = { config: { tenant: true, auth: "required", allowSuperAdmin: true } as const };

/** `GET /api/v1/tenant/email/outbox` and `…/outbox/{id}`: development only, tenant admins, the tenant's mail. */
export async function devOutboxRoutes(app: FastifyInstance, options: DevOutboxOptions) {
  const production = options.production ?? process.env.NODE_ENV === "production";
  if (production) return;
  const { dir } = options;
  const summary = ({ headers: _h, html: _html, text: _t, ...rest }: OutboxFile) => rest;

  app.get(
    "/api/v1/tenant/email/outbox",
    {
      ...admin,
      // Development only: not part of the API a production server answers, so not in its documents.
      schema: {
        hide: true,
        response: {
          200: { type: "object", required: ["data"], properties: { data: { type: "array", items: SUMMARY } } },
        },
      },
    },
    async (request) => {
      await app.authz.requireAdmin(request);
      return { data: (await tenantMessages(app, request.tenant!.id, dir)).map(summary) };
    },
  );

  app.get(
    "/api/v1/tenant/email/outbox/:id",
    {
      ...admin,
      schema: {
        hide: true,
        params: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } },
      },
    },
    async (request) => {
      await app.authz.requireAdmin(request);
      const { id } = request.params as { id: string };
      const message = (await tenantMessages(app, request.tenant!.id, dir)).find((m) => m.id === id);
      if (!message) throw new ApiError("RT_ERR_NOT_FOUND", `No message ${id} in this marketplace's outbox.`);
      return message;
    },
  );
}
