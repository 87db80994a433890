import { useEffect, useState } from "react";
import { entityDiagnostics } from "../../core/diagnostic-targets.ts";
import { bumpVersion } from "../../core/semver-bump.ts";
import { isDirty, useDesignerStore } from "../../store/designer-store.ts";
import { navigate } from "../../store/router-store.ts";
import { useUndoShortcuts } from "../shell/use-undo-shortcuts.ts";
import { ErrorNote, Loading } from "../shell/PageStates.tsx";
import { AddFieldForm } from "./AddFieldForm.tsx";
import { DiagnosticList } from "./DiagnosticList.tsx";
import { EntitySettings } from "./EntitySettings.tsx";
import { EntitySidebar } from "./EntitySidebar.tsx";
import { FieldEditor } from "./FieldEditor.tsx";
import { FieldList } from "./FieldList.tsx";
import { GeneratePanel } from "./GeneratePanel.tsx";
import { JsonPane } from "./JsonPane.tsx";
import { PreviewPane } from "./PreviewPane.tsx";
import { RelationsEditor } from "./RelationsEditor.tsx";
import { TemplatePicker } from "./TemplatePicker.tsx";
import { usePreview } from "./use-preview.ts";

type Pane = "preview" | "json" | "diagnostics" | "generate";

/** The platform builder's schema designer: entities, fields, relations, live preview, save, generate. */
export function SchemaDesignerPage({ templateId, entityName }: { templateId?: string; entityName?: string }) {
  if (!templateId) return <TemplatePicker />;
  return <Designer templateId={templateId} entityName={entityName} />;
}

function Designer({ templateId, entityName }: { templateId: string; entityName?: string }) {
  const store = useDesignerStore();
  const [field, setField] = useState<string | null>(null);
  const [pane, setPane] = useState<Pane>("preview");
  const template = store.history?.present ?? null;
  const current =
    entityName && template?.entities[entityName]
      ? entityName
      : template
        ? Object.keys(template.entities)[0]
        : undefined;
  const entity = current && template ? template.entities[current] : undefined;
  const preview = usePreview(template, current);
  const load = store.load;
  useUndoShortcuts(store.undo, store.redo);

  useEffect(() => void load(templateId), [templateId, load]);
  useEffect(() => setField(null), [current]);

  if (store.status === "error")
    return <ErrorNote title={`Template "${templateId}" cannot be opened`}>{store.error}</ErrorNote>;
  if (!template || store.templateId !== templateId) return <Loading />;

  const errors = store.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = store.diagnostics.length - errors;
  const dirty = isDirty(store);
  const save = () => void store.save();

  return (
    <div className="page designer">
      <div className="designer-header">
        <div>
          <h1>{template.title[template.defaultLocale ?? template.locales[0]] ?? templateId}</h1>
          <p className="subtitle">
            <code>{templateId}</code>{" "}
            <label className="compact-label">
              version
              <input
                className="version-input"
                value={template.version}
                onChange={(e) => store.apply({ type: "setVersion", version: e.target.value }, "version")}
                aria-label="Template version"
              />
            </label>{" "}
            {(["patch", "minor", "major"] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                className="button ghost small"
                onClick={() => {
                  const next = bumpVersion(template.version, kind);
                  if (next) store.apply({ type: "setVersion", version: next });
                }}
              >
                +{kind}
              </button>
            ))}
          </p>
        </div>
        <div className="page-actions">
          <span className={errors ? "badge error" : "badge ok"} aria-live="polite">
            {errors} error(s), {warnings} warning(s)
          </span>
          <button
            type="button"
            className="button"
            onClick={store.undo}
            disabled={!store.history?.past.length}
            aria-keyshortcuts="Control+Z"
          >
            Undo
          </button>
          <button
            type="button"
            className="button"
            onClick={store.redo}
            disabled={!store.history?.future.length}
            aria-keyshortcuts="Control+Y"
          >
            Redo
          </button>
          <button
            type="button"
            className="button primary"
            onClick={save}
            disabled={store.status === "saving" || !dirty}
          >
            {store.status === "saving" ? "Saving…" : dirty ? "Save template" : "Saved"}
          </button>
        </div>
      </div>
      {store.error && (
        <div className="alert error" role="alert">
          Not saved: {store.error}
        </div>
      )}
      {store.lastSave && !dirty && (
        <div className="alert success" role="status">
          {store.lastSave.file
            ? `Saved to ${store.lastSave.file}.`
            : `Saved as a draft template in the database${store.lastSave.draftMode ? ", served in draft mode" : ""}: generate, test and deploy it to give it tables.`}
        </div>
      )}
      {store.compatibility.length > 0 && !dirty && (
        <details className="alert warning">
          <summary>
            {store.compatibility.length} compatibility note(s) against the previously saved version (bump the version
            before releasing)
          </summary>
          <DiagnosticList diagnostics={store.compatibility} showPointer />
        </details>
      )}
      <div className="designer-grid">
        <EntitySidebar
          templateId={templateId}
          template={template}
          current={current}
          diagnostics={store.diagnostics}
          onAdded={(name) => navigate({ name: "designer", template: templateId, entity: name })}
        />
        <section className="designer-main" aria-label={current ? `Entity ${current}` : "Entity"}>
          {entity && current ? (
            <>
              <h2>{current}</h2>
              <DiagnosticList diagnostics={entityDiagnostics(store.diagnostics, current)} />
              <EntitySettings
                template={template}
                entityName={current}
                entity={entity}
                onRenamed={(name) =>
                  navigate({ name: "designer", template: templateId, entity: name }, { replace: true })
                }
              />
              <h3>Fields</h3>
              <FieldList
                entityName={current}
                entity={entity}
                diagnostics={store.diagnostics}
                selected={field}
                onSelect={setField}
              />
              <AddFieldForm entityName={current} entity={entity} onAdded={setField} />
              {field && entity.schema.properties[field] && (
                <FieldEditor
                  template={template}
                  entityName={current}
                  entity={entity}
                  field={field}
                  diagnostics={store.diagnostics}
                  onRenamed={setField}
                />
              )}
              <RelationsEditor template={template} entityName={current} entity={entity} />
            </>
          ) : (
            <p className="muted">Add an entity to start.</p>
          )}
        </section>
        <section className="designer-side" aria-label="Preview and tools">
          <div role="tablist" aria-label="Designer tools" className="tab-strip">
            {(["preview", "json", "diagnostics", "generate"] as const).map((p) => (
              <button
                key={p}
                type="button"
                role="tab"
                aria-selected={pane === p}
                aria-controls={`pane-${p}`}
                id={`pane-tab-${p}`}
                className="tab"
                onClick={() => setPane(p)}
              >
                {p === "json" ? "JSON" : p.charAt(0).toUpperCase() + p.slice(1)}
                {p === "diagnostics" && store.diagnostics.length ? ` (${store.diagnostics.length})` : ""}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`pane-${pane}`} aria-labelledby={`pane-tab-${pane}`} className="tab-panel">
            {pane === "preview" && (
              <PreviewPane
                form={preview.form}
                pending={preview.pending}
                error={preview.error}
                locales={template.locales}
              />
            )}
            {pane === "json" && entity && current && <JsonPane entityName={current} entity={entity} />}
            {pane === "diagnostics" && (
              <>
                <DiagnosticList
                  diagnostics={store.diagnostics}
                  showPointer
                  empty="No problems: the template compiles cleanly."
                />
                {store.compatibility.length > 0 && (
                  <>
                    <h4>Compared with the previous saved version</h4>
                    <DiagnosticList diagnostics={store.compatibility} showPointer />
                  </>
                )}
              </>
            )}
            {pane === "generate" && <GeneratePanel dirty={dirty} />}
          </div>
        </section>
      </div>
    </div>
  );
}
