import { useEffect, useState } from "react";
import { fieldDiagnostics } from "../../core/diagnostic-targets.ts";
import { FIELD_TYPE_IDS, FIELD_TYPES, fieldTypeOf, type FieldTypeId } from "../../core/field-types.ts";
import { FIELD_NAME } from "../../core/naming.ts";
import type { Diagnostic, RawEntity, RawTemplate } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";
import { DiagnosticList } from "./DiagnosticList.tsx";
import { FieldSettings } from "./FieldSettings.tsx";
import { LabelsEditor } from "./LabelsEditor.tsx";

interface FieldEditorProps {
  template: RawTemplate;
  entityName: string;
  entity: RawEntity;
  field: string;
  diagnostics: readonly Diagnostic[];
  onRenamed(name: string): void;
}

const FLAGS = [
  { key: "x-searchable", label: "Searchable (full text)" },
  { key: "x-index", label: "Indexed (fast filters and sorting)" },
  { key: "x-unique", label: "Unique per tenant" },
  { key: "x-translatable", label: "Translatable" },
  { key: "readOnly", label: "Read-only (set by the platform)" },
] as const;

/** Everything about one field: name, type, required, labels per locale, type settings, flags. */
export function FieldEditor({ template, entityName, entity, field, diagnostics, onRenamed }: FieldEditorProps) {
  const apply = useDesignerStore((s) => s.apply);
  const schema = entity.schema.properties[field];
  const [name, setName] = useState(field);
  const [nameError, setNameError] = useState<string | null>(null);
  useEffect(() => setName(field), [field]);
  if (!schema) return null;

  const fieldType = fieldTypeOf(schema);
  const idPrefix = `field-${entityName}-${field}`;
  const keyword = (key: string, value: unknown) =>
    apply({ type: "setFieldKeyword", entity: entityName, field, key, value }, `${entityName}.${field}.${key}`);
  const rename = () => {
    if (name === field) return setNameError(null);
    if (!FIELD_NAME.test(name)) return setNameError("Start with a lowercase letter; letters and digits only.");
    if (entity.schema.properties[name]) return setNameError(`"${name}" is taken.`);
    apply({ type: "renameField", entity: entityName, from: field, to: name });
    setNameError(null);
    onRenamed(name);
  };
  const groups = entity.ui?.groups ?? [];

  return (
    <section className="field-editor" aria-label={`Field ${field}`}>
      <h3>
        Field <code>{field}</code> <span className="muted">({schema["x-id"]})</span>
      </h3>
      <DiagnosticList diagnostics={fieldDiagnostics(diagnostics, entityName, field)} />
      <div className="two-columns">
        <label className="field" htmlFor={`${idPrefix}-name`}>
          Name
          <input
            id={`${idPrefix}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={rename}
            onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), rename())}
            aria-invalid={!!nameError}
          />
          {nameError && <span className="error-text">{nameError}</span>}
          <span className="hint">Renaming keeps the stable id: the migration renames the column.</span>
        </label>
        <label className="field" htmlFor={`${idPrefix}-type`}>
          Type
          <select
            id={`${idPrefix}-type`}
            value={fieldType}
            onChange={(e) =>
              apply({ type: "setFieldType", entity: entityName, field, fieldType: e.target.value as FieldTypeId })
            }
          >
            {FIELD_TYPE_IDS.map((id) => (
              <option key={id} value={id}>
                {FIELD_TYPES[id].label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={(entity.schema.required ?? []).includes(field)}
          onChange={(e) => apply({ type: "setFieldRequired", entity: entityName, field, required: e.target.checked })}
        />
        Required
      </label>
      <LabelsEditor
        idPrefix={`${idPrefix}-label`}
        legend="Label"
        locales={template.locales}
        labels={schema["x-label"]}
        onChange={(locale, text) =>
          apply(
            { type: "setFieldLabel", entity: entityName, field, which: "x-label", locale, text },
            `${entityName}.${field}.label.${locale}`,
          )
        }
      />
      <LabelsEditor
        idPrefix={`${idPrefix}-help`}
        legend="Help text"
        locales={template.locales}
        labels={schema["x-ui"]?.help}
        onChange={(locale, text) => {
          const help = { ...(schema["x-ui"]?.help ?? {}) };
          if (text) help[locale] = text;
          else delete help[locale];
          apply(
            {
              type: "setFieldUi",
              entity: entityName,
              field,
              key: "help",
              value: Object.keys(help).length ? help : undefined,
            },
            `${entityName}.${field}.help.${locale}`,
          );
        }}
      />
      <FieldSettings idPrefix={idPrefix} fieldType={fieldType} schema={schema} onChange={keyword} />
      <fieldset className="flags">
        <legend>Behaviour</legend>
        {FLAGS.filter((f) => f.key !== "x-translatable" || ["text", "longText", "richText"].includes(fieldType)).map(
          (flag) => (
            <label key={flag.key} className="check">
              <input
                type="checkbox"
                checked={schema[flag.key] === true}
                onChange={(e) => keyword(flag.key, e.target.checked || undefined)}
              />
              {flag.label}
            </label>
          ),
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={schema["x-ui"]?.hidden === true}
            onChange={(e) =>
              apply({
                type: "setFieldUi",
                entity: entityName,
                field,
                key: "hidden",
                value: e.target.checked || undefined,
              })
            }
          />
          Hidden in forms
        </label>
      </fieldset>
      {groups.length > 0 && (
        <label className="field" htmlFor={`${idPrefix}-group`}>
          Form group
          <select
            id={`${idPrefix}-group`}
            value={schema["x-ui"]?.group ?? ""}
            onChange={(e) =>
              apply({ type: "setFieldUi", entity: entityName, field, key: "group", value: e.target.value || undefined })
            }
          >
            <option value="">None</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label?.[template.defaultLocale ?? template.locales[0]] ?? g.id}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}
