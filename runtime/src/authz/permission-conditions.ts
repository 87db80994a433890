import { and, FALSE, not, or, OWNER, TRUE, type Cond } from "./conditions.ts";
import { covers, type Permission } from "./permissions.ts";
import type { Principal } from "./principal.ts";
import type { RoleGraph } from "./role-graph.ts";

/** Caller value keys: the accounts whose grants allow (or deny) `resource:action` at account scope. */
export const allowAccountsKey = (resource: string, action: string) => `acc+:${resource}:${action}`;
export const denyAccountsKey = (resource: string, action: string) => `acc-:${resource}:${action}`;

/** One permission as the caller holds it: through a role held tenant-wide (null) or in an account. */
export interface HeldPermission {
  readonly permission: Permission;
  readonly accountId: string | null;
  /** The assigned role that carries it (directly or by inheritance). */
  readonly role: string;
}

/** Every allow and deny the caller holds, through every role it holds (inheritance applied). */
export function heldPermissions(
  p: Principal,
  graph: RoleGraph,
): { allows: HeldPermission[]; denies: HeldPermission[] } {
  const allows: HeldPermission[] = [];
  const denies: HeldPermission[] = [];
  for (const grant of p.grants) {
    const effective = graph.permissions(grant.role);
    for (const permission of effective.allows)
      allows.push({ permission, accountId: grant.accountId, role: grant.role });
    for (const permission of effective.denies)
      denies.push({ permission, accountId: grant.accountId, role: grant.role });
  }
  return { allows, denies };
}

function scopeCond(permission: Permission, key: string): Cond {
  switch (permission.scope) {
    case "own":
      return OWNER;
    case "account":
      return { k: "account", key };
    default:
      return TRUE;
  }
}

/** What the caller's permissions grant on `resource:action`: an OR of their scopes. */
export function permissionCond(held: readonly HeldPermission[], resource: string, action: string): Cond {
  return or(
    ...held
      .filter((h) => covers(h.permission, resource, action))
      .map((h) => scopeCond(h.permission, allowAccountsKey(resource, action))),
  );
}

/** What the caller's explicit denies take away from `resource:action`. */
export function denyCond(held: readonly HeldPermission[], resource: string, action: string): Cond {
  return or(
    ...held
      .filter((h) => covers(h.permission, resource, action))
      .map((h) => scopeCond(h.permission, denyAccountsKey(resource, action))),
  );
}

/**
 * The accounts an `account`-scoped allow or deny covers: the account of the membership that
 * carries it, or every account of the caller for a tenant-wide role.
 */
export function scopedAccounts(
  held: readonly HeldPermission[],
  p: Principal,
  resource: string,
  action: string,
): string[] {
  const out = new Set<string>();
  for (const h of held) {
    if (h.permission.scope !== "account" || !covers(h.permission, resource, action)) continue;
    for (const id of h.accountId ? [h.accountId] : p.accountIds) out.add(id);
  }
  return [...out];
}

/**
 * `rule OR permissions`, minus explicit denies (admins are handled before this). A rule that
 * names one of the caller's roles governs that role: what the role's permissions grant on this
 * action must also pass the rule's gates (`where`, tiers, verified). So a member's `events:read`
 * does not reach around Event.read's `{ roles: [member], tiers, where }`, while an event
 * manager's `events:*` (a role the rule does not name) reads every event.
 */
export function grantCond(
  rule: Cond,
  held: { allows: readonly HeldPermission[]; denies: readonly HeldPermission[] },
  resource: string,
  action: string,
  governs: (role: string) => boolean,
  gates: (role: string) => Cond,
): Cond {
  const free = held.allows.filter((h) => !governs(h.role));
  const governedRoles = [...new Set(held.allows.filter((h) => governs(h.role)).map((h) => h.role))];
  const granted = or(
    rule,
    permissionCond(free, resource, action),
    ...governedRoles.map((role) =>
      and(
        permissionCond(
          held.allows.filter((h) => h.role === role),
          resource,
          action,
        ),
        gates(role),
      ),
    ),
  );
  if (granted.k === "false") return FALSE;
  return and(granted, not(denyCond(held.denies, resource, action)));
}
