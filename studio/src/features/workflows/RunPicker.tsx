import { useEffect, useId, useState } from "react";
import { listInstances } from "../../api/workflow-api.ts";
import type { WorkflowInstance } from "../../core/workflow-runs.ts";

/**
 * "Show a run": the workflow's runs that have not ended (running or waiting, newest first) in a
 * select; choosing one shows its path on the canvas and its timeline. A studio without a tenant
 * (or without the workflow API) says so instead.
 */
export function RunPicker({
  workflow,
  value,
  onChange,
}: {
  workflow: string;
  value: string | null;
  onChange(id: string | null): void;
}) {
  const id = useId();
  const [runs, setRuns] = useState<WorkflowInstance[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    Promise.all(
      (["running", "waiting"] as const).map((status) =>
        listInstances({ workflow, status }, { limit: 50 }, controller.signal),
      ),
    )
      .then((pages) =>
        setRuns(
          pages
            .flatMap((p) => p.data)
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)),
        ),
      )
      .catch((e: Error) => {
        if (e.name !== "AbortError") setError(e.message);
      });
    return () => controller.abort();
  }, [workflow, refresh]);

  return (
    <div className="run-picker">
      <label htmlFor={`${id}-run`}>Show a run</label>
      <select
        id={`${id}-run`}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || null)}
        disabled={!runs}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{runs && runs.length === 0 ? "No running runs" : "None"}</option>
        {runs?.map((r) => (
          <option key={r.id} value={r.id}>
            {r.id.slice(0, 8)} · {r.status} · {new Date(r.createdAt).toLocaleString()}
          </option>
        ))}
      </select>
      <button type="button" className="button small" onClick={() => setRefresh((n) => n + 1)}>
        Reload runs
      </button>
      {error && (
        <span id={`${id}-error`} className="muted">
          Runs unavailable: {error}
        </span>
      )}
    </div>
  );
}
