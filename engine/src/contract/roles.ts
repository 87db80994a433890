import type { RoleTier } from "./vocabulary.ts";

/** A role every platform has; templates add their own and may inherit from these. */
export interface BuiltInRole {
  readonly name: string;
  readonly tier: RoleTier;
}

/** The platform's roles, one list for the engine's checks, the generated registry and (through it) runtime and studio. */
export const BUILT_IN_ROLES = [
  { name: "super-admin", tier: "platform" },
  { name: "tenant-admin", tier: "tenant" },
  { name: "moderator", tier: "tenant" },
  { name: "account-owner", tier: "account" },
  { name: "account-member", tier: "account" },
  { name: "user", tier: "user" },
] as const satisfies readonly BuiltInRole[];

/**
 * `role` and every role it inherits, transitively. `parentsOf` answers a role's direct parents
 * (undefined for an unknown role). Cycles are refused by the engine; here they just end the walk.
 */
export function roleLineage(role: string, parentsOf: (name: string) => readonly string[] | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (name: string) => {
    if (out.has(name)) return;
    out.add(name);
    for (const parent of parentsOf(name) ?? []) walk(parent);
  };
  walk(role);
  return out;
}
