// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { LoginPage, SignupPage } from "../src/features/auth/AuthPages.tsx";
import { useSessionStore } from "../src/store/session-store.ts";

function serve(status: number, body: unknown) {
  vi.stubGlobal("fetch", async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
}

beforeEach(() => useSessionStore.getState().update({ tenant: "acme", accessToken: null, user: null }));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("auth pages", () => {
  test("sign-up shows a server field error on its own input", async () => {
    serve(400, { status: 400, title: "Bad Request", errors: [{ pointer: "/body/password", message: "must NOT have fewer than 10 characters" }] });
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

  test("login stores the access token", async () => {
    serve(200, { tokenType: "Bearer", accessToken: "tok-1", expiresIn: 900, csrfToken: "c", identity: { userId: "u1", tenantId: "t1" } });
    render(<LoginPage />);
    fireEvent.change(screen.getByLabelText("Email"), { target: { value: "ann@example.com" } });
    fireEvent.change(screen.getByLabelText("Password"), { target: { value: "correct horse" } });
    fireEvent.click(screen.getByRole("button", { name: "Log in" }));
    await waitFor(() => expect(useSessionStore.getState().accessToken).toBe("tok-1"));
    expect(useSessionStore.getState().user).toEqual({ id: "u1", email: "ann@example.com", name: "" });
  });
});
