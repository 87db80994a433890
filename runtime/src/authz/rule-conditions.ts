import type { AccessRule } from "../../../engine/src/contract/registry-types.ts";
import { and, FALSE, or, OWNER, TRUE, type Cond } from "./conditions.ts";
import type { Principal } from "./principal.ts";
import type { RoleGraph } from "./role-graph.ts";

/** Caller value: every account the caller belongs to (the `account` ownership of rules). */
export const ALL_ACCOUNTS = "acc";

/** Does `role` match a rule token (`name`: exactly that role; `name:*`: it or a role inheriting it)? */
export const matchesToken = (graph: RoleGraph, role: string, token: string): boolean =>
  token.endsWith(":*") ? graph.isA(role, token.slice(0, -2)) : role === token;

/** Does the caller hold a role matching `token`? */
export function holdsRole(p: Principal, graph: RoleGraph, token: string, only?: (role: string) => boolean): boolean {
  for (const role of p.roles) if ((!only || only(role)) && matchesToken(graph, role, token)) return true;
  return false;
}

/** Caller value: the accounts where the caller holds an account-tier role matching `token`. */
export const roleAccountsKey = (token: string) => `role:${token}`;

const names = (rule: AccessRule) =>
  rule.public || rule.authenticated || rule.roles.length > 0 || rule.ownership.length > 0;

/**
 * An access rule as a condition for one caller:
 *   (public | authenticated | a listed role | ownership of the row) AND where AND tier AND verified.
 * A rule naming nobody but carrying a gate (`{ tiers: [...] }`, `{ where }`) admits any signed-in
 * user who passes it; a rule with nothing at all (no rule written) admits nobody. Tiers and
 * verification are facts about the caller, so they fold to TRUE/FALSE here; ownership and
 * where depend on the row and stay in the formula.
 *
 * Account-tier roles act inside their accounts: on an account-scoped entity, a rule naming one
 * (`agency-owner`, `account-owner`, `agency-booker:*`) admits its holders for the records of the
 * accounts where they hold it — an agency owner deletes their agency's profile, not a rival's.
 * Elsewhere (user- and tenant-scoped entities) a role counts wherever it is held.
 */
export function ruleCond(rule: AccessRule, p: Principal, graph: RoleGraph, accountScoped = false): Cond {
  const gated = rule.where !== null || rule.tiers.length > 0 || rule.requireVerified;
  if (!names(rule) && !gated) return FALSE;
  const signedIn = p.userId !== null;
  if (rule.tiers.length && !(p.tier !== null && rule.tiers.includes(p.tier))) return FALSE;
  if (rule.requireVerified && !(signedIn && p.verified)) return FALSE;
  const bound = (role: string) => accountScoped && graph.get(role)?.tier === "account";
  const caller =
    rule.public ||
    (signedIn &&
      (rule.authenticated || !names(rule) || rule.roles.some((r) => holdsRole(p, graph, r, (role) => !bound(role)))));
  const inAccounts = signedIn
    ? rule.roles
        .filter((r) => holdsRole(p, graph, r, bound))
        .map((r): Cond => ({ k: "account", key: roleAccountsKey(r) }))
    : [];
  const ownership = signedIn
    ? rule.ownership.map((o): Cond => (o === "owner" ? OWNER : { k: "account", key: ALL_ACCOUNTS }))
    : [];
  const who = caller ? TRUE : or(...inAccounts, ...ownership);
  return and(who, rule.where ? { k: "where", where: rule.where } : TRUE);
}

/** A rule's gates alone (where, tier, verification): what governed permissions must also pass. */
export function gatesCond(rule: AccessRule, p: Principal): Cond {
  if (rule.tiers.length && !(p.tier !== null && rule.tiers.includes(p.tier))) return FALSE;
  if (rule.requireVerified && !(p.userId !== null && p.verified)) return FALSE;
  return rule.where ? { k: "where", where: rule.where } : TRUE;
}

/** Does the rule name `role` (exactly, or through a `parent:*` token it inherits)? */
export function namesRole(rule: AccessRule, graph: RoleGraph, role: string): boolean {
  return rule.roles.some((t) => matchesToken(graph, role, t));
}

/** The accounts where the caller holds an account-tier role matching `token`. */
export function roleAccounts(p: Principal, graph: RoleGraph, token: string): string[] {
  const out = new Set<string>();
  for (const g of p.grants)
    if (g.accountId && graph.get(g.role)?.tier === "account" && matchesToken(graph, g.role, token))
      out.add(g.accountId);
  return [...out];
}
