/**
 * Server validation errors (RFC 9457 problem+json, `errors: [{ pointer: "/body/x", message }]`)
 * turned into RJSF's `extraErrors` (an ErrorSchema), so each message shows on its own field.
 */
export interface FieldError {
  pointer: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

/** RJSF's ErrorSchema: nested objects with `__errors` lists. */
export type ErrorSchema = { __errors?: string[] } & { [key: string]: ErrorSchema | string[] | undefined };

export interface MappedErrors {
  /** For the form's `extraErrors`. */
  errorSchema: ErrorSchema;
  /** Errors that concern the whole body or no body field (shown above the form). */
  formErrors: string[];
  /** Top-level properties that have an error, in the order the server listed them. */
  fields: string[];
}

/** `/body/location/city` → `["location", "city"]`; null when it does not point into `prefix`. */
export function pointerPath(pointer: string, prefix = "/body"): string[] | null {
  if (pointer !== prefix && !pointer.startsWith(`${prefix}/`)) return null;
  return pointer
    .slice(prefix.length)
    .split("/")
    .slice(1)
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function problemToErrors(problem: Problem, prefix = "/body"): MappedErrors {
  const errorSchema: ErrorSchema = {};
  const formErrors: string[] = [];
  const fields: string[] = [];
  for (const error of problem.errors ?? []) {
    const path = pointerPath(error.pointer, prefix);
    if (!path || path.length === 0) {
      formErrors.push(error.message);
      continue;
    }
    let node = errorSchema;
    for (const key of path) {
      const next = (node[key] as ErrorSchema | undefined) ?? {};
      node[key] = next;
      node = next;
    }
    (node.__errors ??= []).push(error.message);
    if (!fields.includes(path[0])) fields.push(path[0]);
  }
  if (!problem.errors?.length)
    formErrors.push(problem.detail ?? problem.title ?? `Request failed (${problem.status}).`);
  return { errorSchema, formErrors, fields };
}

/** Whether a value looks like a problem body. */
export function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as Problem).status === "number";
}
