import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ProblemError } from "../../api/http.ts";
import { cancelInstance, getInstance, retryInstance, startInstance } from "../../api/workflow-api.ts";
import {
  canCancel,
  canRetry,
  type InstanceDetail,
  type WorkflowDefinition,
  type WorkflowInstance,
} from "../../core/workflow-runs.ts";
import { ErrorNote } from "../shell/PageStates.tsx";

/** A problem's message and its pointers (`/body/comment: is required…`). */
export interface ShownProblem {
  text: string;
  pointers: { pointer: string; message: string }[];
}

export const shownProblem = (e: Error): ShownProblem => ({
  text: e.message,
  pointers: e instanceof ProblemError ? (e.problem.errors ?? []) : [],
});

export function ProblemNote({ title, problem }: { title: string; problem: ShownProblem }) {
  return (
    <ErrorNote title={title}>
      {problem.text}
      {problem.pointers.length > 0 && (
        <ul>
          {problem.pointers.map((p) => (
            <li key={p.pointer + p.message}>
              <code>{p.pointer}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </ErrorNote>
  );
}

/** Cancel (a run that has not ended) and retry (a failed run), with the API's answer announced. */
export function RunActions({ run, onChanged }: { run: WorkflowInstance; onChanged(): void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (action: "cancel" | "retry") => {
    setBusy(true);
    setProblem(null);
    setDone(null);
    try {
      const result = await (action === "cancel" ? cancelInstance(run.id) : retryInstance(run.id));
      setDone(action === "cancel" ? `Run cancelled (${result.status}).` : `Run retried (${result.status}).`);
      onChanged();
    } catch (e) {
      setProblem(shownProblem(e as Error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="run-actions">
      {canCancel(run) && (
        <button type="button" className="button danger" disabled={busy} onClick={() => void act("cancel")}>
          Cancel run
        </button>
      )}
      {canRetry(run) && (
        <button type="button" className="button primary" disabled={busy} onClick={() => void act("retry")}>
          Retry run
        </button>
      )}
      <div role="status" className={done ? "alert success" : "sr-only"}>
        {done}
      </div>
      {problem && <ProblemNote title="Not done" problem={problem} />}
    </div>
  );
}

/** Loads one run with its timeline; `reload` reads it again (after cancel or retry). */
export function useRun(id: string | null) {
  const [detail, setDetail] = useState<InstanceDetail | null>(null);
  const [error, setError] = useState<ShownProblem | null>(null);
  const controller = useRef<AbortController | null>(null);
  const reload = useCallback(() => {
    controller.current?.abort();
    if (!id) {
      setDetail(null);
      return;
    }
    const mine = (controller.current = new AbortController());
    setError(null);
    getInstance(id, mine.signal)
      .then((d) => !mine.signal.aborted && setDetail(d))
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(shownProblem(e));
      });
  }, [id]);
  useEffect(() => {
    setDetail(null);
    reload();
    return () => controller.current?.abort();
  }, [reload]);
  return { detail, error, reload };
}

/**
 * "Start a run" of a workflow started by hand (`trigger: manual`, `POST …/{workflow}/instances`),
 * on a record when the workflow runs on one; the API's problem shown on the field it points at.
 */
export function StartRunForm({
  workflows,
  label,
  onStarted,
}: {
  workflows: readonly WorkflowDefinition[];
  label(name: string): string;
  onStarted(id: string): void;
}) {
  const id = useId();
  const manual = workflows.filter((w) => w.runnable && w.trigger === "manual");
  const [workflow, setWorkflow] = useState("");
  const [recordId, setRecordId] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const chosen = manual.find((w) => w.name === workflow) ?? manual[0];
  if (!chosen) return null;
  const recordProblem = problem?.pointers.find((p) => p.pointer === "/body/recordId");
  const start = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const started = await startInstance(chosen.name, chosen.entity ? { recordId: recordId.trim() } : {});
      onStarted(started.id);
    } catch (e) {
      setProblem(shownProblem(e as Error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form start-run" onSubmit={start} aria-label="Start a run">
      <label className="field">
        Workflow to start
        <select value={chosen.name} onChange={(e) => setWorkflow(e.target.value)}>
          {manual.map((w) => (
            <option key={`${w.template}/${w.name}`} value={w.name}>
              {label(w.name)}
            </option>
          ))}
        </select>
      </label>
      {chosen.entity && (
        <label className="field" htmlFor={`${id}-record`}>
          {chosen.entity} id
          <input
            id={`${id}-record`}
            value={recordId}
            onChange={(e) => setRecordId(e.target.value)}
            autoComplete="off"
            aria-invalid={recordProblem ? true : undefined}
            aria-describedby={recordProblem ? `${id}-record-error` : undefined}
          />
          {recordProblem && (
            <span id={`${id}-record-error`} className="error-text">
              {recordProblem.message}
            </span>
          )}
        </label>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Starting…" : "Start run"}
      </button>
      {problem && !recordProblem && <ProblemNote title="Not started" problem={problem} />}
    </form>
  );
}
