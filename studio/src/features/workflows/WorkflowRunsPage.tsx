import { useEffect, useState, type FormEvent } from "react";
import { listInstances, listWorkflows } from "../../api/workflow-api.ts";
import { firstPage, type CursorTrail } from "../../core/audit-format.ts";
import { CursorPager } from "../shell/CursorPager.tsx";
import {
  canCancel,
  INSTANCE_STATUSES,
  nodeLabel,
  type InstanceFilter,
  type InstancePage,
  type InstanceStatus,
  type WorkflowDefinition,
} from "../../core/workflow-runs.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { navigate } from "../../store/router-store.ts";
import { ProblemNote, shownProblem, StartRunForm, type ShownProblem } from "./run-parts.tsx";
import { useRunLabels } from "./use-run-labels.ts";

const PAGE_SIZE = 50;
const EMPTY: InstanceFilter = { workflow: "", status: "" };
const when = (iso: string | null) => (iso ? <time dateTime={iso}>{new Date(iso).toLocaleString()}</time> : "—");

/**
 * The tenant's workflow runs (tenant admins, `GET /api/v1/tenant/workflows/instances`), newest
 * first, filtered by workflow and status (applied on submit), paged by cursor; each opens its timeline.
 */
export function WorkflowRunsPage() {
  const [draft, setDraft] = useState<InstanceFilter>(EMPTY);
  const [filter, setFilter] = useState<InstanceFilter>(EMPTY);
  const [trail, setTrail] = useState<CursorTrail>(firstPage);
  const [page, setPage] = useState<InstancePage | null>(null);
  const [error, setError] = useState<ShownProblem | null>(null);
  const [workflows, setWorkflows] = useState<WorkflowDefinition[]>([]);
  const labels = useRunLabels(page?.data ?? []);

  useEffect(() => {
    const controller = new AbortController();
    listWorkflows(controller.signal)
      .then(setWorkflows)
      .catch(() => {});
    return () => controller.abort();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    setPage(null);
    listInstances(filter, { limit: PAGE_SIZE, cursor: trail.current }, controller.signal)
      .then(setPage)
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(shownProblem(e));
      });
    return () => controller.abort();
  }, [filter, trail]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ ...draft });
    setTrail(firstPage);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilter(EMPTY);
    setTrail(firstPage);
  };

  return (
    <div className="page">
      <PageHeader title="Workflow runs" subtitle="Every run of this marketplace's workflows, newest first." />
      <StartRunForm
        workflows={workflows}
        label={labels.workflow}
        onStarted={(id) => navigate({ name: "workflow-run", id })}
      />
      <form className="inline-form filters" onSubmit={apply} aria-label="Filter runs">
        <label className="field">
          Workflow
          <select value={draft.workflow} onChange={(e) => setDraft((d) => ({ ...d, workflow: e.target.value }))}>
            <option value="">Any</option>
            {workflows.map((w) => (
              <option key={`${w.template}/${w.name}`} value={w.name}>
                {labels.workflow(w.name)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Status
          <select
            value={draft.status}
            onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value as InstanceStatus | "" }))}
          >
            <option value="">Any</option>
            {INSTANCE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={clear}>
          Clear
        </button>
      </form>
      {error && <ProblemNote title="The runs cannot be loaded" problem={error} />}
      {!error && !page && <Loading />}
      {page && page.data.length === 0 && <p>No runs{trail.previous.length ? " on this page" : " match"}.</p>}
      {page && page.data.length > 0 && (
        <div className="table-wrap">
          <table className="records runs">
            <caption className="sr-only">Workflow runs</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Workflow</th>
                <th scope="col">Record</th>
                <th scope="col">Status</th>
                <th scope="col">At step</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((run) => (
                <tr key={run.id}>
                  <th scope="row">
                    <Link
                      to={{ name: "workflow-run", id: run.id }}
                      aria-label={`Timeline of run ${run.id.slice(0, 8)}`}
                    >
                      {run.id.slice(0, 8)}
                    </Link>
                  </th>
                  <td>{labels.workflow(run.workflow)}</td>
                  <td>{labels.record(run) ?? "—"}</td>
                  <td>
                    <span className={`badge run-${run.status}`}>{run.status}</span>
                  </td>
                  <td>{run.currentNodeId && canCancel(run) ? nodeLabel(run.currentNodeId) : "—"}</td>
                  <td>{when(run.createdAt)}</td>
                  <td>{when(run.completedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager label="Run pages" trail={trail} setTrail={setTrail} nextCursor={page?.page.nextCursor} />
    </div>
  );
}
