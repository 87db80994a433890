import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { RecordRow } from "./workflow-records.ts";

/**
 * The many-to-one relations an email's declared variables name by prefix (`propertyTitle` →
 * `property`), so a run loads them before it renders the email.
 */
export function relationsNamedBy(entity: EntityRegistry, declared: readonly string[]): string[] {
  return entity.relations
    .filter((r) => r.kind === "many-to-one" && declared.some((v) => prefixedBy(v, r.name)))
    .map((r) => r.name);
}

/**
 * Values for an email's declared variables the run has no name for, read from the run's record
 * and its relations by the variable's own name, whatever the template's vocabulary:
 * `<relation><Field>` is that field of the related record (`propertyTitle` → property.title),
 * `<relation>Name` / `<relation>Title` the related record's title field when it has no such field,
 * `<entity>Field` (the entity's name or its last word: `leadName` on a SalesLead) the run's own
 * record the same way, `recipientName` the recipient's name. A variable none of these fits stays empty (null).
 */
export function emailVariables(
  declared: readonly string[],
  known: Readonly<Record<string, unknown>>,
  template: TemplateRegistry | null,
  entity: EntityRegistry | null,
  relations: Readonly<Record<string, RecordRow | null>>,
  recipientName: string | null,
  record: RecordRow | null = null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of declared) {
    const top = name.split(".")[0];
    if (top in known) continue;
    out[top] =
      top === "recipientName" ? recipientName : (related(top, template, entity, relations) ?? own(top, entity, record));
  }
  return out;
}

/** `<entity>Field` on the run's own record (`leadName`, `salesLeadScore` on a SalesLead). */
function own(name: string, entity: EntityRegistry | null, record: RecordRow | null): unknown {
  if (!entity || !record) return null;
  const words = entity.name.split(/(?=[A-Z])/);
  const nouns = [words.join(""), words[words.length - 1]].map((w) => w.charAt(0).toLowerCase() + w.slice(1));
  const noun = nouns.find((n) => prefixedBy(name, n));
  return noun ? fieldOf(record, name.slice(noun.length), entity.titleField) : null;
}

/** `Title` → `title` of the row, or its title field for `Name` / `Title` when it has no such field. */
function fieldOf(row: RecordRow, rest: string, titleField: string | null): unknown {
  const field = rest[0].toLowerCase() + rest.slice(1);
  if (field in row) return row[field] ?? null;
  if ((field === "name" || field === "title") && titleField) return row[titleField] ?? null;
  return null;
}

function related(
  name: string,
  template: TemplateRegistry | null,
  entity: EntityRegistry | null,
  relations: Readonly<Record<string, RecordRow | null>>,
): unknown {
  for (const relation of entity?.relations ?? []) {
    if (relation.kind !== "many-to-one" || !prefixedBy(name, relation.name)) continue;
    const row = relations[relation.name];
    if (!row) return null;
    const target = template?.entities.find((e) => e.name === relation.target);
    return fieldOf(row, name.slice(relation.name.length), target?.titleField ?? null);
  }
  return null;
}

/** `propertyTitle` starts with `property` followed by a capital letter. */
function prefixedBy(variable: string, relation: string): boolean {
  const next = variable.charAt(relation.length);
  return variable.length > relation.length && variable.startsWith(relation) && next >= "A" && next <= "Z";
}
