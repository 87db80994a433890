import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import { getEntity, getRelation } from "../ir/ir-utils.ts";
import type { CheckContext } from "./check-context.ts";

/** Relation targets, inverses, join entities and delete behaviour. */
export function checkRelations({ ir, report }: CheckContext): void {
  const entityNames = ir.entities.map((e) => e.name);
  for (const entity of ir.entities) {
    for (const relation of entity.relations) {
      const target = getEntity(ir, relation.target);
      if (!target) {
        const guess = closestName(relation.target, entityNames);
        report(
          diagnostic(
            "ENG_UNKNOWN_RELATION_TARGET",
            ptr(relation.pointer, "to"),
            `Relation "${relation.name}" points at "${relation.target}", which is not an entity of this template.`,
            guess ? `Did you mean "${guess}"?` : `Entities: ${entityNames.join(", ")}.`,
          ),
        );
        continue;
      }
      if (!entity.draft && target.draft) {
        report(
          diagnostic(
            "ENG_RELATION_DRAFT",
            ptr(relation.pointer, "to"),
            `"${entity.name}" is compiled but "${target.name}" is still a draft.`,
            "Compile the target first, or mark this entity as draft too.",
          ),
        );
      }
      if (relation.kind === "many-to-one" && relation.required && relation.onDelete === "setNull") {
        report(
          diagnostic(
            "ENG_RELATION_SETNULL_REQUIRED",
            ptr(relation.pointer, "onDelete"),
            `"${relation.name}" is required, so it cannot become null when its target is deleted.`,
            'Use "cascade" or "restrict", or make the relation optional.',
          ),
        );
      }
      if (relation.kind === "one-to-many") {
        const inverse = relation.inverse ? getRelation(target, relation.inverse) : undefined;
        if (inverse && relation.oneToOne && !inverse.oneToOne && inverse.target === entity.name) {
          report(
            diagnostic(
              "ENG_RELATION_INVERSE_INVALID",
              ptr(relation.pointer, "inverse"),
              `"${target.name}.${relation.inverse}" is a many-to-one relation: many records may link to one "${entity.name}", so its mirror cannot be one-to-one.`,
              `Make "${target.name}.${relation.inverse}" one-to-one too, or make this relation one-to-many.`,
            ),
          );
        } else if (!inverse || inverse.kind !== "many-to-one" || inverse.target !== entity.name) {
          const candidates = target.relations
            .filter((r) => r.kind === "many-to-one" && r.target === entity.name)
            .map((r) => r.name);
          report(
            diagnostic(
              "ENG_RELATION_INVERSE_INVALID",
              ptr(relation.pointer, relation.inverse ? "inverse" : "kind"),
              relation.inverse
                ? `"${target.name}.${relation.inverse}" is not a many-to-one relation to "${entity.name}".`
                : `A one-to-many relation must name its mirror in "inverse".`,
              candidates.length
                ? `Use "inverse": "${candidates[0]}".`
                : `Add a many-to-one relation to "${entity.name}" on "${target.name}" first.`,
            ),
          );
        }
      }
      if (relation.kind === "many-to-many") {
        const through = relation.through;
        const join = through ? getEntity(ir, through.entity) : undefined;
        if (!through || !join || !through.sourceRelation || !through.targetRelation) {
          report(
            diagnostic(
              "ENG_RELATION_THROUGH_INVALID",
              ptr(relation.pointer, through ? "through" : "kind"),
              through
                ? `Join entity "${through.entity}" needs many-to-one relations to both "${entity.name}" and "${relation.target}".`
                : 'A many-to-many relation names its join entity in "through".',
              "Model the link as an entity with two many-to-one relations, then name it here.",
            ),
          );
        }
      }
    }
  }
}
