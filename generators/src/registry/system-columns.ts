import type { EntityIR } from "../../../engine/src/index.ts";
import type { PgType, SystemColumn } from "./registry-types.ts";
import { systemColumnQuery } from "./query-capabilities.ts";

/**
 * The non-field columns of an entity's table, in the order the Prisma model
 * (generators/src/prisma/entity-model.ts) declares them. Foreign keys belong to relations.
 */
export function systemColumns(entity: EntityIR): SystemColumn[] {
  const columns: [SystemColumn["name"], PgType, boolean][] = [
    ["id", "uuid", false],
    ["tenantId", "uuid", false],
  ];
  if (entity.scope === "account") columns.push(["accountId", "uuid", false]);
  if (entity.scope === "user") columns.push(["userId", "uuid", false]);
  columns.push(["ext", "jsonb", false]);
  if (entity.hasTranslations) columns.push(["translations", "jsonb", false]);
  columns.push(
    ["createdAt", "timestamptz", false],
    ["updatedAt", "timestamptz", false],
    ["createdBy", "uuid", true],
    ["updatedBy", "uuid", true],
  );
  if (entity.softDelete) columns.push(["deletedAt", "timestamptz", true]);
  return columns.map(([name, pgType, nullable]) => ({ name, pgType, nullable, ...systemColumnQuery(name) }));
}
