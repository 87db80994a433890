import { settingsOf, type FieldTypeId } from "../../core/field-types.ts";
import type { RawSchemaObject } from "../../core/registry-types.ts";

interface FieldSettingsProps {
  idPrefix: string;
  fieldType: FieldTypeId;
  schema: RawSchemaObject;
  onChange(key: string, value: unknown): void;
}

const LABELS: Record<string, string> = {
  minLength: "Min length",
  maxLength: "Max length",
  minimum: "Minimum",
  maximum: "Maximum",
  maxItems: "Max items",
  pattern: "Pattern (regular expression)",
  default: "Default value",
  enum: "Choices (one per line)",
  "x-currencies": "Currencies (ISO codes, comma-separated)",
  "x-units": "Units (comma-separated)",
};

const numberOrUndefined = (text: string) =>
  text.trim() === "" || Number.isNaN(Number(text)) ? undefined : Number(text);
const list = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);

/** The settings a field type has (limits, pattern, choices, currencies…), each a labelled input. */
export function FieldSettings({ idPrefix, fieldType, schema, onChange }: FieldSettingsProps) {
  const keys = settingsOf(fieldType);
  if (!keys.length) return null;
  return (
    <fieldset className="field-settings">
      <legend>Settings</legend>
      {keys.map((key) => {
        const id = `${idPrefix}-${key}`;
        const value = schema[key];
        if (key === "enum") {
          return (
            <label key={key} className="field" htmlFor={id}>
              {LABELS[key]}
              <textarea
                id={id}
                rows={4}
                value={Array.isArray(value) ? value.join("\n") : ""}
                onChange={(e) => onChange(key, list(e.target.value, /\n/))}
              />
            </label>
          );
        }
        if (key === "x-currencies" || key === "x-units") {
          return (
            <label key={key} className="field" htmlFor={id}>
              {LABELS[key]}
              <input
                id={id}
                value={Array.isArray(value) ? value.join(", ") : ""}
                onChange={(e) => onChange(key, list(e.target.value, /,/))}
              />
            </label>
          );
        }
        if (key === "default")
          return (
            <DefaultInput key={key} id={id} fieldType={fieldType} schema={schema} onChange={(v) => onChange(key, v)} />
          );
        if (key === "pattern") {
          return (
            <label key={key} className="field" htmlFor={id}>
              {LABELS[key]}
              <input
                id={id}
                value={typeof value === "string" ? value : ""}
                onChange={(e) => onChange(key, e.target.value || undefined)}
                placeholder="^[a-z0-9-]+$"
              />
            </label>
          );
        }
        return (
          <label key={key} className="field" htmlFor={id}>
            {LABELS[key]}
            <input
              id={id}
              type="number"
              value={typeof value === "number" ? value : ""}
              onChange={(e) => onChange(key, numberOrUndefined(e.target.value))}
            />
          </label>
        );
      })}
    </fieldset>
  );
}

function DefaultInput({
  id,
  fieldType,
  schema,
  onChange,
}: {
  id: string;
  fieldType: FieldTypeId;
  schema: RawSchemaObject;
  onChange(value: unknown): void;
}) {
  const value = schema.default;
  if (fieldType === "boolean") {
    return (
      <label className="field" htmlFor={id}>
        {LABELS.default}
        <select
          id={id}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}
        >
          <option value="">None</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      </label>
    );
  }
  if (fieldType === "choice") {
    return (
      <label className="field" htmlFor={id}>
        {LABELS.default}
        <select
          id={id}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">None</option>
          {(schema.enum ?? []).map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      </label>
    );
  }
  const numeric = fieldType === "integer" || fieldType === "number" || fieldType === "rating";
  return (
    <label className="field" htmlFor={id}>
      {LABELS.default}
      <input
        id={id}
        type={numeric ? "number" : "text"}
        value={value === undefined ? "" : String(value)}
        onChange={(e) => onChange(numeric ? numberOrUndefined(e.target.value) : e.target.value || undefined)}
      />
    </label>
  );
}
