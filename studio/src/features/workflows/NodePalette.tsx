import type { WorkflowNodeType } from "../../core/registry-types.ts";
import { NODE_TYPES } from "../../core/workflow-graph.ts";

export const DRAG_TYPE = "application/x-mono-workflow-node";

const HINTS: Record<WorkflowNodeType, string> = {
  trigger: "Starts a run",
  condition: "Branches true / false",
  approval: "Approved / rejected",
  wait: "Timer or event",
  email: "Sends an email",
  update: "Writes fields",
  webhook: "Calls a URL",
  assign: "Assigns to a role",
  state: "Sets the status",
  subworkflow: "Runs another workflow",
  signal: "Wakes waiting runs",
  payment: "Captures, releases or refunds a payment",
  end: "Finishes the run",
};

/** Node types: click (or Enter) adds one to the canvas, or drag one onto it. */
export function NodePalette({ onAdd }: { onAdd(type: WorkflowNodeType): void }) {
  return (
    <div className="palette" role="toolbar" aria-label="Add a node">
      {NODE_TYPES.map((type) => (
        <button
          key={type}
          type="button"
          className={`palette-item wf-${type}`}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(DRAG_TYPE, type);
            e.dataTransfer.effectAllowed = "move";
          }}
          onClick={() => onAdd(type)}
        >
          {/* Named "Add <type> node …" with the visible words in it (WCAG 2.5.3 label in name). */}
          <span className="sr-only">Add </span>
          <span className="palette-name">
            {type}
            <span className="sr-only"> node</span>
          </span>
          <span className="palette-hint">{HINTS[type]}</span>
        </button>
      ))}
    </div>
  );
}
