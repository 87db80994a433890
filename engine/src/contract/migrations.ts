/** What the migrations module reports about a migration: shared with the studio's generate dry run. */

export type DataLossKind = "dropTable" | "dropColumn" | "alterType" | "setNotNull" | "addUnique";

export interface DataLossWarning {
  kind: DataLossKind;
  /** Table name as it is before the migration runs (where the data is measured). */
  table: string;
  column?: string;
  /** addUnique only: the indexed columns, when they are plain columns. */
  columns?: string[];
  /** addUnique only: the predicate of a partial unique index (only the rows it holds must differ). */
  where?: string;
  message: string;
}
