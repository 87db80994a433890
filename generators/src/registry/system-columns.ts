import type { EntityIR } from "../../../engine/src/index.ts";
import type { SystemColumn } from "../../../engine/src/contract/registry-types.ts";
import { entitySystemColumns } from "../../../engine/src/contract/system-columns.ts";

/**
 * The non-field columns of an entity's table as the registry lists them, in table order
 * (the contract's SYSTEM_COLUMNS, which the Prisma model follows too). Foreign keys belong to relations.
 */
export function systemColumns(entity: EntityIR): SystemColumn[] {
  return entitySystemColumns(entity).map(({ name, pgType, nullable, filterOps, sortable }) => ({
    name,
    pgType,
    nullable,
    filterOps,
    sortable,
  }));
}
