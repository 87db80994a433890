import { ownsAnAccount } from "./invitations.ts";
import { pickLabel } from "./labels.ts";
import { effectivePermissions, isAllowed } from "./permissions.ts";
import type { RoleTier, StudioEntity, StudioTemplate } from "./registry-types.ts";
import type { Route } from "./router.ts";

/** Who is using the studio. Each persona has its own colour (seeds/000: the five-tier navigation). */
export type PersonaId = "super-admin" | "tenant-admin" | "agency" | "talent" | "client";

export interface Persona {
  id: PersonaId;
  label: string;
  /** Platform → tenant → account → user. */
  tier: RoleTier;
  /** Sidebar accent: purple, blue, green, orange, red. */
  color: string;
  /** Template roles this persona acts as, first match wins (the developer session's personas). */
  roleCandidates: readonly string[];
  /**
   * The exact roles a signed-in user holds (signed-in-persona.ts): then abilities come from all
   * of them, not from the first matching candidate.
   */
  roles?: readonly string[];
}

export const PERSONAS: readonly Persona[] = [
  { id: "super-admin", label: "Super admin", tier: "platform", color: "#7c3aed", roleCandidates: [] },
  { id: "tenant-admin", label: "Tenant admin", tier: "tenant", color: "#2563eb", roleCandidates: [] },
  {
    id: "agency",
    label: "Agency",
    tier: "account",
    color: "#16a34a",
    roleCandidates: ["agency-owner", "agency-booker", "agency"],
  },
  {
    id: "talent",
    label: "Talent",
    tier: "user",
    color: "#ea580c",
    roleCandidates: ["talent", "photographer", "member"],
  },
  { id: "client", label: "Client", tier: "account", color: "#dc2626", roleCandidates: ["client", "member"] },
];

export const personaById = (id: PersonaId): Persona => PERSONAS.find((p) => p.id === id) ?? PERSONAS[1];

/** The template role a persona acts as in one template, or null (then it only sees public data). */
export function templateRoleOf(persona: Persona, template: StudioTemplate): string | null {
  return persona.roleCandidates.find((name) => template.roles.some((r) => r.name === name)) ?? null;
}

/** The template roles a persona holds in one template: a signed-in user's own, else the first candidate. */
export function templateRolesOf(persona: Persona, template: StudioTemplate): string[] {
  if (persona.roles) return persona.roles.filter((name) => template.roles.some((r) => r.name === name));
  const one = templateRoleOf(persona, template);
  return one ? [one] : [];
}

/**
 * The role names a persona acts with, for field write rules: the built-in admin role, a
 * signed-in user's roles, or the persona's first candidate any template defines.
 */
export function personaRoles(persona: Persona, templates: readonly StudioTemplate[]): string[] {
  if (persona.id === "super-admin" || persona.id === "tenant-admin") return [persona.id];
  if (persona.roles) return [...persona.roles];
  const names = new Set(templates.flatMap((t) => t.roles.map((r) => r.name)));
  const match = persona.roleCandidates.filter((c) => names.has(c));
  return match.length ? [match[0]] : [];
}

/** What a persona may do with an entity of a template. Admin personas may do everything. */
export function entityAbilities(persona: Persona, template: StudioTemplate, entity: StudioEntity) {
  if (persona.tier === "platform" || persona.tier === "tenant")
    return { read: true, create: true, update: true, delete: true };
  // Across several roles every grant counts and every deny wins, as on the server.
  const permissions = templateRolesOf(persona, template).flatMap((name) =>
    effectivePermissions(
      template.roles.find((r) => r.name === name)!,
      template.roles,
    ),
  );
  const publicRead = entity.access.read.public || entity.access.read.authenticated;
  return {
    read:
      publicRead || isAllowed(permissions, entity.apiName, "read") || isAllowed(permissions, entity.apiName, "update"),
    create: isAllowed(permissions, entity.apiName, "create"),
    update: isAllowed(permissions, entity.apiName, "update"),
    delete: isAllowed(permissions, entity.apiName, "delete"),
  };
}

export interface NavItem {
  key: string;
  label: string;
  route: Route;
}

/** Inviting people (core/invitations.ts): tenant admins, super admins managing a tenant, account owners. */
const INVITATIONS: NavItem = { key: "invitations", label: "Invite people", route: { name: "invitations" } };

export interface NavSection {
  key: string;
  title: string;
  items: NavItem[];
}

/**
 * The sidebar of a persona: platform tools for the super admin (and, while they manage a
 * tenant, that tenant's data: the tenant admin's entity lists), every entity of the installed
 * templates for a tenant admin, and for account and user personas only the entities their
 * template role may see, plus the forms they may fill in; Invitations for tenant admins, super
 * admins managing a tenant and signed-in account owners. `installed` are the templates of
 * the tenant the studio shows (none: no tenant chosen).
 */
export function buildNavigation(
  persona: Persona,
  templates: readonly StudioTemplate[],
  installed: readonly string[],
  locale: string,
): NavSection[] {
  const tenantTemplates = templates.filter((t) => installed.includes(t.id));
  const entityItems = (t: StudioTemplate, filter: (e: StudioEntity) => boolean): NavItem[] =>
    t.entities.filter(filter).map((e) => ({
      key: `${t.id}/${e.apiName}`,
      label: pickLabel(e.pluralLabel, locale, e.name, t.defaultLocale),
      route: { name: "list", template: t.id, entity: e.apiName },
    }));

  /** A tenant admin's lists of every entity of the tenant's templates. */
  const tenantData = (title: (t: StudioTemplate) => string): NavSection[] =>
    tenantTemplates.map((t) => ({ key: `data-${t.id}`, title: title(t), items: entityItems(t, () => true) }));

  if (persona.id === "super-admin") {
    return [
      {
        key: "platform",
        title: "Platform",
        items: [
          { key: "tenants", label: "Tenants", route: { name: "platform" } } as NavItem,
          { key: "templates", label: "Template manager", route: { name: "templates" } },
        ],
      },
      // The managed tenant's data (its entity routes take the platform token with X-Tenant).
      ...tenantData((t) => `Data · ${pickLabel(t.title, locale, t.id)}`),
      ...(tenantTemplates.length ? [{ key: "people", title: "People", items: [INVITATIONS] }] : []),
      ...templates.map((t): NavSection => ({
        key: `build-${t.id}`,
        title: `Build · ${pickLabel(t.title, locale, t.id)}`,
        items: [
          { key: `designer-${t.id}`, label: "Schema designer", route: { name: "designer", template: t.id } },
          { key: `relations-${t.id}`, label: "Relationships", route: { name: "relations", template: t.id } },
          { key: `workflows-${t.id}`, label: "Workflows", route: { name: "workflows", template: t.id } },
        ],
      })),
    ];
  }
  if (persona.id === "tenant-admin") {
    return [
      ...tenantData((t) => pickLabel(t.title, locale, t.id)),
      {
        key: "settings",
        title: "Marketplace settings",
        items: [
          { key: "templates", label: "Templates", route: { name: "templates" } } as NavItem,
          { key: "extensions", label: "Extension fields", route: { name: "extensions" } },
          { key: "forms", label: "End-user forms", route: { name: "forms" } },
          { key: "audit", label: "Audit log", route: { name: "audit" } },
          INVITATIONS,
        ],
      },
    ];
  }
  // Account owners (a signed-in role that is or inherits account-owner) invite members.
  const people: NavSection[] =
    persona.roles && ownsAnAccount(persona.roles, templates)
      ? [{ key: "people", title: "People", items: [INVITATIONS] }]
      : [];
  const own = tenantTemplates.flatMap((t) => {
    const visible = (e: StudioEntity) => !e.draft && entityAbilities(persona, t, e).read;
    const creatable = t.entities.filter((e) => !e.draft && entityAbilities(persona, t, e).create);
    const title = pickLabel(t.title, locale, t.id);
    return [
      { key: `mine-${t.id}`, title: `${persona.label} · ${title}`, items: entityItems(t, visible) },
      {
        key: `forms-${t.id}`,
        title: "Create",
        items: creatable.map((e) => ({
          key: `form-${t.id}/${e.apiName}`,
          label: `New ${pickLabel(e.label, locale, e.name, t.defaultLocale).toLowerCase()}`,
          route: { name: "form", template: t.id, entity: e.name } as Route,
        })),
      },
    ].filter((s) => s.items.length > 0);
  });
  return [...own, ...people];
}
