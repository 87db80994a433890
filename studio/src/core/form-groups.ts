/** A group as the generated uiSchema declares it (`ui:options.groups`). */
export interface UiGroup {
  id: string;
  label: string;
  tab?: boolean;
  step?: number | null;
  fields: readonly string[];
}

export interface PropertySection<P> {
  /** null for the properties of no group. */
  group: UiGroup | null;
  properties: P[];
}

/**
 * Splits rendered properties into sections by group: each group in template order with its
 * members in the group's order, then the ungrouped ones (in the order given) in a last section.
 * Groups without a rendered member are dropped.
 */
export function sectionProperties<P extends { name: string }>(
  properties: readonly P[],
  groups: readonly UiGroup[],
): PropertySection<P>[] {
  const byName = new Map(properties.map((p) => [p.name, p]));
  const grouped = new Set(groups.flatMap((g) => g.fields));
  const sections: PropertySection<P>[] = [];
  for (const group of groups) {
    const members = group.fields.map((f) => byName.get(f)).filter((p): p is P => p !== undefined);
    if (members.length) sections.push({ group, properties: members });
  }
  const loose = properties.filter((p) => !grouped.has(p.name));
  if (loose.length) sections.push({ group: null, properties: loose });
  return sections;
}
