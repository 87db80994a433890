import type { AccessRule } from "../../../generators/src/registry/registry-types.ts";
import { and, FALSE, or, OWNER, TRUE, type Cond } from "./conditions.ts";
import type { Principal } from "./principal.ts";
import type { RoleGraph } from "./role-graph.ts";

/** Caller value: every account the caller belongs to (the `account` ownership of rules). */
export const ALL_ACCOUNTS = "acc";

/** Does the caller hold `token` (`role`: assigned exactly; `role:*`: that role or one inheriting it)? */
export function holdsRole(p: Principal, graph: RoleGraph, token: string): boolean {
  if (!token.endsWith(":*")) return p.roles.has(token);
  const base = token.slice(0, -2);
  for (const role of p.roles) if (graph.isA(role, base)) return true;
  return false;
}

const names = (rule: AccessRule) => rule.public || rule.authenticated || rule.roles.length > 0 || rule.ownership.length > 0;

/**
 * An access rule as a condition for one caller:
 *   (public | authenticated | a listed role | ownership of the row) AND where AND tier AND verified.
 * A rule naming nobody but carrying a gate (`{ tiers: [...] }`, `{ where }`) admits any signed-in
 * user who passes it; a rule with nothing at all (no rule written) admits nobody. Tiers and
 * verification are facts about the caller, so they fold to TRUE/FALSE here; ownership and
 * where depend on the row and stay in the formula.
 */
export function ruleCond(rule: AccessRule, p: Principal, graph: RoleGraph): Cond {
  const gated = rule.where !== null || rule.tiers.length > 0 || rule.requireVerified;
  if (!names(rule) && !gated) return FALSE;
  const signedIn = p.userId !== null;
  if (rule.tiers.length && !(p.tier !== null && rule.tiers.includes(p.tier))) return FALSE;
  if (rule.requireVerified && !(signedIn && p.verified)) return FALSE;
  const caller =
    rule.public || (signedIn && (rule.authenticated || !names(rule) || rule.roles.some((r) => holdsRole(p, graph, r))));
  const ownership = signedIn ? rule.ownership.map((o): Cond => (o === "owner" ? OWNER : { k: "account", key: ALL_ACCOUNTS })) : [];
  const who = caller ? TRUE : or(...ownership);
  return and(who, rule.where ? { k: "where", where: rule.where } : TRUE);
}
