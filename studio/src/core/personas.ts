import { BUILT_IN_ROLES } from "../../../engine/src/contract/roles.ts";
import { ownsAnAccount } from "./invitations.ts";
import { pickLabel } from "./labels.ts";
import { effectivePermissions, isAllowed } from "./permissions.ts";
import type { RoleTier, StudioEntity, StudioTemplate } from "./registry-types.ts";
import type { Route } from "./router.ts";

/**
 * Who is using the studio: one of the platform's two admin personas (`super-admin`,
 * `tenant-admin`), or a role of a template the studio serves, under that role's own name.
 * Nothing here knows any template: labels, tiers and colours come from the registry.
 */
export type PersonaId = string;

export interface Persona {
  id: PersonaId;
  label: string;
  /** Platform → tenant → account → user. */
  tier: RoleTier;
  /** Sidebar accent, dark enough for white text (4.5:1) and for text on a light tint of it. */
  color: string;
  /** Template roles this persona acts as, first match wins (the developer session's personas). */
  roleCandidates: readonly string[];
  /**
   * The exact roles a signed-in user holds (signed-in-persona.ts): then abilities come from all
   * of them, not from the first matching candidate.
   */
  roles?: readonly string[];
  /** The kind of the account a signed-in user acts for, when they act for one. */
  accountKind?: string;
}

/** The platform's own personas: the same in every marketplace. */
export const ADMIN_PERSONAS: readonly Persona[] = [
  { id: "super-admin", label: "Super admin", tier: "platform", color: "#7c3aed", roleCandidates: [] },
  { id: "tenant-admin", label: "Tenant admin", tier: "tenant", color: "#2563eb", roleCandidates: [] },
];

const isAdminId = (id: string) => id === "super-admin" || id === "tenant-admin";

/** The platform's admins (not a template's tenant-tier staff, who act with their own grants). */
export const isAdminPersona = (persona: Persona): boolean => isAdminId(persona.id);

/** WCAG relative luminance of an sRGB colour given as 0..255 channels. */
function luminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function hslToRgb(h: number, s: number, l: number): number[] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Contrast ratio of white text on `rgb`. */
const contrastWithWhite = (rgb: readonly number[]) => 1.05 / (luminance(rgb) + 0.05);

/**
 * A role's colour, derived from its name alone (the same role has the same colour in every
 * studio): the hue is a hash of the name, the lightness the highest at which white text on it
 * still reaches 4.6:1.
 */
export function roleColor(roleName: string): string {
  let hash = 2166136261;
  for (const ch of roleName) hash = Math.imul(hash ^ ch.codePointAt(0)!, 16777619) >>> 0;
  const hue = hash % 360;
  for (let l = 0.5; l > 0.1; l -= 0.01) {
    const rgb = hslToRgb(hue, 0.7, l);
    if (contrastWithWhite(rgb) >= 4.6) return `#${rgb.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  }
  return "#374151";
}

/** `account-owner` → `Account owner` (a built-in role no template labels). */
const humanize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1).replace(/-/g, " ");

/** The persona of one role: its label from the first template that defines it, its colour from its name. */
export function rolePersona(roleName: string, templates: readonly StudioTemplate[], locale: string): Persona {
  if (isAdminId(roleName)) return ADMIN_PERSONAS.find((p) => p.id === roleName)!;
  for (const t of templates) {
    const role = t.roles.find((r) => r.name === roleName);
    if (role)
      return {
        id: role.name,
        label: pickLabel(role.label, locale, humanize(role.name), t.defaultLocale),
        tier: role.tier,
        color: roleColor(role.name),
        roleCandidates: [role.name],
      };
  }
  const builtIn = BUILT_IN_ROLES.find((r) => r.name === roleName);
  return {
    id: roleName,
    label: humanize(roleName),
    tier: builtIn?.tier ?? "user",
    color: roleColor(roleName),
    roleCandidates: [roleName],
  };
}

const TIER_ORDER: readonly RoleTier[] = ["platform", "tenant", "account", "user"];

/**
 * Everyone the developer session may act as: the admin personas, then every role of
 * `templates` (first definition wins), by tier (tenant staff, account roles, users), each tier
 * in the templates' order.
 */
export function personasFor(templates: readonly StudioTemplate[], locale: string): Persona[] {
  const names = [...new Set(templates.flatMap((t) => t.roles.map((r) => r.name)))].filter((n) => !isAdminId(n));
  const roles = names.map((name) => rolePersona(name, templates, locale));
  const byTier = TIER_ORDER.flatMap((tier) => roles.filter((p) => p.tier === tier));
  return [...ADMIN_PERSONAS, ...byTier];
}

/** The persona of an id (a role name); an id no template knows any more is the tenant admin's. */
export function personaById(id: PersonaId, templates: readonly StudioTemplate[] = [], locale = "en"): Persona {
  if (isAdminId(id)) return ADMIN_PERSONAS.find((p) => p.id === id)!;
  return templates.some((t) => t.roles.some((r) => r.name === id))
    ? rolePersona(id, templates, locale)
    : ADMIN_PERSONAS[1];
}

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
  if (isAdminId(persona.id)) return [persona.id];
  if (persona.roles) return [...persona.roles];
  const names = new Set(templates.flatMap((t) => t.roles.map((r) => r.name)));
  const match = persona.roleCandidates.filter((c) => names.has(c));
  return match.length ? [match[0]] : [];
}

/** What a persona may do with an entity of a template. Admin personas may do everything. */
export function entityAbilities(persona: Persona, template: StudioTemplate, entity: StudioEntity) {
  // Only the platform's admins may do everything; a template's tenant-tier staff have their grants.
  if (isAdminId(persona.id)) return { read: true, create: true, update: true, delete: true };
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

/** The signed-in user's workflow tasks (core/workflow-runs.ts): everyone of a tenant with workflows. */
const TASKS: NavItem = { key: "tasks", label: "My tasks", route: { name: "tasks" } };

/** The signed-in user's conversations (core/messaging.ts): a platform capability, in every tenant. */
const MESSAGES: NavItem = { key: "messages", label: "Messages", route: { name: "messages" } };
const MESSAGING: NavSection = { key: "messaging", title: "Messaging", items: [MESSAGES] };

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
 * admins managing a tenant and signed-in account owners; where the tenant's templates have
 * workflows, "My tasks" for tenant admins and signed-in users, and the workflow runs for tenant
 * admins; "Messages" (the inbox) for tenant admins and signed-in users of a tenant. `installed`
 * are the templates of the tenant the studio shows (none: no tenant chosen).
 */
export function buildNavigation(
  persona: Persona,
  templates: readonly StudioTemplate[],
  installed: readonly string[],
  locale: string,
): NavSection[] {
  const tenantTemplates = templates.filter((t) => installed.includes(t.id));
  const hasWorkflows = tenantTemplates.some((t) => t.workflows.length > 0);
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
          { key: "branding", label: "Branding", route: { name: "branding" } },
          INVITATIONS,
          ...(tenantTemplates.some((t) => t.tagging?.length)
            ? [{ key: "tags", label: "Tags", route: { name: "tags" } } as NavItem]
            : []),
        ],
      },
      {
        key: "email",
        title: "Email",
        items: [
          { key: "email-templates", label: "Email templates", route: { name: "email-templates" } } as NavItem,
          { key: "email-deliveries", label: "Delivery log", route: { name: "email-deliveries" } },
          // Development servers only; elsewhere the page says there is none.
          { key: "email-outbox", label: "Mail outbox (development)", route: { name: "email-outbox" } },
        ],
      },
      MESSAGING,
      ...(hasWorkflows
        ? [
            {
              key: "workflows",
              title: "Workflows",
              items: [
                TASKS,
                { key: "workflow-runs", label: "Workflow runs", route: { name: "workflow-runs" } } as NavItem,
              ],
            },
          ]
        : []),
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
  // A signed-in user's inbox (the developer session's personas have no identity to be assigned).
  const tasks: NavSection[] =
    persona.roles && hasWorkflows ? [{ key: "workflows", title: "Workflows", items: [TASKS] }] : [];
  // Conversations need a signed-in user of a tenant (the developer session's personas have none).
  const messaging: NavSection[] = persona.roles && tenantTemplates.length > 0 ? [MESSAGING] : [];
  return [...own, ...tasks, ...messaging, ...people];
}
