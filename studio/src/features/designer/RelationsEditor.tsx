import { useState, type FormEvent } from "react";
import { FIELD_NAME, toFieldName } from "../../core/naming.ts";
import type { RawEntity, RawTemplate } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";

/** The entity's relations; new ones are many-to-one (a foreign key picked with the relation widget). */
export function RelationsEditor({
  template,
  entityName,
  entity,
}: {
  template: RawTemplate;
  entityName: string;
  entity: RawEntity;
}) {
  const apply = useDesignerStore((s) => s.apply);
  const targets = Object.keys(template.entities);
  const [name, setName] = useState("");
  const [target, setTarget] = useState(targets[0] ?? "");
  const [required, setRequired] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const relations = Object.entries(entity.relations ?? {});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const relation = toFieldName(name);
    if (!FIELD_NAME.test(relation)) return setError("Use letters and digits, starting with a letter.");
    if (entity.relations?.[relation] || entity.schema.properties[relation]) return setError(`"${relation}" is taken.`);
    apply({ type: "addRelation", entity: entityName, name: relation, to: target, required });
    setName("");
    setError(null);
  };

  return (
    <section className="relations-editor" aria-labelledby="relations-heading">
      <h3 id="relations-heading">Relations</h3>
      {relations.length === 0 && <p className="muted">None.</p>}
      <ul className="relation-list">
        {relations.map(([relationName, r]) => (
          <li key={relationName}>
            <code>{relationName}</code> → <strong>{r.to}</strong>{" "}
            <span className="muted">
              ({r.kind}
              {r.required ? ", required" : ""})
            </span>
            <button
              type="button"
              className="icon-button danger"
              aria-label={`Delete relation ${relationName}`}
              onClick={() => apply({ type: "removeRelation", entity: entityName, name: relationName })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form className="add-relation" onSubmit={submit} aria-label="Add a relation">
        <label className="field">
          Relation name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. category" required />
        </label>
        <label className="field">
          Points to
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            {targets.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
          Required
        </label>
        <button type="submit" className="button">
          Add relation
        </button>
        {error && <p className="error-text">{error}</p>}
      </form>
    </section>
  );
}
