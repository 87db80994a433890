import {
  instancesQuery,
  type Decision,
  type InstanceDetail,
  type InstanceFilter,
  type InstancePage,
  type WorkflowDefinition,
  type WorkflowTask,
} from "../core/workflow-runs.ts";
import { requestJson } from "./http.ts";

/** The tenant's workflow API (runtime/src/workflows/workflow-routes.ts). */
const WORKFLOWS = "/api/v1/tenant/workflows";
const id = (value: string) => encodeURIComponent(value);

export const listWorkflows = (signal?: AbortSignal) =>
  requestJson<{ data: WorkflowDefinition[] }>(WORKFLOWS, { signal }).then((r) => r.data);

/** Manual start; `key`: a second start with the same key returns the first instance. */
export const startInstance = (
  workflow: string,
  body: { recordId?: string; input?: Record<string, unknown>; key?: string },
) => requestJson<{ id: string; created: boolean }>(`${WORKFLOWS}/${id(workflow)}/instances`, { method: "POST", body });

export const listInstances = (
  filter: InstanceFilter,
  options: { limit?: number; cursor?: string | null } = {},
  signal?: AbortSignal,
) => requestJson<InstancePage>(`${WORKFLOWS}/instances?${instancesQuery(filter, options)}`, { signal });

/** The instance and its timeline (every step), and its human tasks. */
export const getInstance = (instanceId: string, signal?: AbortSignal) =>
  requestJson<InstanceDetail>(`${WORKFLOWS}/instances/${id(instanceId)}`, { signal });

export const cancelInstance = (instanceId: string) =>
  requestJson<{ status: string }>(`${WORKFLOWS}/instances/${id(instanceId)}/cancel`, { method: "POST" });

export const retryInstance = (instanceId: string) =>
  requestJson<{ status: string }>(`${WORKFLOWS}/instances/${id(instanceId)}/retry`, { method: "POST" });

/** The signed-in user's open tasks (the inbox). */
export const listMyTasks = (signal?: AbortSignal) =>
  requestJson<{ data: WorkflowTask[] }>(`${WORKFLOWS}/tasks`, { signal }).then((r) => r.data);

export const decideTask = (taskId: string, decision: Decision, comment: string) =>
  requestJson<{ status: string; decisions: unknown[] }>(`${WORKFLOWS}/tasks/${id(taskId)}/decision`, {
    method: "POST",
    body: comment.trim() ? { decision, comment } : { decision },
  });
