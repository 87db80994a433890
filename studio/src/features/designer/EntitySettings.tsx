import { useEffect, useState } from "react";
import { ENTITY_NAME } from "../../core/naming.ts";
import type { RawEntity, RawTemplate } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";
import { LabelsEditor } from "./LabelsEditor.tsx";

/** Name, scope, title field, labels and storage mode of an entity. */
export function EntitySettings({
  template,
  entityName,
  entity,
  onRenamed,
}: {
  template: RawTemplate;
  entityName: string;
  entity: RawEntity;
  onRenamed(name: string): void;
}) {
  const apply = useDesignerStore((s) => s.apply);
  const [name, setName] = useState(entityName);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setName(entityName), [entityName]);
  const rename = () => {
    if (name === entityName) return setError(null);
    if (!ENTITY_NAME.test(name)) return setError("PascalCase: a capital letter, then letters and digits.");
    if (template.entities[name]) return setError(`"${name}" is taken.`);
    apply({ type: "renameEntity", from: entityName, to: name });
    setError(null);
    onRenamed(name);
  };
  const prop = (key: "scope" | "titleField" | "softDelete" | "draft", value: unknown) =>
    apply({ type: "setEntityProp", entity: entityName, key, value });
  return (
    <details className="entity-settings" open={Object.keys(entity.schema.properties).length === 0}>
      <summary>Entity settings</summary>
      <div className="two-columns">
        <label className="field" htmlFor="entity-name">
          Entity name
          <input
            id="entity-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onBlur={rename}
            onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), rename())}
          />
          {error && <span className="error-text">{error}</span>}
        </label>
        <label className="field" htmlFor="entity-scope">
          Owned by
          <select id="entity-scope" value={entity.scope} onChange={(e) => prop("scope", e.target.value)}>
            <option value="tenant">The marketplace (tenant)</option>
            <option value="account">An account (a business, a team…)</option>
            <option value="user">A user</option>
          </select>
        </label>
        <label className="field" htmlFor="entity-title-field">
          Title field
          <select
            id="entity-title-field"
            value={entity.titleField ?? ""}
            onChange={(e) => prop("titleField", e.target.value || undefined)}
          >
            <option value="">None</option>
            {Object.keys(entity.schema.properties).map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={entity.draft === true}
          onChange={(e) => prop("draft", e.target.checked || undefined)}
        />
        Draft (records stored as JSON until compiled)
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={entity.softDelete === true}
          onChange={(e) => prop("softDelete", e.target.checked || undefined)}
        />
        Soft delete
      </label>
      <LabelsEditor
        idPrefix="entity-label"
        legend="Label"
        locales={template.locales}
        labels={entity.label}
        onChange={(locale, text) =>
          apply(
            { type: "setEntityLabel", entity: entityName, which: "label", locale, text },
            `${entityName}.label.${locale}`,
          )
        }
      />
      <LabelsEditor
        idPrefix="entity-plural"
        legend="Plural label"
        locales={template.locales}
        labels={entity.pluralLabel}
        onChange={(locale, text) =>
          apply(
            { type: "setEntityLabel", entity: entityName, which: "pluralLabel", locale, text },
            `${entityName}.plural.${locale}`,
          )
        }
      />
    </details>
  );
}
