import { useState } from "react";
import { bulkRecords } from "../../api/entity-api.ts";
import { humanize, pickLabel } from "../../core/labels.ts";
import type { StudioEntity, StudioField } from "../../core/registry-types.ts";

interface BulkBarProps {
  entity: StudioEntity;
  selected: string[];
  locale: string;
  canDelete: boolean;
  canUpdate: boolean;
  onDone(message: string): void;
  onClear(): void;
}

/** Fields a bulk update can set with one simple input. */
const bulkEditable = (f: StudioField) =>
  !f.readOnly && !f.unique && ["enum", "boolean", "string", "integer", "number"].includes(f.kind);

/** Actions on the selected records: delete (confirmed) and "set field to value" (POST …/bulk). */
export function BulkBar({ entity, selected, locale, canDelete, canUpdate, onDone, onClear }: BulkBarProps) {
  const fields = entity.fields.filter(bulkEditable);
  const [confirming, setConfirming] = useState(false);
  const [fieldName, setFieldName] = useState(fields[0]?.name ?? "");
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = fields.find((f) => f.name === fieldName);

  const run = async (request: Parameters<typeof bulkRecords>[1], done: string) => {
    setBusy(true);
    setError(null);
    try {
      const result = await bulkRecords(entity.apiName, request);
      const failures = result.results.filter((r) => r.status >= 300);
      const reasons = [
        ...new Set(failures.flatMap((r) => r.errors?.map((e) => e.message) ?? [r.code ?? "failed"])),
      ].join("; ");
      onDone(`${done} ${result.succeeded} record(s).${result.failed ? ` ${result.failed} failed: ${reasons}` : ""}`);
      setConfirming(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{selected.length} selected</strong>
      <button type="button" className="link-button" onClick={onClear}>
        Clear selection
      </button>
      {canUpdate && field && (
        <form
          className="bulk-update"
          onSubmit={(e) => {
            e.preventDefault();
            void run({ update: selected.map((id) => ({ id, [field.name]: coerce(field, value) })) }, "Updated");
          }}
        >
          <label className="compact-label">
            Set
            <select value={fieldName} onChange={(e) => (setFieldName(e.target.value), setValue(""))}>
              {fields.map((f) => (
                <option key={f.name} value={f.name}>
                  {pickLabel(f.label, locale, humanize(f.name))}
                </option>
              ))}
            </select>
          </label>
          <ValueInput field={field} value={value} onChange={setValue} />
          <button type="submit" className="button" disabled={busy}>
            Apply
          </button>
        </form>
      )}
      {canDelete &&
        (confirming ? (
          <span className="confirm">
            Delete {selected.length} record(s)?
            <button
              type="button"
              className="button danger"
              disabled={busy}
              onClick={() => void run({ delete: selected }, "Deleted")}
            >
              Yes, delete
            </button>
            <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" className="button danger" onClick={() => setConfirming(true)}>
            Delete selected
          </button>
        ))}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function ValueInput({ field, value, onChange }: { field: StudioField; value: string; onChange(v: string): void }) {
  const label = "to value";
  if (field.kind === "enum" || field.kind === "boolean") {
    const options = field.kind === "boolean" ? ["true", "false"] : (field.enumValues ?? []).map(String);
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      aria-label={label}
      type={field.kind === "string" ? "text" : "number"}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function coerce(field: StudioField, value: string): unknown {
  if (field.kind === "boolean") return value === "true";
  if (field.kind === "integer" || field.kind === "number") return value === "" ? null : Number(value);
  if (field.kind === "enum" && field.enumValues?.every((v) => typeof v === "number")) return Number(value);
  return value === "" ? null : value;
}
