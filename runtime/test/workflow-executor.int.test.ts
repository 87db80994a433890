/**
 * The workflow executor on real PostgreSQL, with a template of this test's own (tickets) and
 * plans written by hand (workflow-support.ts): every node kind, the workflow-owned status (409
 * with the caller's transitions), the task inbox and decisions, exactly-once effects when a step
 * is retried after a failure inside its transaction, timers that fire after the worker was
 * stopped and started again, retries with compensation, operator retry and cancel, tenant
 * isolation of instances and tasks, problem+json on bad input, and the metrics.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StepRow } from "../src/workflows/workflow-executor.ts";
import { WEBHOOK_SETTING } from "../src/workflows/workflow-executor.ts";
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
import { planLookup, RAW_TEMPLATE, startReceiver, TEMPLATE_ID, until, type Receiver } from "./workflow-support.ts";

let env: AuthzEnv;
let tenantA = "";
let tenantB = "";
let admin: TestUser;
let author: TestUser;
let agent: TestUser;
let reviewer1: TestUser;
let reviewer2: TestUser;
let adminB: TestUser;
let reviewerB: TestUser;
let as: (user: TestUser) => Call;
let hooks: Receiver;
let bad: Receiver;
/** Instance ids whose steps of these nodes fail once after their effects, before the commit. */
const faults = new Map<string, Set<string>>();
const SECRET = "hook-secret";
const tickets = (rest = "") => `/api/v1/tenant/entities/${TEMPLATE_ID}:tickets${rest}`;
const W = "/api/v1/tenant/workflows";

beforeAll(async () => {
  const own = await installOwnTemplate(RAW_TEMPLATE, "wf-desk.json");
  env = await startAuthzApp({
    registry: [...allTemplates, own.registry],
    extra: {
      workflows: {
        planFor: planLookup,
        retry: { attempts: 3, backoffMs: 20 },
        worker: { pollMs: 50, timerMs: 50, concurrency: 2 },
        executor: {
          beforeCommit: (step: StepRow) => {
            const nodes = faults.get(step.instanceId);
            if (nodes?.has(step.nodeId)) {
              nodes.delete(step.nodeId);
              throw new Error(`injected fault after the effects of ${step.nodeId}`);
            }
          },
        },
      },
    },
  });
  await own.apply(env.testDb.url);
  tenantA = await createTenant(env.db, "desk-a", [TEMPLATE_ID]);
  tenantB = await createTenant(env.db, "desk-b", [TEMPLATE_ID]);
  admin = await createUser(env, tenantA, "desk-a", { roles: [["tenant-admin", null]] });
  author = await createUser(env, tenantA, "desk-a", {
    roles: [
      ["agent", null],
      ["reviewer", null],
    ],
  });
  agent = await createUser(env, tenantA, "desk-a", { roles: [["agent", null]] });
  reviewer1 = await createUser(env, tenantA, "desk-a", { roles: [["reviewer", null]] });
  reviewer2 = await createUser(env, tenantA, "desk-a", { roles: [["reviewer", null]] });
  adminB = await createUser(env, tenantB, "desk-b", { roles: [["tenant-admin", null]] });
  reviewerB = await createUser(env, tenantB, "desk-b", { roles: [["reviewer", null]] });
  as = (user) => caller(env, user.slug, user);
  hooks = await startReceiver();
  bad = await startReceiver();
  await env.db.query(`UPDATE "tenant" SET "settings" = jsonb_build_object($2::text, $3::jsonb) WHERE "id" = $1`, [
    tenantA,
    WEBHOOK_SETTING,
    JSON.stringify([
      { event: "ticket.bumped", url: hooks.url, secret: SECRET },
      { event: "ticket.bad", url: bad.url, secret: SECRET },
    ]),
  ]);
}, 180_000);
afterAll(async () => {
  await env?.close();
  await hooks?.close();
  await bad?.close();
});

async function ticket(by: TestUser = author, fields: Record<string, unknown> = {}): Promise<string> {
  const r = await as(by)("POST", tickets(), { title: "Printer on fire", ...fields });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}
const record = async (id: string) =>
  (await env.db.query<Record<string, unknown>>(`SELECT * FROM "wf_desk_ticket" WHERE "id" = $1`, [id])).rows[0];
const instance = async (id: string, user: TestUser = admin) => (await as(user)("GET", `${W}/instances/${id}`)).json();
async function settled(id: string, status = "completed") {
  try {
    return await until(
      async () => {
        const i = await instance(id);
        return i.instance?.status === status ? i : null;
      },
      15_000,
      `instance ${id} ${status}`,
    );
  } catch (error) {
    const i = await instance(id);
    throw new Error(
      `${(error as Error).message}: ${JSON.stringify({ ...i.instance, timeline: i.timeline.map((s: { nodeId: string; status: string; error: string }) => [s.nodeId, s.status, s.error]) })}`,
      { cause: error },
    );
  }
}
async function start(workflow: string, recordId: string, by: TestUser = agent): Promise<string> {
  const r = await as(by)("POST", `${W}/${workflow}/instances`, { recordId });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id;
}
const instanceOf = async (recordId: string, workflow: string) =>
  (await as(admin)("GET", `${W}/instances?filter[recordId]=${recordId}&filter[workflow]=${workflow}`)).json().data;

describe("the workflow-owned status and human tasks", () => {
  it("a create starts the bound workflow once, which sets the status and waits for its actors", async () => {
    const id = await ticket();
    const [run] = await until(async () => {
      const list = await instanceOf(id, "ticket-flow");
      return list.length && list[0].status === "waiting" ? list : null;
    });
    expect((await instanceOf(id, "ticket-flow")).length).toBe(1);
    expect((await record(id)).status).toBe("new");
    const timeline = (await instance(run.id)).timeline;
    expect(timeline.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual([
      "start:completed",
      "s_new:waiting",
    ]);
  });

  it("a PATCH of the status is 409 problem+json listing the transitions the caller may take now", async () => {
    const id = await ticket();
    await until(async () => (await instanceOf(id, "ticket-flow"))[0]?.status === "waiting");
    const run = (await instanceOf(id, "ticket-flow"))[0];
    const refused = await as(author)("PATCH", tickets(`/${id}`), { status: "approved" });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(refused.json().errors[0].pointer).toBe("/body/status");
    expect(refused.json().transitions).toEqual([
      { name: "submit", to: "review", href: `${W}/instances/${run.id}/transitions/submit` },
    ]);
    // Another agent is no actor of "submit": nothing to offer.
    const other = await as(agent)("PATCH", tickets(`/${id}`), { status: "review" });
    expect(other.statusCode).toBe(409);
    expect(other.json().transitions).toEqual([]);
    // The same value, and other fields, pass.
    expect((await as(author)("PATCH", tickets(`/${id}`), { status: "new", note: "x" })).statusCode).toBe(200);
    expect((await record(id)).status).toBe("new");
    // A create naming another status than the workflow's first is refused too.
    expect((await as(author)("POST", tickets(), { title: "t", status: "closed" })).statusCode).toBe(409);
    const listed = await as(author)("GET", tickets(`/${id}/transitions`));
    expect(listed.json().data.map((t: { name: string }) => t.name)).toEqual(["submit"]);
  });

  it("a transition, then two reviewers' approvals (never the author's) move the record; the inbox shows the task", async () => {
    const id = await ticket();
    await until(async () => (await instanceOf(id, "ticket-flow"))[0]?.status === "waiting");
    const run = (await instanceOf(id, "ticket-flow"))[0];
    expect((await as(agent)("POST", `${W}/instances/${run.id}/transitions/submit`)).statusCode).toBe(409);
    const moved = await as(author)("POST", `${W}/instances/${run.id}/transitions/submit`);
    expect(moved.statusCode, moved.body).toBe(202);
    expect(moved.json().to).toBe("review");
    const task = await until(async () => {
      const inbox = (await as(reviewer1)("GET", `${W}/tasks`)).json().data;
      return inbox.find((t: { instanceId: string }) => t.instanceId === run.id);
    });
    expect((await record(id)).status).toBe("review");
    expect(task.assigneeIds).toContain(reviewer2.id);
    // The author holds the reviewer role but created the record: excluded.
    expect(task.assigneeIds).not.toContain(author.id);
    expect((await as(author)("GET", `${W}/tasks`)).json().data.some((t: { id: string }) => t.id === task.id)).toBe(
      false,
    );
    expect((await as(author)("POST", `${W}/tasks/${task.id}/decision`, { decision: "approve" })).statusCode).toBe(404);

    const first = await as(reviewer1)("POST", `${W}/tasks/${task.id}/decision`, { decision: "approve", comment: "ok" });
    expect(first.json().status).toBe("open");
    expect((await as(reviewer1)("POST", `${W}/tasks/${task.id}/decision`, { decision: "approve" })).statusCode).toBe(
      409,
    );
    const second = await as(reviewer2)("POST", `${W}/tasks/${task.id}/decision`, { decision: "approve" });
    expect(second.json().status).toBe("approved");
    await until(async () => (await record(id)).status === "approved");
    // Approved: an agent may close it; the run then ends.
    await until(async () => (await instance(run.id)).instance.status === "waiting");
    expect((await as(agent)("POST", `${W}/instances/${run.id}/transitions/close`)).statusCode).toBe(202);
    await settled(run.id);
    expect((await record(id)).status).toBe("closed");
  });

  it("a change request writes its comment and goes back to the first state", async () => {
    const id = await ticket();
    await until(async () => (await instanceOf(id, "ticket-flow"))[0]?.status === "waiting");
    const run = (await instanceOf(id, "ticket-flow"))[0];
    await as(author)("POST", `${W}/instances/${run.id}/transitions/submit`);
    const task = await until(async () =>
      (await as(reviewer1)("GET", `${W}/tasks`))
        .json()
        .data.find((t: { instanceId: string }) => t.instanceId === run.id),
    );
    const noComment = await as(reviewer1)("POST", `${W}/tasks/${task.id}/decision`, { decision: "request-changes" });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0].pointer).toBe("/body/comment");
    const unknown = await as(reviewer1)("POST", `${W}/tasks/${task.id}/decision`, { decision: "maybe" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(unknown.json().errors[0].pointer).toBe("/body/decision");
    const r = await as(reviewer1)("POST", `${W}/tasks/${task.id}/decision`, {
      decision: "request-changes",
      comment: "add the model number",
    });
    expect(r.json().status).toBe("changes-requested");
    await until(async () => (await record(id)).note === "changes: add the model number");
    await until(async () => (await record(id)).status === "new");
  });

  it("tenant B sees and decides nothing of tenant A's", async () => {
    const id = await ticket();
    await until(async () => (await instanceOf(id, "ticket-flow"))[0]?.status === "waiting");
    const run = (await instanceOf(id, "ticket-flow"))[0];
    await as(author)("POST", `${W}/instances/${run.id}/transitions/submit`);
    const task = await until(async () =>
      (await as(reviewer1)("GET", `${W}/tasks`))
        .json()
        .data.find((t: { instanceId: string }) => t.instanceId === run.id),
    );
    expect((await as(adminB)("GET", `${W}/instances/${run.id}`)).statusCode).toBe(404);
    // Of this workflow (B's own schedule-started "nightly" runs appear at a minute's turn).
    expect((await as(adminB)("GET", `${W}/instances?filter[workflow]=ticket-flow`)).json().data).toEqual([]);
    expect((await as(adminB)("POST", `${W}/instances/${run.id}/cancel`)).statusCode).toBe(404);
    expect((await as(reviewerB)("GET", `${W}/tasks`)).json().data).toEqual([]);
    const decided = await as(reviewerB)("POST", `${W}/tasks/${task.id}/decision`, { decision: "approve" });
    expect(decided.statusCode).toBe(404);
    expect((await as(adminB)("POST", `${W}/instances/${run.id}/transitions/submit`)).statusCode).toBe(404);
    // The task is untouched.
    expect(
      (await as(reviewer1)("GET", `${W}/tasks`)).json().data.find((t: { id: string }) => t.id === task.id).decisions,
    ).toEqual([]);
  });
});

describe("automatic nodes", () => {
  it("condition, update, email, wait, webhook and assign run in order, each effect once", async () => {
    const id = await ticket(author, { counter: 2 });
    const before = hooks.requests.length;
    const runId = await start("steps", id);
    const done = await settled(runId);
    const row = await record(id);
    expect(row.counter).toBe(3);
    // `now` is the step's own instant: the update step's creation.
    const bump = done.timeline.find((s: { nodeId: string }) => s.nodeId === "bump");
    const { rows: stepRows } = await env.db.query<{ createdAt: string }>(
      `SELECT to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt" FROM "workflow_step" WHERE "id" = $1`,
      [bump.id],
    );
    expect(new Date(row.stamp as string).toISOString()).toBe(stepRows[0].createdAt);
    expect(done.timeline.map((s: { nodeId: string }) => s.nodeId)).toEqual([
      "start",
      "check",
      "bump",
      "mail",
      "pause",
      "hook",
      "assign",
      "end",
    ]);
    expect(done.timeline.every((s: { durationMs: number | null }) => typeof s.durationMs === "number")).toBe(true);
    const { rows: mails } = await env.db.query<{ recipient: string; subject: string; dedupeKey: string }>(
      `SELECT "recipient", "subject", "dedupeKey" FROM "email_message" WHERE "tenantId" = $1 AND "dedupeKey" LIKE $2`,
      [tenantA, `${runId}:%`],
    );
    expect(mails.length).toBe(1);
    expect(mails[0].subject).toBe("Ticket Printer on fire");
    const mailStep = done.timeline.find((s: { nodeId: string }) => s.nodeId === "mail");
    expect(mails[0].dedupeKey).toBe(`${runId}:${mailStep.seq}:${mails[0].recipient.toLowerCase()}`);
    // The webhook: signed, keyed by the step, once.
    const received = hooks.requests.slice(before);
    expect(received.length).toBe(1);
    const hookStep = done.timeline.find((s: { nodeId: string }) => s.nodeId === "hook");
    expect(received[0].headers["idempotency-key"]).toBe(`${runId}:${hookStep.seq}`);
    expect(received[0].headers["x-mono-signature"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(received[0].body).digest("hex")}`,
    );
    expect(JSON.parse(received[0].body).record.id).toBe(id);
    expect([reviewer1.id, reviewer2.id, author.id]).toContain(row.assigneeId);
  });

  it("a step that fails after its effects (inside its transaction) is retried, and its effects happen once", async () => {
    const id2 = await ticket(author, { counter: 10 });
    const blocked = await env.db.transaction(async (tx) => {
      // Hold the record so the run cannot pass `bump` before the faults are set.
      await tx.query(`SELECT 1 FROM "wf_desk_ticket" WHERE "id" = $1 FOR UPDATE`, [id2]);
      const r = await as(agent)("POST", `${W}/steps/instances`, { recordId: id2 });
      faults.set(r.json().id, new Set(["bump", "mail"]));
      return r.json().id as string;
    });
    const done = await settled(blocked);
    expect((await record(id2)).counter).toBe(11);
    const steps = Object.fromEntries(
      done.timeline.map((s: { nodeId: string; attempts: number }) => [s.nodeId, s.attempts]),
    );
    expect(steps.bump).toBe(2);
    expect(steps.mail).toBe(2);
    const { rows: effects } = await env.db.query<{ kind: string; n: number }>(
      `SELECT "kind", count(*)::int AS "n" FROM "workflow_effect" WHERE "tenantId" = $1 AND "instanceId" = $2 GROUP BY "kind" ORDER BY "kind"`,
      [tenantA, blocked],
    );
    expect(effects).toEqual([
      { kind: "assign", n: 1 },
      { kind: "email", n: 1 },
      { kind: "update", n: 1 },
      { kind: "webhook", n: 1 },
    ]);
    const { rows: mails } = await env.db.query(
      `SELECT 1 FROM "email_message" WHERE "tenantId" = $1 AND "dedupeKey" LIKE $2`,
      [tenantA, `${blocked}:%`],
    );
    expect(mails.length).toBe(1);
  });

  it("round-robin hands out reviewers in turn; least-open picks the one with fewest open runs", async () => {
    const picked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await ticket();
      await settled(await start("steps", id));
      picked.push((await record(id)).assigneeId as string);
    }
    expect(new Set(picked).size).toBe(3);
    const a = await ticket();
    const runA = await start("least", a);
    await until(async () => (await instance(runA)).instance.status === "waiting");
    const first = (await record(a)).assigneeId;
    const b = await ticket();
    const runB = await start("least", b);
    await until(async () => (await instance(runB)).instance.status === "waiting");
    expect((await record(b)).assigneeId).not.toBe(first);
  });

  it("a subworkflow runs as a child and the parent goes on when it ends", async () => {
    const id = await ticket();
    const parent = await settled(await start("parent", id));
    const row = await record(id);
    expect(row.counter).toBe(42);
    expect(row.note).toBe("parent done");
    const child = parent.timeline.find((s: { nodeId: string }) => s.nodeId === "sub").output.child;
    expect((await instance(child)).instance).toMatchObject({
      workflow: "child",
      status: "completed",
      parentInstanceId: parent.instance.id,
    });
  });

  it("an incoming webhook signed with the tenant's secret starts its workflow once per delivery", async () => {
    await env.db.query(
      `UPDATE "tenant" SET "settings" = "settings" || '{"hookSecret": "s3cret"}'::jsonb WHERE "id" = $1`,
      [tenantA],
    );
    const id = await ticket();
    const body = JSON.stringify({ recordId: id, ref: "PO-7" });
    const sign = (secret: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    const post = (signature: string, tenant = "desk-a") =>
      env.app.inject({
        method: "POST",
        url: `${W}/hooked/hook`,
        headers: {
          "x-tenant": tenant,
          "content-type": "application/json",
          "x-mono-signature": signature,
          "idempotency-key": `d-${id}`,
        },
        payload: body,
      });
    const forged = await post(sign("wrong"));
    expect(forged.statusCode).toBe(401);
    expect(forged.headers["content-type"]).toMatch(/application\/problem\+json/);
    // Tenant B has no secret: nothing it is sent starts anything.
    expect((await post(sign("s3cret"), "desk-b")).statusCode).toBe(401);
    const first = await post(sign("s3cret"));
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json().created).toBe(true);
    const again = await post(sign("s3cret"));
    expect(again.json()).toEqual({ id: first.json().id, created: false });
    await settled(first.json().id);
    expect((await record(id)).note).toBe("hook PO-7");
  });

  it("a schedule trigger starts one run per matching minute in every tenant that installed it", async () => {
    const runs = async (tenantId: string) =>
      (
        await env.db.query<{ startKey: string; status: string }>(
          `SELECT "startKey", "status" FROM "workflow_instance" WHERE "tenantId" = $1 AND "workflowName" = 'nightly'`,
          [tenantId],
        )
      ).rows;
    const a = await until(
      async () => ((await runs(tenantA)).some((r) => r.status === "completed") ? runs(tenantA) : null),
      70_000,
    );
    expect(a[0].startKey).toMatch(/^wf-desk:nightly:schedule:\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    // The worker ticks many times a minute: still one run per minute.
    expect(new Set(a.map((r) => r.startKey)).size).toBe(a.length);
    // B may have been created after the minute that started A's run: its first is the next minute's.
    await until(async () => (await runs(tenantB)).length > 0, 70_000);
  }, 150_000);

  it("an update trigger starts its workflow when a named field changes, once per change", async () => {
    const id = await ticket();
    expect((await as(author)("PATCH", tickets(`/${id}`), { counter: 5 })).statusCode).toBe(200);
    expect(await instanceOf(id, "on-retitle")).toEqual([]);
    expect((await as(author)("PATCH", tickets(`/${id}`), { title: "New title" })).statusCode).toBe(200);
    await until(async () => (await record(id)).note === "retitled");
    expect((await instanceOf(id, "on-retitle")).length).toBe(1);
  });
});

describe("waits and timers", () => {
  it("an event ends a wait and its payload is in the context", async () => {
    const id = await ticket();
    const runId = await start("wait-event", id);
    await until(async () => (await instance(runId)).instance.status === "waiting");
    const bad = await as(admin)("POST", `${W}/events`, { entity: "Nope", recordId: id, event: "paid" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe("/body/entity");
    const sent = await as(admin)("POST", `${W}/events`, {
      entity: "Ticket",
      recordId: id,
      event: "paid",
      payload: { amount: 12 },
    });
    expect(sent.statusCode).toBe(202);
    await settled(runId);
    expect((await record(id)).note).toBe("paid 12");
  });

  it("a wait's timeout takes the timeout branch", async () => {
    const id = await ticket();
    await settled(await start("wait-timeout", id));
    expect((await record(id)).note).toBe("timed out");
  });

  it("a condition wait is re-checked when the record changes", async () => {
    const id = await ticket();
    const runId = await start("wait-condition", id);
    await until(async () => (await instance(runId)).instance.status === "waiting");
    await as(author)("PATCH", tickets(`/${id}`), { counter: 3 });
    await until(async () => (await instance(runId)).timeline.length === 2);
    expect((await instance(runId)).instance.status).toBe("waiting");
    await as(author)("PATCH", tickets(`/${id}`), { counter: 9 });
    await settled(runId);
    expect((await record(id)).note).toBe("big");
  });

  it("a field wait ends at the record's date; an empty field is skipped", async () => {
    const empty = await ticket();
    await settled(await start("wait-field", empty));
    expect((await record(empty)).note).toBe("reminded");
    const id = await ticket(author, { remindAt: new Date(Date.now() + 300).toISOString() });
    await settled(await start("wait-field", id));
    expect((await record(id)).note).toBe("reminded");
  });

  it("an approval's due date without a decision takes its timeout branch", async () => {
    const id = await ticket();
    const done = await settled(await start("due", id));
    expect((await record(id)).note).toBe("late");
    expect(done.tasks[0].status).toBe("expired");
  });

  it("timers fire after the worker was stopped and started again", async () => {
    const worker = env.app.workflows.worker!;
    const id = await ticket();
    const runId = await start("wait-timer", id);
    await until(async () => (await instance(runId)).instance.status === "waiting");
    await worker.stop();
    const { rows } = await env.db.query<{ due: boolean }>(
      `SELECT "fireAt" <= now() AS "due" FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2`,
      [tenantA, runId],
    );
    expect(rows.length).toBe(1);
    await until(async () => {
      const r = await env.db.query<{ due: boolean }>(
        `SELECT "fireAt" <= now() AS "due" FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2`,
        [tenantA, runId],
      );
      return r.rows[0].due;
    });
    // Due, but no worker: the run still waits.
    expect((await instance(runId)).instance.status).toBe("waiting");
    worker.start();
    await settled(runId);
    expect((await record(id)).note).toBe("woke");
  });
});

describe("failures, compensation, operator retry and cancel", () => {
  it("retries with backoff, then compensates newest first and fails; an operator retry completes it", async () => {
    bad.status = 500;
    const before = bad.requests.length;
    const id = await ticket();
    const runId = await start("compensate", id);
    const failed = await settled(runId, "failed");
    const sent = bad.requests.slice(before).filter((r) => JSON.parse(r.body).instanceId === runId);
    expect(sent.length).toBe(3);
    // Every attempt carried the same key.
    expect(new Set(sent.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect(failed.instance.error).toMatch(/answered 500/);
    const badStep = failed.timeline.find((s: { nodeId: string }) => s.nodeId === "bad");
    expect(badStep).toMatchObject({ status: "failed", attempts: 3 });
    expect(failed.timeline.at(-1)).toMatchObject({ nodeId: "undo", compensation: true, status: "completed" });
    expect((await record(id)).note).toBe("undone");
    expect((await as(admin)("POST", `${W}/instances/${runId}/cancel`)).statusCode).toBe(200);
    // A cancelled run cannot be retried; a fresh failed one can.
    expect((await as(admin)("POST", `${W}/instances/${runId}/retry`)).statusCode).toBe(409);
    const again = await start("compensate", await ticket());
    await settled(again, "failed");
    bad.status = 200;
    const retried = await as(admin)("POST", `${W}/instances/${again}/retry`);
    expect(retried.statusCode).toBe(200);
    await settled(again);
  });

  it("cancel ends a waiting run, its tasks and timers; a second cancel is 409", async () => {
    const id = await ticket();
    const runId = await start("due-later", id);
    await until(async () => (await instance(runId)).instance.status === "waiting");
    expect((await as(agent)("POST", `${W}/instances/${runId}/cancel`)).statusCode).toBe(403);
    expect((await as(admin)("POST", `${W}/instances/${runId}/cancel`)).json().status).toBe("cancelled");
    const after = await instance(runId);
    expect(after.instance.status).toBe("cancelled");
    expect(after.tasks[0].status).toBe("cancelled");
    expect(after.timeline.at(-1).status).toBe("cancelled");
    expect((await as(admin)("POST", `${W}/instances/${runId}/cancel`)).statusCode).toBe(409);
    const { rows } = await env.db.query(
      `SELECT 1 FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "firedAt" IS NULL`,
      [tenantA, runId],
    );
    expect(rows.length).toBe(0);
  });
});

describe("API edges and metrics", () => {
  it("lists definitions and instances with filters; bad filters are 400 with pointers", async () => {
    const defs = (await as(agent)("GET", W)).json().data;
    expect(defs.find((d: { name: string }) => d.name === "ticket-flow")).toMatchObject({
      runnable: true,
      trigger: "create",
    });
    const badStatus = await as(admin)("GET", `${W}/instances?filter[status]=nope&limit=0`);
    expect(badStatus.statusCode).toBe(400);
    expect(
      badStatus
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/query/filter/status", "/query/limit"]);
    const page = (await as(admin)("GET", `${W}/instances?filter[status]=completed&limit=2`)).json();
    expect(page.data.length).toBe(2);
    expect(page.data.every((i: { status: string }) => i.status === "completed")).toBe(true);
    const next = (
      await as(admin)("GET", `${W}/instances?filter[status]=completed&limit=2&cursor=${page.page.nextCursor}`)
    ).json();
    expect(next.data[0].id).not.toBe(page.data[0].id);
    expect((await as(agent)("GET", `${W}/instances`)).statusCode).toBe(403);
    expect((await as(agent)("POST", `${W}/steps/instances`, {})).json().errors[0].pointer).toBe("/body/recordId");
    expect((await as(reviewer1)("POST", `${W}/steps/instances`, { recordId: await ticket() })).statusCode).toBe(403);
    expect((await as(agent)("POST", `${W}/ticket-flow/instances`, { recordId: await ticket() })).statusCode).toBe(409);
  });

  it("documents the routes in OpenAPI and reports instances and step latency on /metrics", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/tenant/workflows/instances/{id}",
        "/api/v1/tenant/workflows/tasks/{id}/decision",
        "/api/v1/tenant/entities/{entity}/{id}/transitions",
      ]),
    );
    const metrics = (await env.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/mono_workflow_instances\{workflow="steps",status="completed"\} [1-9]/);
    expect(metrics).toMatch(/mono_workflow_step_duration_seconds_count\{kind="update",result="ok"\} [1-9]/);
  });
});
