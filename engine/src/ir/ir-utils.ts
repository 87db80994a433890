import { SYSTEM_COLUMN_NAMES } from "../contract/system-columns.ts";
import type { EntityIR, FieldIR, RelationIR, TemplateIR } from "./types.ts";

/** Field names a template may not use: the system columns and the relation words the runtime owns. */
export const RESERVED_FIELD_NAMES: ReadonlySet<string> = new Set<string>([
  ...SYSTEM_COLUMN_NAMES,
  "tenant",
  "account",
  "user",
]);

/** Entity names that would shadow platform models or API words. */
export const RESERVED_ENTITY_NAMES: ReadonlySet<string> = new Set([
  "Tenant",
  "TenantDomain",
  "TemplateInstall",
  "Account",
  "User",
  "Membership",
  "Role",
  "Permission",
  "AuditLog",
  "DraftRecord",
  "DraftTemplate",
  "Entity",
  "Entities",
]);

/** A physical column a field is stored in; money and measurements take two. */
export interface StorageColumn {
  /** Column (and Prisma field) name. */
  readonly name: string;
  /** Stable key for migrations: the field id, plus `.amount`-style suffixes. */
  readonly key: string;
  readonly part: "value" | "amount" | "currency" | "unit";
}

export function storageColumns(field: FieldIR): StorageColumn[] {
  switch (field.kind) {
    case "money":
      return [
        { name: `${field.name}Amount`, key: `${field.id}.amount`, part: "amount" },
        { name: `${field.name}Currency`, key: `${field.id}.currency`, part: "currency" },
      ];
    case "measurement":
      return [
        { name: `${field.name}Value`, key: `${field.id}.value`, part: "value" },
        { name: `${field.name}Unit`, key: `${field.id}.unit`, part: "unit" },
      ];
    default:
      return [{ name: field.name, key: field.id, part: "value" }];
  }
}

export const isManyToOne = (r: RelationIR): boolean => r.kind === "many-to-one";

export const getEntity = (template: TemplateIR, name: string): EntityIR | undefined =>
  template.entities.find((e) => e.name === name);

export const getField = (entity: EntityIR, name: string): FieldIR | undefined =>
  entity.fields.find((f) => f.name === name);

export const getRelation = (entity: EntityIR, name: string): RelationIR | undefined =>
  entity.relations.find((r) => r.name === name);

/** Fields stored in native columns (draft entities keep everything in JSONB). */
export const isCompiled = (entity: EntityIR): boolean => !entity.draft;

/** Fields a client may write: not read-only, not computed. */
export const writableFields = (entity: EntityIR): FieldIR[] =>
  entity.fields.filter((f) => !f.readOnly && f.computed === null);

/** Scalar fields that a btree index can cover. */
export const isIndexable = (field: FieldIR): boolean => field.kind !== "json" && field.kind !== "array";
