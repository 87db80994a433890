/**
 * Self-service sign-up into the roles and accounts a template declares (`signup`): a user-tier
 * option gives its role; an account option creates an account of its kind, owned by the new
 * user; options are per tenant (only installed templates'); bad choices are 400s with pointers
 * and create nothing. Real PostgreSQL, Redis and SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templates } from "../../generated/registry.ts";
import { Client, createTenant, PASSWORD, startIdentityApp, tokenIn, type IdentityHarness } from "./identity-support.ts";

const AUTH = "/api/v1/user/auth";
/** The first installed template with both kinds of option, whatever its industry. */
const template = templates.find((t) => t.signup.some((o) => o.accountKind) && t.signup.some((o) => !o.accountKind))!;
const userOption = template.signup.find((o) => !o.accountKind)!;
const accountOption = template.signup.find((o) => o.accountKind)!;
const without = templates.find((t) => t.signup.length === 0);

describe("sign-up options from the template", () => {
  let h: IdentityHarness;

  beforeAll(async () => {
    h = await startIdentityApp();
    await createTenant(h.db, "with-options", [template.id]);
    if (without) await createTenant(h.db, "without-options", [without.id]);
  });
  afterAll(async () => {
    await h?.close();
  });

  const register = (client: Client, body: Record<string, unknown>) =>
    client.post(`${AUTH}/register`, { name: "New Person", password: PASSWORD, ...body });
  const grantsOf = async (email: string) =>
    (
      await h.db.query<{ role: string; kind: string | null; name: string | null }>(
        `SELECT m."role", a."kind", a."name" FROM "membership" m JOIN "user" u ON u."id" = m."userId"
           LEFT JOIN "account" a ON a."id" = m."accountId" WHERE u."email" = $1`,
        [email],
      )
    ).rows;

  it("lists the installed templates' options, and only those", async () => {
    const listed = await new Client(h.app, "with-options").get(`${AUTH}/signup-options`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().open).toBe(true);
    expect(listed.json().options.map((o: { name: string }) => o.name)).toEqual(template.signup.map((o) => o.name));
    expect(listed.json().options.find((o: { name: string }) => o.name === accountOption.name).account).toEqual({
      kind: accountOption.accountKind,
      label: accountOption.accountLabel,
    });
    if (without) {
      const none = await new Client(h.app, "without-options").get(`${AUTH}/signup-options`);
      expect(none.json().options).toEqual([]);
      const refused = await register(new Client(h.app, "without-options"), {
        email: "elsewhere@example.com",
        as: userOption.name,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].pointer).toBe("/body/as");
    }
  });

  it("a user option gives its role, tenant-wide, after the usual email round trip", async () => {
    const client = new Client(h.app, "with-options");
    const before = h.mail.messages.length;
    expect((await register(client, { email: "solo@example.com", as: userOption.name })).statusCode).toBe(202);
    expect(await grantsOf("solo@example.com")).toEqual([{ role: userOption.role, kind: null, name: null }]);
    const token = tokenIn(await h.mail.next("solo@example.com", before));
    expect((await client.post(`${AUTH}/verify-email`, { token })).statusCode).toBe(200);
    await client.login("solo@example.com");
    expect((await client.get(`${AUTH}/me`)).json().identity.roles).toEqual([userOption.role]);
  });

  it("an account option creates the account and makes the new user its owner", async () => {
    const client = new Client(h.app, "with-options");
    const before = h.mail.messages.length;
    const created = await register(client, {
      email: "founder@example.com",
      as: accountOption.name,
      accountName: "Founder & Co",
    });
    expect(created.statusCode).toBe(202);
    expect(await grantsOf("founder@example.com")).toEqual([
      { role: accountOption.role, kind: accountOption.accountKind, name: "Founder & Co" },
    ]);
    const token = tokenIn(await h.mail.next("founder@example.com", before));
    await client.post(`${AUTH}/verify-email`, { token });
    await client.login("founder@example.com");
    const me = (await client.get(`${AUTH}/me`)).json();
    expect(me.profiles).toEqual([
      expect.objectContaining({ kind: accountOption.accountKind, name: "Founder & Co", roles: [accountOption.role] }),
    ]);
    // The owner invites into the account (the invitation policy's account-owner rule).
    expect(me.identity.activeProfile.accountId).toBe(me.profiles[0].accountId);
  });

  it("refuses unknown options and a missing or needless account name (400, pointer), creating nothing", async () => {
    const client = new Client(h.app, "with-options");
    const accounts = async () => (await h.db.query(`SELECT count(*)::int AS n FROM "account"`)).rows[0].n as number;
    const users = async () => (await h.db.query(`SELECT count(*)::int AS n FROM "user"`)).rows[0].n as number;
    const [a0, u0] = [await accounts(), await users()];
    for (const [body, pointer] of [
      [{ email: "x1@example.com", as: "no-such-option" }, "/body/as"],
      [{ email: "x2@example.com", as: accountOption.name }, "/body/accountName"],
      [{ email: "x3@example.com", as: userOption.name, accountName: "Nope" }, "/body/accountName"],
      [{ email: "x4@example.com", accountName: "Nope" }, "/body/accountName"],
      [{ email: "x5@example.com", as: "Not Kebab" }, "/body/as"],
    ] as const) {
      const res = await register(client, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    expect([await accounts(), await users()]).toEqual([a0, u0]);
    // An email already registered gets the same answer as a new one, and no second account.
    const again = await register(client, { email: "founder@example.com", as: accountOption.name, accountName: "Dup" });
    expect(again.statusCode).toBe(202);
    expect(await accounts()).toBe(a0);
  });
});
