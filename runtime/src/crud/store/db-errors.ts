import { ApiError } from "../../http/problem.ts";
import type { EntityView } from "../model/types.ts";

interface PgError {
  code?: string;
  detail?: string;
}

/**
 * A unique violation → 409 pointing at the fields of the violated key (from the server's
 * `Key ("tenantId", slug)=(…)` detail); other errors pass through to the error handler.
 */
export function mapWriteError(error: unknown, view: EntityView, prefix: string): unknown {
  const e = error as PgError;
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
