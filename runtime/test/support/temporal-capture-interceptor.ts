/**
 * A workflow interceptor module for replay tests (bundled with the interpreter in tests only): it
 * reports every activity the workflow schedules (type and arguments) and every timer and child workflow it starts
 * through the `capture` sink, so a test can read what a replayed run asked the runtime to do —
 * the values an update writes, the task's due time — which the replay itself does not compare.
 */
import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from "@temporalio/workflow";

export interface CaptureSinks extends Sinks {
  capture: {
    activity(type: string, args: unknown[], maximumAttempts: number | null): void;
    timer(ms: number): void;
    child(workflowId: string, args: unknown[], parentClosePolicy: string | null): void;
  };
}

const { capture } = proxySinks<CaptureSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      scheduleActivity(input, next) {
        capture.activity(input.activityType, input.args, input.options.retry?.maximumAttempts ?? null);
        return next(input);
      },
      startChildWorkflowExecution(input, next) {
        const policy = input.options.parentClosePolicy;
        capture.child(input.options.workflowId, input.options.args ?? [], policy === undefined ? null : String(policy));
        return next(input);
      },
      startTimer(input, next) {
        capture.timer(input.durationMs);
        return next(input);
      },
    },
  ],
});
