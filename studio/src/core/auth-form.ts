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
  if (values.email?.trim() && !/^[^\s@]+@[^\s@]+$/.test(values.email.trim())) (out.fields.email ??= []).push("must be an email address");
  return out;
}

export const hasErrors = (errors: FormErrors) => errors.form.length > 0 || Object.keys(errors.fields).length > 0;
