import { createHash } from "node:crypto";

/**
 * Constraint and index names built from stable ids, so renaming a field or entity never
 * renames its constraints. Postgres names are schema-wide and at most 63 bytes: longer ones
 * keep a readable head and a short hash of the whole.
 */
export function constraintName(
  kind: "pk" | "fk" | "ix" | "uq" | "fn" | "tr" | "ck" | "nn",
  ...parts: string[]
): string {
  const full = [kind, ...parts]
    .join("_")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .toLowerCase();
  if (full.length <= 63) return full;
  const hash = createHash("sha1").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, 54)}_${hash}`;
}
