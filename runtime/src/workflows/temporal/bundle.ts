/**
 * Bundles the interpreter workflow (workflows.ts and what it imports: the plan contract, the
 * expression language) into the code a Temporal worker runs in its sandbox. ~1.7 s: bundle once
 * per process (the worker) or per test file.
 */

import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from "@temporalio/worker";
import { fileURLToPath } from "node:url";

/** The bundle entry: the only workflow module. */
export const WORKFLOWS_PATH = fileURLToPath(new URL("./workflows.ts", import.meta.url));

/** `interceptorModules`: workflow interceptor modules bundled along (tests capture commands with one). */
export async function bundleInterpreter(
  options: { interceptorModules?: string[] } = {},
): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: options.interceptorModules,
    logger: quietLogger,
  });
}

/** The bundler logs every webpack step at info; only problems matter. */
const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ""),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ""),
};
