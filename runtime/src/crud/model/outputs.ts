import pg from "pg";
import type { FieldColumn, FieldRegistry } from "../../../../engine/src/contract/registry-types.ts";
import { col, isoDate, isoTimestamp, literal } from "../sql/ident.ts";
import type { OutputColumn, RawOutput } from "./types.ts";

/**
 * How stored values become API values, in two forms: SQL that yields the API shape (included
 * records, built as JSON by the database), and for top-level rows, where that SQL costs more
 * than the lookup, raw columns plus the JS that finishes them (`RawOutput`). Both give the same
 * values (see ../README.md).
 */
export type SqlOf = (alias: string) => string;

/** One native column as its API value: ISO dates and timestamps, bigints as numbers (≤ 2^53). */
export function nativeValue(column: Pick<FieldColumn, "name" | "pgType">): SqlOf {
  const { name, pgType } = column;
  switch (pgType) {
    case "date":
      return (a) => isoDate(col(a, name));
    case "timestamptz":
      return (a) => isoTimestamp(col(a, name));
    case "bigint":
      return (a) => `${col(a, name)}::float8`;
    // pg has no parser for uuid[]: text[] arrives as a JS array.
    case "uuid[]":
      return (a) => `${col(a, name)}::text[]`;
    case "bigint[]":
      return (a) => `${col(a, name)}::float8[]`;
    case "date[]":
      return (a) => `ARRAY(SELECT ${isoDate("v")} FROM unnest(${col(a, name)}) WITH ORDINALITY AS u(v, n) ORDER BY n)`;
    case "timestamptz[]":
      return (a) =>
        `ARRAY(SELECT ${isoTimestamp("v")} FROM unnest(${col(a, name)}) WITH ORDINALITY AS u(v, n) ORDER BY n)`;
    default:
      return (a) => col(a, name);
  }
}

/** A native field: money and measurements become `{amount, currency}` / `{value, unit}` (or null). */
export function nativeFieldValue(field: FieldRegistry): SqlOf {
  if (field.kind !== "money" && field.kind !== "measurement") return nativeValue(field.columns[0]);
  const [first, second] = field.columns;
  const k1 = field.kind === "money" ? "amount" : "value";
  const k2 = field.kind === "money" ? "currency" : "unit";
  const v1 = nativeValue(first);
  const build = (a: string) => `json_build_object(${literal(k1)}, ${v1(a)}, ${literal(k2)}, ${col(a, second.name)})`;
  if (!first.nullable) return build;
  return (a) =>
    `(CASE WHEN ${col(a, first.name)} IS NULL AND ${col(a, second.name)} IS NULL THEN NULL ELSE ${build(a)} END)`;
}

/** A value kept in JSONB (`ext`, or a draft's `data`) is already in the API shape. */
export function jsonbMember(column: "ext" | "data", name: string, fallback: "[]" | null = null): SqlOf {
  return fallback
    ? (a) => `COALESCE(${col(a, column)}->${literal(name)}, '${fallback}'::jsonb)`
    : (a) => `${col(a, column)}->${literal(name)}`;
}

/** A text value in JSONB (uuids of drafts: owner and foreign keys). */
export function jsonbText(column: "ext" | "data", name: string): SqlOf {
  return (a) => `${col(a, column)}->>${literal(name)}`;
}

export const timestampOf =
  (name: string): SqlOf =>
  (a) =>
    isoTimestamp(col(a, name));
export const columnOf =
  (name: string): SqlOf =>
  (a) =>
    col(a, name);

const parseTimestamptz: (text: string) => Date | number = pg.types.getTypeParser(1184, "text");
const isoFromDate = (date: Date) => (Number.isNaN(date.getTime()) ? null : date.toISOString());

/**
 * A timestamp's text as PostgreSQL prints it (`2026-11-22 02:27:03.123456+00`) → the text
 * `isoTimestamp` makes: ISO 8601, UTC, milliseconds truncated. A UTC session (the usual
 * server default) only needs re-punctuating, far cheaper than a Date per value; any other
 * zone goes through the driver's own parser.
 */
export function isoFromPgTimestamp(value: unknown): unknown {
  if (typeof value !== "string") return value instanceof Date ? isoFromDate(value) : (value ?? null);
  const n = value.length;
  if (
    n >= 22 &&
    value.charCodeAt(10) === 32 &&
    value.charCodeAt(n - 3) === 43 &&
    value.charCodeAt(n - 2) === 48 &&
    value.charCodeAt(n - 1) === 48 &&
    value.charCodeAt(4) === 45
  ) {
    const fraction = n > 22 ? value.slice(20, n - 3) : "";
    return `${value.slice(0, 10)}T${value.slice(11, 19)}.${(fraction + "000").slice(0, 3)}Z`;
  }
  const date = parseTimestamptz(value);
  return date instanceof Date ? isoFromDate(date) : null;
}

/** The column as is, read as text (`timestampText`: the store's statements ask the driver for that). */
const rawTimestamp = (name: string): RawOutput => ({ parts: [(a) => col(a, name)], decode: isoFromPgTimestamp });

/** The raw form of a native field's output, when there is a cheaper one than its SQL. */
export function nativeFieldRaw(field: FieldRegistry): RawOutput | undefined {
  if (field.kind === "money" || field.kind === "measurement") {
    const [first, second] = field.columns;
    const k1 = field.kind === "money" ? "amount" : "value";
    const k2 = field.kind === "money" ? "currency" : "unit";
    return {
      parts: [nativeValue(first), (a) => col(a, second.name)],
      decode: (v1, v2) => (v1 === null && v2 === null ? null : { [k1]: v1, [k2]: v2 }),
    };
  }
  return field.columns[0].pgType === "timestamptz" ? rawTimestamp(field.columns[0].name) : undefined;
}

/** `createdAt`, `updatedAt`, `deletedAt`. */
export const timestampOutput = (name: string): OutputColumn => ({
  name,
  sql: timestampOf(name),
  raw: rawTimestamp(name),
});
