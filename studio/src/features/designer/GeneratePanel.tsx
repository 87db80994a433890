import { useState } from "react";
import { runGenerate, type GenerateResult } from "../../api/studio-api.ts";
import { DiagnosticList } from "./DiagnosticList.tsx";

/**
 * `generate` as a dry run on the saved templates: the files that would change and the migration
 * that would be written, with its data-loss warnings, before anything is applied.
 */
export function GeneratePanel({ dirty }: { dirty: boolean }) {
  const [name, setName] = useState("studio");
  const [result, setResult] = useState<GenerateResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await runGenerate(name));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="generate-panel" aria-labelledby="generate-heading">
      <h3 id="generate-heading">Generate</h3>
      {dirty && <p className="alert warning">Generate reads the saved template: save your changes first.</p>}
      <div className="inline-form">
        <label className="field">
          Migration name
          <input value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z0-9 _-]*" />
        </label>
        <button type="button" className="button primary" onClick={() => void run()} disabled={busy}>
          {busy ? "Generating…" : "Generate (dry run)"}
        </button>
      </div>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="generate-result" role="region" aria-label="Generate result">
          {!result.ok && <DiagnosticList diagnostics={result.diagnostics} showPointer />}
          {result.ok && !result.migration && (
            <p className="alert info">The database schema is up to date: no migration needed.</p>
          )}
          {result.migration && (
            <>
              <h4>
                Planned migration <code>{result.migration.name}</code>
              </h4>
              {result.migration.warnings.length > 0 ? (
                <ul className="warnings" aria-label="Data-loss warnings">
                  {result.migration.warnings.map((w, i) => (
                    <li key={i} className="alert warning">
                      {w.message}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted">No data-loss warnings.</p>
              )}
              <pre className="code sql" aria-label="Migration SQL">
                {result.migration.sql}
              </pre>
            </>
          )}
          {result.ok && (
            <details>
              <summary>
                {result.changed.length} generated file(s) would change ({result.ms} ms)
              </summary>
              <ul className="file-list">
                {result.changed.map((f) => (
                  <li key={f}>
                    <code>{f}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}
