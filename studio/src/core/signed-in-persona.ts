import { personaById, type Persona, type PersonaId } from "./personas.ts";
import type { StudioTemplate } from "./registry-types.ts";

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
  /** Account id → account kind (`agency`, `client`, …). */
  accountKinds?: Readonly<Record<string, string>>;
}

type Tier = "platform" | "tenant" | "account" | "user";

/** The platform's built-in roles (engine/src/ir/ir-utils.ts BUILT_IN_ROLES), kept here so the bundle needs no engine code. */
const BUILT_IN_TIERS: Record<string, Tier> = {
  "super-admin": "platform",
  "tenant-admin": "tenant",
  moderator: "tenant",
  "account-owner": "account",
  "account-member": "account",
  user: "user",
};

interface RoleNode {
  tier: Tier;
  inherits: readonly string[];
}

function roleGraph(templates: readonly StudioTemplate[]): Map<string, RoleNode> {
  const graph = new Map<string, RoleNode>(Object.entries(BUILT_IN_TIERS).map(([name, tier]) => [name, { tier, inherits: [] }]));
  for (const t of templates) for (const r of t.roles) if (!graph.has(r.name)) graph.set(r.name, { tier: r.tier, inherits: r.inherits });
  return graph;
}

/** `role` is `ancestor` or inherits it, transitively (agency-owner → agency-booker). */
function isA(graph: Map<string, RoleNode>, role: string, ancestor: string, seen = new Set<string>()): boolean {
  if (role === ancestor) return true;
  if (seen.has(role)) return false;
  seen.add(role);
  return (graph.get(role)?.inherits ?? []).some((parent) => isA(graph, parent, ancestor, seen));
}

const AGENCY = personaById("agency");

/**
 * The sidebar persona of a signed-in user, from their roles (highest tier wins):
 * - a super admin → super admin; a role that is or inherits `tenant-admin` → tenant admin;
 * - an account-tier role (in the active profile's account when there is one) → agency when the
 *   account's kind or the role says agency (`agency-owner`, `agency-booker`…), else client;
 * - anyone else (user-tier roles such as talent or member, tenant staff without admin rights)
 *   → the user persona ("Talent").
 * The persona carries the user's exact roles: their navigation comes from what those grant.
 */
export function personaForUser(user: UserRoles, templates: readonly StudioTemplate[]): Persona {
  return { ...personaById(personaIdForUser(user, templates)), roles: [...new Set(user.roles)] };
}

export function personaIdForUser(user: UserRoles, templates: readonly StudioTemplate[]): PersonaId {
  const graph = roleGraph(templates);
  if (user.isSuperAdmin || user.roles.includes("super-admin")) return "super-admin";
  if (user.roles.some((r) => isA(graph, r, "tenant-admin"))) return "tenant-admin";

  const active = user.activeProfile ?? null;
  const grants = active ? user.memberships.filter((m) => m.accountId === active.accountId) : user.memberships;
  const accountGrants = grants.filter((m) => graph.get(m.role)?.tier === "account");
  if (accountGrants.length) {
    const kindOf = (accountId: string | null) => (accountId ? (user.accountKinds?.[accountId] ?? (active?.accountId === accountId ? active.accountKind : undefined)) : undefined);
    const looksLike = (persona: Persona, role: string, kind: string | undefined) =>
      kind !== undefined ? kind.toLowerCase() === persona.id : persona.roleCandidates.some((c) => isA(graph, role, c));
    if (accountGrants.some((m) => looksLike(AGENCY, m.role, kindOf(m.accountId)))) return "agency";
    return "client";
  }
  return "talent";
}
