// @vitest-environment jsdom
/**
 * Password recovery, invitations and the platform tier in the studio: the routes, the pure
 * helpers, the API calls (which endpoint, which headers) and the pages' behaviour against a
 * stubbed fetch. The same flows run against the real runtime in
 * test/studio/auth-recovery.browser.int.test.ts.
 */
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  acceptInvitation,
  forgotPassword,
  login,
  PLATFORM,
  resetPassword,
  type SessionIdentity,
} from "../src/api/auth-api.ts";
import {
  addedRoles,
  CONFIRM_PASSWORD,
  isLinkTokenProblem,
  resetRequestedNotice,
  validateAuthForm,
} from "../src/core/auth-form.ts";
import { parseRoute, routeHref, type Route } from "../src/core/router.ts";
import { identityOptionsFromEnv } from "../../runtime/src/identity/identity-config.ts";
import { emailLink } from "../../runtime/src/identity/identity-emails.ts";
import type { TenantContext } from "../../runtime/src/context.ts";
import {
  AcceptInvitationPage,
  ForgotPasswordPage,
  LoginPage,
  ResetPasswordPage,
} from "../src/features/auth/AuthPages.tsx";
import { TenantsPage } from "../src/features/platform/TenantsPage.tsx";
import { TemplateManagerPage } from "../src/features/templates/TemplateManagerPage.tsx";
import { isPlatformSuperAdmin, realmOf, useAuthStore } from "../src/store/auth-store.ts";
import { useRouterStore } from "../src/store/router-store.ts";
import { useSessionStore } from "../src/store/session-store.ts";

type Call = { url: string; method: string; body: any; headers: Record<string, string> };
let calls: Call[];

/** Answers by the end of the path: `{ "/auth/login": [200, body] }`; anything else 404. */
function serveRoutes(routes: Record<string, [number, unknown]>) {
  calls = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
    calls.push({
      url,
      method: init.method ?? "GET",
      body: init.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    });
    const [status, body] = Object.entries(routes).find(([suffix]) => url.endsWith(suffix))?.[1] ?? [
      404,
      { status: 404, title: "Not found" },
    ];
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
    });
  });
}

const TOKEN = "tok_abcdefghijklmnopqrstuvwxyz0123";

function identity(overrides: Partial<SessionIdentity> = {}): SessionIdentity {
  return {
    userId: "u1",
    tenantId: "t1",
    roles: [],
    accountIds: [],
    memberships: [],
    isSuperAdmin: false,
    emailVerified: true,
    sessionId: "s1",
    ...overrides,
  };
}
const session = (accessToken: string, id = identity()) => ({
  tokenType: "Bearer",
  accessToken,
  expiresIn: 600,
  csrfToken: "csrf-1",
  identity: id,
});

/** Opens the page of an email link: the token in the fragment, as the runtime writes it. */
function openLink(path: string, token = TOKEN) {
  history.replaceState(null, "", `${path}#token=${token}`);
}

/** By the start of the label: a field's error message is part of its label. */
const field = (label: string) => screen.getByLabelText(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
const change = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, "", "/studio/");
  useSessionStore.getState().update({ tenant: "acme", adminToken: null, accountId: null, userId: null });
  useAuthStore.setState({
    status: "signed-out",
    tier: "tenant",
    tenant: null,
    accessToken: null,
    csrfToken: null,
    user: null,
    notice: null,
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("routes", () => {
  test("log-in, recovery and invitation pages round-trip; the email links' paths parse", () => {
    const routes: Route[] = [
      { name: "platform-login" },
      { name: "forgot-password" },
      { name: "forgot-password", tier: "platform" },
      { name: "reset-password" },
      { name: "reset-password", tier: "platform" },
      { name: "accept-invitation" },
    ];
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route);
    expect(routeHref({ name: "platform-login" })).toBe("/studio/platform/login");
    expect(routeHref({ name: "forgot-password" })).toBe("/studio/forgot-password");
    expect(routeHref({ name: "forgot-password", tier: "platform" })).toBe("/studio/platform/forgot-password");
    // runtime/src/identity/identity-emails.ts emailLink: `<MONO_PUBLIC_URL>/auth/<page>#token=…`
    expect(parseRoute("/studio/auth/reset-password")).toEqual({ name: "reset-password" });
    expect(parseRoute("/studio/auth/accept-invitation")).toEqual({ name: "accept-invitation" });
    // …and `<MONO_PLATFORM_URL>/auth/<page>#token=…` for the platform tier, which only sends reset links.
    expect(routeHref({ name: "reset-password", tier: "platform" })).toBe("/studio/platform/auth/reset-password");
    expect(parseRoute("/studio/platform/auth/reset-password")).toEqual({ name: "reset-password", tier: "platform" });
    expect(parseRoute("/studio/platform/auth/verify-email").name).toBe("not-found");
    expect(parseRoute("/studio/platform/auth/reset-password/extra").name).toBe("not-found");
    expect(parseRoute("/studio/platform")).toEqual({ name: "platform" });
    expect(parseRoute("/studio/platform/nope").name).toBe("not-found");
    expect(parseRoute("/studio/auth/reset-password/extra").name).toBe("not-found");
  });
});

describe("the runtime's default email links open the studio's pages", () => {
  // runtime/src/identity/identity-config.ts: MONO_PUBLIC_URL / MONO_PLATFORM_URL unset.
  const { publicUrl } = identityOptionsFromEnv({});
  const acme = { slug: "acme" } as TenantContext;
  const pageOf = (link: string) => {
    const url = new URL(link);
    return {
      host: url.host,
      route: parseRoute(url.pathname),
      token: new URLSearchParams(url.hash.slice(1)).get("token"),
    };
  };

  test("a tenant's links open its marketplace's /studio/auth/* pages (the tenant from the browser)", () => {
    expect(pageOf(emailLink(publicUrl!(acme), "verify-email", TOKEN))).toEqual({
      host: "acme.localhost:3000",
      route: { name: "verify-email" },
      token: TOKEN,
    });
    expect(pageOf(emailLink(publicUrl!(acme), "reset-password", TOKEN))).toEqual({
      host: "acme.localhost:3000",
      route: { name: "reset-password" },
      token: TOKEN,
    });
    expect(pageOf(emailLink(publicUrl!(acme), "accept-invitation", TOKEN)).route).toEqual({
      name: "accept-invitation",
    });
  });

  test("the platform's reset link names its tier: the platform's reset page", () => {
    const link = emailLink(publicUrl!(null), "reset-password", TOKEN);
    expect(link).toBe(`http://localhost:3000/studio/platform/auth/reset-password#token=${TOKEN}`);
    expect(pageOf(link).route).toEqual({ name: "reset-password", tier: "platform" });
    expect(
      identityOptionsFromEnv({ MONO_PLATFORM_URL: "https://admin.mono.example/studio/platform/" }).publicUrl!(null),
    ).toBe("https://admin.mono.example/studio/platform/");
    expect(pageOf(emailLink("https://admin.mono.example/studio/platform/", "reset-password", TOKEN)).route).toEqual({
      name: "reset-password",
      tier: "platform",
    });
  });
});

describe("helpers", () => {
  test("the repeated new password must match; it is checked here, not sent", () => {
    const fields = ["password", CONFIRM_PASSWORD];
    expect(
      validateAuthForm({ password: "correct horse battery", confirmPassword: "correct horse batterz" }, fields).fields,
    ).toEqual({ confirmPassword: ["does not match the new password"] });
    expect(validateAuthForm({ password: "correct horse battery", confirmPassword: "" }, fields).fields).toEqual({
      confirmPassword: ["is required"],
    });
    expect(
      validateAuthForm({ password: "correct horse battery", confirmPassword: "correct horse battery" }, fields).fields,
    ).toEqual({});
  });

  test("a problem about the link's token is told apart from field errors", () => {
    expect(
      isLinkTokenProblem({ status: 400, errors: [{ pointer: "/body/token", message: "is invalid or expired" }] }),
    ).toBe(true);
    expect(
      isLinkTokenProblem({
        status: 400,
        errors: [{ pointer: "/body/password", message: "must NOT have fewer than 10 characters" }],
      }),
    ).toBe(false);
    expect(isLinkTokenProblem({ status: 409, detail: "This email already has an account here" })).toBe(false);
  });

  test("the reset confirmation depends only on what was typed, never on whether the account exists", () => {
    const text = resetRequestedNotice("ann@example.com", { tenant: "acme" });
    expect(text).toMatch(
      /^If ann@example.com belongs to an account on acme, a link to choose a new password is on its way\./,
    );
    expect(resetRequestedNotice("ann@example.com", "platform")).toContain("an account on the platform");
  });

  test("the roles an accepted invitation added", () => {
    expect(addedRoles([], ["agency-booker"])).toEqual(["agency-booker"]);
    expect(addedRoles(["talent"], ["talent", "client", "client"])).toEqual(["client"]);
  });
});

describe("auth api by tier", () => {
  test("platform login goes to /api/v1/platform/auth without a tenant or identity headers", async () => {
    useSessionStore.getState().update({ adminToken: "admin-secret", userId: "usr-1" });
    serveRoutes({
      "/api/v1/platform/auth/login": [200, session("ptok", identity({ tenantId: null, isSuperAdmin: true }))],
    });
    expect((await login(PLATFORM, { email: "root@example.com", password: "pw" })).accessToken).toBe("ptok");
    expect(calls[0]).toMatchObject({
      url: "/api/v1/platform/auth/login",
      method: "POST",
      body: { email: "root@example.com", password: "pw" },
    });
    expect(calls[0].headers["x-tenant"]).toBeUndefined();
    expect(calls[0].headers.authorization).toBeUndefined();
    expect(calls[0].headers["x-user-id"]).toBeUndefined();
  });

  test("forgot and reset password on both tiers", async () => {
    serveRoutes({ "/forgot-password": [202, { status: "sent-if-registered" }], "/reset-password": [204, null] });
    await forgotPassword("acme", "ann@example.com");
    await forgotPassword(PLATFORM, "root@example.com");
    await resetPassword("acme", TOKEN, "a new password!");
    await resetPassword(PLATFORM, TOKEN, "a new password!");
    expect(calls.map((c) => [c.url, c.headers["x-tenant"] ?? null, c.body])).toEqual([
      ["/api/v1/user/auth/forgot-password", "acme", { email: "ann@example.com" }],
      ["/api/v1/platform/auth/forgot-password", null, { email: "root@example.com" }],
      ["/api/v1/user/auth/reset-password", "acme", { token: TOKEN, password: "a new password!" }],
      ["/api/v1/platform/auth/reset-password", null, { token: TOKEN, password: "a new password!" }],
    ]);
  });

  test("accepting an invitation sends the user's access token only when accepting signed in", async () => {
    useAuthStore.setState({ status: "signed-in", tier: "tenant", tenant: "acme", accessToken: "utok" });
    serveRoutes({ "/accept-invitation": [200, session("new")] });
    await acceptInvitation("acme", { token: TOKEN, name: "Bo", password: "a new password!" }, false);
    await acceptInvitation("acme", { token: TOKEN }, true);
    expect(calls[0].headers.authorization).toBeUndefined();
    expect(calls[1].headers).toMatchObject({ "x-tenant": "acme", authorization: "Bearer utok" });
    expect(calls[1].body).toEqual({ token: TOKEN });
  });
});

describe("log-in pages", () => {
  test("the tenant log-in page links to password recovery and the platform log-in", () => {
    render(<LoginPage />);
    expect(screen.getByRole("link", { name: "Forgot password?" }).getAttribute("href")).toBe("/studio/forgot-password");
    expect(screen.getByRole("link", { name: "platform log in" }).getAttribute("href")).toBe("/studio/platform/login");
  });

  test("platform log-in: no tenant field; the super admin is signed in on the platform tier, remembered as such", async () => {
    serveRoutes({
      "/api/v1/platform/auth/login": [
        200,
        session("ptok", identity({ userId: "root", tenantId: null, isSuperAdmin: true })),
      ],
      "/api/v1/platform/auth/me": [
        200,
        {
          user: { id: "root", email: "root@example.com", name: "Root", emailVerified: true },
          identity: identity({ isSuperAdmin: true }),
          profiles: [],
        },
      ],
    });
    render(<LoginPage tier="platform" />);
    expect(screen.queryByLabelText("Marketplace (tenant slug)")).toBeNull();
    expect(screen.getByRole("link", { name: "Forgot password?" }).getAttribute("href")).toBe(
      "/studio/platform/forgot-password",
    );
    change("Email", "root@example.com");
    change("Password", "correct horse battery");
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(useAuthStore.getState().status).toBe("signed-in"));
    expect(useAuthStore.getState()).toMatchObject({
      tier: "platform",
      tenant: null,
      accessToken: "ptok",
      user: { id: "root", email: "root@example.com", isSuperAdmin: true },
    });
    expect(realmOf(useAuthStore.getState())).toEqual(PLATFORM);
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/platform/auth/login", "/api/v1/platform/auth/me"]);
    expect(localStorage.getItem("mono.studio.signed-in")).toBe("@platform");
    expect(Object.values(localStorage).join("\n")).not.toContain("ptok");
    // The studio's tenant is the developer's choice, not the super admin's.
    expect(useSessionStore.getState().tenant).toBe("acme");
  });
});

describe("platform sessions use the same store and token handling", () => {
  test("a reload restores through the platform refresh; renewal and log-out go to the platform tier", async () => {
    localStorage.setItem("mono.studio.signed-in", "@platform");
    useAuthStore.setState({ status: "restoring", tier: "platform", tenant: null });
    const superAdmin = identity({ userId: "root", tenantId: null, isSuperAdmin: true });
    serveRoutes({
      "/api/v1/platform/auth/csrf": [200, { csrfToken: "csrf-0" }],
      "/api/v1/platform/auth/refresh": [200, session("ptok-2", superAdmin)],
      "/api/v1/platform/auth/me": [
        200,
        {
          user: { id: "root", email: "root@example.com", name: "Root", emailVerified: true },
          identity: superAdmin,
          profiles: [],
        },
      ],
      "/api/v1/platform/auth/logout": [204, null],
    });
    await useAuthStore.getState().restore();
    expect(useAuthStore.getState()).toMatchObject({
      status: "signed-in",
      tier: "platform",
      accessToken: "ptok-2",
      user: { isSuperAdmin: true, email: "root@example.com" },
    });
    expect(calls.map((c) => c.url)).toEqual([
      "/api/v1/platform/auth/csrf",
      "/api/v1/platform/auth/refresh",
      "/api/v1/platform/auth/me",
    ]);
    expect(calls[1].headers["x-csrf-token"]).toBe("csrf-0");
    expect(calls[1].headers["x-tenant"]).toBeUndefined();

    // Concurrent 401s share one platform refresh.
    calls.length = 0;
    const renewed = await Promise.all([
      useAuthStore.getState().renew("ptok-2"),
      useAuthStore.getState().renew("ptok-2"),
    ]);
    expect(renewed).toEqual(["ptok-2", "ptok-2"]);
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/platform/auth/refresh"]);

    calls.length = 0;
    await useAuthStore.getState().logOut();
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/platform/auth/logout"]);
    expect(useAuthStore.getState()).toMatchObject({ status: "signed-out", accessToken: null, user: null });
    expect(localStorage.getItem("mono.studio.signed-in")).toBeNull();
    expect(useRouterStore.getState().route).toEqual({ name: "platform-login" });
  });

  test("a refused platform refresh signs out and opens the platform log-in page", async () => {
    useAuthStore.setState({
      status: "signed-in",
      tier: "platform",
      tenant: null,
      accessToken: "old",
      csrfToken: "c",
      user: { id: "root", email: "", name: "", emailVerified: true, roles: [], isSuperAdmin: true, memberships: [] },
    });
    serveRoutes({
      "/api/v1/platform/auth/refresh": [
        401,
        { status: 401, title: "Unauthenticated", detail: "The refresh token is invalid or expired." },
      ],
    });
    expect(await useAuthStore.getState().renew("old")).toBeNull();
    expect(useAuthStore.getState()).toMatchObject({
      status: "signed-out",
      user: null,
      notice: "Your session has ended. Log in again.",
    });
    expect(useRouterStore.getState().route).toEqual({ name: "platform-login" });
  });
});

describe("a signed-in super admin manages a tenant as themselves", () => {
  const ROOT_USER = {
    id: "root",
    email: "root@example.com",
    name: "Root",
    emailVerified: true,
    roles: ["super-admin"],
    isSuperAdmin: true,
    memberships: [],
  };
  const TENANT_ROW = {
    id: "t2",
    slug: "northlight",
    name: "Northlight",
    status: "active",
    createdAt: "2025-01-01T00:00:00.000Z",
  };
  const platformRoutes = (): Record<string, [number, unknown]> => ({
    "/api/v1/platform/tenants?limit=100": [200, { data: [TENANT_ROW], nextCursor: null }],
    "/api/v1/platform/templates": [
      200,
      {
        data: [
          {
            id: "modeling-agency",
            version: "1.0.0",
            title: { en: "Modeling agency" },
            description: { en: "" },
            locales: ["en"],
            entities: ["Job"],
          },
        ],
      },
    ],
    "/api/v1/platform/tenants/northlight/templates": [
      200,
      {
        data: [{ templateId: "modeling-agency", version: "1.0.0", availableVersion: "1.0.0", upgradeAvailable: false }],
      },
    ],
    "/studio/api/session": [200, { tenant: TENANT_ROW, templates: [{ id: "modeling-agency", version: "1.0.0" }] }],
  });

  test("only a super admin signed in on the platform tier counts", () => {
    expect(isPlatformSuperAdmin({ tier: "platform", user: ROOT_USER })).toBe(true);
    expect(isPlatformSuperAdmin({ tier: "platform", user: null })).toBe(false);
    expect(
      isPlatformSuperAdmin({ tier: "tenant", user: { ...ROOT_USER, isSuperAdmin: false, roles: ["tenant-admin"] } }),
    ).toBe(false);
  });

  test("Manage picks the tenant and keeps the developer persona untouched; the template manager uses the platform token", async () => {
    useSessionStore.getState().update({ persona: "talent" });
    useAuthStore.setState({
      status: "signed-in",
      tier: "platform",
      tenant: null,
      accessToken: "ptok",
      csrfToken: "c",
      user: ROOT_USER,
    });
    serveRoutes(platformRoutes());
    render(<TenantsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Manage" }));
    expect(useSessionStore.getState()).toMatchObject({ tenant: "northlight", persona: "talent", adminToken: null });
    expect(useRouterStore.getState().route).toEqual({ name: "templates" });
    cleanup();

    calls.length = 0;
    render(<TemplateManagerPage />);
    expect(await screen.findByText("Modeling agency")).toBeTruthy();
    expect(screen.getByText(/Installed:/).textContent).toContain("v1.0.0");
    const platformCalls = calls.filter((c) => c.url.startsWith("/api/v1/platform/"));
    expect(platformCalls.map((c) => c.url).sort()).toEqual([
      "/api/v1/platform/templates",
      "/api/v1/platform/tenants/northlight/templates",
    ]);
    for (const call of platformCalls) expect(call.headers.authorization).toBe("Bearer ptok");
  });

  test("without a tenant the super admin is sent to the Tenants page, not the developer session", () => {
    useSessionStore.getState().update({ tenant: null });
    useAuthStore.setState({
      status: "signed-in",
      tier: "platform",
      tenant: null,
      accessToken: "ptok",
      csrfToken: "c",
      user: ROOT_USER,
    });
    render(<TemplateManagerPage />);
    expect(screen.getByRole("alert").textContent).toContain("No tenant chosen");
    expect(screen.getByRole("link", { name: "Tenants" }).getAttribute("href")).toBe("/studio/platform");
  });

  test("the developer fallback still steps in as the tenant-admin persona; without a token or super admin the manager says what it needs", async () => {
    useSessionStore.getState().update({ persona: "super-admin", adminToken: "admin-token" });
    serveRoutes(platformRoutes());
    render(<TenantsPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Manage" }));
    expect(useSessionStore.getState()).toMatchObject({ tenant: "northlight", persona: "tenant-admin" });
    expect(calls.find((c) => c.url.startsWith("/api/v1/platform/tenants"))?.headers.authorization).toBe(
      "Bearer admin-token",
    );
    cleanup();

    useSessionStore.getState().update({ adminToken: null });
    render(<TemplateManagerPage />);
    expect(screen.getByRole("alert").textContent).toContain("The template manager needs a super admin");
  });
});

describe("forgot password", () => {
  test("posts the email for the tenant and shows the one neutral confirmation", async () => {
    serveRoutes({ "/api/v1/user/auth/forgot-password": [202, { status: "sent-if-registered" }] });
    render(<ForgotPasswordPage />);
    expect((field("Marketplace (tenant slug)") as HTMLInputElement).value).toBe("acme");
    change("Email", "nobody@example.com");
    fireEvent.click(screen.getByRole("button", { name: "Send reset link" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toContain(
        resetRequestedNotice("nobody@example.com", { tenant: "acme" }),
      ),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: "/api/v1/user/auth/forgot-password",
      method: "POST",
      body: { email: "nobody@example.com" },
    });
    expect(calls[0].headers["x-tenant"]).toBe("acme");
    expect(screen.queryByRole("button", { name: "Send reset link" })).toBeNull();
    expect(screen.getByRole("link", { name: "Back to log in" }).getAttribute("href")).toBe("/studio/login");
  });

  test("a malformed email is caught before any request; the platform variant asks for no tenant", async () => {
    serveRoutes({});
    render(<ForgotPasswordPage tier="platform" />);
    expect(screen.queryByLabelText("Marketplace (tenant slug)")).toBeNull();
    change("Email", "not-an-email");
    fireEvent.click(screen.getByRole("button", { name: "Send reset link" }));
    await waitFor(() => expect(field("Email").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText(/must be an email address/)).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});

describe("reset password", () => {
  test("takes the token out of the address bar, posts the new password and links to log-in", async () => {
    openLink("/studio/auth/reset-password");
    serveRoutes({ "/api/v1/user/auth/reset-password": [204, null] });
    render(<ResetPasswordPage />);
    expect(location.hash).toBe("");
    expect(location.pathname).toBe("/studio/auth/reset-password");
    change("Marketplace (tenant slug)", "beta");
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("Your password has been changed"));
    expect(calls[0]).toMatchObject({
      url: "/api/v1/user/auth/reset-password",
      body: { token: TOKEN, password: "a brand new password" },
    });
    expect(calls[0].headers["x-tenant"]).toBe("beta");
    expect(screen.getByRole("link", { name: "Log in" }).getAttribute("href")).toBe("/studio/login");
    expect(useSessionStore.getState().tenant).toBe("beta");
  });

  test("a mismatched repetition stays here; the server's password rule lands on the password field", async () => {
    openLink("/studio/auth/reset-password");
    serveRoutes({
      "/reset-password": [
        400,
        {
          status: 400,
          title: "Bad Request",
          errors: [{ pointer: "/body/password", message: "must NOT have fewer than 10 characters" }],
        },
      ],
    });
    render(<ResetPasswordPage />);
    change("New password", "short");
    change("Repeat the new password", "shirt");
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await waitFor(() => expect(field("Repeat the new password").getAttribute("aria-invalid")).toBe("true"));
    expect(calls).toHaveLength(0);
    change("Repeat the new password", "short");
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await waitFor(() => expect(field("New password").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText(/must NOT have fewer than 10 characters/)).toBeTruthy();
    expect(field("Repeat the new password").getAttribute("aria-invalid")).toBeNull();
  });

  test("a used or expired link says so and offers a new one instead of the form", async () => {
    openLink("/studio/auth/reset-password");
    serveRoutes({
      "/reset-password": [
        400,
        {
          status: 400,
          title: "Bad Request",
          detail: "The reset link is invalid, used or expired.",
          errors: [{ pointer: "/body/token", message: "is invalid or expired" }],
        },
      ],
    });
    render(<ResetPasswordPage />);
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("This reset link cannot be used"));
    expect(screen.getByRole("alert").textContent).toContain("The reset link is invalid, used or expired.");
    expect(screen.queryByRole("button", { name: "Set new password" })).toBeNull();
    expect(screen.getByRole("link", { name: "Ask for a new link" }).getAttribute("href")).toBe(
      "/studio/forgot-password",
    );
  });

  test("a platform link (its tier in the path): no tenant and nothing to tick, the platform endpoint, the platform log-in", async () => {
    openLink("/studio/platform/auth/reset-password");
    serveRoutes({ "/api/v1/platform/auth/reset-password": [204, null] });
    render(<ResetPasswordPage tier="platform" />);
    expect(location.hash).toBe("");
    expect(location.pathname).toBe("/studio/platform/auth/reset-password");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Choose a new password");
    expect(screen.getByText("For your platform (super admin) account.")).toBeTruthy();
    expect(screen.queryByLabelText("Marketplace (tenant slug)")).toBeNull();
    expect(screen.queryByRole("button", { name: /This is a (platform|marketplace)/ })).toBeNull();
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("Your password has been changed"));
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe("/api/v1/platform/auth/reset-password");
    expect(calls[0].headers["x-tenant"]).toBeUndefined();
    expect(screen.getByRole("link", { name: "Log in" }).getAttribute("href")).toBe("/studio/platform/login");
  });

  test("a used platform link offers a new platform link; without a token, the platform's forgot-password page", async () => {
    openLink("/studio/platform/auth/reset-password");
    serveRoutes({
      "/reset-password": [
        400,
        {
          status: 400,
          title: "Bad Request",
          detail: "The reset link is invalid, used or expired.",
          errors: [{ pointer: "/body/token", message: "is invalid or expired" }],
        },
      ],
    });
    const first = render(<ResetPasswordPage tier="platform" />);
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("This reset link cannot be used"));
    expect(screen.getByRole("link", { name: "Ask for a new link" }).getAttribute("href")).toBe(
      "/studio/platform/forgot-password",
    );
    first.unmount();
    history.replaceState(null, "", "/studio/platform/auth/reset-password");
    render(<ResetPasswordPage tier="platform" />);
    expect(screen.getByRole("alert").textContent).toContain("This link has no reset token");
    expect(screen.getByRole("link", { name: "ask for a new one" }).getAttribute("href")).toBe(
      "/studio/platform/forgot-password",
    );
  });

  test("a tenant link can still be told it is a platform account (a MONO_PLATFORM_URL without /platform)", async () => {
    openLink("/studio/auth/reset-password");
    serveRoutes({ "/api/v1/platform/auth/reset-password": [204, null] });
    render(<ResetPasswordPage />);
    fireEvent.click(screen.getByRole("button", { name: "This is a platform (super admin) account" }));
    expect(screen.queryByLabelText("Marketplace (tenant slug)")).toBeNull();
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("Your password has been changed"));
    expect(calls[0].url).toBe("/api/v1/platform/auth/reset-password");
    expect(calls[0].headers["x-tenant"]).toBeUndefined();
    expect(screen.getByRole("link", { name: "Log in" }).getAttribute("href")).toBe("/studio/platform/login");
  });

  test("without a token there is nothing to submit", () => {
    history.replaceState(null, "", "/studio/auth/reset-password");
    render(<ResetPasswordPage />);
    expect(screen.getByRole("alert").textContent).toContain("This link has no reset token");
    expect(screen.queryByRole("button", { name: "Set new password" })).toBeNull();
  });
});

describe("accept invitation", () => {
  const booker = identity({
    userId: "u9",
    roles: ["agency-booker"],
    memberships: [{ accountId: "a1", role: "agency-booker" }],
    accountIds: ["a1"],
  });
  const me = {
    user: { id: "u9", email: "bo@example.com", name: "Bo", emailVerified: true },
    identity: booker,
    profiles: [{ accountId: "a1", kind: "agency", name: "Agency", roles: ["agency-booker"] }],
  };

  test("a new person creates the account; the answer signs them in with the invited role", async () => {
    openLink("/studio/auth/accept-invitation");
    serveRoutes({
      "/api/v1/user/auth/accept-invitation": [200, session("acc-tok", booker)],
      "/api/v1/user/auth/me": [200, me],
    });
    render(<AcceptInvitationPage />);
    expect(location.hash).toBe("");
    change("Name", "Bo");
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Create account and accept" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toContain("Welcome to acme. You joined as Agency booker."),
    );
    expect(calls[0]).toMatchObject({
      url: "/api/v1/user/auth/accept-invitation",
      body: { token: TOKEN, name: "Bo", password: "a brand new password" },
    });
    expect(calls[0].headers.authorization).toBeUndefined();
    expect(useAuthStore.getState()).toMatchObject({
      status: "signed-in",
      tier: "tenant",
      tenant: "acme",
      accessToken: "acc-tok",
      user: { email: "bo@example.com", roles: ["agency-booker"], accountKinds: { a1: "agency" } },
    });
    expect(localStorage.getItem("mono.studio.signed-in")).toBe("acme");
    expect(screen.getByRole("link", { name: "Continue" }).getAttribute("href")).toBe("/studio/");
  });

  test("server field errors land on their fields", async () => {
    openLink("/studio/auth/accept-invitation");
    serveRoutes({
      "/accept-invitation": [
        400,
        {
          status: 400,
          title: "Bad Request",
          errors: [
            { pointer: "/body/password", message: "must NOT have fewer than 10 characters" },
            { pointer: "/body/name", message: "is required" },
          ],
        },
      ],
    });
    render(<AcceptInvitationPage />);
    change("Name", " ");
    change("New password", "short");
    change("Repeat the new password", "short");
    fireEvent.click(screen.getByRole("button", { name: "Create account and accept" }));
    await waitFor(() => expect(field("Name").getAttribute("aria-invalid")).toBe("true"));
    // The blank name is caught here; the password rule is the server's.
    expect(calls).toHaveLength(0);
    change("Name", "Bo");
    fireEvent.click(screen.getByRole("button", { name: "Create account and accept" }));
    await waitFor(() => expect(field("New password").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText(/New password must NOT have fewer than 10 characters/)).toBeTruthy();
    expect(useAuthStore.getState().accessToken).toBeNull();
  });

  test("an expired, used or revoked invitation shows a clear message and no form", async () => {
    openLink("/studio/auth/accept-invitation");
    serveRoutes({
      "/accept-invitation": [
        400,
        {
          status: 400,
          title: "Bad Request",
          detail: "The invitation is invalid, used, revoked or expired.",
          errors: [{ pointer: "/body/token", message: "is invalid or expired" }],
        },
      ],
    });
    render(<AcceptInvitationPage />);
    change("Name", "Bo");
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Create account and accept" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("This invitation cannot be used"));
    expect(screen.getByRole("alert").textContent).toContain("The invitation is invalid, used, revoked or expired.");
    expect(screen.queryByRole("button", { name: "Create account and accept" })).toBeNull();
  });

  test("an email that already has an account: log in on the page, then the invitation is accepted signed in", async () => {
    openLink("/studio/auth/accept-invitation");
    const talent = identity({ userId: "u9", roles: ["talent"], memberships: [{ accountId: null, role: "talent" }] });
    let accepted = 0;
    calls = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
      const headers = (init.headers ?? {}) as Record<string, string>;
      calls.push({
        url,
        method: init.method ?? "GET",
        body: init.body ? JSON.parse(String(init.body)) : undefined,
        headers,
      });
      const json = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
      if (url.endsWith("/accept-invitation") && !headers.authorization)
        return json(409, {
          status: 409,
          title: "Conflict",
          detail: "This email already has an account here: sign in, then accept the invitation.",
        });
      if (url.endsWith("/accept-invitation"))
        return (accepted++, json(200, session("both", { ...booker, roles: ["talent", "agency-booker"] })));
      if (url.endsWith("/login")) return json(200, session("talent-tok", talent));
      if (url.endsWith("/me")) return json(200, me);
      return json(404, { status: 404 });
    });
    render(<AcceptInvitationPage />);
    change("Name", "Bo");
    change("New password", "a brand new password");
    change("Repeat the new password", "a brand new password");
    fireEvent.click(screen.getByRole("button", { name: "Create account and accept" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toContain("This email already has an account here"),
    );
    change("Email", "bo@example.com");
    change("Password", "the old password");
    fireEvent.click(screen.getByRole("button", { name: "Log in and accept" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("You joined as Agency booker."));
    expect(accepted).toBe(1);
    const signedInAccept = calls.filter((c) => c.url.endsWith("/accept-invitation"))[1];
    expect(signedInAccept.headers.authorization).toBe("Bearer talent-tok");
    expect(signedInAccept.body).toEqual({ token: TOKEN });
    expect(useAuthStore.getState().accessToken).toBe("both");
  });

  test("a signed-in user of the tenant accepts with one button; a refusal shows the server's reason", async () => {
    openLink("/studio/auth/accept-invitation");
    useAuthStore.setState({
      status: "signed-in",
      tier: "tenant",
      tenant: "acme",
      accessToken: "me-tok",
      user: {
        id: "u2",
        email: "cy@example.com",
        name: "Cy",
        emailVerified: true,
        roles: ["talent"],
        isSuperAdmin: false,
        memberships: [],
      },
    });
    serveRoutes({
      "/accept-invitation": [
        403,
        { status: 403, title: "Forbidden", detail: "This invitation was sent to another email address." },
      ],
    });
    render(<AcceptInvitationPage />);
    expect(screen.getByText(/You are signed in to acme as cy@example.com/)).toBeTruthy();
    expect(screen.queryByLabelText("Name")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Accept invitation" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toContain("This invitation was sent to another email address."),
    );
    expect(calls[0].headers.authorization).toBe("Bearer me-tok");
    expect(useAuthStore.getState().accessToken).toBe("me-tok");
  });
});
