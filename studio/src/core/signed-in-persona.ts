import { rolePersona, type Persona, type PersonaId } from "./personas.ts";
import type { StudioTemplate } from "./registry-types.ts";
import { isA, roleGraph } from "./role-graph.ts";

/**
 * What the runtime says about who is signed in: the `identity` of a login or refresh response
 * (runtime/src/identity/identity-types.ts, built from the access token's claims) plus, when
 * known, the kinds of the user's accounts (`GET …/auth/me` profiles).
 */
export interface UserRoles {
  /** Assigned role names, tenant-wide and per account (not inheritance-expanded). */
  roles: readonly string[];
  isSuperAdmin: boolean;
  memberships: readonly { accountId: string | null; role: string }[];
  /** The account the user acts as, when they have one (or chose one). */
  activeProfile?: { accountId: string; accountKind: string; roles: readonly string[] } | null;
  /** Account id → account kind (the `kind` of the template's account sign-up). */
  accountKinds?: Readonly<Record<string, string>>;
}

/**
 * The sidebar persona of a signed-in user, from their roles (highest tier wins):
 * - a super admin → super admin; a role that is or inherits `tenant-admin` → tenant admin;
 * - else the persona of their leading role: an account-tier role in the account they act for
 *   (the active profile's, when there is one; a role the template defines before a built-in
 *   one), else their tenant-tier, then user-tier roles; labelled and coloured as that role.
 * The persona carries the user's exact roles (their navigation comes from what those grant)
 * and the kind of the account it acts for, when known.
 */
export function personaForUser(user: UserRoles, templates: readonly StudioTemplate[], locale = "en"): Persona {
  const id = personaIdForUser(user, templates);
  const base = rolePersona(id, templates, locale);
  const accountKind = accountKindFor(user, id, templates);
  return { ...base, roles: [...new Set(user.roles)], ...(accountKind ? { accountKind } : {}) };
}

/** The account grants that count: those in the active profile's account, when there is one. */
function accountGrants(user: UserRoles, templates: readonly StudioTemplate[]) {
  const graph = roleGraph(templates);
  const active = user.activeProfile ?? null;
  const grants = active ? user.memberships.filter((m) => m.accountId === active.accountId) : user.memberships;
  return grants.filter((m) => graph.get(m.role)?.tier === "account");
}

function accountKindFor(user: UserRoles, role: string, templates: readonly StudioTemplate[]): string | undefined {
  const grant = accountGrants(user, templates).find((m) => m.role === role);
  if (!grant?.accountId) return undefined;
  const active = user.activeProfile ?? null;
  return (
    user.accountKinds?.[grant.accountId] ?? (active?.accountId === grant.accountId ? active.accountKind : undefined)
  );
}

/** The id of a signed-in user's persona: an admin persona's, or the name of their leading role. */
export function personaIdForUser(user: UserRoles, templates: readonly StudioTemplate[]): PersonaId {
  const graph = roleGraph(templates);
  if (user.isSuperAdmin || user.roles.includes("super-admin")) return "super-admin";
  if (user.roles.some((r) => isA(graph, r, "tenant-admin"))) return "tenant-admin";

  const defined = new Set(templates.flatMap((t) => t.roles.map((r) => r.name)));
  // A template's own role names the business better than a built-in one (account-owner, user).
  const lead = (names: readonly string[]) => names.find((n) => defined.has(n)) ?? names[0];
  const account = accountGrants(user, templates).map((m) => m.role);
  if (account.length) return lead(account);
  const byTier = (tier: string) => user.roles.filter((r) => graph.get(r)?.tier === tier);
  for (const tier of ["tenant", "user"]) {
    const names = byTier(tier);
    if (names.length) return lead(names);
  }
  return user.roles[0] ?? "user";
}
