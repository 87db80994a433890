import { ApiError, type FieldError } from "../../http/problem.ts";
import type { EntityView } from "../model/types.ts";

interface PgError {
  code?: string;
  detail?: string;
  message?: string;
  constraint?: string;
}

/**
 * A value PostgreSQL could not cast or store (class 22: bad text for a uuid, a time zone
 * offset out of range, a year 0, a number too large) → 400 pointing at the fields that hold
 * it. PostgreSQL names the value, not the parameter, so the body is searched for it; when it
 * is not found (a message without the value) the error points at the body as a whole.
 */
export function castErrorPointers(error: PgError, body: unknown, prefix: string): FieldError[] {
  const message = error.message ?? "";
  const value = /: "([\s\S]*)"$/.exec(message)?.[1] ?? /^value "([\s\S]*)" is out of range/.exec(message)?.[1];
  const found: FieldError[] = [];
  const explain = "cannot be stored: " + message.replace(/: "[\s\S]*"$/, "").slice(0, 200);
  const visit = (node: unknown, pointer: string) => {
    if (found.length >= 20) return;
    if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${pointer}/${i}`));
    else if (node !== null && typeof node === "object")
      for (const [key, item] of Object.entries(node)) visit(item, `${pointer}/${escapePointer(key)}`);
    else if (value !== undefined && (typeof node === "string" || typeof node === "number") && String(node) === value)
      found.push({ pointer, message: explain });
  };
  visit(body, prefix);
  return found.length ? found : [{ pointer: prefix, message: explain }];
}

const escapePointer = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * A unique violation → 409 pointing at the fields of the violated key (from the server's
 * `Key ("tenantId", slug)=(…)` detail); other errors pass through to the error handler.
 */
export function mapWriteError(error: unknown, view: EntityView, prefix: string, body?: unknown): unknown {
  const e = error as PgError;
  if (typeof e?.code === "string" && e.code.startsWith("22"))
    return new ApiError("RT_ERR_VALIDATION", "A value cannot be stored.", castErrorPointers(e, body, prefix));
  // An exclusion's trigger (generators/src/prisma/sql-computed.ts) names the exclusion as its constraint.
  if (e?.code === "23P01") {
    const exclusion =
      view.entity.exclusions?.find((x) => x.id === e.constraint) ??
      view.entity.exclusions?.find((x) => e.message?.includes(`(${x.id})`));
    const fields = exclusion ? [exclusion.start, exclusion.end] : [];
    return new ApiError(
      "RT_ERR_CONFLICT",
      `This ${view.entity.name} overlaps another one${exclusion ? ` with the same ${exclusion.per.join(" and ")}` : ""}.`,
      fields.map((name) => ({ pointer: `${prefix}/${name}`, message: "overlaps another record's range" })),
    );
  }
  // A cross-field fact's CHECK constraint (x-gt / x-gte): point at both fields of the facts the body touches.
  if (e?.code === "23514") {
    const given = body !== null && typeof body === "object" ? Object.keys(body) : [];
    const facts = view.entity.comparisons.filter((c) => given.includes(c.field) || given.includes(c.than));
    return new ApiError(
      "RT_ERR_VALIDATION",
      "Some fields break a rule between them.",
      (facts.length ? facts : view.entity.comparisons).flatMap((c) => [
        {
          pointer: `${prefix}/${c.field}`,
          message: `must be ${c.op === "gt" ? "greater than" : "at least"} ${c.than}`,
        },
        { pointer: `${prefix}/${c.than}`, message: `must be ${c.op === "gt" ? "less than" : "at most"} ${c.field}` },
      ]),
    );
  }
  if (e?.code === "23505") {
    const columns =
      /^Key \((.*?)\)=/
        .exec(e.detail ?? "")?.[1]
        .split(", ")
        .map((c) => c.replace(/^"|"$/g, "")) ?? [];
    const names = columns
      .filter((c) => c !== "tenantId")
      .map((c) => view.entity.fields.find((f) => f.columns.some((fc) => fc.name === c))?.name ?? c);
    const errors = names.map((name) => ({
      pointer: `${prefix}/${name}`,
      message: "is already used by another record",
    }));
    return new ApiError(
      "RT_ERR_UNIQUE",
      `A ${view.entity.name} with this ${names.join(" and ") || "value"} already exists.`,
      errors,
    );
  }
  if (e?.code === "23503") {
    return new ApiError("RT_ERR_UNPROCESSABLE", "A referenced record does not exist.");
  }
  return error;
}

/** Hard delete of a row others still point at (onDelete: restrict) → 409. */
export function mapDeleteError(error: unknown, view: EntityView): unknown {
  if ((error as PgError)?.code === "23503") {
    return new ApiError(
      "RT_ERR_CONFLICT",
      `This ${view.entity.name} is still referenced by other records; delete or re-point those first.`,
    );
  }
  return error;
}
