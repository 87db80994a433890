import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { diagnosticTarget } from "../../core/diagnostic-targets.ts";
import { humanize } from "../../core/labels.ts";
import { toSnake } from "../../core/naming.ts";
import type { Diagnostic, RawTemplate, WorkflowNodeType } from "../../core/registry-types.ts";
import { checkWorkflowGraph } from "../../core/workflow-checks.ts";
import { canCancel, nodeLabel, runPath } from "../../core/workflow-runs.ts";
import { useDesignerStore } from "../../store/designer-store.ts";
import { navigate } from "../../store/router-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { useWorkflowStore } from "../../store/workflow-store.ts";
import { DiagnosticList } from "../designer/DiagnosticList.tsx";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, Loading, PageHeader } from "../shell/PageStates.tsx";
import { useUndoShortcuts } from "../shell/use-undo-shortcuts.ts";
import { NodeInspector } from "./NodeInspector.tsx";
import { NodePalette } from "./NodePalette.tsx";
import { RunPicker } from "./RunPicker.tsx";
import { RunTimeline } from "./RunTimeline.tsx";
import { ProblemNote, useRun } from "./run-parts.tsx";
import { WorkflowCanvas } from "./WorkflowCanvas.tsx";

/** The workflow editor: a template's workflows, one at a time on a React Flow canvas. */
export function WorkflowEditorPage({ templateId, workflowName }: { templateId?: string; workflowName?: string }) {
  const designer = useDesignerStore();
  const load = designer.load;
  useEffect(() => {
    if (templateId) void load(templateId);
  }, [templateId, load]);
  if (!templateId)
    return <ErrorNote title="Choose a template">Open Workflows from a template in the sidebar.</ErrorNote>;
  if (designer.status === "error") return <ErrorNote title="The template cannot be opened">{designer.error}</ErrorNote>;
  const template = designer.history?.present;
  if (!template || designer.templateId !== templateId) return <Loading />;
  if (!workflowName || !template.workflows?.[workflowName])
    return <WorkflowList templateId={templateId} template={template} />;
  return (
    <ReactFlowProvider>
      <WorkflowEditor templateId={templateId} template={template} workflowName={workflowName} />
    </ReactFlowProvider>
  );
}

function WorkflowList({ templateId, template }: { templateId: string; template: RawTemplate }) {
  const apply = useDesignerStore((s) => s.apply);
  const [name, setName] = useState("");
  const [entity, setEntity] = useState(Object.keys(template.entities)[0] ?? "");
  const create = (event: FormEvent) => {
    event.preventDefault();
    const id = name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    if (!id || template.workflows?.[id]) return;
    apply({
      type: "setWorkflow",
      name: id,
      workflow: {
        id: `wf_${toSnake(id)}`,
        label: Object.fromEntries(template.locales.map((l) => [l, humanize(id)])),
        ...(entity ? { entity } : {}),
        nodes: [{ id: "start", type: "trigger", config: { on: "create" }, position: { x: 80, y: 200 } }],
        edges: [],
      },
    });
    navigate({ name: "workflows", template: templateId, workflow: id });
  };
  return (
    <div className="page">
      <PageHeader
        title="Workflows"
        subtitle={`${Object.keys(template.workflows ?? {}).length} workflow(s) in ${templateId}`}
      />
      <ul className="cards">
        {Object.entries(template.workflows ?? {}).map(([name, w]) => (
          <li key={name} className="card">
            <Link to={{ name: "workflows", template: templateId, workflow: name }}>
              <strong>{w.label?.en ?? name}</strong>
            </Link>
            <p className="muted">
              {w.nodes.length} nodes · {w.edges.length} edges{w.entity ? ` · on ${w.entity}` : ""}
            </p>
          </li>
        ))}
      </ul>
      <form className="card inline-form" onSubmit={create} aria-label="New workflow">
        <label className="field">
          New workflow name
          <input
            name="workflowName"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="casting-review"
            required
          />
        </label>
        <label className="field">
          Runs on
          <select name="workflowEntity" value={entity} onChange={(e) => setEntity(e.target.value)}>
            {Object.keys(template.entities).map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary">
          Create workflow
        </button>
      </form>
    </div>
  );
}

function WorkflowEditor({
  templateId,
  template,
  workflowName,
}: {
  templateId: string;
  template: RawTemplate;
  workflowName: string;
}) {
  const designer = useDesignerStore();
  const store = useWorkflowStore();
  const locale = useSessionStore((s) => s.locale);
  const key = `${templateId}/${workflowName}`;
  const addNode = useRef<(type: WorkflowNodeType) => void>(() => {});
  const tidyUp = useRef<() => void>(() => {});
  const [saved, setSaved] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const run = useRun(runId);
  const open = store.open;
  const workflow = template.workflows![workflowName];

  useEffect(() => {
    if (useWorkflowStore.getState().key !== key) open(key, workflow);
  }, [key, workflow, open]);
  useUndoShortcuts(store.undo, store.redo);

  const graph = store.history.present;
  const issues = useMemo(() => checkWorkflowGraph(graph), [graph]);
  const serverIssues = useMemo(
    () => workflowDiagnostics(designer.diagnostics, workflowName, workflow),
    [designer.diagnostics, workflowName, workflow],
  );
  const shown = runId && run.detail?.instance.id === runId ? run.detail : null;
  const path = useMemo(() => (shown ? runPath(graph, shown.instance, shown.timeline) : null), [graph, shown]);
  if (store.key !== key) return <Loading />;

  const selected =
    store.selectedNodes.length === 1 ? graph.nodes.find((n) => n.id === store.selectedNodes[0]) : undefined;
  const errors = issues.filter((i) => i.severity === "error");
  const save = async () => {
    const next = store.toWorkflow();
    if (!next) return;
    designer.apply({ type: "setWorkflow", name: workflowName, workflow: next });
    const ok = await useDesignerStore.getState().save();
    setSaved(ok ? `Saved ${workflowName} into ${templateId}.` : null);
    if (ok) open(key, next);
  };

  return (
    <div className="page workflow-editor">
      <PageHeader
        title={workflow.label?.[locale] ?? humanize(workflowName)}
        subtitle={
          <>
            <Link to={{ name: "workflows", template: templateId }}>← Workflows</Link> · {graph.nodes.length} nodes,{" "}
            {graph.edges.length} edges
            {workflow.entity ? ` · runs on ${workflow.entity}` : ""}
          </>
        }
        actions={
          <>
            <span className={errors.length ? "badge error" : "badge ok"} aria-live="polite">
              {errors.length ? `${errors.length} problem(s)` : "Valid"}
            </span>
            <button
              type="button"
              className="button"
              onClick={store.undo}
              disabled={!store.history.past.length}
              aria-keyshortcuts="Control+Z"
            >
              Undo
            </button>
            <button
              type="button"
              className="button"
              onClick={store.redo}
              disabled={!store.history.future.length}
              aria-keyshortcuts="Control+Y"
            >
              Redo
            </button>
            <button type="button" className="button" onClick={() => tidyUp.current()} disabled={graph.nodes.length < 2}>
              Tidy up
            </button>
            <button
              type="button"
              className="button"
              onClick={store.removeSelection}
              disabled={!store.selectedNodes.length && !store.selectedEdges.length}
              aria-keyshortcuts="Delete"
            >
              Delete selected
            </button>
            <button
              type="button"
              className="button primary"
              onClick={() => void save()}
              disabled={designer.status === "saving"}
            >
              {designer.status === "saving" ? "Saving…" : "Save workflow"}
            </button>
          </>
        }
      />
      {saved && (
        <div className="alert success" role="status">
          {saved}
        </div>
      )}
      {designer.error && (
        <div className="alert error" role="alert">
          Not saved: {designer.error}
        </div>
      )}
      <div className="workflow-toolbar">
        <NodePalette onAdd={(type) => addNode.current(type)} />
        <RunPicker workflow={workflowName} value={runId} onChange={setRunId} />
      </div>
      <div className="workflow-grid">
        <WorkflowCanvas
          graph={graph}
          issues={issues}
          locale={locale}
          run={path}
          onReady={(add, tidy) => ((addNode.current = add), (tidyUp.current = tidy))}
        />
        <aside className="workflow-side" aria-label="Node settings and problems">
          {selected ? (
            <NodeInspector
              node={selected}
              graph={graph}
              locales={template.locales}
              emails={Object.keys(template.emails ?? {})}
            />
          ) : (
            <p className="muted">
              Select a node (click it, or Tab to it and press Enter) to edit it. Delete removes the selection; Ctrl+Z /
              Ctrl+Y undo and redo.
            </p>
          )}
          <h3>Problems</h3>
          {issues.length === 0 && serverIssues.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="diagnostics">
              {issues.map((i, n) => (
                <li key={n} className={`diagnostic ${i.severity}`}>
                  <code className="diagnostic-code">{i.code}</code> {i.nodeId && <strong>{i.nodeId}: </strong>}
                  {i.message}
                </li>
              ))}
            </ul>
          )}
          {serverIssues.length > 0 && <DiagnosticList diagnostics={serverIssues} />}
        </aside>
      </div>
      {runId && (
        <section className="run-panel" aria-labelledby="run-panel-title">
          <h2 id="run-panel-title">Timeline of run {runId.slice(0, 8)}</h2>
          {run.error && <ProblemNote title="The run cannot be loaded" problem={run.error} />}
          {!run.error && !shown && <Loading label="Loading the run…" />}
          {shown && (
            <>
              <p role="status">
                <span className={`badge run-${shown.instance.status}`}>{shown.instance.status}</span>{" "}
                {path?.current
                  ? `At ${nodeLabel(path.current, graph, locale)}; ${path.completed.size} step(s) done, highlighted on the canvas.`
                  : `${path?.completed.size ?? 0} step(s) done, highlighted on the canvas.`}{" "}
                <Link to={{ name: "workflow-run", id: runId }}>Open the run</Link>
                {" · "}
                <button type="button" className="button small" onClick={run.reload}>
                  Reload
                </button>
              </p>
              <RunTimeline
                steps={shown.timeline}
                graph={graph}
                locale={locale}
                currentNodeId={canCancel(shown.instance) ? shown.instance.currentNodeId : null}
              />
            </>
          )}
        </section>
      )}
    </div>
  );
}

/** Server diagnostics about this workflow (state values, emails, fields the browser cannot check). */
function workflowDiagnostics(
  diagnostics: readonly Diagnostic[],
  name: string,
  workflow: { nodes: { id: string }[] },
): Diagnostic[] {
  return diagnostics
    .filter((d) => diagnosticTarget(d.pointer).workflow === name)
    .filter(
      (d) =>
        ![
          "ENG_WORKFLOW_UNREACHABLE",
          "ENG_WORKFLOW_MISSING_BRANCH",
          "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT",
          "ENG_WORKFLOW_NO_TRIGGER",
        ].includes(d.code),
    )
    .map((d) => {
      const node = diagnosticTarget(d.pointer).node;
      return node !== undefined && workflow.nodes[node]
        ? { ...d, message: `${workflow.nodes[node].id}: ${d.message}` }
        : d;
    });
}
