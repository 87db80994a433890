import { expect, test } from "vitest";
import { templates } from "../../generated/registry.ts";
import { buildStudioRegistry } from "../../runtime/src/studio/registry-view.ts";
import { isAllowed } from "../src/core/permissions.ts";
import { buildNavigation, entityAbilities, personaById, PERSONAS } from "../src/core/personas.ts";
import { parseRoute, routeHref, type Route } from "../src/core/router.ts";

const studio = buildStudioRegistry(templates).templates;
const agency = studio.find((t) => t.id === "modeling-agency")!;
const labels = (persona: Parameters<typeof personaById>[0]) =>
  buildNavigation(personaById(persona), studio, ["modeling-agency"], "en").flatMap((s) => s.items.map((i) => i.label));

test("each persona has its own colour", () => {
  expect(new Set(PERSONAS.map((p) => p.color)).size).toBe(5);
});

test("an agency's sidebar differs from a tenant admin's: only what its role grants", () => {
  const admin = labels("tenant-admin");
  const agencyNav = labels("agency");
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

test("permissions: wildcards grant, denies win, inherited roles count", () => {
  expect(isAllowed(["jobs:*:account"], "jobs", "delete")).toBe(true);
  expect(isAllowed(["*:read"], "jobs", "read")).toBe(true);
  expect(isAllowed(["agency-profiles:*:account", "!agency-profiles:delete"], "agency-profiles", "delete")).toBe(false);
  const owner = personaById("agency");
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
  ];
  for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(JSON.parse(JSON.stringify(route)));
  expect(parseRoute("/studio/")).toEqual({ name: "home" });
  expect(parseRoute("/studio/nope/x").name).toBe("not-found");
});
