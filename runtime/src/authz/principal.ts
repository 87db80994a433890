import type { MembershipGrant } from "../identity/identity-types.ts";

/**
 * Everything authorization knows about a caller in one tenant. Roles come from the database
 * (cached, see PrincipalCache), not from the access token, so a revoked role stops working as
 * soon as the cache entry is dropped rather than when the token expires.
 */
export interface Principal {
  /** null: anonymous. */
  readonly userId: string | null;
  /** Super admin (any tenant) or tenant admin of this tenant: every action, every row, every field. */
  readonly admin: boolean;
  /** Assigned roles with their accounts (null = tenant-wide). */
  readonly grants: readonly MembershipGrant[];
  /** Assigned role names (not inheritance-expanded). */
  readonly roles: ReadonlySet<string>;
  /** Every account the caller is a member of. */
  readonly accountIds: readonly string[];
  /** The account the caller acts as (active profile), or their only account. */
  readonly activeAccountId: string | null;
  readonly verified: boolean;
  /** Membership tier (`user.profile.tier`), e.g. "platinum"; feeds `tiers` gates and `$user.tier`. */
  readonly tier: string | null;
}

export const ANONYMOUS: Principal = {
  userId: null,
  admin: false,
  grants: [],
  roles: new Set(),
  accountIds: [],
  activeAccountId: null,
  verified: false,
  tier: null,
};

/**
 * What makes two principals decide alike: equal shapes share compiled decisions and SQL
 * (their values — ids, accounts — differ and are bound as parameters).
 */
export function principalShape(p: Principal): string {
  if (p.admin) return "admin";
  if (p.userId === null) return "anonymous";
  return `u|${p.verified ? 1 : 0}|${p.tier ?? ""}|${[...p.roles].sort().join(",")}`;
}
