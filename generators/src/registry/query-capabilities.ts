import type { FieldIR, RelationIR } from "../../../engine/src/index.ts";
import type { FilterOperator } from "../../../engine/src/contract/registry-types.ts";
import { isFieldColumnNullable } from "./field-pg-columns.ts";

/**
 * What the list endpoint accepts per field: filter operators and sortability. One source for
 * the registry (runtime enforcement), the OpenAPI parameters and the filter forms.
 */
export function fieldFilterOperators(field: FieldIR): FilterOperator[] {
  const ops = baseOperators(field);
  return ops.length && isFieldColumnNullable(field) ? [...ops, "isNull"] : ops;
}

function baseOperators(field: FieldIR): FilterOperator[] {
  switch (field.kind) {
    case "string":
      if (field.format === "uuid") return ["eq", "ne", "in", "nin"];
      if (field.format === "date" || field.format === "date-time")
        return ["eq", "ne", "gt", "gte", "lt", "lte", "between"];
      return ["eq", "ne", "in", "nin", "contains", "startsWith"];
    case "integer":
    case "number":
      return ["eq", "ne", "in", "nin", "gt", "gte", "lt", "lte", "between"];
    case "boolean":
      return ["eq", "ne"];
    case "enum":
      return ["eq", "ne", "in", "nin"];
    case "array":
      return field.itemKind ? ["has", "hasSome"] : [];
    // Money and measurements filter on their parts (`price.amount`), JSON on paths
    // (`details.color`): the runtime resolves those, not one column operator list.
    default:
      return [];
  }
}

/** Scalars sort; arrays, JSON and two-column values (money, measurement) do not. */
export function isFieldSortable(field: FieldIR): boolean {
  return ["string", "integer", "number", "boolean", "enum"].includes(field.kind);
}

/** Foreign keys filter by identity. */
export function foreignKeyFilterOperators(relation: RelationIR): FilterOperator[] {
  return relation.required ? ["eq", "ne", "in", "nin"] : ["eq", "ne", "in", "nin", "isNull"];
}
