import { useState, type FormEvent } from "react";
import { diagnosticCounts } from "../../core/diagnostic-targets.ts";
import { ENTITY_NAME, toEntityName } from "../../core/naming.ts";
import type { Diagnostic, RawTemplate } from "../../core/registry-types.ts";
import { useDesignerStore } from "../../store/designer-store.ts";
import { Link } from "../shell/Link.tsx";

/** The template's entities (with problem counts) and a form to add one. */
export function EntitySidebar({
  templateId,
  template,
  current,
  diagnostics,
  onAdded,
}: {
  templateId: string;
  template: RawTemplate;
  current: string | undefined;
  diagnostics: readonly Diagnostic[];
  onAdded(name: string): void;
}) {
  const apply = useDesignerStore((s) => s.apply);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const counts = diagnosticCounts(diagnostics);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entity = toEntityName(name);
    if (!ENTITY_NAME.test(entity)) return setError("Use letters and digits, starting with a letter.");
    if (template.entities[entity]) return setError(`"${entity}" exists.`);
    apply({ type: "addEntity", name: entity });
    setName("");
    setError(null);
    onAdded(entity);
  };

  return (
    <aside className="entity-sidebar" aria-label="Entities">
      <h2>Entities</h2>
      <ul>
        {Object.keys(template.entities).map((e) => (
          <li key={e}>
            <Link
              to={{ name: "designer", template: templateId, entity: e }}
              className={e === current ? "entity-link active" : "entity-link"}
              aria-current={e === current ? "page" : undefined}
            >
              {e}
              {counts[e]?.errors ? <span className="badge error">{counts[e].errors}</span> : null}
              {counts[e]?.warnings ? <span className="badge warning">{counts[e].warnings}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="add-entity" aria-label="Add an entity">
        <label className="field">
          New entity
          <input
            name="entityName"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. CastingCall"
            required
          />
        </label>
        <button type="submit" className="button">
          Add entity
        </button>
        {error && <p className="error-text">{error}</p>}
      </form>
    </aside>
  );
}
