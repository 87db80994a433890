import type { Diagnostic } from "../../core/registry-types.ts";

/** Diagnostics as the engine reports them: severity, code, message, hint; pointer on request. */
export function DiagnosticList({
  diagnostics,
  showPointer = false,
  empty,
}: {
  diagnostics: readonly Diagnostic[];
  showPointer?: boolean;
  empty?: string;
}) {
  if (!diagnostics.length) return empty ? <p className="muted">{empty}</p> : null;
  return (
    <ul className="diagnostics">
      {diagnostics.map((d, i) => (
        <li key={`${d.code}${d.pointer}${i}`} className={`diagnostic ${d.severity}`}>
          <span className="diagnostic-severity">{d.severity === "error" ? "Error" : "Warning"}</span>{" "}
          <code className="diagnostic-code">{d.code}</code> <span className="diagnostic-message">{d.message}</span>
          {d.hint && <span className="diagnostic-hint"> {d.hint}</span>}
          {showPointer && d.pointer && <code className="diagnostic-pointer">{d.pointer}</code>}
        </li>
      ))}
    </ul>
  );
}
