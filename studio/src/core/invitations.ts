import { UUID_PATTERN } from "../../../engine/src/contract/patterns.ts";
import { formErrorsFromProblem, type FormErrors } from "./auth-form.ts";
import { humanize, pickLabel } from "./labels.ts";
import type { Problem } from "./problem-errors.ts";
import type { StudioTemplate } from "./registry-types.ts";
import { isA, roleGraph } from "./role-graph.ts";
import type { UserRoles } from "./signed-in-persona.ts";

/**
 * The invitations page's logic, mirroring the runtime's policy
 * (runtime/src/identity/invitation-policy.ts `checkInvitation`), which decides again on every
 * request: super admins and tenant admins invite to any role of the tenant; an account owner
 * invites members (account- or user-tier roles that are not owners) into an account they own.
 * Tenant-tier roles take no account, account-tier roles need one, user-tier roles may have one.
 * The runtime has no endpoint listing the role catalogue, so the choices come from the
 * built-in roles and those of the tenant's installed templates, as the runtime's
 * RoleCatalogue.forTenant builds it. Admins pick the account by name from the runtime's
 * `/api/v1/tenant/accounts`; the value sent stays the account's id.
 */

type Tier = "tenant" | "account" | "user";

export interface InvitableRole {
  name: string;
  label: string;
  tier: Tier;
  /** "required": account-tier (or any role an account owner invites); "optional": user-tier for an admin; "none": tenant-wide. */
  account: "required" | "optional" | "none";
}

/** What the signed-in user may invite with: everything (admin), or members of the accounts they own. */
export interface InviterScope {
  admin: boolean;
  /** Accounts the user owns (a role that is or inherits `account-owner` there). */
  ownedAccounts: string[];
}

export const NO_SCOPE: InviterScope = { admin: false, ownedAccounts: [] };

/**
 * The scope of a signed-in user; `null` (nobody signed in: the developer session's tenant-admin
 * persona, which acts with the admin token) counts as an admin, as the audit log page does.
 */
export function inviterScope(user: UserRoles | null, templates: readonly StudioTemplate[]): InviterScope {
  if (!user || user.isSuperAdmin) return { admin: true, ownedAccounts: [] };
  const graph = roleGraph(templates);
  const admin = user.memberships.some((m) => m.accountId === null && isA(graph, m.role, "tenant-admin"));
  const ownedAccounts = [
    ...new Set(
      user.memberships
        .filter((m) => m.accountId !== null && isA(graph, m.role, "account-owner"))
        .map((m) => m.accountId!),
    ),
  ];
  return { admin, ownedAccounts };
}

export const mayInvite = (scope: InviterScope) => scope.admin || scope.ownedAccounts.length > 0;

/** Whether any of a persona's (signed-in) role names is or inherits `account-owner`, for the sidebar. */
export function ownsAnAccount(roles: readonly string[], templates: readonly StudioTemplate[]): boolean {
  const graph = roleGraph(templates);
  return roles.some((r) => graph.get(r)?.tier === "account" && isA(graph, r, "account-owner"));
}

/** The roles the scope may grant, in the order: tenant, account, user tier, then by label. `installed`: the tenant's templates. */
export function invitableRoles(
  scope: InviterScope,
  installed: readonly StudioTemplate[],
  locale = "en",
): InvitableRole[] {
  const graph = roleGraph(installed);
  const labels = new Map(
    installed.flatMap((t) =>
      t.roles.map((r) => [r.name, pickLabel(r.label, locale, humanize(r.name), t.defaultLocale)] as const),
    ),
  );
  const order: Record<Tier, number> = { tenant: 0, account: 1, user: 2 };
  const out: InvitableRole[] = [];
  for (const [name, node] of graph) {
    if (node.tier === "platform") continue; // super-admin is never a membership
    const tier = node.tier as Tier;
    if (!scope.admin) {
      // An account owner: members only, into an account they own (so always with an account).
      if (tier === "tenant" || isA(graph, name, "account-owner") || scope.ownedAccounts.length === 0) continue;
      out.push({ name, label: labels.get(name) ?? humanize(name), tier, account: "required" });
      continue;
    }
    out.push({
      name,
      label: labels.get(name) ?? humanize(name),
      tier,
      account: tier === "tenant" ? "none" : tier === "account" ? "required" : "optional",
    });
  }
  return out.sort((a, b) => order[a.tier] - order[b.tier] || a.label.localeCompare(b.label));
}

export interface InviteValues {
  email: string;
  role: string;
  accountId: string;
}

export const INVITE_FIELDS = ["email", "role", "accountId"] as const;

/** Checks before sending (the runtime checks again and answers with pointers). */
export function validateInvite(values: InviteValues, roles: readonly InvitableRole[]): FormErrors {
  const out: FormErrors = { fields: {}, form: [] };
  const email = values.email.trim();
  if (!email) out.fields.email = ["is required"];
  else if (!/^[^\s@]+@[^\s@]+$/.test(email)) out.fields.email = ["must be an email address"];
  const role = roles.find((r) => r.name === values.role);
  if (!values.role) out.fields.role = ["is required"];
  else if (!role) out.fields.role = ["is not a role you may invite to"];
  const accountId = values.accountId.trim();
  if (role?.account === "required" && !accountId) out.fields.accountId = ["is required for this role"];
  else if (role && role.account !== "none" && accountId && !UUID_PATTERN.test(accountId))
    out.fields.accountId = ["must be an account id (a UUID)"];
  return out;
}

/** The request body: the account only where the role takes one. */
export function inviteBody(
  values: InviteValues,
  roles: readonly InvitableRole[],
): { email: string; role: string; accountId?: string } {
  const role = roles.find((r) => r.name === values.role);
  const accountId = values.accountId.trim();
  return {
    email: values.email.trim(),
    role: values.role,
    ...(role && role.account !== "none" && accountId ? { accountId } : {}),
  };
}

/** problem+json → the form's fields (`/body/email`, `/body/role`, `/body/accountId`), the rest above the form. */
export const inviteErrors = (problem: Problem): FormErrors => formErrorsFromProblem(problem, INVITE_FIELDS);

/**
 * The confirmation after a 201: sent; created while the email's first attempt failed (the
 * runtime retries it; the delivery log says why); or created with the email still queued.
 */
export function invitedNotice(
  invitation: { email: string; delivery?: "sent" | "failed" | "queued" },
  roleLabel: string,
): { kind: "success" | "warning"; text: string } {
  if (invitation.delivery === "failed") {
    return {
      kind: "warning",
      text: `The invitation for ${invitation.email} (${roleLabel}) was created, but the first attempt to email it failed. It is retried; the email delivery log shows why.`,
    };
  }
  if (invitation.delivery === "queued") {
    return {
      kind: "success",
      text: `The invitation for ${invitation.email} (${roleLabel}) was created; its email is queued and goes out shortly.`,
    };
  }
  return {
    kind: "success",
    text: `Invitation sent to ${invitation.email} as ${roleLabel}. The link in the email works once and expires.`,
  };
}

/** An account the admin may pick (the runtime's `/api/v1/tenant/accounts` rows). */
export interface AccountOption {
  id: string;
  name: string;
  kind: string;
}

/** How many accounts the picker asks for at a time. */
export const ACCOUNT_PAGE = 50;
/** From this many accounts (or when there are more than one page) the picker offers a search. */
export const ACCOUNT_SEARCH_FROM = 10;

/** Whether the tenant has enough accounts for a search field, judged by the unfiltered first page. */
export const manyAccounts = (firstPage: { data: readonly unknown[]; page?: { nextCursor: string | null } }) =>
  firstPage.data.length >= ACCOUNT_SEARCH_FROM || Boolean(firstPage.page?.nextCursor);

/** An option's text: the name and what kind of account it is ("Acme Repairs (Provider)"). */
export const accountOptionLabel = (account: AccountOption) => `${account.name} (${humanize(account.kind)})`;

/**
 * The picker's options: the current search's results by name, with the chosen account kept
 * (so a search that no longer matches it does not silently change the value).
 */
export function accountOptions(
  results: readonly AccountOption[],
  known: Readonly<Record<string, AccountOption>>,
  selected: string,
): AccountOption[] {
  const out = [...results];
  if (selected && !out.some((a) => a.id === selected) && known[selected]) out.unshift(known[selected]);
  return out;
}
