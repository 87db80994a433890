/**
 * The interpreter's activities (runtime/src/workflows/temporal/activities.ts), each run in
 * Temporal's MockActivityEnvironment (no server can run here: STACK.md §6) against the in-memory
 * STAND-IN of the runtime's stores (test/support/temporal-memory-activities.ts). What is checked is
 * the contract any implementation keeps: tenant-filtered reads and writes, one effect per step key
 * however often Temporal retries (attempt 2, 3 … of the same step), non-retryable failures for
 * what retrying cannot fix, a webhook call stopped by the activity's cancellation.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { MockActivityEnvironment } from "@temporalio/testing";
import { ApplicationFailure, CancelledFailure } from "@temporalio/activity";
import { DefaultLogger } from "@temporalio/worker";
import type { WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import {
  PLAN_ACTIVITY_NAMES,
  type PlanActivities,
  type RunRef,
  type StepRef,
} from "../src/workflows/temporal/activities.ts";
import {
  getRecord,
  memoryActivities,
  memoryStores,
  putRecord,
  type MemoryStores,
} from "./support/temporal-memory-activities.ts";

const run: RunRef = {
  tenantId: "t-a",
  instanceId: "inst-1",
  workflow: "parcel-pickup",
  version: "v1",
  entity: "parcel",
  recordId: "p-1",
};
const step = (seq: number, nodeId = `node-${seq}`): StepRef => ({
  ...run,
  nodeId,
  seq,
  key: `${run.instanceId}:${seq}`,
  compensates: null,
});
const context = { trigger: null, approval: null, event: null };
/** Failing attempts are expected here: log errors only. */
const mockEnvironment = (attemptNo: number, activityType: string) =>
  new MockActivityEnvironment({ attempt: attemptNo, activityType }, { logger: new DefaultLogger("ERROR") });

let stores: MemoryStores;
let activities: PlanActivities;

/** Runs one activity as Temporal would on attempt `attempt`. */
function attempt<K extends keyof PlanActivities>(
  name: K,
  input: Parameters<PlanActivities[K]>[0],
  attemptNo = 1,
  env = mockEnvironment(attemptNo, name),
): ReturnType<PlanActivities[K]> {
  const fn = activities[name] as (i: typeof input) => ReturnType<PlanActivities[K]>;
  return env.run(fn, input) as ReturnType<PlanActivities[K]>;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

beforeEach(() => {
  stores = memoryStores();
  activities = memoryActivities(stores);
  stores.relations.parcel = { hub: { entity: "hub", field: "hubId" } };
  stores.relations.hub = { region: { entity: "region", field: "regionId" } };
  putRecord(stores, "t-a", "parcel", {
    id: "p-1",
    weight: 12,
    hubId: "h-1",
    createdBy: "u-owner",
    contact: "c@x.test",
  });
  putRecord(stores, "t-a", "hub", { id: "h-1", name: "North", regionId: "r-1", managerId: "u-mgr" });
  putRecord(stores, "t-a", "region", { id: "r-1", name: "Coast" });
  // The same ids in another tenant: nothing of it may show.
  putRecord(stores, "t-b", "parcel", { id: "p-2", weight: 99, hubId: "h-1", createdBy: "u-other" });
  putRecord(stores, "t-b", "hub", { id: "h-1", name: "Elsewhere" });
  stores.users.push(
    { tenantId: "t-a", id: "u-owner", email: "owner@a.test", roles: [] },
    { tenantId: "t-a", id: "u-mgr", email: "mgr@a.test", roles: ["courier"] },
    { tenantId: "t-a", id: "u-c2", email: "c2@a.test", roles: ["courier", "reviewer"] },
    { tenantId: "t-b", id: "u-b", email: "b@b.test", roles: ["courier", "reviewer"] },
  );
  stores.settings.set("t-a", { currency: "EUR" });
});

it("the stand-in implements every activity the interpreter calls", () => {
  expect(Object.keys(activities).sort()).toEqual([...PLAN_ACTIVITY_NAMES].sort());
});

describe("loadContext", () => {
  it("returns the record, the relations the reads cross (nested) and the tenant's settings", async () => {
    const ctx = await attempt("loadContext", {
      run,
      reads: [
        ["record", "weight"],
        ["hub", "region", "name"],
      ],
    });
    expect(ctx.record).toMatchObject({ id: "p-1", weight: 12 });
    expect(ctx.related).toMatchObject({ hub: { name: "North", region: { name: "Coast" } } });
    expect(ctx.tenantSettings).toEqual({ currency: "EUR" });
  });

  it("never reads another tenant's record with the same id", async () => {
    const ctx = await attempt("loadContext", { run: { ...run, tenantId: "t-b" }, reads: [["hub", "name"]] });
    expect(ctx.record).toBeNull();
    expect(ctx.related).toEqual({});
  });
});

describe("record writes", () => {
  it("setStatus writes the status field once per step key, however often it is retried", async () => {
    await attempt("setStatus", { step: step(2), field: "stage", status: "dispatched" });
    getRecord(stores, "t-a", "parcel", "p-1")!.stage = "moved-on";
    await attempt("setStatus", { step: step(2), field: "stage", status: "dispatched" }, 2);
    expect(getRecord(stores, "t-a", "parcel", "p-1")!.stage).toBe("moved-on");
    expect([...stores.effects.keys()]).toEqual(["t-a:inst-1:2"]);
  });

  it("updateRecord writes the resolved values; a retry of the step does not write again", async () => {
    await attempt("updateRecord", { step: step(3), values: { dispatchedAt: "2026-12-01T10:00:00.000Z", weight: 13 } });
    await attempt("updateRecord", { step: step(3), values: { weight: 14 } }, 3);
    expect(getRecord(stores, "t-a", "parcel", "p-1")).toMatchObject({
      dispatchedAt: "2026-12-01T10:00:00.000Z",
      weight: 13,
    });
    expect(getRecord(stores, "t-b", "parcel", "p-2")!.weight).toBe(99);
  });

  it("a missing record is a non-retryable failure (retrying cannot bring it back)", async () => {
    const error = await failureOf(
      attempt("updateRecord", { step: { ...step(4), recordId: "p-2" }, values: { weight: 1 } }),
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ nonRetryable: true, type: "NotFound" });
  });
});

describe("sendEmail", () => {
  it("resolves owner, role, related user field and email field to recipients, deduped on the step key", async () => {
    const to = [
      { kind: "owner", path: [] },
      { kind: "role", role: "reviewer" },
      { kind: "user-field", path: ["hub"], field: "managerId" },
      { kind: "email-field", path: [], field: "contact" },
    ] as const;
    const first = await attempt("sendEmail", { step: step(5), template: "parcel-out", to, locale: "de", context });
    const retry = await attempt("sendEmail", { step: step(5), template: "parcel-out", to, locale: "de", context }, 2);
    expect(first).toEqual({ messages: 4 });
    expect(retry).toEqual({ messages: 4 });
    expect(stores.emails.map((e) => e.to).sort()).toEqual(["c2@a.test", "c@x.test", "mgr@a.test", "owner@a.test"]);
    expect(new Set(stores.emails.map((e) => e.dedupeKey))).toEqual(new Set(["inst-1:5"]));
  });
});

describe("callWebhook", () => {
  beforeEach(() => {
    stores.subscriptions.set("t-a", { "parcel.out": ["https://hooks.a.test/1", "https://hooks.a.test/2"] });
    stores.subscriptions.set("t-b", { "parcel.out": ["https://hooks.b.test/1"] });
  });

  it("delivers to the tenant's subscriptions with the step key as Idempotency-Key, the same on every attempt", async () => {
    let refusals = 1;
    stores.receiver = async () => {
      if (refusals-- > 0) throw new Error("503 from receiver");
    };
    const first = await failureOf(
      attempt("callWebhook", { step: step(6), event: "parcel.out", method: "POST", context }),
    );
    expect((first as Error).message).toBe("503 from receiver");
    await expect(
      attempt("callWebhook", { step: step(6), event: "parcel.out", method: "POST", context }, 2),
    ).resolves.toEqual({ delivered: 2 });
    expect(stores.deliveries.map((d) => [d.url, d.headers["idempotency-key"], d.headers["x-mono-attempt"]])).toEqual([
      ["https://hooks.a.test/1", "inst-1:6", "2"],
      ["https://hooks.a.test/2", "inst-1:6", "2"],
    ]);
  });

  it("stops when Temporal cancels the activity", async () => {
    const env = mockEnvironment(1, "callWebhook");
    stores.receiver = (_delivery, signal) =>
      new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    const pending = failureOf(
      attempt("callWebhook", { step: step(6), event: "parcel.out", method: "POST", context }, 1, env),
    );
    env.cancel();
    expect(await pending).toBeInstanceOf(CancelledFailure);
    expect(stores.deliveries).toEqual([]);
  });
});

describe("assignUser", () => {
  it("least-open picks the role holder with the fewest open tasks, only in the run's tenant", async () => {
    stores.tasks.set("x", { tenantId: "t-a", id: "x", assigneeIds: ["u-c2"], status: "open", dueAt: null });
    const result = await attempt("assignUser", {
      step: step(7),
      field: "courierId",
      role: "courier",
      strategy: "least-open",
      notify: false,
    });
    expect(result).toEqual({ userId: "u-mgr" });
    expect(getRecord(stores, "t-a", "parcel", "p-1")!.courierId).toBe("u-mgr");
  });

  it("round-robin takes turns across steps, and a retried step keeps its pick", async () => {
    const pick = (seq: number, attemptNo = 1) =>
      attempt(
        "assignUser",
        { step: step(seq), field: "courierId", role: "courier", strategy: "round-robin", notify: true },
        attemptNo,
      );
    const a = await pick(8);
    const again = await pick(8, 2);
    const b = await pick(9);
    expect(again).toEqual(a);
    expect(new Set([a.userId, b.userId])).toEqual(new Set(["u-mgr", "u-c2"]));
  });

  it("nobody holding the role gives null and writes nothing", async () => {
    const result = await attempt("assignUser", {
      step: step(10),
      field: "courierId",
      role: "pilot",
      strategy: "least-open",
      notify: false,
    });
    expect(result).toEqual({ userId: null });
    expect(getRecord(stores, "t-a", "parcel", "p-1")!.courierId).toBeUndefined();
  });
});

describe("human tasks", () => {
  it("openTask opens one task per step (a retry returns the same), without the author when excluded", async () => {
    const input = {
      step: step(11),
      assignees: [
        { kind: "role", role: "reviewer" },
        { kind: "owner", path: [] },
      ] as const,
      minApprovals: 1,
      excludeAuthor: true,
      dueAt: "2026-12-02T09:00:00.000Z",
    };
    const first = await attempt("openTask", input);
    const retry = await attempt("openTask", input, 2);
    expect(retry).toEqual(first);
    expect(stores.tasks.size).toBe(1);
    expect(stores.tasks.get(first.taskId)).toMatchObject({ assigneeIds: ["u-c2"], status: "open", dueAt: input.dueAt });
  });

  it("closeTask closes the run's task, and refuses another tenant's", async () => {
    const { taskId } = await attempt("openTask", {
      step: step(12),
      assignees: [{ kind: "role", role: "reviewer" }],
      minApprovals: 1,
      excludeAuthor: false,
      dueAt: null,
    });
    const foreign = await failureOf(
      attempt("closeTask", { step: { ...step(12), tenantId: "t-b" }, taskId, status: "cancelled" }),
    );
    expect(foreign).toMatchObject({ nonRetryable: true, type: "NotFound" });
    await attempt("closeTask", { step: step(12), taskId, status: "approved" });
    await attempt("closeTask", { step: step(12), taskId, status: "expired" }, 2);
    expect(stores.tasks.get(taskId)!.status).toBe("approved");
  });
});

describe("loadPlan", () => {
  it("returns the tenant's plan of the sub-workflow, and fails for good on an unknown name", async () => {
    const plan = {
      name: "label",
      id: "label",
      version: "v3",
      entity: "parcel",
      statusField: null,
      start: "e",
      nodes: { e: { id: "e", kind: "end", outcome: "ok" } },
      compensations: {},
    } satisfies WorkflowPlan;
    stores.plans.set("t-a:label", plan);
    await expect(attempt("loadPlan", { run, workflow: "label" })).resolves.toEqual(plan);
    const unknown = await failureOf(attempt("loadPlan", { run: { ...run, tenantId: "t-b" }, workflow: "label" }));
    expect(unknown).toMatchObject({ nonRetryable: true, type: "NotFound" });
  });
});
