import { useEffect, useState } from "react";
import type { EntityFormSpec } from "../../core/registry-types.ts";
import { MonoForm } from "../forms/MonoForm.tsx";
import { localizeUiSchema } from "../../core/form-locale.ts";

interface FilterPanelProps {
  spec: EntityFormSpec;
  values: Record<string, unknown>;
  locale: string;
  onApply(values: Record<string, unknown>): void;
  onClear(): void;
}

/** The generated filter form (spec.filter): every filterable field with the operators the API allows. */
export function FilterPanel({ spec, values, locale, onApply, onClear }: FilterPanelProps) {
  const [draft, setDraft] = useState(values);
  useEffect(() => setDraft(values), [values]);
  const uiSchema = localizeUiSchema(spec.filter.uiSchema, spec.labels[locale] as never, locale);
  return (
    <section className="filter-panel" aria-label="Filters">
      <MonoForm
        id="filter"
        schema={spec.filter.schema}
        uiSchema={uiSchema}
        formData={draft}
        onChange={setDraft}
        onSubmit={(data) => onApply(stripEmpty(data))}
        submitLabel="Apply filters"
        actions={
          <button type="button" className="button ghost" onClick={() => (setDraft({}), onClear())}>
            Clear
          </button>
        }
      />
    </section>
  );
}

function stripEmpty(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0)),
  );
}
