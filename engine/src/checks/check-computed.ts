import {
  dimensionOf,
  fieldsOf,
  parseComputedText,
  typeOfValue,
  type ComputedExpr,
  type Condition,
  type ValueType,
} from "../contract/computed.ts";
import { diagnostic, ptr } from "../diagnostics.ts";
import { arrayItemProperties, type ItemProperty } from "../ir/array-items.ts";
import type { EntityIR, FieldIR } from "../ir/types.ts";
import { closestName } from "../validate/closest-name.ts";
import type { CheckContext } from "./check-context.ts";

const NUMERIC = new Set(["integer", "number"]);

/** The value type a stored field gives inside an expression, or why it cannot be used. */
function fieldType(entity: EntityIR, name: string, money: boolean): ValueType | { error: string } {
  const field = entity.fields.find((f) => f.name === name);
  if (!field) {
    const guess = closestName(
      name,
      entity.fields.map((f) => f.name),
    );
    return { error: `"${name}" is not a field of ${entity.name}.${guess ? ` Did you mean "${guess}"?` : ""}` };
  }
  if (field.computed !== null) return { error: `${entity.name}.${name} is computed itself; use stored fields.` };
  if (field.kind === "string" || field.kind === "enum") return "string";
  if (field.kind === "integer" || field.kind === "number") return field.kind;
  if (field.kind === "money" && money) return "money";
  return {
    error: `${entity.name}.${name} is a ${field.kind} field; expressions use text, numbers${money ? " and money" : ""}.`,
  };
}

/** Whether a value of `type` may be stored in `field`. */
function fits(type: ValueType, field: FieldIR): boolean {
  if (field.kind === "number") return type === "integer" || type === "number";
  if (field.kind === "integer") return type === "integer";
  if (field.kind === "string") return type === "string";
  if (field.kind === "money") return type === "money";
  return false;
}

/**
 * What is wrong with an aggregate's condition on `source` (a field of the related entity or a
 * property of the list's items, under `owner`), or undefined: enum values it has, text compared
 * with quoted values, numbers with numbers, nothing else.
 */
function conditionProblem(
  condition: Condition,
  source: { readonly name: string; readonly kind: string; readonly values: readonly (string | number)[] } | undefined,
  owner: string,
  missing: string,
  untestable: (kind: string) => string,
): string | undefined {
  if (!source) return missing;
  const at = `${owner}.${source.name}`;
  if (source.kind === "enum")
    return condition.values
      .filter((v) => !source.values.map(String).includes(String(v)))
      .map((v) => `${JSON.stringify(v)} is not a value of ${at} (${source.values.join(", ")}).`)[0];
  if (source.kind === "string")
    return condition.values.some((v) => typeof v !== "string")
      ? `${at} is text: compare it with 'quoted' values.`
      : undefined;
  if (NUMERIC.has(source.kind))
    return condition.values.some((v) => typeof v !== "number")
      ? `${at} is a number: compare it with numbers.`
      : undefined;
  return `${at} ${untestable(source.kind)}`;
}

/**
 * An aggregate over the items of a JSON list field (`min(packages.price)`): conditions and
 * values name the items' properties; money items give the cheapest or dearest (min/max) with
 * their currency, never a sum (the items may mix currencies).
 */
function checkItemAggregate(
  entity: EntityIR,
  field: FieldIR,
  list: FieldIR,
  items: readonly ItemProperty[],
  expr: Extract<ComputedExpr, { kind: "aggregate" }>,
  at: string,
  report: CheckContext["report"],
): void {
  const owner = `${entity.name}.${list.name}`;
  const unknown = (name: string) => {
    const guess = closestName(
      name,
      items.map((p) => p.name),
    );
    return `"${name}" is not a property of the items of ${owner}.${guess ? ` Did you mean "${guess}"?` : ""}`;
  };
  let bad = false;
  for (const condition of expr.where) {
    const source = items.find((p) => p.name === condition.field);
    const problem = conditionProblem(
      condition,
      source,
      `${owner}[]`,
      unknown(condition.field),
      (kind) =>
        `is ${kind === "money" ? "money" : "not text or a number"}; conditions test text, enum and number properties.`,
    );
    if (problem) {
      bad = true;
      report(diagnostic(source ? "ENG_COMPUTED_TYPE" : "ENG_COMPUTED_BAD_REFERENCE", at, problem));
    }
  }
  if (bad) return;
  let type: ValueType = "integer";
  if (expr.value !== null) {
    const valueType = typeOfValue(expr.value, (name) => {
      const p = items.find((i) => i.name === name);
      if (!p) return { error: unknown(name) };
      if (p.kind === "enum" || p.kind === "string") return "string";
      if (p.kind === "integer" || p.kind === "number" || p.kind === "money") return p.kind;
      return { error: `${owner}[].${name} is not text, a number or money.` };
    });
    if (typeof valueType === "object") {
      const missing = fieldsOf(expr.value).some((n) => !items.some((p) => p.name === n));
      report(diagnostic(missing ? "ENG_COMPUTED_BAD_REFERENCE" : "ENG_COMPUTED_TYPE", at, valueType.error));
      return;
    }
    if (valueType === "string") {
      report(diagnostic("ENG_COMPUTED_TYPE", at, `${expr.fn} needs an integer, number or money value, not text.`));
      return;
    }
    if (valueType === "money" && (expr.value.kind !== "field" || (expr.fn !== "min" && expr.fn !== "max"))) {
      report(
        diagnostic(
          "ENG_COMPUTED_TYPE",
          at,
          `${expr.fn} over money items may mix currencies; min and max of a money property give the cheapest or dearest item's price.`,
          `Use min(${list.name}.<price>) or max(${list.name}.<price>).`,
        ),
      );
      return;
    }
    type = expr.fn === "avg" ? "number" : valueType;
  }
  if (!fits(type, field))
    report(
      diagnostic(
        "ENG_COMPUTED_TYPE",
        at,
        `${expr.fn}(…) gives ${type === "money" ? "money" : type === "number" ? "a number" : "an integer"}; ${entity.name}.${field.name} is ${field.kind}.`,
        declare(type),
      ),
    );
}

const declare = (type: ValueType) =>
  type === "money" ? `Declare it "$ref": "#/$defs/Money".` : `Declare it "type": "${type}".`;

/**
 * `x-computed`: the expression parses (engine/src/contract/computed.ts); aggregates name a
 * one-to-many relation, and their condition and value fields of its target; record
 * expressions and conversions name the record's own stored fields; every operator gets the
 * types it takes, and the field's own type fits the result.
 */
export function checkComputed({ ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    for (const field of entity.fields) {
      if (field.computed === null) continue;
      const at = ptr(field.pointer, "x-computed");
      const parsed = parseComputedText(field.computed);
      if (!parsed.ok) {
        report(
          diagnostic(
            "ENG_COMPUTED_SYNTAX",
            at,
            `"${field.computed}" does not parse: ${parsed.message}.`,
            "Use count|sum|avg|min|max(relation[.field] | relation where … [, value]), [round(]convert(field, 'unit')[)], or arithmetic, + and coalesce(…) over the record's fields.",
          ),
        );
        continue;
      }
      const expr = parsed.expr;
      if (expr.kind === "age") {
        // Computed when read (it changes with the date, not with writes): see runtime/src/crud/model/computed-at-read.ts.
        const source = entity.fields.find((f) => f.name === expr.field);
        if (!source || source.kind !== "string" || (source.format !== "date" && source.format !== "date-time")) {
          report(
            diagnostic(
              "ENG_COMPUTED_BAD_REFERENCE",
              at,
              source
                ? `${entity.name}.${expr.field} is not a date; age(…) needs a "format": "date" or "date-time" field.`
                : `"${expr.field}" is not a field of ${entity.name}.`,
            ),
          );
          continue;
        }
        if (!NUMERIC.has(field.kind))
          report(
            diagnostic(
              "ENG_COMPUTED_TYPE",
              at,
              `age(…) gives an integer; ${entity.name}.${field.name} is ${field.kind}.`,
              declare("integer"),
            ),
          );
        continue;
      }
      if (expr.kind === "record") {
        const type = typeOfValue(expr.value, (name) => fieldType(entity, name, true));
        const moneyFields = fieldsOf(expr.value).filter(
          (n) => entity.fields.find((f) => f.name === n)?.kind === "money",
        );
        if (moneyFields.length > 1) {
          report(
            diagnostic(
              "ENG_COMPUTED_TYPE",
              at,
              `"${field.computed}" mixes the money fields ${moneyFields.join(", ")}; an expression scales one money field (its currency is kept).`,
            ),
          );
          continue;
        }
        if (typeof type === "object") {
          const unknown = fieldsOf(expr.value).some((n) => !entity.fields.some((f) => f.name === n));
          report(diagnostic(unknown ? "ENG_COMPUTED_BAD_REFERENCE" : "ENG_COMPUTED_TYPE", at, type.error));
          continue;
        }
        if (!fits(type, field))
          report(
            diagnostic(
              "ENG_COMPUTED_TYPE",
              at,
              `"${field.computed}" gives ${type === "integer" ? "an integer" : type === "money" ? "money" : `a ${type}`}; ${entity.name}.${field.name} is ${field.kind}.`,
              declare(type),
            ),
          );
        continue;
      }
      if (expr.kind === "aggregate") {
        const relation = entity.relations.find((r) => r.name === expr.relation);
        const inside = relation ? undefined : entity.fields.find((f) => f.name === expr.relation);
        if (inside) {
          const items = arrayItemProperties(inside);
          if (items) checkItemAggregate(entity, field, inside, items, expr, at, report);
          else
            report(
              diagnostic(
                "ENG_COMPUTED_NOT_MAINTAINED",
                at,
                `"${field.computed}" aggregates inside the field "${expr.relation}", which is not a list of objects: ${entity.name}.${field.name} stays empty.`,
              ),
            );
          continue;
        }
        if (!relation || relation.kind !== "one-to-many") {
          const toMany = entity.relations.filter((r) => r.kind === "one-to-many").map((r) => r.name);
          const guess = closestName(expr.relation, toMany);
          report(
            diagnostic(
              "ENG_COMPUTED_BAD_REFERENCE",
              at,
              relation
                ? `"${expr.relation}" is a ${relation.kind} relation; aggregates run over one-to-many relations.`
                : `"${expr.relation}" is not a relation of ${entity.name}.`,
              guess ? `Did you mean "${guess}"?` : `One-to-many relations: ${toMany.join(", ") || "none"}.`,
            ),
          );
          continue;
        }
        const target = ir.entities.find((e) => e.name === relation.target);
        if (!target) continue;
        let bad = false;
        for (const condition of expr.where) {
          const source = target.fields.find((f) => f.name === condition.field);
          const guess = closestName(
            condition.field,
            target.fields.map((f) => f.name),
          );
          const problem = conditionProblem(
            condition,
            source && { name: source.name, kind: source.kind, values: source.enumValues ?? [] },
            target.name,
            `"${condition.field}" is not a field of ${target.name}.${guess ? ` Did you mean "${guess}"?` : ""}`,
            (kind) => `is a ${kind} field; conditions test text, enum and number fields.`,
          );
          if (problem) {
            bad = true;
            report(diagnostic(source ? "ENG_COMPUTED_TYPE" : "ENG_COMPUTED_BAD_REFERENCE", at, problem));
          }
        }
        if (bad) continue;
        let type: ValueType = "integer";
        if (expr.value !== null) {
          const valueType = typeOfValue(expr.value, (name) => fieldType(target, name, false));
          if (typeof valueType === "object") {
            const unknown = fieldsOf(expr.value).some((n) => !target.fields.some((f) => f.name === n));
            report(diagnostic(unknown ? "ENG_COMPUTED_BAD_REFERENCE" : "ENG_COMPUTED_TYPE", at, valueType.error));
            continue;
          }
          if (valueType === "string") {
            report(diagnostic("ENG_COMPUTED_TYPE", at, `${expr.fn} needs an integer or number value, not text.`));
            continue;
          }
          type = expr.fn === "avg" ? "number" : valueType;
        }
        if (!fits(type, field))
          report(
            diagnostic(
              "ENG_COMPUTED_TYPE",
              at,
              `${expr.fn}(…) gives ${type === "number" ? "a number" : "an integer"}; ${entity.name}.${field.name} is ${field.kind}.`,
              declare(type),
            ),
          );
        continue;
      }
      const source = entity.fields.find((f) => f.name === expr.field);
      if (!source || source.kind !== "measurement") {
        report(
          diagnostic(
            "ENG_COMPUTED_BAD_REFERENCE",
            at,
            source
              ? `${entity.name}.${expr.field} is a ${source.kind} field; convert needs a measurement.`
              : `"${expr.field}" is not a field of ${entity.name}.`,
          ),
        );
        continue;
      }
      const dimension = dimensionOf(expr.unit);
      const foreign = source.units.filter((u) => dimensionOf(u) !== dimension);
      if (!dimension || foreign.length)
        report(
          diagnostic(
            "ENG_COMPUTED_BAD_REFERENCE",
            at,
            dimension
              ? `${expr.field}'s units ${foreign.join(", ")} do not convert to ${expr.unit}.`
              : `"${expr.unit}" is not a unit convert knows.`,
          ),
        );
      if (!NUMERIC.has(field.kind) || (!expr.round && field.kind !== "number"))
        report(
          diagnostic(
            "ENG_COMPUTED_TYPE",
            at,
            `convert(…) gives a number${expr.round ? " (an integer when rounded)" : ""}; ${entity.name}.${field.name} is ${field.kind}.`,
          ),
        );
    }
  }
}
