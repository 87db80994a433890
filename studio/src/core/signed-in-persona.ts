import { personaById, type Persona, type PersonaId } from "./personas.ts";
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
  /** Account id → account kind (`agency`, `client`, …). */
  accountKinds?: Readonly<Record<string, string>>;
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
    const kindOf = (accountId: string | null) =>
      accountId
        ? (user.accountKinds?.[accountId] ?? (active?.accountId === accountId ? active.accountKind : undefined))
        : undefined;
    const looksLike = (persona: Persona, role: string, kind: string | undefined) =>
      kind !== undefined ? kind.toLowerCase() === persona.id : persona.roleCandidates.some((c) => isA(graph, role, c));
    if (accountGrants.some((m) => looksLike(AGENCY, m.role, kindOf(m.accountId)))) return "agency";
    return "client";
  }
  return "talent";
}
