import type { RawAccessRule } from "../template/raw-template.ts";
import type { AccessRuleIR } from "./types.ts";

const KEYWORDS = new Set(["public", "authenticated", "owner", "account", "none"]);

/** No rule written means: nobody but tenant staff (admins are allowed everything anyway). */
export const STAFF_ONLY: AccessRuleIR = Object.freeze({
  public: false,
  authenticated: false,
  roles: [],
  ownership: [],
  where: null,
  tiers: [],
  requireVerified: false,
});

/**
 * Normalizes the three spellings of a rule: `"owner|account"`, `["talent", "agency:*"]`, or
 * `{ roles, ownership, where, check, tiers, verified, any, all, not }` (the last three nest rules).
 */
export function normalizeAccessRule(raw: RawAccessRule | undefined): AccessRuleIR {
  if (raw === undefined) return STAFF_ONLY;
  if (typeof raw === "string" || Array.isArray(raw)) return fromTokens(tokensOf(raw));
  const base = fromTokens(raw.roles ?? []);
  return {
    public: raw.public === true || base.public,
    authenticated: raw.authenticated === true || base.authenticated,
    roles: base.roles,
    ownership: [...new Set([...base.ownership, ...(raw.ownership ?? [])])],
    where: raw.where ?? null,
    tiers: raw.tiers ?? [],
    requireVerified: raw.verified === true,
    ...(raw.check ? { check: raw.check } : {}),
    ...(raw.any ? { any: raw.any.map(normalizeAccessRule) } : {}),
    ...(raw.all ? { all: raw.all.map(normalizeAccessRule) } : {}),
    ...(raw.not ? { not: normalizeAccessRule(raw.not) } : {}),
  };
}

/** Role names a rule mentions, nested rules included (without a trailing `:*`), for the unknown-role check. */
export function rolesOfRule(raw: RawAccessRule | undefined): string[] {
  if (raw === undefined) return [];
  if (typeof raw === "string" || Array.isArray(raw))
    return tokensOf(raw)
      .filter((t) => !KEYWORDS.has(t))
      .map((t) => t.replace(/:\*$/, ""));
  const own = (raw.roles ?? [])
    .flatMap((r) => r.split("|"))
    .filter((t) => !KEYWORDS.has(t))
    .map((t) => t.replace(/:\*$/, ""));
  const nested = [...(raw.any ?? []), ...(raw.all ?? []), ...(raw.not ? [raw.not] : [])].flatMap(rolesOfRule);
  return [...own, ...nested];
}

function tokensOf(raw: string | string[]): string[] {
  return (Array.isArray(raw) ? raw : [raw]).flatMap((token) => token.split("|"));
}

function fromTokens(tokens: readonly string[]): AccessRuleIR {
  const roles = tokens.filter((t) => !KEYWORDS.has(t));
  const ownership = (["owner", "account"] as const).filter((k) => tokens.includes(k));
  return {
    public: tokens.includes("public"),
    authenticated: tokens.includes("authenticated"),
    roles: [...new Set(roles)],
    ownership,
    where: null,
    tiers: [],
    requireVerified: false,
  };
}
