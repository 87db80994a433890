import { Fragment, useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import {
  acceptInvitation,
  forgotPassword,
  PLATFORM,
  register,
  resetPassword,
  signupOptions,
  tenantRealm,
  verifyEmail,
  type AuthTier,
  type Realm,
  type SignupOption,
} from "../../api/auth-api.ts";
import { ProblemError } from "../../api/http.ts";
import {
  addedRoles,
  CONFIRM_PASSWORD,
  formErrorsFromProblem,
  hasErrors,
  isLinkTokenProblem,
  NO_ERRORS,
  resetRequestedNotice,
  validateAuthForm,
  type FormErrors,
} from "../../core/auth-form.ts";
import { humanize, pickLabel } from "../../core/labels.ts";
import { navigate } from "../../store/router-store.ts";
import { loginRoute, useAuthStore } from "../../store/auth-store.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

interface FieldSpec {
  name: string;
  label: string;
  type: "text" | "email" | "password";
  autoComplete: string;
  hint?: string;
}

const TENANT: FieldSpec = {
  name: "tenant",
  label: "Marketplace (tenant slug)",
  type: "text",
  autoComplete: "organization",
};
const EMAIL: FieldSpec = { name: "email", label: "Email", type: "email", autoComplete: "email" };

const PASSWORD: FieldSpec = { name: "password", label: "Password", type: "password", autoComplete: "current-password" };
const NAME: FieldSpec = { name: "name", label: "Name", type: "text", autoComplete: "name" };
const NEW_PASSWORD: FieldSpec = {
  name: "password",
  label: "New password",
  type: "password",
  autoComplete: "new-password",
  hint: "At least 10 characters.",
};
const CONFIRM: FieldSpec = {
  name: CONFIRM_PASSWORD,
  label: "Repeat the new password",
  type: "password",
  autoComplete: "new-password",
};

const LOGIN_FIELDS: FieldSpec[] = [TENANT, EMAIL, PASSWORD];
const PLATFORM_LOGIN_FIELDS: FieldSpec[] = [EMAIL, PASSWORD];
const SIGNUP_FIELDS: FieldSpec[] = [TENANT, NAME, EMAIL, { ...NEW_PASSWORD, label: "Password" }];

/** The error of a failed request, mapped onto the form's fields. */
function toFormErrors(error: unknown, fields: FieldSpec[]): FormErrors {
  if (error instanceof ProblemError)
    return formErrorsFromProblem(
      error.problem,
      fields.map((f) => f.name),
    );
  return { fields: {}, form: [(error as Error).message] };
}

function AuthForm({
  fields,
  submitLabel,
  onSubmit,
  onChange,
  after,
  closed,
}: {
  fields: FieldSpec[];
  submitLabel: string;
  onSubmit(values: Record<string, string>): Promise<void>;
  /** Told each value as it changes (the sign-up page follows the tenant). */
  onChange?(values: Record<string, string>): void;
  /** Controls shown after the named field (the sign-up options after the tenant). */
  after?: { field: string; node: ReactNode };
  /** A reason the form cannot be sent: shown, and the submit button disabled. */
  closed?: string | null;
}) {
  const id = useId();
  const tenant = useSessionStore((s) => s.tenant);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, f.name === "tenant" ? (tenant ?? "") : ""])),
  );
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  // The tenant may arrive after the page (resolved from the address): fill a field nobody typed in.
  useEffect(() => {
    if (tenant) setValues((v) => ("tenant" in v && v.tenant === "" ? { ...v, tenant } : v));
  }, [tenant]);
  useEffect(() => onChange?.(values), [values, onChange]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateAuthForm(
      values,
      fields.map((f) => f.name),
    );
    setErrors(local);
    if (hasErrors(local)) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (error) {
      setErrors(toFormErrors(error, fields));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="stack" onSubmit={submit} noValidate aria-busy={busy}>
      {errors.form.length > 0 && (
        <div className="alert error" role="alert">
          {errors.form.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      {fields.map((f) => {
        const fieldErrors = errors.fields[f.name] ?? [];
        const errorId = `${id}-${f.name}-error`;
        const hintId = `${id}-${f.name}-hint`;
        const describedBy =
          [f.hint ? hintId : null, fieldErrors.length ? errorId : null].filter(Boolean).join(" ") || undefined;
        const field = (
          <label key={f.name} className="field">
            {f.label}
            <input
              name={f.name}
              type={f.type}
              autoComplete={f.autoComplete}
              value={values[f.name] ?? ""}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              aria-invalid={fieldErrors.length ? true : undefined}
              aria-describedby={describedBy}
              required
            />
            {f.hint && (
              <span className="hint" id={hintId}>
                {f.hint}
              </span>
            )}
            {fieldErrors.length > 0 && (
              <span className="error-text" id={errorId} role="alert">
                {f.label} {fieldErrors.join("; ")}
              </span>
            )}
          </label>
        );
        return after?.field === f.name ? (
          <Fragment key={f.name}>
            {field}
            {after.node}
          </Fragment>
        ) : (
          field
        );
      })}
      {closed && (
        <p className="alert warning" role="status">
          {closed}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || Boolean(closed)}>
          {busy ? "Please wait…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

const realmOfForm = (tier: AuthTier, tenant: string | undefined): Realm =>
  tier === "platform" ? PLATFORM : tenantRealm((tenant ?? "").trim());

/**
 * Login on a tenant's marketplace, or (`tier="platform"`) on the platform for super admins:
 * the same auth store either way. The access token goes to the store (memory), the refresh
 * token stays in its httpOnly cookie.
 */
export function LoginPage({ tier = "tenant" }: { tier?: AuthTier }) {
  const logIn = useAuthStore((s) => s.logIn);
  const user = useAuthStore((s) => s.user);
  const notice = useAuthStore((s) => s.notice);
  const platform = tier === "platform";
  return (
    <div className="page narrow">
      <PageHeader
        title={platform ? "Platform log in" : "Log in"}
        subtitle={
          user
            ? `Signed in as ${user.email || user.id}.`
            : platform
              ? "Super admins sign in to run the platform."
              : "Sign in to your marketplace account."
        }
      />
      {notice && !user && (
        <p className="alert warning" role="status">
          {notice}
        </p>
      )}
      <AuthForm
        key={tier}
        fields={platform ? PLATFORM_LOGIN_FIELDS : LOGIN_FIELDS}
        submitLabel="Log in"
        onSubmit={async ({ tenant, email, password }) => {
          await logIn(realmOfForm(tier, tenant), email.trim(), password);
          navigate({ name: "home" });
        }}
      />
      <p>
        <Link to={platform ? { name: "forgot-password", tier: "platform" } : { name: "forgot-password" }}>
          Forgot password?
        </Link>
      </p>
      {platform ? (
        <p>
          Signing in to a marketplace? <Link to={{ name: "login" }}>Marketplace log in</Link>.
        </p>
      ) : (
        <p>
          No account yet? <Link to={{ name: "signup" }}>Sign up</Link>. Super admins:{" "}
          <Link to={{ name: "platform-login" }}>platform log in</Link>. Developers:{" "}
          <Link to={{ name: "session" }}>session settings</Link>.
        </p>
      )}
    </div>
  );
}

/**
 * Asks for a reset link. The runtime answers 202 whether or not the address has an account,
 * and so does this page: one neutral confirmation, so nobody learns who is registered.
 */
export function ForgotPasswordPage({ tier = "tenant" }: { tier?: AuthTier }) {
  const [sent, setSent] = useState<string | null>(null);
  const platform = tier === "platform";
  return (
    <div className="page narrow">
      <PageHeader
        title="Forgot password"
        subtitle={platform ? "For super admins of the platform." : "We email you a link to choose a new password."}
      />
      {sent ? (
        <p className="alert info" role="status">
          {/* One flex item: .alert.info lays its children out in a row. */}
          <span>
            {sent} <Link to={loginRoute(platform ? PLATFORM : null)}>Back to log in</Link>.
          </span>
        </p>
      ) : (
        <AuthForm
          key={tier}
          fields={platform ? [EMAIL] : [TENANT, EMAIL]}
          submitLabel="Send reset link"
          onSubmit={async ({ tenant, email }) => {
            const realm = realmOfForm(tier, tenant);
            await forgotPassword(realm, email.trim());
            // The link opens the reset page in this browser, which then knows the tenant.
            if (realm.tier === "tenant") useSessionStore.getState().update({ tenant: realm.tenant });
            setSent(
              resetRequestedNotice(email.trim(), realm.tier === "platform" ? "platform" : { tenant: realm.tenant }),
            );
          }}
        />
      )}
      {!sent && (
        <p>
          Remembered it? <Link to={loginRoute(platform ? PLATFORM : null)}>Log in</Link>.
        </p>
      )}
    </div>
  );
}

/** What the sign-up page knows of a tenant's sign-up options. */
type SignupChoices =
  | { state: "none" }
  | { state: "loading"; tenant: string }
  | { state: "ready"; tenant: string; open: boolean; options: SignupOption[] };

/** The tenant's sign-up options, asked for once the slug has stopped changing. */
function useSignupChoices(tenant: string): SignupChoices {
  const [choices, setChoices] = useState<SignupChoices>({ state: "none" });
  useEffect(() => {
    const slug = tenant.trim();
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(slug)) {
      setChoices({ state: "none" });
      return;
    }
    let live = true;
    setChoices({ state: "loading", tenant: slug });
    const timer = setTimeout(() => {
      signupOptions(slug).then(
        (answer) =>
          live &&
          setChoices({ state: "ready", tenant: slug, open: answer.open !== false, options: answer.options ?? [] }),
        // An unknown tenant offers nothing: the form says so when it is sent.
        () => live && setChoices({ state: "none" }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [tenant]);
  return choices;
}

/**
 * End-user sign-up (`202`: a confirmation email goes out; its link opens VerifyEmailPage).
 * The ways to sign up are the tenant's templates' (`GET …/signup-options`): one is chosen, and
 * an account option asks for the name of the account it creates (the new user owns it).
 */
export function SignupPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const locale = useSessionStore((s) => s.locale);
  const [tenant, setTenant] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  const choices = useSignupChoices(tenant);
  const legendId = useId();
  const onChange = useCallback((values: Record<string, string>) => setTenant(values.tenant ?? ""), []);
  const options = choices.state === "ready" && choices.open ? choices.options : [];
  const option = options.find((o) => o.name === chosen) ?? options[0] ?? null;
  const fields: FieldSpec[] = option?.account
    ? [
        TENANT,
        {
          name: "accountName",
          label: pickLabel(option.account.label, locale, "Account name"),
          type: "text",
          autoComplete: "organization",
          hint: "The account this sign-up creates; you own it and can invite its members.",
        },
        ...SIGNUP_FIELDS.slice(1),
      ]
    : SIGNUP_FIELDS;
  const picker =
    options.length > 0 ? (
      <fieldset className="field" role="radiogroup" aria-labelledby={legendId}>
        <legend id={legendId}>Sign up as</legend>
        {options.map((o) => (
          <label key={o.name} className="choice">
            <input
              type="radio"
              name="as"
              value={o.name}
              checked={option?.name === o.name}
              onChange={() => setChosen(o.name)}
            />
            {pickLabel(o.label, locale, humanize(o.name))}
          </label>
        ))}
      </fieldset>
    ) : null;
  return (
    <div className="page narrow">
      <PageHeader title="Sign up" subtitle="Create an account on a marketplace." />
      {sentTo ? (
        <p className="alert info" role="status">
          {/* One flex item: .alert.info lays its children out in a row. */}
          <span>
            Account requested for {sentTo}. Check your email and follow the link to confirm it, then{" "}
            <Link to={{ name: "login" }}>log in</Link>.
          </span>
        </p>
      ) : (
        <AuthForm
          fields={fields}
          submitLabel="Sign up"
          onChange={onChange}
          after={picker ? { field: "tenant", node: picker } : undefined}
          closed={
            choices.state === "ready" && !choices.open
              ? "This marketplace takes no sign-ups: ask someone there for an invitation."
              : null
          }
          onSubmit={async ({ tenant: typed, name, email, password, accountName }) => {
            const slug = typed.trim();
            await register(slug, {
              email: email.trim(),
              name: name.trim(),
              password,
              ...(option ? { as: option.name } : {}),
              ...(option?.account ? { accountName: accountName.trim() } : {}),
            });
            useSessionStore.getState().update({ tenant: slug });
            setSentTo(email.trim());
          }}
        />
      )}
      {!sentTo && (
        <p>
          Already registered? <Link to={{ name: "login" }}>Log in</Link>.
        </p>
      )}
    </div>
  );
}

/** One request per token, however often the page mounts (StrictMode, a re-render): the token works once. */
const confirmations = new Map<string, Promise<unknown>>();

/** The token just taken from the address bar, for StrictMode's second run of a state initializer (same render). */
let justTaken: { path: string; token: string } | null = null;

/** The token of the link, taken out of the address bar so it does not linger in history. */
function takeLinkToken(): string | null {
  if (typeof location === "undefined") return null;
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  if (!token) return justTaken?.path === location.pathname ? justTaken.token : null;
  history.replaceState(null, "", location.pathname + location.search);
  justTaken = { path: location.pathname, token };
  queueMicrotask(() => (justTaken = null));
  return token;
}

/** The page's message when a link's token is unusable (the server's words, else ours). */
function LinkUnusable({ title, problem, children }: { title: string; problem: string | null; children: ReactNode }) {
  return (
    <ErrorNote title={title}>
      {problem && <p>{problem}</p>}
      <p>{children}</p>
    </ErrorNote>
  );
}

type LinkState = { status: "form" } | { status: "done" } | { status: "unusable"; message: string | null };

/**
 * The link of the reset email: a new password for the account. The token leaves the address
 * bar at once. A platform link names its tier (`/studio/platform/auth/reset-password#token=…`,
 * `tier="platform"`): the page is the platform's, with no tenant to ask for. A tenant link
 * (`/studio/auth/reset-password#token=…`) assumes this browser's marketplace and still offers
 * the platform, for a MONO_PLATFORM_URL that points at the studio itself.
 */
export function ResetPasswordPage({ tier: linkTier }: { tier?: AuthTier }) {
  const [token] = useState(takeLinkToken);
  const [tier, setTier] = useState<AuthTier>(linkTier ?? "tenant");
  const [state, setState] = useState<LinkState>({ status: "form" });
  const platform = tier === "platform";

  return (
    <div className="page narrow">
      <PageHeader
        title="Choose a new password"
        subtitle={platform ? "For your platform (super admin) account." : "For your marketplace account."}
      />
      {!token && (
        <LinkUnusable title="This link has no reset token" problem={null}>
          Open the link from the email again, or{" "}
          <Link to={platform ? { name: "forgot-password", tier: "platform" } : { name: "forgot-password" }}>
            ask for a new one
          </Link>
          .
        </LinkUnusable>
      )}
      {state.status === "unusable" && (
        <LinkUnusable title="This reset link cannot be used" problem={state.message}>
          Links work once and expire.{" "}
          <Link to={platform ? { name: "forgot-password", tier: "platform" } : { name: "forgot-password" }}>
            Ask for a new link
          </Link>
          .
        </LinkUnusable>
      )}
      {state.status === "done" && (
        <p className="alert success" role="status">
          Your password has been changed and every other session of this account has ended.{" "}
          <Link to={loginRoute(platform ? PLATFORM : null)}>Log in</Link> with the new password.
        </p>
      )}
      {token && state.status === "form" && (
        <>
          <AuthForm
            key={tier}
            fields={platform ? [NEW_PASSWORD, CONFIRM] : [TENANT, NEW_PASSWORD, CONFIRM]}
            submitLabel="Set new password"
            onSubmit={async ({ tenant, password }) => {
              const realm = realmOfForm(tier, tenant);
              try {
                await resetPassword(realm, token, password);
              } catch (error) {
                if (error instanceof ProblemError && isLinkTokenProblem(error.problem))
                  return setState({ status: "unusable", message: error.problem.detail ?? null });
                throw error;
              }
              if (realm.tier === "tenant") useSessionStore.getState().update({ tenant: realm.tenant });
              setState({ status: "done" });
            }}
          />
          {/* A platform link says its tier; a tenant link may still be a super admin's (an older MONO_PLATFORM_URL). */}
          {linkTier !== "platform" && (
            <p>
              <button type="button" className="link-button" onClick={() => setTier(platform ? "tenant" : "platform")}>
                {platform ? "This is a marketplace account" : "This is a platform (super admin) account"}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** A role's label in the installed templates (`shift-lead` → "Shift lead"). */
function useRoleLabel(): (role: string) => string {
  const templates = useRegistryStore((s) => s.registry?.templates);
  const locale = useSessionStore((s) => s.locale);
  return (role) => {
    const found = templates?.flatMap((t) => t.roles).find((r) => r.name === role);
    return found ? pickLabel(found.label, locale, humanize(role)) : humanize(role);
  };
}

type AcceptState = LinkState | { status: "accepted"; tenant: string; roles: string[] };

/**
 * `/studio/auth/accept-invitation#token=…`, the link of the invitation email. The runtime has
 * no endpoint that describes an invitation before it is accepted, so the page says what
 * accepting does, and afterwards which role it brought. A new person creates the account
 * (name and password); someone who already has one on that marketplace accepts signed in
 * (here, or by logging in on this page: the token stays in memory, never in storage).
 * Accepting signs the user in.
 */
export function AcceptInvitationPage() {
  const [token] = useState(takeLinkToken);
  const [state, setState] = useState<AcceptState>({ status: "form" });
  const [mode, setMode] = useState<"new" | "existing">("new");
  const [note, setNote] = useState<string | null>(null);
  const user = useAuthStore((s) => s.user);
  const signedInTenant = useAuthStore((s) => (s.tier === "tenant" && s.user ? s.tenant : null));
  const roleLabel = useRoleLabel();

  /** Accepts for `tenant`; with `asSignedIn` the request carries the signed-in user's token. */
  const accept = async (tenant: string, body: { name?: string; password?: string }, asSignedIn: boolean) => {
    const before = asSignedIn ? (useAuthStore.getState().user?.roles ?? []) : [];
    let session;
    try {
      session = await acceptInvitation(tenant, { token: token!, ...body }, asSignedIn);
    } catch (error) {
      if (error instanceof ProblemError && isLinkTokenProblem(error.problem))
        return setState({ status: "unusable", message: error.problem.detail ?? null });
      // The email has an account here: accept signed in instead (the token is still in memory).
      if (error instanceof ProblemError && error.problem.status === 409 && !asSignedIn) {
        setMode("existing");
        setNote(error.problem.detail ?? "This email already has an account here.");
        return;
      }
      throw error;
    }
    await useAuthStore.getState().adopt(tenant, session);
    setState({ status: "accepted", tenant, roles: addedRoles(before, session.identity.roles ?? []) });
  };

  const [signedInError, setSignedInError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Accepts as the signed-in user; a refusal (another address: 403) shows above the button. */
  const acceptSignedIn = async (tenant: string) => {
    setBusy(true);
    setSignedInError(null);
    try {
      await accept(tenant, {}, true);
    } catch (error) {
      setSignedInError(
        error instanceof ProblemError ? (error.problem.detail ?? error.message) : (error as Error).message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page narrow">
      <PageHeader
        title="Accept the invitation"
        subtitle="You were invited to join a marketplace. Accepting adds the invited role to your account there."
      />
      {!token && (
        <LinkUnusable title="This link has no invitation token" problem={null}>
          Open the link from the invitation email again.
        </LinkUnusable>
      )}
      {state.status === "unusable" && (
        <LinkUnusable title="This invitation cannot be used" problem={state.message}>
          Invitations work once and expire, and can be revoked. Ask whoever invited you to send a new one.
        </LinkUnusable>
      )}
      {state.status === "accepted" && (
        <p className="alert success" role="status">
          Welcome to {state.tenant}.{" "}
          {state.roles.length > 0 ? `You joined as ${state.roles.map(roleLabel).join(", ")}. ` : ""}
          You are signed in. <Link to={{ name: "home" }}>Continue</Link>.
        </p>
      )}
      {token && state.status === "form" && signedInTenant && (
        <div className="stack">
          {signedInError && (
            <div className="alert error" role="alert">
              <p>{signedInError}</p>
            </div>
          )}
          <p>
            You are signed in to {signedInTenant} as {user?.email || user?.id}. The invitation must have been sent to
            this address.
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button primary"
              onClick={() => void acceptSignedIn(signedInTenant)}
              disabled={busy}
            >
              {busy ? "Please wait…" : "Accept invitation"}
            </button>
          </div>
          <p>Invited at another address? Log out, then open the link from the email again.</p>
        </div>
      )}
      {token && state.status === "form" && !signedInTenant && (
        <>
          {note && (
            <p className="alert warning" role="status">
              {note} Log in to accept the invitation.
            </p>
          )}
          {mode === "new" ? (
            <AuthForm
              key="new"
              fields={[TENANT, NAME, NEW_PASSWORD, CONFIRM]}
              submitLabel="Create account and accept"
              onSubmit={async ({ tenant, name, password }) =>
                accept(tenant.trim(), { name: name.trim(), password }, false)
              }
            />
          ) : (
            <AuthForm
              key="existing"
              fields={LOGIN_FIELDS}
              submitLabel="Log in and accept"
              onSubmit={async ({ tenant, email, password }) => {
                // A wrong password stays on this form; once signed in, the page shows the signed-in view.
                await useAuthStore.getState().logIn(tenant.trim(), email.trim(), password);
                await acceptSignedIn(tenant.trim());
              }}
            />
          )}
          <p>
            <button
              type="button"
              className="link-button"
              onClick={() => (setMode(mode === "new" ? "existing" : "new"), setNote(null))}
            >
              {mode === "new" ? "I already have an account on this marketplace" : "I am new here: create an account"}
            </button>
          </p>
        </>
      )}
    </div>
  );
}

/** `/studio/auth/verify-email#token=…`: confirms the email of a sign-up (tenant from this browser's session, else asked for). */
export function VerifyEmailPage() {
  const [token] = useState(takeLinkToken);
  const storedTenant = useSessionStore((s) => s.tenant);
  const [tenant, setTenant] = useState(storedTenant ?? "");
  const [state, setState] = useState<{ status: "idle" | "busy" | "done" } | { status: "error"; message: string }>({
    status: "idle",
  });

  const confirm = async (slug: string) => {
    if (!token) return;
    setState({ status: "busy" });
    const key = `${slug}\n${token}`;
    let pending = confirmations.get(key);
    if (!pending) confirmations.set(key, (pending = verifyEmail(slug, token)));
    try {
      await pending;
      useSessionStore.getState().update({ tenant: slug });
      setState({ status: "done" });
    } catch (error) {
      setState({
        status: "error",
        message: error instanceof ProblemError ? (error.problem.detail ?? error.message) : (error as Error).message,
      });
    }
  };

  useEffect(() => {
    if (storedTenant && token) void confirm(storedTenant);
    // Once, for the link that opened the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="page narrow">
      <PageHeader title="Confirm your email" />
      {!token && (
        <ErrorNote title="This link has no confirmation token">
          Open the link from the email again, or sign up once more for a new one.
        </ErrorNote>
      )}
      {state.status === "busy" && <Loading label="Confirming…" />}
      {state.status === "done" && (
        <p className="alert success" role="status">
          Your email address is confirmed. You can now <Link to={{ name: "login" }}>log in</Link>.
        </p>
      )}
      {state.status === "error" && <ErrorNote title="The email could not be confirmed">{state.message}</ErrorNote>}
      {token && !storedTenant && state.status !== "done" && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (tenant.trim()) void confirm(tenant.trim());
          }}
        >
          <label className="field">
            {TENANT.label}
            <input
              name="tenant"
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              autoComplete="organization"
              required
            />
          </label>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={state.status === "busy"}>
              Confirm email
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
