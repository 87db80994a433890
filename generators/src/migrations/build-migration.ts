/**
 * One migration (up + down SQL + data-loss warnings) between two schema snapshots. Renames are
 * found by stable key and emitted as `RENAME` statements first; the previous Prisma text gets the
 * same renames before Prisma's diff runs, so the diff only sees the real changes.
 */
import type { SchemaSnapshot } from "../prisma/schema-snapshot.ts";
import { detectDataLoss, type DataLossWarning } from "./data-loss.ts";
import { applyPrismaRenames, type FieldRename, type ModelRename } from "./prisma-renames.ts";
import { diffSchemas } from "./schema-engine.ts";

export type { DataLossWarning };

export interface BuiltMigration {
  up: string;
  down: string;
  warnings: DataLossWarning[];
  empty: boolean;
}

/** One `ALTER TABLE … RENAME` step; `table` is the table's name when the step runs. */
interface RenameStep {
  table: string;
  column?: string;
  to: string;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function renameSql(s: RenameStep): string {
  return s.column === undefined
    ? `ALTER TABLE ${q(s.table)} RENAME TO ${q(s.to)};`
    : `ALTER TABLE ${q(s.table)} RENAME COLUMN ${q(s.column)} TO ${q(s.to)};`;
}

/** The same step, undone (for down scripts, which replay the steps in reverse order). */
function reverseStep(s: RenameStep): RenameStep {
  return s.column === undefined ? { table: s.to, to: s.table } : { table: s.table, column: s.to, to: s.column };
}

/**
 * Steps that take each `from` to its `to` inside one namespace (tables, or one table's columns).
 * A target that another rename frees first (a swap, a chain) goes through a temporary name; a
 * target still taken by something that is not renamed is an error the author has to split up.
 */
function renameSteps(
  renames: { from: string; to: string }[],
  taken: Set<string>,
  step: (from: string, to: string) => RenameStep,
  what: string,
): RenameStep[] {
  const freed = new Set(renames.map((r) => r.from));
  for (const r of renames) {
    if (taken.has(r.to) && !freed.has(r.to)) {
      throw new Error(
        `Cannot rename ${what} "${r.from}" to "${r.to}": that name is still used. ` +
          `Drop or rename the other one in an earlier migration.`,
      );
    }
  }
  if (!renames.some((r) => freed.has(r.to))) return renames.map((r) => step(r.from, r.to));
  const temp = (i: number) => `_mono_rename_${i}`;
  return [...renames.map((r, i) => step(r.from, temp(i))), ...renames.map((r, i) => step(temp(i), r.to))];
}

interface Renames {
  steps: RenameStep[];
  models: ModelRename[];
  fields: FieldRename[];
}

/** Everything renamed between two snapshots, matched by stable model and field keys. */
function findRenames(previous: SchemaSnapshot, next: SchemaSnapshot): Renames {
  const keys = Object.keys(previous.models)
    .filter((k) => k in next.models)
    .sort();
  const models: ModelRename[] = [];
  const fields: FieldRename[] = [];
  const tableRenames: { from: string; to: string }[] = [];
  const columnSteps: RenameStep[] = [];

  for (const key of keys) {
    const [before, after] = [previous.models[key], next.models[key]];
    if (before.model !== after.model || before.table !== after.table) {
      models.push({
        fromModel: before.model,
        toModel: after.model,
        ...(before.table !== after.table ? { toTable: after.table } : {}),
      });
    }
    if (before.table !== after.table) tableRenames.push({ from: before.table, to: after.table });

    const columnRenames: { from: string; to: string }[] = [];
    for (const fk of Object.keys(before.fields)
      .filter((k) => k in after.fields)
      .sort()) {
      const [b, a] = [before.fields[fk], after.fields[fk]];
      if (b.field === a.field && b.column === a.column) continue;
      fields.push({
        model: after.model,
        fromField: b.field,
        toField: a.field,
        ...(b.column !== a.column ? { toColumn: a.column } : {}),
      });
      if (b.column !== a.column) columnRenames.push({ from: b.column, to: a.column });
    }
    const columns = new Set(Object.values(before.fields).map((f) => f.column));
    columnSteps.push(
      ...renameSteps(columnRenames, columns, (from, to) => ({ table: after.table, column: from, to }), "column"),
    );
  }
  const tables = new Set(Object.values(previous.models).map((m) => m.table));
  const tableSteps = renameSteps(tableRenames, tables, (from, to) => ({ table: from, to }), "table");
  // Tables first: the column steps name each table by its new name.
  return { steps: [...tableSteps, ...columnSteps], models, fields };
}

/**
 * Prisma wraps some changes (enum value removal) in `BEGIN; … COMMIT;`. The runner already runs
 * each migration in one transaction, and an inner COMMIT would end it early.
 */
function withoutTransactionControl(sql: string): string {
  return sql
    .split("\n")
    .filter((line) => !/^\s*(BEGIN|COMMIT)\s*;\s*$/i.test(line))
    .join("\n");
}

function script(sections: string[]): string {
  const body = sections.map((s) => s.trim()).filter(Boolean);
  return body.length ? body.join("\n\n") + "\n" : "";
}

function renameSection(steps: RenameStep[]): string {
  return steps.length ? ["-- RenameByStableKey", ...steps.map(renameSql)].join("\n") : "";
}

/**
 * A SQL index statement (`CREATE … INDEX "n" ON "table" (…) [WHERE …]`) as PostgreSQL holds it
 * after the rename steps: the table's new name, and its renamed columns wherever they appear.
 */
export function indexAfterRenames(sql: string, steps: readonly RenameStep[]): string {
  const on = / ON "((?:[^"]|"")+)"/.exec(sql);
  if (!on) return sql;
  let table = on[1].replace(/""/g, '"');
  let head = sql.slice(0, on.index);
  let rest = sql.slice(on.index + on[0].length);
  for (const step of steps) {
    if (step.table !== table) continue;
    if (step.column === undefined) table = step.to;
    else rest = rest.split(q(step.column)).join(q(step.to));
  }
  head = `${head} ON ${q(table)}`;
  return head + rest;
}

/** Every model's SQL-only indexes (name → statement). */
function sqlIndexes(snapshot: SchemaSnapshot | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const model of Object.values(snapshot?.models ?? {})) Object.assign(out, model.indexes ?? {});
  return out;
}

/** Every model's computed-field triggers (name → create / drop SQL). */
function sqlComputed(snapshot: SchemaSnapshot | null): Record<string, { up: string; down: string }> {
  const out: Record<string, { up: string; down: string }> = {};
  for (const model of Object.values(snapshot?.models ?? {})) Object.assign(out, model.computed ?? {});
  return out;
}

/** The migration from `previous` (null = empty database) to `next`. */
export async function buildMigration(previous: SchemaSnapshot | null, next: SchemaSnapshot): Promise<BuiltMigration> {
  const renames = previous ? findRenames(previous, next) : { steps: [], models: [], fields: [] };
  const before = previous ? applyPrismaRenames(previous.prisma, renames.models, renames.fields) : null;

  const upDiff = withoutTransactionControl(await diffSchemas(before, next.prisma));
  const downDiff = withoutTransactionControl(await diffSchemas(next.prisma, before));

  const before_ = sqlIndexes(previous);
  const after_ = sqlIndexes(next);
  // An index follows its table and columns through RENAME: one the renames alone changed stays.
  const renamed = Object.fromEntries(
    Object.entries(before_).map(([n, sql]) => [n, indexAfterRenames(sql, renames.steps)]),
  );
  const created = Object.keys(after_)
    .filter((n) => renamed[n] !== after_[n])
    .sort();
  const dropped = Object.keys(before_)
    .filter((n) => after_[n] !== renamed[n])
    .sort();
  const dropSql = (names: string[]) =>
    names.length ? ["-- DropSqlIndex", ...names.map((n) => `DROP INDEX IF EXISTS ${q(n)};`)].join("\n") : "";
  const createSql = (names: string[], from: Record<string, string>) => {
    if (!names.length) return "";
    const trgm = names.some((n) => from[n].includes("gin_trgm_ops"));
    return [
      "-- CreateSqlIndex (full-text search, trigram and array GIN indexes: engine/src/contract/search.ts; live-row unique keys)",
      ...(trgm ? ["CREATE EXTENSION IF NOT EXISTS pg_trgm;"] : []),
      ...names.map((n) => from[n]),
    ].join("\n");
  };

  // Computed-field triggers: dropped before the tables change, created (and backfilled) after.
  const triggersBefore = sqlComputed(previous);
  const triggersAfter = sqlComputed(next);
  const newTriggers = Object.keys(triggersAfter)
    .filter((n) => triggersBefore[n]?.up !== triggersAfter[n].up)
    .sort();
  const oldTriggers = Object.keys(triggersBefore)
    .filter((n) => triggersAfter[n]?.up !== triggersBefore[n].up)
    .sort();
  const triggerSql = (
    label: string,
    names: string[],
    from: Record<string, { up: string; down: string }>,
    part: "up" | "down",
  ) => (names.length ? [label, ...names.map((n) => from[n][part])].join("\n") : "");

  const up = script([
    triggerSql("-- DropComputedTrigger", oldTriggers, triggersBefore, "down"),
    dropSql(dropped),
    renameSection(renames.steps),
    upDiff,
    createSql(created, after_),
    triggerSql(
      "-- CreateComputedTrigger (x-computed fields, exclusions, checks, required lists: generators/src/prisma/sql-computed.ts)",
      newTriggers,
      triggersAfter,
      "up",
    ),
  ]);
  const down = script([
    triggerSql("-- DropComputedTrigger", newTriggers, triggersAfter, "down"),
    dropSql(created),
    downDiff,
    renameSection(renames.steps.map(reverseStep).reverse()),
    createSql(dropped, before_),
    triggerSql("-- CreateComputedTrigger", oldTriggers, triggersBefore, "up"),
  ]);
  return { up, down, warnings: detectDataLoss(up), empty: up === "" };
}
