import { useState } from "react";
import { fieldDiagnostics } from "../../core/diagnostic-targets.ts";
import { FIELD_TYPES, fieldTypeOf } from "../../core/field-types.ts";
import type { Diagnostic, RawEntity } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";

interface FieldListProps {
  entityName: string;
  entity: RawEntity;
  diagnostics: readonly Diagnostic[];
  selected: string | null;
  onSelect(field: string): void;
}

/** The entity's fields in form order: select to edit, move with buttons or drag, delete. */
export function FieldList({ entityName, entity, diagnostics, selected, onSelect }: FieldListProps) {
  const apply = useDesignerStore((s) => s.apply);
  const [dragged, setDragged] = useState<string | null>(null);
  const names = Object.keys(entity.schema.properties);
  const required = new Set(entity.schema.required ?? []);
  const move = (field: string, to: number) => apply({ type: "moveField", entity: entityName, field, to });

  if (!names.length) return <p className="muted">No fields yet: add the first one below.</p>;
  return (
    <ol className="field-list" aria-label="Fields">
      {names.map((name, index) => {
        const schema = entity.schema.properties[name];
        const issues = fieldDiagnostics(diagnostics, entityName, name);
        const errors = issues.filter((d) => d.severity === "error").length;
        return (
          <li
            key={name}
            className={
              [selected === name ? "selected" : "", dragged === name ? "dragging" : "", errors ? "has-errors" : ""]
                .join(" ")
                .trim() || undefined
            }
            draggable
            onDragStart={() => setDragged(name)}
            onDragEnd={() => setDragged(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              if (dragged && dragged !== name) move(dragged, index);
              setDragged(null);
            }}
            data-field={name}
          >
            <button
              type="button"
              className="field-select"
              onClick={() => onSelect(name)}
              aria-pressed={selected === name}
            >
              <span className="field-name">{name}</span>
              <span className="field-type">{FIELD_TYPES[fieldTypeOf(schema)].label}</span>
              {required.has(name) && <span className="badge">required</span>}
              {issues.length > 0 && (
                <span className={errors ? "badge error" : "badge warning"} aria-label={`${issues.length} problem(s)`}>
                  {issues.length}
                </span>
              )}
            </button>
            <span className="row-actions">
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${name} up`}
                disabled={index === 0}
                onClick={() => move(name, index - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move ${name} down`}
                disabled={index === names.length - 1}
                onClick={() => move(name, index + 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon-button danger"
                aria-label={`Delete field ${name}`}
                onClick={() => apply({ type: "removeField", entity: entityName, field: name })}
              >
                ×
              </button>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
