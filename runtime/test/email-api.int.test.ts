/**
 * The tenant admin's email API on PostgreSQL: the delivery log (filters, paging, tenant
 * isolation, admins only), template overrides validated on write (problem+json with pointers)
 * and used by the next send, the preview (sample values, a real record, each locale), branding.
 * Emails go to a real SMTP server (smtp-server in this process).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templates } from "../../generated/registry.ts";
import { smtpMailer } from "../src/identity/mailer.ts";
import type { TenantContext } from "../src/context.ts";
import { caller, createTenant, createUser, startAuthzApp, type AuthzEnv, type Call } from "./authz-support.ts";
import { startMailSink, type MailSink } from "./identity-support.ts";
import { entityIr } from "./crud-support.ts";
import { sampleCreateBody } from "../../engine/src/index.ts";

const template = templates.find((t) => t.emails.length > 0 && t.locales.length > 1)!;
const email = template.emails[0];
const [first, second] = template.locales;

let env: AuthzEnv;
let sink: MailSink;
let tenantA: TenantContext;
let tenantB: TenantContext;
let adminA: Call;
let adminB: Call;
let plainA: Call;

const tenantCtx = (id: string, slug: string): TenantContext => ({
  id,
  slug,
  defaultLocale: null,
  name: `Market ${slug}`,
  status: "active",
  templates: new Map([[template.id, { version: template.version }]]),
});

beforeAll(async () => {
  sink = await startMailSink();
  env = await startAuthzApp({
    extra: { email: { transport: smtpMailer({ host: "127.0.0.1", port: sink.port, from: "Mono <m@mono.test>" }) } },
  });
  const a = await createTenant(env.db, "mail-a", [template.id]);
  const b = await createTenant(env.db, "mail-b", [template.id]);
  tenantA = tenantCtx(a, "mail-a");
  tenantB = tenantCtx(b, "mail-b");
  adminA = caller(env, "mail-a", await createUser(env, a, "mail-a", { roles: [["tenant-admin", null]] }));
  adminB = caller(env, "mail-b", await createUser(env, b, "mail-b", { roles: [["tenant-admin", null]] }));
  plainA = caller(env, "mail-a", await createUser(env, a, "mail-a", {}));
}, 60_000);
afterAll(async () => {
  await env?.close();
  await sink?.close();
});

const vars = (tag: string) => Object.fromEntries(email.variables.map((v) => [v.split(".")[0], `${tag}-${v}`]));

async function settled(call: Call, n: number) {
  for (let i = 0; i < 200; i++) {
    const page = (await call("GET", "/api/v1/tenant/email/deliveries?filter[status]=sent&limit=200")).json();
    if (page.data.length >= n) return page;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("emails not sent");
}

describe("delivery log", () => {
  it("lists a tenant's own emails only, filtered and paged, for tenant admins only", async () => {
    const { outbox } = env.app.email;
    for (let i = 0; i < 3; i++)
      await outbox.send({
        tenant: tenantA,
        template: email.name,
        to: `a${i}@example.test`,
        locale: i ? first : second,
        variables: vars(`a${i}`),
        dedupeKey: `log:${i}`,
      });
    await outbox.send({
      tenant: tenantB,
      template: email.name,
      to: "b0@example.test",
      locale: first,
      variables: vars("b0"),
      dedupeKey: "log:0",
    });
    const page = await settled(adminA, 3);
    expect(page.data.map((d: { recipient: string }) => d.recipient).sort()).toEqual([
      "a0@example.test",
      "a1@example.test",
      "a2@example.test",
    ]);
    expect(page.data[0]).toMatchObject({ status: "sent", template: email.name, attempts: 1, lastError: null });
    expect((await settled(adminB, 1)).data.map((d: { recipient: string }) => d.recipient)).toEqual(["b0@example.test"]);

    const bySecond = (await adminA("GET", `/api/v1/tenant/email/deliveries?filter[locale]=${second}`)).json();
    expect(bySecond.data.map((d: { recipient: string }) => d.recipient)).toEqual(["a0@example.test"]);
    const byRecipient = (
      await adminA("GET", "/api/v1/tenant/email/deliveries?filter[recipient]=A1@example.test")
    ).json();
    expect(byRecipient.data).toHaveLength(1);
    expect((await adminA("GET", "/api/v1/tenant/email/deliveries?filter[template]=no-such")).json().data).toEqual([]);
    expect((await adminA("GET", "/api/v1/tenant/email/deliveries?filter[status]=failed")).json().data).toEqual([]);

    const p1 = (await adminA("GET", "/api/v1/tenant/email/deliveries?limit=2")).json();
    expect(p1.data).toHaveLength(2);
    const p2 = (
      await adminA("GET", `/api/v1/tenant/email/deliveries?limit=2&cursor=${encodeURIComponent(p1.page.nextCursor)}`)
    ).json();
    expect(p2.data).toHaveLength(1);
    expect(p2.page.nextCursor).toBeNull();
    expect(new Set([...p1.data, ...p2.data].map((d: { id: string }) => d.id)).size).toBe(3);

    const bad = await adminA("GET", "/api/v1/tenant/email/deliveries?filter[status]=lost&filter[nope]=1");
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/problem\+json/);
    expect(
      bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/query/filter/nope", "/query/filter/status"]);
    expect((await plainA("GET", "/api/v1/tenant/email/deliveries")).statusCode).toBe(403);
    expect((await caller(env, "mail-a", null)("GET", "/api/v1/tenant/email/deliveries")).statusCode).toBe(401);
  });
});

describe("overrides", () => {
  const valid = `<mjml><mj-body><mj-section><mj-column><mj-text>OVERRIDDEN {{ ${email.variables[0].split(".")[0]} }}</mj-text></mj-column></mj-section></mj-body></mjml>`;

  it("refuses invalid MJML, Nunjucks and undeclared variables with pointers, and writes nothing", async () => {
    const url = `/api/v1/tenant/email/templates/${email.name}/${first}`;
    const badMjml = await adminA("PUT", url, {
      subject: "x",
      mjml: valid.replace("<mj-text>", '<mj-text colour="red">'),
    });
    expect(badMjml.statusCode).toBe(400);
    expect(badMjml.json().errors).toEqual([{ pointer: "/body/mjml", message: expect.stringContaining("colour") }]);
    const badSubject = await adminA("PUT", url, { subject: "{{ x | }", mjml: valid });
    expect(badSubject.json().errors).toEqual([
      { pointer: "/body/subject", message: expect.stringMatching(/^Nunjucks:/) },
    ]);
    const undeclared = await adminA("PUT", url, { subject: "{{ notDeclaredAnywhere }}", mjml: valid });
    expect(undeclared.json().errors).toEqual([
      { pointer: "/body/subject", message: expect.stringContaining("notDeclaredAnywhere") },
    ]);
    expect(
      (await adminA("PUT", "/api/v1/tenant/email/templates/no-such-email/en", { subject: "x", mjml: valid }))
        .statusCode,
    ).toBe(404);
    expect((await plainA("PUT", url, { subject: "x", mjml: valid })).statusCode).toBe(403);
    const { rows } = await env.db.query(`SELECT 1 FROM "email_template_override"`);
    expect(rows).toEqual([]);
  });

  it("a valid override is versioned, used by the next send of that tenant only, and removable", async () => {
    const url = `/api/v1/tenant/email/templates/${email.name}/${first}`;
    const saved = await adminA("PUT", url, { subject: "Override v1", mjml: valid });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ key: email.name, locale: first, version: 1 });
    expect((await adminA("PUT", url, { subject: "Override {{ locale }}", mjml: valid })).json().version).toBe(2);
    const listed = (await adminA("GET", "/api/v1/tenant/email/templates"))
      .json()
      .data.find((d: { key: string }) => d.key === email.name);
    expect(listed).toMatchObject({
      level: "template",
      templateId: template.id,
      overrides: [{ locale: first, version: 2 }],
    });
    expect(
      (await adminB("GET", "/api/v1/tenant/email/templates"))
        .json()
        .data.find((d: { key: string }) => d.key === email.name).overrides,
    ).toEqual([]);

    const before = sink.messages.length;
    await env.app.email.outbox.send({
      tenant: tenantA,
      template: email.name,
      to: "ov-a@example.test",
      locale: first,
      variables: vars("ov"),
      dedupeKey: "ov:a",
    });
    await env.app.email.outbox.send({
      tenant: tenantB,
      template: email.name,
      to: "ov-b@example.test",
      locale: first,
      variables: vars("ov"),
      dedupeKey: "ov:b",
    });
    const a = await sink.next("ov-a@example.test", before);
    const b = await sink.next("ov-b@example.test", before);
    expect(a.subject).toBe(`Override ${first}`);
    expect(a.text).toContain("OVERRIDDEN ov-");
    expect(b.subject).not.toContain("Override");

    expect((await adminA("DELETE", url)).statusCode).toBe(204);
    expect((await adminA("DELETE", url)).statusCode).toBe(404);
  });
});

describe("preview and branding", () => {
  it("renders any template per locale with sample values or given ones, under the tenant's branding", async () => {
    const badColour = await adminA("PUT", "/api/v1/tenant/email/branding", { primaryColor: "red" });
    expect(badColour.statusCode).toBe(400);
    expect(badColour.json().errors[0].pointer).toBe("/body/primaryColor");
    const branded = await adminA("PUT", "/api/v1/tenant/email/branding", {
      primaryColor: "#a1b2c3",
      senderName: "Sender A",
      footer: "Footer A",
    });
    expect(branded.json()).toMatchObject({ primaryColor: "#a1b2c3", senderName: "Sender A", footer: "Footer A" });
    expect((await adminB("GET", "/api/v1/tenant/email/branding")).json().primaryColor).not.toBe("#a1b2c3");

    for (const locale of [first, second]) {
      const res = await adminA("POST", "/api/v1/tenant/email/preview", { template: email.name, locale });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ key: email.name, locale, level: "template", subject: expect.any(String) });
      expect(body.html).not.toMatch(/{{|{%/);
      // Sample values stand in for every declared variable.
      const sample = `‹${email.variables[0].split(".")[0]}›`;
      expect(body.html + body.subject).toContain(sample);
    }
    const given = (
      await adminA("POST", "/api/v1/tenant/email/preview", {
        template: email.name,
        locale: first,
        variables: vars("given"),
      })
    ).json();
    expect(given.html + given.subject).toContain(`given-${email.variables[0]}`);
    // The platform's own mails are framed by the layout, which carries the branding.
    const system = (
      await adminA("POST", "/api/v1/tenant/email/preview", { template: "verify-email", locale: second })
    ).json();
    expect(system).toMatchObject({ level: "platform", locale: second });
    expect(system.html).toContain("#a1b2c3");
    expect(system.html).toContain("Footer A");
    expect(system.html).toContain("Sender A");

    const unknown = await adminA("POST", "/api/v1/tenant/email/preview", { template: "no-such-email" });
    expect(unknown.statusCode).toBe(404);
    const invalid = await adminA("POST", "/api/v1/tenant/email/preview", {
      template: email.name,
      mjml: "<mjml><mj-body><mj-bogus /></mj-body></mjml>",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].pointer).toBe("/body/mjml");
  });

  it("renders with a real record read through the entity API, with the caller's permissions", async () => {
    // Any entity the admin can create without other records first; its first text field is shown.
    let made: { apiName: string; id: string; field: string; value: string } | null = null;
    for (const entity of template.entities) {
      if (entity.relations.some((r) => r.required)) continue;
      const field = entity.fields.find((f) => f.kind === "string" && !f.format);
      if (!field) continue;
      const record = sampleCreateBody(await entityIr(template.id, entity.name), 5);
      if (typeof record[field.name] !== "string") continue;
      const res = await adminA("POST", `/api/v1/tenant/entities/${template.id}:${entity.apiName}`, record);
      if (res.statusCode !== 201) continue;
      made = {
        apiName: `${template.id}:${entity.apiName}`,
        id: res.json().id,
        field: field.name,
        value: String(record[field.name]),
      };
      break;
    }
    expect(made).not.toBeNull();
    const mjml = `<mjml><mj-body><mj-section><mj-column><mj-text>REC {{ record.${made!.field} }}</mj-text></mj-column></mj-section></mj-body></mjml>`;
    const res = await adminA("POST", "/api/v1/tenant/email/preview", {
      template: email.name,
      locale: first,
      mjml,
      record: { entity: made!.apiName, id: made!.id },
    });
    expect(res.statusCode).toBe(200);
    const escaped = made!.value
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
    expect(res.json().html).toContain(`REC ${escaped}`);
    // Another tenant's admin cannot preview it: the record is not theirs.
    const other = await adminB("POST", "/api/v1/tenant/email/preview", {
      template: email.name,
      locale: first,
      mjml,
      record: { entity: made!.apiName, id: made!.id },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().errors[0].pointer).toBe("/body/record");
  });
});
