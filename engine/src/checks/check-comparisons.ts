import { diagnostic, ptr } from "../diagnostics.ts";
import type { ComparisonIR, EntityIR, FieldIR } from "../ir/types.ts";
import type { RawSchemaObject } from "../template/raw-template.ts";
import type { CheckContext } from "./check-context.ts";

/** What a fact orders values as; null when a field's values have no order a fact can use. */
function orderOf(field: FieldIR): "number" | "date" | "date-time" | "money" | null {
  if (field.kind === "integer" || field.kind === "number") return "number";
  if (field.kind === "money") return "money";
  if (field.kind === "string" && (field.format === "date" || field.format === "date-time")) return field.format;
  return null;
}

/**
 * Cross-field facts (`x-gt`, `x-gte`): they name another top-level field of the entity, the two
 * fields order their values the same way, no loop of facts and no pair of ranges makes them
 * impossible, and nested schemas do not carry them (they would be ignored).
 */
export function checkComparisons({ raw, ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    const byName = new Map(entity.fields.map((f) => [f.name, f]));
    for (const fact of entity.comparisons) {
      const field = byName.get(fact.field)!;
      const than = byName.get(fact.than);
      if (!than) {
        report(
          diagnostic(
            "ENG_COMPARE_UNKNOWN_FIELD",
            fact.pointer,
            `"${fact.than}" is not a field of ${entity.name}.`,
            `Name one of: ${entity.fields
              .filter((f) => f.name !== fact.field && orderOf(f) !== null)
              .map((f) => f.name)
              .join(", ")}.`,
          ),
        );
        continue;
      }
      const mine = orderOf(field);
      if (mine === null || mine !== orderOf(than)) {
        report(
          diagnostic(
            "ENG_COMPARE_TYPE_MISMATCH",
            fact.pointer,
            `${fact.field} (${describe(field)}) cannot be compared with ${fact.than} (${describe(than)}).`,
            "Compare numbers with numbers, dates with dates, date-times with date-times, money with money.",
          ),
        );
        continue;
      }
      if (fact.field === fact.than) {
        report(diagnostic("ENG_COMPARE_UNSATISFIABLE", fact.pointer, `${fact.field} is compared with itself.`));
        continue;
      }
      const range = emptyRange(field, than, fact.op);
      if (range)
        report(diagnostic("ENG_COMPARE_UNSATISFIABLE", fact.pointer, `${fact.field} ${range}: no record can keep it.`));
    }
    reportLoops(entity, report);
    reportNested(raw.entities[entity.name]?.schema.properties ?? {}, entity.pointer, report);
  }
}

const describe = (f: FieldIR) => (f.format ? `${f.kind}, ${f.format}` : f.kind);

/** The field's largest value is below (or, for `gt`, not above) the other's smallest. */
function emptyRange(field: FieldIR, than: FieldIR, op: "gt" | "gte"): string | null {
  const high = bound(field, "maximum");
  const low = bound(than, "minimum");
  if (high === undefined || low === undefined) return null;
  const impossible = op === "gt" ? high <= low : high < low;
  return impossible
    ? `is at most ${high} and ${than.name} at least ${low}, so it can never be ${op === "gt" ? "greater" : "at least as large"}`
    : null;
}

function bound(field: FieldIR, side: "minimum" | "maximum"): number | undefined {
  const schema = field.schema as Record<string, unknown>;
  const target =
    field.kind === "money"
      ? ((schema.properties as Record<string, Record<string, unknown>> | undefined)?.amount ?? {})
      : schema;
  const value = target[side] ?? target[side === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum"];
  return typeof value === "number" ? value : undefined;
}

/** a > b > … > a: reported once per loop, at the fact that closes it. */
function reportLoops(entity: EntityIR, report: CheckContext["report"]): void {
  const out = new Map<string, ComparisonIR[]>();
  for (const fact of entity.comparisons)
    if (fact.field !== fact.than) out.set(fact.field, [...(out.get(fact.field) ?? []), fact]);
  const state = new Map<string, "open" | "done">();
  const path: ComparisonIR[] = [];
  const visit = (name: string): void => {
    state.set(name, "open");
    for (const fact of out.get(name) ?? []) {
      if (state.get(fact.than) === "open") {
        const loop = [...path.slice(path.findIndex((p) => p.field === fact.than)), fact];
        report(
          diagnostic(
            "ENG_COMPARE_UNSATISFIABLE",
            fact.pointer,
            `The facts ${loop.map((f) => `${f.field} ${f.op} ${f.than}`).join(", ")} form a loop.`,
          ),
        );
      } else if (!state.has(fact.than)) {
        path.push(fact);
        visit(fact.than);
        path.pop();
      }
    }
    state.set(name, "done");
  };
  for (const name of out.keys()) if (!state.has(name)) visit(name);
}

/** x-gt/x-gte below the top level would be ignored: say so at the keyword. */
function reportNested(
  properties: Record<string, RawSchemaObject>,
  entityPointer: string,
  report: CheckContext["report"],
): void {
  const visit = (schema: unknown, pointer: string, nested: boolean): void => {
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) return;
    const s = schema as RawSchemaObject;
    if (nested)
      for (const key of ["x-gt", "x-gte"] as const)
        if (key in s)
          report(
            diagnostic(
              "ENG_COMPARE_NESTED",
              ptr(pointer, key),
              `${key} compares top-level fields only; here it would be ignored.`,
              "Move the fact to the top-level field, or validate the nested object another way.",
            ),
          );
    if (s.properties && typeof s.properties === "object")
      for (const [name, sub] of Object.entries(s.properties)) visit(sub, ptr(pointer, "properties", name), true);
    if (s.items) visit(s.items, ptr(pointer, "items"), true);
    if (s.additionalProperties && typeof s.additionalProperties === "object")
      visit(s.additionalProperties, ptr(pointer, "additionalProperties"), true);
  };
  for (const [name, schema] of Object.entries(properties))
    visit(schema, ptr(entityPointer, "schema", "properties", name), false);
}
