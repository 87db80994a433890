import type { RequestIdentity } from "./identity-types.ts";
import type { RoleCatalogue } from "./role-catalogue.ts";

type Inviter = Pick<RequestIdentity, "isSuperAdmin" | "memberships">;

export type InvitationCheck =
  { ok: true } | { ok: false; status: "invalid" | "forbidden"; pointer: string; message: string };

/**
 * Who may invite whom, down the hierarchy platform → tenant admin → account owner → member:
 * super admins and tenant admins invite any tenant role; an account owner invites members
 * (account- or user-tier roles that are not owners themselves) into an account they own.
 * Tenant-tier roles are tenant-wide (no account); account-tier roles need one.
 */
export function checkInvitation(
  inviter: Inviter,
  catalogue: RoleCatalogue,
  role: string,
  accountId: string | null,
): InvitationCheck {
  const info = catalogue.get(role);
  if (!info)
    return { ok: false, status: "invalid", pointer: "/body/role", message: "is not a role of this marketplace" };
  if (info.tier === "tenant" && accountId)
    return {
      ok: false,
      status: "invalid",
      pointer: "/body/accountId",
      message: "must be omitted for a tenant-wide role",
    };
  if (info.tier === "account" && !accountId)
    return { ok: false, status: "invalid", pointer: "/body/accountId", message: "is required for an account role" };

  if (invitesIntoAnyAccount(inviter, catalogue)) return { ok: true };

  const ownsAccount =
    accountId !== null &&
    inviter.memberships.some((m) => m.accountId === accountId && catalogue.isA(m.role, "account-owner"));
  const memberRole = info.tier !== "tenant" && !catalogue.isA(role, "account-owner");
  if (ownsAccount && memberRole) return { ok: true };
  return {
    ok: false,
    status: "forbidden",
    pointer: "/body/role",
    message: ownsAccount ? "an account owner may only invite members" : "you may not invite to this role here",
  };
}

/**
 * Super admins and tenant admins (a tenant-wide role that is or inherits `tenant-admin`): they
 * invite to any role, into any account of the tenant, so they may also list its accounts.
 */
export function invitesIntoAnyAccount(inviter: Inviter, catalogue: RoleCatalogue): boolean {
  return (
    inviter.isSuperAdmin ||
    inviter.memberships.some((m) => m.accountId === null && catalogue.isA(m.role, "tenant-admin"))
  );
}
