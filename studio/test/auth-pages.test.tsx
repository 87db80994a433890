// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { LoginPage, SignupPage } from "../src/features/auth/AuthPages.tsx";
import { useAuthStore } from "../src/store/auth-store.ts";
import { useSessionStore } from "../src/store/session-store.ts";

function serve(status: number, body: unknown) {
  vi.stubGlobal(
    "fetch",
    async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }),
  );
}

/** Answers by path: `{ "/login": [200, body] }`; anything else 404. */
function serveRoutes(routes: Record<string, [number, unknown]>) {
  vi.stubGlobal("fetch", async (url: string) => {
    const [status, body] = Object.entries(routes).find(([suffix]) => url.endsWith(suffix))?.[1] ?? [
      404,
      { status: 404, title: "Not found" },
    ];
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
}

beforeEach(() => {
  localStorage.clear();
  useSessionStore.getState().update({ tenant: "acme" });
  useAuthStore.setState({
    status: "signed-out",
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

describe("auth pages", () => {
  test("sign-up shows a server field error on its own input", async () => {
    serve(400, {
      status: 400,
      title: "Bad Request",
      errors: [{ pointer: "/body/password", message: "must NOT have fewer than 10 characters" }],
    });
    render(<SignupPage />);
    expect((screen.getByLabelText("Marketplace (tenant slug)") as HTMLInputElement).value).toBe("acme");
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Ann" } });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "ann@example.com" } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "short" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    await waitFor(() => expect(screen.getByLabelText(/^Password/).getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText(/must NOT have fewer than 10 characters/)).toBeTruthy();
    expect(screen.getByLabelText("Email").getAttribute("aria-invalid")).toBeNull();
  });

  test("sign-up's confirmation is one flex item: its link stays in the sentence", async () => {
    serve(202, { status: "sent-if-registered" });
    render(<SignupPage />);
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Ann" } });
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "ann@example.com" } });
    fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: "correct horse battery" } });
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    const notice = await screen.findByRole("status");
    expect(notice.textContent).toBe(
      "Account requested for ann@example.com. Check your email and follow the link to confirm it, then log in.",
    );
    // .alert.info is a flex row: bare text beside the link would make the link a column of its own.
    expect(notice.classList.contains("info")).toBe(true);
    expect(Array.from(notice.childNodes).map((n) => n.nodeName)).toEqual(["SPAN"]);
    expect(notice.querySelector("span > a")?.getAttribute("href")).toBe("/studio/login");
  });

  test("login keeps the access token in memory; localStorage only learns the tenant", async () => {
    const identity = {
      userId: "u1",
      tenantId: "t1",
      roles: ["talent"],
      accountIds: [],
      memberships: [{ accountId: null, role: "talent" }],
      isSuperAdmin: false,
      emailVerified: true,
      sessionId: "s1",
    };
    serveRoutes({
      "/auth/login": [200, { tokenType: "Bearer", accessToken: "tok-1", expiresIn: 900, csrfToken: "c", identity }],
      "/auth/me": [
        200,
        { user: { id: "u1", email: "ann@example.com", name: "Ann", emailVerified: true }, identity, profiles: [] },
      ],
    });
    render(<LoginPage />);
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "ann@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "correct horse" } });
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(useAuthStore.getState().status).toBe("signed-in"));
    expect(useAuthStore.getState().accessToken).toBe("tok-1");
    expect(useAuthStore.getState().user).toMatchObject({
      id: "u1",
      email: "ann@example.com",
      name: "Ann",
      roles: ["talent"],
    });
    const stored = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`);
    expect(stored.join("\n")).not.toContain("tok-1");
    expect(localStorage.getItem("mono.studio.signed-in")).toBe("acme");
  });

  test("a refused login shows the server's message above the form and signs nobody in", async () => {
    serve(401, { status: 401, title: "Authentication is required", detail: "The email or password is wrong." });
    render(<LoginPage />);
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "ann@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "wrong password" } });
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("The email or password is wrong."));
    expect(useAuthStore.getState().accessToken).toBeNull();
    expect(localStorage.getItem("mono.studio.signed-in")).toBeNull();
  });
});
