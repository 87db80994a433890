/**
 * Personas, navigation labels and colours for a template no shipped template resembles: the
 * test writes its own (a home-services marketplace with providers, dispatchers and
 * homeowners) and checks that everything the sidebar shows comes from it.
 */
import { describe, expect, test } from "vitest";
import {
  buildNavigation,
  entityAbilities,
  personaById,
  personaRoles,
  personasFor,
  roleColor,
} from "../src/core/personas.ts";
import type { StudioEntity, StudioTemplate } from "../src/core/registry-types.ts";
import { personaForUser, type UserRoles } from "../src/core/signed-in-persona.ts";

const entity = (name: string, apiName: string, en: string, enPlural: string): StudioEntity =>
  ({
    name,
    apiName,
    scope: "tenant",
    softDelete: false,
    draft: false,
    titleField: "name",
    label: { en, fr: `${en} (fr)` },
    pluralLabel: { en: enPlural, fr: `${enPlural} (fr)` },
    description: {},
    status: null,
    listColumns: ["name"],
    access: { read: { public: false, authenticated: false } },
    fields: [],
    relations: [],
    sortableSystemColumns: [],
  }) as unknown as StudioEntity;

const HOME: StudioTemplate = {
  id: "home-fixers",
  version: "1.0.0",
  title: { en: "Home fixers" },
  description: {},
  locales: ["en", "fr"],
  defaultLocale: "en",
  draft: false,
  roles: [
    {
      name: "provider",
      label: { en: "Service provider", fr: "Prestataire" },
      tier: "account",
      inherits: ["account-owner"],
      permissions: ["repair-jobs:*:account", "!repair-jobs:delete", "service-areas:read"],
    },
    {
      name: "dispatcher",
      label: { en: "Dispatcher", fr: "Répartiteur" },
      tier: "tenant",
      inherits: ["moderator"],
      permissions: ["repair-jobs:read", "repair-jobs:update"],
    },
    {
      name: "homeowner",
      label: { en: "Homeowner", fr: "Propriétaire" },
      tier: "user",
      inherits: ["user"],
      permissions: ["repair-jobs:create", "repair-jobs:read:own"],
    },
  ],
  entities: [
    entity("RepairJob", "repair-jobs", "Repair job", "Repair jobs"),
    entity("ServiceArea", "service-areas", "Service area", "Service areas"),
  ],
  workflows: [],
};
const templates = [HOME];
const labelsOf = (sections: ReturnType<typeof buildNavigation>) => sections.flatMap((s) => s.items.map((i) => i.label));
const user = (memberships: UserRoles["memberships"], extra: Partial<UserRoles> = {}): UserRoles => ({
  roles: [...new Set(memberships.map((m) => m.role))],
  isSuperAdmin: false,
  memberships,
  ...extra,
});

/** WCAG contrast of white on a `#rrggbb` colour. */
function whiteContrast(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 1.05 / (0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) + 0.05);
}

describe("personas come from the template's roles", () => {
  test("the session offers the admins and every role of the template, by tier, in the template's words", () => {
    expect(personasFor(templates, "en").map((p) => [p.id, p.label, p.tier])).toEqual([
      ["super-admin", "Super admin", "platform"],
      ["tenant-admin", "Tenant admin", "tenant"],
      ["dispatcher", "Dispatcher", "tenant"],
      ["provider", "Service provider", "account"],
      ["homeowner", "Homeowner", "user"],
    ]);
    expect(personasFor(templates, "fr").map((p) => p.label)).toContain("Prestataire");
  });

  test("colours: derived from the role's name alone, distinct here, and dark enough for white text", () => {
    const personas = personasFor(templates, "en");
    expect(new Set(personas.map((p) => p.color)).size).toBe(personas.length);
    for (const p of personas) {
      expect(p.color).toMatch(/^#[0-9a-f]{6}$/);
      expect(whiteContrast(p.color), p.id).toBeGreaterThanOrEqual(4.5);
    }
    expect(personaById("provider", templates).color).toBe(roleColor("provider"));
    // The same name gives the same colour in any template, any run.
    const renamed = { ...HOME, id: "other", roles: [{ ...HOME.roles[0], label: { en: "Other" } }] };
    expect(personaById("provider", [renamed]).color).toBe(roleColor("provider"));
    expect(roleColor("provider")).not.toBe(roleColor("homeowner"));
    for (const name of ["a", "b", "plumber", "x-ray", "zz-top", "crew-lead"])
      expect(whiteContrast(roleColor(name)), name).toBeGreaterThanOrEqual(4.5);
  });

  test("a signed-in provider gets the provider's navigation, titled with the template's label", () => {
    const provider = personaForUser(
      user([{ accountId: "acc-1", role: "provider" }], { accountKinds: { "acc-1": "firm" } }),
      templates,
    );
    expect(provider).toMatchObject({
      id: "provider",
      label: "Service provider",
      accountKind: "firm",
      roles: ["provider"],
    });
    const nav = buildNavigation(provider, templates, ["home-fixers"], "en");
    expect(nav.map((s) => s.title)).toEqual(["Service provider · Home fixers", "Create", "Messaging", "People"]);
    expect(labelsOf(nav)).toEqual(["Repair jobs", "Service areas", "New repair job", "Messages", "Invite people"]);
    // The label follows the session's language.
    expect(personaForUser(user([{ accountId: "acc-1", role: "provider" }]), templates, "fr").label).toBe("Prestataire");
  });

  test("tenant-tier staff of a template act with their own grants, not as admins", () => {
    const dispatcher = personaById("dispatcher", templates);
    const jobs = HOME.entities[0];
    expect(entityAbilities(dispatcher, HOME, jobs)).toEqual({ read: true, create: false, update: true, delete: false });
    expect(labelsOf(buildNavigation(dispatcher, templates, ["home-fixers"], "en"))).toEqual(["Repair jobs"]);
    expect(personaRoles(dispatcher, templates)).toEqual(["dispatcher"]);
    // The admin personas keep every ability and their settings.
    expect(entityAbilities(personaById("tenant-admin", templates), HOME, jobs).delete).toBe(true);
    expect(
      labelsOf(buildNavigation(personaById("tenant-admin", templates), templates, ["home-fixers"], "en")),
    ).toContain("Templates");
  });

  test("a homeowner may create but only read their own; a stale session id falls back to the tenant admin", () => {
    const homeowner = personaForUser(user([{ accountId: null, role: "homeowner" }]), templates);
    expect(homeowner).toMatchObject({ id: "homeowner", label: "Homeowner", tier: "user" });
    expect(labelsOf(buildNavigation(homeowner, templates, ["home-fixers"], "en"))).toEqual([
      "Repair jobs",
      "New repair job",
      "Messages",
    ]);
    expect(personaById("gone-role", templates).id).toBe("tenant-admin");
  });
});
