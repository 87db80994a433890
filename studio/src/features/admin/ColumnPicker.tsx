import type { EntityColumn } from "../../core/entity-columns.ts";

/** Which columns the table shows (a disclosure with one checkbox per column). */
export function ColumnPicker({
  columns,
  visible,
  onToggle,
}: {
  columns: EntityColumn[];
  visible: string[];
  onToggle(key: string): void;
}) {
  return (
    <details className="popover">
      <summary className="button">Columns</summary>
      <fieldset className="popover-body column-picker">
        <legend>Visible columns</legend>
        {columns.map((c) => (
          <label key={c.key} className="check">
            <input
              type="checkbox"
              checked={visible.includes(c.key)}
              onChange={() => onToggle(c.key)}
              disabled={visible.length === 1 && visible.includes(c.key)}
            />
            {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
