import { diagnostic } from "../diagnostics.ts";
import { RESERVED_ENTITY_NAMES, RESERVED_FIELD_NAMES, storageColumns } from "../ir/ir-utils.ts";
import { MAX_IDENTIFIER_LENGTH } from "../ir/naming.ts";
import type { CheckContext } from "./check-context.ts";

/** Reserved names, names that collide once stored, and identifiers too long for Postgres. */
export function checkNames({ ir, report }: CheckContext): void {
  const entityNames = new Map<string, string>();
  for (const entity of ir.entities) {
    if (RESERVED_ENTITY_NAMES.has(entity.name)) {
      report(
        diagnostic(
          "ENG_RESERVED_NAME",
          entity.pointer,
          `"${entity.name}" is a platform model name.`,
          `Rename it, e.g. "${entity.name}Profile".`,
        ),
      );
    }
    const lower = entity.name.toLowerCase();
    const clash = entityNames.get(lower);
    if (clash) {
      report(
        diagnostic(
          "ENG_DUPLICATE_NAME",
          entity.pointer,
          `"${entity.name}" differs from "${clash}" only in letter case.`,
          "Names become table and API names: make them differ.",
        ),
      );
    }
    entityNames.set(lower, entity.name);
    if (entity.tableName.length > MAX_IDENTIFIER_LENGTH - 8) {
      report(
        diagnostic(
          "ENG_NAME_TOO_LONG",
          entity.pointer,
          `Table name "${entity.tableName}" is too long.`,
          "Use a shorter entity name.",
        ),
      );
    }

    // Every stored name of the entity: fields, their extra columns, foreign keys, relations.
    const taken = new Map<string, string>();
    const claim = (name: string, pointer: string, what: string) => {
      if (RESERVED_FIELD_NAMES.has(name)) {
        report(
          diagnostic(
            "ENG_RESERVED_NAME",
            pointer,
            `"${name}" is a system column every record has.`,
            `Pick another name, e.g. "${what === "relation" ? name + "Ref" : "my" + name[0].toUpperCase() + name.slice(1)}".`,
          ),
        );
        return;
      }
      const previous = taken.get(name);
      if (previous !== undefined) {
        report(
          diagnostic("ENG_DUPLICATE_NAME", pointer, `"${name}" is already used by ${previous}.`, "Rename one of them."),
        );
        return;
      }
      taken.set(name, `${what} at ${pointer}`);
      if (name.length > MAX_IDENTIFIER_LENGTH) {
        report(
          diagnostic(
            "ENG_NAME_TOO_LONG",
            pointer,
            `Column "${name}" is longer than ${MAX_IDENTIFIER_LENGTH} characters.`,
          ),
        );
      }
    };
    for (const field of entity.fields) {
      claim(field.name, field.pointer, "field");
      for (const column of storageColumns(field))
        if (column.name !== field.name) claim(column.name, field.pointer, "a stored column");
    }
    for (const relation of entity.relations) {
      claim(relation.name, relation.pointer, "relation");
      if (relation.foreignKey) claim(relation.foreignKey, relation.pointer, "foreign key");
    }
  }
}
