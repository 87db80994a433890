/**
 * The Temporal backend over the runtime's real stores, on real PostgreSQL with a template of this
 * test's own (depots and their crates, nothing shipped):
 *
 * - the activities (temporal/postgres-activities.ts), each run in Temporal's
 *   MockActivityEnvironment: tenant filtering, one effect per step key across attempts, emails in
 *   the outbox (`email_message`, deduplicated per step key and recipient), tasks in `workflow_task`
 *   where the inbox route reads them, webhooks signed with the step key, signal nodes reaching the
 *   longest-waiting runs of related records;
 * - the wiring: the app with a Temporal backend starts, signals and cancels runs through it —
 *   record-write triggers, manual starts, transitions, decisions, events, record changes, cancel —
 *   and shows a Temporal run's timeline from its `state` query.
 *
 * No Temporal server can run here (STACK.md §6): the backend is a RECORDING STAND-IN of the
 * Temporal client (`TemporalBackend`), which records what the server would be sent and answers the
 * state query with states the test sets.
 */
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockActivityEnvironment } from "@temporalio/testing";
import { createServer as createHttpServer } from "node:http";
import { ApplicationFailure, CancelledFailure } from "@temporalio/activity";
import { DefaultLogger } from "@temporalio/worker";
import type { PlanNode, WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import type { PlanActivities, RunRef, StepRef } from "../src/workflows/temporal/activities.ts";
import type {
  InstanceRef,
  InterpreterSignal,
  StartedInstance,
  TemporalBackend,
} from "../src/workflows/temporal/backend.ts";
import type { InterpreterInput, InterpreterResult, InterpreterState } from "../src/workflows/temporal/messages.ts";
import { PLAN_ACTIVITY_NAMES } from "../src/workflows/temporal/activities.ts";
import { stepUuid } from "../src/workflows/temporal/ids.ts";
import { TemporalRuns } from "../src/workflows/temporal/temporal-runs.ts";
import { postgresActivities } from "../src/workflows/temporal/postgres-activities.ts";
import { WEBHOOK_SETTING, type PlanLookup } from "../src/workflows/workflow-executor.ts";
import {
  allTemplates,
  caller,
  createTenant,
  createUser,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type TestUser,
} from "./authz-support.ts";
import { installOwnTemplate } from "./crud-support.ts";
import { startReceiver, type Receiver } from "./workflow-support.ts";

const TEMPLATE_ID = "wf-yard";
const label = (en: string) => ({ en });
const RAW_TEMPLATE = {
  id: TEMPLATE_ID,
  version: "1.0.0",
  title: label("Yard"),
  locales: ["en"],
  roles: {
    handler: { label: label("Handler"), tier: "tenant", inherits: ["user"], permissions: ["crates:*", "depots:*"] },
  },
  entities: {
    Depot: {
      id: "ent_depot",
      label: label("Depot"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["title"],
        properties: { title: { "x-id": "fld_depot_title", type: "string", maxLength: 80 } },
      },
      relations: { crates: { id: "rel_depot_crates", to: "Crate", kind: "one-to-many", inverse: "depot" } },
    },
    Crate: {
      id: "ent_crate",
      label: label("Crate"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["label"],
        properties: {
          label: { "x-id": "fld_crate_label", type: "string", maxLength: 80 },
          stage: { "x-id": "fld_crate_stage", type: "string", maxLength: 40 },
          weight: { "x-id": "fld_crate_weight", type: "integer", default: 0 },
          contact: { "x-id": "fld_crate_contact", type: "string", format: "email" },
          handlerId: { "x-id": "fld_crate_handler", type: "string", format: "uuid" },
        },
      },
      relations: { depot: { id: "rel_crate_depot", to: "Depot", kind: "many-to-one" } },
    },
  },
  // The graphs only make the entity's workflows known to the entity hooks; the runs use the
  // plans below (planFor), written by hand.
  workflows: {
    "crate-created": {
      id: "wf_crate_created",
      label: label("Crate created"),
      entity: "Crate",
      nodes: [
        { id: "start", type: "trigger", label: label("Created"), config: { on: "create" }, position: { x: 0, y: 0 } },
        { id: "done", type: "end", label: label("Done"), position: { x: 200, y: 0 } },
      ],
      edges: [{ id: "e1", source: "start", target: "done" }],
    },
    "crate-flow": {
      id: "wf_crate_flow",
      label: label("Crate flow"),
      entity: "Crate",
      nodes: [
        {
          id: "start",
          type: "trigger",
          label: label("Started"),
          config: { on: "manual", actors: ["handler"] },
          position: { x: 0, y: 0 },
        },
        { id: "done", type: "end", label: label("Done"), position: { x: 200, y: 0 } },
      ],
      edges: [{ id: "e1", source: "start", target: "done" }],
    },
  },
  emails: {
    "crate-mail": {
      subject: { en: "Crate {{ label }} at {{ depotTitle }}" },
      mjml: {
        en: "<mjml><mj-body><mj-section><mj-column><mj-text>{{ label }} / {{ depotTitle }}</mj-text></mj-column></mj-section></mj-body></mjml>",
      },
      variables: ["label", "depotTitle"],
    },
  },
};

const handler = { kind: "role", role: "handler" } as const;
const plan = (name: string, nodes: PlanNode[], extra: Partial<WorkflowPlan> = {}): WorkflowPlan => ({
  name,
  id: `wf_${name}`,
  version: `v1-${name}`,
  entity: "Crate",
  statusField: null,
  start: nodes[0].id,
  nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
  compensations: {},
  ...extra,
});
const PLANS: Record<string, WorkflowPlan> = {
  "crate-created": plan("crate-created", [
    { id: "start", kind: "trigger", trigger: { on: "create" }, next: "end" },
    { id: "end", kind: "end", outcome: "done" },
  ]),
  "crate-flow": plan(
    "crate-flow",
    [
      { id: "start", kind: "trigger", trigger: { on: "manual", parties: [handler] }, next: "held" },
      {
        id: "held",
        kind: "state",
        status: "held",
        next: null,
        transitions: [
          { name: "release", next: "out", actors: [handler] },
          {
            name: "expire",
            next: "end",
            actors: [{ kind: "system" }],
            at: { kind: "duration", duration: { iso: "PT1H", ms: 3_600_000 } },
          },
        ],
      },
      { id: "out", kind: "state", status: "out", next: "end", transitions: [] },
      { id: "end", kind: "end", outcome: "done" },
    ],
    { statusField: "stage" },
  ),
};
const planFor: PlanLookup = (_tenantId, name) => (PLANS[name] ? { templateId: TEMPLATE_ID, plan: PLANS[name] } : null);

/** A RECORDING STAND-IN of the Temporal client: what would go to the server, and states the test sets. */
class RecordingBackend implements TemporalBackend {
  readonly taskQueue = "mono-workflows";
  readonly starts: InterpreterInput[] = [];
  readonly signals: { ref: InstanceRef; signal: InterpreterSignal }[] = [];
  readonly cancels: InstanceRef[] = [];
  readonly states = new Map<string, InterpreterState>();
  /** The next start or cancel fails (the server refuses or cannot be reached). */
  refuse: { start?: boolean; cancel?: boolean } = {};
  async start(input: InterpreterInput): Promise<StartedInstance> {
    this.starts.push(input);
    if (this.refuse.start) throw new Error("namespace mono not found");
    return { workflowId: `mono/${input.run.tenantId}/${input.run.instanceId}`, runId: `run-${this.starts.length}` };
  }
  async signal(ref: InstanceRef, signal: InterpreterSignal): Promise<void> {
    this.signals.push({ ref, signal });
  }
  async cancel(ref: InstanceRef): Promise<void> {
    this.cancels.push(ref);
    if (this.refuse.cancel) throw new Error("connection refused");
  }
  async state(ref: InstanceRef): Promise<InterpreterState> {
    const state = this.states.get(`${ref.tenantId}/${ref.instanceId}`);
    if (!state) throw new Error(`workflow mono/${ref.tenantId}/${ref.instanceId} not found`);
    return state;
  }
  async result(): Promise<InterpreterResult> {
    throw new Error("not used");
  }
  async close(): Promise<void> {}
}

const waitingState = (
  waitingFor: InterpreterState["waitingFor"],
  currentNodeId: string,
  since = "2026-12-01T09:00:00.000Z",
): InterpreterState => ({
  status: "waiting",
  currentNodeId,
  version: "v1",
  waitingFor,
  approval: null,
  event: null,
  steps: [
    {
      seq: 1,
      nodeId: "start",
      kind: "trigger",
      status: "completed",
      outcome: "next",
      startedAt: "2026-12-01T08:00:00.000Z",
      finishedAt: "2026-12-01T08:00:00.010Z",
      compensates: null,
      error: null,
    },
    {
      seq: 2,
      nodeId: currentNodeId,
      kind: waitingFor?.kind === "transition" ? "state" : "wait",
      status: "waiting",
      outcome: null,
      startedAt: since,
      finishedAt: null,
      compensates: null,
      error: null,
    },
  ],
  outcome: null,
  error: null,
});

let env: AuthzEnv;
let backend: RecordingBackend;
let activities: PlanActivities;
let tenantA = "";
let tenantB = "";
let admin: TestUser;
let handler1: TestUser;
let handler2: TestUser;
let author: TestUser;
let outsider: TestUser;
let adminB: TestUser;
let as: (user: TestUser) => Call;
let receiver: Receiver;
const SECRET = "yard-secret";
const crates = (rest = "") => `/api/v1/tenant/entities/${TEMPLATE_ID}:crates${rest}`;
const W = "/api/v1/tenant/workflows";

beforeAll(async () => {
  const own = await installOwnTemplate(RAW_TEMPLATE, "wf-yard.json");
  backend = new RecordingBackend();
  env = await startAuthzApp({
    registry: [...allTemplates, own.registry],
    extra: { workflows: { planFor, worker: false, temporal: backend } },
  });
  await own.apply(env.testDb.url);
  tenantA = await createTenant(env.db, "yard-a", [TEMPLATE_ID]);
  tenantB = await createTenant(env.db, "yard-b", [TEMPLATE_ID]);
  admin = await createUser(env, tenantA, "yard-a", { roles: [["tenant-admin", null]] });
  handler1 = await createUser(env, tenantA, "yard-a", { roles: [["handler", null]] });
  handler2 = await createUser(env, tenantA, "yard-a", { roles: [["handler", null]] });
  author = await createUser(env, tenantA, "yard-a", { roles: [["handler", null]] });
  outsider = await createUser(env, tenantA, "yard-a", { roles: [] });
  adminB = await createUser(env, tenantB, "yard-b", {
    roles: [
      ["tenant-admin", null],
      ["handler", null],
    ],
  });
  as = (user) => caller(env, user.slug, user);
  receiver = await startReceiver();
  await env.db.query(`UPDATE "tenant" SET "settings" = jsonb_build_object($2::text, $3::jsonb) WHERE "id" = $1`, [
    tenantA,
    WEBHOOK_SETTING,
    JSON.stringify([{ event: "crate.out", url: receiver.url, secret: SECRET }]),
  ]);
  activities = postgresActivities({
    db: env.db,
    planFor,
    templates: (id) => env.app.registry.templates.find((t) => t.id === id),
    email: env.app.email.outbox,
    backend,
  });
}, 180_000);
afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

/** Rows straight into the tables (the activities' inputs), the author as creator. */
async function depot(tenantId: string, title: string): Promise<string> {
  const { rows } = await env.db.query<{ id: string }>(
    `INSERT INTO "wf_yard_depot" ("tenantId", "title") VALUES ($1, $2) RETURNING "id"`,
    [tenantId, title],
  );
  return rows[0].id;
}
async function crate(tenantId: string, depotId: string | null, fields: Record<string, unknown> = {}): Promise<string> {
  const { rows } = await env.db.query<{ id: string }>(
    `INSERT INTO "wf_yard_crate" ("tenantId", "label", "depotId", "contact", "createdBy", "weight")
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"`,
    [
      tenantId,
      fields.label ?? "Crate",
      depotId,
      fields.contact ?? null,
      fields.createdBy ?? (tenantId === tenantA ? author.id : adminB.id),
      fields.weight ?? 0,
    ],
  );
  return rows[0].id;
}
const crateRow = async (id: string) =>
  (await env.db.query<Record<string, unknown>>(`SELECT * FROM "wf_yard_crate" WHERE "id" = $1`, [id])).rows[0];

/** A Temporal run's instance row, started the way the server starts one (manual start route). */
async function startRun(by: TestUser, workflow: string, recordId: string | null, key?: string): Promise<string> {
  const r = await as(by)("POST", `${W}/${workflow}/instances`, { recordId, ...(key ? { key } : {}) });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}

let stepNo = 0;
const runOf = (instanceId: string, recordId: string | null, tenantId = tenantA): RunRef => ({
  tenantId,
  instanceId,
  workflow: "crate-flow",
  version: PLANS["crate-flow"].version,
  entity: "Crate",
  recordId,
});
const stepOf = (run: RunRef, nodeId = "n"): StepRef => {
  stepNo += 1;
  return { ...run, nodeId, seq: stepNo, key: `${run.instanceId}:${stepNo}`, compensates: null };
};
const context = { trigger: null, approval: null, event: null };

function attempt<K extends keyof PlanActivities>(
  name: K,
  input: Parameters<PlanActivities[K]>[0],
  attemptNo = 1,
): ReturnType<PlanActivities[K]> {
  const mock = new MockActivityEnvironment(
    { attempt: attemptNo, activityType: name },
    { logger: new DefaultLogger("ERROR") },
  );
  const fn = activities[name] as (i: typeof input) => ReturnType<PlanActivities[K]>;
  return mock.run(fn, input) as ReturnType<PlanActivities[K]>;
}
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );
const effects = async (key: string) =>
  (
    await env.db.query<{ kind: string; tenantId: string; stepId: string }>(
      `SELECT "kind", "tenantId", "stepId" FROM "workflow_effect" WHERE "idempotencyKey" LIKE $1 || ':%'`,
      [key],
    )
  ).rows;

describe("the activities over PostgreSQL", () => {
  let depotId = "";
  let crateId = "";
  let foreignCrate = "";
  let run: RunRef;
  beforeAll(async () => {
    depotId = await depot(tenantA, "North yard");
    crateId = await crate(tenantA, depotId, { label: "C-1", contact: "dock@yard-a.test", weight: 7 });
    foreignCrate = await crate(tenantB, await depot(tenantB, "Elsewhere"), { label: "B-1", weight: 99 });
    run = runOf(await startRun(handler1, "crate-flow", crateId), crateId);
  });

  it("implements every activity the interpreter calls", () => {
    expect(Object.keys(activities).sort()).toEqual([...PLAN_ACTIVITY_NAMES].sort());
  });

  it("loadContext reads the record, the relations the reads cross and the settings, never another tenant's", async () => {
    const ctx = await attempt("loadContext", {
      run,
      reads: [
        ["record", "weight"],
        ["depot", "title"],
        ["tenant", "settings", "x"],
      ],
    });
    expect(ctx.record).toMatchObject({ id: crateId, weight: 7 });
    expect(ctx.related).toMatchObject({ depot: { id: depotId, title: "North yard" } });
    expect(ctx.tenantSettings).toHaveProperty(WEBHOOK_SETTING);
    const foreign = await attempt("loadContext", {
      run: runOf(run.instanceId, foreignCrate),
      reads: [["depot", "title"]],
    });
    expect(foreign.record).toBeNull();
    expect(foreign.related).toEqual({});
  });

  it("setStatus and updateRecord write once per step key across attempts, only in the run's tenant", async () => {
    const status = stepOf(run, "held");
    await attempt("setStatus", { step: status, field: "stage", status: "held" });
    await env.db.query(`UPDATE "wf_yard_crate" SET "stage" = 'moved-on' WHERE "id" = $1`, [crateId]);
    await attempt("setStatus", { step: status, field: "stage", status: "held" }, 2);
    expect((await crateRow(crateId)).stage).toBe("moved-on");
    const update = stepOf(run, "bump");
    await attempt("updateRecord", { step: update, values: { weight: 8 } });
    await attempt("updateRecord", { step: update, values: { weight: 9 } }, 3);
    expect((await crateRow(crateId)).weight).toBe(8);
    expect(await effects(status.key)).toEqual([{ kind: "status", tenantId: tenantA, stepId: stepUuid(status.key) }]);
    expect(await effects(update.key)).toHaveLength(1);
    // The other tenant's record, named by a run of this tenant: not found, for good, untouched.
    const error = await failureOf(
      attempt("updateRecord", { step: stepOf(runOf(run.instanceId, foreignCrate)), values: { weight: 1 } }),
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ nonRetryable: true, type: "NotFound" });
    expect((await crateRow(foreignCrate)).weight).toBe(99);
  });

  it("sendEmail persists one outbox message per recipient, deduplicated on the step key across attempts", async () => {
    const step = stepOf(run, "mail");
    const input = {
      step,
      template: "crate-mail",
      to: [handler, { kind: "email-field", path: [], field: "contact" }] as const,
      locale: null,
      context,
    };
    expect(await attempt("sendEmail", input)).toEqual({ messages: 4 });
    expect(await attempt("sendEmail", input, 2)).toEqual({ messages: 4 });
    const { rows } = await env.db.query<{ tenantId: string; recipient: string; dedupeKey: string; subject: string }>(
      `SELECT "tenantId", "recipient", "dedupeKey", "subject" FROM "email_message" WHERE "dedupeKey" LIKE $1 || ':%'
        ORDER BY "recipient"`,
      [step.key],
    );
    const expected = ["dock@yard-a.test", author, handler1, handler2]
      .map((u) => (typeof u === "string" ? u : emailOf(u)))
      .sort();
    expect(rows.map((r) => r.recipient).sort()).toEqual(expected);
    expect(
      rows.every((r) => r.tenantId === tenantA && r.dedupeKey === `${step.key}:${r.recipient.toLowerCase()}`),
    ).toBe(true);
    // The declared variable named after the relation is filled from the crate's depot.
    expect(rows[0].subject).toBe("Crate C-1 at North yard");
    expect(await effects(step.key)).toHaveLength(1);
  });

  it("callWebhook signs the delivery with the step key as Idempotency-Key, the same on the retry", async () => {
    const step = stepOf(run, "hook");
    receiver.answers.push(503);
    const first = await failureOf(attempt("callWebhook", { step, event: "crate.out", method: "POST", context }));
    expect((first as Error).message).toMatch(/answered 503/);
    expect(await attempt("callWebhook", { step, event: "crate.out", method: "POST", context }, 2)).toEqual({
      delivered: 1,
    });
    expect(receiver.requests.map((r) => r.headers["idempotency-key"])).toEqual([step.key, step.key]);
    const last = receiver.requests[1];
    expect(last.headers["x-mono-signature"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(last.body).digest("hex")}`,
    );
    expect(JSON.parse(last.body)).toMatchObject({
      event: "crate.out",
      idempotencyKey: step.key,
      record: { id: crateId },
    });
    // Another tenant subscribed to nothing: nothing is sent for its runs.
    const other = await attempt("callWebhook", {
      step: stepOf(runOf(run.instanceId, foreignCrate, tenantB)),
      event: "crate.out",
      method: "POST",
      context,
    });
    expect(other).toEqual({ delivered: 0 });
    expect(receiver.requests).toHaveLength(2);
  });

  it("callWebhook stops when Temporal cancels the activity (a receiver that never answers)", async () => {
    let arrived = 0;
    const held = createHttpServer(() => void (arrived += 1));
    await new Promise<void>((r) => held.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(held.address() as { port: number }).port}/held`;
    try {
      await env.db.query(
        `UPDATE "tenant" SET "settings" = jsonb_set("settings", ARRAY[$2::text], "settings"->$2 || $3::jsonb) WHERE "id" = $1`,
        [tenantA, WEBHOOK_SETTING, JSON.stringify([{ event: "crate.held", url, secret: SECRET }])],
      );
      const mock = new MockActivityEnvironment(
        { attempt: 1, activityType: "callWebhook" },
        { logger: new DefaultLogger("ERROR") },
      );
      const step = stepOf(run, "hook");
      const pending = failureOf(
        mock.run(activities.callWebhook, { step, event: "crate.held", method: "POST" as const, context }),
      );
      while (arrived === 0) await new Promise((r) => setTimeout(r, 20));
      mock.cancel();
      expect(await pending).toBeInstanceOf(CancelledFailure);
      expect(await effects(step.key)).toEqual([]);
    } finally {
      held.closeAllConnections();
      await new Promise((r) => held.close(r));
    }
  });

  it("assignUser takes turns across steps, keeps its pick on a retry, and finds nobody for an unheld role", async () => {
    const pick = (step: StepRef, attemptNo = 1) =>
      attempt(
        "assignUser",
        { step, field: "handlerId", role: "handler", strategy: "round-robin", notify: false },
        attemptNo,
      );
    const s1 = stepOf(run, "assign");
    const s2 = stepOf(run, "assign");
    const a = await pick(s1);
    expect(await pick(s1, 2)).toEqual(a);
    const b = await pick(s2);
    expect(a.userId).not.toBe(b.userId);
    expect([handler1.id, handler2.id, author.id]).toContain(a.userId);
    expect((await crateRow(crateId)).handlerId).toBe(b.userId);
    const none = await attempt("assignUser", {
      step: stepOf(run, "assign"),
      field: "handlerId",
      role: "pilot",
      strategy: "least-open",
      notify: false,
    });
    expect(none).toEqual({ userId: null });
  });

  it("openTask opens one task per step in the inbox of its assignees (without the author); closeTask closes it", async () => {
    const step = stepOf(run, "approve");
    const input = {
      step,
      assignees: [handler],
      minApprovals: 1,
      excludeAuthor: true,
      dueAt: "2026-12-09T09:00:00.000Z",
    };
    const first = await attempt("openTask", input);
    expect(await attempt("openTask", input, 2)).toEqual(first);
    const inbox = async (user: TestUser) =>
      ((await as(user)("GET", `${W}/tasks?filter[status]=open`)).json().data as { id: string }[]).map((t) => t.id);
    expect(await inbox(handler1)).toContain(first.taskId);
    expect(await inbox(author)).not.toContain(first.taskId);
    expect(await inbox(adminB)).not.toContain(first.taskId);
    const foreign = await failureOf(
      attempt("closeTask", { step: { ...step, tenantId: tenantB }, taskId: first.taskId, status: "cancelled" }),
    );
    expect(foreign).toMatchObject({ nonRetryable: true, type: "NotFound" });
    await attempt("closeTask", { step, taskId: first.taskId, status: "approved" });
    await attempt("closeTask", { step, taskId: first.taskId, status: "expired" }, 2);
    const { rows } = await env.db.query(`SELECT "status", "stepId" FROM "workflow_task" WHERE "id" = $1`, [
      first.taskId,
    ]);
    expect(rows[0]).toEqual({ status: "approved", stepId: stepUuid(step.key) });
  });

  it("loadPlan returns the sub-workflow's plan and fails for good on an unknown one", async () => {
    expect(await attempt("loadPlan", { run, workflow: "crate-created" })).toEqual(PLANS["crate-created"]);
    expect(await failureOf(attempt("loadPlan", { run, workflow: "nope" }))).toMatchObject({
      nonRetryable: true,
      type: "NotFound",
    });
  });

  it("signalRuns delivers to the longest-waiting runs of the related records, at most the limit, once per step", async () => {
    const yard = await depot(tenantA, "South yard");
    const own = await crate(tenantA, yard);
    const [early, late, busy] = [await crate(tenantA, yard), await crate(tenantA, yard), await crate(tenantA, yard)];
    const elsewhere = await crate(tenantA, depotId);
    const runs = {
      own: await startRun(handler1, "crate-flow", own),
      early: await startRun(handler1, "crate-flow", early),
      late: await startRun(handler1, "crate-flow", late),
      busy: await startRun(handler1, "crate-flow", busy),
      elsewhere: await startRun(handler1, "crate-flow", elsewhere),
    };
    const waitsFor = (event: string, since: string) =>
      waitingState({ kind: "event", event, until: null }, "wait_place", since);
    backend.states.set(`${tenantA}/${runs.own}`, waitsFor("freed", "2026-12-01T07:00:00.000Z"));
    backend.states.set(`${tenantA}/${runs.late}`, waitsFor("freed", "2026-12-01T09:30:00.000Z"));
    backend.states.set(`${tenantA}/${runs.early}`, waitsFor("freed", "2026-12-01T09:10:00.000Z"));
    backend.states.set(`${tenantA}/${runs.busy}`, waitsFor("other", "2026-12-01T08:00:00.000Z"));
    backend.states.set(`${tenantA}/${runs.elsewhere}`, waitsFor("freed", "2026-12-01T06:00:00.000Z"));
    const step = stepOf(runOf(runs.own, own), "free");
    const to = { path: ["depot"], relation: "crates", entity: "Crate", foreignKey: "depotId" };
    const before = backend.signals.length;
    const first = await attempt("signalRuns", { step, event: "freed", to, limit: 1 });
    expect(first).toEqual({ signalled: [runs.early] });
    expect(await attempt("signalRuns", { step, event: "freed", to, limit: 1 }, 2)).toEqual(first);
    expect(backend.signals.slice(before)).toEqual([
      {
        ref: { tenantId: tenantA, instanceId: runs.early },
        signal: {
          name: "event",
          payload: {
            name: "freed",
            payload: { from: { entity: "Crate", id: own, instanceId: runs.own } },
            id: `${step.key}:${runs.early}`,
            onlyIfWaiting: true,
          },
        },
      },
    ]);
    const all = await attempt("signalRuns", { step: stepOf(runOf(runs.own, own)), event: "freed", to, limit: null });
    expect(all).toEqual({ signalled: [runs.early, runs.late] });
  });
});

const emailOf = (user: TestUser) => emails.get(user.id)!;
const emails = new Map<string, string>();
beforeAll(async () => {
  const { rows } = await env.db.query<{ id: string; email: string }>(`SELECT "id", "email" FROM "user"`);
  for (const r of rows) emails.set(r.id, r.email);
});

describe("the server with a Temporal backend", () => {
  beforeEach(() => {
    backend.refuse = {};
    backend.starts.length = 0;
    backend.signals.length = 0;
    backend.cancels.length = 0;
  });

  it("starts a record write's trigger in Temporal: an instance row marked temporal, no steps of its own", async () => {
    const r = await as(handler1)("POST", crates(), { label: "Fresh" });
    expect(r.statusCode, r.body).toBe(201);
    const recordId = r.json().id;
    expect(backend.starts).toHaveLength(1);
    const [start] = backend.starts;
    expect(start.plan).toEqual(PLANS["crate-created"]);
    expect(start.run).toMatchObject({
      tenantId: tenantA,
      workflow: "crate-created",
      entity: "Crate",
      recordId,
      templateId: TEMPLATE_ID,
    });
    const { rows } = await env.db.query<{ status: string; context: Record<string, unknown>; steps: number }>(
      `SELECT "status", "context", (SELECT count(*)::int FROM "workflow_step" s WHERE s."instanceId" = i."id") AS "steps"
         FROM "workflow_instance" i WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantA, start.run.instanceId],
    );
    expect(rows[0]).toMatchObject({ status: "running", steps: 0, context: { backend: "temporal" } });
  });

  it("a manual start goes through the backend once per key", async () => {
    const recordId = await crate(tenantA, null);
    const first = await as(handler1)("POST", `${W}/crate-flow/instances`, { recordId, key: "once" });
    const again = await as(handler1)("POST", `${W}/crate-flow/instances`, { recordId, key: "once" });
    expect(first.json()).toMatchObject({ created: true });
    expect(again.json()).toEqual({ id: first.json().id, created: false });
    expect(backend.starts.map((s) => s.run.instanceId)).toEqual([first.json().id]);
  });

  it("transitions come from the state the run waits in; taking one signals it; a system transition is no actor's", async () => {
    const recordId = await crate(tenantA, null);
    const id = await startRun(handler1, "crate-flow", recordId);
    backend.states.set(
      `${tenantA}/${id}`,
      waitingState({ kind: "transition", names: ["release", "expire"], until: null }, "held"),
    );
    const refused = await as(outsider)("POST", `${W}/instances/${id}/transitions/release`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().transitions).toEqual([]);
    // The timed transition is the system's: the 409 lists what the caller may take instead.
    const system = await as(handler2)("POST", `${W}/instances/${id}/transitions/expire`);
    expect(system.statusCode).toBe(409);
    expect(system.json().transitions.map((t: { name: string; to: string }) => [t.name, t.to])).toEqual([
      ["release", "out"],
    ]);
    const taken = await as(handler2)("POST", `${W}/instances/${id}/transitions/release`);
    expect(taken.statusCode, taken.body).toBe(202);
    expect(taken.json()).toEqual({ to: "out" });
    expect(backend.signals).toEqual([
      {
        ref: { tenantId: tenantA, instanceId: id },
        signal: { name: "transition", payload: { name: "release", by: handler2.id } },
      },
    ]);
    // Another tenant's caller cannot reach the run.
    const foreign = await as(adminB)("POST", `${W}/instances/${id}/transitions/release`);
    expect(foreign.statusCode).toBe(404);
    expect(backend.signals).toHaveLength(1);
  });

  it("a decision on a Temporal run's task is recorded on the task and signalled to the run", async () => {
    const recordId = await crate(tenantA, null);
    const id = await startRun(handler1, "crate-flow", recordId);
    const { taskId } = await attempt("openTask", {
      step: stepOf(runOf(id, recordId), "approve"),
      assignees: [handler],
      minApprovals: 2,
      excludeAuthor: false,
      dueAt: null,
    });
    const r = await as(handler1)("POST", `${W}/tasks/${taskId}/decision`, { decision: "approve", comment: "fine" });
    expect(r.statusCode, r.body).toBe(200);
    expect(backend.signals).toEqual([
      {
        ref: { tenantId: tenantA, instanceId: id },
        signal: { name: "decision", payload: { taskId, decision: "approve", comment: "fine", by: handler1.id } },
      },
    ]);
    const foreign = await as(adminB)("POST", `${W}/tasks/${taskId}/decision`, { decision: "approve" });
    expect(foreign.statusCode).toBe(404);
    expect(backend.signals).toHaveLength(1);
  });

  it("events for a record and writes to it are signalled to its Temporal runs, not to other records' runs", async () => {
    const recordId = await crate(tenantA, null, { createdBy: handler1.id });
    const other = await crate(tenantA, null);
    const id = await startRun(handler1, "crate-flow", recordId);
    await startRun(handler1, "crate-flow", other);
    const delivered = await as(admin)("POST", `${W}/events`, {
      entity: "Crate",
      recordId,
      event: "freed",
      payload: { by: "dock" },
    });
    expect(delivered.statusCode, delivered.body).toBe(202);
    const patched = await as(handler1)("PATCH", crates(`/${recordId}`), { weight: 3 });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(backend.signals).toEqual([
      {
        ref: { tenantId: tenantA, instanceId: id },
        signal: { name: "event", payload: { name: "freed", payload: { by: "dock" } } },
      },
      { ref: { tenantId: tenantA, instanceId: id }, signal: { name: "recordChanged" } },
    ]);
  });

  it("cancel goes to the backend and ends the row; the timeline is the state query's, an ended run's row follows it", async () => {
    const recordId = await crate(tenantA, null);
    const id = await startRun(handler1, "crate-flow", recordId);
    backend.states.set(
      `${tenantA}/${id}`,
      waitingState({ kind: "transition", names: ["release", "expire"], until: null }, "held"),
    );
    const shown = await as(admin)("GET", `${W}/instances/${id}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().timeline.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ["start", "completed"],
      ["held", "waiting"],
    ]);
    const cancelled = await as(admin)("POST", `${W}/instances/${id}/cancel`);
    expect(cancelled.json()).toEqual({ status: "cancelled" });
    expect(backend.cancels).toEqual([{ tenantId: tenantA, instanceId: id }]);
    expect((await as(adminB)("POST", `${W}/instances/${id}/cancel`)).statusCode).toBe(404);
    expect(backend.cancels).toHaveLength(1);

    // A run that completed in Temporal: reading it brings its row up to date.
    const done = await startRun(handler1, "crate-flow", recordId);
    const waiting = waitingState({ kind: "transition", names: ["release"], until: null }, "held");
    backend.states.set(`${tenantA}/${done}`, {
      ...waiting,
      status: "completed",
      waitingFor: null,
      currentNodeId: "end",
      outcome: "done",
    });
    const read = await as(admin)("GET", `${W}/instances/${done}`);
    expect(read.json().instance).toMatchObject({
      status: "completed",
      currentNodeId: "end",
      context: { outcome: "done" },
    });
    const listed = await as(admin)("GET", `${W}/instances?filter[status]=completed`);
    expect(listed.json().data.map((i: { id: string }) => i.id)).toContain(done);
  });

  it("the reconcile pass ends the rows of runs that ended in Temporal unread; running and unreachable ones stay", async () => {
    const recordId = await crate(tenantA, null);
    const [done, failed, still, lost] = [
      await startRun(handler1, "crate-flow", recordId),
      await startRun(handler1, "crate-flow", recordId),
      await startRun(handler1, "crate-flow", recordId),
      await startRun(handler1, "crate-flow", recordId),
    ];
    const waiting = waitingState({ kind: "transition", names: ["release"], until: null }, "held");
    backend.states.set(`${tenantA}/${done}`, {
      ...waiting,
      status: "completed",
      waitingFor: null,
      currentNodeId: "end",
      outcome: "done",
    });
    backend.states.set(`${tenantA}/${failed}`, {
      ...waiting,
      status: "failed",
      waitingFor: null,
      error: "step 2 failed",
    });
    backend.states.set(`${tenantA}/${still}`, waiting);
    // `lost` has no state: the stand-in answers "not found", as a server that lost the run would.
    const runs = new TemporalRuns(backend);
    // Older open Temporal rows of earlier tests are asked too; pass until ours are reached.
    for (let pass = 0; pass < 10; pass++) await runs.reconcile(env.db, 50);
    const { rows } = await env.db.query<{
      id: string;
      status: string;
      error: string | null;
      context: { outcome?: string };
    }>(
      `SELECT "id", "status", "error", "context" FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`,
      [tenantA, [done, failed, still, lost]],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId[done]).toMatchObject({ status: "completed", context: { outcome: "done" } });
    expect(byId[failed]).toMatchObject({ status: "failed", error: "step 2 failed" });
    expect(byId[still].status).toBe("running");
    expect(byId[lost].status).toBe("running");
    // Ended rows are not asked again.
    const asked: string[] = [];
    const counting = new TemporalRuns(
      Object.assign(Object.create(backend) as TemporalBackend, {
        state: (ref: InstanceRef) => {
          asked.push(ref.instanceId);
          return backend.state(ref);
        },
      }),
    );
    await counting.reconcile(env.db, 1000);
    expect(asked).toContain(still);
    expect(asked).not.toContain(done);
    expect(asked).not.toContain(failed);
  });

  it("`mono worker` with TEMPORAL_ADDRESS starts a Temporal worker: with no server there it says so and exits 1", async () => {
    // A port nothing listens on (taken, then released).
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const proc = spawn(process.execPath, ["--import", "tsx", "runtime/src/workflows/worker-main.ts"], {
      env: { ...process.env, DATABASE_URL: env.testDb.url, REDIS_URL: "", TEMPORAL_ADDRESS: `127.0.0.1:${port}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => proc.once("exit", r));
    expect(code).toBe(1);
    expect(out).toContain("the Temporal worker did not start");
    expect(out).toContain(`127.0.0.1:${port}`);
    expect(out).not.toContain("mono workflow worker: started");
  }, 60_000);

  it("a start Temporal refuses fails the instance row with the reason; a refused cancel leaves the row running", async () => {
    const recordId = await crate(tenantA, null);
    backend.refuse = { start: true };
    const id = await startRun(handler1, "crate-flow", recordId);
    const row = async (instanceId: string) =>
      (
        await env.db.query<{ status: string; error: string | null }>(
          `SELECT "status", "error" FROM "workflow_instance" WHERE "tenantId" = $1 AND "id" = $2`,
          [tenantA, instanceId],
        )
      ).rows[0];
    expect(await row(id)).toEqual({
      status: "failed",
      error: "Temporal did not start the run: namespace mono not found",
    });
    backend.refuse = { cancel: true };
    const running = await startRun(handler1, "crate-flow", recordId);
    const refused = await as(admin)("POST", `${W}/instances/${running}/cancel`);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(await row(running)).toEqual({ status: "running", error: null });
  });
});
