import type { PgType } from "../../../../engine/src/contract/registry-types.ts";
import type { ColumnExpr, ValueType } from "../model/types.ts";
import { col, ident, literal } from "./ident.ts";
import { UUID_PATTERN } from "../../../../engine/src/contract/patterns.ts";

/**
 * The three kinds of column expression: a native column, a typed value inside a JSONB column
 * (`ext` for extension fields, `data` for drafts), and a text path into a JSON field.
 */

type Enum = readonly (string | number)[] | null;

/** A Postgres scalar type → how values are parsed and what parameters are cast to. */
export function pgScalar(pgType: string): { valueType: ValueType; cast: string } {
  if (pgType === "uuid") return { valueType: "uuid", cast: "uuid" };
  if (pgType === "integer") return { valueType: "integer", cast: "int4" };
  if (pgType === "bigint") return { valueType: "integer", cast: "int8" };
  if (pgType === "double precision") return { valueType: "number", cast: "float8" };
  if (pgType === "boolean") return { valueType: "boolean", cast: "boolean" };
  if (pgType === "date") return { valueType: "date", cast: "date" };
  if (pgType === "timestamptz") return { valueType: "datetime", cast: "timestamptz" };
  // text, varchar(n), char(3): compare as text (a varchar(n) cast would truncate silently).
  return { valueType: "text", cast: "text" };
}

export function nativeColumn(name: string, pgType: PgType, nullable: boolean, enumValues: Enum = null): ColumnExpr {
  const isArray = pgType.endsWith("[]");
  const { valueType, cast } = pgScalar(isArray ? pgType.slice(0, -2) : pgType);
  const quoted = ident(name);
  return { sql: (alias) => `${alias}.${quoted}`, valueType, cast, nullable, array: isArray ? "pg" : null, enumValues };
}

/**
 * A typed value at `path` inside a JSONB column. Numbers and booleans are cast only when the
 * JSON value has that type, so a value written under an older extension schema never makes a
 * filter fail; uuids likewise (so they join native ids). Dates and timestamps (stored normalized
 * to UTC ISO text) compare as text.
 */
export function jsonbValue(
  column: "ext" | "data",
  path: readonly string[],
  valueType: ValueType,
  options: { array?: boolean; enumValues?: Enum } = {},
): ColumnExpr {
  const base = (alias: string) => col(alias, column);
  const node = (alias: string) =>
    path.length === 1 ? `${base(alias)}->${literal(path[0])}` : `${base(alias)}#>${literal(`{${path.join(",")}}`)}`;
  const text = (alias: string) =>
    path.length === 1 ? `${base(alias)}->>${literal(path[0])}` : `${base(alias)}#>>${literal(`{${path.join(",")}}`)}`;
  const common = { valueType, nullable: true, enumValues: options.enumValues ?? null };
  if (options.array) return { ...common, sql: node, cast: jsonbCast(valueType), array: "jsonb" };
  if (valueType === "integer" || valueType === "number") {
    return {
      ...common,
      array: null,
      cast: "numeric",
      sql: (a) => `(CASE WHEN jsonb_typeof(${node(a)}) = 'number' THEN (${text(a)})::numeric END)`,
    };
  }
  if (valueType === "boolean") {
    return {
      ...common,
      array: null,
      cast: "boolean",
      sql: (a) => `(CASE WHEN jsonb_typeof(${node(a)}) = 'boolean' THEN (${text(a)})::boolean END)`,
    };
  }
  if (valueType === "uuid") {
    return {
      ...common,
      array: null,
      cast: "uuid",
      sql: (a) => `(CASE WHEN ${text(a)} ~* ${UUID_SQL_PATTERN} THEN (${text(a)})::uuid END)`,
    };
  }
  return { ...common, array: null, cast: "text", sql: (a) => `(${text(a)})` };
}

/** The contract's UUID pattern as a SQL literal (for `~*`, case-insensitive like the RegExp). */
const UUID_SQL_PATTERN = `'${UUID_PATTERN.source}'`;

/** Items of JSONB arrays are compared through `jsonb_build_array($n::cast)`. */
function jsonbCast(valueType: ValueType): string {
  return valueType === "integer" || valueType === "number" ? "numeric" : valueType === "boolean" ? "boolean" : "text";
}

/** A text path into a JSON field (`filter[details.color][eq]=red`): text operators only. */
export function jsonTextPath(root: (alias: string) => string, segments: readonly string[]): ColumnExpr {
  const path = literal(`{${segments.join(",")}}`);
  return {
    sql: (a) => `(${root(a)}#>>${path})`,
    valueType: "text",
    cast: "text",
    nullable: true,
    array: null,
    enumValues: null,
  };
}
