import type { WidgetProps } from "@rjsf/utils";
import { useRef } from "react";

const TOOLS = [
  { label: "Bold", before: "**", after: "**" },
  { label: "Italic", before: "_", after: "_" },
  { label: "Link", before: "[", after: "](https://)" },
  { label: "List", before: "\n- ", after: "" },
] as const;

/** Long formatted text as Markdown: a textarea with a small toolbar and a character count. */
export function RichTextWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, placeholder, schema, onBlur, onFocus } = props;
  const area = useRef<HTMLTextAreaElement>(null);
  const text = typeof value === "string" ? value : "";
  const max = typeof schema.maxLength === "number" ? schema.maxLength : null;

  const wrap = (before: string, after: string) => {
    const el = area.current;
    if (!el) return;
    const { selectionStart: start, selectionEnd: end } = el;
    const next = text.slice(0, start) + before + text.slice(start, end) + after + text.slice(end);
    onChange(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + before.length, end + before.length);
    });
  };

  return (
    <div className="richtext-widget">
      {!(disabled || readonly) && (
        <div className="toolbar" role="toolbar" aria-label="Formatting">
          {TOOLS.map((t) => (
            <button key={t.label} type="button" className="button ghost small" onClick={() => wrap(t.before, t.after)}>
              {t.label}
            </button>
          ))}
        </div>
      )}
      <textarea
        ref={area}
        id={id}
        className="form-control"
        rows={8}
        value={text}
        disabled={disabled}
        readOnly={readonly}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
        onBlur={() => onBlur(id, text)}
        onFocus={() => onFocus(id, text)}
      />
      {max !== null && (
        <div className={text.length > max ? "counter over" : "counter"} aria-live="polite">
          {text.length} / {max}
        </div>
      )}
    </div>
  );
}
