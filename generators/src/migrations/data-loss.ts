/**
 * Which statements of a migration script can destroy data, and how much data they would destroy
 * in a given database. The generator writes the warnings next to each migration; the runner
 * measures them right before applying (and re-derives them for down scripts, which have no file).
 */
import type { SqlSession } from "../../../engine/src/contract/database-port.ts";
import type { DataLossWarning } from "../../../engine/src/contract/migrations.ts";

export type { DataLossKind, DataLossWarning } from "../../../engine/src/contract/migrations.ts";

export interface MeasuredDataLoss {
  warning: DataLossWarning;
  /** Rows (dropTable), values (dropColumn/alterType), nulls (setNotNull) or duplicate rows (addUnique). */
  count: number;
}

// ------------------------------------------------------------------------------ SQL reading

/**
 * Splits a script into statements at top-level `;`, skipping strings, quoted identifiers,
 * comments and `$tag$` bodies. Comments are dropped from the returned text.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = "";
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "-" && next === "-") {
      while (i < n && sql[i] !== "\n") i++;
      continue;
    }
    if (ch === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      cur += " ";
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < n) {
        if (sql[j] === ch) {
          if (sql[j + 1] === ch)
            j += 2; // doubled quote = escaped quote
          else break;
        } else j++;
      }
      cur += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "$") {
      const tag = /^\$[A-Za-z_0-9]*\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        const stop = end < 0 ? n : end + tag[0].length;
        cur += sql.slice(i, stop);
        i = stop;
        continue;
      }
    }
    if (ch === ";") {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
      i++;
      continue;
    }
    cur += ch;
    i++;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Splits at commas that are outside parentheses and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

/** `"a"."b"` or `b` → `b` (our schemas live in one PostgreSQL schema). */
const NAME = String.raw`(?:(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s*\.\s*)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}

const SKIPPED_NAME = NAME.replace(/\((?!\?)/g, "(?:");

/** A case-insensitive regex where `<N>` captures a (possibly schema-qualified) name, `<n>` skips one. */
const re = (pattern: string) => new RegExp(pattern.replace(/<N>/g, NAME).replace(/<n>/g, SKIPPED_NAME), "is");

const DROP_TABLE = re(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(.*?)(?:\s+(?:CASCADE|RESTRICT))?$`);
const CREATE_TABLE = re(String.raw`^CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?<N>`);
const ALTER_TABLE = re(String.raw`^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?<N>\s+(.*)$`);
const RENAME_TABLE = re(String.raw`^RENAME\s+TO\s+<N>$`);
const RENAME_COLUMN = re(String.raw`^RENAME\s+(?:COLUMN\s+)?<N>\s+TO\s+<N>$`);
const DROP_COLUMN = re(String.raw`^DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?<N>`);
const ADD_COLUMN = re(String.raw`^ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?<N>`);
const ALTER_TYPE = re(String.raw`^ALTER\s+(?:COLUMN\s+)?<N>\s+(?:SET\s+DATA\s+)?TYPE\s+(.*)$`);
const SET_NOT_NULL = re(String.raw`^ALTER\s+(?:COLUMN\s+)?<N>\s+SET\s+NOT\s+NULL`);
const ADD_UNIQUE = re(String.raw`^ADD\s+(?:CONSTRAINT\s+<n>\s+)?UNIQUE\s*\((.*)\)`);
const CREATE_UNIQUE = re(
  String.raw`^CREATE\s+UNIQUE\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:<n>\s+)?ON\s+(?:ONLY\s+)?<N>\s*(?:USING\s+\w+\s*)?\((.*?)\)(?:\s*WHERE\s+(.*?))?\s*$`,
);
/** `UPDATE t SET c = … WHERE c IS NULL`: a backfill that lets a later SET NOT NULL on c pass. */
const BACKFILL = re(String.raw`^UPDATE\s+(?:ONLY\s+)?<N>\s+SET\s+<N>\s*=.*\bWHERE\s+<N>\s+IS\s+NULL\s*$`);
const ENUM_COPY = re(String.raw`^CREATE\s+TYPE\s+<N>\s+AS\s+ENUM`);

/** Plain column names of an index column list, or undefined when one item is an expression. */
function indexColumns(list: string): string[] | undefined {
  const cols: string[] = [];
  for (const item of splitTopLevel(list)) {
    const m = /^("(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\s+[\w\s]*)?$/s.exec(item);
    if (!m) return undefined;
    cols.push(unquote(m[1]));
  }
  return cols;
}

/**
 * The data-loss warnings of a migration script. Names are resolved to what they are before the
 * script runs (a table renamed then altered is measured under its old name); tables and columns
 * the script itself creates hold no data yet and produce no warning.
 */
export function detectDataLoss(sql: string): DataLossWarning[] {
  const warnings: DataLossWarning[] = [];
  const createdTables = new Set<string>();
  const addedColumns = new Set<string>(); // `${table}\u0000${column}`, current names
  const originalTable = new Map<string, string>(); // current name → name before the script
  const originalColumn = new Map<string, string>(); // `${table}\u0000${column}` → original column
  const enumCopies = new Set<string>(); // Prisma's `"x_new"` types for enum value removal
  const backfilled = new Set<string>(); // `${table}\u0000${column}` whose NULLs the script replaced

  const tableOf = (t: string) => originalTable.get(t) ?? t;
  const key = (t: string, c: string) => `${t}\u0000${c}`;
  const columnOf = (t: string, c: string) => originalColumn.get(key(t, c)) ?? c;
  const isNew = (t: string, c?: string) => createdTables.has(t) || (c !== undefined && addedColumns.has(key(t, c)));
  const label = (t: string, c?: string) => (c === undefined ? `table "${t}"` : `column "${t}"."${c}"`);

  for (const stmt of splitStatements(sql)) {
    let m: RegExpExecArray | null;
    if ((m = CREATE_TABLE.exec(stmt))) {
      createdTables.add(unquote(m[1]));
    } else if ((m = ENUM_COPY.exec(stmt))) {
      enumCopies.add(unquote(m[1]));
    } else if ((m = DROP_TABLE.exec(stmt))) {
      for (const item of splitTopLevel(m[1])) {
        const t = unquote(re(`^<N>$`).exec(item)?.[1] ?? item);
        if (isNew(t)) continue;
        const table = tableOf(t);
        warnings.push({ kind: "dropTable", table, message: `Dropping ${label(table)} deletes all of its rows.` });
      }
    } else if ((m = CREATE_UNIQUE.exec(stmt))) {
      const t = unquote(m[1]);
      if (isNew(t)) continue;
      warnings.push(
        uniqueWarning(
          tableOf(t),
          indexColumns(m[2])?.map((c) => columnOf(t, c)),
          m[3],
        ),
      );
    } else if ((m = BACKFILL.exec(stmt))) {
      if (unquote(m[2]) === unquote(m[3])) backfilled.add(key(unquote(m[1]), unquote(m[2])));
    } else if ((m = ALTER_TABLE.exec(stmt))) {
      const t = unquote(m[1]);
      for (const action of splitTopLevel(m[2])) {
        let a: RegExpExecArray | null;
        if ((a = RENAME_TABLE.exec(action))) {
          const to = unquote(a[1]);
          originalTable.set(to, tableOf(t));
          originalTable.delete(t);
          if (createdTables.delete(t)) createdTables.add(to);
        } else if ((a = RENAME_COLUMN.exec(action))) {
          const [from, to] = [unquote(a[1]), unquote(a[2])];
          originalColumn.set(key(t, to), columnOf(t, from));
          originalColumn.delete(key(t, from));
          if (addedColumns.delete(key(t, from))) addedColumns.add(key(t, to));
        } else if ((a = ADD_UNIQUE.exec(action))) {
          if (!isNew(t))
            warnings.push(
              uniqueWarning(
                tableOf(t),
                indexColumns(a[1])?.map((c) => columnOf(t, c)),
              ),
            );
        } else if ((a = ADD_COLUMN.exec(action)) && !/^ADD\s+CONSTRAINT\b/i.test(action)) {
          addedColumns.add(key(t, unquote(a[1])));
        } else if (/^DROP\s+CONSTRAINT\b/i.test(action)) {
          // Constraints hold no data.
        } else if ((a = DROP_COLUMN.exec(action))) {
          const c = unquote(a[1]);
          const wasNew = isNew(t, c);
          addedColumns.delete(key(t, c));
          if (wasNew) continue;
          const [table, column] = [tableOf(t), columnOf(t, c)];
          warnings.push({
            kind: "dropColumn",
            table,
            column,
            message: `Dropping ${label(table, column)} deletes the values it holds.`,
          });
        } else if ((a = ALTER_TYPE.exec(action))) {
          const c = unquote(a[1]);
          if (isNew(t, c)) continue;
          const [table, column] = [tableOf(t), columnOf(t, c)];
          const target = /^("(?:[^"]|"")+"|[\w$]+)/.exec(a[2].trim())?.[1];
          const enumShrink = target !== undefined && enumCopies.has(unquote(target));
          warnings.push({
            kind: "alterType",
            table,
            column,
            message: enumShrink
              ? `Values are removed from the enum of ${label(table, column)}: rows holding a removed value make the migration fail.`
              : `Changing the type of ${label(table, column)} may fail or alter the values it holds.`,
          });
        } else if ((a = SET_NOT_NULL.exec(action))) {
          const c = unquote(a[1]);
          if (isNew(t, c) || backfilled.has(key(t, c))) continue;
          const [table, column] = [tableOf(t), columnOf(t, c)];
          warnings.push({
            kind: "setNotNull",
            table,
            column,
            message: `Making ${label(table, column)} required fails while rows hold NULL in it.`,
          });
        }
      }
    }
  }
  return warnings;
}

function uniqueWarning(table: string, columns: string[] | undefined, where?: string): DataLossWarning {
  const what = columns ? `(${columns.map((c) => `"${c}"`).join(", ")})` : "(expression)";
  return {
    kind: "addUnique",
    table,
    ...(columns?.length === 1 ? { column: columns[0] } : {}),
    ...(columns ? { columns } : {}),
    ...(where ? { where } : {}),
    message: `A unique index on table "${table}" ${what}${where ? ` WHERE ${where}` : ""} fails while rows hold duplicate values.`,
  };
}

// ------------------------------------------------------------------------------ measuring

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function exists(s: SqlSession, table: string, columns: string[]): Promise<boolean> {
  const { rows } = await s.query<{ n: number }>(
    `SELECT count(DISTINCT column_name)::int AS n FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND ($2::text[] IS NULL OR column_name = ANY($2::text[]))`,
    [table, columns.length ? columns : null],
  );
  return columns.length ? rows[0].n === columns.length : rows[0].n > 0;
}

function countSql(w: DataLossWarning): { sql: string; columns: string[] } | null {
  const t = q(w.table);
  switch (w.kind) {
    case "dropTable":
      return { sql: `SELECT count(*)::int AS n FROM ${t}`, columns: [] };
    case "dropColumn":
    case "alterType":
      return w.column ? { sql: `SELECT count(${q(w.column)})::int AS n FROM ${t}`, columns: [w.column] } : null;
    case "setNotNull":
      return w.column
        ? { sql: `SELECT count(*)::int AS n FROM ${t} WHERE ${q(w.column)} IS NULL`, columns: [w.column] }
        : null;
    case "addUnique": {
      if (!w.columns?.length) return null;
      const cols = w.columns.map(q).join(", ");
      const notNull = [...w.columns.map((c) => `${q(c)} IS NOT NULL`), ...(w.where ? [`(${w.where})`] : [])].join(
        " AND ",
      );
      return {
        sql: `SELECT coalesce(sum(n), 0)::int AS n FROM
                (SELECT count(*) AS n FROM ${t} WHERE ${notNull} GROUP BY ${cols} HAVING count(*) > 1) d`,
        columns: w.columns,
      };
    }
  }
}

/**
 * Counts, in the current database state, what each warning would lose. A table or column that
 * does not exist (yet) counts 0, so a measurement never aborts the caller's transaction.
 */
export async function measureDataLoss(s: SqlSession, warnings: DataLossWarning[]): Promise<MeasuredDataLoss[]> {
  const out: MeasuredDataLoss[] = [];
  for (const warning of warnings) {
    const query = countSql(warning);
    let count = 0;
    if (query && (await exists(s, warning.table, query.columns))) {
      count = (await s.query<{ n: number }>(query.sql)).rows[0]?.n ?? 0;
    }
    out.push({ warning, count });
  }
  return out;
}

/** "12 rows", "3 values", … for one measurement. */
export function describeLoss({ warning: w, count }: MeasuredDataLoss): string {
  const plural = (word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  switch (w.kind) {
    case "dropTable":
      return `table "${w.table}": ${plural("row")} would be deleted`;
    case "dropColumn":
      return `column "${w.table}"."${w.column}": ${plural("value")} would be deleted`;
    case "alterType":
      return `column "${w.table}"."${w.column}": ${plural("value")} would be converted to a new type`;
    case "setNotNull":
      return `column "${w.table}"."${w.column}": ${plural("row")} hold NULL, which becomes invalid`;
    case "addUnique":
      return `table "${w.table}" (${(w.columns ?? []).join(", ")}): ${plural("row")} share a value that must become unique`;
  }
}

/** Thrown when a migration would lose data and the caller did not accept it. */
export class DataLossRefusedError extends Error {
  constructor(
    readonly migration: string,
    readonly losses: MeasuredDataLoss[],
  ) {
    super(
      [
        `Migration ${migration} would lose data:`,
        ...losses.map((l) => `  - ${describeLoss(l)}`),
        "Nothing was changed. Re-run with --accept-data-loss to apply it anyway.",
      ].join("\n"),
    );
    this.name = "DataLossRefusedError";
  }
}
