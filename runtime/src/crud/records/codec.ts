import type { FieldRegistry, PgType } from "../../../../engine/src/contract/registry-types.ts";
import type { EntityView } from "../model/types.ts";

/** A validated body, as the API shape. */
export type Body = Record<string, unknown>;

/** One native column written from a body: its SQL cast and how to get its value. */
export interface ColumnWrite {
  readonly column: string;
  readonly cast: string;
  value(body: Body): unknown;
}

/** Parameter cast of a column type (strings cast to text: a varchar(n) cast would truncate). */
export function castOf(pgType: PgType): string {
  const array = pgType.endsWith("[]");
  const base = array ? pgType.slice(0, -2) : pgType;
  const cast =
    base === "integer"
      ? "int4"
      : base === "bigint"
        ? "int8"
        : base === "double precision"
          ? "float8"
          : base === "boolean" || base === "date" || base === "timestamptz" || base === "uuid" || base === "jsonb"
            ? base
            : "text";
  return array ? `${cast}[]` : cast;
}

/** The native columns one writable key fills (money and measurements: two). */
export function columnWrites(view: EntityView, key: string): ColumnWrite[] {
  const writable = view.writable.get(key);
  if (!writable || writable.source === "ext") return [];
  if (writable.source === "foreignKey") return [{ column: key, cast: "uuid", value: (b) => b[key] ?? null }];
  const field = writable.field!;
  if (field.kind === "money" || field.kind === "measurement") {
    const parts = field.kind === "money" ? ["amount", "currency"] : ["value", "unit"];
    return field.columns.map((c, i) => ({
      column: c.name,
      cast: castOf(c.pgType),
      value: (b: Body) => (b[key] as Record<string, unknown> | null | undefined)?.[parts[i]] ?? null,
    }));
  }
  const column = field.columns[0];
  if (field.kind === "json")
    return [{ column: column.name, cast: "jsonb", value: (b) => (b[key] == null ? null : JSON.stringify(b[key])) }];
  if (field.kind === "array") return [{ column: column.name, cast: castOf(column.pgType), value: (b) => b[key] ?? [] }];
  return [{ column: column.name, cast: castOf(column.pgType), value: (b) => b[key] ?? null }];
}

const isDateTime = (field: FieldRegistry | null) => field?.format === "date-time";

/**
 * Values kept in JSONB (extension fields, draft data) are stored as the API returns them;
 * timestamps are normalized to UTC ISO text so they sort and compare as text, like columns do.
 */
export function jsonbValues(view: EntityView, body: Body, keys: Iterable<string>): Body {
  const out: Body = {};
  for (const key of keys) {
    const value = body[key];
    if (value === undefined) continue;
    const writable = view.writable.get(key);
    const dateTime =
      writable?.source === "ext"
        ? view.ext?.properties.find((p) => p.name === key)?.valueType === "datetime"
        : isDateTime(writable?.field ?? null);
    out[key] = dateTime ? normalizeTimestamps(value) : value;
  }
  return out;
}

function normalizeTimestamps(value: unknown): unknown {
  if (typeof value === "string") {
    const time = Date.parse(value);
    return Number.isFinite(time) ? new Date(time).toISOString() : value;
  }
  return Array.isArray(value) ? value.map(normalizeTimestamps) : value;
}

/** Keys of a body that are extension fields. */
export function extKeys(view: EntityView, body: Body): string[] {
  if (!view.ext) return [];
  return view.ext.properties.filter((p) => body[p.name] !== undefined).map((p) => p.name);
}
