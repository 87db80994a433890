import type { EntityRegistry } from "../../../generators/src/registry/registry-types.ts";

/** Entities ordered so every required many-to-one target comes before its source (seeding, tests). */
export function creationOrder(entities: readonly EntityRegistry[]): EntityRegistry[] {
  const done: EntityRegistry[] = [];
  const pending = [...entities];
  while (pending.length) {
    const index = pending.findIndex((e) =>
      e.relations.every(
        (r) => r.kind !== "many-to-one" || !r.required || r.target === e.name || done.some((d) => d.name === r.target),
      ),
    );
    if (index < 0) throw new Error(`Required relations form a loop among ${pending.map((e) => e.name).join(", ")}`);
    done.push(...pending.splice(index, 1));
  }
  return done;
}
