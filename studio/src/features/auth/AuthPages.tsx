import { useId, useState, type FormEvent } from "react";
import { login, register } from "../../api/auth-api.ts";
import { ProblemError } from "../../api/http.ts";
import { formErrorsFromProblem, hasErrors, NO_ERRORS, validateAuthForm, type FormErrors } from "../../core/auth-form.ts";
import { navigate } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { PageHeader } from "../shell/PageStates.tsx";

interface FieldSpec {
  name: string;
  label: string;
  type: "text" | "email" | "password";
  autoComplete: string;
  hint?: string;
}

const TENANT: FieldSpec = { name: "tenant", label: "Marketplace (tenant slug)", type: "text", autoComplete: "organization" };
const EMAIL: FieldSpec = { name: "email", label: "Email", type: "email", autoComplete: "email" };

const LOGIN_FIELDS: FieldSpec[] = [TENANT, EMAIL, { name: "password", label: "Password", type: "password", autoComplete: "current-password" }];
const SIGNUP_FIELDS: FieldSpec[] = [
  TENANT,
  { name: "name", label: "Name", type: "text", autoComplete: "name" },
  EMAIL,
  { name: "password", label: "Password", type: "password", autoComplete: "new-password", hint: "At least 10 characters." },
];

/** The error of a failed request, mapped onto the form's fields. */
function toFormErrors(error: unknown, fields: FieldSpec[]): FormErrors {
  if (error instanceof ProblemError) return formErrorsFromProblem(error.problem, fields.map((f) => f.name));
  return { fields: {}, form: [(error as Error).message] };
}

function AuthForm({ fields, submitLabel, onSubmit }: { fields: FieldSpec[]; submitLabel: string; onSubmit(values: Record<string, string>): Promise<void> }) {
  const id = useId();
  const tenant = useSessionStore((s) => s.tenant);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.name, f.name === "tenant" ? (tenant ?? "") : ""])));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = validateAuthForm(values, fields.map((f) => f.name));
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
        const describedBy = [f.hint ? hintId : null, fieldErrors.length ? errorId : null].filter(Boolean).join(" ") || undefined;
        return (
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
      })}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Please wait…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** End-user login: stores the access token in the session store (sent as Bearer). */
export function LoginPage() {
  const signIn = useSessionStore((s) => s.signIn);
  const user = useSessionStore((s) => s.user);
  return (
    <div className="page narrow">
      <PageHeader title="Log in" subtitle={user ? `Signed in as ${user.email}.` : "Sign in to your marketplace account."} />
      <AuthForm
        fields={LOGIN_FIELDS}
        submitLabel="Log in"
        onSubmit={async ({ tenant, email, password }) => {
          const slug = tenant.trim();
          const session = await login(slug, { email: email.trim(), password });
          signIn(slug, session.accessToken, { id: String(session.identity?.userId ?? ""), email: email.trim(), name: "" });
          navigate({ name: "home" });
        }}
      />
      <p>
        No account yet? <Link to={{ name: "signup" }}>Sign up</Link>. Developers: <Link to={{ name: "session" }}>session settings</Link>.
      </p>
    </div>
  );
}

/** End-user sign-up (`202`: a confirmation email goes out; then log in). */
export function SignupPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <div className="page narrow">
      <PageHeader title="Sign up" subtitle="Create an account on a marketplace." />
      {sentTo ? (
        <p className="alert info" role="status">
          Account requested for {sentTo}. Check your email to confirm it, then <Link to={{ name: "login" }}>log in</Link>.
        </p>
      ) : (
        <AuthForm
          fields={SIGNUP_FIELDS}
          submitLabel="Sign up"
          onSubmit={async ({ tenant, name, email, password }) => {
            const slug = tenant.trim();
            await register(slug, { email: email.trim(), name: name.trim(), password });
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
