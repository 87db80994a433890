import { useState, type FormEvent } from "react";
import { FIELD_TYPE_IDS, FIELD_TYPES, type FieldTypeId } from "../../core/field-types.ts";
import { FIELD_NAME, toFieldName } from "../../core/naming.ts";
import type { RawEntity } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";

/** Name + type (+ required) → a new field with a fresh stable id and labels in every locale. */
export function AddFieldForm({
  entityName,
  entity,
  onAdded,
}: {
  entityName: string;
  entity: RawEntity;
  onAdded(name: string): void;
}) {
  const apply = useDesignerStore((s) => s.apply);
  const [label, setLabel] = useState("");
  const [fieldType, setFieldType] = useState<FieldTypeId>("text");
  const [required, setRequired] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = toFieldName(label);
    if (!FIELD_NAME.test(name)) return setError("Use letters and digits, starting with a letter.");
    if (entity.schema.properties[name] || entity.relations?.[name]) return setError(`"${name}" is taken.`);
    apply({ type: "addField", entity: entityName, name, fieldType, required });
    setLabel("");
    setRequired(false);
    setError(null);
    onAdded(name);
  };

  return (
    <form className="add-field" onSubmit={submit} aria-label="Add a field">
      <label className="field">
        New field
        <input
          name="fieldName"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          placeholder="e.g. stageName"
          required
          aria-describedby={error ? "add-field-error" : undefined}
        />
      </label>
      <label className="field">
        Type
        <select name="fieldType" value={fieldType} onChange={(e) => setFieldType(e.target.value as FieldTypeId)}>
          {FIELD_TYPE_IDS.map((id) => (
            <option key={id} value={id}>
              {FIELD_TYPES[id].label}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="fieldRequired"
          checked={required}
          onChange={(e) => setRequired(e.target.checked)}
        />
        Required
      </label>
      <button type="submit" className="button primary">
        Add field
      </button>
      {error && (
        <p id="add-field-error" className="error-text" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
