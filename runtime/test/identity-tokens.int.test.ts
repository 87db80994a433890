import { generateKeyPairSync, randomUUID } from "node:crypto";
import Fastify from "fastify";
import { SignJWT, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokens } from "../src/identity/access-tokens.ts";
import { registerCookiesAndCsrf } from "../src/identity/csrf.ts";
import { RefreshTokenStore } from "../src/identity/refresh-tokens.ts";
import { deriveKey, hashToken } from "../src/identity/secrets.ts";
import { SessionIssuer } from "../src/identity/session.ts";
import { TENANT_TIER } from "../src/identity/tiers.ts";
import {
  Client,
  createTenant,
  JWT_SECRET,
  signUp,
  startIdentityApp,
  type IdentityHarness,
} from "./identity-support.ts";

/** Forges tokens the way an attacker would, with jose directly. */
const KEY = deriveKey(Buffer.from(JWT_SECRET), "access-token");
const KID = hashToken(KEY.toString("hex")).slice(0, 16);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("identity: access-token verification", () => {
  let h: IdentityHarness;
  let client: Client;
  let claims: Record<string, unknown>;
  let acmeId: string;
  const ME = "/api/v1/user/auth/me";

  beforeAll(async () => {
    h = await startIdentityApp();
    acmeId = await createTenant(h.db, "acme");
    await createTenant(h.db, "evil");
    client = await signUp(h, "acme", "victim@example.com");
    claims = JSON.parse(Buffer.from(client.accessToken!.split(".")[1], "base64url").toString());
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The victim's claims, re-signed with overrides (the right key unless told otherwise). */
  function forge(
    overrides: {
      payload?: Record<string, unknown>;
      header?: Record<string, unknown>;
      key?: Uint8Array | Parameters<SignJWT["sign"]>[0];
    } = {},
  ) {
    const { iat: _iat, ...rest } = claims;
    return new SignJWT({ ...rest, ...overrides.payload } as JWTPayload)
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt", kid: KID, ...overrides.header } as { alg: string })
      .setIssuedAt()
      .sign(overrides.key ?? KEY);
  }

  const status = async (token: string, tenant = "acme") =>
    (await new Client(h.app, tenant).get(ME, { bearer: token })).statusCode;

  it("accepts the genuine token and a correctly re-signed copy (the forgeries below fail for their own reason)", async () => {
    expect(claims).toMatchObject({ iss: "mono", aud: `mono:tenant:${acmeId}`, tid: acmeId, sa: false });
    expect(await status(client.accessToken!)).toBe(200);
    expect(await status(await forge())).toBe(200);
  });

  it("rejects an expired token", async () => {
    const expired = await forge({ payload: { exp: Math.floor(Date.now() / 1000) - 60 } });
    const res = await new Client(h.app, "acme").get(ME, { bearer: expired });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/expired/);
  });

  it("rejects a tampered payload (privilege escalation) under the original signature", async () => {
    const [header, , signature] = client.accessToken!.split(".");
    const escalated = `${header}.${b64({ ...claims, sa: true, mem: [[null, "tenant-admin"]] })}.${signature}`;
    expect(await status(escalated)).toBe(401);
    // One character in the middle of the signature (the last one carries padding bits that decode alike).
    const at = client.accessToken!.length - 10;
    const flipped =
      client.accessToken!.slice(0, at) +
      (client.accessToken![at] === "A" ? "B" : "A") +
      client.accessToken!.slice(at + 1);
    expect(await status(flipped)).toBe(401);
  });

  it("rejects alg: none", async () => {
    const none = `${b64({ alg: "none", typ: "at+jwt", kid: KID })}.${b64(claims)}.`;
    expect(await status(none)).toBe(401);
    const noneUpper = `${b64({ alg: "NONE", typ: "at+jwt" })}.${b64(claims)}.`;
    expect(await status(noneUpper)).toBe(401);
  });

  it("rejects RS256 tokens and the HS↔RS confusion (HMAC keyed with a public key)", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rs = await forge({ header: { alg: "RS256" }, key: privateKey });
    expect(await status(rs)).toBe(401);
    const pem = Buffer.from(publicKey.export({ type: "spki", format: "pem" }) as string);
    expect(await status(await forge({ key: pem }))).toBe(401);
    expect(await status(await forge({ header: { alg: "HS512" }, key: new Uint8Array(KEY) }))).toBe(401);
  });

  it("rejects a wrong issuer, audience, token type, unknown key id and missing claims", async () => {
    expect(await status(await forge({ payload: { iss: "someone-else" } }))).toBe(401);
    expect(await status(await forge({ payload: { aud: "mono:platform" } }))).toBe(401);
    expect(await status(await forge({ header: { typ: "JWT" } }))).toBe(401);
    expect(await status(await forge({ header: { kid: "0123456789abcdef" } }))).toBe(401);
    expect(await status(await forge({ payload: { mem: "tenant-admin" } }))).toBe(401);
    expect(await status(await forge({ payload: { jti: undefined } }))).toBe(401);
    // A token signed with another deployment's secret.
    const foreign = deriveKey(Buffer.from("another-deployment-secret-0123456789abc"), "access-token");
    expect(await status(await forge({ key: foreign }))).toBe(401);
  });

  it("rejects a token of one tenant on another, by header or by cookie", async () => {
    expect(await status(client.accessToken!, "evil")).toBe(401);
    // An audience naming another tenant is refused too.
    expect(await status(await forge({ payload: { aud: `mono:tenant:${randomUUID()}` } }))).toBe(401);
    const cookieOnly = new Client(h.app, "evil");
    cookieOnly.jar.set("mono_at", { value: client.accessToken!, path: "/api" });
    expect((await cookieOnly.get(ME)).statusCode).toBe(401);
    // A tenant token is no platform token.
    const platform = new Client(h.app, null);
    expect((await platform.get("/api/v1/platform/auth/me", { bearer: client.accessToken! })).statusCode).toBe(401);
  });

  it("refuses malformed Authorization headers instead of falling back to the cookie", async () => {
    const res = await client.get(ME, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/Bearer/);
  });

  it("still verifies tokens signed with a previous secret during a rotation (by kid), and only those", async () => {
    const old = Buffer.from("the-previous-secret-0123456789-abcdefgh");
    const rotated = new AccessTokens(Buffer.from("the-current-secret-0123456789-abcdefghij"), [old], "mono", 600);
    const legacy = new AccessTokens(old, [], "mono", 600);
    const stranger = new AccessTokens(Buffer.from("unrelated-secret-0123456789-abcdefghijkl"), [], "mono", 600);
    const claimsOf = { sub: randomUUID(), tid: null, sid: randomUUID(), mem: [], sa: true, ev: true };
    await expect(rotated.verify(await legacy.sign(claimsOf), ["mono:platform"])).resolves.toMatchObject({ sa: true });
    await expect(rotated.verify(await stranger.sign(claimsOf), ["mono:platform"])).rejects.toMatchObject({
      code: "RT_ERR_UNAUTHENTICATED",
    });
  });

  it("sets Secure on session cookies unless configured off", async () => {
    const app = Fastify();
    await registerCookiesAndCsrf(app, Buffer.alloc(32, 1), true);
    const tokens = new AccessTokens(Buffer.from(JWT_SECRET), [], "mono", 600);
    const issuer = new SessionIssuer(tokens, new RefreshTokenStore(60, 120), true);
    app.get("/x", async (_request, reply) =>
      issuer.deliver(reply, TENANT_TIER, {
        accessToken: "a",
        refreshToken: "r",
        refreshExpiresAt: new Date(Date.now() + 60_000),
        identity: {} as never,
      }),
    );
    const res = await app.inject({ method: "GET", url: "/x" });
    const cookies = ([] as string[]).concat(res.headers["set-cookie"] as string[]);
    expect(cookies.filter((c) => /^mono_(at|rt|csrf)=/.test(c))).toHaveLength(3);
    for (const c of cookies) expect(c).toMatch(/; Secure/);
    await app.close();
  });
});
