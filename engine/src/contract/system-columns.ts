import type { EntityScope, FilterOperator, PgType } from "./vocabulary.ts";

/** Which entities have a system column. */
export type SystemColumnPresence = "always" | "account-scope" | "user-scope" | "translations" | "soft-delete";

/** A column the platform adds to entity tables besides the template's fields. */
export interface SystemColumnDef {
  readonly name: string;
  readonly pgType: PgType;
  readonly nullable: boolean;
  readonly presence: SystemColumnPresence;
  /** Filter operators the list endpoint accepts on it (empty: not filterable by clients). */
  readonly filterOps: readonly FilterOperator[];
  /** May appear in `sort`. */
  readonly sortable: boolean;
  /**
   * Kept by the server on every write (identity, tenant, timestamps, authors): it says nothing
   * about the record's content, so an audit diff leaves it out.
   */
  readonly bookkeeping: boolean;
}

const IDENTITY_OPS = ["eq", "ne", "in", "nin"] as const;
const TIME_OPS = ["gt", "gte", "lt", "lte", "between"] as const;

/**
 * Every system column, in table order (the order the generated Prisma models declare them;
 * template fields and foreign keys go between `userId` and `ext`). The one list the engine's
 * reserved names, the generators, the generated registry, the runtime and the studio read.
 * `tenantId` is the runtime's (never a client filter); soft-deleted rows are never listed.
 */
export const SYSTEM_COLUMNS = [
  {
    name: "id",
    pgType: "uuid",
    nullable: false,
    presence: "always",
    filterOps: IDENTITY_OPS,
    sortable: true,
    bookkeeping: true,
  },
  {
    name: "tenantId",
    pgType: "uuid",
    nullable: false,
    presence: "always",
    filterOps: [],
    sortable: false,
    bookkeeping: true,
  },
  {
    name: "accountId",
    pgType: "uuid",
    nullable: false,
    presence: "account-scope",
    filterOps: IDENTITY_OPS,
    sortable: false,
    bookkeeping: false,
  },
  {
    name: "userId",
    pgType: "uuid",
    nullable: false,
    presence: "user-scope",
    filterOps: IDENTITY_OPS,
    sortable: false,
    bookkeeping: false,
  },
  {
    name: "ext",
    pgType: "jsonb",
    nullable: false,
    presence: "always",
    filterOps: [],
    sortable: false,
    bookkeeping: false,
  },
  {
    name: "translations",
    pgType: "jsonb",
    nullable: false,
    presence: "translations",
    filterOps: [],
    sortable: false,
    bookkeeping: false,
  },
  {
    name: "createdAt",
    pgType: "timestamptz",
    nullable: false,
    presence: "always",
    filterOps: TIME_OPS,
    sortable: true,
    bookkeeping: true,
  },
  {
    name: "updatedAt",
    pgType: "timestamptz",
    nullable: false,
    presence: "always",
    filterOps: TIME_OPS,
    sortable: true,
    bookkeeping: true,
  },
  {
    name: "createdBy",
    pgType: "uuid",
    nullable: true,
    presence: "always",
    filterOps: IDENTITY_OPS,
    sortable: false,
    bookkeeping: true,
  },
  {
    name: "updatedBy",
    pgType: "uuid",
    nullable: true,
    presence: "always",
    filterOps: IDENTITY_OPS,
    sortable: false,
    bookkeeping: true,
  },
  {
    name: "deletedAt",
    pgType: "timestamptz",
    nullable: true,
    presence: "soft-delete",
    filterOps: [],
    sortable: false,
    bookkeeping: true,
  },
] as const satisfies readonly SystemColumnDef[];

export type SystemColumnName = (typeof SYSTEM_COLUMNS)[number]["name"];

/** Every system column name (reserved: no template field, extension field or client write may use one). */
export const SYSTEM_COLUMN_NAMES: readonly SystemColumnName[] = SYSTEM_COLUMNS.map((c) => c.name);

/** What decides an entity's system columns. */
export interface SystemColumnOwner {
  readonly scope: EntityScope;
  readonly hasTranslations: boolean;
  readonly softDelete: boolean;
}

/** Does an entity of this shape have the column? */
export function hasSystemColumn(entity: SystemColumnOwner, column: SystemColumnDef): boolean {
  switch (column.presence) {
    case "always":
      return true;
    case "account-scope":
      return entity.scope === "account";
    case "user-scope":
      return entity.scope === "user";
    case "translations":
      return entity.hasTranslations;
    case "soft-delete":
      return entity.softDelete;
  }
}

/** The system columns of an entity of this shape, in table order. */
export function entitySystemColumns(entity: SystemColumnOwner): (typeof SYSTEM_COLUMNS)[number][] {
  return SYSTEM_COLUMNS.filter((c) => hasSystemColumn(entity, c));
}
