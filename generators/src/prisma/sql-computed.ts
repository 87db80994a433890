import type { EntityIR, FieldIR, TemplateIR } from "../../../engine/src/index.ts";
import { arrayItemProperties, storageColumns, type ItemProperty } from "../../../engine/src/index.ts";
import {
  dimensionOf,
  fieldsOf,
  parseComputed,
  type ComputedExpr,
  UNIT_FACTORS,
  type Condition,
  type ValueExpr,
} from "../../../engine/src/contract/computed.ts";
import { constraintName } from "./constraint-names.ts";
import { fieldColumns } from "./field-columns.ts";

export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** One database object pair a migration creates and drops: a computed field's function and trigger. */
export interface ComputedSql {
  /** CREATE FUNCTION, CREATE TRIGGER, then the backfill of existing rows. */
  readonly up: string;
  readonly down: string;
}

const pgType = (field: FieldIR) =>
  field.kind === "integer" || field.kind === "money"
    ? field.wideInteger
      ? "bigint"
      : "integer"
    : field.kind === "string"
      ? "text"
      : "double precision";

/**
 * SQL for a value: `column(name)` is how a name reads (a field's storage column, or a property of
 * a list item), `textual(name)` whether it is text (so `+` joins instead of adding).
 */
function valueSqlOf(v: ValueExpr, column: (name: string) => string, textual: (name: string) => boolean): string {
  const isText = (x: ValueExpr): boolean =>
    x.kind === "string" ||
    (x.kind === "field" && textual(x.name)) ||
    (x.kind === "binary" && x.op === "+" && isText(x.left)) ||
    (x.kind === "coalesce" && isText(x.args[0]));
  const sql = (x: ValueExpr) => valueSqlOf(x, column, textual);
  switch (v.kind) {
    case "number":
      return String(v.value);
    case "string":
      return `${literal(v.value)}::text`;
    case "field":
      return column(v.name);
    case "neg":
      return `(-${sql(v.operand)})`;
    case "round":
      return `round((${sql(v.operand)})::numeric)`;
    case "coalesce":
      return `COALESCE(${v.args.map(sql).join(", ")})`;
    case "binary": {
      const [l, r] = [sql(v.left), sql(v.right)];
      if (v.op === "+" && isText(v)) return `(${l} || ${r})`;
      // Division never truncates: 7 / 2 is 3.5.
      if (v.op === "/") return `((${l})::double precision / (${r}))`;
      return `(${l} ${v.op} ${r})`;
    }
  }
}

/** SQL for a value over one row: a field reads its (first) storage column, qualified. */
function valueSql(v: ValueExpr, entity: EntityIR, row: string): string {
  const fieldOf = (name: string) => entity.fields.find((f) => f.name === name);
  return valueSqlOf(
    v,
    (name) => {
      const field = fieldOf(name);
      const col = `${row}.${q(field ? storageColumns(field)[0].name : name)}`;
      // Money amounts are computed in numeric, so scaling a large amount never overflows.
      return field?.kind === "enum" ? `${col}::text` : field?.kind === "money" ? `${col}::numeric` : col;
    },
    (name) => ["string", "enum"].includes(fieldOf(name)?.kind ?? ""),
  );
}

/** SQL for an aggregate's row condition (`!=` keeps rows whose field is empty). */
function conditionSql(condition: Condition, entity: EntityIR, row: string): string {
  const field = entity.fields.find((f) => f.name === condition.field);
  const text = field?.kind !== "integer" && field?.kind !== "number";
  const col = `${row}.${q(field ? storageColumns(field)[0].name : condition.field)}${text ? "::text" : ""}`;
  const lit = (v: string | number) => (text ? literal(String(v)) : String(v));
  if (condition.op === "in") return `${col} IN (${condition.values.map(lit).join(", ")})`;
  return condition.op === "="
    ? `${col} = ${lit(condition.values[0])}`
    : `${col} IS DISTINCT FROM ${lit(condition.values[0])}`;
}

/**
 * An aggregate over the items of a JSON list field, for the row's own BEFORE trigger: the
 * items are `jsonb_array_elements` of the column (an empty or missing list has none), a
 * property is `item->>'name'` (numbers in numeric, so sums never overflow), a condition keeps
 * the items it holds for (a missing property counts as different, as for related rows). Money
 * min/max take the amount and the currency of the same item (the first of equal amounts).
 * Null when the expression names something the items lack (the engine reported it).
 */
function itemAggregateSql(
  field: FieldIR,
  list: FieldIR,
  items: readonly ItemProperty[],
  expr: Extract<ComputedExpr, { kind: "aggregate" }>,
): ((row: string) => readonly (readonly [string, string])[]) | null {
  const prop = (name: string) => items.find((p) => p.name === name);
  const names = [...fieldsOf(expr.value), ...expr.where.map((c) => c.field)];
  if (names.some((n) => !prop(n))) return null;
  const text = (p: ItemProperty) =>
    p.kind === "string" || (p.kind === "enum" && p.values.some((v) => typeof v === "string"));
  const itemColumn = (name: string) =>
    text(prop(name)!) ? `(i.item->>${literal(name)})` : `(i.item->>${literal(name)})::numeric`;
  const valueOf = (v: ValueExpr) => valueSqlOf(v, itemColumn, (name) => text(prop(name)!));
  const conditions = expr.where.map((c) => {
    const p = prop(c.field)!;
    const col = itemColumn(c.field);
    const lit = (v: string | number) => (text(p) ? literal(String(v)) : String(v));
    if (c.op === "in") return `${col} IN (${c.values.map(lit).join(", ")})`;
    return c.op === "=" ? `${col} = ${lit(c.values[0])}` : `${col} IS DISTINCT FROM ${lit(c.values[0])}`;
  });
  const from = (row: string) =>
    `FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${row}.${q(storageColumns(list)[0].name)}) = 'array' THEN ${row}.${q(storageColumns(list)[0].name)} ELSE '[]'::jsonb END) WITH ORDINALITY AS i(item, n)${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""}`;
  const column = q(storageColumns(field)[0].name);
  if (field.kind === "money") {
    if (expr.value?.kind !== "field" || (expr.fn !== "min" && expr.fn !== "max")) return null;
    const price = `i.item->${literal(expr.value.name)}`;
    const amount = `(${price}->>'amount')::numeric`;
    const pick = (row: string, what: string) =>
      `(SELECT ${what} ${from(row)}${conditions.length ? " AND" : " WHERE"} ${amount} IS NOT NULL ORDER BY ${amount} ${expr.fn === "min" ? "ASC" : "DESC"}, i.n LIMIT 1)`;
    const currency = q(storageColumns(field)[1].name);
    return (row) => [
      [column, `${pick(row, amount)}::${pgType(field)}`],
      [currency, pick(row, `${price}->>'currency'`)],
    ];
  }
  const value = expr.value === null ? "" : valueOf(expr.value);
  const aggregate =
    expr.fn === "count" ? `count(*)` : expr.fn === "sum" ? `COALESCE(sum(${value}), 0)` : `${expr.fn}(${value})`;
  return (row) => [[column, `(SELECT (${aggregate})::${pgType(field)} ${from(row)})`]];
}

/**
 * The database maintains `x-computed` fields (engine/src/contract/computed.ts), so every write
 * path — the API, bulk, seeding, raw SQL — keeps them right in the writing transaction:
 * - an aggregate over a one-to-many relation (optionally over the related rows its `where`
 *   keeps, and of an arithmetic value over their fields) is recomputed for the parent row(s) a
 *   child insert, update (of its foreign key, a field the value or the condition reads, or
 *   `deletedAt`) or delete touches, by an AFTER trigger on the child table that first locks the
 *   parent row (`FOR NO KEY UPDATE`, which the foreign keys' `KEY SHARE` locks do not block:
 *   concurrent child writes serialize without deadlocking, and each recount sees the other's
 *   committed row); a new parent row starts at 0 (count, sum) or NULL;
 * - a conversion, a record expression or an aggregate over the items of a JSON list field is
 *   set by a BEFORE trigger on the row itself (money: the scaled amount rounded to the minor
 *   unit, the source's currency kept).
 * Creating the trigger backfills existing rows. Keyed by name for the migration diff.
 */
export function entityComputedSql(
  template: TemplateIR,
  entity: EntityIR,
  key: readonly string[],
): Record<string, ComputedSql> {
  const out: Record<string, ComputedSql> = {};
  if (entity.draft) return out;
  const table = q(entity.tableName);
  for (const field of entity.fields) {
    if (field.computed === null) continue;
    const expr = parseComputed(field.computed);
    if (!expr || expr.kind === "age") continue;
    const column = q(storageColumns(field)[0].name);
    const fn = constraintName("fn", ...key, field.id);
    const trigger = constraintName("tr", ...key, field.id);
    const rowTrigger = (assign: (row: string) => readonly (readonly [string, string])[]) => ({
      up: [
        `CREATE OR REPLACE FUNCTION ${q(fn)}() RETURNS trigger LANGUAGE plpgsql AS $fn$`,
        `BEGIN`,
        ...assign("NEW").map(([c, v]) => `  NEW.${c} := ${v};`),
        `  RETURN NEW;`,
        `END`,
        `$fn$;`,
        `CREATE TRIGGER ${q(trigger)} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${q(fn)}();`,
        `UPDATE ${table} AS r SET ${assign("r")
          .map(([c, v]) => `${c} = ${v}`)
          .join(", ")};`,
      ].join("\n"),
      down: `DROP TRIGGER IF EXISTS ${q(trigger)} ON ${table};\nDROP FUNCTION IF EXISTS ${q(fn)}();`,
    });
    if (expr.kind === "record") {
      const names = fieldsOf(expr.value);
      if (names.some((n) => !entity.fields.some((f) => f.name === n))) continue;
      const money = names.map((n) => entity.fields.find((f) => f.name === n)!).find((f) => f.kind === "money");
      if (field.kind === "money") {
        if (!money) continue;
        const currency = q(storageColumns(field)[1].name);
        out[trigger] = rowTrigger((row) => [
          [column, `round((${valueSql(expr.value, entity, row)})::numeric)::${pgType(field)}`],
          [currency, `${row}.${q(storageColumns(money)[1].name)}`],
        ]);
      } else {
        const value = (row: string) => valueSql(expr.value, entity, row);
        // Text is cut to the field's maxLength, so a long name never fails the write.
        const cast = (sql: string) =>
          field.kind === "string" && field.maxLength !== null ? `left(${sql}, ${field.maxLength})` : sql;
        out[trigger] = rowTrigger((row) => [[column, cast(`(${value(row)})::${pgType(field)}`)]]);
      }
      continue;
    }
    if (expr.kind === "convert") {
      const source = entity.fields.find((f) => f.name === expr.field);
      if (!source || source.kind !== "measurement") continue;
      const [value, unit] = storageColumns(source).map((c) => c.name);
      const factors = UNIT_FACTORS[dimensionOf(expr.unit) ?? ""] ?? {};
      const target = factors[expr.unit];
      const cases = source.units
        .filter((u) => u in factors)
        .map((u) => `WHEN ${literal(u)} THEN ${factors[u] / target}`)
        .join(" ");
      const converted = (row: string) => `${row}.${q(value)} * (CASE ${row}.${q(unit)} ${cases} END)`;
      const result = (row: string) => `(${expr.round ? `round(${converted(row)})` : converted(row)})::${pgType(field)}`;
      out[trigger] = rowTrigger((row) => [[column, result(row)]]);
      continue;
    }
    const list = entity.relations.some((r) => r.name === expr.relation)
      ? undefined
      : entity.fields.find((f) => f.name === expr.relation);
    const items = list && arrayItemProperties(list);
    if (list && items) {
      const assign = itemAggregateSql(field, list, items, expr);
      if (assign) out[trigger] = rowTrigger(assign);
      continue;
    }
    const relation = entity.relations.find((r) => r.name === expr.relation && r.kind === "one-to-many");
    const child = relation && template.entities.find((e) => e.name === relation.target);
    const inverse = child?.relations.find((r) => r.name === relation!.inverse);
    if (!child || child.draft || !inverse?.foreignKey) continue;
    const childTable = q(child.tableName);
    const fk = q(inverse.foreignKey);
    const reads = [...fieldsOf(expr.value), ...expr.where.map((c) => c.field)];
    const readFields = reads.map((n) => child.fields.find((f) => f.name === n));
    if (readFields.some((f) => !f)) continue;
    const readColumns = [...new Set(readFields.map((f) => q(storageColumns(f!)[0].name)))];
    const live = [
      ...(child.softDelete ? [`c."deletedAt" IS NULL`] : []),
      ...expr.where.map((c) => conditionSql(c, child, "c")),
    ]
      .map((c) => ` AND ${c}`)
      .join("");
    const value = expr.value === null ? "" : valueSql(expr.value, child, "c");
    const aggregate =
      expr.fn === "count" ? `count(*)` : expr.fn === "sum" ? `COALESCE(sum(${value}), 0)` : `${expr.fn}(${value})`;
    const recount = (tenant: string, parent: string) =>
      `(SELECT (${aggregate})::${pgType(field)} FROM ${childTable} AS c WHERE c."tenantId" = ${tenant} AND c.${fk} = ${parent}${live})`;
    const refresh = (row: "OLD" | "NEW") => [
      `    IF ${row}.${fk} IS NOT NULL THEN`,
      `      PERFORM 1 FROM ${table} WHERE "tenantId" = ${row}."tenantId" AND "id" = ${row}.${fk} FOR NO KEY UPDATE;`,
      `      UPDATE ${table} SET ${column} = ${recount(`${row}."tenantId"`, `${row}.${fk}`)} WHERE "tenantId" = ${row}."tenantId" AND "id" = ${row}.${fk};`,
      `    END IF;`,
    ];
    // A new parent has no related rows yet: 0 for count and sum, NULL (no value) for the others.
    const init = constraintName("tr", ...key, field.id, "init");
    const initFn = constraintName("fn", ...key, field.id, "init");
    const empty = expr.fn === "count" || expr.fn === "sum" ? "0" : "NULL";
    const watched = [fk, ...readColumns, ...(child.softDelete ? [`"deletedAt"`] : [])];
    out[trigger] = {
      up: [
        `CREATE OR REPLACE FUNCTION ${q(fn)}() RETURNS trigger LANGUAGE plpgsql AS $fn$`,
        `BEGIN`,
        `  IF TG_OP = 'UPDATE' AND ${watched.map((c) => `NEW.${c} IS NOT DISTINCT FROM OLD.${c}`).join(" AND ")} THEN`,
        `    RETURN NULL;`,
        `  END IF;`,
        `  IF TG_OP IN ('UPDATE', 'DELETE') THEN`,
        ...refresh("OLD"),
        `  END IF;`,
        `  IF TG_OP IN ('INSERT', 'UPDATE') THEN`,
        ...refresh("NEW"),
        `  END IF;`,
        `  RETURN NULL;`,
        `END`,
        `$fn$;`,
        `CREATE TRIGGER ${q(trigger)} AFTER INSERT OR UPDATE OR DELETE ON ${childTable} FOR EACH ROW EXECUTE FUNCTION ${q(fn)}();`,
        `CREATE OR REPLACE FUNCTION ${q(initFn)}() RETURNS trigger LANGUAGE plpgsql AS $fn$`,
        `BEGIN`,
        `  NEW.${column} := ${empty};`,
        `  RETURN NEW;`,
        `END`,
        `$fn$;`,
        `CREATE TRIGGER ${q(init)} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${q(initFn)}();`,
        `UPDATE ${table} AS p SET ${column} = ${recount(`p."tenantId"`, `p."id"`)};`,
      ].join("\n"),
      down: [
        `DROP TRIGGER IF EXISTS ${q(trigger)} ON ${childTable};`,
        `DROP FUNCTION IF EXISTS ${q(fn)}();`,
        `DROP TRIGGER IF EXISTS ${q(init)} ON ${table};`,
        `DROP FUNCTION IF EXISTS ${q(initFn)}();`,
      ].join("\n"),
    };
  }
  return out;
}

/**
 * Exclusions (entity `exclusions`): no two live records with equal `per` values whose
 * [start, end) ranges intersect. A BEFORE trigger takes a transaction advisory lock on the
 * (tenant, per values) key, so two concurrent writers of one property serialize, then refuses
 * an overlapping row with SQLSTATE 23P01 naming the exclusion as its constraint (the runtime
 * answers 409 pointing at the range). A trigger, not an EXCLUDE constraint: uuid columns need
 * the btree_gist extension for that, which the embedded database does not ship by default.
 */
export function entityExclusionSql(entity: EntityIR, key: readonly string[]): Record<string, ComputedSql> {
  const out: Record<string, ComputedSql> = {};
  if (entity.draft) return out;
  const table = q(entity.tableName);
  const column = (name: string) => {
    const field = entity.fields.find((f) => f.name === name);
    return q(field ? storageColumns(field)[0].name : name);
  };
  for (const x of entity.exclusions) {
    const fn = constraintName("fn", ...key, x.id);
    const trigger = constraintName("tr", ...key, x.id);
    const [start, end] = [column(x.start), column(x.end)];
    const per = x.per.map(column);
    const skip = [
      ...(entity.softDelete ? [`NEW."deletedAt" IS NOT NULL`] : []),
      `NEW.${start} IS NULL`,
      `NEW.${end} IS NULL`,
      ...per.map((c) => `NEW.${c} IS NULL`),
      ...x.unless.map((u) => `NEW.${column(u.field)} IN (${u.values.map((v) => literal(String(v))).join(", ")})`),
    ];
    const others = [
      `o."tenantId" = NEW."tenantId"`,
      ...per.map((c) => `o.${c} = NEW.${c}`),
      `o."id" <> NEW."id"`,
      ...(entity.softDelete ? [`o."deletedAt" IS NULL`] : []),
      ...x.unless.map(
        (u) =>
          `(o.${column(u.field)} IS NULL OR o.${column(u.field)} NOT IN (${u.values.map((v) => literal(String(v))).join(", ")}))`,
      ),
      `o.${start} < NEW.${end}`,
      `NEW.${start} < o.${end}`,
    ];
    // An update that leaves the range, the key, the `unless` fields and deletion alone cannot create an overlap.
    const watched = [
      start,
      end,
      ...per,
      ...x.unless.map((u) => column(u.field)),
      ...(entity.softDelete ? [`"deletedAt"`] : []),
    ];
    const unchanged = `TG_OP = 'UPDATE' AND ${watched.map((c) => `NEW.${c} IS NOT DISTINCT FROM OLD.${c}`).join(" AND ")}`;
    const lockKey = [
      literal(`${entity.tableName}:${x.id}`),
      `NEW."tenantId"::text`,
      ...per.map((c) => `NEW.${c}::text`),
    ].join(" || ':' || ");
    out[trigger] = {
      up: [
        `CREATE OR REPLACE FUNCTION ${q(fn)}() RETURNS trigger LANGUAGE plpgsql AS $fn$`,
        `BEGIN`,
        `  IF (${unchanged}) OR ${skip.join(" OR ")} THEN`,
        `    RETURN NEW;`,
        `  END IF;`,
        `  PERFORM pg_advisory_xact_lock(hashtextextended(${lockKey}, 0));`,
        `  IF EXISTS (SELECT 1 FROM ${table} AS o WHERE ${others.join(" AND ")}) THEN`,
        `    RAISE EXCEPTION 'overlaps another record (%)', ${literal(x.id)} USING ERRCODE = '23P01', CONSTRAINT = ${literal(x.id)};`,
        `  END IF;`,
        `  RETURN NEW;`,
        `END`,
        `$fn$;`,
        `CREATE TRIGGER ${q(trigger)} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${q(fn)}();`,
      ].join("\n"),
      down: `DROP TRIGGER IF EXISTS ${q(trigger)} ON ${table};\nDROP FUNCTION IF EXISTS ${q(fn)}();`,
    };
  }
  return out;
}

/**
 * Cross-field facts (`x-gt`, `x-gte`) as CHECK constraints, so no write path stores a record
 * that breaks them (`NOT VALID`: rows stored before the fact existed are left alone, every
 * new write is checked). Money compares amounts in the same currency only; a null on either
 * side passes (the fact holds "when both are set"). The runtime answers 400 pointing at both fields.
 */
export function entityComparisonSql(entity: EntityIR, key: readonly string[]): Record<string, ComputedSql> {
  const out: Record<string, ComputedSql> = {};
  if (entity.draft) return out;
  const table = q(entity.tableName);
  for (const fact of entity.comparisons) {
    const [field, than] = [fact.field, fact.than].map((name) => entity.fields.find((f) => f.name === name));
    if (!field || !than) continue;
    const op = fact.op === "gt" ? ">" : ">=";
    const [a, b] = [field, than].map((f) => storageColumns(f).map((c) => q(c.name)));
    const condition =
      field.kind === "money" && than.kind === "money"
        ? `${a[0]} IS NULL OR ${b[0]} IS NULL OR ${a[1]} IS DISTINCT FROM ${b[1]} OR ${a[0]} ${op} ${b[0]}`
        : `${a[0]} IS NULL OR ${b[0]} IS NULL OR ${a[0]} ${op} ${b[0]}`;
    const name = constraintName("ck", ...key, field.id, fact.op, than.id);
    out[name] = {
      up: `ALTER TABLE ${table} ADD CONSTRAINT ${q(name)} CHECK (${condition}) NOT VALID;`,
      down: `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${q(name)};`,
    };
  }
  return out;
}

/**
 * Required array fields are NOT NULL: Prisma's schema language has no required list (its
 * columns are nullable), so each one gets `SET NOT NULL` after the diff, with the NULLs of rows
 * written before turned into empty lists first so the migration keeps them. The column's Prisma
 * type is part of the statement (a comment), so a change of it that recreates the column sets
 * the constraint again.
 */
export function entityRequiredArraySql(entity: EntityIR, key: readonly string[]): Record<string, ComputedSql> {
  const out: Record<string, ComputedSql> = {};
  if (entity.draft) return out;
  const table = q(entity.tableName);
  for (const field of entity.fields) {
    if (field.kind !== "array" || !field.required || field.nullable || field.computed !== null) continue;
    const [spec] = fieldColumns(field);
    if (!spec) continue;
    const column = q(spec.name);
    out[constraintName("nn", ...key, field.id)] = {
      up: [
        `-- required list ${field.pointer}: ${[spec.type, ...spec.attributes.filter((a) => a.startsWith("@db."))].join(" ")}`,
        `UPDATE ${table} SET ${column} = '{}' WHERE ${column} IS NULL;`,
        `ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`,
      ].join("\n"),
      down: `ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL;`,
    };
  }
  return out;
}
