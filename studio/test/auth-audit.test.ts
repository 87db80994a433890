import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { listAudit } from "../src/api/audit-api.ts";
import { login, logout, register } from "../src/api/auth-api.ts";
import { identityHeaders, ProblemError } from "../src/api/http.ts";
import { auditDiff, diffPreview, firstPage, nextPage, previousPage } from "../src/core/audit-format.ts";
import { formErrorsFromProblem, hasErrors, validateAuthForm } from "../src/core/auth-form.ts";
import { parseRoute, routeHref } from "../src/core/router.ts";
import { useAuthStore } from "../src/store/auth-store.ts";
import { useSessionStore } from "../src/store/session-store.ts";

type Call = { url: string; method: string; body: unknown; headers: Record<string, string> };
let calls: Call[];

function serve(status: number, body: unknown) {
  calls = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    calls.push({
      url,
      method: init.method ?? "GET",
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: init.headers as Record<string, string>,
    });
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
    });
  });
}

beforeEach(() => {
  useSessionStore.getState().update({ tenant: "acme", adminToken: null, accountId: "acc-1", userId: "usr-1" });
  useAuthStore.setState({ status: "signed-out", tenant: null, accessToken: null, csrfToken: null, user: null });
});
afterEach(() => vi.unstubAllGlobals());

describe("auth form errors", () => {
  test("problem+json pointers land on the form's fields; the rest above the form", () => {
    const errors = formErrorsFromProblem(
      {
        status: 400,
        title: "Invalid",
        errors: [
          { pointer: "/body/email", message: 'must match format "email"' },
          { pointer: "/body/password", message: "must NOT have fewer than 10 characters" },
          { pointer: "/body", message: "must have required property 'name'" },
          { pointer: "/body/other", message: "is unknown" },
        ],
      },
      ["email", "name", "password"],
    );
    expect(errors.fields).toEqual({
      email: ['must match format "email"'],
      password: ["must NOT have fewer than 10 characters"],
    });
    expect(errors.form).toEqual(["must have required property 'name'", "other is unknown"]);
  });

  test("a problem without field errors shows its detail", () => {
    expect(
      formErrorsFromProblem({ status: 401, title: "Unauthenticated", detail: "Wrong email or password." }, ["email"]),
    ).toEqual({ fields: {}, form: ["Wrong email or password."] });
  });

  test("client-side checks: required fields and email shape", () => {
    const errors = validateAuthForm({ tenant: "acme", email: "nope", password: "" }, ["tenant", "email", "password"]);
    expect(errors.fields).toEqual({ email: ["must be an email address"], password: ["is required"] });
    expect(
      hasErrors(validateAuthForm({ tenant: "a", email: "a@b.c", password: "x" }, ["tenant", "email", "password"])),
    ).toBe(false);
  });
});

describe("request identity", () => {
  test("the signed-in user's in-memory token is sent as Bearer instead of the manual ids; without it the developer fallback applies", () => {
    useSessionStore.getState().update({ adminToken: "admin-secret" });
    expect(identityHeaders()).toMatchObject({
      authorization: "Bearer admin-secret",
      "x-account-id": "acc-1",
      "x-user-id": "usr-1",
    });
    useSessionStore.getState().update({ tenant: "beta" });
    useAuthStore.setState({ status: "signed-in", tenant: "beta", accessToken: "tok-123" });
    expect(identityHeaders()).toEqual({ "x-tenant": "beta", authorization: "Bearer tok-123" });
    useAuthStore.setState({ status: "signed-out", accessToken: null });
    expect(identityHeaders()).toMatchObject({
      "x-tenant": "beta",
      authorization: "Bearer admin-secret",
      "x-user-id": "usr-1",
    });
  });

  test("session settings never keep tokens or users, whatever they are given", () => {
    useSessionStore.getState().update({ tenant: "acme", accessToken: "leak", user: { id: "u" } } as never);
    const state = useSessionStore.getState() as unknown as Record<string, unknown>;
    expect(state.accessToken).toBeUndefined();
    expect(state.user).toBeUndefined();
  });
});

describe("auth api", () => {
  test("login posts with X-Tenant and no identity headers", async () => {
    useSessionStore.getState().update({ adminToken: "admin-secret" });
    serve(200, {
      tokenType: "Bearer",
      accessToken: "tok",
      expiresIn: 900,
      csrfToken: "c",
      identity: { userId: "u1", tenantId: "t1" },
    });
    const result = await login("acme", { email: "a@b.c", password: "pw" });
    expect(result.accessToken).toBe("tok");
    expect(calls[0]).toMatchObject({
      url: "/api/v1/user/auth/login",
      method: "POST",
      body: { email: "a@b.c", password: "pw" },
    });
    expect(calls[0].headers["x-tenant"]).toBe("acme");
    expect(calls[0].headers.authorization).toBeUndefined();
    expect(calls[0].headers["content-type"]).toBe("application/json");
  });

  test("register failures surface as ProblemError with field errors", async () => {
    serve(400, { status: 400, title: "Bad Request", errors: [{ pointer: "/body/password", message: "is too short" }] });
    const error = await register("acme", { email: "a@b.c", name: "A", password: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect(
      formErrorsFromProblem((error as ProblemError).problem, ["email", "name", "password"]).fields.password,
    ).toEqual(["is too short"]);
  });

  test("logout names the session by the refresh cookie plus the CSRF token, or by an access token", async () => {
    serve(204, null);
    await logout("acme", { csrfToken: "csrf-1" });
    expect(calls[0]).toMatchObject({ url: "/api/v1/user/auth/logout", method: "POST" });
    // No Bearer, no developer ids: the cookie names the session (even with an expired access token).
    const { accept: _accept, ...cookieWay } = calls[0].headers;
    expect(cookieWay).toEqual({ "x-tenant": "acme", "x-csrf-token": "csrf-1" });
    serve(204, null);
    await logout("acme", { accessToken: "tok" });
    const { accept: _accept2, ...tokenWay } = calls[0].headers;
    expect(tokenWay).toEqual({ "x-tenant": "acme", authorization: "Bearer tok" });
  });
});

describe("audit", () => {
  test("listAudit passes limit and cursor", async () => {
    serve(200, { data: [], page: { limit: 10, nextCursor: null } });
    await listAudit({ limit: 10, cursor: "abc" });
    expect(calls[0].url).toBe("/api/v1/tenant/audit?limit=10&cursor=abc");
  });

  test("diff and preview", () => {
    expect(auditDiff({ a: 1, b: "x" }, { a: 2, b: "x", c: true })).toEqual([
      { key: "a", before: 1, after: 2 },
      { key: "c", before: undefined, after: true },
    ]);
    expect(diffPreview(null, { name: "Ann" })).toBe("name: ∅ → Ann");
    expect(diffPreview({ a: 1, b: 1, c: 1, d: 1 }, {}, 2)).toBe("a: 1 → ∅; b: 1 → ∅ (+2 more)");
    expect(diffPreview({ a: 1 }, { a: 1 })).toBe("—");
    // A create: system columns and empty values are noise.
    const created = {
      id: "r1",
      tenantId: "t1",
      ext: {},
      icon: null,
      tags: [],
      name: "Runway shows",
      createdAt: "2026-01-01T00:00:00Z",
      sortOrder: 0,
    };
    expect(auditDiff(null, created).map((l) => l.key)).toEqual(["name", "sortOrder"]);
    expect(auditDiff({ icon: null }, { icon: "star" })).toEqual([{ key: "icon", before: null, after: "star" }]);
  });

  test("cursor trail goes forward and back", () => {
    const one = nextPage(firstPage(), "c1");
    const two = nextPage(one, "c2");
    expect(two).toEqual({ previous: [null, "c1"], current: "c2" });
    expect(previousPage(two)).toEqual(one);
    expect(previousPage(previousPage(one))).toEqual(firstPage());
  });

  test("routes", () => {
    for (const name of ["login", "signup", "audit", "verify-email"] as const) {
      expect(parseRoute(routeHref({ name }))).toEqual({ name });
    }
    expect(routeHref({ name: "verify-email" })).toBe("/studio/auth/verify-email");
    expect(parseRoute("/studio/login/extra").name).toBe("not-found");
  });
});
