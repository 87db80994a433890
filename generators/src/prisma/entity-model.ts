import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { getEntity, pluralize, toCamelCase, toPascalCase } from "../../../engine/src/index.ts";
import { entitySystemColumns, type SystemColumnDef } from "../../../engine/src/contract/system-columns.ts";
import { constraintName } from "./constraint-names.ts";
import { fieldColumns } from "./field-columns.ts";
import { PrismaModel } from "./prisma-builder.ts";
import { entityComparisonSql, entityComputedSql, entityExclusionSql, entityRequiredArraySql } from "./sql-computed.ts";
import { entitySoftDeleteSql } from "./sql-soft-delete.ts";
import { entitySqlIndexes } from "./sql-indexes.ts";
import type { SnapshotModel } from "./schema-snapshot.ts";

const ON_DELETE = { cascade: "Cascade", setNull: "SetNull", restrict: "Restrict" } as const;

/** Prisma type and attributes of a system column: the type from its Postgres type, defaults by name. */
function systemColumnPrisma(system: SystemColumnDef): { type: string; attributes: string[] } {
  const [type, db] =
    system.pgType === "uuid"
      ? ["String", "@db.Uuid"]
      : system.pgType === "timestamptz"
        ? ["DateTime", "@db.Timestamptz(3)"]
        : ["Json", null];
  const defaults: Record<string, string[]> = {
    id: ['@default(dbgenerated("gen_random_uuid()"))'],
    ext: ['@default("{}")'],
    translations: ['@default("{}")'],
    createdAt: ["@default(now())"],
    updatedAt: ["@default(now())", "@updatedAt"],
  };
  return {
    type: system.nullable ? `${type}?` : type,
    attributes: [...(defaults[system.name] ?? []), ...(db ? [db] : [])],
  };
}

/** Back-relation fields that other models must carry for this model's relations. */
export interface BackRelation {
  /** Prisma model that receives the list field. */
  model: string;
  line: string;
}

/** Builds the Prisma model of one compiled entity and the snapshot entry of its columns. */
export function buildEntityModel(
  template: TemplateIR,
  entity: EntityIR,
  incoming: readonly string[],
): { model: PrismaModel; snapshot: SnapshotModel; backRelations: BackRelation[] } {
  const key = (...parts: string[]) => [template.tablePrefix, entity.id, ...parts];
  const doc = [entity.label.en ?? entity.name, ...Object.values(entity.description).slice(0, 1)].join(" — ");
  const model = new PrismaModel(entity.modelName, doc);
  const fields: SnapshotModel["fields"] = {};
  const column = (name: string, type: string, snapshotKey: string, ...attributes: string[]) => {
    model.addField(name, type, ...attributes);
    fields[snapshotKey] = { field: name, column: name };
  };

  // System columns in the contract's table order; the template's fields and foreign keys go before `ext`.
  for (const system of entitySystemColumns(entity)) {
    if (system.name === "ext") {
      for (const field of entity.fields) {
        for (const spec of fieldColumns(field)) column(spec.name, spec.type, spec.key, ...spec.attributes);
      }
      for (const relation of entity.relations) {
        if (relation.kind !== "many-to-one" || !relation.foreignKey) continue;
        column(relation.foreignKey, `String${relation.required ? "" : "?"}`, `${relation.id}.fk`, "@db.Uuid");
      }
    }
    const { type, attributes } = systemColumnPrisma(system);
    column(system.name, type, `sys.${system.name}`, ...attributes);
  }
  const backRelations: BackRelation[] = [];

  // Relation fields (virtual in Prisma: no columns). Every reference to another tenant-owned row
  // is a composite (tenantId, x) → (tenantId, id) foreign key: not even raw SQL links two tenants.
  const tenantFk = constraintName("fk", ...key("tenant"));
  model.addField(
    "tenant",
    "Tenant",
    `@relation(fields: [tenantId], references: [id], onDelete: Cascade, map: "${tenantFk}")`,
  );
  const backName = toCamelCase(`${template.modelPrefix}${pluralize(entity.name)}`);
  backRelations.push({ model: "Tenant", line: `${backName} ${entity.modelName}[]` });
  if (entity.scope === "account") {
    model.addField(
      "account",
      "Account",
      `@relation(fields: [tenantId, accountId], references: [tenantId, id], onDelete: Cascade, map: "${constraintName("fk", ...key("account"))}")`,
    );
    backRelations.push({ model: "Account", line: `${backName} ${entity.modelName}[]` });
  }
  if (entity.scope === "user") {
    model.addField(
      "user",
      "User",
      `@relation(fields: [tenantId, userId], references: [tenantId, id], onDelete: Cascade, map: "${constraintName("fk", ...key("user"))}")`,
    );
    backRelations.push({ model: "User", line: `${backName} ${entity.modelName}[]` });
  }
  for (const relation of entity.relations) {
    if (relation.kind !== "many-to-one" || !relation.foreignKey) continue;
    const target = getEntity(template, relation.target)!;
    const name = relationName(entity, relation.name);
    model.addField(
      relation.name,
      `${target.modelName}${relation.required ? "" : "?"}`,
      `@relation("${name}", fields: [tenantId, ${relation.foreignKey}], references: [tenantId, id], onDelete: ${ON_DELETE[relation.onDelete]}, map: "${constraintName("fk", ...key(relation.id))}")`,
    );
  }
  // Mirrors of other entities' many-to-one relations that point here.
  for (const line of incoming)
    model.addField(...(line.split(" ", 2) as [string, string]), line.split(" ").slice(2).join(" "));

  model.addBlockAttribute(`@@id([tenantId, id], map: "${constraintName("pk", ...key())}")`);
  model.addBlockAttribute(`@@index([tenantId, createdAt], map: "${constraintName("ix", ...key("created"))}")`);
  if (entity.scope === "account")
    model.addBlockAttribute(`@@index([tenantId, accountId], map: "${constraintName("ix", ...key("account"))}")`);
  if (entity.scope === "user")
    model.addBlockAttribute(`@@index([tenantId, userId], map: "${constraintName("ix", ...key("user"))}")`);
  for (const relation of entity.relations) {
    if (relation.foreignKey)
      model.addBlockAttribute(
        `@@index([tenantId, ${relation.foreignKey}], map: "${constraintName("ix", ...key(relation.id))}")`,
      );
  }
  const uniqueSql: Record<string, string> = {};
  for (const index of entity.indexes) {
    const columns = index.fields.flatMap((name) => {
      const field = entity.fields.find((f) => f.name === name);
      return field ? fieldColumns(field).map((c) => c.name) : [name];
    });
    const name = constraintName(index.unique ? "uq" : "ix", ...key(index.id));
    // A soft-deleted row keeps its values but no longer holds its unique key: the key is a
    // partial index over the live rows, which Prisma's schema language cannot state.
    if (index.unique && entity.softDelete) {
      const list = ["tenantId", ...columns].map((c) => `"${c}"`).join(", ");
      uniqueSql[name] = `CREATE UNIQUE INDEX "${name}" ON "${entity.tableName}" (${list}) WHERE "deletedAt" IS NULL;`;
      continue;
    }
    const kind = index.unique ? "unique" : "index";
    model.addBlockAttribute(`@@${kind}([tenantId, ${columns.join(", ")}], map: "${name}")`);
  }
  model.addBlockAttribute(`@@map("${entity.tableName}")`);
  const indexes = { ...uniqueSql, ...entitySqlIndexes(template, entity, key()) };
  const snapshot: SnapshotModel = { model: entity.modelName, table: entity.tableName, fields };
  if (Object.keys(indexes).length) snapshot.indexes = indexes;
  const computed = {
    ...entityComputedSql(template, entity, key()),
    ...entityExclusionSql(entity, key()),
    ...entityComparisonSql(entity, key()),
    ...entityRequiredArraySql(entity, key()),
    ...entitySoftDeleteSql(template, entity),
  };
  if (Object.keys(computed).length) snapshot.computed = computed;
  return { model, snapshot, backRelations };
}

/** Prisma relation name: unique per model pair, stable under target renames. */
export const relationName = (entity: EntityIR, relation: string): string => `${entity.modelName}_${relation}`;

/**
 * The list field a target model gets for each many-to-one pointing at it. A declared
 * one-to-many relation names it; otherwise `<sourcePlural>By<Relation>`.
 */
export function incomingRelationLines(template: TemplateIR, target: EntityIR): string[] {
  const lines: string[] = [];
  for (const source of template.entities) {
    if (source.draft) continue;
    for (const relation of source.relations) {
      if (relation.kind !== "many-to-one" || relation.target !== target.name) continue;
      const declared = target.relations.find(
        (r) => r.kind === "one-to-many" && r.target === source.name && r.inverse === relation.name,
      );
      const name = declared?.name ?? `${toCamelCase(pluralize(source.name))}By${toPascalCase(relation.name)}`;
      lines.push(`${name} ${source.modelName}[] @relation("${relationName(source, relation.name)}")`);
    }
  }
  return lines;
}
