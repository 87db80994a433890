// @vitest-environment jsdom
/**
 * The studio's invitations page: who may invite to which role (checked against the runtime's
 * own policy, runtime/src/identity/invitation-policy.ts), the form's checks and request body,
 * server errors on their fields, the admin's account picker (by name, searchable), the sidebar
 * entry, and the page against a stubbed fetch. The
 * same flow runs against the real runtime in test/studio/invitations.browser.int.test.ts.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { templates as generated } from "../../generated/registry.ts";
import { BUILT_IN_ROLES } from "../../engine/src/contract/roles.ts";
import { checkInvitation } from "../../runtime/src/identity/invitation-policy.ts";
import { RoleCatalogue } from "../../runtime/src/identity/role-catalogue.ts";
import { buildStudioRegistry } from "../../runtime/src/studio/registry-view.ts";
import {
  accountOptionLabel,
  accountOptions,
  inviteBody,
  inviteErrors,
  invitableRoles,
  invitedNotice,
  inviterScope,
  manyAccounts,
  mayInvite,
  validateInvite,
  type InviterScope,
} from "../src/core/invitations.ts";
import { buildNavigation, personaById } from "../src/core/personas.ts";
import { parseRoute, routeHref } from "../src/core/router.ts";
import { personaForUser, type UserRoles } from "../src/core/signed-in-persona.ts";
import { InvitationsPage } from "../src/features/invitations/InvitationsPage.tsx";
import { useAuthStore, type SignedInUser } from "../src/store/auth-store.ts";
import { useRegistryStore } from "../src/store/registry-store.ts";
import { useSessionStore } from "../src/store/session-store.ts";

const studio = buildStudioRegistry(generated).templates;
const agency = studio.filter((t) => t.id === "modeling-agency");
const ACCOUNT = "0b6f3c7e-5a0e-4c1e-9d1a-2f4b5c6d7e8f";
const OTHER = "1c7a4d8f-6b1f-4d2f-8e2b-3a5c6d7e8f90";

const user = (memberships: UserRoles["memberships"], extra: Partial<UserRoles> = {}): UserRoles => ({
  roles: memberships.map((m) => m.role),
  memberships,
  isSuperAdmin: false,
  ...extra,
});
const ADMIN = user([{ accountId: null, role: "tenant-admin" }]);
const OWNER = user([{ accountId: ACCOUNT, role: "agency-owner" }]);
const BOOKER = user([{ accountId: ACCOUNT, role: "agency-booker" }]);

describe("who may invite to what", () => {
  test("the scope: tenant admins and super admins invite anything, owners into the accounts they own, others nothing", () => {
    expect(inviterScope(ADMIN, studio)).toEqual({ admin: true, ownedAccounts: [] });
    expect(inviterScope(user([], { isSuperAdmin: true }), studio).admin).toBe(true);
    // agency-owner inherits account-owner.
    expect(inviterScope(OWNER, studio)).toEqual({ admin: false, ownedAccounts: [ACCOUNT] });
    expect(mayInvite(inviterScope(BOOKER, studio))).toBe(false);
    expect(mayInvite(inviterScope(user([{ accountId: null, role: "talent" }]), studio))).toBe(false);
    // An account-owner role without an account grants nothing.
    expect(mayInvite(inviterScope(user([{ accountId: null, role: "account-owner" }]), studio))).toBe(false);
  });

  test("an admin's choices: every role of the tenant's templates and the built-ins but super-admin; the account where the tier wants one", () => {
    const roles = invitableRoles(inviterScope(ADMIN, studio), agency);
    const byName = Object.fromEntries(roles.map((r) => [r.name, r]));
    expect(Object.keys(byName)).not.toContain("super-admin");
    expect(Object.keys(byName)).not.toContain("concierge"); // luxury-club is not installed
    expect(byName["tenant-admin"]).toMatchObject({ tier: "tenant", account: "none", label: "Tenant admin" });
    expect(byName["agency-booker"]).toMatchObject({ tier: "account", account: "required", label: "Agency booker" });
    expect(byName.talent).toMatchObject({ tier: "user", account: "optional" });
    // Tenant roles first, then account, then user roles.
    expect(roles.map((r) => r.tier)).toEqual(
      [...roles.map((r) => r.tier)].sort(
        (a, b) => ["tenant", "account", "user"].indexOf(a) - ["tenant", "account", "user"].indexOf(b),
      ),
    );
    expect(invitableRoles(inviterScope(ADMIN, studio), studio).map((r) => r.name)).toContain("concierge");
  });

  test("an owner's choices: members only (no owners, no staff), always into their account", () => {
    const roles = invitableRoles(inviterScope(OWNER, studio), agency);
    const names = roles.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(["agency-booker", "account-member", "talent"]));
    expect(names).not.toContain("agency-owner");
    expect(names).not.toContain("account-owner");
    expect(names).not.toContain("tenant-admin");
    expect(roles.every((r) => r.account === "required")).toBe(true);
    expect(invitableRoles(inviterScope(BOOKER, studio), agency)).toEqual([]);
  });

  test("the choices are exactly what the runtime's policy accepts", () => {
    const catalogue = new RoleCatalogue([
      ...BUILT_IN_ROLES.filter((r) => r.tier !== "platform").map((r) => ({ name: r.name, tier: r.tier, inherits: [] })),
      ...agency.flatMap((t) => t.roles.map((r) => ({ name: r.name, tier: r.tier, inherits: r.inherits }))),
    ]);
    const allRoles = [...BUILT_IN_ROLES.map((r) => r.name), ...agency.flatMap((t) => t.roles.map((r) => r.name))];
    for (const inviter of [ADMIN, OWNER, BOOKER]) {
      const scope: InviterScope = inviterScope(inviter, studio);
      const offered = new Map(invitableRoles(scope, agency).map((r) => [r.name, r]));
      for (const role of new Set(allRoles)) {
        // The account the form would send: the owned one, or one for an admin where the tier needs one.
        const offer = offered.get(role);
        const accountId = offer
          ? offer.account === "none"
            ? null
            : ACCOUNT
          : catalogue.get(role)?.tier === "tenant"
            ? null
            : ACCOUNT;
        const verdict = checkInvitation(inviter, catalogue, role, accountId);
        expect(verdict.ok, `${inviter.roles.join()} → ${role}`).toBe(offered.has(role));
      }
      // Into someone else's account, an owner may invite nobody.
      if (!scope.admin)
        for (const role of offered.keys()) expect(checkInvitation(inviter, catalogue, role, OTHER).ok).toBe(false);
    }
  });
});

describe("the form", () => {
  const roles = invitableRoles(inviterScope(ADMIN, studio), agency);

  test("checks before sending: email, a role on offer, the account the role needs", () => {
    expect(validateInvite({ email: "", role: "", accountId: "" }, roles).fields).toEqual({
      email: ["is required"],
      role: ["is required"],
    });
    expect(validateInvite({ email: "bo", role: "nope", accountId: "" }, roles).fields).toEqual({
      email: ["must be an email address"],
      role: ["is not a role you may invite to"],
    });
    expect(validateInvite({ email: "bo@example.com", role: "agency-booker", accountId: "" }, roles).fields).toEqual({
      accountId: ["is required for this role"],
    });
    expect(
      validateInvite({ email: "bo@example.com", role: "agency-booker", accountId: "lumen" }, roles).fields,
    ).toEqual({ accountId: ["must be an account id (a UUID)"] });
    expect(
      validateInvite({ email: "bo@example.com", role: "agency-booker", accountId: ACCOUNT }, roles).fields,
    ).toEqual({});
    expect(validateInvite({ email: "bo@example.com", role: "talent", accountId: "" }, roles).fields).toEqual({});
    // A tenant role ignores a leftover account.
    expect(validateInvite({ email: "bo@example.com", role: "moderator", accountId: "lumen" }, roles).fields).toEqual(
      {},
    );
  });

  test("the body carries the account only where the role takes one", () => {
    expect(inviteBody({ email: " bo@example.com ", role: "agency-booker", accountId: ` ${ACCOUNT} ` }, roles)).toEqual({
      email: "bo@example.com",
      role: "agency-booker",
      accountId: ACCOUNT,
    });
    expect(inviteBody({ email: "mo@example.com", role: "moderator", accountId: ACCOUNT }, roles)).toEqual({
      email: "mo@example.com",
      role: "moderator",
    });
    expect(inviteBody({ email: "ty@example.com", role: "talent", accountId: "" }, roles)).toEqual({
      email: "ty@example.com",
      role: "talent",
    });
  });

  test("the runtime's errors land on their fields; the rest above the form", () => {
    expect(inviteErrors({ status: 400, errors: [{ pointer: "/body/accountId", message: "does not exist" }] })).toEqual({
      fields: { accountId: ["does not exist"] },
      form: [],
    });
    expect(
      inviteErrors({
        status: 403,
        errors: [{ pointer: "/body/role", message: "an account owner may only invite members" }],
      }).fields,
    ).toEqual({ role: ["an account owner may only invite members"] });
    expect(inviteErrors({ status: 409, detail: "This person already has that role." })).toEqual({
      fields: {},
      form: ["This person already has that role."],
    });
  });

  test("the account picker: options by name and kind, the chosen account kept through a search, search from many accounts", () => {
    const lumen = { id: ACCOUNT, name: "Lumen Models", kind: "agency" };
    const client = { id: OTHER, name: "Client Co", kind: "client-company" };
    expect(accountOptionLabel(lumen)).toBe("Lumen Models (Agency)");
    expect(accountOptionLabel(client)).toBe("Client Co (Client company)");
    const known = { [ACCOUNT]: lumen, [OTHER]: client };
    expect(accountOptions([client], known, ACCOUNT)).toEqual([lumen, client]);
    expect(accountOptions([client, lumen], known, ACCOUNT)).toEqual([client, lumen]);
    expect(accountOptions([client], known, "")).toEqual([client]);
    expect(manyAccounts({ data: [lumen, client], page: { nextCursor: null } })).toBe(false);
    expect(manyAccounts({ data: Array(10).fill(lumen), page: { nextCursor: null } })).toBe(true);
    expect(manyAccounts({ data: [lumen], page: { nextCursor: "next" } })).toBe(true);
  });

  test("the confirmation says whether the email went out", () => {
    expect(invitedNotice({ email: "bo@example.com", delivery: "sent" }, "Agency booker")).toEqual({
      kind: "success",
      text: expect.stringContaining("Invitation sent to bo@example.com as Agency booker."),
    });
    expect(invitedNotice({ email: "bo@example.com", delivery: "failed" }, "Agency booker")).toEqual({
      kind: "warning",
      text: expect.stringContaining("It is retried"),
    });
    expect(invitedNotice({ email: "bo@example.com", delivery: "queued" }, "Agency booker")).toEqual({
      kind: "success",
      text: expect.stringContaining("its email is queued"),
    });
  });
});

describe("navigation", () => {
  const nav = (persona: ReturnType<typeof personaById>) =>
    buildNavigation(persona, studio, ["modeling-agency"], "en").flatMap((s) => s.items);
  const invites = (persona: ReturnType<typeof personaById>) =>
    nav(persona).filter((i) => i.route.name === "invitations");

  test("the route round-trips", () => {
    expect(routeHref({ name: "invitations" })).toBe("/studio/invitations");
    expect(parseRoute("/studio/invitations")).toEqual({ name: "invitations" });
    expect(parseRoute("/studio/invitations/x").name).toBe("not-found");
  });

  test("only personas that may invite get the entry: tenant admins, account owners; not bookers, talents or clients", () => {
    expect(invites(personaById("tenant-admin")).map((i) => i.label)).toEqual(["Invite people"]);
    expect(invites(personaForUser(ADMIN, studio))).toHaveLength(1);
    expect(invites(personaForUser(OWNER, studio))).toHaveLength(1);
    expect(invites(personaForUser(BOOKER, studio))).toHaveLength(0);
    expect(invites(personaForUser(user([{ accountId: null, role: "talent" }]), studio))).toHaveLength(0);
    expect(invites(personaForUser(user([{ accountId: ACCOUNT, role: "client" }]), studio))).toHaveLength(0);
    // The developer session's account personas have no signed-in roles: no entry.
    expect(invites(personaById("agency-owner", studio))).toHaveLength(0);
    // The template's own "Invitations" entity list stays as it was, for the admin.
    expect(nav(personaById("tenant-admin")).some((i) => i.label === "Invitations" && i.route.name === "list")).toBe(
      true,
    );
  });
});

describe("the page", () => {
  type Call = { url: string; method: string; body: any; headers: Record<string, string> };
  let calls: Call[];
  let pending: { id: string; email: string; role: string; accountId: string | null; expiresAt: string }[];
  let answer: ((body: any) => [number, unknown]) | null;
  let accounts: { id: string; name: string; kind: string }[];
  let accountsStatus: number;

  beforeEach(() => {
    calls = [];
    accounts = [
      { id: OTHER, name: "Gone Agency", kind: "agency" },
      { id: ACCOUNT, name: "Lumen Models", kind: "agency" },
    ];
    accountsStatus = 200;
    pending = [
      {
        id: "i-1",
        email: "old@example.com",
        role: "moderator",
        accountId: null,
        expiresAt: "2030-01-01T00:00:00.000Z",
      },
    ];
    answer = null;
    vi.stubGlobal("fetch", async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? "GET";
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ url, method, body, headers: (init.headers ?? {}) as Record<string, string> });
      const reply = (status: number, payload?: unknown) =>
        new Response(status === 204 ? null : JSON.stringify(payload), {
          status,
          headers: { "content-type": status >= 400 ? "application/problem+json" : "application/json" },
        });
      if (url === "/api/v1/tenant/invitations" && method === "GET") return reply(200, { data: pending });
      if (url.startsWith("/api/v1/tenant/accounts?") && method === "GET") {
        if (accountsStatus !== 200) return reply(accountsStatus, { status: accountsStatus, title: "Forbidden" });
        const params = new URL(url, "http://studio.test").searchParams;
        const q = (params.get("q") ?? "").toLowerCase();
        const limit = Number(params.get("limit"));
        const found = accounts.filter((a) => a.name.toLowerCase().includes(q));
        return reply(200, {
          data: found.slice(0, limit),
          page: { limit, nextCursor: found.length > limit ? "next" : null },
        });
      }
      if (url === "/api/v1/tenant/invitations" && method === "POST") {
        const [status, payload] = answer?.(body) ?? [
          201,
          {
            id: `i-${calls.length + 1}`,
            ...body,
            accountId: body.accountId ?? null,
            expiresAt: "2030-01-02T00:00:00.000Z",
            delivery: "sent",
          },
        ];
        if (status === 201) pending = [...pending, { ...(payload as any) }];
        return reply(status, payload);
      }
      if (url.startsWith("/api/v1/tenant/invitations/") && method === "DELETE") {
        pending = pending.filter((i) => !url.endsWith(i.id));
        return reply(204);
      }
      if (url.endsWith("/api/v1/user/auth/me"))
        return reply(200, {
          user: {},
          identity: {},
          profiles: [{ accountId: ACCOUNT, kind: "agency", name: "Lumen Models", roles: ["agency-owner"] }],
        });
      return reply(404, { status: 404, title: "Not found" });
    });
    useSessionStore.getState().update({ tenant: "acme", adminToken: null, accountId: null, userId: null });
    useRegistryStore.setState({
      registry: { templates: studio } as never,
      tenant: {
        tenant: { id: "t1", slug: "acme", name: "Acme", status: "active" },
        templates: [{ id: "modeling-agency", version: "1.0.0" }],
      },
    });
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    useAuthStore.setState({ status: "signed-out", user: null, accessToken: null, tenant: null });
  });

  const signIn = (roles: UserRoles) =>
    useAuthStore.setState({
      status: "signed-in",
      tier: "tenant",
      tenant: "acme",
      accessToken: "at-1",
      csrfToken: "csrf-1",
      user: { id: "u1", email: "nora@example.com", name: "Nora", emailVerified: true, ...roles } as SignedInUser,
      notice: null,
    });
  const field = (label: string) => screen.getByLabelText(new RegExp(`^${label}`));
  const posts = () => calls.filter((c) => c.method === "POST");

  test("an admin invites: local checks, the account picked by name, the runtime's error on the account field, the confirmation and the refreshed list", async () => {
    signIn(ADMIN);
    render(<InvitationsPage />);
    await screen.findByText("old@example.com");
    expect(calls[0].headers.authorization).toBe("Bearer at-1");
    expect(screen.queryByLabelText(/^Account/)).toBeNull(); // no role chosen yet

    // Nothing typed: the fields say so, nothing is sent.
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(field("Email").getAttribute("aria-invalid")).toBe("true"));
    expect(field("Role").getAttribute("aria-invalid")).toBe("true");
    expect(posts()).toHaveLength(0);

    // An account role: the account picker appears, the tenant's accounts by name (the id is the value).
    fireEvent.change(field("Email"), { target: { value: "bo@example.com" } });
    fireEvent.change(field("Role"), { target: { value: "agency-booker" } });
    const options = () =>
      within(field("Account"))
        .getAllByRole("option")
        .map((o) => [(o as HTMLOptionElement).value, o.textContent]);
    await waitFor(() =>
      expect(options()).toEqual([
        ["", "Choose an account…"],
        [OTHER, "Gone Agency (Agency)"],
        [ACCOUNT, "Lumen Models (Agency)"],
      ]),
    );
    expect(field("Account").tagName).toBe("SELECT");
    expect(calls.find((c) => c.url.startsWith("/api/v1/tenant/accounts"))!.headers.authorization).toBe("Bearer at-1");
    // A handful of accounts: no search field.
    expect(screen.queryByLabelText("Search accounts")).toBeNull();
    // Nothing chosen: the form says so.
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(screen.getByText("Account is required for this role")).toBeTruthy());
    expect(posts()).toHaveLength(0);

    // An account deleted meanwhile: the runtime refuses it, on the account field.
    fireEvent.change(field("Account"), { target: { value: OTHER } });
    answer = () => [
      400,
      {
        status: 400,
        title: "Bad Request",
        detail: "No such account in this marketplace.",
        errors: [{ pointer: "/body/accountId", message: "does not exist" }],
      },
    ];
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(field("Account").getAttribute("aria-invalid")).toBe("true"));
    expect(screen.getByText("Account does not exist")).toBeTruthy();
    expect(field("Email").getAttribute("aria-invalid")).toBeNull();
    expect(posts().at(-1)!.body).toEqual({ email: "bo@example.com", role: "agency-booker", accountId: OTHER });

    // The right account, picked by its name: sent with its id, confirmed, listed with its name.
    answer = null;
    const lumen = within(field("Account")).getByRole("option", { name: "Lumen Models (Agency)" }) as HTMLOptionElement;
    fireEvent.change(field("Account"), { target: { value: lumen.value } });
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toContain("Invitation sent to bo@example.com as Agency booker."),
    );
    await screen.findByText("bo@example.com");
    expect(posts().at(-1)!.body).toEqual({ email: "bo@example.com", role: "agency-booker", accountId: ACCOUNT });
    expect(screen.getByText(`Lumen Models (${ACCOUNT})`, { selector: "td" })).toBeTruthy();
    expect(posts().at(-1)!.headers.authorization).toBe("Bearer at-1");
    expect((field("Email") as HTMLInputElement).value).toBe("");

    // A tenant role has no account field and sends none.
    fireEvent.change(field("Email"), { target: { value: "mo@example.com" } });
    fireEvent.change(field("Role"), { target: { value: "moderator" } });
    expect(screen.queryByLabelText(/^Account/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await screen.findByText("mo@example.com");
    expect(posts().at(-1)!.body).toEqual({ email: "mo@example.com", role: "moderator" });
  });

  test("with many accounts an admin searches them by name; the chosen one stays; an optional account may stay empty", async () => {
    accounts = Array.from({ length: 60 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      name: `Agency ${String(i).padStart(2, "0")}`,
      kind: "agency",
    }));
    accounts.push({ id: ACCOUNT, name: "Lumen Models", kind: "agency" });
    signIn(ADMIN);
    render(<InvitationsPage />);
    await screen.findByText("old@example.com");
    fireEvent.change(field("Email"), { target: { value: "ty@example.com" } });
    fireEvent.change(field("Role"), { target: { value: "talent" } });
    // A user role: the account is optional.
    await waitFor(() => expect(within(field("Account")).getAllByRole("option")).toHaveLength(51));
    expect(within(field("Account")).getAllByRole("option")[0].textContent).toBe("No account");
    // More than a page: a search field, which asks the runtime.
    const search = screen.getByLabelText("Search accounts");
    fireEvent.change(search, { target: { value: "lum" } });
    await waitFor(() =>
      expect(
        within(field("Account"))
          .getAllByRole("option")
          .map((o) => o.textContent),
      ).toEqual(["No account", "Lumen Models (Agency)"]),
    );
    expect(calls.some((c) => c.url === "/api/v1/tenant/accounts?limit=50&q=lum")).toBe(true);
    fireEvent.change(field("Account"), { target: { value: ACCOUNT } });
    // Searching on keeps the chosen account.
    fireEvent.change(search, { target: { value: "nothing like it" } });
    await waitFor(() => expect(screen.getByText("No account's name contains “nothing like it”.")).toBeTruthy());
    expect((field("Account") as HTMLSelectElement).value).toBe(ACCOUNT);
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await screen.findByText("ty@example.com");
    expect(posts().at(-1)!.body).toEqual({ email: "ty@example.com", role: "talent", accountId: ACCOUNT });
    // Without an account: none sent.
    fireEvent.change(field("Email"), { target: { value: "tz@example.com" } });
    fireEvent.change(field("Account"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await screen.findByText("tz@example.com");
    expect(posts().at(-1)!.body).toEqual({ email: "tz@example.com", role: "talent" });
  });

  test("when the accounts cannot be listed, an admin can still type the account's id", async () => {
    accountsStatus = 403;
    signIn(ADMIN);
    render(<InvitationsPage />);
    await screen.findByText("old@example.com");
    fireEvent.change(field("Email"), { target: { value: "bo@example.com" } });
    fireEvent.change(field("Role"), { target: { value: "agency-booker" } });
    await waitFor(() => expect(field("Account").tagName).toBe("INPUT"));
    fireEvent.change(field("Account"), { target: { value: "lumen" } });
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(screen.getByText("Account must be an account id (a UUID)")).toBeTruthy());
    fireEvent.change(field("Account"), { target: { value: ACCOUNT } });
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await screen.findByText("bo@example.com");
    expect(posts().at(-1)!.body).toEqual({ email: "bo@example.com", role: "agency-booker", accountId: ACCOUNT });
  });

  test("revoke takes an invitation back", async () => {
    signIn(ADMIN);
    render(<InvitationsPage />);
    await screen.findByText("old@example.com");
    fireEvent.click(screen.getByRole("button", { name: "Revoke the invitation for old@example.com" }));
    await waitFor(() => expect(screen.queryByText("old@example.com", { selector: "td" })).toBeNull());
    expect(calls.find((c) => c.method === "DELETE")!.url).toBe("/api/v1/tenant/invitations/i-1");
    expect(screen.getByRole("status").textContent).toContain("The invitation for old@example.com was revoked");
    expect(screen.getByText("No pending invitations.")).toBeTruthy();
  });

  test("an owner invites members into their account, chosen by name", async () => {
    signIn(OWNER);
    render(<InvitationsPage />);
    await screen.findByText("old@example.com");
    const roleOptions = within(field("Role"))
      .getAllByRole("option")
      .map((o) => (o as HTMLOptionElement).value);
    expect(roleOptions).toContain("agency-booker");
    expect(roleOptions).not.toContain("agency-owner");
    expect(roleOptions).not.toContain("tenant-admin");
    fireEvent.change(field("Email"), { target: { value: "bo@example.com" } });
    fireEvent.change(field("Role"), { target: { value: "agency-booker" } });
    await waitFor(() =>
      expect(within(field("Account")).getByRole("option").textContent).toBe(`Lumen Models (${ACCOUNT})`),
    );
    fireEvent.click(screen.getByRole("button", { name: "Send invitation" }));
    await screen.findByText("bo@example.com");
    expect(posts().at(-1)!.body).toEqual({ email: "bo@example.com", role: "agency-booker", accountId: ACCOUNT });
    // The owner path is unchanged: no list of the tenant's accounts is asked for.
    expect(calls.some((c) => c.url.startsWith("/api/v1/tenant/accounts"))).toBe(false);
  });

  test("someone who may not invite is told so, and the page sends nothing", async () => {
    signIn(BOOKER);
    render(<InvitationsPage />);
    expect(screen.getByRole("alert").textContent).toContain("You may not invite people here");
    expect(screen.queryByRole("button", { name: "Send invitation" })).toBeNull();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
  });
});
