import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import type { WorkflowIR } from "../ir/types.ts";
import { compensationNodes, isPausing, planWorkflow, workflowEntity } from "../workflows/compile-plan.ts";
import type { CheckContext } from "./check-context.ts";

/**
 * Graph shape, the binding to an entity, loops that never pause, and every node's config and
 * branches (through the plan compiler, engine/src/workflows/compile-plan.ts: what passes here
 * compiles).
 */
export function checkWorkflows({ raw, ir, report }: CheckContext): void {
  for (const workflow of ir.workflows) {
    const named = raw.workflows?.[workflow.name]?.entity;
    const entity = workflowEntity(ir, workflow);
    if (workflow.entity && !entity) {
      report(
        diagnostic(
          "ENG_WORKFLOW_ENTITY_UNKNOWN",
          ptr(workflow.pointer, "entity"),
          `Entity "${workflow.entity}" does not exist.`,
          closestName(
            workflow.entity,
            ir.entities.map((e) => e.name),
          )
            ? `Did you mean "${closestName(
                workflow.entity,
                ir.entities.map((e) => e.name),
              )}"?`
            : undefined,
        ),
      );
    }
    // The entity whose status field names this workflow is the one its runs move; a workflow
    // that says it runs on another entity would drive a status field that entity does not have.
    for (const bound of ir.entities.filter((e) => e.status?.workflow === workflow.name)) {
      if (named && bound.name !== named) {
        report(
          diagnostic(
            "ENG_WORKFLOW_ENTITY_MISMATCH",
            ptr(workflow.pointer, "entity"),
            `The workflow says it runs on "${named}", but "${bound.name}" binds it through its status field "${bound.status!.field}".`,
            `Use "entity": "${bound.name}", or bind the workflow from "${named}".`,
          ),
        );
      }
    }
    const nodeIds = new Set<string>();
    for (const node of workflow.nodes) {
      if (nodeIds.has(node.id))
        report(
          diagnostic("ENG_WORKFLOW_DUPLICATE_NODE", ptr(node.pointer, "id"), `Node id "${node.id}" is used twice.`),
        );
      nodeIds.add(node.id);
    }
    const edgeIds = new Set<string>();
    for (const edge of workflow.edges) {
      if (edgeIds.has(edge.id))
        report(
          diagnostic("ENG_WORKFLOW_DUPLICATE_NODE", ptr(edge.pointer, "id"), `Edge id "${edge.id}" is used twice.`),
        );
      edgeIds.add(edge.id);
      for (const end of ["source", "target"] as const) {
        if (!nodeIds.has(edge[end])) {
          const guess = closestName(edge[end], [...nodeIds]);
          report(
            diagnostic(
              "ENG_WORKFLOW_EDGE_UNKNOWN_NODE",
              ptr(edge.pointer, end),
              `Edge "${edge.id}" ${end} "${edge[end]}" is not a node of this workflow.`,
              guess ? `Did you mean "${guess}"?` : undefined,
            ),
          );
        }
      }
    }
    if (workflow.nodes.length === 0) continue;

    const triggers = workflow.nodes.filter((n) => n.type === "trigger");
    if (triggers.length === 0) {
      report(
        diagnostic(
          "ENG_WORKFLOW_NO_TRIGGER",
          ptr(workflow.pointer, "nodes"),
          "The workflow has no trigger node, so it never starts.",
          'Add a node with "type": "trigger".',
        ),
      );
    }
    const reachable = reachableFrom(
      triggers.map((t) => t.id),
      workflow,
    );
    const compensating = compensationNodes(workflow);
    for (const node of workflow.nodes) {
      if (triggers.length && !reachable.has(node.id) && !compensating.has(node.id)) {
        report(
          diagnostic(
            "ENG_WORKFLOW_UNREACHABLE",
            node.pointer,
            `Node "${node.id}" cannot be reached from a trigger.`,
            "Connect it, or delete it.",
          ),
        );
      }
    }
    for (const d of planWorkflow(workflow, ir).diagnostics) report(d);
    const loop = findLoopWithoutPause(workflow);
    if (loop) {
      report(
        diagnostic(
          "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT",
          ptr(workflow.pointer, "edges"),
          `Nodes ${loop.join(" → ")} loop without a wait, state or approval step.`,
          "Add a wait node in the loop, or break it.",
        ),
      );
    }
  }
}

function reachableFrom(starts: string[], workflow: WorkflowIR): Set<string> {
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length) {
    const id = queue.shift()!;
    for (const edge of workflow.edges) {
      if (edge.source === id && !seen.has(edge.target)) {
        seen.add(edge.target);
        queue.push(edge.target);
      }
    }
  }
  return seen;
}

/** A directed cycle none of whose nodes pauses, as a list of node ids; null when none. */
function findLoopWithoutPause(workflow: WorkflowIR): string[] | null {
  const pausing = new Set(workflow.nodes.filter((n) => isPausing(n, workflow)).map((n) => n.id));
  const next = (id: string) =>
    workflow.edges.filter((e) => e.source === id && !pausing.has(e.target)).map((e) => e.target);
  const state = new Map<string, "open" | "done">();
  const visit = (id: string, path: string[]): string[] | null => {
    state.set(id, "open");
    for (const target of next(id)) {
      if (state.get(target) === "open") return [...path.slice(path.indexOf(target)), target];
      if (!state.has(target)) {
        const found = visit(target, [...path, target]);
        if (found) return found;
      }
    }
    state.set(id, "done");
    return null;
  };
  for (const node of workflow.nodes) {
    if (!pausing.has(node.id) && !state.has(node.id)) {
      const found = visit(node.id, [node.id]);
      if (found) return found;
    }
  }
  return null;
}
