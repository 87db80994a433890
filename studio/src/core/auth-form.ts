import { pointerPath, type Problem } from "./problem-errors.ts";

/** A form's server errors: per known field, and the rest (shown above the form). */
export interface FormErrors {
  fields: Record<string, string[]>;
  form: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, form: [] };

/**
 * problem+json → errors on the form's own fields (`errors[].pointer` `/body/email` → `email`).
 * Pointers to unknown fields, and problems without `errors`, become form-level messages.
 */
export function formErrorsFromProblem(problem: Problem, fieldNames: readonly string[]): FormErrors {
  const out: FormErrors = { fields: {}, form: [] };
  for (const error of problem.errors ?? []) {
    const path = pointerPath(error.pointer);
    const field = path?.[0];
    if (field && fieldNames.includes(field)) (out.fields[field] ??= []).push(error.message);
    else out.form.push(path && path.length ? `${path.join(".")} ${error.message}` : error.message);
  }
  if (!problem.errors?.length) out.form.push(problem.detail ?? problem.title ?? `Request failed (${problem.status}).`);
  return out;
}

/** Client-side checks before a request (the server checks again). */
export function validateAuthForm(values: Record<string, string>, fieldNames: readonly string[]): FormErrors {
  const out: FormErrors = { fields: {}, form: [] };
  for (const name of fieldNames) if (!values[name]?.trim()) out.fields[name] = ["is required"];
  if (values.email?.trim() && !/^[^\s@]+@[^\s@]+$/.test(values.email.trim()))
    (out.fields.email ??= []).push("must be an email address");
  // The repeated new password never leaves the browser: it only has to match.
  if (fieldNames.includes(CONFIRM_PASSWORD) && values[CONFIRM_PASSWORD] && values[CONFIRM_PASSWORD] !== values.password)
    (out.fields[CONFIRM_PASSWORD] ??= []).push("does not match the new password");
  return out;
}

/** The field repeating a new password (checked here, not sent). */
export const CONFIRM_PASSWORD = "confirmPassword";

export const hasErrors = (errors: FormErrors) => errors.form.length > 0 || Object.keys(errors.fields).length > 0;

/**
 * Whether a problem says the token of an email link is unusable (invalid, used, revoked or
 * expired: the runtime points at `/body/token`). Then no field can fix it: the page says so.
 */
export const isLinkTokenProblem = (problem: Problem) => (problem.errors ?? []).some((e) => e.pointer === "/body/token");

/** The one confirmation a reset request gets, whether or not the address has an account. */
export function resetRequestedNotice(email: string, where: { tenant: string } | "platform"): string {
  const place = where === "platform" ? "on the platform" : `on ${where.tenant}`;
  return `If ${email} belongs to an account ${place}, a link to choose a new password is on its way. It works once and expires soon; check your spam folder if nothing arrives.`;
}

/** Roles a session has that it did not have before (what an accepted invitation added). */
export const addedRoles = (before: readonly string[], after: readonly string[]) => [
  ...new Set(after.filter((r) => !before.includes(r))),
];
