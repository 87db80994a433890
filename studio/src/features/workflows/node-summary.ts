import type { WorkflowNode } from "../../core/workflow-graph.ts";

/** A node's one-line description on the canvas (what it does, from its config). */
export function nodeDetail(node: WorkflowNode): string {
  const c = node.config ?? {};
  const text = (v: unknown) =>
    Array.isArray(v) ? v.join(", ") : v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  switch (node.type) {
    case "trigger":
      return c.on ? `on ${text(c.on)}` : "";
    case "state":
      return c.status ? `status = ${text(c.status)}` : "";
    case "condition":
      return text(c.expression);
    case "approval":
      return [c.roles && `by ${text(c.roles)}`, c.timeout && `within ${text(c.timeout)}`].filter(Boolean).join(" ");
    case "wait":
      return text(c.until ?? c.duration);
    case "email":
      return c.template ? `send ${text(c.template)}` : "";
    case "update":
      return c.set ? `set ${Object.keys(c.set as object).join(", ")}` : "";
    case "webhook":
      return text(c.url);
    case "assign":
      return text(c.role ?? c.user);
    default:
      return "";
  }
}
