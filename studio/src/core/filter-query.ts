import type { FilterControl } from "./registry-types.ts";

/** A value the filter form holds for one property (RJSF form data). */
type FilterValue = unknown;

const isBlank = (v: unknown) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * The generated filter form's values → `filter[field][op]=value` pairs, following the form's
 * `operators` map (`range` objects hold `gte`/`lte`, `in` lists are sent comma-separated).
 * Values the form left empty are skipped, so an untouched form filters nothing.
 */
export function filterParams(
  values: Readonly<Record<string, FilterValue>>,
  operators: Readonly<Record<string, FilterControl>>,
): [string, string][] {
  const out: [string, string][] = [];
  for (const [field, control] of Object.entries(operators)) {
    const value = values[field];
    if (isBlank(value)) continue;
    if (control === "range") {
      const range = value as { gte?: unknown; lte?: unknown };
      for (const op of ["gte", "lte"] as const)
        if (!isBlank(range[op])) out.push([`filter[${field}][${op}]`, String(range[op])]);
    } else if (control === "in") {
      const list = (Array.isArray(value) ? value : [value]).filter((v) => !isBlank(v));
      if (list.length) out.push([`filter[${field}][in]`, list.map(String).join(",")]);
    } else {
      out.push([`filter[${field}][${control}]`, String(value)]);
    }
  }
  return out;
}

/** How many properties of the filter form are set (the badge on the filter button). */
export function activeFilterCount(values: Readonly<Record<string, FilterValue>>): number {
  return Object.values(values).filter((v) => {
    if (isBlank(v)) return false;
    if (typeof v === "object" && !Array.isArray(v)) return Object.values(v as object).some((x) => !isBlank(x));
    return true;
  }).length;
}
