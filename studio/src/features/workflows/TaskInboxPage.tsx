import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { decideTask, listMyTasks } from "../../api/workflow-api.ts";
import {
  DECISIONS,
  decisionLabel,
  isOverdue,
  nodeLabel,
  type Decision,
  type WorkflowTask,
} from "../../core/workflow-runs.ts";
import { Link } from "../shell/Link.tsx";
import { Loading, PageHeader } from "../shell/PageStates.tsx";
import { ProblemNote, shownProblem, type ShownProblem } from "./run-parts.tsx";
import { useRunLabels, type RunLabels } from "./use-run-labels.ts";

/**
 * The signed-in user's inbox (`GET /api/v1/tenant/workflows/tasks`): their open human tasks,
 * each with the workflow, the record, the step, the due date (overdue ones flagged) and a
 * decision form (approve, reject, request changes, with a comment; the API's problem shown on
 * the comment when it points there). A decided task leaves the list; the outcome is announced.
 */
export function TaskInboxPage() {
  const [tasks, setTasks] = useState<WorkflowTask[] | null>(null);
  const [error, setError] = useState<ShownProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const labels = useRunLabels(tasks ?? []);

  const load = useCallback((signal?: AbortSignal) => {
    setError(null);
    listMyTasks(signal)
      .then(setTasks)
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(shownProblem(e));
      });
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const decided = (task: WorkflowTask, message: string) => {
    setTasks((list) => list?.filter((t) => t.id !== task.id) ?? null);
    setDone(message);
    // The decided card is gone: keep the keyboard user's place on the announcement.
    setTimeout(() => doneRef.current?.focus(), 0);
  };

  const now = new Date();
  return (
    <div className="page">
      <PageHeader
        title="My tasks"
        subtitle="Workflow steps waiting for your decision."
        actions={
          <button type="button" className="button" onClick={() => load()}>
            Refresh
          </button>
        }
      />
      <div ref={doneRef} tabIndex={-1} role="status" className={done ? "alert success" : "sr-only"}>
        {done}
      </div>
      {error && <ProblemNote title="Your tasks cannot be loaded" problem={error} />}
      {!error && !tasks && <Loading />}
      {tasks && tasks.length === 0 && <p>Nothing is waiting for you.</p>}
      {tasks && tasks.length > 0 && (
        <ul className="task-list">
          {tasks.map((task) => (
            <li key={task.id}>
              <TaskCard task={task} labels={labels} overdue={isOverdue(task, now)} onDecided={decided} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TaskCard({
  task,
  labels,
  overdue,
  onDecided,
}: {
  task: WorkflowTask;
  labels: RunLabels;
  overdue: boolean;
  onDecided(task: WorkflowTask, message: string): void;
}) {
  const id = useId();
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState<Decision | null>(null);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const step = nodeLabel(task.nodeId);
  const record = labels.record(task);
  const recordRoute = labels.recordRoute(task);
  const commentProblem = problem?.pointers.find((p) => p.pointer === "/body/comment");

  const decide = async (decision: Decision) => {
    setProblem(null);
    setBusy(decision);
    try {
      const result = await decideTask(task.id, decision, comment);
      onDecided(
        task,
        `${decisionLabel(decision)}: ${step}${record ? ` (${record})` : ""}. The task is now ${result.status}.`,
      );
    } catch (e) {
      const shown = shownProblem(e as Error);
      setProblem(shown);
      if (shown.pointers.some((p) => p.pointer === "/body/comment")) commentRef.current?.focus();
    } finally {
      setBusy(null);
    }
  };
  // The buttons decide; Enter in the comment is a new line, never a decision.
  const submit = (event: FormEvent<HTMLFormElement>) => event.preventDefault();

  return (
    <article className={overdue ? "card task overdue" : "card task"} aria-labelledby={`${id}-title`}>
      <header className="task-head">
        <h2 id={`${id}-title`}>{step}</h2>
        {overdue && <span className="badge error">Overdue</span>}
      </header>
      <dl className="task-facts">
        <dt>Workflow</dt>
        <dd>{labels.workflow(task.workflow)}</dd>
        {record && (
          <>
            <dt>Record</dt>
            <dd>{recordRoute ? <Link to={recordRoute}>{record}</Link> : record}</dd>
          </>
        )}
        <dt>Due</dt>
        <dd>
          {task.dueAt ? <time dateTime={task.dueAt}>{new Date(task.dueAt).toLocaleString()}</time> : "No due date"}
        </dd>
        {task.decisions.length > 0 && (
          <>
            <dt>Decisions so far</dt>
            <dd>{task.decisions.map((d) => d.decision ?? "?").join(", ")}</dd>
          </>
        )}
      </dl>
      {problem && <ProblemNote title="Not decided" problem={problem} />}
      <form className="task-form" onSubmit={submit} aria-label={`Decide: ${step}`}>
        <label className="field" htmlFor={`${id}-comment`}>
          Comment
          <span className="muted"> (required to reject or request changes)</span>
        </label>
        <textarea
          id={`${id}-comment`}
          ref={commentRef}
          value={comment}
          rows={2}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={commentProblem ? true : undefined}
          aria-describedby={commentProblem ? `${id}-comment-error` : undefined}
        />
        {commentProblem && (
          <p id={`${id}-comment-error`} className="error-text">
            {commentProblem.message}
          </p>
        )}
        <div className="task-actions">
          {DECISIONS.map((decision) => (
            <button
              key={decision}
              type="button"
              className={decision === "approve" ? "button primary" : decision === "reject" ? "button danger" : "button"}
              disabled={busy !== null}
              onClick={() => void decide(decision)}
            >
              {busy === decision ? "Sending…" : decisionLabel(decision)}
            </button>
          ))}
        </div>
      </form>
    </article>
  );
}
