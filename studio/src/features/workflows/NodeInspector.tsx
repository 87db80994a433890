import { useEffect, useState } from "react";
import { connectionProblem, outputsOf, type WorkflowGraph, type WorkflowNode } from "../../core/workflow-graph.ts";
import { useWorkflowStore } from "../../store/workflow-store.ts";

/** Settings each node type is usually given (other config keys stay editable as JSON). */
const CONFIG_FIELDS: Partial<Record<WorkflowNode["type"], { key: string; label: string; list?: boolean }[]>> = {
  trigger: [{ key: "on", label: "Runs on (create, update, status-changed, manual, schedule, webhook)" }],
  state: [{ key: "status", label: "Status value" }],
  condition: [{ key: "expression", label: "Expression" }],
  approval: [
    { key: "assignees", label: "Who decides (roles, owner, relation.account…; comma-separated)", list: true },
    { key: "due", label: "Due (ISO duration, e.g. P7D, or record.<date field>)" },
  ],
  wait: [
    { key: "until", label: "Until (P1D, record.startsAt, event:<name> or a condition)" },
    { key: "timeout", label: "Timeout (ISO duration or record.<date field>)" },
  ],
  email: [
    { key: "template", label: "Email template" },
    { key: "to", label: "Recipients (comma-separated)", list: true },
  ],
  webhook: [
    { key: "event", label: "Event (e.g. job.published)" },
    { key: "method", label: "Method" },
  ],
  assign: [
    { key: "field", label: "User field" },
    { key: "role", label: "Role" },
  ],
  subworkflow: [{ key: "workflow", label: "Workflow" }],
  signal: [
    { key: "event", label: "Event (the name a wait node waits for: event:<name>)" },
    { key: "to", label: "To the runs of (a one-to-many relation, e.g. event.registrations)" },
  ],
};

interface NodeInspectorProps {
  node: WorkflowNode;
  graph: WorkflowGraph;
  locales: readonly string[];
  emails: readonly string[];
}

/** The selected node: label per locale, its settings, its outgoing connections (a keyboard way to connect). */
export function NodeInspector({ node, graph, locales, emails }: NodeInspectorProps) {
  const apply = useWorkflowStore((s) => s.apply);
  const config = node.config ?? {};
  const setConfig = (key: string, value: unknown) => {
    const next = { ...config };
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) delete next[key];
    else next[key] = value;
    apply({ type: "updateNode", id: node.id, config: next }, `config:${node.id}:${key}`);
  };

  return (
    <section className="inspector" aria-label={`Node ${node.id}`}>
      <h3>
        <span className={`wf-chip wf-${node.type}`}>{node.type}</span> <code>{node.id}</code>
      </h3>
      <fieldset>
        <legend>Label</legend>
        {locales.map((locale) => (
          <label key={locale} className="field inline">
            <span className="locale-tag">{locale.toUpperCase()}</span>
            <input
              value={node.label?.[locale] ?? ""}
              aria-label={`Label (${locale})`}
              onChange={(e) => {
                const label = { ...(node.label ?? {}), [locale]: e.target.value };
                if (!e.target.value) delete label[locale];
                apply({ type: "updateNode", id: node.id, label }, `label:${node.id}:${locale}`);
              }}
            />
          </label>
        ))}
      </fieldset>
      {(CONFIG_FIELDS[node.type] ?? []).map(({ key, label, list }) => {
        const value = config[key];
        const text = Array.isArray(value) ? value.join(", ") : typeof value === "string" ? value : "";
        return (
          <label key={key} className="field">
            {label}
            <input
              value={text}
              list={node.type === "email" && key === "template" ? "email-templates" : undefined}
              onChange={(e) =>
                setConfig(
                  key,
                  list
                    ? e.target.value
                        .split(",")
                        .map((s) => s.trim())
                        .filter(Boolean)
                    : e.target.value,
                )
              }
            />
          </label>
        );
      })}
      <datalist id="email-templates">
        {emails.map((e) => (
          <option key={e} value={e} />
        ))}
      </datalist>
      {node.type === "update" && <ConfigJson node={node} />}
      <Connections node={node} graph={graph} />
      <button type="button" className="button danger" onClick={() => apply({ type: "removeNodes", ids: [node.id] })}>
        Delete node
      </button>
    </section>
  );
}

function ConfigJson({ node }: { node: WorkflowNode }) {
  const apply = useWorkflowStore((s) => s.apply);
  const formatted = JSON.stringify(node.config?.set ?? {}, null, 2);
  const [text, setText] = useState(formatted);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(formatted), [formatted]);
  return (
    <label className="field">
      Fields to set (JSON)
      <textarea
        className="code"
        rows={4}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            apply(
              { type: "updateNode", id: node.id, config: { ...(node.config ?? {}), set: JSON.parse(e.target.value) } },
              `config:${node.id}:set`,
            );
            setError(null);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && <span className="error-text">{error}</span>}
    </label>
  );
}

function Connections({ node, graph }: { node: WorkflowNode; graph: WorkflowGraph }) {
  const apply = useWorkflowStore((s) => s.apply);
  const outputs = outputsOf(node.type);
  if (!outputs.length) return <p className="muted">An end node has no outputs.</p>;
  return (
    <fieldset className="connections">
      <legend>Next steps</legend>
      {outputs.map((branch) => {
        const edge = graph.edges.find((e) => e.source === node.id && e.branch === branch);
        const label = branch ? `When ${branch}` : "Then";
        return (
          <label key={branch ?? "next"} className="field inline">
            <span>{label}</span>
            <select
              aria-label={`${label}: next node`}
              value={edge?.target ?? ""}
              onChange={(e) =>
                e.target.value
                  ? apply({ type: "connect", source: node.id, target: e.target.value, branch })
                  : edge && apply({ type: "removeEdges", ids: [edge.id] })
              }
            >
              <option value="">— none —</option>
              {graph.nodes
                .filter((n) => !connectionProblem(graph, node.id, n.id, branch))
                .map((n) => (
                  <option key={n.id} value={n.id}>
                    {n.id} ({n.type})
                  </option>
                ))}
            </select>
          </label>
        );
      })}
    </fieldset>
  );
}
