import type { FieldIR } from "../../../engine/src/index.ts";
import { storageColumns } from "../../../engine/src/index.ts";

/** One Prisma field (column) a template field is stored in. */
export interface ColumnSpec {
  name: string;
  key: string;
  type: string;
  attributes: string[];
}

const VARCHAR_LIMIT = 10_485_760;

/** Maps a field to its Prisma column(s): type, optionality, native type and default. */
export function fieldColumns(field: FieldIR): ColumnSpec[] {
  // NOT NULL when a value always exists: required, or filled by its default.
  const optional =
    field.nullable || field.computed !== null || (!field.required && field.default === undefined) ? "?" : "";
  const def = field.default as Record<string, unknown> | undefined;
  return storageColumns(field).map((column) => {
    switch (field.kind) {
      case "money":
        return column.part === "amount"
          ? spec(column, `${field.wideInteger ? "BigInt" : "Int"}${optional}`, [], def?.amount)
          : spec(column, `String${optional}`, ["@db.Char(3)"], def?.currency);
      case "measurement":
        return column.part === "value"
          ? spec(column, `Float${optional}`, [], def?.value)
          : spec(column, `String${optional}`, ["@db.VarChar(16)"], def?.unit);
      case "array":
        return spec(
          column,
          `${scalarType(field.itemKind, field.format, field.enumValues)}[]`,
          nativeFor(field.itemKind, field.format),
          undefined,
          `@default([${Array.isArray(field.default) ? field.default.map(prismaLiteral).join(", ") : ""}])`,
        );
      case "json":
        return spec(
          column,
          `Json${optional}`,
          [],
          field.default === undefined ? undefined : JSON.stringify(field.default),
        );
      default:
        return spec(
          column,
          (field.wideInteger ? "BigInt" : scalarType(field.kind, field.format, field.enumValues)) + optional,
          nativeFor(field.kind, field.format, field.maxLength),
          field.default,
        );
    }
  });
}

function spec(
  column: { name: string; key: string },
  type: string,
  native: string[],
  value: unknown,
  explicitDefault?: string,
): ColumnSpec {
  const attributes = [...native];
  if (explicitDefault) attributes.unshift(explicitDefault);
  else if (value !== undefined && value !== null && !/^DateTime/.test(type))
    attributes.unshift(`@default(${prismaLiteral(value)})`);
  return { name: column.name, key: column.key, type, attributes };
}

function scalarType(
  kind: FieldIR["kind"] | FieldIR["itemKind"],
  format: FieldIR["format"],
  enumValues: FieldIR["enumValues"],
): string {
  switch (kind) {
    case "integer":
      return "Int";
    case "number":
      return "Float";
    case "boolean":
      return "Boolean";
    case "enum":
      return enumValues?.every((v) => typeof v === "number") ? "Int" : "String";
    default:
      return format === "date" || format === "date-time" ? "DateTime" : "String";
  }
}

function nativeFor(
  kind: FieldIR["kind"] | FieldIR["itemKind"],
  format: FieldIR["format"],
  maxLength: number | null = null,
): string[] {
  if (kind !== "string") return [];
  if (format === "uuid") return ["@db.Uuid"];
  if (format === "date") return ["@db.Date"];
  if (format === "date-time") return ["@db.Timestamptz(3)"];
  return maxLength !== null && maxLength <= VARCHAR_LIMIT ? [`@db.VarChar(${maxLength})`] : [];
}

function prismaLiteral(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
