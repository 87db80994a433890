import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  Panel,
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
import { runNodeClass, runNodeState, type RunPath } from "../../core/workflow-runs.ts";
import {
  connectionProblem,
  defaultConfig,
  nextNodeId,
  placeNewNode,
  tidyWorkflow,
  type WorkflowGraph,
} from "../../core/workflow-graph.ts";
import { useWorkflowStore } from "../../store/workflow-store.ts";
import { nodeDetail } from "./node-summary.ts";
import { DRAG_TYPE } from "./NodePalette.tsx";
import { branchOf, handleId, WorkflowNodeView, type WorkflowNodeData } from "./WorkflowNodeView.tsx";

const NODE_TYPES = { workflow: WorkflowNodeView };

/**
 * The canvas never zooms out further than this: node labels (0.8rem type, 0.85rem title) stay at
 * 9 px and more on screen. A large workflow is browsed with the minimap and "Find a node" instead.
 */
export const MIN_ZOOM = 0.75;
const FIT = { padding: 0.2, minZoom: MIN_ZOOM } as const;

interface WorkflowCanvasProps {
  graph: WorkflowGraph;
  issues: WorkflowIssue[];
  locale: string;
  /** A run to show on the graph: its completed steps, the node it stands at, the edges it took. */
  run?: RunPath | null;
  /**
   * Set by the page: the palette adds nodes through this canvas's viewport; "Tidy up" lays the
   * graph out with the nodes' rendered sizes.
   */
  onReady(add: (type: WorkflowNodeType) => void, tidy: () => void): void;
}

/**
 * React Flow over the workflow store: the graph is the store's; React Flow's change objects are
 * translated into workflow changes (so every edit is undoable), except measurements, kept here.
 */
export function WorkflowCanvas({ graph, issues, locale, run = null, onReady }: WorkflowCanvasProps) {
  const { apply, select, selectedNodes, selectedEdges, removeSelection } = useWorkflowStore();
  const { screenToFlowPosition, fitView, setCenter, getZoom } = useReactFlow();
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
      if (!at) setTimeout(() => void fitView({ ...FIT, duration: 150 }), 30);
    },
    [graph, apply, select, selectedNodes, fitView],
  );
  const tidy = useCallback(() => {
    const heights = Object.fromEntries(Object.entries(measured).map(([id, size]) => [id, size.height]));
    apply({ type: "replace", graph: tidyWorkflow(graph, heights) });
    setTimeout(() => void fitView({ ...FIT, duration: 150 }), 30);
  }, [graph, measured, apply, fitView]);
  onReady(add, tidy);

  const byNode = useMemo(() => issuesByNode(issues), [issues]);
  const nodes: Node<WorkflowNodeData>[] = graph.nodes.map((n) => ({
    id: n.id,
    type: "workflow",
    position: n.position,
    selected: selectedNodes.includes(n.id),
    ...(measured[n.id] ? { measured: measured[n.id] } : {}),
    ariaLabel: [`${n.type} node ${n.id}`, runNodeState(run, n.id)].filter(Boolean).join(", "),
    data: {
      run: runNodeClass(run, n.id),
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
    className:
      [e.branch ? `branch-${e.branch}` : "", run?.edges.has(e.id) ? "wf-run-path" : ""].filter(Boolean).join(" ") ||
      undefined,
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

  /** "Find a node": select it, bring it to the middle of the canvas and focus it. */
  const find = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    if (!node) return;
    select([id], []);
    const size = measured[id] ?? { width: 200, height: 80 };
    void setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, {
      zoom: Math.max(getZoom(), 1),
      duration: 150,
    });
    setTimeout(
      () => wrapper.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.focus(),
      200,
    );
  };
  const findOptions = useMemo(
    () =>
      nodes
        .map((n) => ({
          id: n.id,
          text: n.data.title === n.id ? `${n.id} (${n.data.type})` : `${n.data.title} (${n.id})`,
        }))
        .sort((a, b) => a.text.localeCompare(b.text)),
    [nodes],
  );

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
        fitViewOptions={FIT}
        minZoom={MIN_ZOOM}
        aria-label="Workflow canvas"
      >
        <Background />
        <Controls />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Workflow overview"
          nodeClassName={(n) => `wf-${(n.data as WorkflowNodeData).type}`}
        />
        <Panel position="top-left" className="canvas-find">
          <label className="compact-label">
            <span className="sr-only">Find a node</span>
            <select value="" onChange={(e) => find(e.target.value)} aria-label="Find a node">
              <option value="">Find a node…</option>
              {findOptions.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.text}
                </option>
              ))}
            </select>
          </label>
        </Panel>
      </ReactFlow>
    </div>
  );
}
