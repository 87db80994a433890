import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import type { WorkflowNodeType } from "../../core/registry-types.ts";
import { issuesByNode, type WorkflowIssue } from "../../core/workflow-checks.ts";
import {
  connectionProblem,
  defaultConfig,
  nextNodeId,
  placeNewNode,
  type WorkflowGraph,
} from "../../core/workflow-graph.ts";
import { useWorkflowStore } from "../../store/workflow-store.ts";
import { nodeDetail } from "./node-summary.ts";
import { DRAG_TYPE } from "./NodePalette.tsx";
import { branchOf, handleId, WorkflowNodeView, type WorkflowNodeData } from "./WorkflowNodeView.tsx";

const NODE_TYPES = { workflow: WorkflowNodeView };

interface WorkflowCanvasProps {
  graph: WorkflowGraph;
  issues: WorkflowIssue[];
  locale: string;
  /** Set by the page: the palette adds nodes through this canvas's viewport. */
  onReady(add: (type: WorkflowNodeType) => void): void;
}

/**
 * React Flow over the workflow store: the graph is the store's; React Flow's change objects are
 * translated into workflow changes (so every edit is undoable), except measurements, kept here.
 */
export function WorkflowCanvas({ graph, issues, locale, onReady }: WorkflowCanvasProps) {
  const { apply, select, selectedNodes, selectedEdges, removeSelection } = useWorkflowStore();
  const { screenToFlowPosition, fitView } = useReactFlow();
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const dragSession = useRef(0);
  const wrapper = useRef<HTMLDivElement>(null);

  const add = useCallback(
    (type: WorkflowNodeType, at?: { x: number; y: number }) => {
      const id = nextNodeId(graph, type);
      const config = defaultConfig(type);
      apply({
        type: "addNode",
        node: {
          id,
          type,
          position: at ?? placeNewNode(graph, selectedNodes[0] ?? null),
          ...(config ? { config } : {}),
        },
      });
      select([id], []);
      // Keep the new node in view (after React Flow has measured it).
      if (!at) setTimeout(() => void fitView({ padding: 0.2, duration: 150 }), 30);
    },
    [graph, apply, select, selectedNodes, fitView],
  );
  onReady(add);

  const byNode = useMemo(() => issuesByNode(issues), [issues]);
  const nodes: Node<WorkflowNodeData>[] = graph.nodes.map((n) => ({
    id: n.id,
    type: "workflow",
    position: n.position,
    selected: selectedNodes.includes(n.id),
    ...(measured[n.id] ? { measured: measured[n.id] } : {}),
    ariaLabel: `${n.type} node ${n.id}`,
    data: {
      type: n.type,
      title: n.label?.[locale] ?? Object.values(n.label ?? {})[0] ?? n.id,
      detail: nodeDetail(n),
      issues: byNode.get(n.id) ?? [],
    },
  }));
  const edges: Edge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    sourceHandle: handleId(e.branch),
    targetHandle: "in",
    label: e.branch ?? undefined,
    selected: selectedEdges.includes(e.id),
    markerEnd: { type: MarkerType.ArrowClosed },
    className: e.branch ? `branch-${e.branch}` : undefined,
  }));

  const onNodesChange = (changes: NodeChange<Node<WorkflowNodeData>>[]) => {
    let selection: string[] | null = null;
    for (const change of changes) {
      if (change.type === "dimensions" && change.dimensions) {
        const { width, height } = change.dimensions;
        setMeasured((m) =>
          m[change.id]?.width === width && m[change.id]?.height === height
            ? m
            : { ...m, [change.id]: { width, height } },
        );
      } else if (change.type === "position" && change.position) {
        // One undo step per drag (a drag sends dozens of position changes).
        apply(
          { type: "moveNode", id: change.id, position: change.position },
          `drag:${dragSession.current}:${change.id}`,
        );
      } else if (change.type === "select") {
        selection ??= [...selectedNodes];
        selection = change.selected
          ? [...new Set([...selection, change.id])]
          : selection.filter((id) => id !== change.id);
      }
    }
    if (selection) select(selection, selectedEdges);
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    let selection: string[] | null = null;
    for (const change of changes) {
      if (change.type !== "select") continue;
      selection ??= [...selectedEdges];
      selection = change.selected
        ? [...new Set([...selection, change.id])]
        : selection.filter((id) => id !== change.id);
    }
    if (selection) select(selectedNodes, selection);
  };
  const isValidConnection = (c: Connection | Edge) =>
    !connectionProblem(graph, c.source, c.target, branchOf(c.sourceHandle));
  const onConnect = (c: Connection) =>
    apply({ type: "connect", source: c.source, target: c.target, branch: branchOf(c.sourceHandle) });

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(DRAG_TYPE) as WorkflowNodeType;
    if (!type) return;
    event.preventDefault();
    add(type, screenToFlowPosition({ x: event.clientX - 90, y: event.clientY - 30 }));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (
      (event.key === "Delete" || event.key === "Backspace") &&
      !(event.target instanceof HTMLInputElement) &&
      (selectedNodes.length || selectedEdges.length)
    ) {
      event.preventDefault();
      removeSelection();
    }
  };

  return (
    <div className="canvas" ref={wrapper} onDrop={onDrop} onDragOver={(e) => e.preventDefault()} onKeyDown={onKeyDown}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => (dragSession.current += 1)}
        deleteKeyCode={null}
        fitView
        minZoom={0.2}
        aria-label="Workflow canvas"
      >
        <Background />
        <Controls />
      </ReactFlow>
    </div>
  );
}
