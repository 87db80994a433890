/** One text per template locale (labels, help texts). */
export function LabelsEditor({
  idPrefix,
  legend,
  locales,
  labels,
  onChange,
}: {
  idPrefix: string;
  legend: string;
  locales: readonly string[];
  labels: Record<string, string> | undefined;
  onChange(locale: string, text: string): void;
}) {
  return (
    <fieldset className="labels-editor">
      <legend>{legend}</legend>
      {locales.map((locale) => (
        <label key={locale} className="field inline" htmlFor={`${idPrefix}-${locale}`}>
          <span className="locale-tag">{locale.toUpperCase()}</span>
          <input
            id={`${idPrefix}-${locale}`}
            value={labels?.[locale] ?? ""}
            onChange={(e) => onChange(locale, e.target.value)}
            aria-label={`${legend} (${locale})`}
          />
        </label>
      ))}
    </fieldset>
  );
}
