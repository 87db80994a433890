import { useCallback, useEffect, useRef, useState } from "react";
import { ProblemError } from "../../api/http.ts";
import { cancelInstance, getInstance, retryInstance } from "../../api/workflow-api.ts";
import { canCancel, canRetry, type InstanceDetail, type WorkflowInstance } from "../../core/workflow-runs.ts";
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
