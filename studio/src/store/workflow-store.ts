import { create } from "zustand";
import { createHistory, record, redo, undo, type History } from "../core/history.ts";
import type { RawWorkflow } from "../core/registry-types.ts";
import {
  applyWorkflowChange,
  graphFromWorkflow,
  workflowFromGraph,
  type WorkflowChange,
  type WorkflowGraph,
} from "../core/workflow-graph.ts";

interface WorkflowStore {
  /** `template/workflow` being edited. */
  key: string | null;
  meta: Omit<RawWorkflow, "nodes" | "edges"> | null;
  history: History<WorkflowGraph>;
  selectedNodes: string[];
  selectedEdges: string[];
  open(key: string, workflow: RawWorkflow): void;
  apply(change: WorkflowChange, coalesce?: string): void;
  select(nodes: string[], edges: string[]): void;
  /** Deletes what is selected (the Delete key). */
  removeSelection(): void;
  undo(): void;
  redo(): void;
  toWorkflow(): RawWorkflow | null;
}

const EMPTY: WorkflowGraph = { nodes: [], edges: [] };

/** The workflow editor: a graph with undo history over pure `applyWorkflowChange`. */
export const useWorkflowStore = create<WorkflowStore>((set, get) => ({
  key: null,
  meta: null,
  history: createHistory(EMPTY),
  selectedNodes: [],
  selectedEdges: [],
  open(key, workflow) {
    const { nodes: _n, edges: _e, ...meta } = workflow;
    set({ key, meta, history: createHistory(graphFromWorkflow(workflow)), selectedNodes: [], selectedEdges: [] });
  },
  apply(change, coalesce) {
    const history = get().history;
    set({ history: record(history, applyWorkflowChange(history.present, change), coalesce ?? null) });
  },
  select(nodes, edges) {
    set({ selectedNodes: nodes, selectedEdges: edges });
  },
  removeSelection() {
    const { selectedNodes, selectedEdges, history } = get();
    let graph = history.present;
    if (selectedEdges.length) graph = applyWorkflowChange(graph, { type: "removeEdges", ids: selectedEdges });
    if (selectedNodes.length) graph = applyWorkflowChange(graph, { type: "removeNodes", ids: selectedNodes });
    set({ history: record(history, graph), selectedNodes: [], selectedEdges: [] });
  },
  undo() {
    set({ history: undo(get().history) });
  },
  redo() {
    set({ history: redo(get().history) });
  },
  toWorkflow() {
    const { meta, history } = get();
    return meta ? workflowFromGraph(meta, history.present) : null;
  },
}));
