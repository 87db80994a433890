/**
 * The studio's auth store and request layer (studio/src/store/auth-store.ts, api/http.ts)
 * against the real runtime with identity on real PostgreSQL: the access token stays in memory,
 * a reload gets a new one through the rotating refresh cookie (with its CSRF token), concurrent
 * 401s after expiry share one refresh and are retried once, a replayed refresh token or a logout
 * ends the session; a super admin signed in on the platform reaches the template API
 * (/studio/api) with the platform token. Node's fetch keeps no cookies, so `browserFetch` keeps them as a browser
 * would (paths, deletions); everything it talks to is the real server.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { templates as shipped } from "../../generated/registry.ts";
import { tokenIn } from "../../runtime/test/identity-support.ts";
import { createTenant, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "northlight";
const PASSWORD = "correct horse battery";
const realFetch = globalThis.fetch;

interface Exchange {
  method: string;
  path: string;
  status: number;
  bearer: string | null;
}

/** A browser's cookie handling around the real fetch, plus a log of the exchanges. */
function browserFetch(base: string) {
  const jar = new Map<string, { value: string; path: string }>();
  const log: Exchange[] = [];
  const fetchLike = async (input: string | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), base);
    const headers = new Headers(init.headers);
    const cookies = [...jar]
      .filter(([, c]) => url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`);
    if (cookies.length) headers.set("cookie", cookies.join("; "));
    const response = await realFetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.split("=")[1];
      const expires = attr("expires");
      const gone =
        value === "" || attr("max-age") === "0" || (expires !== undefined && new Date(expires).getTime() < Date.now());
      if (gone) jar.delete(name);
      else jar.set(name, { value, path: attr("path") ?? "/" });
    }
    const bearer = /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1] ?? null;
    log.push({ method: init.method ?? "GET", path: url.pathname, status: response.status, bearer });
    return response;
  };
  return { fetch: fetchLike, jar, log };
}

/** localStorage for node, so the stores' persistence can be inspected. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key = (i: number) => [...this.items.keys()][i] ?? null;
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, String(v));
  removeItem = (k: string) => void this.items.delete(k);
  clear = () => this.items.clear();
  dump = () => [...this.items].map(([k, v]) => `${k}=${v}`).join("\n");
}

let server: StudioServer;
let browser: ReturnType<typeof browserFetch>;
let storage: MemoryStorage;
let stores: {
  auth: typeof import("../../studio/src/store/auth-store.ts");
  http: typeof import("../../studio/src/api/http.ts");
  router: typeof import("../../studio/src/store/router-store.ts");
  persona: typeof import("../../studio/src/core/signed-in-persona.ts");
};
let templates: import("../../studio/src/core/registry-types.ts").StudioTemplate[];

/** Registers through the API and confirms the email from the real SMTP message. */
async function registerVerified(email: string, name: string) {
  const before = server.mail!.messages.length;
  const json = { "content-type": "application/json", "x-tenant": TENANT };
  const registered = await realFetch(`${server.url}/api/v1/user/auth/register`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, name, password: PASSWORD }),
  });
  expect(registered.status).toBe(202);
  const mail = await server.mail!.next(email, before);
  expect(mail.text).toContain(`${server.url}/studio/auth/verify-email#token=`);
  const verified = await realFetch(`${server.url}/api/v1/user/auth/verify-email`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ token: tokenIn(mail) }),
  });
  expect(verified.status).toBe(200);
}

/** What a page load starts with: nothing in memory, the same cookies and localStorage. */
function reload() {
  stores.auth.useAuthStore.setState({
    status: "restoring",
    tenant: null,
    accessToken: null,
    csrfToken: null,
    user: null,
    notice: null,
  });
}

/** Until the server rejects `token` (its lifetime plus the verifier's clock tolerance). */
async function untilExpired(token: string) {
  await expect
    .poll(
      async () =>
        (
          await realFetch(`${server.url}/api/v1/user/auth/me`, {
            headers: { "x-tenant": TENANT, authorization: `Bearer ${token}` },
          })
        ).status,
      { timeout: 20_000, interval: 250 },
    )
    .toBe(401);
}

const exchangesSince = (mark: number) => browser.log.slice(mark);
const refreshes = (exchanges: Exchange[]) =>
  exchanges.filter((e) => e.method === "POST" && e.path === "/api/v1/user/auth/refresh");

beforeAll(async () => {
  // A one-second access token: expiry is something the tests can wait for.
  // No grace window for concurrent refreshes: the replay test replays at once.
  server = await startStudioServer({ identity: { accessTtlSeconds: 1, signupRole: "talent", refreshGraceSeconds: 0 } });
  await createTenant(server, TENANT, "modeling-agency");
  browser = browserFetch(server.url);
  storage = new MemoryStorage();
  vi.stubGlobal("localStorage", storage);
  vi.stubGlobal("fetch", browser.fetch);
  stores = {
    auth: await import("../../studio/src/store/auth-store.ts"),
    http: await import("../../studio/src/api/http.ts"),
    router: await import("../../studio/src/store/router-store.ts"),
    persona: await import("../../studio/src/core/signed-in-persona.ts"),
  };
  const { fetchRegistry } = await import("../../studio/src/api/studio-api.ts");
  templates = (await fetchRegistry()).templates;
  await registerVerified("ana@example.com", "Ana Lima");
}, 120_000);

afterAll(async () => {
  vi.unstubAllGlobals();
  await server?.close();
});

describe("the studio's session against the runtime", () => {
  test("login keeps the access token in memory only; a reload gets a new one from the refresh cookie", async () => {
    const { useAuthStore } = stores.auth;
    await useAuthStore.getState().logIn(TENANT, "ana@example.com", PASSWORD);
    const first = useAuthStore.getState();
    expect(first.status).toBe("signed-in");
    expect(first.user).toMatchObject({
      email: "ana@example.com",
      name: "Ana Lima",
      roles: ["talent"],
      emailVerified: true,
    });
    expect(stores.persona.personaIdForUser(first.user!, templates)).toBe("talent");
    // The refresh token is an httpOnly cookie scoped to the auth endpoints; nothing secret is in localStorage.
    expect(browser.jar.get("mono_rt")?.path).toBe("/api/v1/user/auth");
    expect(storage.dump()).not.toContain(first.accessToken!);
    expect(storage.dump()).not.toContain(browser.jar.get("mono_rt")!.value);
    expect(storage.getItem("mono.studio.signed-in")).toBe(TENANT);

    reload();
    const mark = browser.log.length;
    const oldRefresh = browser.jar.get("mono_rt")!.value;
    await Promise.all([useAuthStore.getState().restore(), useAuthStore.getState().restore()]); // StrictMode mounts twice
    const restored = useAuthStore.getState();
    expect(restored.status).toBe("signed-in");
    expect(restored.accessToken).toBeTruthy();
    expect(restored.accessToken).not.toBe(first.accessToken);
    expect(restored.user).toMatchObject({ id: first.user!.id, email: "ana@example.com" });
    // One CSRF token for the fresh page, one refresh, and the refresh cookie rotated.
    expect(
      exchangesSince(mark)
        .map((e) => `${e.method} ${e.path} ${e.status}`)
        .slice(0, 2),
    ).toEqual(["GET /api/v1/user/auth/csrf 200", "POST /api/v1/user/auth/refresh 200"]);
    expect(refreshes(exchangesSince(mark))).toHaveLength(1);
    expect(browser.jar.get("mono_rt")!.value).not.toBe(oldRefresh);
  });

  test("after expiry, concurrent requests share one refresh and are each retried once with the new token", async () => {
    const { useAuthStore } = stores.auth;
    const { requestJson } = stores.http;
    const stale = useAuthStore.getState().accessToken!;
    await untilExpired(stale);
    const mark = browser.log.length;
    const results = await Promise.all([
      requestJson<{ data: unknown[] }>("/api/v1/tenant/entities/job-categories?limit=2"),
      requestJson<{ data: unknown[] }>("/api/v1/tenant/entities/jobs?limit=2"),
      requestJson<{ user: { email: string } }>("/api/v1/user/auth/me", { headers: { "x-tenant": TENANT } }),
      requestJson<Record<string, unknown>>("/api/v1/user/me"),
    ]);
    expect(results[0].data.length).toBeGreaterThan(0);
    expect(results[2].user.email).toBe("ana@example.com");
    const fresh = useAuthStore.getState().accessToken!;
    expect(fresh).not.toBe(stale);
    const exchanges = exchangesSince(mark);
    expect(refreshes(exchanges)).toHaveLength(1);
    const calls = exchanges.filter(
      (e) => e.path !== "/api/v1/user/auth/refresh" && e.path !== "/api/v1/user/auth/csrf",
    );
    expect(calls.filter((e) => e.bearer === stale).map((e) => e.status)).toEqual([401, 401, 401, 401]);
    expect(calls.filter((e) => e.bearer === fresh).map((e) => e.status)).toEqual([200, 200, 200, 200]);
  });

  test("a 401 that a new token does not cure is thrown after one refresh, not retried again", async () => {
    const { useAuthStore } = stores.auth;
    const { requestJson, ProblemError } = stores.http;
    const mark = browser.log.length;
    // The template API takes a super admin's platform token or the admin token, never a tenant user's.
    const error = await requestJson("/studio/api/templates").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as InstanceType<typeof ProblemError>).problem.status).toBe(401);
    const exchanges = exchangesSince(mark);
    expect(refreshes(exchanges)).toHaveLength(1);
    expect(exchanges.filter((e) => e.path === "/studio/api/templates").map((e) => e.status)).toEqual([401, 401]);
    expect(useAuthStore.getState().status).toBe("signed-in");
  });

  test("a replayed refresh token ends the session everywhere: the next renewal opens the log-in page", async () => {
    const { useAuthStore, SESSION_ENDED } = stores.auth;
    const replay = browser.jar.get("mono_rt")!.value;
    expect(await useAuthStore.getState().renew(useAuthStore.getState().accessToken!)).toBeTruthy();
    // The old refresh token comes back (a stolen copy, say): the runtime revokes the whole login.
    browser.jar.set("mono_rt", { value: replay, path: "/api/v1/user/auth" });
    expect(await useAuthStore.getState().renew(useAuthStore.getState().accessToken!)).toBeNull();
    expect(useAuthStore.getState()).toMatchObject({
      status: "signed-out",
      accessToken: null,
      user: null,
      notice: SESSION_ENDED,
    });
    expect(stores.router.useRouterStore.getState().route).toEqual({ name: "login" });
    expect(storage.getItem("mono.studio.signed-in")).toBeNull();
  });

  test("log out ends the session on the server: the cookie is cleared and a kept copy no longer refreshes", async () => {
    const { useAuthStore } = stores.auth;
    stores.router.navigate({ name: "home" });
    await useAuthStore.getState().logIn(TENANT, "ana@example.com", PASSWORD);
    const copy = browser.jar.get("mono_rt")!.value;
    const csrf = useAuthStore.getState().csrfToken!;
    await useAuthStore.getState().logOut();
    expect(useAuthStore.getState()).toMatchObject({ status: "signed-out", accessToken: null, user: null });
    expect(stores.router.useRouterStore.getState().route).toEqual({ name: "login" });
    expect(browser.jar.has("mono_rt")).toBe(false);
    expect(storage.getItem("mono.studio.signed-in")).toBeNull();
    // A reload stays signed out without asking the server.
    reload();
    const mark = browser.log.length;
    await useAuthStore.getState().restore();
    expect(useAuthStore.getState().status).toBe("signed-out");
    expect(refreshes(exchangesSince(mark))).toHaveLength(0);
    // The login is revoked, not only forgotten by this browser.
    browser.jar.set("mono_rt", { value: copy, path: "/api/v1/user/auth" });
    const withCopy = await browser.fetch("/api/v1/user/auth/refresh", {
      method: "POST",
      headers: { "x-tenant": TENANT, "x-csrf-token": csrf },
    });
    expect(withCopy.status).toBe(401);
  });

  test("a super admin signed in on the platform: the studio's template API calls carry the platform token (renewed once after expiry)", async () => {
    const { useAuthStore, isPlatformSuperAdmin } = stores.auth;
    const studioApi = await import("../../studio/src/api/studio-api.ts");
    const root = { email: "root@platform.example", name: "Rita Root", password: "platform horse battery" };
    expect((await server.api("POST", "/api/v1/platform/bootstrap", root)).status).toBe(201);
    await useAuthStore
      .getState()
      .logIn((await import("../../studio/src/api/auth-api.ts")).PLATFORM, root.email, root.password);
    expect(isPlatformSuperAdmin(useAuthStore.getState())).toBe(true);

    const mark = browser.log.length;
    const [list, loaded, preview] = await Promise.all([
      studioApi.listTemplates(),
      studioApi.loadTemplate("modeling-agency"),
      studioApi.loadTemplate("modeling-agency").then((t) => studioApi.previewTemplate(t.template!, "Job")),
    ]);
    expect(list.map((t) => t.id)).toEqual(shipped.map((t) => t.id));
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(preview.ok).toBe(true);
    const studioCalls = exchangesSince(mark).filter((e) => e.path.startsWith("/studio/api/"));
    const tokens = new Set(studioCalls.filter((e) => e.status === 200).map((e) => e.bearer));
    expect(tokens.has(null)).toBe(false);
    // The platform access token (no tenant), not the admin token: nothing set it in this browser.
    for (const token of tokens)
      expect(JSON.parse(Buffer.from(token!.split(".")[1], "base64url").toString())).toMatchObject({
        tid: null,
        sa: true,
      });

    // Expired: one platform refresh, the call retried once with the new token.
    const stale = useAuthStore.getState().accessToken!;
    await expect
      .poll(
        async () =>
          (await realFetch(`${server.url}/studio/api/templates`, { headers: { authorization: `Bearer ${stale}` } }))
            .status,
        { timeout: 20_000, interval: 250 },
      )
      .toBe(401);
    const again = browser.log.length;
    expect((await studioApi.listTemplates()).length).toBe(shipped.length);
    const exchanges = exchangesSince(again);
    expect(exchanges.filter((e) => e.path.endsWith("/auth/refresh")).map((e) => `${e.path} ${e.status}`)).toEqual([
      "/api/v1/platform/auth/refresh 200",
    ]);
    expect(
      exchanges.filter((e) => e.path === "/studio/api/templates").map((e) => [e.status, e.bearer === stale]),
    ).toEqual([
      [401, true],
      [200, false],
    ]);
    await useAuthStore.getState().logOut();
  });
});
