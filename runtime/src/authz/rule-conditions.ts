import type { AccessRule } from "../../../engine/src/contract/registry-types.ts";
import { and, FALSE, not, or, OWNER, TRUE, type Cond } from "./conditions.ts";
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

/** How a rule is read: for the stored row or the new values, and for which governed role. */
export interface RuleMode {
  /** Read the new values of a create or update: `check` replaces `where` where given. */
  readonly newValues?: boolean;
  /** Read the rule's gates for a role it governs: tokens naming this role count as held. */
  readonly assume?: string;
}

/**
 * An access rule as a condition for one caller:
 *   (public | authenticated | a listed role | ownership of the row) AND where AND tier AND verified
 *   AND every `all` AND some `any` AND NOT `not` (nested rules, read the same way).
 * A rule naming nobody but carrying a gate (`{ tiers: [...] }`, `{ where }`) admits any signed-in
 * user who passes it; a rule made only of `any` / `all` leaves the decision to them; a rule with
 * nothing at all (no rule written) admits nobody. Tiers and verification are facts about the
 * caller, so they fold to TRUE/FALSE here; ownership and where depend on the row and stay in the
 * formula.
 *
 * Account-tier roles act inside their accounts: on an account-scoped entity, a rule naming one
 * (`agency-owner`, `account-owner`, `agency-booker:*`) admits its holders for the records of the
 * accounts where they hold it — an agency owner deletes their agency's profile, not a rival's.
 * Elsewhere (user- and tenant-scoped entities) a role counts wherever it is held.
 */
export function ruleCond(
  rule: AccessRule,
  p: Principal,
  graph: RoleGraph,
  accountScoped = false,
  mode: RuleMode = {},
): Cond {
  const nested = (r: AccessRule) => ruleCond(r, p, graph, accountScoped, mode);
  const composed = rule.any !== undefined || rule.all !== undefined;
  return and(
    ownCond(rule, p, graph, accountScoped, mode, composed),
    ...(rule.all ?? []).map(nested),
    ...(rule.any ? [or(...rule.any.map(nested))] : []),
    ...(rule.not ? [not(nested(rule.not))] : []),
  );
}

/** The rule's own part (without its nested rules); `composed`: nested rules decide who, when it names nobody. */
function ownCond(
  rule: AccessRule,
  p: Principal,
  graph: RoleGraph,
  accountScoped: boolean,
  mode: RuleMode,
  composed: boolean,
): Cond {
  const where = mode.newValues ? (rule.check ?? rule.where) : rule.where;
  const gated = where !== null || rule.tiers.length > 0 || rule.requireVerified;
  if (!names(rule) && !gated) return composed ? TRUE : FALSE;
  const signedIn = p.userId !== null;
  if (rule.tiers.length && !(p.tier !== null && rule.tiers.includes(p.tier))) return FALSE;
  if (rule.requireVerified && !(signedIn && p.verified)) return FALSE;
  const bound = (role: string) => accountScoped && graph.get(role)?.tier === "account";
  const assumed = mode.assume !== undefined && rule.roles.some((t) => matchesToken(graph, mode.assume!, t));
  const caller =
    rule.public ||
    assumed ||
    (signedIn &&
      (rule.authenticated ||
        (!names(rule) && !composed) ||
        rule.roles.some((r) => holdsRole(p, graph, r, (role) => !bound(role)))));
  const inAccounts = signedIn
    ? rule.roles
        .filter((r) => holdsRole(p, graph, r, bound))
        .map((r): Cond => ({ k: "account", key: roleAccountsKey(r) }))
    : [];
  const ownership = signedIn
    ? rule.ownership.map((o): Cond => (o === "owner" ? OWNER : { k: "account", key: ALL_ACCOUNTS }))
    : [];
  // Naming nobody inside `any`/`all`: the nested rules say who; else only those named (or, for a
  // gate-only rule, any signed-in user) pass.
  const who = caller ? TRUE : names(rule) || !composed ? or(...inAccounts, ...ownership) : TRUE;
  return and(who, where ? { k: "where", where } : TRUE);
}

/**
 * A rule's gates for a role it governs: the rule read as if the caller held that role (so its
 * `where`, tiers and verification remain, in whichever nested rules name it). What that role's
 * permissions must also pass.
 */
export function gatesCond(rule: AccessRule, p: Principal, graph: RoleGraph, role: string, mode: RuleMode = {}): Cond {
  return ruleCond(rule, p, graph, false, { ...mode, assume: role });
}

/** Does the rule (or a nested rule) name `role` (exactly, or through a `parent:*` token it inherits)? */
export function namesRole(rule: AccessRule, graph: RoleGraph, role: string): boolean {
  return (
    rule.roles.some((t) => matchesToken(graph, role, t)) ||
    (rule.any ?? []).some((r) => namesRole(r, graph, role)) ||
    (rule.all ?? []).some((r) => namesRole(r, graph, role)) ||
    (rule.not !== undefined && namesRole(rule.not, graph, role))
  );
}

/** The accounts where the caller holds an account-tier role matching `token`. */
export function roleAccounts(p: Principal, graph: RoleGraph, token: string): string[] {
  const out = new Set<string>();
  for (const g of p.grants)
    if (g.accountId && graph.get(g.role)?.tier === "account" && matchesToken(graph, g.role, token))
      out.add(g.accountId);
  return [...out];
}
