import type { FieldIR } from "../../../engine/src/index.ts";
import { storageColumns } from "../../../engine/src/index.ts";
import type { FieldColumn, PgScalarType } from "../../../engine/src/contract/registry-types.ts";

/** Prisma maps strings with a maxLength up to this to VarChar(n); longer ones stay text. */
const VARCHAR_LIMIT = 10_485_760;

/**
 * The Postgres columns of a field. Mirrors generators/src/prisma/field-columns.ts (the DDL
 * source): keep the two in step.
 */
export function fieldPgColumns(field: FieldIR): FieldColumn[] {
  const nullable = isFieldColumnNullable(field);
  return storageColumns(field).map(({ name, part }): FieldColumn => {
    switch (field.kind) {
      case "money":
        return {
          name,
          part,
          pgType: part === "amount" ? (field.wideInteger ? "bigint" : "integer") : "char(3)",
          nullable,
        };
      case "measurement":
        return { name, part, pgType: part === "value" ? "double precision" : "varchar(16)", nullable };
      case "array":
        return {
          name,
          part,
          pgType: `${scalarPgType(field.itemKind, field.format, field.enumValues, null)}[]`,
          nullable: false,
        };
      case "json":
        return { name, part, pgType: "jsonb", nullable };
      default:
        return {
          name,
          part,
          pgType: field.wideInteger
            ? "bigint"
            : scalarPgType(field.kind, field.format, field.enumValues, field.maxLength),
          nullable,
        };
    }
  });
}

/** NULL unless a value always exists: required, or filled by its default. Computed values may lag. */
export function isFieldColumnNullable(field: FieldIR): boolean {
  if (field.kind === "array") return false;
  return field.nullable || field.computed !== null || (!field.required && field.default === undefined);
}

function scalarPgType(
  kind: FieldIR["kind"] | FieldIR["itemKind"],
  format: FieldIR["format"],
  enumValues: FieldIR["enumValues"],
  maxLength: number | null,
): PgScalarType {
  switch (kind) {
    case "integer":
      return "integer";
    case "number":
      return "double precision";
    case "boolean":
      return "boolean";
    case "enum":
      return enumValues?.every((v) => typeof v === "number") ? "integer" : "text";
    default:
      if (format === "uuid") return "uuid";
      if (format === "date") return "date";
      if (format === "date-time") return "timestamptz";
      return maxLength !== null && maxLength <= VARCHAR_LIMIT ? `varchar(${maxLength})` : "text";
  }
}
