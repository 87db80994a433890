import { useEffect, useState, type FormEvent } from "react";
import { listTemplates, saveTemplate, type TemplateSummary } from "../../api/studio-api.ts";
import { ProblemError } from "../../api/http.ts";
import { navigate } from "../../store/router-store.ts";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

/** The templates in industry-templates/, and a form to start a new one. */
export function TemplatePicker() {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState({ id: "", title: "" });
  const [createError, setCreateError] = useState<string | null>(null);

  useEffect(() => {
    listTemplates().then(setTemplates, (e: Error) => setError(e.message));
  }, []);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const id = draft.id.trim();
    try {
      await saveTemplate(id, {
        id,
        version: "0.1.0",
        title: { en: draft.title.trim() || id },
        locales: ["en"],
        entities: {
          Item: {
            id: "ent_item",
            scope: "tenant",
            label: { en: "Item" },
            schema: {
              type: "object",
              required: ["name"],
              additionalProperties: false,
              properties: {
                name: { "x-id": "fld_item_name", "x-label": { en: "Name" }, type: "string", maxLength: 200 },
              },
            },
          },
        },
      });
      navigate({ name: "designer", template: id });
    } catch (e) {
      setCreateError(
        e instanceof ProblemError
          ? (e.problem.errors?.map((x) => x.message).join("; ") ?? e.message)
          : (e as Error).message,
      );
    }
  };

  return (
    <div className="page">
      <PageHeader title="Schema designer" subtitle="Industry templates: entities, fields, relations and workflows." />
      {error && (
        <ErrorNote title="Templates cannot be listed">
          {error} (the designer needs a super admin: log in to the platform, or enter the admin token in Session
          settings)
        </ErrorNote>
      )}
      {!templates && !error && <Loading />}
      {templates && (
        <ul className="cards">
          {templates.map((t) => (
            <li key={t.id} className="card">
              <Link to={{ name: "designer", template: t.id }}>
                <strong>{t.title?.en ?? t.id}</strong>
              </Link>
              <p className="muted">
                <code>{t.id}</code> v{t.version} · {t.file ?? "draft in the database"}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form className="card inline-form" onSubmit={(e) => void create(e)} aria-label="New template">
        <label className="field">
          Template id
          <input
            value={draft.id}
            onChange={(e) => setDraft({ ...draft, id: e.target.value })}
            pattern="[a-z][a-z0-9]*(-[a-z0-9]+)*"
            required
            placeholder="photo-studio"
          />
        </label>
        <label className="field">
          Title
          <input
            value={draft.title}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
            placeholder="Photo studio marketplace"
          />
        </label>
        <button type="submit" className="button primary">
          Create template
        </button>
        {createError && <p className="error-text">{createError}</p>}
      </form>
    </div>
  );
}
