import { diagnostic, ptr } from "../diagnostics.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * Stable ids must be unique where they identify something: entities in a template; fields,
 * relations and indexes within an entity (they share one namespace: all become columns or
 * constraints); workflows in a template.
 */
export function checkStableIds({ ir, report }: CheckContext): void {
  const once = (seen: Map<string, string>, id: string, pointer: string) => {
    const first = seen.get(id);
    if (first !== undefined) {
      report(
        diagnostic(
          "ENG_DUPLICATE_ID",
          pointer,
          `Stable id "${id}" is already used at ${first}.`,
          "Every entity, field and relation needs its own id; never reuse one.",
        ),
      );
    } else {
      seen.set(id, pointer);
    }
  };
  const entityIds = new Map<string, string>();
  for (const entity of ir.entities) {
    once(entityIds, entity.id, ptr(entity.pointer, "id"));
    const memberIds = new Map<string, string>();
    for (const field of entity.fields) once(memberIds, field.id, ptr(field.pointer, "x-id"));
    for (const relation of entity.relations) once(memberIds, relation.id, ptr(relation.pointer, "id"));
    const indexIds = new Map<string, string>();
    for (const index of entity.indexes) {
      // Indexes made from `x-index`/`x-unique` reuse the field id; only declared ones can clash.
      if (index.pointer.includes("/indexes/")) once(indexIds, index.id, ptr(index.pointer, "id"));
      else indexIds.set(index.id, index.pointer);
    }
  }
  const workflowIds = new Map<string, string>();
  for (const workflow of ir.workflows) once(workflowIds, workflow.id, ptr(workflow.pointer, "id"));
}
