import type {
  MatchCriterionRegistry,
  MatchingRegistry,
  MatchValuePath,
} from "../../../engine/src/contract/registry-types.ts";
import { readableRows, type AccessCompile } from "../crud/model/access.ts";
import type { EntityView } from "../crud/model/types.ts";
import { col, ident } from "../crud/sql/ident.ts";

/** Which side the request starts from: a demand's candidates, or a supply's recommendations. */
export type Direction = "candidates" | "recommendations";

const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;
/** A number from the registry as an exact numeric literal (JS prints no exponent below 1e21). */
const num = (n: number) => {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return `${String(n).includes("e") ? n.toFixed(20) : String(n)}::numeric`;
};

/** SQL forms of one record value, read under the caller's field rule (a field they may not read is null). */
interface ValueSql {
  numeric: string;
  text: string;
  boolean: string;
  jsonb: string;
}

function valueSql(view: EntityView, alias: string, value: MatchValuePath, ac: AccessCompile | undefined): ValueSql {
  const field = view.entity.fields.find((f) => f.name === value.field);
  if (!field) throw new Error(`matching: ${view.entity.name} has no field ${value.field}`);
  let forms: ValueSql;
  if (value.path.length) {
    const root =
      view.storage.kind === "draft" ? `${col(alias, "data")}->${lit(field.name)}` : col(alias, field.columns[0].name);
    const path = lit(`{${value.path.join(",")}}`);
    const node = `(${root}#>${path})`;
    forms = {
      jsonb: node,
      text: `(${root}#>>${path})`,
      numeric: `(CASE WHEN jsonb_typeof(${node}) = 'number' THEN (${root}#>>${path})::numeric END)`,
      boolean: `(CASE WHEN jsonb_typeof(${node}) = 'boolean' THEN (${root}#>>${path})::boolean END)`,
    };
  } else {
    const target = view.targets.get(field.name);
    const expr = target ? target.expr.sql(alias) : col(alias, field.columns[0]?.name ?? field.name);
    forms = {
      jsonb: `to_jsonb(${expr})`,
      text: `(${expr})::text`,
      numeric: `(${expr})::numeric`,
      boolean: `(${expr})::boolean`,
    };
  }
  const gate = ac?.access.fieldRead(view, field.name);
  if (!gate || gate.kind === "all") return forms;
  const cond = gate.kind === "none" ? "FALSE" : gate.sql(alias, ac!.binds);
  const guard = (sql: string) => `(CASE WHEN ${cond} THEN ${sql} END)`;
  return {
    jsonb: guard(forms.jsonb),
    text: guard(forms.text),
    numeric: guard(forms.numeric),
    boolean: guard(forms.boolean),
  };
}

/** One criterion: the values it shows (`r`, `v`) and its status, over the demand `d` and supply `s`. */
interface CriterionSql {
  /** Columns of the first lateral: name → SQL. */
  values: [string, string][];
  /** The status over those columns (alias `x`). */
  status: string;
}

function criterionSql(
  c: MatchCriterionRegistry,
  i: number,
  demand: EntityView,
  supply: EntityView,
  ac: AccessCompile | undefined,
): CriterionSql {
  const v = valueSql(supply, "s", c.attribute, ac);
  const r = (p: MatchValuePath) => valueSql(demand, "d", p, ac);
  const x = (name: string) => `x.${ident(`${name}${i}`)}`;
  if (c.kind === "range") {
    const factor = c.unit
      ? `COALESCE(CASE ${r(c.unit.from).text} ${Object.entries(c.unit.factors)
          .map(([unit, f]) => `WHEN ${lit(unit)} THEN ${num(f)}`)
          .join(" ")} END, 1::numeric)`
      : null;
    const bound = (p: MatchValuePath | null) =>
      p ? (factor ? `(${r(p).numeric} * ${factor})` : r(p).numeric) : "NULL::numeric";
    const lo = x("lo");
    const hi = x("hi");
    const val = x("n");
    const tol = num(c.tolerance);
    const near =
      c.tolerance > 0
        ? `WHEN (${lo} IS NULL OR ${val} >= ${lo} - ${tol}) AND (${hi} IS NULL OR ${val} <= ${hi} + ${tol}) THEN 'near' `
        : "";
    return {
      values: [
        [`lo${i}`, bound(c.min)],
        [`hi${i}`, bound(c.max)],
        [`n${i}`, v.numeric],
        [
          `r${i}`,
          `jsonb_build_object('min', ${bound(c.min)}, 'max', ${bound(c.max)}${c.unit ? `, 'unit', ${lit(c.unit.unit)}` : ""})`,
        ],
        [`v${i}`, `to_jsonb(${v.numeric})`],
      ],
      status:
        `CASE WHEN ${lo} IS NULL AND ${hi} IS NULL THEN 'met' WHEN ${val} IS NULL THEN 'missed' ` +
        `WHEN (${lo} IS NULL OR ${val} >= ${lo}) AND (${hi} IS NULL OR ${val} <= ${hi}) THEN 'met' ${near}ELSE 'missed' END`,
    };
  }
  if (c.kind === "boolean") {
    const req = x("rb");
    const att = x("vb");
    const status =
      c.rule === "equals"
        ? `CASE WHEN ${req} IS NULL THEN 'met' WHEN ${att} IS NULL THEN 'missed' WHEN ${att} = ${req} THEN 'met' ELSE 'missed' END`
        : c.rule === "requires"
          ? `CASE WHEN ${req} IS NOT TRUE THEN 'met' WHEN ${att} IS TRUE THEN 'met' ELSE 'missed' END`
          : `CASE WHEN ${req} IS NOT FALSE THEN 'met' WHEN ${att} IS FALSE THEN 'met' ELSE 'missed' END`;
    return {
      values: [
        [`rb${i}`, r(c.requirement).boolean],
        [`vb${i}`, v.boolean],
        [`r${i}`, `to_jsonb(${r(c.requirement).boolean})`],
        [`v${i}`, `to_jsonb(${v.boolean})`],
      ],
      status,
    };
  }
  // in: the required values as a JSON list, the attribute as JSON (a value or a list).
  const reqJson = r(c.requirement).jsonb;
  const list = c.requirementList
    ? `(CASE WHEN jsonb_typeof(${reqJson}) = 'array' THEN ${reqJson} END)`
    : `(CASE WHEN ${reqJson} IS NOT NULL AND jsonb_typeof(${reqJson}) <> 'null' THEN jsonb_build_array(${reqJson}) END)`;
  const att = v.jsonb;
  const R = x("r");
  const A = x("v");
  const unset = `${A} IS NULL OR jsonb_typeof(${A}) = 'null'`;
  let near = "";
  if (c.attributeList) {
    near = `WHEN EXISTS (SELECT 1 FROM jsonb_array_elements(${R}) AS e(v) WHERE ${A} @> jsonb_build_array(e.v)) THEN 'near' `;
  } else if (c.order && c.tolerance > 0) {
    const order = `ARRAY[${c.order.map((o) => lit(String(o))).join(", ")}]::text[]`;
    near = `WHEN EXISTS (SELECT 1 FROM jsonb_array_elements_text(${R}) AS e(v) WHERE abs(array_position(${order}, e.v) - array_position(${order}, ${A} #>> '{}')) <= ${c.tolerance}) THEN 'near' `;
  }
  const met = c.attributeList ? `${A} @> ${R}` : `${R} @> jsonb_build_array(${A})`;
  return {
    values: [
      [`r${i}`, list],
      [`v${i}`, att],
    ],
    status:
      `CASE WHEN ${R} IS NULL OR jsonb_array_length(${R}) = 0 THEN 'met' WHEN ${unset} THEN 'missed' ` +
      `WHEN ${met} THEN 'met' ${near}ELSE 'missed' END`,
  };
}

/** A compiled scoring statement: `$1` tenant, `$2` the anchor record's id, `$3` limit, `$4`/`$5` the cursor (score, id) or nulls; binds after. */
export interface ScoreStatement {
  readonly text: string;
  /** The sum of all weights: the best score. */
  readonly maxScore: number;
}

/**
 * One statement that scores every record of the listed side the caller may read against the
 * anchor record (which the caller must read too), orders by score descending then id, and
 * returns one page after the cursor: `id`, `score` (numeric as text) and `breakdown` (JSON).
 */
export function scoreStatement(
  matching: MatchingRegistry,
  demand: EntityView,
  supply: EntityView,
  direction: Direction,
  ac: AccessCompile | undefined,
): ScoreStatement {
  const criteria = matching.criteria.map((c, i) => criterionSql(c, i, demand, supply, ac));
  const values = criteria.flatMap((c) => c.values.map(([name, sql]) => `${sql} AS ${ident(name)}`));
  const statuses = criteria.map((c, i) => `${c.status} AS ${ident(`st${i}`)}`);
  const points = matching.criteria.map(
    (c, i) =>
      `CASE y.${ident(`st${i}`)} WHEN 'met' THEN ${num(c.weight)} WHEN 'near' THEN ${num(c.weight)} * ${num(matching.nearPoints)} ELSE 0::numeric END`,
  );
  const breakdown = matching.criteria.map(
    (c, i) =>
      `jsonb_build_object('criterion', ${lit(c.name)}, 'status', y.${ident(`st${i}`)}, 'weight', ${num(c.weight)}, ` +
      `'points', ${points[i]}, 'requirement', x.${ident(`r${i}`)}, 'value', x.${ident(`v${i}`)})`,
  );
  const [anchor, listed] = direction === "candidates" ? (["d", "s"] as const) : (["s", "d"] as const);
  const anchorView = anchor === "d" ? demand : supply;
  const listedView = listed === "d" ? demand : supply;
  const sameEntity = demand.entity.name === supply.entity.name && demand.template.id === supply.template.id;
  const inner =
    `SELECT ${listed}.${ident("id")} AS "id", (${points.join(" + ")}) AS "score", jsonb_build_array(${breakdown.join(", ")}) AS "breakdown" ` +
    `FROM ${anchorView.storage.table} AS ${anchor} JOIN ${listedView.storage.table} AS ${listed} ON ${readableRows(listedView, listed, ac)}` +
    (sameEntity ? ` AND ${listed}."id" <> ${anchor}."id"` : "") +
    ` CROSS JOIN LATERAL (SELECT ${values.join(", ")}) AS x CROSS JOIN LATERAL (SELECT ${statuses.join(", ")}) AS y` +
    ` WHERE ${readableRows(anchorView, anchor, ac)} AND ${anchor}."id" = $2::uuid`;
  const text =
    `SELECT q."id"::text AS "id", q."score"::text AS "score", q."breakdown" FROM (${inner}) AS q ` +
    `WHERE $4::numeric IS NULL OR q."score" < $4::numeric OR (q."score" = $4::numeric AND q."id" > $5::uuid) ` +
    `ORDER BY q."score" DESC, q."id" ASC LIMIT $3`;
  return {
    text: ac ? ac.binds.finish(text, 5) : text,
    maxScore: matching.criteria.reduce((sum, c) => sum + c.weight, 0),
  };
}
