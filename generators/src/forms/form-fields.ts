import type { EntityIR, FieldIR, RelationIR, TemplateIR } from "../../../engine/src/index.ts";
import { entityRecordSchema, getEntity, type RecordSchemaMode } from "../../../engine/src/index.ts";

/** One property of a record schema, tied back to the field or relation it comes from. */
export interface FormField {
  readonly name: string;
  /** The template field, or null for a foreign key or a system property. */
  readonly field: FieldIR | null;
  /** The many-to-one relation a foreign key belongs to. */
  readonly relation: RelationIR | null;
  /** The relation's target entity (foreign keys only). */
  readonly target: EntityIR | null;
  /** The property's JSON Schema, exactly as entityRecordSchema gives it. */
  readonly schema: unknown;
}

/**
 * The properties of `entityRecordSchema(entity, mode)` in schema order. Walking the schema
 * (instead of entity.fields) keeps forms in step with the validators by construction.
 */
export function recordFormFields(template: TemplateIR, entity: EntityIR, mode: RecordSchemaMode): FormField[] {
  const properties = entityRecordSchema(entity, mode).properties as Record<string, unknown>;
  return Object.entries(properties).map(([name, schema]) => {
    const field = entity.fields.find((f) => f.name === name) ?? null;
    const relation = field ? null : (entity.relations.find((r) => r.foreignKey === name) ?? null);
    const target = relation ? (getEntity(template, relation.target) ?? null) : null;
    return { name, field, relation, target, schema };
  });
}

/**
 * Form order: fields with an `x-ui.order` first (ascending), then the rest in template order.
 * Sorting is stable, so equal orders keep template order too.
 */
export function orderFormFields(fields: readonly FormField[]): FormField[] {
  const rank = (f: FormField) => f.field?.ui.order ?? Number.POSITIVE_INFINITY;
  return fields
    .map((f, index) => ({ f, index }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.index - b.index)
    .map(({ f }) => f);
}
