import type { WidgetProps } from "@rjsf/utils";
import { useState, type KeyboardEvent } from "react";

/** An array of short strings as removable chips; Enter or comma adds, Backspace on empty removes the last. */
export function TagsWidget(props: WidgetProps) {
  const { id, value, onChange, disabled, readonly, placeholder, label, onBlur, onFocus } = props;
  const tags: string[] = Array.isArray(value) ? value.map(String) : [];
  const [draft, setDraft] = useState("");
  const locked = disabled || readonly;

  const add = (text: string) => {
    const tag = text.trim();
    setDraft("");
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
  };
  const remove = (tag: string) => onChange(tags.filter((t) => t !== tag));
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter" || event.key === ",") {
      event.preventDefault();
      add(draft);
    } else if (event.key === "Backspace" && !draft && tags.length) {
      remove(tags[tags.length - 1]);
    }
  };

  return (
    <div className="tags-widget">
      <ul className="chips" aria-label={`${label || "Tags"} added`}>
        {tags.map((tag) => (
          <li key={tag} className="chip">
            {tag}
            {!locked && (
              <button type="button" className="chip-remove" aria-label={`Remove ${tag}`} onClick={() => remove(tag)}>
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <input
        id={id}
        type="text"
        className="form-control"
        value={draft}
        disabled={locked}
        placeholder={placeholder || "Type and press Enter"}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (draft) add(draft);
          onBlur(id, tags);
        }}
        onFocus={() => onFocus(id, tags)}
      />
    </div>
  );
}
