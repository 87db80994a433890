import type { EntityIR, TemplateIR } from "../../../engine/src/index.ts";
import { constraintName } from "./constraint-names.ts";
import { literal, q, type ComputedSql } from "./sql-computed.ts";

/**
 * A soft delete honours the `onDelete` of the relations pointing at the record, as far as it
 * can without destroying what a restore would bring back: an AFTER trigger on the soft-deleting
 * table, when `deletedAt` goes from NULL to a time,
 * - restrict: refuses while a live record points at it (SQLSTATE 23503, the relation's foreign
 *   key named as the constraint: the runtime answers 409, as for a hard delete);
 * - cascade: soft-deletes the live dependants that soft-delete too (their own trigger carries it
 *   on, so a chain of them goes down together).
 * Dependants that cannot be soft-deleted, and `setNull` links, are left as they are: the row
 * still exists, the API no longer shows it (includes answer null), and nothing is lost.
 * A database trigger, so every write path (API, bulk, raw SQL) behaves the same. Keyed by name
 * for the migration diff, like the computed fields' triggers.
 */
export function entitySoftDeleteSql(template: TemplateIR, entity: EntityIR): Record<string, ComputedSql> {
  if (entity.draft || !entity.softDelete) return {};
  const incoming = template.entities
    .filter((child) => !child.draft)
    .flatMap((child) =>
      child.relations
        .filter((r) => r.kind === "many-to-one" && r.foreignKey && r.target === entity.name)
        .map((relation) => ({ child, relation, foreignKey: relation.foreignKey! })),
    );
  if (!incoming.length) return {};
  const key = [template.tablePrefix, entity.id, "soft_delete"];
  const fn = constraintName("fn", ...key);
  const trigger = constraintName("tr", ...key);
  const table = q(entity.tableName);
  const body: string[] = [];
  // The live dependants pointing at this record (soft-deleted ones neither restrict nor cascade).
  const pointing = (child: EntityIR, foreignKey: string) =>
    `c."tenantId" = NEW."tenantId" AND c.${q(foreignKey)} = NEW."id"${child.softDelete ? ` AND c."deletedAt" IS NULL` : ""}`;
  // Refusals first: nothing is changed when some restricting record still points here.
  for (const { child, relation, foreignKey } of incoming.filter((i) => i.relation.onDelete === "restrict")) {
    const fk = constraintName("fk", template.tablePrefix, child.id, relation.id);
    body.push(
      `  IF EXISTS (SELECT 1 FROM ${q(child.tableName)} AS c WHERE ${pointing(child, foreignKey)}) THEN`,
      `    RAISE EXCEPTION 'still referenced by %', ${literal(`${child.name}.${relation.name}`)} USING ERRCODE = '23503', CONSTRAINT = ${literal(fk)};`,
      `  END IF;`,
    );
  }
  for (const { child, foreignKey, relation } of incoming)
    if (relation.onDelete === "cascade" && child.softDelete)
      body.push(
        `  UPDATE ${q(child.tableName)} AS c SET "deletedAt" = NEW."deletedAt", "updatedAt" = now() WHERE ${pointing(child, foreignKey)};`,
      );
  if (!body.length) return {};
  return {
    [trigger]: {
      up: [
        `CREATE OR REPLACE FUNCTION ${q(fn)}() RETURNS trigger LANGUAGE plpgsql AS $fn$`,
        `BEGIN`,
        ...body,
        `  RETURN NULL;`,
        `END`,
        `$fn$;`,
        `CREATE TRIGGER ${q(trigger)} AFTER UPDATE OF "deletedAt" ON ${table} FOR EACH ROW WHEN (OLD."deletedAt" IS NULL AND NEW."deletedAt" IS NOT NULL) EXECUTE FUNCTION ${q(fn)}();`,
      ].join("\n"),
      down: `DROP TRIGGER IF EXISTS ${q(trigger)} ON ${table};\nDROP FUNCTION IF EXISTS ${q(fn)}();`,
    },
  };
}
