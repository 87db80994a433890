/**
 * The Temporal interpreter's signal nodes and timed transitions, replayed against histories
 * written event by event (test/support/temporal-history.ts: no Temporal server can run here,
 * STACK.md §6) for plans of this test's own: seats of a session, released by their holder or
 * lapsing on their own at a moment, a released seat signalling the longest-waiting seat of the
 * same session. A capturing interceptor shows what the replayed run asked its activities; a plan
 * changed under a running instance (a transition made timed, the signal node removed) raises
 * DeterminismViolationError.
 */
import { beforeAll, describe, expect, it } from "vitest";
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
import type { PlanNode, PlanTransition, WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import { bundleInterpreter } from "../src/workflows/temporal/bundle.ts";
import type { InterpreterInput } from "../src/workflows/temporal/messages.ts";
import type { CaptureSinks } from "./support/temporal-capture-interceptor.ts";
import { HistoryBuilder, withInput } from "./support/temporal-history.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const nodes = (...list: PlanNode[]) => Object.fromEntries(list.map((node) => [node.id, node]));
const owner = { kind: "owner", path: [] } as const;

const release: PlanTransition = { name: "release", next: "released", actors: [owner] };
const lapseAfter = (ms: number): PlanTransition => ({
  name: "lapse",
  next: "end-lapsed",
  actors: [{ kind: "system" }],
  at: { kind: "duration", duration: { iso: `PT${ms / HOUR}H`, ms } },
});
const lapseAtSessionEnd: PlanTransition = {
  name: "lapse",
  next: "end-lapsed",
  actors: [{ kind: "system" }],
  at: { kind: "field", path: ["session"], field: "endsAt" },
};

/** A held seat: its holder releases it (then the longest-waiting seat of the session hears of it), or it lapses. */
const seatPlan = (transitions: readonly PlanTransition[], withSignal = true): WorkflowPlan => ({
  name: "seat-hold",
  id: "seat-hold",
  version: `v-${transitions.length}-${withSignal}`,
  entity: "seat",
  statusField: "state",
  start: "created",
  compensations: {},
  nodes: nodes(
    { id: "created", kind: "trigger", trigger: { on: "create" }, next: "held" },
    { id: "held", kind: "state", status: "held", next: null, transitions },
    { id: "released", kind: "state", status: "released", next: withSignal ? "free" : "end-released", transitions: [] },
    {
      id: "free",
      kind: "signal",
      event: "seat-freed",
      to: { path: ["session"], relation: "seats", entity: "seat", foreignKey: "sessionId" },
      limit: 1,
      next: "end-released",
    },
    { id: "end-released", kind: "end", outcome: "released" },
    { id: "end-lapsed", kind: "end", outcome: "lapsed" },
  ),
});

/**
 * A queued seat: waits up to 30 days for a freed seat and is offered it, then (to show a repeat is
 * one event) waits an hour for another.
 */
const queuePlan: WorkflowPlan = {
  name: "seat-queue",
  id: "seat-queue",
  version: "v1-queue",
  entity: "seat",
  statusField: "state",
  start: "created",
  compensations: {},
  nodes: nodes(
    { id: "created", kind: "trigger", trigger: { on: "create" }, next: "queued" },
    { id: "queued", kind: "state", status: "queued", next: "first", transitions: [] },
    {
      id: "first",
      kind: "wait",
      until: { kind: "event", event: "seat-freed" },
      skipIfEmpty: false,
      timeout: { kind: "duration", duration: { iso: "P30D", ms: 30 * DAY } },
      next: { done: "offered", timeout: "end-lapsed" },
    },
    { id: "offered", kind: "state", status: "offered", next: "second", transitions: [] },
    {
      id: "second",
      kind: "wait",
      until: { kind: "event", event: "seat-freed" },
      skipIfEmpty: false,
      timeout: { kind: "duration", duration: { iso: "PT1H", ms: HOUR } },
      next: { done: "end-twice", timeout: "end-once" },
    },
    { id: "end-twice", kind: "end", outcome: "twice" },
    { id: "end-once", kind: "end", outcome: "once" },
    { id: "end-lapsed", kind: "end", outcome: "lapsed" },
  ),
};

const input = (plan: WorkflowPlan, instanceId: string): InterpreterInput => ({
  plan,
  run: {
    tenantId: "tenant-1",
    instanceId,
    workflow: plan.name,
    version: plan.version,
    entity: plan.entity,
    recordId: "seat-1",
  },
  trigger: { on: "test" },
});
const history = (plan: WorkflowPlan, instanceId: string) =>
  new HistoryBuilder({ workflowType: "interpretPlan", input: [input(plan, instanceId)] });

/** Held, then waiting for a transition until the 2-hour lapse (its timer). */
function heldWithTimer(plan: WorkflowPlan) {
  const h = history(plan, "seat-1");
  const held = h.workflowTask().scheduleActivity("setStatus", { status: "held" });
  const timer = h
    .completeActivity(held)
    .workflowTask()
    .startTimer(2 * HOUR);
  return { h, timer };
}

/** The holder releases the seat after an hour: released, the session's next seat signalled, end. */
function released(plan = seatPlan([release, lapseAfter(2 * HOUR)])) {
  const { h, timer } = heldWithTimer(plan);
  h.advance(HOUR).signal("transition", { name: "release", by: "u-1" });
  const status = h.workflowTask().cancelTimer(timer).scheduleActivity("setStatus", { status: "released" });
  const signal = h.completeActivity(status).workflowTask().scheduleActivity("signalRuns", {});
  return h
    .completeActivity(signal, { signalled: ["seat-run-7"] })
    .workflowTask()
    .completeWorkflow({ outcome: "released", nodeId: "end-released", steps: 5 })
    .toJSON();
}

let bundle: WorkflowBundleWithSourceMap;
let activities: { type: string; input: any }[] = [];
let timers: number[] = [];
const sinks: InjectedSinks<CaptureSinks> = {
  capture: {
    activity: { fn: (_info, type, args) => void activities.push({ type, input: args[0] }), callDuringReplay: true },
    timer: { fn: (_info, ms) => void timers.push(ms), callDuringReplay: true },
    child: { fn: () => {}, callDuringReplay: true },
  },
};
const replay = (json: unknown) => {
  activities = [];
  timers = [];
  return Worker.runReplayHistory({ workflowBundle: bundle, sinks }, json);
};
const scheduled = () => activities.map((a) => a.type);
const inputOf = (type: string, nth = 0) => activities.filter((a) => a.type === type)[nth].input;

const VIOLATION = /does not match|No command scheduled|does not handle this event/;

async function expectViolation(json: unknown, reason: RegExp) {
  const error = await replay(json).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeterminismViolationError);
  expect((error as Error).message).toMatch(reason);
}

beforeAll(async () => {
  Runtime.install({
    logger: new DefaultLogger("ERROR"),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: "ERROR" }), forward: {} } },
  });
  bundle = await bundleInterpreter({
    interceptorModules: [fileURLToPath(new URL("./support/temporal-capture-interceptor.ts", import.meta.url))],
  });
});

describe("timed transitions", () => {
  it("a transition taken before the moment cancels its timer; the signal node then signals the session's seats", async () => {
    await expect(replay(released())).resolves.toBeUndefined();
    expect(scheduled()).toEqual(["setStatus", "setStatus", "signalRuns"]);
    expect(timers).toHaveLength(1);
    expect(timers[0]).toBeGreaterThan(2 * HOUR - 1000);
    expect(timers[0]).toBeLessThanOrEqual(2 * HOUR);
    expect(inputOf("signalRuns")).toMatchObject({
      event: "seat-freed",
      to: { path: ["session"], relation: "seats", entity: "seat", foreignKey: "sessionId" },
      limit: 1,
      step: { nodeId: "free", seq: 4, key: "seat-1:4" },
    });
  });

  it("the moment falling first takes the timed transition (the system's), with no signal", async () => {
    const { h, timer } = heldWithTimer(seatPlan([release, lapseAfter(2 * HOUR)]));
    h.advance(2 * HOUR).fireTimer(timer);
    const json = h.workflowTask().completeWorkflow({ outcome: "lapsed", nodeId: "end-lapsed", steps: 3 }).toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(scheduled()).toEqual(["setStatus"]);
  });

  it("a moment in a related record's date field is read first; the earliest timed transition wins", async () => {
    const plan = seatPlan([release, lapseAtSessionEnd, { ...lapseAfter(5 * HOUR), name: "late", next: "released" }]);
    const h = history(plan, "seat-1");
    const held = h.workflowTask().scheduleActivity("setStatus", {});
    const load = h.completeActivity(held).workflowTask().scheduleActivity("loadContext", {});
    const endsAt = new Date(h.now + 3 * HOUR).toISOString();
    const timer = h
      .completeActivity(load, { record: { id: "seat-1" }, related: { session: { endsAt } }, tenantSettings: {} })
      .workflowTask()
      .startTimer(3 * HOUR);
    h.advance(3 * HOUR).fireTimer(timer);
    const json = h.workflowTask().completeWorkflow({ outcome: "lapsed", nodeId: "end-lapsed", steps: 3 }).toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(inputOf("loadContext").reads).toEqual([["session", "endsAt"]]);
    // The session's end (3 h) comes before the 5-hour one.
    expect(timers).toHaveLength(1);
    expect(timers[0]).toBeLessThan(3 * HOUR);
    expect(timers[0]).toBeGreaterThan(3 * HOUR - 1000);
  });

  it("an empty date field never falls: no timer, the run waits for an actor", async () => {
    const h = history(seatPlan([release, lapseAtSessionEnd]), "seat-1");
    const held = h.workflowTask().scheduleActivity("setStatus", {});
    const load = h.completeActivity(held).workflowTask().scheduleActivity("loadContext", {});
    h.completeActivity(load, { record: { id: "seat-1" }, related: { session: { endsAt: null } }, tenantSettings: {} });
    h.workflowTask().advance(DAY).signal("transition", { name: "release", by: "u-1" });
    const status = h.workflowTask().scheduleActivity("setStatus", {});
    const signal = h.completeActivity(status).workflowTask().scheduleActivity("signalRuns", {});
    const json = h
      .completeActivity(signal, { signalled: [] })
      .workflowTask()
      .completeWorkflow({ outcome: "released", nodeId: "end-released", steps: 5 })
      .toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(timers).toEqual([]);
  });

  it("a transition made timed on a related record's date under a running instance raises DeterminismViolationError", async () => {
    const plain = seatPlan([release]);
    const h = history(plain, "seat-1");
    const held = h.workflowTask().scheduleActivity("setStatus", {});
    h.completeActivity(held).workflowTask().advance(HOUR).signal("transition", { name: "release", by: "u-1" });
    const status = h.workflowTask().scheduleActivity("setStatus", {});
    const signal = h.completeActivity(status).workflowTask().scheduleActivity("signalRuns", {});
    const json = h
      .completeActivity(signal, { signalled: [] })
      .workflowTask()
      .completeWorkflow({ outcome: "released", nodeId: "end-released", steps: 5 })
      .toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    // A duration moment only adds a timer the next task cancels (Temporal drops a timer that
    // never reached the history); a date-field moment reads the record first: another command.
    await expect(
      replay(withInput(json, input(seatPlan([release, lapseAfter(2 * HOUR)]), "seat-1"))),
    ).resolves.toBeUndefined();
    await expectViolation(
      withInput(json, input(seatPlan([release, lapseAtSessionEnd]), "seat-1")),
      /scheduled event 'setStatus' does not match .* command 'loadContext'/,
    );
  });
});

describe("signal nodes", () => {
  it("a plan without the signal node does not replay a history that signalled", async () => {
    await expectViolation(
      withInput(released(), input(seatPlan([release, lapseAfter(2 * HOUR)], false), "seat-1")),
      VIOLATION,
    );
  });

  it("a waiting run takes a signal node's event; the same event again (a retried delivery) is one event", async () => {
    const h = history(queuePlan, "queue-1");
    const queued = h.workflowTask().scheduleActivity("setStatus", {});
    const first = h
      .completeActivity(queued)
      .workflowTask()
      .startTimer(30 * DAY);
    const event = {
      name: "seat-freed",
      payload: { from: { entity: "seat", id: "seat-9", instanceId: "seat-run-9" } },
      id: "seat-run-9:4:queue-1",
      onlyIfWaiting: true,
    };
    h.advance(HOUR).signal("event", event);
    const offered = h.workflowTask().cancelTimer(first).scheduleActivity("setStatus", { status: "offered" });
    const second = h.completeActivity(offered).workflowTask().startTimer(HOUR);
    h.signal("event", event);
    h.workflowTask().advance(HOUR).fireTimer(second);
    const json = h.workflowTask().completeWorkflow({ outcome: "once", nodeId: "end-once", steps: 6 }).toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    expect(scheduled()).toEqual(["setStatus", "setStatus"]);
    expect(inputOf("setStatus", 1)).toMatchObject({ status: "offered" });
    expect(timers).toHaveLength(2);
    // Had the repeat counted as a second event, the second wait would have ended on it.
    const twice = structuredClone(json);
    const repeat = twice.events.filter((e) => e.eventType === "EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED")[1];
    const attributes = repeat.workflowExecutionSignaledEventAttributes as { input: { payloads: { data: string }[] } };
    attributes.input.payloads[0].data = Buffer.from(JSON.stringify({ ...event, id: "another:5:queue-1" })).toString(
      "base64",
    );
    // A distinct event does end the second wait: its timer is cancelled, which the recorded firing contradicts.
    await expect(replay(twice)).rejects.toThrow(/TimerMachine in state CancelTimerCommandSent .* TimerFired/);
  });

  it("an event sent only to waiting runs is dropped when it arrives before the wait (unlike an API event, kept)", async () => {
    const event = { name: "seat-freed", payload: {}, id: "x:1:queue-1", onlyIfWaiting: true };
    const h = history(queuePlan, "queue-1");
    const queued = h.workflowTask().scheduleActivity("setStatus", {});
    h.signal("event", event);
    const first = h
      .completeActivity(queued)
      .workflowTask()
      .startTimer(30 * DAY);
    h.advance(30 * DAY).fireTimer(first);
    const json = h.workflowTask().completeWorkflow({ outcome: "lapsed", nodeId: "end-lapsed", steps: 4 }).toJSON();
    await expect(replay(json)).resolves.toBeUndefined();
    // The same history with the event kept (no `onlyIfWaiting`): the wait takes it, no timer.
    const kept = structuredClone(json);
    const signalled = kept.events.find((e) => e.eventType === "EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED")!;
    const attributes = signalled.workflowExecutionSignaledEventAttributes as {
      input: { payloads: { data: string }[] };
    };
    attributes.input.payloads[0].data = Buffer.from(JSON.stringify({ name: "seat-freed", payload: {} })).toString(
      "base64",
    );
    await expectViolation(kept, /Activity machine does not handle this event: .*TimerStarted/);
  });
});
