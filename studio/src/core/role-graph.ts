import { BUILT_IN_ROLES, roleLineage } from "../../../engine/src/contract/roles.ts";
import type { RoleTier } from "../../../engine/src/contract/vocabulary.ts";
import type { StudioTemplate } from "./registry-types.ts";

/** The roles the studio knows, with their tiers and parents (signed-in personas, invitations). */
export type Tier = RoleTier;

export interface RoleNode {
  tier: Tier;
  inherits: readonly string[];
}

/** The built-in roles and those of `templates` (first definition wins), with their tiers and parents. */
export function roleGraph(templates: readonly StudioTemplate[]): Map<string, RoleNode> {
  const graph = new Map<string, RoleNode>(BUILT_IN_ROLES.map((r) => [r.name, { tier: r.tier, inherits: [] }]));
  for (const t of templates)
    for (const r of t.roles) if (!graph.has(r.name)) graph.set(r.name, { tier: r.tier, inherits: r.inherits });
  return graph;
}

/** `role` is `ancestor` or inherits it, transitively (a lead role → the staff role it extends). */
export const isA = (graph: Map<string, RoleNode>, role: string, ancestor: string): boolean =>
  roleLineage(role, (name) => graph.get(name)?.inherits).has(ancestor);
