import type { WidgetProps } from "@rjsf/utils";

const isImageUrl = (url: string) =>
  /^https?:\/\/.+\.(png|jpe?g|gif|webp|avif|svg)(\?.*)?$/i.test(url) || /^data:image\//.test(url);

/**
 * Media by URL (one string, or a list for array fields), with an image preview: the media widget
 * for a field without `x-media` upload options (links to hosted files).
 */
export function MediaLinksWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, placeholder, schema, options } = props;
  const multiple = schema.type === "array" || Array.isArray(value);
  const urls: string[] = multiple ? (Array.isArray(value) ? value.map(String) : []) : value ? [String(value)] : [];
  const locked = disabled || readonly;
  const accept = String(options.accept ?? "");

  if (!multiple) {
    const url = urls[0] ?? "";
    return (
      <div className="media-widget">
        <input
          id={id}
          type="url"
          className="form-control"
          value={url}
          disabled={locked}
          placeholder={placeholder || (accept.startsWith("image") ? "https://…/photo.jpg" : "https://…")}
          onChange={(e) => onChange(e.target.value || undefined)}
        />
        {url && isImageUrl(url) && <img className="media-preview" src={url} alt="" loading="lazy" />}
      </div>
    );
  }
  const setAt = (i: number, next: string) => onChange(urls.map((u, j) => (j === i ? next : u)).filter(Boolean));
  return (
    <div className="media-widget" id={id}>
      {urls.map((url, i) => (
        <div key={i} className="media-row">
          <input
            type="url"
            className="form-control"
            aria-label={`Link ${i + 1}`}
            value={url}
            disabled={locked}
            onChange={(e) => setAt(i, e.target.value)}
          />
          {isImageUrl(url) && <img className="media-preview small" src={url} alt="" loading="lazy" />}
          {!locked && (
            <button
              type="button"
              className="button ghost"
              aria-label={`Remove link ${i + 1}`}
              onClick={() => onChange(urls.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      {!locked && (
        <button type="button" className="button ghost" onClick={() => onChange([...urls, "https://"])}>
          Add link
        </button>
      )}
    </div>
  );
}
