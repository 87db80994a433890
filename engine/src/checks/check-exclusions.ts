import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import type { CheckContext } from "./check-context.ts";

const RANGE_FORMATS = new Set(["date", "date-time"]);

/** Exclusions name a date or date-time range of one kind, existing `per` fields, and `unless` values the field can hold. */
export function checkExclusions({ ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    const names = [
      ...entity.fields.map((f) => f.name),
      ...entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : [])),
    ];
    for (const x of entity.exclusions) {
      const bad = (pointer: string, message: string, candidates: string[] = names, name = "") => {
        const guess = name ? closestName(name, candidates) : undefined;
        report(diagnostic("ENG_EXCLUSION_BAD_FIELD", pointer, message, guess ? `Did you mean "${guess}"?` : undefined));
      };
      const ranged = entity.fields.filter((f) => f.kind === "string" && f.format && RANGE_FORMATS.has(f.format));
      const [start, end] = [x.start, x.end].map((name) => entity.fields.find((f) => f.name === name));
      [x.start, x.end].forEach((name, i) => {
        const field = i === 0 ? start : end;
        if (!field || !ranged.includes(field))
          bad(
            ptr(x.pointer, "range", i),
            `"${name}" is not a date or date-time field of ${entity.name}.`,
            ranged.map((f) => f.name),
            name,
          );
      });
      if (start && end && start.format !== end.format)
        bad(ptr(x.pointer, "range"), `The range mixes a ${start.format} and a ${end.format}.`);
      x.per.forEach((name, i) => {
        if (!names.includes(name))
          bad(ptr(x.pointer, "per", i), `"${name}" is not a field or foreign key of ${entity.name}.`, names, name);
      });
      for (const { field: name, values } of x.unless) {
        const field = entity.fields.find((f) => f.name === name);
        if (!field) bad(ptr(x.pointer, "unless", name), `"${name}" is not a field of ${entity.name}.`, names, name);
        else if (field.enumValues) {
          const foreign = values.filter((v) => !field.enumValues!.includes(v as string));
          if (foreign.length)
            bad(
              ptr(x.pointer, "unless", name),
              `${foreign.join(", ")} ${foreign.length > 1 ? "are" : "is"} not a value of ${name}.`,
            );
        }
      }
    }
  }
}
