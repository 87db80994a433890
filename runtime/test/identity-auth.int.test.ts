import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Client,
  createTenant,
  PASSWORD,
  signUp,
  startIdentityApp,
  tokenIn,
  type IdentityHarness,
} from "./identity-support.ts";
import { checkPassword } from "../src/identity/password-login.ts";
import { DEFAULT_LOCKOUT } from "../src/identity/identity-config.ts";
import { addressKey, loginGate, recordLoginFailure, slowDownDelay } from "../src/identity/login-lockout.ts";
import { PasswordHasher } from "../src/identity/passwords.ts";
import type { IdentityDeps } from "../src/identity/identity-deps.ts";

describe("identity: sign-up, sessions, passwords (PostgreSQL, Redis, SMTP)", () => {
  let h: IdentityHarness;
  const AUTH = "/api/v1/user/auth";

  beforeAll(async () => {
    h = await startIdentityApp();
    await createTenant(h.db, "acme");
    await createTenant(h.db, "other");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("registers, emails a single-use verification link, then logs in with httpOnly SameSite=Lax cookies", async () => {
    const client = new Client(h.app, "acme");
    const email = "Ada@Example.com";
    const before = h.mail.messages.length;
    const reg = await client.post(`${AUTH}/register`, { email, name: "Ada", password: PASSWORD });
    expect(reg.statusCode).toBe(202);

    const mail = await h.mail.next("ada@example.com", before);
    expect(mail.subject).toContain("Market acme");
    expect(mail.text).toContain("http://acme.mono.test/auth/verify-email#token=");
    const stored = await h.db.query(
      `SELECT "passwordHash", "emailVerifiedAt" FROM "user" WHERE "email" = 'ada@example.com'`,
    );
    expect(stored.rows[0].passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.rows[0].emailVerifiedAt).toBeNull();

    const early = await client.post(`${AUTH}/login`, { email, password: PASSWORD });
    expect(early.statusCode).toBe(403);
    expect(early.json().detail).toMatch(/confirm your email/i);

    const token = tokenIn(mail);
    expect((await client.post(`${AUTH}/verify-email`, { token })).statusCode).toBe(200);
    const again = await client.post(`${AUTH}/verify-email`, { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([{ pointer: "/body/token", message: "is invalid or expired" }]);

    const login = await client.post(`${AUTH}/login`, { email: "ada@example.com", password: PASSWORD });
    expect(login.statusCode).toBe(200);
    const body = login.json();
    expect(body).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 600,
      identity: { tenantId: expect.any(String), roles: ["user"], isSuperAdmin: false, emailVerified: true },
    });
    expect(body.refreshToken).toBeUndefined();
    const setCookies = ([] as string[]).concat(login.headers["set-cookie"] as string | string[]);
    const access = setCookies.find((c) => c.startsWith("mono_at="))!;
    const refresh = setCookies.find((c) => c.startsWith("mono_rt="))!;
    expect(access).toMatch(/HttpOnly/);
    expect(access).toMatch(/SameSite=Lax/);
    expect(access).toMatch(/Path=\/api;/);
    expect(refresh).toMatch(/HttpOnly/);
    expect(refresh).toMatch(/Path=\/api\/v1\/user\/auth;/);
    expect(login.headers["cache-control"]).toBe("no-store");

    // Only the hash of a refresh token is stored.
    const raw = client.jar.get("mono_rt")!.value;
    const { rows } = await h.db.query(`SELECT "tokenHash" FROM "refresh_token"`);
    expect(rows.map((r) => r.tokenHash)).not.toContain(raw);
    expect(rows[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);

    const meCookie = await client.get(`${AUTH}/me`);
    expect(meCookie.statusCode).toBe(200);
    expect(meCookie.json().user).toMatchObject({ email: "ada@example.com", name: "Ada", emailVerified: true });
    const meBearer = await client.get(`${AUTH}/me`, { bearer: true, noCookies: true });
    expect(meBearer.json().identity.via).toBe("bearer");
    expect((await client.get(`${AUTH}/me`, { noCookies: true })).statusCode).toBe(401);
  });

  it("answers a second registration of the same email exactly like a new one, and creates nothing", async () => {
    const first = await signUp(h, "acme", "grace@example.com");
    expect(first.accessToken).toBeTruthy();
    const stranger = new Client(h.app, "acme");
    const res = await stranger.post(`${AUTH}/register`, {
      email: "GRACE@example.com",
      name: "Impostor",
      password: "another password 1",
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: "verification-sent-if-new" });
    const { rows } = await h.db.query(`SELECT "name" FROM "user" WHERE "email" = 'grace@example.com'`);
    expect(rows).toEqual([{ name: "Test User" }]);
    // The same address may sign up on another tenant: users are per tenant.
    expect((await signUp(h, "other", "grace@example.com")).accessToken).toBeTruthy();
  });

  it("rejects weak passwords and malformed input with field pointers", async () => {
    const client = new Client(h.app, "acme");
    const res = await client.post(`${AUTH}/register`, { email: "not-an-email", name: "", password: "short" });
    expect(res.statusCode).toBe(400);
    const pointers = (res.json().errors as { pointer: string }[]).map((e) => e.pointer).sort();
    expect(pointers).toEqual(["/body/email", "/body/name", "/body/password"]);
  });

  it("rotates refresh tokens; replaying a rotated one revokes the whole family but not other logins", async () => {
    const browser = await signUp(h, "acme", "rotate@example.com");
    const laptop = new Client(h.app, "acme");
    await laptop.login("rotate@example.com");

    const first = browser.jar.get("mono_rt")!.value;
    const noCsrf = await browser.post(`${AUTH}/refresh`);
    expect(noCsrf.statusCode).toBe(403);

    const r1 = await browser.post(`${AUTH}/refresh`, undefined, { csrf: true });
    expect(r1.statusCode).toBe(200);
    const second = browser.jar.get("mono_rt")!.value;
    expect(second).not.toBe(first);
    const r2 = await browser.post(`${AUTH}/refresh`, undefined, { csrf: true });
    expect(r2.statusCode).toBe(200);
    const third = browser.jar.get("mono_rt")!.value;

    // An attacker replays the first token (stolen before rotation).
    const attacker = new Client(h.app, "acme");
    const replay = await attacker.post(`${AUTH}/refresh`, { refreshToken: first });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toMatch(/already used/);

    // The legitimate holder's current token is dead too: the family is revoked.
    const after = await attacker.post(`${AUTH}/refresh`, { refreshToken: third });
    expect(after.statusCode).toBe(401);
    // Another login of the same user is a different family and lives on.
    expect((await laptop.post(`${AUTH}/refresh`, undefined, { csrf: true })).statusCode).toBe(200);

    const families = await h.db.query(
      `SELECT "familyId", bool_and("revokedAt" IS NOT NULL) AS revoked FROM "refresh_token" t JOIN "user" u ON u."id" = t."userId" WHERE u."email" = 'rotate@example.com' GROUP BY "familyId"`,
    );
    expect(families.rows.map((r) => r.revoked).sort()).toEqual([false, true]);
  });

  it("gives non-browser clients the refresh token in the body on request, and refreshes from the body", async () => {
    await signUp(h, "acme", "mobile@example.com");
    const app = new Client(h.app, "acme");
    const login = await app.post(`${AUTH}/login`, {
      email: "mobile@example.com",
      password: PASSWORD,
      refreshTokenInBody: true,
    });
    const { refreshToken } = login.json();
    expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const refreshed = await app.post(`${AUTH}/refresh`, { refreshToken }, { noCookies: true });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A refresh token from one tenant means nothing on another.
    const elsewhere = new Client(h.app, "other");
    expect((await elsewhere.post(`${AUTH}/refresh`, { refreshToken: refreshed.json().refreshToken })).statusCode).toBe(
      401,
    );
  });

  it("logs out: clears the cookies and ends the refresh family", async () => {
    const client = await signUp(h, "acme", "bye@example.com");
    const refreshToken = client.jar.get("mono_rt")!.value;
    const out = await client.post(`${AUTH}/logout`, undefined, { csrf: true });
    expect(out.statusCode).toBe(204);
    expect(client.jar.has("mono_at")).toBe(false);
    expect(client.jar.has("mono_rt")).toBe(false);
    expect((await client.post(`${AUTH}/refresh`, { refreshToken })).statusCode).toBe(401);
  });

  it("requires the CSRF header for cookie-authenticated unsafe requests; Bearer requests are exempt", async () => {
    const client = await signUp(h, "acme", "csrf@example.com");
    const change = { currentPassword: PASSWORD, newPassword: PASSWORD };
    const forged = await client.post(`${AUTH}/password`, change);
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe("RT_ERR_FORBIDDEN");
    const wrongToken = await client.post(`${AUTH}/password`, change, { headers: { "x-csrf-token": "forged-token" } });
    expect(wrongToken.statusCode).toBe(403);
    // A token from another browser (its own secret cookie) does not fit this one.
    const other = new Client(h.app, "acme");
    const foreign = (await other.get(`${AUTH}/csrf`)).json().csrfToken;
    expect((await client.post(`${AUTH}/password`, change, { headers: { "x-csrf-token": foreign } })).statusCode).toBe(
      403,
    );

    expect((await client.post(`${AUTH}/password`, change, { csrf: true })).statusCode).toBe(200);
    expect((await client.post(`${AUTH}/password`, change, { bearer: true, noCookies: true })).statusCode).toBe(200);
    // Safe methods need no token.
    expect((await client.get(`${AUTH}/me`)).statusCode).toBe(200);
  });

  it("changes the password: checks the current one, ends other sessions, keeps this one", async () => {
    const client = await signUp(h, "acme", "change@example.com");
    const other = new Client(h.app, "acme");
    await other.login("change@example.com");
    const wrong = await client.post(
      `${AUTH}/password`,
      { currentPassword: "not my password", newPassword: "brand new password 2" },
      { csrf: true },
    );
    expect(wrong.statusCode).toBe(403);
    const ok = await client.post(
      `${AUTH}/password`,
      { currentPassword: PASSWORD, newPassword: "brand new password 2" },
      { csrf: true },
    );
    expect(ok.statusCode).toBe(200);
    expect((await client.post(`${AUTH}/refresh`, undefined, { csrf: true })).statusCode).toBe(200);
    expect((await other.post(`${AUTH}/refresh`, undefined, { csrf: true })).statusCode).toBe(401);
    expect(
      (await new Client(h.app, "acme").post(`${AUTH}/login`, { email: "change@example.com", password: PASSWORD }))
        .statusCode,
    ).toBe(401);
    await new Client(h.app, "acme").login("change@example.com", "brand new password 2");
  });

  it("resets a forgotten password through the emailed single-use token", async () => {
    const client = await signUp(h, "acme", "forgot@example.com");
    const anon = new Client(h.app, "acme");
    const count = h.mail.messages.length;
    const unknown = await anon.post(`${AUTH}/forgot-password`, { email: "nobody@example.com" });
    const known = await anon.post(`${AUTH}/forgot-password`, { email: "forgot@example.com" });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    const mail = await h.mail.next("forgot@example.com", count);
    expect(mail.subject).toMatch(/Reset your/);
    const token = tokenIn(mail);

    const reset = await anon.post(`${AUTH}/reset-password`, { token, password: "a fresh password 3" });
    expect(reset.statusCode).toBe(204);
    expect((await anon.post(`${AUTH}/reset-password`, { token, password: "a second try 4444" })).statusCode).toBe(400);
    // Sessions from before the reset are over.
    expect((await client.post(`${AUTH}/refresh`, undefined, { csrf: true })).statusCode).toBe(401);
    expect((await anon.post(`${AUTH}/login`, { email: "forgot@example.com", password: PASSWORD })).statusCode).toBe(
      401,
    );
    await anon.login("forgot@example.com", "a fresh password 3");
    // Nobody but forgot@ got mail from these requests.
    expect(h.mail.messages.slice(count).flatMap((m) => m.to)).toEqual(["forgot@example.com"]);
  });

  it("rejects expired one-time tokens", async () => {
    const client = new Client(h.app, "acme");
    const before = h.mail.messages.length;
    await client.post(`${AUTH}/register`, { email: "late@example.com", name: "Late", password: PASSWORD });
    const token = tokenIn(await h.mail.next("late@example.com", before));
    await h.db.query(`UPDATE "one_time_token" SET "expiresAt" = now() - interval '1 second' WHERE "usedAt" IS NULL`);
    expect((await client.post(`${AUTH}/verify-email`, { token })).statusCode).toBe(400);
    // Asking again sends a new link that works.
    const count = h.mail.messages.length;
    expect((await client.post(`${AUTH}/resend-verification`, { email: "late@example.com" })).statusCode).toBe(202);
    expect(
      (await client.post(`${AUTH}/verify-email`, { token: tokenIn(await h.mail.next("late@example.com", count)) }))
        .statusCode,
    ).toBe(200);
  });

  it("locks an address out of an account after repeated failures from it, in the database, for a limited time", async () => {
    await signUp(h, "acme", "locked@example.com");
    const attacker = new Client(h.app, "acme");
    for (let i = 0; i < 3; i++) {
      expect(
        (await attacker.post(`${AUTH}/login`, { email: "locked@example.com", password: "guess guess guess" }))
          .statusCode,
      ).toBe(401);
    }
    const { rows } = await h.db.query(
      `SELECT f."lockedUntil" FROM "login_failure" f JOIN "user" u ON u."id" = f."userId" WHERE u."email" = 'locked@example.com'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].lockedUntil.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);

    // From that address even the right password is refused, with the same answer as a wrong one.
    const refused = await attacker.post(`${AUTH}/login`, { email: "locked@example.com", password: PASSWORD });
    expect(refused.statusCode).toBe(401);
    const wrong = await attacker.post(`${AUTH}/login`, { email: "nobody-here@example.com", password: PASSWORD });
    expect(refused.json().detail).toBe(wrong.json().detail);

    await h.db.query(`UPDATE "login_failure" SET "lockedUntil" = now() - interval '1 second'`);
    await attacker.login("locked@example.com");
    const cleared = await h.db.query(
      `SELECT count(*)::int AS "locks", (SELECT "failedLoginCount" FROM "user" WHERE "email" = 'locked@example.com') AS "count"
         FROM "login_failure" f JOIN "user" u ON u."id" = f."userId" WHERE u."email" = 'locked@example.com'`,
    );
    expect(cleared.rows[0]).toEqual({ locks: 0, count: 0 });
  });

  it("cannot be used to lock the owner out: failures from five addresses leave the owner's own address open", async () => {
    const owner = await signUp(h, "acme", "owner-under-attack@example.com");
    // Five attackers, each locking itself out of the account from its own address.
    const attackers = Array.from({ length: 5 }, () => new Client(h.app, "acme"));
    for (const attacker of attackers)
      for (let i = 0; i < 3; i++)
        expect(
          (
            await attacker.post(`${AUTH}/login`, {
              email: "owner-under-attack@example.com",
              password: "guess guess guess",
            })
          ).statusCode,
        ).toBe(401);
    const locks = await h.db.query(
      `SELECT count(*)::int AS "n" FROM "login_failure" f JOIN "user" u ON u."id" = f."userId"
        WHERE u."email" = 'owner-under-attack@example.com' AND f."lockedUntil" > now()`,
    );
    expect(locks.rows[0].n).toBe(5);
    // The attackers, even with the right password, stay out; the owner gets in from their address.
    const attackerWithPassword = await attackers[0].post(`${AUTH}/login`, {
      email: "owner-under-attack@example.com",
      password: PASSWORD,
    });
    expect(attackerWithPassword.statusCode).toBe(401);
    const count = `SELECT "failedLoginCount" AS "n" FROM "user" WHERE "email" = 'owner-under-attack@example.com'`;
    // 15 failures account-wide: past the slow-down threshold (10), so the owner waited, but got in.
    expect((await h.db.query(count)).rows[0].n).toBe(15);
    const ownerLogin = await owner.post(`${AUTH}/login`, {
      email: "owner-under-attack@example.com",
      password: PASSWORD,
    });
    expect(ownerLogin.statusCode).toBe(200);
    expect((await h.db.query(count)).rows[0].n).toBe(0);
  });

  it("slows every attempt at an account down once failures from all addresses pile up, without locking it", async () => {
    const policy = { ...DEFAULT_LOCKOUT, slowDownAfter: 2, slowDownMs: 100, maxDelayMs: 800 };
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => slowDownDelay(n, policy))).toEqual([0, 0, 0, 100, 200, 400, 800, 800]);
    await signUp(h, "acme", "slowed@example.com");
    const user = (
      await h.db.query<{ id: string; tenantId: string }>(
        `SELECT "id", "tenantId" FROM "user" WHERE "email" = 'slowed@example.com'`,
      )
    ).rows[0];
    for (const address of ["192.0.2.10", "192.0.2.11", "192.0.2.12", "2001:db8:1:2::1"])
      await recordLoginFailure(h.db, user, address, policy);
    expect(await loginGate(h.db, user.id, "198.51.100.7", policy)).toEqual({ locked: false, delayMs: 200 });
    // One IPv6 client holds a /64: its addresses share one lock (here 3 failures: 2 above and 1 more).
    expect(addressKey("2001:0db8:0001:0002:0000:0000:0000:0003")).toBe("2001:db8:1:2::/64");
    const strict = { ...policy, maxFailures: 2 };
    await recordLoginFailure(h.db, user, "2001:db8:1:2:ffff::9", strict);
    expect((await loginGate(h.db, user.id, "2001:db8:1:2:abcd::1", policy)).locked).toBe(true);
    expect((await loginGate(h.db, user.id, "192.0.2.10", policy)).locked).toBe(false);
  });

  it("runs argon2 on an unknown email as on a wrong password, so timing does not reveal which emails exist", async () => {
    await signUp(h, "acme", "timing@example.com");
    // Counted, not timed: the same argon2 verification must run on both paths.
    const verified: (string | null)[] = [];
    const hasher = new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const counting = {
      verify: async (hash: string | null, password: string) => (verified.push(hash), hasher.verify(hash, password)),
    };
    const deps = {
      db: h.db,
      hasher: counting,
      config: {
        lockout: {
          maxFailures: 100,
          windowSeconds: 60,
          lockSeconds: 60,
          slowDownAfter: 100,
          slowDownMs: 0,
          maxDelayMs: 0,
        },
        requireVerifiedEmail: false,
      },
    } as unknown as IdentityDeps;
    const tenantId = (await h.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = 'acme'`)).rows[0].id;
    await expect(
      checkPassword(deps, tenantId, "timing@example.com", "wrong password!", "192.0.2.1"),
    ).rejects.toMatchObject({
      code: "RT_ERR_UNAUTHENTICATED",
    });
    await expect(
      checkPassword(deps, tenantId, "ghost@example.com", "wrong password!", "192.0.2.1"),
    ).rejects.toMatchObject({
      code: "RT_ERR_UNAUTHENTICATED",
    });
    expect(verified).toHaveLength(2);
    expect(verified[0]).toMatch(/^\$argon2id\$/);
    expect(verified[1]).toBeNull(); // the hasher verifies against its dummy hash
  });

  it("rate-limits auth endpoints per client more strictly than the API, in Redis", async () => {
    const client = new Client(h.app, "acme");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await client.post(`${AUTH}/login`, { email: `flood${i}@example.com`, password: "x" })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    const limited = await client.post(`${AUTH}/login`, { email: "flood@example.com", password: "x" });
    expect(limited.json().code).toBe("RT_ERR_RATE_LIMITED");
    expect(await h.redis.exists(`mono-rl:POST/api/v1/user/auth/login-${client.ip}`)).toBe(1);
    // Another client is unaffected.
    expect(
      (await new Client(h.app, "acme").post(`${AUTH}/login`, { email: "flood@example.com", password: "x" })).statusCode,
    ).toBe(401);
  });
});
