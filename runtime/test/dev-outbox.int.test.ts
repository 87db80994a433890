/**
 * The development mail outbox viewer (email/dev-outbox.ts) on PostgreSQL: emails sent through
 * the pipeline to the outbox folder (the real `outboxMailer`, .eml files) are listed for the
 * tenant they belong to only, one shows its HTML, text and headers, tenant admins only; with
 * NODE_ENV=production the routes do not exist even when a folder is passed.
 */
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { buildApp } from "../src/app.ts";
import type { TenantContext } from "../src/context.ts";
import { outboxMailer } from "../src/identity/mailer.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { caller, createTenant, createUser, startAuthzApp, type AuthzEnv, type Call } from "./authz-support.ts";

const template = templates.find((t) => t.emails.length > 0)!;
const email = template.emails[0];
const OUTBOX = "/api/v1/tenant/email/outbox";

let dir: string;
let env: AuthzEnv;
let adminA: Call;
let adminB: Call;
let plainA: Call;
let idA: string;
let idB: string;

const tenantCtx = (id: string, slug: string): TenantContext => ({
  id,
  slug,
  name: `Market ${slug}`,
  status: "active",
  defaultLocale: null,
  templates: new Map([[template.id, { version: template.version }]]),
});
const vars = Object.fromEntries(email.variables.map((v) => [v.split(".")[0], `value-of-${v}`]));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "mono-dev-outbox-"));
  env = await startAuthzApp({
    redis: false,
    extra: { email: { transport: outboxMailer(dir, "Mono <m@mono.test>"), devOutbox: { dir } } },
  });
  const a = await createTenant(env.db, "outbox-a", [template.id]);
  const b = await createTenant(env.db, "outbox-b", [template.id]);
  adminA = caller(env, "outbox-a", await createUser(env, a, "outbox-a", { roles: [["tenant-admin", null]] }));
  adminB = caller(env, "outbox-b", await createUser(env, b, "outbox-b", { roles: [["tenant-admin", null]] }));
  plainA = caller(env, "outbox-a", await createUser(env, a, "outbox-a", {}));
  const send = (tenant: TenantContext, to: string) =>
    env.app.email.outbox.send({ tenant, template: email.name, to, variables: vars, dedupeKey: `dev:${to}` });
  idA = (await send(tenantCtx(a, "outbox-a"), "reader-a@example.test")).id;
  idB = (await send(tenantCtx(b, "outbox-b"), "reader-b@example.test")).id;
  // Mail that is no tenant's (not from the pipeline) and a file that is no email at all.
  await writeFile(path.join(dir, "0000-stray.eml"), "From: x@example.test\nSubject: stray\n\nhello\n");
  await writeFile(path.join(dir, "notes.txt"), "not an email");
  for (let i = 0; i < 200 && (await readdir(dir)).filter((f) => f.endsWith(".eml")).length < 3; i++)
    await new Promise((r) => setTimeout(r, 50));
}, 60_000);

afterAll(async () => {
  await env?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the development outbox", () => {
  it("lists the tenant's own messages only; one shows its HTML, text and headers", async () => {
    const listA = await adminA("GET", OUTBOX);
    expect(listA.statusCode).toBe(200);
    expect(listA.json().data).toEqual([
      expect.objectContaining({ id: idA, to: "reader-a@example.test", template: email.name }),
    ]);
    expect((await adminB("GET", OUTBOX)).json().data.map((m: { id: string }) => m.id)).toEqual([idB]);

    const one = await adminA("GET", `${OUTBOX}/${idA}`);
    expect(one.statusCode).toBe(200);
    const body = one.json();
    expect(body.html).toContain("<html");
    expect(body.text.length).toBeGreaterThan(0);
    expect(body.headers).toContainEqual({ name: "x-mono-template", value: email.name });
    expect(body.headers.find((h: { name: string }) => h.name === "message-id").value).toContain(idA);
  });

  it("another tenant's message is not found; only tenant admins; a bad id is a 400 with its pointer", async () => {
    expect((await adminA("GET", `${OUTBOX}/${idB}`)).statusCode).toBe(404);
    expect((await plainA("GET", OUTBOX)).statusCode).toBe(403);
    const bad = await adminA("GET", `${OUTBOX}/not-a-uuid`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
  });

  it("does not exist when NODE_ENV is production, even with a folder", async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      const app = await buildApp({
        db: env.db,
        registry: createRuntimeRegistry(templates, platform),
        allowTenantHeader: true,
        rateLimit: false,
        identity: { mailer: { send: async () => {} }, secret: "x".repeat(40), secureCookies: false, rateLimit: false },
        email: { transport: outboxMailer(dir, "Mono <m@mono.test>"), devOutbox: { dir }, worker: false },
      });
      try {
        expect(app.hasRoute({ method: "GET", url: OUTBOX })).toBe(false);
        expect(app.hasRoute({ method: "GET", url: `${OUTBOX}/:id` })).toBe(false);
        // The rest of the email API is there.
        expect(app.hasRoute({ method: "GET", url: "/api/v1/tenant/email/deliveries" })).toBe(true);
        const res = await app.inject({ method: "GET", url: OUTBOX, headers: { "x-tenant": "outbox-a" } });
        expect(res.statusCode).toBe(404);
      } finally {
        await app.close();
      }
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
