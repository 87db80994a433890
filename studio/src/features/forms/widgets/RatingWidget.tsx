import type { WidgetProps } from "@rjsf/utils";

/** A number as 1…maximum stars: native radio buttons (arrow keys work), styled as stars. */
export function RatingWidget(props: WidgetProps) {
  const { id, value, onChange, schema, disabled, readonly, label, required } = props;
  const min = Math.max(1, Math.ceil(Number(schema.minimum ?? 1)));
  const max = Math.min(10, Math.floor(Number(schema.maximum ?? 5)));
  const current = typeof value === "number" ? value : 0;
  const stars = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return (
    <div className="rating-widget" role="radiogroup" aria-label={label} aria-required={required} id={id}>
      {stars.map((n) => (
        <label key={n} className={n <= current ? "star on" : "star"}>
          <input
            type="radio"
            name={`${id}-rating`}
            value={n}
            checked={current === n}
            disabled={disabled || readonly}
            onChange={() => onChange(n)}
            className="sr-only"
          />
          <span aria-hidden="true">★</span>
          <span className="sr-only">
            {n} of {max}
          </span>
        </label>
      ))}
      {!required && current > 0 && !(disabled || readonly) && (
        <button type="button" className="link-button" onClick={() => onChange(undefined)}>
          Clear
        </button>
      )}
    </div>
  );
}
