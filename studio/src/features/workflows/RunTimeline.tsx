import { formatDuration, formatValue, nodeLabel, type WorkflowStep } from "../../core/workflow-runs.ts";
import type { WorkflowGraph } from "../../core/workflow-graph.ts";

const time = (iso: string | null) => (iso ? <time dateTime={iso}>{new Date(iso).toLocaleString()}</time> : "—");

/** A JSON value, folded away when it is more than a word (a disclosure the keyboard opens). */
function Value({ value, label }: { value: unknown; label: string }) {
  const text = formatValue(value);
  if (text === "—" || (text.length <= 40 && !text.includes("\n"))) return <code className="wf-value">{text}</code>;
  return (
    <details className="wf-value">
      <summary>{label}</summary>
      <pre>{text}</pre>
    </details>
  );
}

/**
 * A run's timeline: every step in order with its node, kind, status, attempts, input, output,
 * error, start, finish and duration. `graph` (the editor's) gives the nodes' own labels.
 */
export function RunTimeline({
  steps,
  graph,
  locale,
  currentNodeId,
}: {
  steps: readonly WorkflowStep[];
  graph?: WorkflowGraph | null;
  locale?: string;
  /** The node the run stands at: its row is marked. */
  currentNodeId?: string | null;
}) {
  if (steps.length === 0) return <p>No steps yet.</p>;
  return (
    <div className="table-wrap">
      <table className="records timeline">
        <caption className="sr-only">Steps of the run, in order</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Step</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Input</th>
            <th scope="col">Output</th>
            <th scope="col">Error</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {[...steps]
            .sort((a, b) => a.seq - b.seq)
            .map((step) => {
              const label = nodeLabel(step.nodeId, graph, locale);
              const current = step.nodeId === currentNodeId && step.status !== "completed";
              return (
                <tr
                  key={step.id}
                  className={current ? "current" : undefined}
                  aria-current={current ? "step" : undefined}
                >
                  <td>{step.seq}</td>
                  <th scope="row">
                    {label}
                    {graph?.nodes.some((n) => n.id === step.nodeId && n.label) && (
                      <span className="muted"> ({step.nodeId})</span>
                    )}
                    {step.compensation && <span className="badge warning">compensation</span>}
                  </th>
                  <td>{step.kind}</td>
                  <td>
                    <span className={`badge run-${step.status}`}>{step.status}</span>
                    {step.outcome && <span className="muted"> → {step.outcome}</span>}
                  </td>
                  <td>{step.attempts}</td>
                  <td>
                    <Value value={step.input} label={`Input of step ${step.seq}`} />
                  </td>
                  <td>
                    <Value value={step.output} label={`Output of step ${step.seq}`} />
                  </td>
                  <td className={step.error ? "error-text" : undefined}>{step.error ?? "—"}</td>
                  <td>{time(step.startedAt)}</td>
                  <td>{time(step.finishedAt)}</td>
                  <td>{formatDuration(step.durationMs)}</td>
                </tr>
              );
            })}
        </tbody>
      </table>
    </div>
  );
}
