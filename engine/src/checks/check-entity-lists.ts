import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * `tagging.entities` and `collections.entities` name entities of the template (docs/templates.md#tagging-and-collections);
 * a typo is reported at its item with the nearest entity name.
 */
export function checkEntityLists({ ir, report }: CheckContext): void {
  const names = ir.entities.map((e) => e.name);
  const lists = [
    ["ENG_TAGGING_UNKNOWN_ENTITY", ir.tagging, "take tags"],
    ["ENG_COLLECTIONS_UNKNOWN_ENTITY", ir.collections, "go into collections"],
  ] as const;
  for (const [code, list, what] of lists) {
    list?.entities.forEach((name, i) => {
      if (names.includes(name)) return;
      const guess = closestName(name, names);
      report(
        diagnostic(
          code,
          ptr(list.pointer, "entities", i),
          `"${name}" is not an entity of this template, so its records cannot ${what}.`,
          guess ? `Did you mean "${guess}"?` : `Entities: ${names.join(", ")}.`,
        ),
      );
    });
  }
}
