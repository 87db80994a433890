/** What creation order needs of an entity: IR and registry entities both fit. */
export interface OrderableEntity {
  readonly name: string;
  readonly relations: readonly { readonly kind: string; readonly required: boolean; readonly target: string }[];
}

/** Entities ordered so every required many-to-one target comes before its source (seeding, tests). */
export function creationOrder<E extends OrderableEntity>(entities: readonly E[]): E[] {
  const done: E[] = [];
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
