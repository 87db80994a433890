import { useState } from "react";
import { localizeUiSchema, type FormLocaleLabels } from "../../core/form-locale.ts";
import type { EntityFormSpec } from "../../core/registry-types.ts";
import { MonoForm } from "../forms/MonoForm.tsx";

/** The entity's create form, generated from the draft on every edit, in any template locale. */
export function PreviewPane({
  form,
  pending,
  error,
  locales,
}: {
  form: EntityFormSpec | null;
  pending: boolean;
  error: string | null;
  locales: readonly string[];
}) {
  const [locale, setLocale] = useState(locales[0] ?? "en");
  const [checked, setChecked] = useState(false);
  return (
    <div className="preview-pane" aria-busy={pending}>
      <div className="pane-toolbar">
        <span className={pending ? "status-dot pending" : "status-dot"} aria-live="polite">
          {pending ? "Updating preview…" : "Preview up to date"}
        </span>
        <label className="compact-label">
          Preview language
          <select value={locale} onChange={(e) => setLocale(e.target.value)}>
            {locales.map((l) => (
              <option key={l} value={l}>
                {l.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="alert warning">{error}</p>}
      {checked && (
        <p className="alert info" role="status">
          The preview's data is valid.
        </p>
      )}
      {form ? (
        <MonoForm
          id="preview"
          schema={form.create.schema}
          uiSchema={localizeUiSchema(form.create.uiSchema, form.labels[locale] as FormLocaleLabels | undefined, locale)}
          submitLabel="Check the form"
          onChange={() => setChecked(false)}
          onSubmit={() => setChecked(true)}
        />
      ) : (
        !pending && <p className="muted">No preview yet.</p>
      )}
    </div>
  );
}
