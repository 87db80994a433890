/**
 * Writes Temporal workflow histories by hand, event by event, as the server would record them
 * (the JSON `temporal workflow show --output json` prints). No Temporal server can run on these
 * machines (STACK.md §6), so a test states the history it expects a run to have — which
 * activities, timers and signals in which order, with which results — and `Worker.runReplayHistory`
 * checks that the interpreter issues exactly those commands. The builder keeps the ids and cross
 * references (scheduledEventId, startedEventId, workflowTaskCompletedEventId) right.
 */

const JSON_ENCODING = Buffer.from("json/plain").toString("base64");

interface Payloads {
  payloads: { metadata: { encoding: string }; data: string }[];
}

function payloads(...values: unknown[]): Payloads {
  return {
    payloads: values.map((value) => ({
      metadata: { encoding: JSON_ENCODING },
      data: Buffer.from(JSON.stringify(value)).toString("base64"),
    })),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3).replace(/\.?0+$/, "")}s`;

export interface ActivityRef {
  readonly scheduledEventId: number;
  readonly type: string;
}

export interface TimerRef {
  readonly timerId: string;
  readonly startedEventId: number;
}

export interface ChildRef {
  readonly initiatedEventId: number;
  readonly startedEventId: number;
  readonly workflowId: string;
  readonly workflowType: string;
  readonly runId: string;
}

export interface HistoryOptions {
  readonly workflowType: string;
  readonly input: readonly unknown[];
  readonly taskQueue?: string;
  readonly workflowId?: string;
  /** The first event's time; every later event is a few ms later, or `advance()`d. */
  readonly startTime?: string;
}

export class HistoryBuilder {
  private readonly events: Record<string, unknown>[] = [];
  private readonly taskQueue: { name: string; kind: string };
  private clock: number;
  private lastCompleted = 0;
  private activities = 0;
  private timers = 0;
  private workflowTasks = 0;

  constructor(options: HistoryOptions) {
    this.taskQueue = { name: options.taskQueue ?? "mono-workflows", kind: "TASK_QUEUE_KIND_NORMAL" };
    this.clock = Date.parse(options.startTime ?? "2026-12-01T09:00:00.000Z");
    const runId = "0193a1b2-0000-7000-8000-000000000001";
    this.add("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED", "workflowExecutionStartedEventAttributes", {
      workflowType: { name: options.workflowType },
      taskQueue: this.taskQueue,
      input: payloads(...options.input),
      workflowExecutionTimeout: "0s",
      workflowRunTimeout: "0s",
      workflowTaskTimeout: "10s",
      originalExecutionRunId: runId,
      identity: "test@history-builder",
      firstExecutionRunId: runId,
      attempt: 1,
      firstWorkflowTaskBackoff: "0s",
      header: { fields: {} },
      workflowId: options.workflowId ?? "mono/tenant-1/instance-1",
    });
  }

  /** Moves the clock on (a timer's wait, a human's pause). */
  advance(ms: number): this {
    this.clock += ms;
    return this;
  }

  /** The time the next workflow task starts at: the workflow's `Date.now()` in it. */
  get now(): number {
    return this.clock;
  }

  private add(eventType: string, attributesKey: string, attributes: Record<string, unknown>): number {
    const eventId = this.events.length + 1;
    this.clock += 1;
    this.events.push({
      eventId: String(eventId),
      eventTime: new Date(this.clock).toISOString(),
      eventType,
      taskId: String(1048576 + eventId),
      [attributesKey]: attributes,
    });
    return eventId;
  }

  /** A workflow task (scheduled, started, completed): the commands that follow are its output. */
  workflowTask(): this {
    const scheduled = this.add("EVENT_TYPE_WORKFLOW_TASK_SCHEDULED", "workflowTaskScheduledEventAttributes", {
      taskQueue: this.taskQueue,
      startToCloseTimeout: "10s",
      attempt: 1,
    });
    const started = this.add("EVENT_TYPE_WORKFLOW_TASK_STARTED", "workflowTaskStartedEventAttributes", {
      scheduledEventId: String(scheduled),
      identity: "test@history-builder",
      requestId: `request-${scheduled}`,
      historySizeBytes: String(this.events.length * 400),
    });
    this.workflowTasks += 1;
    this.lastCompleted = this.add("EVENT_TYPE_WORKFLOW_TASK_COMPLETED", "workflowTaskCompletedEventAttributes", {
      scheduledEventId: String(scheduled),
      startedEventId: String(started),
      identity: "test@history-builder",
      // What a 1.24 worker records on its first task: the SDK flags it runs with.
      sdkMetadata:
        this.workflowTasks === 1
          ? { coreUsedFlags: [1, 2, 3], langUsedFlags: [1, 2], sdkName: "temporal-typescript", sdkVersion: "1.24.0" }
          : {},
      meteringMetadata: {},
    });
    return this;
  }

  /** A ScheduleActivityTask command of the last workflow task (activity ids count 1, 2, 3 …). */
  scheduleActivity(type: string, input: unknown, retryMaximumAttempts = 5): ActivityRef {
    this.activities += 1;
    const scheduledEventId = this.add("EVENT_TYPE_ACTIVITY_TASK_SCHEDULED", "activityTaskScheduledEventAttributes", {
      activityId: String(this.activities),
      activityType: { name: type },
      taskQueue: this.taskQueue,
      header: { fields: {} },
      input: payloads(input),
      scheduleToCloseTimeout: "0s",
      scheduleToStartTimeout: "0s",
      startToCloseTimeout: "30s",
      heartbeatTimeout: "0s",
      workflowTaskCompletedEventId: String(this.lastCompleted),
      retryPolicy: {
        initialInterval: "1s",
        backoffCoefficient: 2,
        maximumInterval: "60s",
        maximumAttempts: retryMaximumAttempts,
      },
    });
    return { scheduledEventId, type };
  }

  private startActivity(activity: ActivityRef, attempt: number): number {
    return this.add("EVENT_TYPE_ACTIVITY_TASK_STARTED", "activityTaskStartedEventAttributes", {
      scheduledEventId: String(activity.scheduledEventId),
      identity: "test@history-builder",
      requestId: `activity-${activity.scheduledEventId}`,
      attempt,
    });
  }

  /** The activity ran (once) and returned `result` (`undefined`: a void activity). */
  completeActivity(activity: ActivityRef, result?: unknown): this {
    const started = this.startActivity(activity, 1);
    this.add("EVENT_TYPE_ACTIVITY_TASK_COMPLETED", "activityTaskCompletedEventAttributes", {
      ...(result === undefined ? {} : { result: payloads(result) }),
      scheduledEventId: String(activity.scheduledEventId),
      startedEventId: String(started),
      identity: "test@history-builder",
    });
    return this;
  }

  /** The activity failed on its last allowed attempt: the retry policy is spent. */
  failActivity(activity: ActivityRef, message: string, attempts: number): this {
    const started = this.startActivity(activity, attempts);
    this.add("EVENT_TYPE_ACTIVITY_TASK_FAILED", "activityTaskFailedEventAttributes", {
      failure: {
        message,
        source: "TypeScriptSDK",
        stackTrace: `Error: ${message}`,
        applicationFailureInfo: { type: "Error", nonRetryable: false },
      },
      scheduledEventId: String(activity.scheduledEventId),
      startedEventId: String(started),
      identity: "test@history-builder",
      retryState: "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED",
    });
    return this;
  }

  /** A StartTimer command of the last workflow task (a `sleep` or a `condition` timeout). */
  startTimer(ms: number): TimerRef {
    this.timers += 1;
    const timerId = String(this.timers);
    const startedEventId = this.add("EVENT_TYPE_TIMER_STARTED", "timerStartedEventAttributes", {
      timerId,
      startToFireTimeout: seconds(ms),
      workflowTaskCompletedEventId: String(this.lastCompleted),
    });
    return { timerId, startedEventId };
  }

  fireTimer(timer: TimerRef): this {
    this.add("EVENT_TYPE_TIMER_FIRED", "timerFiredEventAttributes", {
      timerId: timer.timerId,
      startedEventId: String(timer.startedEventId),
    });
    return this;
  }

  /** A CancelTimer command of the last workflow task (a `condition` met before its timeout). */
  cancelTimer(timer: TimerRef): this {
    this.add("EVENT_TYPE_TIMER_CANCELED", "timerCanceledEventAttributes", {
      timerId: timer.timerId,
      startedEventId: String(timer.startedEventId),
      workflowTaskCompletedEventId: String(this.lastCompleted),
      identity: "test@history-builder",
    });
    return this;
  }

  /** A StartChildWorkflowExecution command of the last workflow task. */
  startChild(
    workflowId: string,
    workflowType: string,
    input: unknown,
    parentClosePolicy = "PARENT_CLOSE_POLICY_TERMINATE",
  ): ChildRef {
    const initiatedEventId = this.add(
      "EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED",
      "startChildWorkflowExecutionInitiatedEventAttributes",
      {
        namespace: "default",
        workflowId,
        workflowType: { name: workflowType },
        taskQueue: this.taskQueue,
        input: payloads(input),
        workflowExecutionTimeout: "0s",
        workflowRunTimeout: "0s",
        workflowTaskTimeout: "10s",
        parentClosePolicy,
        workflowTaskCompletedEventId: String(this.lastCompleted),
        workflowIdReusePolicy: "WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE",
        header: { fields: {} },
      },
    );
    return { initiatedEventId, workflowId, workflowType, runId: `child-run-${initiatedEventId}`, startedEventId: 0 };
  }

  childStarted(child: ChildRef): ChildRef {
    const startedEventId = this.add(
      "EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED",
      "childWorkflowExecutionStartedEventAttributes",
      {
        namespace: "default",
        initiatedEventId: String(child.initiatedEventId),
        workflowExecution: { workflowId: child.workflowId, runId: child.runId },
        workflowType: { name: child.workflowType },
        header: { fields: {} },
      },
    );
    return { ...child, startedEventId };
  }

  childCompleted(child: ChildRef, result: unknown): this {
    this.add("EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED", "childWorkflowExecutionCompletedEventAttributes", {
      result: payloads(result),
      namespace: "default",
      workflowExecution: { workflowId: child.workflowId, runId: child.runId },
      workflowType: { name: child.workflowType },
      initiatedEventId: String(child.initiatedEventId),
      startedEventId: String(child.startedEventId),
    });
    return this;
  }

  /** A client asked to cancel the run. */
  cancelRequested(): this {
    this.add("EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED", "workflowExecutionCancelRequestedEventAttributes", {
      cause: "operator cancel",
      identity: "test@history-builder",
    });
    return this;
  }

  /** The run ended as cancelled (a CancelWorkflowExecution command of the last workflow task). */
  workflowCanceled(): this {
    this.add("EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED", "workflowExecutionCanceledEventAttributes", {
      workflowTaskCompletedEventId: String(this.lastCompleted),
    });
    return this;
  }

  signal(name: string, ...args: unknown[]): this {
    this.add("EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED", "workflowExecutionSignaledEventAttributes", {
      signalName: name,
      input: payloads(...args),
      identity: "test@history-builder",
      header: { fields: {} },
    });
    return this;
  }

  completeWorkflow(result: unknown): this {
    this.add("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED", "workflowExecutionCompletedEventAttributes", {
      result: payloads(result),
      workflowTaskCompletedEventId: String(this.lastCompleted),
    });
    return this;
  }

  failWorkflow(message: string, type: string): this {
    this.add("EVENT_TYPE_WORKFLOW_EXECUTION_FAILED", "workflowExecutionFailedEventAttributes", {
      failure: {
        message,
        source: "TypeScriptSDK",
        applicationFailureInfo: { type, nonRetryable: true },
      },
      retryState: "RETRY_STATE_RETRY_POLICY_NOT_SET",
      workflowTaskCompletedEventId: String(this.lastCompleted),
    });
    return this;
  }

  /** The history as JSON, the shape `Worker.runReplayHistory` takes. */
  toJSON(): { events: Record<string, unknown>[] } {
    return { events: structuredClone(this.events) };
  }
}

/** A history with the first event's input replaced: the same run started with another plan. */
export function withInput(history: { events: Record<string, unknown>[] }, ...input: unknown[]) {
  const copy = structuredClone(history);
  const started = copy.events[0].workflowExecutionStartedEventAttributes as Record<string, unknown>;
  started.input = payloads(...input);
  return copy;
}
