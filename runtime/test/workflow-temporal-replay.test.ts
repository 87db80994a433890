/**
 * The Temporal interpreter (runtime/src/workflows/temporal) replayed against recorded histories of
 * two processes of this test's own: an approval with a timeout, and a wait for an event with a
 * compensation. No Temporal server can run here (STACK.md §6): the histories are written event by
 * event with test/support/temporal-history.ts — the stand-in for a server's recording — and
 * `Worker.runReplayHistory` runs the bundled workflow against them, checking that it issues exactly
 * the recorded commands; a capturing interceptor (test/support/temporal-capture-interceptor.ts)
 * shows what the replayed run passed to its activities. A changed plan (a node inserted, two
 * reordered) or a history that took another branch raises DeterminismViolationError. A third
 * plan covers the other pausing nodes (transitions, condition and date waits, a child workflow,
 * two approvers), and a cancelled run closes its task.
 */
import { describe, expect, it, beforeAll } from "vitest";
import {
  DefaultLogger,
  Runtime,
  Worker,
  makeTelemetryFilterString,
  type InjectedSinks,
  type WorkflowBundleWithSourceMap,
} from "@temporalio/worker";
import { DeterminismViolationError } from "@temporalio/workflow";
import { fileURLToPath } from "node:url";
import type { PlanNode, WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import { parseExpression } from "../../engine/src/workflows/parse-expression.ts";
import { bundleInterpreter } from "../src/workflows/temporal/bundle.ts";
import type { RunRef } from "../src/workflows/temporal/activities.ts";
import type { InterpreterInput } from "../src/workflows/temporal/messages.ts";
import { HistoryBuilder, withInput } from "./support/temporal-history.ts";
import type { CaptureSinks } from "./support/temporal-capture-interceptor.ts";

const DAY = 86_400_000;

const expression = (source: string) => ({ source, ast: parseExpression(source) });
const nodes = (...list: PlanNode[]) => Object.fromEntries(list.map((node) => [node.id, node]));

/** A grant request: reviewed by one reviewer within 24 hours, or it lapses. */
const grantPlan: WorkflowPlan = {
  name: "grant-review",
  id: "grant-review",
  version: "v1-grant",
  entity: "grant_request",
  statusField: "stage",
  start: "submitted-trigger",
  compensations: {},
  nodes: nodes(
    { id: "submitted-trigger", kind: "trigger", trigger: { on: "create" }, next: "submitted" },
    { id: "submitted", kind: "state", status: "submitted", next: "review", transitions: [] },
    {
      id: "review",
      kind: "approval",
      assignees: [{ kind: "role", role: "reviewer" }],
      minApprovals: 1,
      excludeAuthor: true,
      due: { kind: "duration", duration: { iso: "PT24H", ms: DAY } },
      next: { approved: "stamp", rejected: "declined", timeout: "lapsed" },
    },
    {
      id: "stamp",
      kind: "update",
      set: { decidedAt: { kind: "now" }, decisionNote: { kind: "template", text: "{{ approval.comment }}" } },
      next: "tell",
    },
    {
      id: "tell",
      kind: "email",
      template: "grant-approved",
      to: [{ kind: "owner", path: [] }],
      locale: null,
      next: "granted",
    },
    { id: "granted", kind: "state", status: "granted", next: "end-granted", transitions: [] },
    { id: "end-granted", kind: "end", outcome: "granted" },
    { id: "declined", kind: "state", status: "declined", next: "end-declined", transitions: [] },
    { id: "end-declined", kind: "end", outcome: "declined" },
    { id: "lapsed", kind: "state", status: "lapsed", next: "end-lapsed", transitions: [] },
    { id: "end-lapsed", kind: "end", outcome: "lapsed" },
  ),
};

/** A parcel: heavy ones get a courier; dispatched, then waits up to two days for its pickup scan. */
const parcelPlan: WorkflowPlan = {
  name: "parcel-pickup",
  id: "parcel-pickup",
  version: "v1-parcel",
  entity: "parcel",
  statusField: null,
  start: "manual",
  compensations: { courier: "undo-courier", dispatch: "undo-dispatch" },
  nodes: nodes(
    {
      id: "manual",
      kind: "trigger",
      trigger: { on: "manual", parties: [{ kind: "role", role: "dispatcher" }] },
      next: "heavy",
    },
    {
      id: "heavy",
      kind: "condition",
      expression: expression("record.weight > 10"),
      next: { true: "courier", false: "dispatch" },
    },
    {
      id: "courier",
      kind: "assign",
      field: "courierId",
      role: "courier",
      strategy: "least-open",
      notify: true,
      next: "dispatch",
    },
    { id: "dispatch", kind: "update", set: { dispatchedAt: { kind: "now" } }, next: "pickup" },
    {
      id: "pickup",
      kind: "wait",
      until: { kind: "event", event: "picked-up" },
      skipIfEmpty: false,
      timeout: { kind: "duration", duration: { iso: "P2D", ms: 2 * DAY } },
      next: { done: "announce", timeout: "lost" },
    },
    { id: "announce", kind: "webhook", event: "parcel.picked-up", method: "POST", next: "delivered" },
    { id: "delivered", kind: "end", outcome: "delivered" },
    {
      id: "lost",
      kind: "update",
      set: { lostNote: { kind: "template", text: "no scan for {{ record.code }}" } },
      next: "end-lost",
    },
    { id: "end-lost", kind: "end", outcome: "lost" },
    { id: "undo-dispatch", kind: "update", set: { dispatchedAt: { kind: "literal", value: null } }, next: "delivered" },
    { id: "undo-courier", kind: "update", set: { courierId: { kind: "literal", value: null } }, next: "delivered" },
  ),
};

const run = (plan: WorkflowPlan, instanceId: string): RunRef => ({
  tenantId: "tenant-1",
  instanceId,
  workflow: plan.name,
  version: plan.version,
  entity: plan.entity,
  recordId: "record-1",
});

const input = (plan: WorkflowPlan, instanceId: string): InterpreterInput => ({
  plan,
  run: run(plan, instanceId),
  trigger: { on: "test" },
});

const history = (plan: WorkflowPlan, instanceId: string) =>
  new HistoryBuilder({ workflowType: "interpretPlan", input: [input(plan, instanceId)] });

/** The grant history up to the open task and its 24-hour timer. */
function grantUntilTask() {
  const h = history(grantPlan, "grant-1");
  const submitted = h.workflowTask().scheduleActivity("setStatus", { status: "submitted" });
  const task = h.completeActivity(submitted).workflowTask().scheduleActivity("openTask", { due: "PT24H" });
  const timer = h.completeActivity(task, { taskId: "task-1" }).workflowTask().startTimer(DAY);
  return { h, timer };
}

/** Reviewer approves after an hour: stamp, email, status granted, end. */
function grantApproved() {
  const { h, timer } = grantUntilTask();
  h.advance(3_600_000).signal("decision", {
    taskId: "task-1",
    decision: "approve",
    comment: "fits the fund",
    by: "u-9",
  });
  const close = h.workflowTask().cancelTimer(timer).scheduleActivity("closeTask", { status: "approved" });
  const stamp = h.completeActivity(close).workflowTask().scheduleActivity("updateRecord", {});
  const tell = h.completeActivity(stamp).workflowTask().scheduleActivity("sendEmail", {});
  const granted = h.completeActivity(tell, { messages: 1 }).workflowTask().scheduleActivity("setStatus", {});
  return h
    .completeActivity(granted)
    .workflowTask()
    .completeWorkflow({ outcome: "granted", nodeId: "end-granted", steps: 7 })
    .toJSON();
}

/** Nobody decides for 24 hours: the task expires, the request lapses. */
function grantLapsed() {
  const { h, timer } = grantUntilTask();
  h.advance(DAY).fireTimer(timer);
  const close = h.workflowTask().scheduleActivity("closeTask", { status: "expired" });
  const lapsed = h.completeActivity(close).workflowTask().scheduleActivity("setStatus", { status: "lapsed" });
  return h
    .completeActivity(lapsed)
    .workflowTask()
    .completeWorkflow({ outcome: "lapsed", nodeId: "end-lapsed", steps: 5 })
    .toJSON();
}

/** The parcel history up to the dispatch; `eventEarly` delivers the scan while dispatch runs. */
function parcelUntilWait(eventEarly: boolean) {
  const h = history(parcelPlan, "parcel-1");
  const load = h.workflowTask().scheduleActivity("loadContext", { reads: [["record", "weight"]] });
  const assign = h
    .completeActivity(load, { record: { weight: 12, code: "P-77" }, related: {}, tenantSettings: {} })
    .workflowTask()
    .scheduleActivity("assignUser", {});
  const dispatch = h
    .completeActivity(assign, { userId: "courier-7" })
    .workflowTask()
    .scheduleActivity("updateRecord", {});
  if (eventEarly) h.signal("event", { name: "picked-up", payload: { hub: "north" } });
  return { h, dispatch };
}

function parcelScanned() {
  const { h, dispatch } = parcelUntilWait(false);
  const timer = h
    .completeActivity(dispatch)
    .workflowTask()
    .startTimer(2 * DAY);
  h.advance(7_200_000).signal("event", { name: "picked-up", payload: { hub: "north" } });
  const announce = h.workflowTask().cancelTimer(timer).scheduleActivity("callWebhook", {}, 8);
  return { h, announce };
}

function parcelDelivered() {
  const { h, announce } = parcelScanned();
  return h
    .completeActivity(announce, { delivered: 1 })
    .workflowTask()
    .completeWorkflow({ outcome: "delivered", nodeId: "delivered", steps: 7 })
    .toJSON();
}

/** The webhook fails for good (8 attempts): the dispatch, then the courier assignment are undone; the run fails. */
function parcelWebhookFails() {
  const { h, announce } = parcelScanned();
  const undoDispatch = h
    .failActivity(announce, "receiver answered 503", 8)
    .workflowTask()
    .scheduleActivity("updateRecord", { values: { dispatchedAt: null } });
  const undoCourier = h.completeActivity(undoDispatch).workflowTask().scheduleActivity("updateRecord", {});
  return h
    .completeActivity(undoCourier)
    .workflowTask()
    .failWorkflow("step 6 (announce) failed: receiver answered 503", "WorkflowStepFailed")
    .toJSON();
}

/** The scan arrives before the wait begins: the wait takes it at once, no timer. */
function parcelScannedEarly() {
  const { h, dispatch } = parcelUntilWait(true);
  const announce = h.completeActivity(dispatch).workflowTask().scheduleActivity("callWebhook", {}, 8);
  return h
    .completeActivity(announce, { delivered: 1 })
    .workflowTask()
    .completeWorkflow({ outcome: "delivered", nodeId: "delivered", steps: 7 })
    .toJSON();
}

/** A light parcel: no courier, the condition's false branch goes straight to the dispatch. */
function parcelLightLost() {
  const h = history(parcelPlan, "parcel-2");
  const load = h.workflowTask().scheduleActivity("loadContext", {});
  const dispatch = h
    .completeActivity(load, { record: { weight: 3, code: "P-78" }, related: {}, tenantSettings: {} })
    .workflowTask()
    .scheduleActivity("updateRecord", {});
  const timer = h
    .completeActivity(dispatch)
    .workflowTask()
    .startTimer(2 * DAY);
  h.advance(2 * DAY).fireTimer(timer);
  // The lost note reads record.code: the context is loaded again, then written.
  const reload = h.workflowTask().scheduleActivity("loadContext", { reads: [["record", "code"]] });
  const note = h
    .completeActivity(reload, { record: { weight: 3, code: "P-78" }, related: {}, tenantSettings: {} })
    .workflowTask()
    .scheduleActivity("updateRecord", { values: { lostNote: "no scan for P-78" } });
  return h
    .completeActivity(note)
    .workflowTask()
    .completeWorkflow({ outcome: "lost", nodeId: "end-lost", steps: 6 })
    .toJSON();
}

/**
 * A listing: drafted until its owner submits it, then waits until it is paid (re-checked when the
 * record changes) and until its publish date, prints a label in a child workflow, and needs two
 * admins' approval before it goes live.
 */
const listingPlan: WorkflowPlan = {
  name: "listing-launch",
  id: "listing-launch",
  version: "v1-listing",
  entity: "listing",
  statusField: "state",
  start: "created",
  compensations: {},
  nodes: nodes(
    { id: "created", kind: "trigger", trigger: { on: "create" }, next: "draft" },
    {
      id: "draft",
      kind: "state",
      status: "draft",
      next: null,
      transitions: [{ name: "submit", next: "paid", actors: [{ kind: "owner", path: [] }] }],
    },
    {
      id: "paid",
      kind: "wait",
      until: { kind: "condition", expression: expression("record.paidAt != null") },
      skipIfEmpty: false,
      timeout: null,
      next: { done: "golive" },
    },
    {
      id: "golive",
      kind: "wait",
      until: { kind: "field", path: [], field: "publishAt" },
      skipIfEmpty: true,
      timeout: null,
      next: { done: "label" },
    },
    { id: "label", kind: "subworkflow", workflow: "print-label", wait: true, next: "vet" },
    {
      id: "vet",
      kind: "approval",
      assignees: [{ kind: "account", path: [], roles: ["admin"] }],
      minApprovals: 2,
      excludeAuthor: false,
      // Due in a week, but no timeout branch: the task only shows as overdue, no timer runs.
      due: { kind: "duration", duration: { iso: "P7D", ms: 7 * DAY } },
      next: { approved: "live", rejected: "draft", "changes-requested": "draft" },
    },
    { id: "live", kind: "state", status: "live", next: "end", transitions: [] },
    { id: "end", kind: "end", outcome: "live" },
  ),
};

const labelPlan: WorkflowPlan = {
  name: "print-label",
  id: "print-label",
  version: "v1-label",
  entity: "listing",
  statusField: null,
  start: "mail",
  compensations: {},
  nodes: nodes(
    {
      id: "mail",
      kind: "email",
      template: "label",
      to: [{ kind: "role", role: "printer" }],
      locale: "en",
      next: "done",
    },
    { id: "done", kind: "end", outcome: "printed" },
  ),
};

const PUBLISH_AT = "2026-12-05T00:00:00.000Z";

/**
 * The whole run; `approvers` decide "approve" one after another, then the task closes — or,
 * with `changesBy`, that user then requests changes.
 */
function listingLaunched(approvers = ["u-7", "u-7", "u-8"], changesBy: string | null = null) {
  const h = history(listingPlan, "listing-1");
  const draft = h.workflowTask().scheduleActivity("setStatus", { status: "draft" });
  h.completeActivity(draft).workflowTask(); // waits for a transition: no command
  h.signal("transition", { name: "withdraw", by: "u-1" }).workflowTask(); // not a transition of the state
  h.signal("transition", { name: "submit", by: "u-1" });
  const firstCheck = h.workflowTask().scheduleActivity("loadContext", {});
  h.completeActivity(firstCheck, { record: { paidAt: null }, related: {}, tenantSettings: {} }).workflowTask();
  const paid = {
    record: { paidAt: "2026-12-01T10:00:00.000Z", publishAt: PUBLISH_AT },
    related: {},
    tenantSettings: {},
  };
  const recheck = h.signal("recordChanged").workflowTask().scheduleActivity("loadContext", {});
  const publish = h.completeActivity(recheck, paid).workflowTask().scheduleActivity("loadContext", {});
  const timer = h
    .completeActivity(publish, paid)
    .workflowTask()
    .startTimer(Date.parse(PUBLISH_AT) - h.now);
  h.advance(Date.parse(PUBLISH_AT) - h.now).fireTimer(timer);
  const plan = h.workflowTask().scheduleActivity("loadPlan", { workflow: "print-label" });
  const child = h
    .completeActivity(plan, labelPlan)
    .workflowTask()
    .startChild("mono/tenant-1/listing-1:5", "interpretPlan", {});
  const started = h.childStarted(child);
  h.workflowTask().childCompleted(started, { outcome: "printed", nodeId: "done", steps: 2 });
  const task = h.workflowTask().scheduleActivity("openTask", {});
  h.completeActivity(task, { taskId: "task-9" }).workflowTask();
  approvers.forEach((by, i) => {
    if (i > 0) h.workflowTask(); // still waiting: no command
    h.signal("decision", { taskId: "task-9", decision: "approve", comment: null, by });
  });
  if (changesBy !== null) {
    // A request for changes decides at once: the task closes, the listing goes back to draft and
    // waits for the next submit (the history ends with the run waiting).
    h.workflowTask().signal("decision", {
      taskId: "task-9",
      decision: "request-changes",
      comment: "photos",
      by: changesBy,
    });
    const close = h.workflowTask().scheduleActivity("closeTask", { status: "changes-requested" });
    const draft = h.completeActivity(close).workflowTask().scheduleActivity("setStatus", { status: "draft" });
    return h.completeActivity(draft).workflowTask().toJSON();
  }
  const close = h.workflowTask().scheduleActivity("closeTask", { status: "approved" });
  const live = h.completeActivity(close).workflowTask().scheduleActivity("setStatus", { status: "live" });
  return h
    .completeActivity(live)
    .workflowTask()
    .completeWorkflow({ outcome: "live", nodeId: "end", steps: 8 })
    .toJSON();
}

let bundle: WorkflowBundleWithSourceMap;
/** What the last replay scheduled, in order (test/support/temporal-capture-interceptor.ts). */
let activities: { type: string; input: any; maximumAttempts: number | null }[] = [];
let timers: number[] = [];
let children: { workflowId: string; input: any; parentClosePolicy: string | null }[] = [];
const sinks: InjectedSinks<CaptureSinks> = {
  capture: {
    activity: {
      fn: (_info, type, args, maximumAttempts) => void activities.push({ type, input: args[0], maximumAttempts }),
      callDuringReplay: true,
    },
    timer: { fn: (_info, ms) => void timers.push(ms), callDuringReplay: true },
    child: {
      fn: (_info, workflowId, args, parentClosePolicy) =>
        void children.push({ workflowId, input: args[0], parentClosePolicy }),
      callDuringReplay: true,
    },
  },
};
const replay = (json: unknown) => {
  activities = [];
  timers = [];
  children = [];
  return Worker.runReplayHistory({ workflowBundle: bundle, sinks }, json);
};
const scheduled = () => activities.map((a) => a.type);
const inputOf = (type: string, nth = 0) => activities.filter((a) => a.type === type)[nth].input;

/** The time of the workflow task that scheduled the `nth` activity of `type`: the run's `now` there. */
function taskTimeOf(json: { events: any[] }, type: string, nth = 0): string {
  const event = json.events.filter(
    (e) =>
      e.eventType === "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED" &&
      e.activityTaskScheduledEventAttributes.activityType.name === type,
  )[nth];
  const completed = Number(event.activityTaskScheduledEventAttributes.workflowTaskCompletedEventId);
  return json.events[completed - 2].eventTime;
}

/** Replaying `json` fails with a determinism violation whose message matches `reason`. */
async function expectViolation(json: unknown, reason: RegExp) {
  const error = await replay(json).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeterminismViolationError);
  expect((error as Error).message).toMatch(reason);
}

beforeAll(async () => {
  // The replay worker logs every state change; only errors matter here.
  Runtime.install({
    logger: new DefaultLogger("ERROR"),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: "ERROR" }), forward: {} } },
  });
  bundle = await bundleInterpreter({
    interceptorModules: [fileURLToPath(new URL("./support/temporal-capture-interceptor.ts", import.meta.url))],
  });
});

describe("grant review (approval with a 24-hour timeout)", () => {
  it("replays a run the reviewer approved", async () => {
    const json = grantApproved();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(scheduled()).toEqual(["setStatus", "openTask", "closeTask", "updateRecord", "sendEmail", "setStatus"]);
    expect(inputOf("setStatus")).toMatchObject({
      field: "stage",
      status: "submitted",
      step: { seq: 2, key: "grant-1:2" },
    });
    const task = inputOf("openTask");
    expect(task).toMatchObject({
      assignees: [{ kind: "role", role: "reviewer" }],
      minApprovals: 1,
      excludeAuthor: true,
    });
    expect(Date.parse(task.dueAt) - Date.parse(taskTimeOf(json, "openTask"))).toBe(DAY);
    expect(timers).toHaveLength(1);
    expect(inputOf("closeTask")).toMatchObject({ taskId: "task-1", status: "approved", step: { nodeId: "review" } });
    // `now` is the workflow task's time, so a retried activity writes the same instant.
    expect(inputOf("updateRecord").values).toEqual({
      decidedAt: taskTimeOf(json, "updateRecord"),
      decisionNote: "fits the fund",
    });
    expect(inputOf("sendEmail")).toMatchObject({
      template: "grant-approved",
      to: [{ kind: "owner", path: [] }],
      context: { approval: { decision: "approve", comment: "fits the fund", by: "u-9" }, trigger: { on: "test" } },
    });
    expect(inputOf("setStatus", 1)).toMatchObject({ status: "granted", step: { seq: 6, key: "grant-1:6" } });
  });

  it("replays a run that lapsed when the timer fired", async () => {
    await expect(replay(grantLapsed())).resolves.toBeUndefined();
    expect(scheduled()).toEqual(["setStatus", "openTask", "closeTask", "setStatus"]);
    expect(inputOf("closeTask")).toMatchObject({ taskId: "task-1", status: "expired" });
    expect(inputOf("setStatus", 1)).toMatchObject({ status: "lapsed", step: { nodeId: "lapsed" } });
  });

  it("a rejection takes the rejected branch: the approved branch's history does not replay", async () => {
    const approved = grantApproved();
    const rejected = structuredClone(approved);
    const signal = rejected.events.find((e) => e.eventType === "EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED")!;
    const attributes = signal.workflowExecutionSignaledEventAttributes as { input: { payloads: { data: string }[] } };
    attributes.input.payloads[0].data = Buffer.from(
      JSON.stringify({ taskId: "task-1", decision: "reject", comment: "out of scope", by: "u-9" }),
    ).toString("base64");
    await expectViolation(rejected, /scheduled event 'updateRecord' does not match .* command 'setStatus'/);
  });

  it("a decision for another task is ignored: the run keeps waiting, so the recorded close does not match", async () => {
    const { h, timer } = grantUntilTask();
    h.signal("decision", { taskId: "task-other", decision: "approve", comment: null, by: "u-9" });
    h.workflowTask().cancelTimer(timer).scheduleActivity("closeTask", {});
    await expectViolation(h.toJSON(), /No command scheduled for event .*TimerCanceled/);
  });

  it("a decision that arrives while the task is being opened counts: no timer, the task closes at once", async () => {
    const h = history(grantPlan, "grant-1");
    const submitted = h.workflowTask().scheduleActivity("setStatus", {});
    const task = h.completeActivity(submitted).workflowTask().scheduleActivity("openTask", {});
    h.signal("decision", { taskId: "task-1", decision: "reject", comment: "no budget", by: "u-9" });
    const close = h.completeActivity(task, { taskId: "task-1" }).workflowTask().scheduleActivity("closeTask", {});
    const declined = h.completeActivity(close).workflowTask().scheduleActivity("setStatus", {});
    const json = h
      .completeActivity(declined)
      .workflowTask()
      .completeWorkflow({ outcome: "declined", nodeId: "end-declined", steps: 5 })
      .toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(timers).toEqual([]);
    expect(inputOf("closeTask")).toMatchObject({ status: "rejected" });
    expect(inputOf("setStatus", 1)).toMatchObject({ status: "declined" });
  });

  it("a plan with a node inserted before the review raises DeterminismViolationError", async () => {
    const notify: PlanNode = {
      id: "notify-reviewers",
      kind: "email",
      template: "grant-submitted",
      to: [{ kind: "role", role: "reviewer" }],
      locale: null,
      next: "review",
    };
    const changed: WorkflowPlan = {
      ...grantPlan,
      version: "v2-grant",
      nodes: {
        ...grantPlan.nodes,
        submitted: { ...grantPlan.nodes.submitted, next: "notify-reviewers" } as PlanNode,
        [notify.id]: notify,
      },
    };
    await expectViolation(
      withInput(grantApproved(), input(changed, "grant-1")),
      /scheduled event 'openTask' does not match .* command 'sendEmail'/,
    );
  });
});

describe("parcel pickup (wait for an event, with a compensation)", () => {
  it("replays a heavy parcel: courier assigned, scan received, webhook sent", async () => {
    await expect(replay(parcelDelivered())).resolves.toBeUndefined();
    expect(scheduled()).toEqual(["loadContext", "assignUser", "updateRecord", "callWebhook"]);
    // Store calls retry 5 times, webhooks 8 (ACTIVITY_POLICIES).
    expect(activities.map((a) => a.maximumAttempts)).toEqual([5, 5, 5, 8]);
    expect(inputOf("loadContext")).toMatchObject({ reads: [["record", "weight"]], run: { tenantId: "tenant-1" } });
    expect(inputOf("assignUser")).toMatchObject({ field: "courierId", role: "courier", strategy: "least-open" });
    expect(timers).toEqual([2 * DAY]);
    expect(inputOf("callWebhook")).toMatchObject({
      event: "parcel.picked-up",
      method: "POST",
      step: { seq: 6, key: "parcel-1:6" },
      context: { event: { name: "picked-up", payload: { hub: "north" } } },
    });
  });

  it("replays a light parcel whose scan never came: the timeout branch", async () => {
    await expect(replay(parcelLightLost())).resolves.toBeUndefined();
    expect(scheduled()).toEqual(["loadContext", "updateRecord", "loadContext", "updateRecord"]);
    expect(inputOf("loadContext", 1).reads).toEqual([["record", "code"]]);
    expect(inputOf("updateRecord", 1).values).toEqual({ lostNote: "no scan for P-78" });
  });

  it("replays a scan that arrived before the wait began (kept, taken without a timer)", async () => {
    await expect(replay(parcelScannedEarly())).resolves.toBeUndefined();
    expect(timers).toEqual([]);
    expect(inputOf("callWebhook").context.event).toEqual({ name: "picked-up", payload: { hub: "north" } });
  });

  it("replays a webhook that failed for good: dispatch and courier are compensated newest first, then the run fails", async () => {
    await expect(replay(parcelWebhookFails())).resolves.toBeUndefined();
    expect(scheduled()).toEqual([
      "loadContext",
      "assignUser",
      "updateRecord",
      "callWebhook",
      "updateRecord",
      "updateRecord",
    ]);
    // Newest first: the dispatch (step 4) is undone before the courier assignment (step 3).
    expect(inputOf("updateRecord", 1)).toMatchObject({
      values: { dispatchedAt: null },
      step: { nodeId: "undo-dispatch", seq: 7, key: "parcel-1:7", compensates: "parcel-1:4" },
    });
    expect(inputOf("updateRecord", 2)).toMatchObject({
      values: { courierId: null },
      step: { nodeId: "undo-courier", seq: 8, compensates: "parcel-1:3" },
    });
  });

  it("a failed webhook without its compensation in the history raises DeterminismViolationError", async () => {
    const { h, announce } = parcelScanned();
    const json = h
      .failActivity(announce, "receiver answered 503", 8)
      .workflowTask()
      .failWorkflow("step 6 (announce) failed", "WorkflowStepFailed")
      .toJSON();
    await expectViolation(json, /does not handle this event: .*WorkflowExecutionFailed/);
  });

  it("a plan with the courier and dispatch reordered raises DeterminismViolationError", async () => {
    const n = parcelPlan.nodes;
    const reordered: WorkflowPlan = {
      ...parcelPlan,
      version: "v2-parcel",
      nodes: {
        ...n,
        heavy: { ...n.heavy, next: { true: "dispatch", false: "dispatch" } } as PlanNode,
        dispatch: { ...n.dispatch, next: "courier" } as PlanNode,
        courier: { ...n.courier, next: "pickup" } as PlanNode,
      },
    };
    await expectViolation(
      withInput(parcelDelivered(), input(reordered, "parcel-1")),
      /scheduled event 'assignUser' does not match .* command 'updateRecord'/,
    );
  });
});

describe("listing launch (transitions, a condition wait, a date wait, a child workflow, two approvers)", () => {
  it("replays a run through every pausing node kind", async () => {
    await expect(replay(listingLaunched())).resolves.toBeUndefined();
    expect(scheduled()).toEqual([
      "setStatus",
      "loadContext",
      "loadContext",
      "loadContext",
      "loadPlan",
      "openTask",
      "closeTask",
      "setStatus",
    ]);
    expect(inputOf("loadContext").reads).toEqual([["record", "paidAt"]]);
    expect(inputOf("loadContext", 2).reads).toEqual([["record", "publishAt"]]);
    expect(timers).toHaveLength(1);
    expect(children).toEqual([
      {
        workflowId: "mono/tenant-1/listing-1:5",
        input: {
          plan: labelPlan,
          run: {
            tenantId: "tenant-1",
            instanceId: "listing-1:5",
            workflow: "print-label",
            version: "v1-label",
            entity: "listing",
            recordId: "record-1",
          },
          trigger: { parent: { instanceId: "listing-1", nodeId: "label", seq: 5 } },
        },
        parentClosePolicy: "TERMINATE",
      },
    ]);
    expect(inputOf("openTask")).toMatchObject({ minApprovals: 2 });
    expect(Date.parse(inputOf("openTask").dueAt) - Date.parse(PUBLISH_AT)).toBeGreaterThanOrEqual(7 * DAY);
    expect(inputOf("closeTask")).toMatchObject({ taskId: "task-9", status: "approved" });
  });

  it("one approver deciding twice is not two approvals: a history closing the task after u-7's second approval does not replay", async () => {
    const json = listingLaunched(["u-7", "u-7"]);
    await expectViolation(json, /No command scheduled for event .*ActivityTaskScheduled/);
  });
});

describe("a request for changes", () => {
  it("decides at once, whatever the approvals so far: the task closes and the run goes back to draft", async () => {
    await expect(replay(listingLaunched(["u-7"], "u-8"))).resolves.toBeUndefined();
    expect(inputOf("closeTask")).toMatchObject({ status: "changes-requested" });
    expect(inputOf("setStatus", 1)).toMatchObject({ status: "draft", step: { nodeId: "draft", seq: 7 } });
  });
});

describe("a sub-workflow that is not awaited", () => {
  it("starts the child abandoned and goes on once it has started", async () => {
    const plan: WorkflowPlan = {
      ...labelPlan,
      name: "relabel",
      id: "relabel",
      version: "v1-relabel",
      start: "go",
      nodes: nodes(
        { id: "go", kind: "subworkflow", workflow: "print-label", wait: false, next: "over" },
        { id: "over", kind: "end", outcome: "queued" },
      ),
    };
    const h = history(plan, "relabel-1");
    const load = h.workflowTask().scheduleActivity("loadPlan", {});
    const child = h
      .completeActivity(load, labelPlan)
      .workflowTask()
      .startChild("mono/tenant-1/relabel-1:1", "interpretPlan", {}, "PARENT_CLOSE_POLICY_ABANDON");
    h.childStarted(child);
    const json = h.workflowTask().completeWorkflow({ outcome: "queued", nodeId: "over", steps: 2 }).toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(children.map((c) => [c.workflowId, c.parentClosePolicy])).toEqual([
      ["mono/tenant-1/relabel-1:1", "ABANDON"],
    ]);
  });
});

describe("cancellation", () => {
  it("replays a run cancelled while its task was open: the timer is cancelled, the task closed as cancelled", async () => {
    const { h, timer } = grantUntilTask();
    h.advance(60_000).cancelRequested();
    const close = h.workflowTask().cancelTimer(timer).scheduleActivity("closeTask", { status: "cancelled" });
    const json = h.completeActivity(close).workflowTask().workflowCanceled().toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(inputOf("closeTask")).toMatchObject({ taskId: "task-1", status: "cancelled" });
  });
});
