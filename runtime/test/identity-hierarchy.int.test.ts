import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  Client,
  createAccount,
  createTenant,
  PASSWORD,
  signUp,
  startIdentityApp,
  tokenIn,
  type IdentityHarness,
} from "./identity-support.ts";

describe("identity: bootstrap, invitations down the hierarchy, profiles", () => {
  let h: IdentityHarness;
  let agencyA: string;
  let agencyB: string;
  let clientCo: string;
  const AUTH = "/api/v1/user/auth";
  const INVITES = "/api/v1/tenant/invitations";
  const superAdmin = () => {
    const c = new Client(h.app, "acme");
    c.accessToken = platformToken;
    return c;
  };
  let platformToken = "";

  beforeAll(async () => {
    h = await startIdentityApp({}, (app) => {
      // Stands in for the platform API the lead wires to the guard.
      app.get("/api/v1/platform/guarded", { onRequest: app.auth.superAdminGuard() }, async (request) => ({
        identity: request.identity,
      }));
      // A route of another plugin: its own preHandler already sees the identity.
      app.get(
        "/api/v1/tenant/whoami",
        {
          config: { tenant: true, auth: "optional" },
          preHandler: async (request, reply) => void reply.header("x-seen-user", request.identity?.userId ?? "none"),
        },
        async (request) => ({ tenant: request.tenant?.slug, userId: request.identity?.userId ?? null }),
      );
      app.addHook("onRoute", () => {}); // later hooks do not disturb the order
    });
    const tenantId = await createTenant(h.db, "acme", ["modeling-agency"]);
    await createTenant(h.db, "other", ["modeling-agency"]);
    agencyA = await createAccount(h.db, tenantId, "agency", "Agency A");
    agencyB = await createAccount(h.db, tenantId, "agency", "Agency B");
    clientCo = await createAccount(h.db, tenantId, "client-company", "Client Co");
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Accepts the newest invitation emailed to `email` as a new user; returns the signed-in client. */
  async function acceptAsNewUser(email: string, since: number, name = "Invitee"): Promise<Client> {
    const client = new Client(h.app, "acme");
    const res = await client.post(`${AUTH}/accept-invitation`, {
      token: tokenIn(await h.mail.next(email, since)),
      name,
      password: PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(200);
    return client;
  }

  it("creates the first super admin once with MONO_ADMIN_TOKEN, then retires the token", async () => {
    const platform = new Client(h.app, null);
    const body = { email: "root@mono.test", name: "Root", password: PASSWORD };
    expect((await platform.post("/api/v1/platform/bootstrap", body)).statusCode).toBe(401);
    expect((await platform.post("/api/v1/platform/bootstrap", body, { bearer: "wrong-token" })).statusCode).toBe(401);
    expect((await platform.get("/api/v1/platform/guarded", { bearer: ADMIN_TOKEN })).statusCode).toBe(200);

    const created = await platform.post("/api/v1/platform/bootstrap", body, { bearer: ADMIN_TOKEN });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: "root@mono.test", platformRole: "super-admin" });
    const again = await platform.post(
      "/api/v1/platform/bootstrap",
      { ...body, email: "second@mono.test" },
      { bearer: ADMIN_TOKEN },
    );
    expect(again.statusCode).toBe(409);
    expect((await platform.get("/api/v1/platform/guarded", { bearer: ADMIN_TOKEN })).statusCode).toBe(401);

    await platform.login("root@mono.test");
    platformToken = platform.accessToken!;
    const me = await platform.get("/api/v1/platform/auth/me");
    expect(me.json().identity).toMatchObject({ tenantId: null, isSuperAdmin: true, roles: ["super-admin"] });
    const guarded = await platform.get("/api/v1/platform/guarded", { bearer: true });
    expect(guarded.json().identity).toMatchObject({ isSuperAdmin: true });
    // The platform cookie works too (GET: no CSRF needed).
    expect((await platform.get("/api/v1/platform/guarded")).statusCode).toBe(200);

    // Tenant users are not platform staff, and tenant routes do not take platform tokens unless they opt in.
    const tenantUser = await signUp(h, "acme", "plain@example.com");
    expect(
      (await platform.get("/api/v1/platform/guarded", { bearer: tenantUser.accessToken!, noCookies: true })).statusCode,
    ).toBe(401);
    expect(
      (
        await new Client(h.app, null).post("/api/v1/platform/auth/login", {
          email: "plain@example.com",
          password: PASSWORD,
        })
      ).statusCode,
    ).toBe(401);
    expect((await superAdmin().get(`${AUTH}/me`, { bearer: true })).statusCode).toBe(401);
  });

  it("resolves request.identity for other plugins' routes with config.auth (optional: anonymous allowed, bad tokens not)", async () => {
    const anonymous = await new Client(h.app, "acme").get("/api/v1/tenant/whoami");
    expect(anonymous.json()).toEqual({ tenant: "acme", userId: null });
    expect(anonymous.headers["x-seen-user"]).toBe("none");
    const user = await signUp(h, "acme", "whoami@example.com");
    const me = (await user.get(`${AUTH}/me`)).json();
    const seen = await user.get("/api/v1/tenant/whoami", { bearer: true });
    expect(seen.json()).toEqual({ tenant: "acme", userId: me.user.id });
    expect(seen.headers["x-seen-user"]).toBe(me.user.id);
    expect((await new Client(h.app, "acme").get("/api/v1/tenant/whoami", { bearer: "not-a-jwt" })).statusCode).toBe(
      401,
    );
    expect((await new Client(h.app, "nowhere").get("/api/v1/tenant/whoami", { bearer: true })).statusCode).toBe(404);
  });

  it("lets a super admin invite a tenant admin, who accepts through the emailed single-use token", async () => {
    const since = h.mail.messages.length;
    const invite = await superAdmin().post(
      INVITES,
      { email: "Boss@Example.com", role: "tenant-admin" },
      { bearer: true },
    );
    expect(invite.statusCode, invite.body).toBe(201);
    expect(invite.json()).toMatchObject({
      email: "boss@example.com",
      role: "tenant-admin",
      accountId: null,
      delivery: "sent",
    });
    expect(invite.json().token).toBeUndefined();
    // Platform staff are no user of the tenant, and the inviter's key is (tenantId, invitedById): none is kept.
    const stored = await h.db.query(`SELECT "invitedById" FROM "invitation" WHERE "email" = 'boss@example.com'`);
    expect(stored.rows).toEqual([{ invitedById: null }]);

    const mail = await h.mail.next("boss@example.com", since);
    expect(mail.subject).toBe("Root invited you to Market acme");
    const token = tokenIn(mail);
    // The token is tenant-bound.
    expect(
      (await new Client(h.app, "other").post(`${AUTH}/accept-invitation`, { token, name: "Boss", password: PASSWORD }))
        .statusCode,
    ).toBe(400);
    expect((await new Client(h.app, "acme").post(`${AUTH}/accept-invitation`, { token })).statusCode).toBe(400);

    const boss = new Client(h.app, "acme");
    const accepted = await boss.post(`${AUTH}/accept-invitation`, { token, name: "Boss", password: PASSWORD });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().identity).toMatchObject({
      roles: ["tenant-admin"],
      emailVerified: true,
      memberships: [{ accountId: null, role: "tenant-admin" }],
    });
    expect(
      (await new Client(h.app, "acme").post(`${AUTH}/accept-invitation`, { token, name: "Again", password: PASSWORD }))
        .statusCode,
    ).toBe(400);
  });

  it("validates the role against the tenant's roles and tiers", async () => {
    const boss = new Client(h.app, "acme");
    await boss.login("boss@example.com");
    const cases: [object, number, string][] = [
      [{ email: "x@example.com", role: "wizard" }, 400, "/body/role"],
      [{ email: "x@example.com", role: "super-admin" }, 400, "/body/role"],
      [{ email: "x@example.com", role: "tenant-admin", accountId: agencyA }, 400, "/body/accountId"],
      [{ email: "x@example.com", role: "agency-owner" }, 400, "/body/accountId"],
      [
        { email: "x@example.com", role: "talent", accountId: "00000000-0000-4000-8000-000000000000" },
        400,
        "/body/accountId",
      ],
    ];
    for (const [body, status, pointer] of cases) {
      const res = await boss.post(INVITES, body, { bearer: true });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().errors[0].pointer).toBe(pointer);
    }
    // Without a CSRF token a cookie-authenticated invitation is refused.
    expect((await boss.post(INVITES, { email: "x@example.com", role: "moderator" })).statusCode).toBe(403);
    expect((await boss.post(INVITES, { email: "x@example.com", role: "moderator" }, { csrf: true })).statusCode).toBe(
      201,
    );
  });

  it("lets an account owner invite members into their own account, and nothing more", async () => {
    const boss = new Client(h.app, "acme");
    await boss.login("boss@example.com");
    let since = h.mail.messages.length;
    expect(
      (
        await boss.post(
          INVITES,
          { email: "owner@example.com", role: "agency-owner", accountId: agencyA },
          { bearer: true },
        )
      ).statusCode,
    ).toBe(201);
    const owner = await acceptAsNewUser("owner@example.com", since, "Owner");
    expect(owner.csrfToken).toBeTruthy();
    const ownerIdentity = (await owner.get(`${AUTH}/me`)).json().identity;
    // One account: it is the active profile without asking.
    expect(ownerIdentity).toMatchObject({
      roles: ["agency-owner"],
      accountIds: [agencyA],
      activeProfile: { accountId: agencyA, accountKind: "agency", roles: ["agency-owner"] },
    });

    since = h.mail.messages.length;
    expect(
      (await owner.post(INVITES, { email: "talent@example.com", role: "talent", accountId: agencyA }, { bearer: true }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await owner.post(
          INVITES,
          { email: "booker@example.com", role: "agency-booker", accountId: agencyA },
          { bearer: true },
        )
      ).statusCode,
    ).toBe(201);
    const denied: object[] = [
      { email: "t2@example.com", role: "talent", accountId: agencyB },
      { email: "t2@example.com", role: "tenant-admin" },
      { email: "t2@example.com", role: "agency-owner", accountId: agencyA },
      { email: "t2@example.com", role: "account-owner", accountId: agencyA },
      { email: "t2@example.com", role: "talent" },
    ];
    for (const body of denied)
      expect((await owner.post(INVITES, body, { bearer: true })).statusCode, JSON.stringify(body)).toBe(403);

    const talent = await acceptAsNewUser("talent@example.com", since, "Tess Talent");
    expect(
      (await talent.post(INVITES, { email: "t3@example.com", role: "talent", accountId: agencyA }, { bearer: true }))
        .statusCode,
    ).toBe(403);

    // The owner sees (and may revoke) the invitations of their account only.
    const listed = (await owner.get(INVITES, { bearer: true })).json().data as {
      id: string;
      email: string;
      accountId: string;
    }[];
    expect(listed.map((i) => i.email)).toEqual(["booker@example.com"]);
    expect((await talent.get(INVITES, { bearer: true })).statusCode).toBe(403);
    const bookerToken = tokenIn(await h.mail.next("booker@example.com", since));
    expect((await owner.call("DELETE", `${INVITES}/${listed[0].id}`, { bearer: true })).statusCode).toBe(204);
    expect(
      (
        await new Client(h.app, "acme").post(`${AUTH}/accept-invitation`, {
          token: bookerToken,
          name: "B",
          password: PASSWORD,
        })
      ).statusCode,
    ).toBe(400);
    expect(
      ((await boss.get(INVITES, { bearer: true })).json().data as { email: string }[]).map((i) => i.email),
    ).not.toContain("booker@example.com");
  });

  it("refuses expired invitations", async () => {
    const boss = new Client(h.app, "acme");
    await boss.login("boss@example.com");
    const since = h.mail.messages.length;
    const invite = await boss.post(INVITES, { email: "slow@example.com", role: "moderator" }, { bearer: true });
    await h.db.query(`UPDATE "invitation" SET "expiresAt" = now() - interval '1 second' WHERE "id" = $1`, [
      invite.json().id,
    ]);
    const token = tokenIn(await h.mail.next("slow@example.com", since));
    expect(
      (await new Client(h.app, "acme").post(`${AUTH}/accept-invitation`, { token, name: "Slow", password: PASSWORD }))
        .statusCode,
    ).toBe(400);
  });

  it("gives a dual-sided user a second profile and switches between them", async () => {
    const boss = new Client(h.app, "acme");
    await boss.login("boss@example.com");
    const since = h.mail.messages.length;
    expect(
      (await boss.post(INVITES, { email: "talent@example.com", role: "client", accountId: clientCo }, { bearer: true }))
        .statusCode,
    ).toBe(201);
    const token = tokenIn(await h.mail.next("talent@example.com", since));

    // The address has an account: creating another (or taking it over) is not possible.
    const anonymous = await new Client(h.app, "acme").post(`${AUTH}/accept-invitation`, {
      token,
      name: "Hijack",
      password: "hijack password 1",
    });
    expect(anonymous.statusCode).toBe(409);
    // Nor may someone else accept it.
    const owner = new Client(h.app, "acme");
    await owner.login("owner@example.com");
    expect((await owner.post(`${AUTH}/accept-invitation`, { token }, { csrf: true })).statusCode).toBe(403);

    const tess = new Client(h.app, "acme");
    await tess.login("talent@example.com");
    const accepted = await tess.post(`${AUTH}/accept-invitation`, { token }, { csrf: true });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().identity).toMatchObject({
      activeProfile: { accountId: clientCo, accountKind: "client-company", roles: ["client"] },
    });

    // A fresh login with two accounts picks none; the user chooses.
    const phone = new Client(h.app, "acme");
    await phone.login("talent@example.com");
    const me = (await phone.get(`${AUTH}/me`)).json();
    expect(me.identity.activeProfile).toBeUndefined();
    expect(me.identity.roles.sort()).toEqual(["client", "talent"]);
    expect(me.identity.accountIds.sort()).toEqual([agencyA, clientCo].sort());
    expect(me.profiles.map((p: { name: string }) => p.name).sort()).toEqual(["Agency A", "Client Co"]);

    const toClient = await phone.post(`${AUTH}/switch-profile`, { accountId: clientCo }, { csrf: true });
    expect(toClient.statusCode).toBe(200);
    expect(toClient.json().identity.activeProfile).toEqual({
      accountId: clientCo,
      accountKind: "client-company",
      roles: ["client"],
    });
    // The choice survives a refresh: it belongs to the refresh family.
    const refreshed = await phone.post(`${AUTH}/refresh`, undefined, { csrf: true });
    expect(refreshed.json().identity.activeProfile.accountId).toBe(clientCo);
    const toAgency = await phone.post(
      `${AUTH}/switch-profile`,
      { accountId: agencyA },
      { bearer: true, noCookies: true },
    );
    expect(toAgency.json().identity.activeProfile).toMatchObject({ accountId: agencyA, roles: ["talent"] });
    expect(toAgency.json().refreshToken).toBeTruthy();
    expect((await phone.post(`${AUTH}/switch-profile`, { accountId: agencyB }, { bearer: true })).statusCode).toBe(403);
    const none = await phone.post(`${AUTH}/switch-profile`, { accountId: null }, { bearer: true });
    expect(none.json().identity.activeProfile).toBeUndefined();
    // Without CSRF the cookie-authenticated switch is refused.
    expect((await phone.post(`${AUTH}/switch-profile`, { accountId: clientCo })).statusCode).toBe(403);
  });
});
