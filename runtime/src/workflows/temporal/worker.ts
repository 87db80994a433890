/**
 * The Temporal worker of the Temporal backend: the bundled interpreter workflow plus the
 * runtime's activities, polling the task queue. Needs a reachable server (TEMPORAL_ADDRESS), so
 * it is created only when one is configured (`mono worker`, worker-main.ts, with TEMPORAL_ADDRESS).
 */

import { NativeConnection, Worker, type WorkflowBundleWithSourceMap } from "@temporalio/worker";
import type { PlanActivities } from "./activities.ts";
import type { TemporalOptions } from "./backend.ts";
import { bundleInterpreter } from "./bundle.ts";

export interface TemporalWorkerHandle {
  readonly worker: Worker;
  /** Runs until `shutdown()`; resolves when the worker has drained. */
  run(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Connects to the server, bundles the interpreter (unless a bundle is given) and creates the
 * worker. Null when Temporal is not configured.
 */
export async function createTemporalWorker(
  options: TemporalOptions | null,
  activities: PlanActivities,
  bundle?: WorkflowBundleWithSourceMap,
): Promise<TemporalWorkerHandle | null> {
  if (options === null) return null;
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      workflowBundle: bundle ?? (await bundleInterpreter()),
      activities: { ...activities },
    });
    return {
      worker,
      run: async () => {
        try {
          await worker.run();
        } finally {
          await connection.close();
        }
      },
      shutdown: async () => worker.shutdown(),
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
