/**
 * The hardening a hostile probe asked for (issue: API contract and hardening): access tokens
 * that die with their session, a bootstrap token that retires, client addresses behind a proxy,
 * concurrent refreshes that keep the session, and the super-admin claim only on platform tokens.
 * Real PostgreSQL, Redis and SMTP, as in the other identity tests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  Client,
  createTenant,
  PASSWORD,
  signUp,
  startIdentityApp,
  type IdentityHarness,
} from "./identity-support.ts";

const AUTH = "/api/v1/user/auth";
const ME = `${AUTH}/me`;

describe("identity hardening: sessions, bootstrap token, proxies, refresh grace, forged claims", () => {
  let h: IdentityHarness;
  let tenantId: string;

  beforeAll(async () => {
    h = await startIdentityApp();
    tenantId = await createTenant(h.db, "acme");
    await createTenant(h.db, "other");
  });
  afterAll(async () => {
    await h?.close();
  });

  const bearer = (client: Client, token = client.accessToken!) =>
    client.get(ME, { bearer: token, noCookies: true }).then((r) => r.statusCode);

  it("an access token stops working at logout, not when it expires", async () => {
    const client = await signUp(h, "acme", "logout-now@example.com");
    const token = client.accessToken!;
    expect(await bearer(client, token)).toBe(200);
    expect((await client.post(`${AUTH}/logout`, undefined, { csrf: true })).statusCode).toBe(204);
    const after = await client.get(ME, { bearer: token, noCookies: true });
    expect(after.statusCode).toBe(401);
    expect(after.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(after.json().detail).toMatch(/session has ended/);
  });

  it("a password change ends the other sessions' access tokens at once and keeps this one's new token", async () => {
    const here = await signUp(h, "acme", "change-now@example.com");
    const elsewhere = new Client(h.app, "acme");
    await elsewhere.login("change-now@example.com");
    const elsewhereToken = elsewhere.accessToken!;
    const oldHere = here.accessToken!;
    expect(await bearer(elsewhere, elsewhereToken)).toBe(200);
    const changed = await here.post(
      `${AUTH}/password`,
      { currentPassword: PASSWORD, newPassword: "another long password 9" },
      { csrf: true },
    );
    expect(changed.statusCode).toBe(200);
    expect(await bearer(elsewhere, elsewhereToken)).toBe(401);
    expect(await bearer(here, oldHere)).toBe(401);
    expect(await bearer(here, changed.json().accessToken)).toBe(200);
  });

  it("a password reset ends every access token of the user", async () => {
    const client = await signUp(h, "acme", "reset-now@example.com");
    const token = client.accessToken!;
    // Someone locked one address out of the account; the reset ends that lock too.
    const guesser = new Client(h.app, "acme");
    for (let i = 0; i < 3; i++)
      await guesser.post(`${AUTH}/login`, { email: "reset-now@example.com", password: "guess guess guess" });
    const before = h.mail.messages.length;
    await new Client(h.app, "acme").post(`${AUTH}/forgot-password`, { email: "reset-now@example.com" });
    const mail = await h.mail.next("reset-now@example.com", before);
    const resetToken = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const reset = await new Client(h.app, "acme").post(`${AUTH}/reset-password`, {
      token: resetToken,
      password: "a brand new password 7",
    });
    expect(reset.statusCode).toBe(204);
    expect(await bearer(client, token)).toBe(401);
    await guesser.login("reset-now@example.com", "a brand new password 7");
  });

  it("revoking a role ends the user's access tokens; a refresh issues one without the role", async () => {
    const platform = new Client(h.app, null);
    // The first super admin (the bootstrap token works while none exists).
    const boot = await platform.post(
      "/api/v1/platform/bootstrap",
      { email: "root@example.com", name: "Root", password: PASSWORD },
      { bearer: ADMIN_TOKEN },
    );
    expect([201, 409]).toContain(boot.statusCode);
    await platform.login("root@example.com");

    const user = await signUp(h, "acme", "revoked-role@example.com");
    const userId = (await user.get(ME)).json().user.id as string;
    const assign = { assignments: [{ userId, role: "tenant-admin" }] };
    const admin = { bearer: platform.accessToken!, noCookies: true, headers: { "x-tenant": "acme" } };
    expect((await platform.post("/api/v1/tenant/roles/assign", assign, admin)).statusCode).toBe(200);
    // Sign in again to carry the role in the token, then revoke it.
    await user.login("revoked-role@example.com");
    const withRole = user.accessToken!;
    expect((await user.get(ME, { bearer: withRole, noCookies: true })).json().identity.roles).toContain("tenant-admin");
    expect((await platform.post("/api/v1/tenant/roles/revoke", assign, admin)).json().revoked).toBe(1);

    expect(await bearer(user, withRole)).toBe(401);
    const refreshed = await user.post(`${AUTH}/refresh`, undefined, { csrf: true });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().identity.roles).not.toContain("tenant-admin");
    expect(await bearer(user, refreshed.json().accessToken)).toBe(200);
  });

  it("two tabs refreshing the same token at once both keep the session, with the same successor", async () => {
    const tab = await signUp(h, "acme", "two-tabs@example.com");
    const token = tab.jar.get("mono_rt")!.value;
    const [a, b] = await Promise.all([
      tab.post(`${AUTH}/refresh`, { refreshToken: token }, { noCookies: true }),
      tab.post(`${AUTH}/refresh`, { refreshToken: token }, { noCookies: true }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().refreshToken).toBe(b.json().refreshToken);
    // A third, sequential, within the window: the same successor again; the session lives on.
    const c = await tab.post(`${AUTH}/refresh`, { refreshToken: token }, { noCookies: true });
    expect(c.json().refreshToken).toBe(a.json().refreshToken);
    const next = await tab.post(`${AUTH}/refresh`, { refreshToken: a.json().refreshToken }, { noCookies: true });
    expect(next.statusCode).toBe(200);
    expect(await bearer(tab, next.json().accessToken)).toBe(200);
  });

  it("a real replay after the grace window still revokes the whole family", async () => {
    const tab = await signUp(h, "acme", "late-replay@example.com");
    const token = tab.jar.get("mono_rt")!.value;
    const first = await tab.post(`${AUTH}/refresh`, { refreshToken: token }, { noCookies: true });
    expect(first.statusCode).toBe(200);
    // The window (10 s by default) has passed: move the rotation back rather than wait.
    await h.db.query(
      `UPDATE "refresh_token" SET "rotatedAt" = now() - interval '1 minute' WHERE "rotatedAt" IS NOT NULL
          AND "userId" = (SELECT "id" FROM "user" WHERE "email" = 'late-replay@example.com')`,
    );
    const replay = await tab.post(`${AUTH}/refresh`, { refreshToken: token }, { noCookies: true });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toMatch(/already used/);
    const successor = await tab.post(
      `${AUTH}/refresh`,
      { refreshToken: first.json().refreshToken },
      { noCookies: true },
    );
    expect(successor.statusCode).toBe(401);
    expect(await bearer(tab, first.json().accessToken)).toBe(401);
  });

  it("a tenant token carrying the super-admin claim is refused everywhere, invitations included", async () => {
    const user = await signUp(h, "acme", "forger@example.com");
    const me = (await user.get(ME)).json().identity;
    // Signed with the real key (as a leaked-key or a bug would), so only the claim check stands in the way.
    const forged = await h.app.auth.accessTokens.sign({
      sub: me.userId,
      tid: tenantId,
      sid: me.sessionId,
      mem: [],
      sa: true,
      ev: true,
    });
    const as = { bearer: forged, noCookies: true };
    for (const [method, url, body] of [
      ["POST", "/api/v1/tenant/invitations", { email: "victim@example.com", role: "tenant-admin" }],
      ["GET", "/api/v1/tenant/accounts", undefined],
      ["GET", ME, undefined],
      ["GET", "/api/v1/tenant/audit", undefined],
      ["POST", "/api/v1/tenant/roles/assign", { assignments: [{ userId: me.userId, role: "tenant-admin" }] }],
    ] as const) {
      const res = await user.call(method, url, { ...as, ...(body ? { body } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe("identity hardening: the bootstrap token retires once a super admin exists", () => {
  it("opens the platform API until the first super admin, then only if MONO_ADMIN_TOKEN_KEEP says so", async () => {
    for (const keep of [false, true]) {
      const h = await startIdentityApp({ keepAdminToken: keep });
      try {
        const platform = new Client(h.app, null);
        const list = () => platform.get("/api/v1/platform/tenants", { bearer: ADMIN_TOKEN, noCookies: true });
        expect((await list()).statusCode).toBe(200);
        const boot = await platform.post(
          "/api/v1/platform/bootstrap",
          { email: "first@example.com", name: "First", password: PASSWORD },
          { bearer: ADMIN_TOKEN },
        );
        expect(boot.statusCode).toBe(201);
        const after = await list();
        expect(after.statusCode, `keep=${keep}`).toBe(keep ? 200 : 401);
        if (!keep) expect(after.json().detail).toMatch(/retired/);
        // The super admin's own sign-in works either way.
        await platform.login("first@example.com");
        expect(
          (await platform.get("/api/v1/platform/tenants", { bearer: platform.accessToken!, noCookies: true }))
            .statusCode,
        ).toBe(200);
      } finally {
        await h.close();
      }
    }
  });
});

describe("identity hardening: MONO_TRUST_PROXY", () => {
  it("keys rate limits and lockouts on the forwarded client only when the proxy is trusted", async () => {
    for (const trustProxy of [false, true]) {
      const h = await startIdentityApp({}, undefined, { trustProxy, rateLimit: { max: 3 } });
      try {
        await createTenant(h.db, "acme");
        // Fresh addresses each run: the limiter's counters live in Redis for a minute.
        const octet = () => 1 + Math.floor(Math.random() * 250);
        const proxy = `10.${octet()}.${octet()}.${octet()}`;
        const clientAddress = `203.0.${octet()}.${octet()}`;
        // One load balancer (the same peer address), four different clients behind it.
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          const res = await h.app.inject({
            method: "GET",
            url: "/openapi.json",
            remoteAddress: proxy,
            headers: { "x-forwarded-for": `198.51.${octet()}.${octet()}` },
          });
          statuses.push(res.statusCode);
        }
        expect(statuses, `trustProxy=${trustProxy}`).toEqual(trustProxy ? [200, 200, 200, 200] : [200, 200, 200, 429]);

        await signUp(h, "acme", "behind-proxy@example.com");
        const login = await h.app.inject({
          method: "POST",
          url: `${AUTH}/login`,
          remoteAddress: trustProxy ? proxy : `10.${octet()}.${octet()}.${octet()}`,
          headers: { "x-forwarded-for": clientAddress, "x-tenant": "acme" },
          payload: { email: "behind-proxy@example.com", password: "wrong password here" },
        });
        expect(login.statusCode).toBe(401);
        const { rows } = await h.db.query(`SELECT "address" FROM "login_failure"`);
        expect(rows).toHaveLength(1);
        if (trustProxy) expect(rows[0].address).toBe(clientAddress);
        else expect(rows[0].address).toMatch(/^10\./);
      } finally {
        await h.close();
      }
    }
  });
});
