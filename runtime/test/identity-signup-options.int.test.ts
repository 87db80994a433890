/**
 * Self-service sign-up into the roles and accounts a template declares (`signup`): a user-tier
 * option gives its role; an account option creates an account of its kind, owned by the new
 * user; options are per tenant (only installed templates'); bad choices are 400s with pointers
 * and create nothing. Real PostgreSQL, Redis and SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { templates } from "../../generated/registry.ts";
import {
  Client,
  createTenant,
  PASSWORD,
  signUp,
  startIdentityApp,
  tokenIn,
  type IdentityHarness,
} from "./identity-support.ts";

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

  it("the owner removes the account's members; the last owner stays; removed tokens stop at once", async () => {
    const owner = new Client(h.app, "with-options");
    const before = h.mail.messages.length;
    await register(owner, { email: "boss@example.com", as: accountOption.name, accountName: "Boss Ltd" });
    await owner.post(`${AUTH}/verify-email`, { token: tokenIn(await h.mail.next("boss@example.com", before)) });
    await owner.login("boss@example.com");
    const accountId = (await owner.get(`${AUTH}/me`)).json().profiles[0].accountId as string;
    // A member (as an accepted invitation would leave it): account-member in that account.
    const member = await signUp(h, "with-options", "staffer@example.com");
    const memberId = (await member.get(`${AUTH}/me`)).json().user.id as string;
    const tenantId = (await h.db.query(`SELECT "id" FROM "tenant" WHERE "slug" = 'with-options'`)).rows[0].id;
    await h.db.query(
      `INSERT INTO "membership" ("tenantId", "accountId", "userId", "role") VALUES ($1, $2, $3, 'account-member')`,
      [tenantId, accountId, memberId],
    );
    await member.login("staffer@example.com");
    const members = `/api/v1/tenant/accounts/${accountId}/members`;
    const listing = `/api/v1/account/members?accountId=${accountId}`;

    const listed = await owner.get(listing, { bearer: true, noCookies: true });
    expect(listed.statusCode).toBe(200);
    expect(
      listed
        .json()
        .data.map((m: { email: string }) => m.email)
        .sort(),
    ).toEqual(["boss@example.com", "staffer@example.com"]);
    // A member is no owner: it may not remove anyone.
    const memberToken = member.accessToken!;
    expect((await member.call("DELETE", `${members}/${memberId}`, { bearer: true, noCookies: true })).statusCode).toBe(
      403,
    );
    // The last owner cannot go; a stranger is not found.
    const ownerId = (await owner.get(`${AUTH}/me`)).json().user.id as string;
    const self = await owner.call("DELETE", `${members}/${ownerId}`, { bearer: true, noCookies: true });
    expect(self.statusCode).toBe(409);
    expect(
      (await owner.call("DELETE", `${members}/00000000-0000-4000-8000-000000000000`, { bearer: true, noCookies: true }))
        .statusCode,
    ).toBe(404);

    const removed = await owner.call("DELETE", `${members}/${memberId}`, { bearer: true, noCookies: true });
    expect(removed.statusCode).toBe(204);
    // Out of the account; their own tenant-wide role stays.
    expect(await grantsOf("staffer@example.com")).toEqual([{ role: "user", kind: null, name: null }]);
    expect((await member.get(`${AUTH}/me`, { bearer: memberToken, noCookies: true })).statusCode).toBe(401);
    expect((await owner.get(listing, { bearer: true, noCookies: true })).json().data).toHaveLength(1);
  });
});
