import { canCancel, nodeLabel } from "../../core/workflow-runs.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { RunTimeline } from "./RunTimeline.tsx";
import { ProblemNote, RunActions, useRun } from "./run-parts.tsx";
import { useRunLabels } from "./use-run-labels.ts";

const when = (iso: string | null) => (iso ? <time dateTime={iso}>{new Date(iso).toLocaleString()}</time> : "—");

/** One run (`GET /api/v1/tenant/workflows/instances/{id}`): its facts, actions, tasks and timeline. */
export function WorkflowRunPage({ id }: { id: string }) {
  const { detail, error, reload } = useRun(id);
  const run = detail?.instance;
  const labels = useRunLabels(run ? [run] : []);
  const record = run ? labels.record(run) : null;
  const recordRoute = run ? labels.recordRoute(run) : null;
  return (
    <div className="page">
      <PageHeader
        title={run ? `Run of ${labels.workflow(run.workflow)}` : "Workflow run"}
        subtitle={<Link to={{ name: "workflow-runs" }}>← Workflow runs</Link>}
        actions={
          <>
            <button type="button" className="button" onClick={reload}>
              Reload
            </button>
            {run && <RunActions run={run} onChanged={reload} />}
          </>
        }
      />
      {error && <ProblemNote title="The run cannot be loaded" problem={error} />}
      {!error && !detail && <Loading />}
      {run && detail && (
        <>
          <dl className="run-facts">
            <dt>Status</dt>
            <dd>
              <span className={`badge run-${run.status}`}>{run.status}</span>
            </dd>
            {run.currentNodeId && canCancel(run) && (
              <>
                <dt>At step</dt>
                <dd>{nodeLabel(run.currentNodeId)}</dd>
              </>
            )}
            {record && (
              <>
                <dt>Record</dt>
                <dd>{recordRoute ? <Link to={recordRoute}>{record}</Link> : record}</dd>
              </>
            )}
            <dt>Started</dt>
            <dd>{when(run.createdAt)}</dd>
            <dt>Ended</dt>
            <dd>{when(run.completedAt)}</dd>
            <dt>Version</dt>
            <dd>
              <code>{run.version}</code>
            </dd>
            {run.error && (
              <>
                <dt>Error</dt>
                <dd className="error-text">{run.error}</dd>
              </>
            )}
          </dl>
          {detail.tasks && detail.tasks.length > 0 && (
            <>
              <h2>Tasks</h2>
              <ul className="run-tasks">
                {detail.tasks.map((t) => (
                  <li key={t.id}>
                    {nodeLabel(t.nodeId)}: <span className={`badge run-${t.status}`}>{t.status}</span>
                    {t.decisions.map((d, i) => (
                      <span key={i} className="muted">
                        {" "}
                        · {d.decision}
                        {d.comment ? `: “${d.comment}”` : ""}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2>Timeline</h2>
          <RunTimeline steps={detail.timeline} currentNodeId={canCancel(run) ? run.currentNodeId : null} />
        </>
      )}
    </div>
  );
}
