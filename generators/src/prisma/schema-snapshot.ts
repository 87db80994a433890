/**
 * What a migration needs to know about the Prisma schema it leads to: the schema text and,
 * keyed by stable ids from the template, the physical names. Comparing two snapshots by stable
 * id is how a rename becomes `RENAME` instead of drop + add.
 */
export interface SchemaSnapshot {
  /** The complete Prisma schema text (datasource, generator and every model). */
  prisma: string;
  /** Keyed by stable model key (e.g. "modeling-agency/job" or "core/user"). */
  models: Record<string, SnapshotModel>;
}

export interface SnapshotModel {
  /** Prisma model name, e.g. `ModelingAgencyJob`. */
  model: string;
  /** Table name (`@@map`), e.g. `modeling_agency_job`. */
  table: string;
  /** Keyed by stable column key (e.g. "title" id "fld_title", or "price.amount"). */
  fields: Record<string, SnapshotField>;
  /**
   * Indexes Prisma cannot state (full-text, trigram, array GIN): name → `CREATE INDEX …;`.
   * Absent in snapshots written before they existed (= none).
   */
  indexes?: Record<string, string>;
  /**
   * Database objects beyond Prisma's schema (function + trigger, sql-computed.ts): those that
   * maintain `x-computed` fields and those that enforce `exclusions`;
   * name → the SQL that creates them (and backfills) and the SQL that drops them. Absent: none.
   */
  computed?: Record<string, { up: string; down: string }>;
}

export interface SnapshotField {
  /** Prisma field name. */
  field: string;
  /** Column name (`@map`, or the field name when there is none). */
  column: string;
}
