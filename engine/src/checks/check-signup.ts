import { diagnostic, ptr } from "../diagnostics.ts";
import { BUILT_IN_ROLES, roleLineage } from "../contract/roles.ts";
import { closestName } from "../validate/closest-name.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * Self-service sign-up options: the role exists; a user-tier role signs up alone, an
 * account-tier role creates an account and must own it (is or inherits `account-owner`), and no
 * one signs themselves up into the tenant's staff (a tenant-tier or platform role).
 */
export function checkSignup({ ir, report }: CheckContext): void {
  const tiers = new Map<string, string>([
    ...BUILT_IN_ROLES.map((r) => [r.name, r.tier] as [string, string]),
    ...ir.roles.map((r) => [r.name, r.tier] as [string, string]),
  ]);
  const parents = new Map<string, readonly string[]>(ir.roles.map((r) => [r.name, r.inherits]));
  for (const option of ir.signup) {
    const tier = tiers.get(option.role);
    if (!tier) {
      const guess = closestName(option.role, [...tiers.keys()]);
      report(
        diagnostic(
          "ENG_SIGNUP_UNKNOWN_ROLE",
          ptr(option.pointer, "role"),
          `Sign-up option "${option.name}" gives the unknown role "${option.role}".`,
          guess ? `Did you mean "${guess}"?` : undefined,
        ),
      );
      continue;
    }
    if (tier === "tenant" || tier === "platform") {
      report(
        diagnostic(
          "ENG_SIGNUP_STAFF_ROLE",
          ptr(option.pointer, "role"),
          `Sign-up option "${option.name}" would let anyone make themselves "${option.role}", a ${tier}-tier (staff) role.`,
          "Give staff roles by invitation; sign-up takes user- and account-tier roles.",
        ),
      );
      continue;
    }
    if (tier === "account") {
      if (option.accountKind === null)
        report(
          diagnostic(
            "ENG_SIGNUP_ACCOUNT_REQUIRED",
            ptr(option.pointer),
            `"${option.role}" is an account-tier role: the sign-up option must create an account.`,
            'Add "account": { "kind": "…" }.',
          ),
        );
      else if (!roleLineage(option.role, (name) => parents.get(name) ?? []).has("account-owner"))
        report(
          diagnostic(
            "ENG_SIGNUP_NOT_OWNER",
            ptr(option.pointer, "role"),
            `Whoever signs up creates the account and must own it, but "${option.role}" does not inherit "account-owner".`,
            "Name a role that is or inherits account-owner; members join by invitation.",
          ),
        );
    } else if (option.accountKind !== null) {
      report(
        diagnostic(
          "ENG_SIGNUP_ACCOUNT_FOR_USER_ROLE",
          ptr(option.pointer, "account"),
          `"${option.role}" is a user-tier role: it belongs to no account, so the option creates none.`,
          'Remove "account", or name an account-tier role.',
        ),
      );
    }
  }
}
