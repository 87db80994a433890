/**
 * The Temporal backend's client seam (runtime/src/workflows/temporal/backend.ts) and worker
 * factory: nothing is created without TEMPORAL_ADDRESS; with it, the backend is created without
 * dialing (a lazy connection). No Temporal server can run here (STACK.md §6), so what the backend
 * sends is checked against a recording STAND-IN of @temporalio/client's WorkflowClient.
 */
import { describe, expect, it } from "vitest";
import { WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import {
  ClientTemporalBackend,
  createTemporalBackend,
  temporalOptionsFromEnv,
  type WorkflowClientPort,
} from "../src/workflows/temporal/backend.ts";
import { createTemporalWorker } from "../src/workflows/temporal/worker.ts";
import type { InterpreterInput } from "../src/workflows/temporal/messages.ts";
import type { PlanActivities } from "../src/workflows/temporal/activities.ts";

const input: InterpreterInput = {
  plan: {
    name: "ticket",
    id: "ticket",
    version: "v7",
    entity: "ticket",
    statusField: null,
    start: "e",
    nodes: { e: { id: "e", kind: "end", outcome: "closed" } },
    compensations: {},
  },
  run: { tenantId: "t-1", instanceId: "i-1", workflow: "ticket", version: "v7", entity: "ticket", recordId: "r-1" },
  trigger: { on: "manual" },
};

/** A recording stand-in of WorkflowClient: started workflow ids, and every handle call. */
function recordingClient() {
  const started = new Set<string>();
  const calls: unknown[][] = [];
  const port: WorkflowClientPort = {
    async start(workflowType, options) {
      calls.push(["start", workflowType, options]);
      if (started.has(options.workflowId))
        throw new WorkflowExecutionAlreadyStartedError("already started", options.workflowId, workflowType);
      started.add(options.workflowId);
      return { workflowId: options.workflowId, firstExecutionRunId: `run-${started.size}` };
    },
    getHandle(workflowId) {
      return {
        signal: async (definition, ...args) => void calls.push(["signal", workflowId, definition.name, ...args]),
        cancel: async () => void calls.push(["cancel", workflowId]),
        queryWorkflow: async <T>(definition: { name: string }) => {
          calls.push(["query", workflowId, definition.name]);
          return { status: "waiting" } as T;
        },
        result: async () => ({ outcome: "closed", nodeId: "e", steps: 1 }),
      };
    },
  };
  return { port, calls };
}

describe("configuration", () => {
  it("without TEMPORAL_ADDRESS there are no options, no backend and no worker", async () => {
    expect(temporalOptionsFromEnv({})).toBeNull();
    expect(temporalOptionsFromEnv({ TEMPORAL_ADDRESS: "  " })).toBeNull();
    expect(createTemporalBackend(null)).toBeNull();
    await expect(createTemporalWorker(null, {} as PlanActivities)).resolves.toBeNull();
  });

  it("reads the address, namespace and task queue (with defaults)", () => {
    expect(temporalOptionsFromEnv({ TEMPORAL_ADDRESS: "temporal:7233" })).toEqual({
      address: "temporal:7233",
      namespace: "default",
      taskQueue: "mono-workflows",
    });
    expect(
      temporalOptionsFromEnv({
        TEMPORAL_ADDRESS: "temporal:7233",
        TEMPORAL_NAMESPACE: "market",
        MONO_TEMPORAL_TASK_QUEUE: "wf-eu",
      }),
    ).toEqual({ address: "temporal:7233", namespace: "market", taskQueue: "wf-eu" });
  });

  it("creates the backend without dialing the server (the connection is lazy)", async () => {
    // Nothing listens on port 1: an eager connection would fail here.
    const backend = createTemporalBackend({ address: "127.0.0.1:1", namespace: "default", taskQueue: "q" });
    expect(backend).not.toBeNull();
    expect(backend!.taskQueue).toBe("q");
    await backend!.close();
  });

  it("the worker dials the configured address and fails fast when nothing answers", async () => {
    const error = await createTemporalWorker(
      { address: "127.0.0.1:1", namespace: "default", taskQueue: "q" },
      {} as PlanActivities,
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/127\.0\.0\.1:1.*refused|refused.*127\.0\.0\.1:1/is);
  });
});

describe("ClientTemporalBackend", () => {
  it("starts interpretPlan with the plan as input, under the instance's workflow id, once", async () => {
    const { port, calls } = recordingClient();
    const backend = new ClientTemporalBackend(port, "mono-workflows");
    await expect(backend.start(input)).resolves.toEqual({ workflowId: "mono/t-1/i-1", runId: "run-1" });
    await expect(backend.start(input)).resolves.toEqual({ workflowId: "mono/t-1/i-1", runId: null });
    expect(calls[0]).toEqual([
      "start",
      "interpretPlan",
      { taskQueue: "mono-workflows", workflowId: "mono/t-1/i-1", args: [input] },
    ]);
  });

  it("sends each signal by name with its payload, cancels, and queries the state", async () => {
    const { port, calls } = recordingClient();
    const backend = new ClientTemporalBackend(port, "mono-workflows");
    const ref = { tenantId: "t-1", instanceId: "i-1" };
    const decision = { taskId: "task-1", decision: "approve", comment: "ok", by: "u-1" } as const;
    await backend.signal(ref, { name: "decision", payload: decision });
    await backend.signal(ref, { name: "transition", payload: { name: "publish", by: "u-2" } });
    await backend.signal(ref, { name: "event", payload: { name: "paid", payload: { amount: 3 } } });
    await backend.signal(ref, { name: "recordChanged" });
    await backend.cancel({ tenantId: "t-2", instanceId: "i-1" });
    await expect(backend.state(ref)).resolves.toEqual({ status: "waiting" });
    await expect(backend.result(ref)).resolves.toEqual({ outcome: "closed", nodeId: "e", steps: 1 });
    expect(calls).toEqual([
      ["signal", "mono/t-1/i-1", "decision", decision],
      ["signal", "mono/t-1/i-1", "transition", { name: "publish", by: "u-2" }],
      ["signal", "mono/t-1/i-1", "event", { name: "paid", payload: { amount: 3 } }],
      ["signal", "mono/t-1/i-1", "recordChanged"],
      ["cancel", "mono/t-2/i-1"],
      ["query", "mono/t-1/i-1", "state"],
    ]);
  });
});
