import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import type { WorkflowIssue } from "../../core/workflow-checks.ts";
import { hasInput, outputsOf } from "../../core/workflow-graph.ts";
import type { WorkflowNodeType } from "../../core/registry-types.ts";

export type WorkflowNodeData = {
  type: WorkflowNodeType;
  title: string;
  detail: string;
  issues: WorkflowIssue[];
  /** The node's part in the run shown on the canvas (`wf-run-done`, `wf-run-current`, `wf-run-failed`), or "". */
  run?: string;
};

export const OUT_HANDLE = "out";
export const handleId = (branch: string | null) => branch ?? OUT_HANDLE;
export const branchOf = (handle: string | null | undefined) => (!handle || handle === OUT_HANDLE ? null : handle);

/** A workflow step: typed input/output handles (condition true/false, approval approved/rejected) and its problems. */
export function WorkflowNodeView({ data, selected }: NodeProps<Node<WorkflowNodeData>>) {
  const outputs = outputsOf(data.type);
  const errors = data.issues.filter((i) => i.severity === "error");
  const className = [
    "wf-node",
    `wf-${data.type}`,
    selected ? "selected" : "",
    errors.length ? "invalid" : data.issues.length ? "warned" : "",
    data.run ?? "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={className} title={data.issues.map((i) => i.message).join("\n") || undefined}>
      {hasInput(data.type) && <Handle type="target" position={Position.Left} id="in" />}
      <span className="wf-type">{data.type}</span>
      {data.run === "wf-run-current" && <span className="wf-run-chip">Current step</span>}
      <strong className="wf-title">{data.title}</strong>
      {data.detail && <span className="wf-detail">{data.detail}</span>}
      {data.issues.length > 0 && (
        <ul className="wf-issues">
          {data.issues.map((issue, i) => (
            <li key={i} className={issue.severity}>
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      {outputs.map((branch, i) => (
        <Handle
          key={handleId(branch)}
          type="source"
          position={Position.Right}
          id={handleId(branch)}
          className={branch ? `branch branch-${branch}` : undefined}
          style={{ top: `${((i + 1) * 100) / (outputs.length + 1)}%` }}
        >
          {branch && <span className="handle-label">{branch}</span>}
        </Handle>
      ))}
    </div>
  );
}
