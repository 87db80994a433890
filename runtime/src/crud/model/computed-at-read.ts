import { parseComputed } from "../../../../engine/src/contract/computed.ts";
import type { EntityRegistry, FieldRegistry } from "../../../../engine/src/contract/registry-types.ts";
import { col } from "../sql/ident.ts";

/**
 * `x-computed` values that change with time rather than with writes, so no trigger can keep a
 * stored column right: `age(date)` is whole years from the date to today (UTC), computed in SQL wherever the field is read, filtered or sorted. Its column
 * exists but stays empty. Null when the field is not such a value (or the entity is a draft).
 */
export function computedAtRead(entity: EntityRegistry, field: FieldRegistry): ((alias: string) => string) | null {
  if (entity.draft || field.computed === null) return null;
  const expr = parseComputed(field.computed);
  if (!expr || expr.kind !== "age") return null;
  const source = entity.fields.find((f) => f.name === expr.field);
  if (!source) return null;
  const [column] = source.columns;
  const cast = field.kind === "number" ? "double precision" : "integer";
  const date = (a: string) =>
    column.pgType === "timestamptz"
      ? `(${col(a, column.name)} AT TIME ZONE 'UTC')::date`
      : `${col(a, column.name)}::date`;
  return (a) => `(date_part('year', age((now() AT TIME ZONE 'UTC')::date, ${date(a)})))::${cast}`;
}
