import type { EntityRecord, StudioEntity, StudioTemplate } from "./registry-types.ts";

/** The titles one foreign-key column needs: which records of which entity, by which field. */
export interface ReferenceQuery {
  /** The foreign-key column (`categoryId`). */
  column: string;
  /** The referenced entity's API name (`service-areas`). */
  target: string;
  /** The referenced entity's title field (`name`). */
  titleField: string;
  /** The distinct ids the page's records reference, in first-seen order. */
  ids: string[];
}

/**
 * For each shown foreign-key column whose target entity has a title field: the ids the records
 * reference. Columns whose target has no title field keep showing the id.
 */
export function referenceQueries(
  template: StudioTemplate,
  entity: StudioEntity,
  records: readonly EntityRecord[],
  columns: readonly string[],
): ReferenceQuery[] {
  const out: ReferenceQuery[] = [];
  for (const relation of entity.relations) {
    if (!relation.foreignKey || !columns.includes(relation.foreignKey)) continue;
    const target = template.entities.find((e) => e.name === relation.target);
    if (!target?.titleField) continue;
    const ids = [
      ...new Set(records.map((r) => r[relation.foreignKey!]).filter((v): v is string => typeof v === "string")),
    ];
    if (ids.length)
      out.push({ column: relation.foreignKey, target: target.apiName, titleField: target.titleField, ids });
  }
  return out;
}

/** The list query that fetches the titles of one column's references (only id and title). */
export const referenceQueryString = (q: ReferenceQuery): string =>
  new URLSearchParams({
    "filter[id:in]": q.ids.join(","),
    fields: `id,${q.titleField}`,
    limit: String(q.ids.length),
  }).toString();
