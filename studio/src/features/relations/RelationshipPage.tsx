import {
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  type Edge,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useMemo } from "react";
import { pickLabel } from "../../core/labels.ts";
import { layeredLayout } from "../../core/relationship-layout.ts";
import type { StudioEntity } from "../../core/registry-types.ts";
import { findTemplate, useRegistryStore } from "../../store/registry-store.ts";
import { useSessionStore } from "../../store/session-store.ts";
import { Link } from "../shell/Link.tsx";
import { ErrorNote, PageHeader } from "../shell/PageStates.tsx";

type EntityNodeData = { entity: StudioEntity; label: string };

function EntityNode({ data }: NodeProps<Node<EntityNodeData>>) {
  const { entity, label } = data;
  return (
    <div className={`entity-node scope-${entity.scope}`}>
      {/* Referenced entities sit left of the ones that reference them: edges leave on the left. */}
      <Handle type="target" position={Position.Right} />
      <strong>{entity.name}</strong>
      <span className="muted">{label}</span>
      <span className="entity-node-meta">
        {entity.fields.length} fields · {entity.scope}
        {entity.draft ? " · draft" : ""}
      </span>
      <Handle type="source" position={Position.Left} />
    </div>
  );
}

const NODE_TYPES = { entity: EntityNode };

/** Entities as nodes and their many-to-one relations as edges, laid out in layers. */
export function RelationshipPage({ templateId }: { templateId?: string }) {
  const registry = useRegistryStore((s) => s.registry);
  const locale = useSessionStore((s) => s.locale);
  const template = findTemplate(registry, templateId) ?? registry?.templates[0];

  const { nodes, edges } = useMemo(() => {
    if (!template) return { nodes: [], edges: [] };
    const links = template.entities.flatMap((e) =>
      e.relations
        .filter((r) => r.kind === "many-to-one" || r.kind === "many-to-many")
        .map((r) => ({ source: e.name, target: r.target, relation: r })),
    );
    const layout = layeredLayout(
      template.entities.map((e) => e.name),
      links,
    );
    const nodes: Node<EntityNodeData>[] = template.entities.map((e) => ({
      id: e.name,
      type: "entity",
      position: layout.get(e.name) ?? { x: 0, y: 0 },
      data: { entity: e, label: pickLabel(e.label, locale, e.name) },
    }));
    const edges: Edge[] = links.map(({ source, target, relation }) => ({
      id: `${source}.${relation.name}`,
      source,
      target,
      label: relation.name,
      animated: relation.kind === "many-to-many",
      markerEnd: { type: MarkerType.ArrowClosed },
      className: relation.required ? "edge-required" : undefined,
    }));
    return { nodes, edges };
  }, [template, locale]);

  if (!template) return <ErrorNote title="No template">{templateId}</ErrorNote>;
  return (
    <div className="page canvas-page">
      <PageHeader
        title={`Relationships · ${pickLabel(template.title, locale, template.id)}`}
        subtitle={
          <>
            {template.entities.length} entities, {edges.length} relations. Arrows point from the record holding the
            reference to the record it references.{" "}
            <Link to={{ name: "designer", template: template.id }}>Edit in the schema designer</Link>
          </>
        }
      />
      <div className="canvas" aria-label="Entity relationship diagram" role="figure">
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          nodesConnectable={false}
          nodesDraggable
          elementsSelectable
          minZoom={0.1}
        >
          <Background />
          <Controls />
          <MiniMap pannable zoomable nodeColor="#93a4c3" />
        </ReactFlow>
      </div>
      <details className="card">
        <summary>Relations as a list</summary>
        <ul>
          {edges.map((e) => (
            <li key={e.id}>
              {e.source} <code>{String(e.label)}</code> → {e.target}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
