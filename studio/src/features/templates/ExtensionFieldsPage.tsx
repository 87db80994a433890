import { useEffect, useState, type FormEvent } from "react";
import { getExtensions, saveExtensions, type ExtensionSchema } from "../../api/entity-api.ts";
import { ProblemError } from "../../api/http.ts";
import { pickLabel } from "../../core/labels.ts";
import { FIELD_NAME, toFieldName } from "../../core/naming.ts";
import { findEntity, findTemplate, useRegistryStore } from "../../store/registry-store.ts";
import { navigate } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

const TYPES: Record<string, { label: string; schema: Record<string, unknown> }> = {
  text: { label: "Text", schema: { type: "string", maxLength: 500 } },
  integer: { label: "Whole number", schema: { type: "integer" } },
  number: { label: "Decimal number", schema: { type: "number" } },
  boolean: { label: "Yes / no", schema: { type: "boolean" } },
  date: { label: "Date", schema: { type: "string", format: "date" } },
  email: { label: "Email", schema: { type: "string", format: "email" } },
  choice: { label: "Choice", schema: { type: "string", enum: ["a", "b"] } },
};

/** A tenant's own fields on an entity (no migration: stored as JSON, validated by the runtime). */
export function ExtensionFieldsPage({ templateId, entityName }: { templateId?: string; entityName?: string }) {
  const registry = useRegistryStore((s) => s.registry);
  const tenantSession = useRegistryStore((s) => s.tenant);
  const installed = tenantSession?.templates.map((t) => t.id) ?? [];
  const locale = useSessionStore((s) => s.locale);
  const templates = registry?.templates.filter((t) => installed.includes(t.id)) ?? [];
  const template = findTemplate(registry, templateId) ?? templates[0];
  const entity = findEntity(template, entityName) ?? template?.entities[0];
  const [schema, setSchema] = useState<ExtensionSchema | null>(null);
  const [errors, setErrors] = useState<{ pointer: string; message: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState({ name: "", type: "text", label: "", required: false, choices: "" });

  useEffect(() => {
    if (!entity) return;
    setSchema(null);
    getExtensions(entity.apiName).then(setSchema, (e: Error) => setErrors([{ pointer: "", message: e.message }]));
  }, [entity]);

  if (!template || !entity) return <ErrorNote title="No installed template">Install one in Templates first.</ErrorNote>;

  const save = async (next: ExtensionSchema) => {
    setErrors([]);
    setNotice(null);
    try {
      setSchema(await saveExtensions(entity.apiName, next));
      setNotice("Saved: the forms and the API accept these fields now.");
    } catch (e) {
      setErrors(
        e instanceof ProblemError
          ? (e.problem.errors ?? [{ pointer: "", message: e.message }])
          : [{ pointer: "", message: (e as Error).message }],
      );
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!schema) return;
    const name = toFieldName(draft.name);
    if (!FIELD_NAME.test(name)) return setErrors([{ pointer: "", message: "The name must start with a letter." }]);
    const base = { ...TYPES[draft.type].schema };
    if (draft.type === "choice")
      base.enum = draft.choices
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    const property = { ...base, ...(draft.label ? { "x-label": { [locale]: draft.label } } : {}) };
    void save({
      properties: { ...schema.properties, [name]: property },
      required: draft.required ? [...(schema.required ?? []), name] : (schema.required ?? []),
    });
    setDraft({ name: "", type: "text", label: "", required: false, choices: "" });
  };
  const remove = (name: string) => {
    if (!schema) return;
    const { [name]: _gone, ...properties } = schema.properties;
    void save({ properties, required: (schema.required ?? []).filter((r) => r !== name) });
  };

  return (
    <div className="page">
      <PageHeader title="Extension fields" subtitle="Fields your marketplace adds to an entity, without a migration." />
      <label className="field narrow">
        Entity
        <select
          value={`${template.id}/${entity.apiName}`}
          onChange={(e) => {
            const [t, a] = e.target.value.split("/");
            navigate({ name: "extensions", template: t, entity: a });
          }}
        >
          {templates.flatMap((t) =>
            t.entities.map((e) => (
              <option key={`${t.id}/${e.apiName}`} value={`${t.id}/${e.apiName}`}>
                {pickLabel(t.title, locale, t.id)} · {pickLabel(e.label, locale, e.name)}
              </option>
            )),
          )}
        </select>
      </label>
      {notice && (
        <p className="alert success" role="status">
          {notice}
        </p>
      )}
      {errors.length > 0 && (
        <div className="alert error" role="alert">
          {errors.map((e, i) => (
            <p key={i}>
              {e.pointer && <code>{e.pointer.replace(/^\/body\/properties\//, "")}</code>} {e.message}
            </p>
          ))}
        </div>
      )}
      {!schema ? (
        <Loading />
      ) : (
        <>
          <table className="records">
            <caption className="sr-only">Extension fields</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Definition</th>
                <th scope="col">Required</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(schema.properties).map(([name, p]) => (
                <tr key={name}>
                  <td data-label="Name">
                    <code>{name}</code>
                  </td>
                  <td data-label="Definition">
                    <code>{JSON.stringify(p)}</code>
                  </td>
                  <td data-label="Required">{schema.required?.includes(name) ? "Yes" : "No"}</td>
                  <td className="actions-col">
                    <button type="button" className="button ghost small" onClick={() => remove(name)}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {Object.keys(schema.properties).length === 0 && <p className="empty">No extension fields yet.</p>}
          <form className="card inline-form" onSubmit={add} aria-label="Add an extension field">
            <label className="field">
              Name
              <input
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                required
                placeholder="instagramHandle"
              />
            </label>
            <label className="field">
              Label ({locale.toUpperCase()})
              <input value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value })} />
            </label>
            <label className="field">
              Type
              <select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
                {Object.entries(TYPES).map(([id, t]) => (
                  <option key={id} value={id}>
                    {t.label}
                  </option>
                ))}
              </select>
            </label>
            {draft.type === "choice" && (
              <label className="field">
                Choices (comma-separated)
                <input
                  value={draft.choices}
                  onChange={(e) => setDraft({ ...draft, choices: e.target.value })}
                  required
                />
              </label>
            )}
            <label className="check">
              <input
                type="checkbox"
                checked={draft.required}
                onChange={(e) => setDraft({ ...draft, required: e.target.checked })}
              />
              Required
            </label>
            <button type="submit" className="button primary">
              Add field
            </button>
          </form>
        </>
      )}
    </div>
  );
}
