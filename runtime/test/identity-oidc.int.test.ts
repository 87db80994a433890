import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, createTenant, PASSWORD, signUp, startIdentityApp, type IdentityHarness } from "./identity-support.ts";

const REDIRECT_URI = "http://acme.mono.test/api/v1/user/auth/oidc/local/callback";
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  alice: { email: "alice@example.com", email_verified: true, name: "Alice Example" },
  grace: { email: "grace@example.com", email_verified: true, name: "Grace" },
  victim: { email: "victim@example.com", email_verified: true, name: "Victim" },
  mallory: { email: "mallory@example.com", email_verified: false, name: "Mallory" },
};

/** A real OpenID provider on 127.0.0.1 with one static client and the dev login/consent pages. */
async function startProvider() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "mono",
        client_secret: "mono-client-secret-0123456789",
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    findAccount: async (_ctx: unknown, sub: string) =>
      ACCOUNTS[sub] ? { accountId: sub, claims: async () => ({ sub, ...ACCOUNTS[sub] }) } : undefined,
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["oidc-test-cookie-key-0123456789"] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
  });
  server.on("request", provider.callback());
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A browser at the provider: keeps its cookies, follows redirects, fills the dev login and consent forms. */
async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, { value: string; path: string }>();
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let step = 0; step < 20; step++) {
    if (url.startsWith(REDIRECT_URI)) return new URL(url);
    const path = new URL(url).pathname;
    const cookie = [...jar]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([n, c]) => `${n}=${c.value}`)
      .join("; ");
    const res = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as object), ...(cookie ? { cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";").map((s) => s.trim());
      const [name, value] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      const cookiePath = attrs.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, { value, path: cookiePath });
    }
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location")!, url).href;
      init = {};
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page (${res.status}): ${html.slice(0, 300)}`);
    const form = new URLSearchParams(prompt === "login" ? { prompt, login, password: "anything" } : { prompt });
    url = new URL(action.replace(/&#x2F;|&#47;/g, "/").replace(/&amp;/g, "&"), url).href;
    init = { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  throw new Error("too many steps at the provider");
}

describe("identity: OpenID Connect login (authorization code + PKCE against a real oidc-provider)", () => {
  let h: IdentityHarness;
  let idp: Awaited<ReturnType<typeof startProvider>>;
  const OIDC = "/api/v1/user/auth/oidc/local";

  beforeAll(async () => {
    idp = await startProvider();
    h = await startIdentityApp({
      oidc: [
        {
          id: "local",
          label: "Local IdP",
          issuer: idp.issuer,
          clientId: "mono",
          clientSecret: "mono-client-secret-0123456789",
          redirectUri: REDIRECT_URI,
          allowInsecureHttp: true,
        },
      ],
    });
    await createTenant(h.db, "acme");
    await createTenant(h.db, "other");
  });
  afterAll(async () => {
    await h?.close();
    await idp?.close();
  });

  /** /start → provider → /callback with the browser's cookies; returns the callback response. */
  async function oidcLogin(client: Client, login: string, returnTo = "/dashboard") {
    const start = await client.get(`${OIDC}/start?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.statusCode, start.body).toBe(302);
    const authorization = new URL(start.headers.location as string);
    const callback = await signInAtProvider(authorization.href, login);
    return { authorization, callback, response: await client.get(`${callback.pathname}${callback.search}`) };
  }

  it("lists the providers and starts with PKCE (S256), state and nonce kept in an HMAC-sealed httpOnly cookie", async () => {
    const client = new Client(h.app, "acme");
    expect((await client.get("/api/v1/user/auth/oidc")).json()).toEqual({
      providers: [{ id: "local", label: "Local IdP" }],
    });
    const start = await client.get(`${OIDC}/start`);
    const url = new URL(start.headers.location as string);
    expect(url.origin).toBe(idp.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "mono",
      response_type: "code",
      code_challenge_method: "S256",
      redirect_uri: REDIRECT_URI,
    });
    for (const p of ["code_challenge", "state", "nonce"]) expect(url.searchParams.get(p)).toMatch(/^[\w-]{20,}$/);
    const cookie = ([] as string[])
      .concat(start.headers["set-cookie"] as string[])
      .find((c) => c.startsWith("mono_oidc="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/api\/v1\/user\/auth\/oidc/);
  });

  it("signs a new user up through the provider, then recognises them by subject", async () => {
    const browser = new Client(h.app, "acme");
    const { response } = await oidcLogin(browser, "alice");
    expect(response.statusCode, response.body).toBe(303);
    expect(response.headers.location).toBe("/dashboard");
    expect(browser.jar.has("mono_at")).toBe(true);
    expect(browser.jar.has("mono_oidc")).toBe(false);
    const me = (await browser.get("/api/v1/user/auth/me")).json();
    expect(me.user).toMatchObject({ email: "alice@example.com", name: "Alice Example", emailVerified: true });
    expect(me.identity.roles).toEqual(["user"]);
    const linked = await h.db.query(`SELECT "issuer", "subject" FROM "external_identity" WHERE "userId" = $1`, [
      me.user.id,
    ]);
    expect(linked.rows).toEqual([{ issuer: idp.issuer, subject: "alice" }]);

    const again = new Client(h.app, "acme");
    await oidcLogin(again, "alice");
    expect((await again.get("/api/v1/user/auth/me")).json().user.id).toBe(me.user.id);
    // The sign-up through the provider got the welcome mail, once; the second sign-in none.
    const welcomes = async () =>
      (
        await h.db.query(
          `SELECT "recipient" FROM "email_message" WHERE "templateKey" = 'welcome' AND "recipient" = $1`,
          ["alice@example.com"],
        )
      ).rows;
    await expect.poll(welcomes).toHaveLength(1);
  });

  it("links a provider login to the existing user with the same verified email", async () => {
    const local = await signUp(h, "acme", "grace@example.com");
    const localId = (await local.get("/api/v1/user/auth/me")).json().user.id;
    const browser = new Client(h.app, "acme");
    await oidcLogin(browser, "grace");
    expect((await browser.get("/api/v1/user/auth/me")).json().user.id).toBe(localId);
    await new Client(h.app, "acme").login("grace@example.com"); // the password still works
  });

  it("defeats account pre-hijacking: linking to an unverified local account wipes its password", async () => {
    const attacker = new Client(h.app, "acme");
    expect(
      (
        await attacker.post("/api/v1/user/auth/register", {
          email: "victim@example.com",
          name: "Attacker",
          password: PASSWORD,
        })
      ).statusCode,
    ).toBe(202);
    const browser = new Client(h.app, "acme");
    await oidcLogin(browser, "victim");
    expect((await browser.get("/api/v1/user/auth/me")).json().user.emailVerified).toBe(true);
    expect(
      (await attacker.post("/api/v1/user/auth/login", { email: "victim@example.com", password: PASSWORD })).statusCode,
    ).toBe(401);
  });

  it("refuses identities whose email the provider has not verified", async () => {
    const { response } = await oidcLogin(new Client(h.app, "acme"), "mallory");
    expect(response.statusCode).toBe(403);
  });

  it("refuses callbacks without the sealed state, with a tampered one, on another tenant, or replayed", async () => {
    const browser = new Client(h.app, "acme");
    const start = await browser.get(`${OIDC}/start`);
    const callback = await signInAtProvider(start.headers.location as string, "alice");
    const path = `${callback.pathname}${callback.search}`;

    const sealed = browser.jar.get("mono_oidc")!;
    const tampered = new Client(h.app, "acme");
    tampered.jar.set("mono_oidc", { ...sealed, value: `${sealed.value.slice(0, -3)}abc` });
    expect((await tampered.get(path)).statusCode).toBe(401);
    expect((await new Client(h.app, "acme").get(path)).statusCode).toBe(401);
    const elsewhere = new Client(h.app, "other");
    elsewhere.jar.set("mono_oidc", sealed);
    expect((await elsewhere.get(path)).statusCode).toBe(401);
    // Wrong state in the URL (a CSRF'd callback) fails too.
    const forgedState = new Client(h.app, "acme");
    forgedState.jar.set("mono_oidc", sealed);
    expect((await forgedState.get(path.replace(/state=[^&]+/, "state=forged"))).statusCode).toBe(401);

    expect((await browser.get(path)).statusCode).toBe(303);
    // The code works once; the state cookie is gone, and replaying it with the cookie fails at the provider.
    const replay = new Client(h.app, "acme");
    replay.jar.set("mono_oidc", sealed);
    expect((await replay.get(path)).statusCode).toBe(401);
  });

  it("only returns to same-site paths", async () => {
    const { response } = await oidcLogin(new Client(h.app, "acme"), "alice", "https://evil.example/steal");
    expect(response.headers.location).toBe("/");
    const { response: protocolRelative } = await oidcLogin(new Client(h.app, "acme"), "alice", "//evil.example");
    expect(protocolRelative.headers.location).toBe("/");
  });
});
