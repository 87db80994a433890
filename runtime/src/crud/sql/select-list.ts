import { ALL, type AccessCompile } from "../model/access.ts";
import type { EntityView, OutputColumn } from "../model/types.ts";
import type { IncludeNode } from "../query/list-plan.ts";
import { ident } from "./ident.ts";
import { includeSql } from "./includes.ts";

/** Unique table aliases for the subqueries of one statement. */
export class Aliases {
  private n = 0;
  next(prefix: string): string {
    return `${prefix}${++this.n}`;
  }
}

type Row = Record<string, unknown>;

/** Turns a row as the driver returns it (values in column order) into the record the API returns. */
export type RowDecoder = (row: readonly unknown[]) => Row;

/** SQL text and how its rows become records. */
export interface Compiled {
  readonly text: string;
  /** Present: rows are read as arrays (`arrayRows`) and decoded by position. */
  readonly decode?: RowDecoder;
  /** List statements: the columns holding each sort key's text (for the next cursor)… */
  readonly keys?: readonly number[];
  /** …and the total count, when asked for. */
  readonly total?: number;
}

/** A record key is marked hidden on a row with this column. */
const hideKey = (name: string) => `__h_${name}`;
/** The second raw value of a key (a money's currency, a measurement's unit). */
const secondKey = (name: string) => `__2_${name}`;

interface Slot {
  readonly name: string;
  readonly index: number;
  readonly second: number | null;
  readonly decode: ((first: unknown, second: unknown) => unknown) | null;
  readonly hide: number | null;
}

/**
 * `expr AS "name"` for each output and each included relation, for records inside JSON
 * (includes): every value formatted by the database. With access: outputs the caller may never
 * read are left out, outputs readable on some rows only are null elsewhere.
 */
export function selectList(
  view: EntityView,
  alias: string,
  fields: readonly OutputColumn[] | null,
  includes: readonly IncludeNode[],
  aliases: Aliases,
  ac?: AccessCompile,
): string[] {
  const columns: string[] = [];
  for (const o of fields ?? view.outputs) {
    const gate = ac ? ac.access.fieldRead(view, o.name) : ALL;
    if (gate.kind === "none") continue;
    const when = gate.kind === "rows" ? gate.sql(alias, ac!.binds) : null;
    columns.push(`${when ? `CASE WHEN ${when} THEN ${o.sql(alias)} END` : o.sql(alias)} AS ${ident(o.name)}`);
  }
  for (const node of includes)
    columns.push(`${includeSql(node, view, alias, aliases, ac)} AS ${ident(node.relation.name)}`);
  return columns;
}

/**
 * The select list of top-level records and the decoder of their rows. Outputs with a raw form
 * select raw columns (made JSON-ready in JS: cheaper than formatting in SQL); outputs readable
 * on some rows only become `CASE WHEN <rule> THEN expr END` plus a `__h_<name>` column that
 * tells the decoder to leave the key out of that row. `selected`: the column position of each
 * ungated expression (so a list can reuse it as a cursor key).
 */
export function topLevelSelect(
  view: EntityView,
  alias: string,
  fields: readonly OutputColumn[] | null,
  includes: readonly IncludeNode[],
  aliases: Aliases,
  ac?: AccessCompile,
): { columns: string[]; decode: RowDecoder; selected: ReadonlyMap<string, number> } {
  const columns: string[] = [];
  const slots: Slot[] = [];
  const selected = new Map<string, number>();
  for (const o of fields ?? view.outputs) {
    const gate = ac ? ac.access.fieldRead(view, o.name) : ALL;
    if (gate.kind === "none") continue;
    const when = gate.kind === "rows" ? gate.sql(alias, ac!.binds) : null;
    const guarded = (sql: string) => (when ? `CASE WHEN ${when} THEN ${sql} END` : sql);
    const parts = o.raw ? o.raw.parts : [o.sql];
    const index = columns.push(`${guarded(parts[0](alias))} AS ${ident(o.name)}`) - 1;
    if (!when) selected.set(parts[0](alias), index);
    const second =
      parts.length === 2 ? columns.push(`${guarded(parts[1]!(alias))} AS ${ident(secondKey(o.name))}`) - 1 : null;
    const hide = when ? columns.push(`NOT COALESCE(${when}, FALSE) AS ${ident(hideKey(o.name))}`) - 1 : null;
    slots.push({ name: o.name, index, second, decode: o.raw ? o.raw.decode : null, hide });
  }
  for (const node of includes) {
    const index = columns.push(`${includeSql(node, view, alias, aliases, ac)} AS ${ident(node.relation.name)}`) - 1;
    slots.push({ name: node.relation.name, index, second: null, decode: null, hide: null });
  }
  return { columns, decode: rowDecoder(slots), selected };
}

/**
 * A new object per row, keys in output order, generated per statement shape (as
 * fast-json-stringify generates serializers): constant keys, so every record of a shape gets
 * the same hidden class without a keyed store per value. Without hidden keys it is one object
 * literal; with them, the keys are added in order and a hidden one is skipped. Keys are
 * JSON-quoted; `__proto__` (never a template or extension name) would be a prototype in a
 * literal and is assigned with defineProperty semantics instead.
 */
function rowDecoder(slots: readonly Slot[]): RowDecoder {
  const decoders = slots.map((s) => s.decode);
  const value = (s: Slot, i: number) =>
    s.decode === null
      ? `row[${s.index}]`
      : `d[${i}](row[${s.index}], ${s.second === null ? "undefined" : `row[${s.second}]`})`;
  let body: string;
  if (slots.every((s) => s.hide === null && s.name !== "__proto__")) {
    body = `return (row) => ({ ${slots.map((s, i) => `${JSON.stringify(s.name)}: ${value(s, i)}`).join(", ")} });`;
  } else {
    const steps = slots.map((s, i) => {
      const set =
        s.name === "__proto__"
          ? `Object.defineProperty(r, "__proto__", { value: ${value(s, i)}, enumerable: true, writable: true, configurable: true });`
          : `r[${JSON.stringify(s.name)}] = ${value(s, i)};`;
      return s.hide === null ? set : `if (row[${s.hide}] !== true) ${set}`;
    });
    body = `return (row) => { const r = {}; ${steps.join(" ")} return r; };`;
  }
  return (new Function("d", body) as (d: typeof decoders) => RowDecoder)(decoders);
}

/** The names `topLevelSelect` produced, in order (for selecting them again from a CTE). */
export const columnNames = (columns: readonly string[]): string[] =>
  columns.map((c) => /AS ("(?:[^"]|"")+")$/.exec(c)![1]);
