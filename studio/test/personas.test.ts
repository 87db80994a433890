import { describe, expect, test } from "vitest";
import { templates } from "../../generated/registry.ts";
import { buildStudioRegistry } from "../../runtime/src/studio/registry-view.ts";
import { isAllowed } from "../src/core/permissions.ts";
import {
  buildNavigation,
  entityAbilities,
  personaById,
  personaRoles,
  personasFor,
  roleColor,
  type Persona,
} from "../src/core/personas.ts";
import { personaForUser, personaIdForUser, type UserRoles } from "../src/core/signed-in-persona.ts";
import { parseRoute, routeHref, type Route } from "../src/core/router.ts";

const studio = buildStudioRegistry(templates).templates;
const agency = studio.find((t) => t.id === "modeling-agency")!;
const labels = (persona: string) =>
  buildNavigation(personaById(persona, studio), studio, ["modeling-agency"], "en").flatMap((s) =>
    s.items.map((i) => i.label),
  );

test("each persona of the shipped templates has its own colour", () => {
  const personas = personasFor(studio, "en");
  expect(new Set(personas.map((p) => p.color)).size).toBe(personas.length);
});

test("an agency's sidebar differs from a tenant admin's: only what its role grants", () => {
  const admin = labels("tenant-admin");
  const agencyNav = labels("agency-owner");
  expect(admin).toContain("Invitations");
  expect(admin).toContain("Templates");
  expect(agencyNav).not.toContain("Templates");
  expect(agencyNav).toContain("Jobs");
  expect(agencyNav).toContain("New job");
  expect(agencyNav).toContain("Roster");
  expect(agencyNav).not.toContain("Favourites"); // agency-owner has no favourites permission
  expect(labels("talent")).not.toContain("Roster");
  expect(labels("talent")).toContain("New gig");
  expect(labels("super-admin")).toContain("Schema designer");
});

test("workflows: tenant admins get their inbox and the runs; a developer-session persona no inbox; no workflows, no section", () => {
  const workflowItems = (persona: string, templates = studio) =>
    buildNavigation(personaById(persona, templates), templates, ["modeling-agency"], "en")
      .filter((s) => s.key === "workflows")
      .flatMap((s) => s.items.map((i) => i.route));
  expect(agency.workflows.length).toBeGreaterThan(0);
  expect(workflowItems("tenant-admin")).toEqual([{ name: "tasks" }, { name: "workflow-runs" }]);
  // The developer session's personas have no identity a task could be assigned to.
  expect(workflowItems("talent")).toEqual([]);
  const withoutWorkflows = studio.map((t) => ({ ...t, workflows: [] }));
  expect(workflowItems("tenant-admin", withoutWorkflows)).toEqual([]);
});

test("messaging: tenant admins and signed-in users get the inbox; developer-session personas none", () => {
  const user = (role: string): UserRoles => ({
    roles: [role],
    isSuperAdmin: false,
    memberships: [{ accountId: null, role }],
  });
  const messagingItems = (persona: Persona, templates = studio) =>
    buildNavigation(persona, templates, ["modeling-agency"], "en")
      .filter((s) => s.key === "messaging")
      .flatMap((s) => s.items.map((i) => i.route));
  expect(messagingItems(personaById("tenant-admin", studio))).toEqual([{ name: "messages" }]);
  expect(messagingItems(personaById("talent", studio))).toEqual([]);
  expect(messagingItems(personaForUser(user("talent"), studio))).toEqual([{ name: "messages" }]);
  // No tenant chosen (nothing installed): no inbox.
  expect(
    buildNavigation(personaForUser(user("talent"), studio), studio, [], "en").some((s) => s.key === "messaging"),
  ).toBe(false);
});

test("permissions: wildcards grant, denies win, inherited roles count", () => {
  expect(isAllowed(["jobs:*:account"], "jobs", "delete")).toBe(true);
  expect(isAllowed(["*:read"], "jobs", "read")).toBe(true);
  expect(isAllowed(["agency-profiles:*:account", "!agency-profiles:delete"], "agency-profiles", "delete")).toBe(false);
  const owner = personaById("agency-owner", studio);
  const profiles = agency.entities.find((e) => e.name === "AgencyProfile")!;
  expect(entityAbilities(owner, agency, profiles)).toMatchObject({ read: true, create: true, delete: false });
});

test("routes round-trip through their hrefs", () => {
  const routes: Route[] = [
    { name: "list", template: "modeling-agency", entity: "job-categories" },
    { name: "edit", template: "t", entity: "e", id: "123" },
    { name: "new", template: "t", entity: "e" },
    { name: "form", template: "t", entity: "Job" },
    { name: "designer", template: "t", entity: "Job" },
    { name: "workflows", template: "t", workflow: "wf" },
    { name: "platform" },
    { name: "messages" },
    { name: "conversation", id: "0b4f6c1e-2f53-4c4e-9d1a-6f0e2a9b7c11" },
    { name: "moderation" },
  ];
  for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(JSON.parse(JSON.stringify(route)));
  expect(parseRoute("/studio/")).toEqual({ name: "home" });
  expect(parseRoute("/studio/nope/x").name).toBe("not-found");
});

describe("the persona of a signed-in user follows their roles", () => {
  const user = (memberships: UserRoles["memberships"], extra: Partial<UserRoles> = {}): UserRoles => ({
    roles: [...new Set(memberships.map((m) => m.role))],
    isSuperAdmin: false,
    memberships,
    ...extra,
  });
  const club = studio.find((t) => t.id === "luxury-club")!;

  test("admins: a super admin, a tenant-wide tenant admin", () => {
    expect(personaIdForUser(user([], { isSuperAdmin: true, roles: ["super-admin"] }), studio)).toBe("super-admin");
    expect(
      personaIdForUser(
        user([
          { accountId: null, role: "tenant-admin" },
          { accountId: null, role: "user" },
        ]),
        studio,
      ),
    ).toBe("tenant-admin");
  });

  test("account roles: the persona is the role, labelled by the template, with the account's kind", () => {
    expect(personaIdForUser(user([{ accountId: "a1", role: "agency-owner" }]), studio)).toBe("agency-owner");
    expect(personaIdForUser(user([{ accountId: "a1", role: "agency-booker" }]), studio)).toBe("agency-booker");
    expect(personaIdForUser(user([{ accountId: "c1", role: "client" }]), studio)).toBe("client");
    expect(
      personaForUser(user([{ accountId: "a1", role: "agency-booker" }], { accountKinds: { a1: "agency" } }), studio),
    ).toMatchObject({ id: "agency-booker", label: "Agency booker", tier: "account", accountKind: "agency" });
    // A built-in account role (no template labels it): its own name, humanized.
    expect(
      personaForUser(user([{ accountId: "c1", role: "account-member" }], { accountKinds: { c1: "client" } }), studio),
    ).toMatchObject({ id: "account-member", label: "Account member", accountKind: "client" });
    expect(
      personaForUser(
        user([{ accountId: "x", role: "account-member" }], {
          activeProfile: { accountId: "x", accountKind: "agency", roles: ["account-member"] },
        }),
        studio,
      ),
    ).toMatchObject({ id: "account-member", accountKind: "agency" });
  });

  test("the active profile decides for a dual-sided user", () => {
    const both: UserRoles["memberships"] = [
      { accountId: "a1", role: "agency-booker" },
      { accountId: "c1", role: "client" },
    ];
    expect(personaIdForUser(user(both), studio)).toBe("agency-booker");
    expect(
      personaIdForUser(
        user(both, { activeProfile: { accountId: "c1", accountKind: "client", roles: ["client"] } }),
        studio,
      ),
    ).toBe("client");
  });

  test("user-tier roles and tenant staff without admin rights get their own role's persona", () => {
    expect(personaIdForUser(user([{ accountId: null, role: "talent" }]), studio)).toBe("talent");
    expect(personaIdForUser(user([{ accountId: null, role: "user" }]), studio)).toBe("user");
    expect(personaIdForUser(user([{ accountId: null, role: "member" }]), studio)).toBe("member");
    expect(personaIdForUser(user([{ accountId: null, role: "concierge" }]), studio)).toBe("concierge");
    // A template role names the user better than the built-in one they also hold.
    expect(
      personaIdForUser(
        user([
          { accountId: null, role: "user" },
          { accountId: null, role: "member" },
        ]),
        studio,
      ),
    ).toBe("member");
  });

  test("the navigation comes from the user's own roles: a talent sees the talent sidebar", () => {
    const nav = (u: UserRoles) =>
      buildNavigation(personaForUser(u, studio), studio, ["modeling-agency"], "en").flatMap((s) =>
        s.items.map((i) => i.label),
      );
    const talent = personaForUser(user([{ accountId: null, role: "talent" }]), studio);
    expect(talent).toMatchObject({ id: "talent", label: "Talent", color: roleColor("talent"), roles: ["talent"] });
    // The developer session's talent persona, plus the signed-in user's inboxes (the tenant has workflows).
    expect(nav(user([{ accountId: null, role: "talent" }]))).toEqual([...labels("talent"), "My tasks", "Messages"]);
    // Two user roles: what either grants.
    const both = nav(
      user([
        { accountId: null, role: "talent" },
        { accountId: null, role: "photographer" },
      ]),
    );
    expect(both).toContain("New model profile");
    expect(both).toContain("New photographer profile");
    expect(nav(user([{ accountId: null, role: "talent" }]))).not.toContain("New photographer profile");
    // A luxury-club concierge manages members (members:*) but may not delete them.
    const concierge = personaForUser(user([{ accountId: null, role: "concierge" }]), studio);
    const members = club.entities.find((e) => e.apiName === "members")!;
    expect(entityAbilities(concierge, club, members)).toMatchObject({
      read: true,
      create: true,
      update: true,
      delete: false,
    });
  });

  test("a super admin managing a tenant also gets its data: a tenant admin's entity lists, beside the platform tools", () => {
    const superAdmin = personaForUser(user([], { isSuperAdmin: true, roles: ["super-admin"] }), studio);
    expect(superAdmin).toMatchObject({ id: "super-admin", color: "#7c3aed" });
    const lists = (sections: ReturnType<typeof buildNavigation>) =>
      sections.flatMap((s) => s.items).filter((i) => i.route.name === "list");

    // No tenant chosen: platform tools only.
    const platformOnly = buildNavigation(superAdmin, studio, [], "en");
    expect(lists(platformOnly)).toEqual([]);

    // Managing a tenant with two templates installed: the same entries a tenant admin of it sees.
    const installed = ["modeling-agency", "luxury-club"];
    const managing = buildNavigation(superAdmin, studio, installed, "en");
    const tenantAdminData = buildNavigation(personaById("tenant-admin", studio), studio, installed, "en").filter((s) =>
      s.key.startsWith("data-"),
    );
    expect(lists(managing)).toEqual(lists(tenantAdminData));
    expect(lists(managing).map((i) => i.route)).toContainEqual({
      name: "list",
      template: "modeling-agency",
      entity: "job-categories",
    });
    expect(lists(managing).map((i) => i.route)).toContainEqual({
      name: "list",
      template: "luxury-club",
      entity: "members",
    });
    // One section per template, as the tenant admin's, titled as data, after the platform tools and before the build tools;
    // then the tenant's people (invitations).
    expect(managing.map((s) => s.key)).toEqual([
      "platform",
      ...tenantAdminData.map((s) => s.key),
      "people",
      ...platformOnly.slice(1).map((s) => s.key),
    ]);
    expect(managing.find((s) => s.key === "people")!.items.map((i) => i.route)).toEqual([{ name: "invitations" }]);
    expect(tenantAdminData.map((s) => s.key).sort()).toEqual(["data-luxury-club", "data-modeling-agency"]);
    expect(managing.find((s) => s.key === "data-modeling-agency")!.title).toBe("Data · Modeling agency marketplace");
    expect(tenantAdminData.find((s) => s.key === "data-modeling-agency")!.title).toBe("Modeling agency marketplace");
    expect(managing.filter((s) => !s.key.startsWith("data-") && s.key !== "people")).toEqual(platformOnly);
    // The tenant admin's marketplace settings stay theirs (the template manager is already here).
    const labelsOf = managing.flatMap((s) => s.items.map((i) => i.label));
    expect(labelsOf).not.toContain("Audit log");
    expect(labelsOf).not.toContain("Templates");
    // Every entry has its own key across the sidebar.
    const keys = managing.flatMap((s) => s.items.map((i) => `${s.key}:${i.key}`));
    expect(new Set(managing.flatMap((s) => s.items.map((i) => i.key))).size).toBe(keys.length);
  });

  test("across roles denies win: a talent who is also a client may not update model profiles", () => {
    const profiles = agency.entities.find((e) => e.name === "ModelProfile")!;
    const talentOnly = personaForUser(user([{ accountId: null, role: "talent" }]), studio);
    const talentAndClient = personaForUser(
      user([
        { accountId: null, role: "talent" },
        { accountId: "c1", role: "client" },
      ]),
      studio,
    );
    expect(entityAbilities(talentOnly, agency, profiles).update).toBe(true);
    expect(entityAbilities(talentAndClient, agency, profiles).update).toBe(false);
  });

  test("field write rules use the signed-in user's roles; admins write as their built-in role", () => {
    expect(
      personaRoles(
        personaForUser(
          user([
            { accountId: null, role: "talent" },
            { accountId: null, role: "user" },
          ]),
          studio,
        ),
        studio,
      ),
    ).toEqual(["talent", "user"]);
    expect(personaRoles(personaForUser(user([{ accountId: null, role: "tenant-admin" }]), studio), studio)).toEqual([
      "tenant-admin",
    ]);
    expect(personaRoles(personaById("talent", studio), studio)).toEqual(["talent"]);
  });
});
