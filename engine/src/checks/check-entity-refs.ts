import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import { getField, isIndexable } from "../ir/ir-utils.ts";
import type { CheckContext } from "./check-context.ts";

/** Names an entity uses to refer to its own fields: indexes, status, title, UI. */
export function checkEntityReferences({ ir, raw, report }: CheckContext): void {
  for (const entity of ir.entities) {
    const fieldNames = entity.fields.map((f) => f.name);
    // System columns an index may use besides fields and foreign keys (tenantId always leads).
    const systemColumns = [
      "createdAt",
      "updatedAt",
      ...(entity.scope === "account" ? ["accountId"] : []),
      ...(entity.scope === "user" ? ["userId"] : []),
      ...(entity.softDelete ? ["deletedAt"] : []),
    ];
    const columnNames = [
      ...fieldNames,
      ...entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : [])),
      ...systemColumns,
    ];
    const unknown = (name: string) => {
      const guess = closestName(name, columnNames);
      return guess ? `Did you mean "${guess}"?` : `Fields: ${fieldNames.join(", ")}.`;
    };

    for (const index of entity.indexes) {
      index.fields.forEach((name, i) => {
        const at = index.pointer.includes("/indexes/") ? ptr(index.pointer, "fields", i) : index.pointer;
        const field = getField(entity, name);
        if (!columnNames.includes(name)) {
          report(
            diagnostic(
              "ENG_INDEX_UNKNOWN_FIELD",
              at,
              `Index "${index.id}" names "${name}", which is not a field of ${entity.name}.`,
              unknown(name),
            ),
          );
        } else if (field && !isIndexable(field)) {
          report(
            diagnostic(
              "ENG_INDEX_UNSUPPORTED_FIELD",
              at,
              `"${name}" is stored as ${field.kind === "json" ? "JSON" : "an array"} and cannot be in a btree index.`,
              "Index a scalar field instead.",
            ),
          );
        }
      });
    }

    if (entity.status) {
      const at = ptr(entity.pointer, "status");
      const field = getField(entity, entity.status.field);
      if (!field) {
        report(
          diagnostic(
            "ENG_STATUS_FIELD_UNKNOWN",
            ptr(at, "field"),
            `Status field "${entity.status.field}" does not exist.`,
            unknown(entity.status.field),
          ),
        );
      } else if (field.kind !== "enum") {
        report(
          diagnostic(
            "ENG_STATUS_NOT_ENUM",
            ptr(at, "field"),
            `Status field "${field.name}" must be an enum of the workflow's states.`,
            'Give it "enum": ["draft", "published", …].',
          ),
        );
      }
      if (!ir.workflows.some((w) => w.name === entity.status!.workflow)) {
        const guess = closestName(
          entity.status.workflow,
          ir.workflows.map((w) => w.name),
        );
        report(
          diagnostic(
            "ENG_STATUS_WORKFLOW_UNKNOWN",
            ptr(at, "workflow"),
            `Workflow "${entity.status.workflow}" does not exist.`,
            guess ? `Did you mean "${guess}"?` : "Declare it under /workflows.",
          ),
        );
      }
    }

    const rawEntity = raw.entities[entity.name];
    if (rawEntity.titleField && !getField(entity, rawEntity.titleField)) {
      report(
        diagnostic(
          "ENG_TITLE_FIELD_UNKNOWN",
          ptr(entity.pointer, "titleField"),
          `Title field "${rawEntity.titleField}" does not exist.`,
          unknown(rawEntity.titleField),
        ),
      );
    }
    (rawEntity.ui?.listColumns ?? []).forEach((name, i) => {
      if (!columnNames.includes(name)) {
        report(
          diagnostic(
            "ENG_LIST_COLUMN_UNKNOWN",
            ptr(entity.pointer, "ui", "listColumns", i),
            `List column "${name}" is not a field.`,
            unknown(name),
          ),
        );
      }
    });
    const groups = entity.ui.groups.map((g) => g.id);
    for (const field of entity.fields) {
      if (
        ["select", "radio", "checkboxes"].includes(field.ui.widget ?? "") &&
        field.enumValues === null &&
        field.kind !== "boolean"
      ) {
        report(
          diagnostic(
            "ENG_UI_WIDGET_MISMATCH",
            ptr(field.pointer, "x-ui", "widget"),
            `"${field.ui.widget}" needs choices, but "${field.name}" has no enum.`,
            'Give the field an "enum", or use "text".',
          ),
        );
      }
      if (field.ui.group && !groups.includes(field.ui.group)) {
        const guess = closestName(field.ui.group, groups);
        report(
          diagnostic(
            "ENG_UI_GROUP_UNKNOWN",
            ptr(field.pointer, "x-ui", "group"),
            `Group "${field.ui.group}" is not declared in the entity's ui.groups.`,
            guess ? `Did you mean "${guess}"?` : "Declare it under ui.groups.",
          ),
        );
      }
    }
  }
}
