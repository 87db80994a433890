import type { WidgetProps } from "@rjsf/utils";
import { useEffect, useState } from "react";
import { listRecords } from "../../../api/entity-api.ts";
import type { EntityRecord } from "../../../core/registry-types.ts";

/**
 * A foreign key: picks a record of the target entity (`ui:options.target`, its API name) by its
 * title field. Searches on the server when the title field can be filtered.
 */
export function RelationWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, required, options, label } = props;
  const target = String(options.target ?? "");
  const titleField = typeof options.titleField === "string" ? options.titleField : null;
  const [query, setQuery] = useState("");
  const [records, setRecords] = useState<EntityRecord[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!target) return;
    const controller = new AbortController();
    const timer = setTimeout(
      async () => {
        const params = new URLSearchParams({ limit: "50" });
        if (query && titleField) params.set(`filter[${titleField}][contains]`, query);
        try {
          const page = await listRecords(target, params.toString(), controller.signal);
          setRecords(page.data);
          setError(null);
        } catch (e) {
          if ((e as Error).name !== "AbortError") setError((e as Error).message);
        }
      },
      query ? 250 : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [target, titleField, query]);

  const title = (r: EntityRecord) => (titleField && r[titleField] != null ? String(r[titleField]) : r.id.slice(0, 8));
  const options_ =
    records.some((r) => r.id === value) || !value ? records : [{ id: String(value) } as EntityRecord, ...records];
  return (
    <div className="relation-widget">
      {titleField && !(disabled || readonly) && (
        <input
          type="search"
          className="form-control relation-search"
          aria-label={`Search ${label || target}`}
          placeholder={`Search ${target}…`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      )}
      <select
        id={id}
        className="form-control"
        value={value ?? ""}
        required={required}
        disabled={disabled || readonly}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">{required ? "Choose…" : "None"}</option>
        {options_.map((r) => (
          <option key={r.id} value={r.id}>
            {title(r)}
          </option>
        ))}
      </select>
      {error && (
        <div className="field-note error-text">
          Cannot load {target}: {error}
        </div>
      )}
    </div>
  );
}
