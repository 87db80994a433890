import { useEffect, useState } from "react";
import type { RawEntity } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";

/**
 * The entity as template JSON, editable: valid JSON replaces the entity (one undo step per burst
 * of typing); invalid JSON is shown with the parser's message and changes nothing.
 */
export function JsonPane({ entityName, entity }: { entityName: string; entity: RawEntity }) {
  const apply = useDesignerStore((s) => s.apply);
  const formatted = JSON.stringify(entity, null, 2);
  const [text, setText] = useState(formatted);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  // Follow edits made elsewhere (field editor, undo) unless the user is typing here.
  useEffect(() => {
    if (!editing) setText(formatted);
  }, [formatted, editing]);

  const change = (next: string) => {
    setText(next);
    try {
      const value = JSON.parse(next) as RawEntity;
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("An entity is a JSON object.");
      setError(null);
      if (JSON.stringify(value) !== JSON.stringify(entity))
        apply({ type: "replaceEntity", name: entityName, entity: value }, `json.${entityName}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="json-pane">
      <label htmlFor="entity-json" className="sr-only">
        {entityName} as JSON
      </label>
      <textarea
        id="entity-json"
        className="code"
        spellCheck={false}
        value={text}
        onFocus={() => setEditing(true)}
        onBlur={() => (setEditing(false), !error && setText(formatted))}
        onChange={(e) => change(e.target.value)}
        aria-invalid={!!error}
        aria-describedby={error ? "entity-json-error" : undefined}
      />
      {error && (
        <p id="entity-json-error" className="error-text" role="alert">
          JSON: {error}
        </p>
      )}
    </div>
  );
}
