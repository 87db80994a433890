import { useEffect, useId, useMemo, useState } from "react";
import { deleteEmailOverride, listEmailTemplates, previewEmail, saveEmailOverride } from "../../api/email-api.ts";
import { ProblemError } from "../../api/http.ts";
import {
  editorErrors,
  editorLocales,
  editorSource,
  NO_ERRORS,
  type EditorErrors,
  type EditorField,
} from "../../core/email-editor.ts";
import type { EmailDefinition, EmailPreview, PreviewRequest } from "../../core/email-types.ts";
import { pickLabel } from "../../core/labels.ts";
import { useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";

/** How long typing pauses before the preview is rendered again. */
const PREVIEW_DELAY_MS = 300;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * The tenant's email templates (`GET /api/v1/tenant/email/templates`): each key with where its
 * text comes from; one opened is edited as a tenant override per locale (subject + MJML), with
 * a live preview the runtime renders (`POST …/preview`) from sample values or a real record,
 * saved with `PUT` and reset with `DELETE …/templates/{key}/{locale}`. The API's validation
 * errors show on their field, with their pointers.
 */
export function EmailTemplatesPage({ emailKey }: { emailKey?: string }) {
  const [definitions, setDefinitions] = useState<EmailDefinition[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    listEmailTemplates(controller.signal)
      .then((data) => {
        setDefinitions(data);
        setError(null);
      })
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(e.message);
      });
    return () => controller.abort();
  }, [reload]);

  const definition = emailKey ? definitions?.find((d) => d.key === emailKey) : undefined;
  return (
    <div className="page">
      <PageHeader
        title={emailKey ? `Email template: ${emailKey}` : "Email templates"}
        subtitle="The emails this marketplace sends. Override one per language; the preview is rendered by the server."
      />
      {error && <ErrorNote title="The email templates cannot be loaded">{error}</ErrorNote>}
      {!error && !definitions && <Loading />}
      {definitions && !emailKey && <TemplateList definitions={definitions} />}
      {definitions && emailKey && !definition && (
        <ErrorNote title={`No email template “${emailKey}” in this marketplace`}>
          <Link to={{ name: "email-templates" }}>All email templates</Link>
        </ErrorNote>
      )}
      {definition && (
        <>
          <p>
            <Link to={{ name: "email-templates" }}>← All email templates</Link>
          </p>
          <OverrideEditor definition={definition} onSaved={() => setReload((n) => n + 1)} />
        </>
      )}
    </div>
  );
}

function TemplateList({ definitions }: { definitions: EmailDefinition[] }) {
  if (definitions.length === 0) return <p>This marketplace sends no emails yet.</p>;
  return (
    <div className="table-wrap">
      <table className="records">
        <caption className="sr-only">Email templates</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Text from</th>
            <th scope="col">Languages</th>
            <th scope="col">Variables</th>
            <th scope="col">Your overrides</th>
          </tr>
        </thead>
        <tbody>
          {definitions.map((d) => (
            <tr key={d.key}>
              <td>
                <Link to={{ name: "email-templates", key: d.key }}>{d.key}</Link>
              </td>
              <td>{d.level === "platform" ? "platform" : `template ${d.templateId}`}</td>
              <td>{d.locales.join(", ")}</td>
              <td>{d.variables.join(", ") || "—"}</td>
              <td>{d.overrides.length ? d.overrides.map((o) => `${o.locale} (v${o.version})`).join(", ") : "none"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type SampleMode = "sample" | "record";

function OverrideEditor({ definition, onSaved }: { definition: EmailDefinition; onSaved(): void }) {
  const id = useId();
  const registry = useRegistryStore((s) => s.registry);
  const tenant = useRegistryStore((s) => s.tenant);
  const sessionLocale = useSessionStore((s) => s.locale);
  const installed = useMemo(
    () => (registry?.templates ?? []).filter((t) => tenant?.templates.some((i) => i.id === t.id)),
    [registry, tenant],
  );
  const locales = editorLocales(
    definition,
    installed.flatMap((t) => t.locales),
  );
  const [locale, setLocale] = useState(() =>
    locales.includes(sessionLocale) ? sessionLocale : (definition.locales[0] ?? "en"),
  );
  const source = editorSource(definition, locale);
  const [subject, setSubject] = useState(source.subject);
  const [mjml, setMjml] = useState(source.mjml);
  const [mode, setMode] = useState<SampleMode>("sample");
  const entities = installed.flatMap((t) =>
    t.entities
      .filter((e) => !e.draft)
      .map((e) => ({ value: `${t.id}:${e.apiName}`, label: `${pickLabel(e.label, sessionLocale, e.name)} (${t.id})` })),
  );
  const [entity, setEntity] = useState("");
  const [recordId, setRecordId] = useState("");
  const [preview, setPreview] = useState<EmailPreview | null>(null);
  const [previewErrors, setPreviewErrors] = useState<EditorErrors>(NO_ERRORS);
  const [saveErrors, setSaveErrors] = useState<EditorErrors>(NO_ERRORS);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<"html" | "text">("html");

  // A new locale (or a saved/reset override) loads that locale's text.
  const override = source.override;
  useEffect(() => {
    setSubject(source.subject);
    setMjml(source.mjml);
    setSaveErrors(NO_ERRORS);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload on a locale change or a new override version only
  }, [locale, override?.version, override === null]);

  const request: PreviewRequest | null = useMemo(() => {
    const body: PreviewRequest = { template: definition.key, locale, subject, mjml };
    if (mode === "record") {
      if (!entity || !recordId.trim()) return null;
      body.record = { entity, id: recordId.trim() };
    }
    return body;
  }, [definition.key, locale, subject, mjml, mode, entity, recordId]);

  useEffect(() => {
    if (!request) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewEmail(request, controller.signal)
        .then((p) => {
          setPreview(p);
          setPreviewErrors(NO_ERRORS);
        })
        .catch((e: Error) => {
          if (e.name === "AbortError") return;
          setPreviewErrors(
            e instanceof ProblemError ? editorErrors(e.problem) : { ...NO_ERRORS, general: [e.message] },
          );
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [request]);

  const save = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const saved = await saveEmailOverride(definition.key, locale, { subject, mjml });
      setSaveErrors(NO_ERRORS);
      setStatus(`Override saved for ${locale} (version ${saved.version}).`);
      onSaved();
    } catch (e) {
      setSaveErrors(e instanceof ProblemError ? editorErrors(e.problem) : { ...NO_ERRORS, general: [errorText(e)] });
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    setStatus(null);
    try {
      await deleteEmailOverride(definition.key, locale);
      setSaveErrors(NO_ERRORS);
      setStatus(`Override removed for ${locale}: the ${definition.level}'s text applies again.`);
      onSaved();
    } catch (e) {
      setSaveErrors(e instanceof ProblemError ? editorErrors(e.problem) : { ...NO_ERRORS, general: [errorText(e)] });
    } finally {
      setBusy(false);
    }
  };

  // Save errors win over the live preview's (both come from the same checks).
  const shown = saveErrors.all.length || saveErrors.general.length ? saveErrors : previewErrors;
  const messages = (field: EditorField) => shown.fields[field] ?? [];
  const fieldProps = (field: EditorField, hint?: string) => ({
    "aria-invalid": messages(field).length ? true : undefined,
    "aria-describedby":
      [hint, messages(field).length ? `${id}-${field}-error` : null].filter(Boolean).join(" ") || undefined,
  });
  const fieldError = (field: EditorField) =>
    messages(field).length > 0 && (
      <span className="error-text" id={`${id}-${field}-error`}>
        {messages(field).join("; ")}
      </span>
    );

  return (
    <div className="email-editor">
      <section className="email-source" aria-labelledby={`${id}-source`}>
        <h2 id={`${id}-source`}>Override</h2>
        <p className="hint" id={`${id}-level`}>
          {override
            ? `Your override of ${locale}, version ${override.version}.`
            : `No override in ${locale}: this is the ${definition.level === "platform" ? "platform's" : "template's"} text.`}{" "}
          Variables: {definition.variables.join(", ") || "none"}.
        </p>
        <label className="field">
          Language
          <select value={locale} onChange={(e) => setLocale(e.target.value)}>
            {locales.map((l) => (
              <option key={l} value={l}>
                {l}
                {definition.overrides.some((o) => o.locale === l) ? " (overridden)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Subject
          <input value={subject} onChange={(e) => setSubject(e.target.value)} {...fieldProps("subject")} />
          {fieldError("subject")}
        </label>
        <label className="field">
          MJML
          <textarea
            className="code email-mjml"
            value={mjml}
            spellCheck={false}
            onChange={(e) => setMjml(e.target.value)}
            {...fieldProps("mjml", `${id}-level`)}
          />
          {fieldError("mjml")}
        </label>
        {(shown.all.length > 0 || shown.general.length > 0) && (
          <div className="alert error" role="alert">
            <strong>The email template does not validate.</strong>
            <ul className="problem-list">
              {shown.all.map((e, i) => (
                <li key={i}>
                  <code>{e.pointer}</code>: {e.message}
                </li>
              ))}
              {shown.general
                .filter((g) => !shown.all.some((e) => e.message === g))
                .map((g, i) => (
                  <li key={`g${i}`}>{g}</li>
                ))}
            </ul>
          </div>
        )}
        {status && (
          <p className="alert success" role="status">
            {status}
          </p>
        )}
        <div className="inline-form">
          <button type="button" className="button primary" onClick={save} disabled={busy}>
            Save override
          </button>
          <button type="button" className="button" onClick={reset} disabled={busy || !override}>
            Reset to the {definition.level === "platform" ? "platform's" : "template's"} text
          </button>
        </div>
      </section>

      <section className="email-preview" aria-labelledby={`${id}-preview`}>
        <h2 id={`${id}-preview`}>Preview</h2>
        <fieldset>
          <legend>Render with</legend>
          <label className="choice">
            <input type="radio" name={`${id}-mode`} checked={mode === "sample"} onChange={() => setMode("sample")} />
            Sample values (‹name› for each variable)
          </label>
          <label className="choice">
            <input type="radio" name={`${id}-mode`} checked={mode === "record"} onChange={() => setMode("record")} />A
            real record
          </label>
          {mode === "record" && (
            <div className="inline-form">
              <label className="field">
                Entity
                <select value={entity} onChange={(e) => setEntity(e.target.value)} {...fieldProps("record")}>
                  <option value="">Choose…</option>
                  {entities.map((e) => (
                    <option key={e.value} value={e.value}>
                      {e.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Record id
                <input value={recordId} onChange={(e) => setRecordId(e.target.value)} {...fieldProps("record")} />
              </label>
              {fieldError("record")}
            </div>
          )}
        </fieldset>
        {preview ? (
          <>
            <p className="email-preview-subject">
              <span className="hint">Subject ({preview.locale}):</span> <strong>{preview.subject}</strong>
            </p>
            <div className="inline-form" role="group" aria-label="Preview format">
              <button
                type="button"
                className="button small"
                aria-pressed={view === "html"}
                onClick={() => setView("html")}
              >
                HTML
              </button>
              <button
                type="button"
                className="button small"
                aria-pressed={view === "text"}
                onClick={() => setView("text")}
              >
                Plain text
              </button>
            </div>
            {view === "html" ? (
              <iframe
                className="email-frame"
                title={`Preview of ${definition.key} in ${preview.locale}`}
                sandbox=""
                srcDoc={preview.html}
              />
            ) : (
              <pre className="email-text">{preview.text}</pre>
            )}
          </>
        ) : !request ? (
          <p className="hint">Choose an entity and type a record id to preview with it.</p>
        ) : (
          !previewErrors.all.length && <Loading label="Rendering the preview…" />
        )}
      </section>
    </div>
  );
}
