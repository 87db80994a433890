import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from "react";
import { me } from "../../api/auth-api.ts";
import { ProblemError } from "../../api/http.ts";
import {
  listAccounts,
  listInvitations,
  revokeInvitation,
  sendInvitation,
  type PendingInvitation,
} from "../../api/invitation-api.ts";
import { hasErrors, NO_ERRORS, type FormErrors } from "../../core/auth-form.ts";
import {
  ACCOUNT_PAGE,
  accountOptionLabel,
  accountOptions,
  inviteBody,
  inviteErrors,
  invitableRoles,
  invitedNotice,
  inviterScope,
  manyAccounts,
  mayInvite,
  validateInvite,
  type AccountOption,
  type InviteValues,
} from "../../core/invitations.ts";
import { humanize } from "../../core/labels.ts";
import { useAuthStore } from "../../store/auth-store.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

const EMPTY: InviteValues = { email: "", role: "", accountId: "" };
const LABELS: Record<keyof InviteValues, string> = { email: "Email", role: "Role", accountId: "Account" };

/** The error of a failed request, on the form's fields where the runtime points at one. */
const toErrors = (error: unknown): FormErrors =>
  error instanceof ProblemError ? inviteErrors(error.problem) : { fields: {}, form: [(error as Error).message] };

/**
 * Invitations of the tenant (`/api/v1/tenant/invitations`): tenant admins (and super admins
 * managing the tenant) invite to any role, account owners invite members into their accounts.
 * The form offers the roles the caller may grant (core/invitations.ts, the runtime's policy)
 * and the accounts by name: an admin's from `/api/v1/tenant/accounts` (searchable when there
 * are many; typing the id is left only for when that list cannot be loaded), an owner's own
 * accounts from `/me`. The value sent is always the account's id. The runtime checks again and its errors land on the field they point at. Below, the pending
 * invitations the caller may see, each with Revoke.
 */
export function InvitationsPage() {
  const id = useId();
  const user = useAuthStore((s) => s.user);
  const realmTenant = useAuthStore((s) => (s.tier === "tenant" ? s.tenant : null));
  const registry = useRegistryStore((s) => s.registry);
  const tenant = useRegistryStore((s) => s.tenant);
  const locale = useSessionStore((s) => s.locale);

  const installed = useMemo(() => {
    const all = registry?.templates ?? [];
    return tenant ? all.filter((t) => tenant.templates.some((i) => i.id === t.id)) : all;
  }, [registry, tenant]);
  const scope = useMemo(() => inviterScope(user, registry?.templates ?? []), [user, registry]);
  const roles = useMemo(() => invitableRoles(scope, installed, locale), [scope, installed, locale]);
  // Nobody signed in: the developer session's tenant admin (admin token); the runtime decides.
  const allowed = !user || mayInvite(scope);
  const roleLabel = useCallback((name: string) => roles.find((r) => r.name === name)?.label ?? humanize(name), [roles]);

  // An owner picks one of their accounts, by name (the runtime's /me lists them); an admin picks
  // any of the tenant's (the runtime's /api/v1/tenant/accounts, searched by name when there are many).
  const [accountNames, setAccountNames] = useState<Record<string, string>>({});
  const [accountSearch, setAccountSearch] = useState("");
  const [accountResults, setAccountResults] = useState<AccountOption[] | null>(null);
  const [knownAccounts, setKnownAccounts] = useState<Record<string, AccountOption>>({});
  const [searchable, setSearchable] = useState(false);
  const [accountsFailed, setAccountsFailed] = useState(false);
  useEffect(() => {
    if (!scope.admin) return;
    const controller = new AbortController();
    const q = accountSearch.trim();
    // Typing waits a moment before asking; the first list goes out at once.
    const timer = setTimeout(
      () => {
        listAccounts({ q: q || undefined, limit: ACCOUNT_PAGE }, controller.signal)
          .then((answer) => {
            setAccountResults(answer.data);
            setKnownAccounts((known) => ({ ...known, ...Object.fromEntries(answer.data.map((a) => [a.id, a])) }));
            setAccountNames((names) => ({ ...names, ...Object.fromEntries(answer.data.map((a) => [a.id, a.name])) }));
            if (!q && manyAccounts(answer)) setSearchable(true);
            setAccountsFailed(false);
          })
          .catch((e: Error) => {
            // The developer session (admin token) or an older runtime: typing the id still works.
            if (e.name !== "AbortError") setAccountsFailed(true);
          });
      },
      q ? 250 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [scope.admin, accountSearch]);
  useEffect(() => {
    if (scope.admin || scope.ownedAccounts.length === 0 || !realmTenant) return;
    let live = true;
    me(realmTenant)
      .then((answer) => live && setAccountNames(Object.fromEntries(answer.profiles.map((p) => [p.accountId, p.name]))))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [scope, realmTenant]);
  const accountLabel = (accountId: string | null) =>
    accountId === null
      ? "Tenant-wide"
      : accountNames[accountId]
        ? `${accountNames[accountId]} (${accountId})`
        : accountId;

  const [values, setValues] = useState<InviteValues>(EMPTY);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: "success" | "warning"; text: string } | null>(null);
  const selected = roles.find((r) => r.name === values.role);
  // An owner of one account invites into it; with several they choose.
  const defaultAccount = !scope.admin && scope.ownedAccounts.length === 1 ? scope.ownedAccounts[0] : "";

  const [pending, setPending] = useState<PendingInvitation[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    if (!allowed) return;
    const controller = new AbortController();
    setListError(null);
    listInvitations(controller.signal)
      .then((answer) => setPending(answer.data))
      .catch((e: Error) => {
        if (e.name !== "AbortError") setListError(e.message);
      });
    return () => controller.abort();
  }, [reloads, allowed]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const filled = { ...values, accountId: values.accountId || defaultAccount };
    const local = validateInvite(filled, roles);
    setErrors(local);
    if (hasErrors(local)) return;
    setBusy(true);
    try {
      const sent = await sendInvitation(inviteBody(filled, roles));
      setNotice(invitedNotice(sent, roleLabel(sent.role)));
      setValues({ ...EMPTY, role: values.role, accountId: values.accountId });
      setReloads((n) => n + 1);
    } catch (error) {
      setErrors(toErrors(error));
    } finally {
      setBusy(false);
    }
  };

  const [revoking, setRevoking] = useState<string | null>(null);
  const revoke = async (invitation: PendingInvitation) => {
    setRevoking(invitation.id);
    setNotice(null);
    try {
      await revokeInvitation(invitation.id);
      setNotice({
        kind: "success",
        text: `The invitation for ${invitation.email} was revoked: its link no longer works.`,
      });
      setPending((list) => list?.filter((i) => i.id !== invitation.id) ?? null);
    } catch (error) {
      setNotice({
        kind: "warning",
        text: error instanceof ProblemError ? (error.problem.detail ?? error.message) : (error as Error).message,
      });
      setReloads((n) => n + 1);
    } finally {
      setRevoking(null);
    }
  };

  if (!allowed) {
    return (
      <div className="page">
        <PageHeader title="Invite people" />
        <ErrorNote title="You may not invite people here">
          Tenant admins invite to any role; account owners invite members into their accounts.
        </ErrorNote>
      </div>
    );
  }

  const fieldProps = (name: keyof InviteValues) => {
    const fieldErrors = errors.fields[name] ?? [];
    const hint = name === "accountId" ? `${id}-accountId-hint` : null;
    return {
      name,
      "aria-invalid": fieldErrors.length ? true : undefined,
      "aria-describedby":
        [hint, fieldErrors.length ? `${id}-${name}-error` : null].filter(Boolean).join(" ") || undefined,
    };
  };
  const fieldError = (name: keyof InviteValues) =>
    (errors.fields[name] ?? []).length > 0 && (
      <span className="error-text" id={`${id}-${name}-error`} role="alert">
        {LABELS[name]} {errors.fields[name]!.join("; ")}
      </span>
    );
  const showAccount = selected !== undefined && selected.account !== "none";
  // The admin's picker, unless the list could not be loaded (then the id is typed).
  const picker = scope.admin && !accountsFailed;
  const pickable = accountOptions(accountResults ?? [], knownAccounts, values.accountId);

  return (
    <div className="page">
      <PageHeader
        title="Invite people"
        subtitle={
          scope.admin
            ? "Invite people to a role in this marketplace. The email's link lets them join."
            : "Invite members into the accounts you own. The email's link lets them join."
        }
      />
      {notice && (
        <p className={`alert ${notice.kind}`} role="status">
          {notice.text}
        </p>
      )}
      <form
        className="stack card"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-busy={busy}
        aria-label="Invite someone"
      >
        {errors.form.length > 0 && (
          <div className="alert error" role="alert">
            {errors.form.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        )}
        <label className="field">
          {LABELS.email}
          <input
            type="email"
            autoComplete="off"
            value={values.email}
            onChange={(e) => setValues((v) => ({ ...v, email: e.target.value }))}
            required
            {...fieldProps("email")}
          />
          {fieldError("email")}
        </label>
        <label className="field">
          {LABELS.role}
          <select
            value={values.role}
            onChange={(e) => setValues((v) => ({ ...v, role: e.target.value }))}
            required
            {...fieldProps("role")}
          >
            <option value="">Choose a role…</option>
            {(["tenant", "account", "user"] as const).map((tier) => {
              const ofTier = roles.filter((r) => r.tier === tier);
              return (
                ofTier.length > 0 && (
                  <optgroup
                    key={tier}
                    label={
                      tier === "tenant"
                        ? "Marketplace staff (tenant-wide)"
                        : tier === "account"
                          ? "Account roles"
                          : "Users"
                    }
                  >
                    {ofTier.map((r) => (
                      <option key={r.name} value={r.name}>
                        {r.label}
                      </option>
                    ))}
                  </optgroup>
                )
              );
            })}
          </select>
          {fieldError("role")}
        </label>
        {showAccount && picker && searchable && (
          <label className="field">
            Search accounts
            <input
              type="search"
              autoComplete="off"
              placeholder="Part of the account's name"
              value={accountSearch}
              onChange={(e) => setAccountSearch(e.target.value)}
              aria-controls={`${id}-accountId`}
            />
          </label>
        )}
        {showAccount && (
          <label className="field">
            {LABELS.accountId}
            {picker ? (
              <select
                id={`${id}-accountId`}
                value={values.accountId}
                onChange={(e) => setValues((v) => ({ ...v, accountId: e.target.value }))}
                required={selected.account === "required"}
                aria-busy={accountResults === null}
                {...fieldProps("accountId")}
              >
                <option value="">
                  {accountResults === null
                    ? "Loading accounts…"
                    : selected.account === "required"
                      ? "Choose an account…"
                      : "No account"}
                </option>
                {pickable.map((a) => (
                  <option key={a.id} value={a.id}>
                    {accountOptionLabel(a)}
                  </option>
                ))}
              </select>
            ) : scope.admin ? (
              <input
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder="00000000-0000-0000-0000-000000000000"
                value={values.accountId}
                onChange={(e) => setValues((v) => ({ ...v, accountId: e.target.value }))}
                required={selected.account === "required"}
                {...fieldProps("accountId")}
              />
            ) : (
              <select
                value={values.accountId || defaultAccount}
                onChange={(e) => setValues((v) => ({ ...v, accountId: e.target.value }))}
                required
                {...fieldProps("accountId")}
              >
                {scope.ownedAccounts.length > 1 && <option value="">Choose an account…</option>}
                {scope.ownedAccounts.map((a) => (
                  <option key={a} value={a}>
                    {accountLabel(a)}
                  </option>
                ))}
              </select>
            )}
            <span className="hint" id={`${id}-accountId-hint`}>
              {picker
                ? accountResults !== null && accountResults.length === 0
                  ? accountSearch.trim()
                    ? `No account's name contains “${accountSearch.trim()}”.`
                    : "This marketplace has no accounts yet."
                  : selected.account === "required"
                    ? "The account the person joins (an account role needs one)."
                    : "Optional: an account the person joins."
                : scope.admin
                  ? selected.account === "required"
                    ? "The id of the account the person joins (an account role needs one): the list of accounts cannot be loaded."
                    : "Optional: the id of an account the person joins (the list of accounts cannot be loaded)."
                  : "The person joins this account as a member."}
            </span>
            {fieldError("accountId")}
          </label>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? "Sending…" : "Send invitation"}
          </button>
        </div>
      </form>

      <h2>Pending invitations</h2>
      {listError && <ErrorNote title="The pending invitations cannot be loaded">{listError}</ErrorNote>}
      {!listError && !pending && <Loading />}
      {pending && pending.length === 0 && <p>No pending invitations.</p>}
      {pending && pending.length > 0 && (
        <div className="table-wrap">
          <table className="records">
            <caption className="sr-only">Pending invitations</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Account</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pending.map((i) => (
                <tr key={i.id}>
                  <td data-label="Email">{i.email}</td>
                  <td data-label="Role">{roleLabel(i.role)}</td>
                  <td data-label="Account">{accountLabel(i.accountId)}</td>
                  <td data-label="Expires">
                    <time dateTime={i.expiresAt}>{new Date(i.expiresAt).toLocaleString()}</time>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button small danger"
                      onClick={() => void revoke(i)}
                      disabled={revoking === i.id}
                      aria-label={`Revoke the invitation for ${i.email}`}
                    >
                      {revoking === i.id ? "Revoking…" : "Revoke"}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
