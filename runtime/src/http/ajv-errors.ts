import type { ErrorObject } from "ajv";
import type { FieldError } from "./problem.ts";

const escapeToken = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Ajv errors → field errors with JSON pointers under `prefix` (e.g. `/body`). Missing and
 * unknown keys point at the key itself, not at the object holding it.
 */
export function ajvErrorsToFieldErrors(
  errors: readonly ErrorObject[] | null | undefined,
  prefix: string,
  /** The template's messages per locale for this failure, if it states any. */
  messagesFor?: (error: ErrorObject) => Readonly<Record<string, string>> | undefined,
): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const params = error.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
    let pointer = prefix + error.instancePath;
    let message = error.message ?? "is invalid";
    if (params.missingProperty !== undefined) {
      pointer += "/" + escapeToken(params.missingProperty);
      message = "is required";
    } else if (params.additionalProperty !== undefined) {
      pointer += "/" + escapeToken(params.additionalProperty);
      message = "is not a known field";
    } else if (error.keyword === "enum" && params.allowedValues) {
      message = `must be one of: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    } else if (error.keyword === "if" || error.keyword === "anyOf") {
      continue;
    }
    const key = `${pointer}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const messages = messagesFor?.(error);
    out.push(messages ? { pointer, message, messages } : { pointer, message });
  }
  return out;
}
