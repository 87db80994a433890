import { dimensionOf, parseComputed } from "../contract/computed.ts";
import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import type { CheckContext } from "./check-context.ts";

const NUMERIC = new Set(["integer", "number"]);

/**
 * `x-computed`: forms the platform maintains name a one-to-many relation and a numeric field of
 * its target (aggregates) or a measurement with convertible units (convert), and the field's
 * own type fits the result; other forms are warned about (they stay null).
 */
export function checkComputed({ ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    for (const field of entity.fields) {
      if (field.computed === null) continue;
      const at = ptr(field.pointer, "x-computed");
      const expr = parseComputed(field.computed);
      if (!expr) {
        report(
          diagnostic(
            "ENG_COMPUTED_NOT_MAINTAINED",
            at,
            `"${field.computed}" is not a form the platform computes: ${entity.name}.${field.name} stays empty.`,
            "Use count(relation), sum|avg|min|max(relation.field) or [round(]convert(field, 'unit')[)].",
          ),
        );
        continue;
      }
      if (expr.kind === "aggregate") {
        const relation = entity.relations.find((r) => r.name === expr.relation);
        if (!relation && entity.fields.some((f) => f.name === expr.relation)) {
          report(
            diagnostic(
              "ENG_COMPUTED_NOT_MAINTAINED",
              at,
              `"${field.computed}" aggregates inside the field "${expr.relation}", not over a relation: ${entity.name}.${field.name} stays empty.`,
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
        if (expr.field !== null) {
          const source = target.fields.find((f) => f.name === expr.field);
          if (!source || !NUMERIC.has(source.kind)) {
            const numeric = target.fields.filter((f) => NUMERIC.has(f.kind)).map((f) => f.name);
            const guess = closestName(expr.field, numeric);
            report(
              diagnostic(
                "ENG_COMPUTED_BAD_REFERENCE",
                at,
                source
                  ? `${target.name}.${expr.field} is a ${source.kind} field; ${expr.fn} needs an integer or number.`
                  : `"${expr.field}" is not a field of ${target.name}.`,
                guess ? `Did you mean "${guess}"?` : undefined,
              ),
            );
            continue;
          }
          if (source.computed !== null)
            report(
              diagnostic(
                "ENG_COMPUTED_BAD_REFERENCE",
                at,
                `${target.name}.${expr.field} is computed itself; aggregate a stored field.`,
              ),
            );
        }
        const needsNumber =
          expr.fn === "avg" ||
          (expr.field !== null &&
            expr.fn !== "count" &&
            target.fields.find((f) => f.name === expr.field)?.kind === "number");
        if (!NUMERIC.has(field.kind) || (needsNumber && field.kind !== "number"))
          report(
            diagnostic(
              "ENG_COMPUTED_TYPE",
              at,
              `${expr.fn}(…) gives ${needsNumber ? "a number" : "an integer"}; ${entity.name}.${field.name} is ${field.kind}.`,
              `Declare it "type": "${needsNumber ? "number" : "integer"}".`,
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
