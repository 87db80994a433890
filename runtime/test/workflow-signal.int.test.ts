/**
 * Signal nodes and timed transitions on real PostgreSQL, with a template of this test's own
 * (engine/test/fixtures/course-places.json, compiled by the engine: places on a course are held,
 * released or queued; a release signals `place-freed` to the longest-waiting queued place of the
 * same course, whose run offers it by email and holds it; a held place's timed transition
 * `course-over` falls at the course's end). Two tenants, each with an organiser and a learner
 * (the places' owner, who releases them); a worker in the process.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allTemplates, createTenant, createUser, startAuthzApp, type AuthzEnv } from "./authz-support.ts";
import { installOwnTemplate } from "./crud-support.ts";
import { until } from "./workflow-support.ts";

const RAW = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../engine/test/fixtures/course-places.json"), "utf8"),
);
const url = (api: string, rest = "") => `/api/v1/tenant/entities/course-places:${api}${rest}`;

interface TestTenant {
  id: string;
}
type Inject = (options: { method: "GET" | "POST" | "PATCH"; url: string; payload?: object }) => Promise<{
  statusCode: number;
  body: string;
  json(): any;
}>;

let env: AuthzEnv;
let tenant: TestTenant;
let other: TestTenant;
/** The tenants' organisers make courses; their learners hold and release places. */
let call: Inject;
let otherCall: Inject;
let organiser: Inject;
let otherOrganiser: Inject;

beforeAll(async () => {
  const own = await installOwnTemplate(RAW, "course-places.json");
  env = await startAuthzApp({
    registry: [...allTemplates, own.registry],
    redis: false,
    extra: { workflows: { retry: { attempts: 3, backoffMs: 50 }, worker: { pollMs: 50, timerMs: 50 } } },
  });
  await own.apply(env.testDb.url);
  const as =
    (slug: string, token: string): Inject =>
    (options) =>
      env.app.inject({ ...options, headers: { "x-tenant": slug, authorization: `Bearer ${token}` } });
  const people = async (slug: string) => {
    const id = await createTenant(env.db, slug, ["course-places"]);
    const learner = await createUser(env, id, slug, { roles: [["learner", null]] });
    const boss = await createUser(env, id, slug, { roles: [["organiser", null]] });
    return { tenant: { id }, learner: as(slug, learner.token), organiser: as(slug, boss.token) };
  };
  const mine = await people("courses");
  const theirs = await people("courses-other");
  [tenant, call, organiser] = [mine.tenant, mine.learner, mine.organiser];
  [other, otherCall, otherOrganiser] = [theirs.tenant, theirs.learner, theirs.organiser];
}, 120_000);
afterAll(() => env?.close());

const make = async (as: Inject, api: string, payload: object) => {
  const response = await as({ method: "POST", url: url(api), payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};

async function runOf(of: TestTenant, recordId: string) {
  const { rows } = await env.db.query<{ id: string; status: string; currentNodeId: string }>(
    `SELECT "id", "status", "currentNodeId" FROM "workflow_instance" WHERE "tenantId" = $1 AND "recordId" = $2`,
    [of.id, recordId],
  );
  return rows[0] ?? null;
}
const reaches = (of: TestTenant, recordId: string, node: string, status = "waiting") =>
  until(
    async () => {
      const run = await runOf(of, recordId);
      return run && run.currentNodeId === node && run.status === status ? run : null;
    },
    20_000,
    `${recordId} at ${node} (${status})`,
  );

const place = async (as: Inject, of: TestTenant, courseId: string, label: string, full: boolean) => {
  const id = await make(as, "places", { courseId, label, full, email: `${label}@learners.test` });
  await reaches(of, id, full ? "wait_place" : "held");
  return id;
};
const release = async (as: Inject, of: TestTenant, placeId: string) => {
  const run = (await runOf(of, placeId))!;
  const response = await as({
    method: "POST",
    url: `/api/v1/tenant/workflows/instances/${run.id}/transitions/release`,
  });
  expect(response.statusCode, response.body).toBe(202);
};
const state = async (as: Inject, id: string) =>
  (await as({ method: "GET", url: url("places", `/${id}`) })).json().state as string;
async function offerMails(of: TestTenant): Promise<string[]> {
  const { rows } = await env.db.query<{ recipient: string }>(
    `SELECT "recipient" FROM "email_message" WHERE "tenantId" = $1 AND "templateKey" = 'place-offered' ORDER BY "recipient"`,
    [of.id],
  );
  return rows.map((r) => r.recipient);
}

describe("signal nodes", () => {
  it("a release offers the place to the longest-waiting queued run of the same course, once, and to no other", async () => {
    const course = await make(organiser, "courses", { title: "Pottery" });
    const elsewhere = await make(organiser, "courses", { title: "Weaving" });
    const otherCourse = await make(otherOrganiser, "courses", { title: "Pottery" });
    const held = await place(call, tenant, course, "held-1", false);
    const first = await place(call, tenant, course, "queued-1", true);
    const second = await place(call, tenant, course, "queued-2", true);
    const unrelated = await place(call, tenant, elsewhere, "weaving-1", true);
    const foreign = await place(otherCall, other, otherCourse, "foreign-1", true);

    await release(call, tenant, held);
    await reaches(tenant, held, "done_released", "completed");
    await reaches(tenant, first, "held");
    expect(await state(call, first)).toBe("held");
    expect(await state(call, held)).toBe("released");
    // The others keep waiting: the second in line, another course's, another tenant's.
    for (const [of, id] of [
      [tenant, second],
      [tenant, unrelated],
      [other, foreign],
    ] as const)
      expect((await runOf(of, id))!.currentNodeId).toBe("wait_place");
    expect(await offerMails(tenant)).toEqual(["queued-1@learners.test"]);
    expect(await offerMails(other)).toEqual([]);
    // The event names the run it was given to, and it was taken.
    const { rows } = await env.db.query<{ instanceId: string; consumedAt: Date | null; payload: any }>(
      `SELECT "instanceId", "consumedAt", "payload" FROM "workflow_event" WHERE "tenantId" = $1 AND "name" = 'place-freed'`,
      [tenant.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].instanceId).toBe((await runOf(tenant, first))!.id);
    expect(rows[0].consumedAt).not.toBeNull();
    expect(rows[0].payload.from).toMatchObject({ entity: "Place", id: held });

    // The step says whom it signalled.
    const step = await env.db.query<{ output: any }>(
      `SELECT "output" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "nodeId" = 'free_place'`,
      [tenant.id, (await runOf(tenant, held))!.id],
    );
    expect(step.rows[0].output).toEqual({ event: "place-freed", signalled: [(await runOf(tenant, first))!.id] });
  });

  it("two releases at once promote two different queued runs, each once", async () => {
    const course = await make(organiser, "courses", { title: "Glass" });
    const a = await place(call, tenant, course, "glass-held-a", false);
    const b = await place(call, tenant, course, "glass-held-b", false);
    const q1 = await place(call, tenant, course, "glass-q1", true);
    const q2 = await place(call, tenant, course, "glass-q2", true);
    const q3 = await place(call, tenant, course, "glass-q3", true);
    await Promise.all([release(call, tenant, a), release(call, tenant, b)]);
    await reaches(tenant, q1, "held");
    await reaches(tenant, q2, "held");
    expect((await runOf(tenant, q3))!.currentNodeId).toBe("wait_place");
    const mails = (await offerMails(tenant)).filter((m) => m.startsWith("glass-"));
    expect(mails).toEqual(["glass-q1@learners.test", "glass-q2@learners.test"]);
    const { rows } = await env.db.query<{ n: number }>(
      `SELECT count(DISTINCT e."instanceId")::int AS n FROM "workflow_event" e
         JOIN "workflow_instance" i ON i."tenantId" = e."tenantId" AND i."id" = e."instanceId"
        WHERE e."tenantId" = $1 AND i."recordId" = ANY($2::uuid[])`,
      [tenant.id, [q1, q2, q3]],
    );
    expect(rows[0].n).toBe(2);
  });

  it("a release with nobody in line signals no run", async () => {
    const course = await make(organiser, "courses", { title: "Wood" });
    const held = await place(call, tenant, course, "wood-held", false);
    await release(call, tenant, held);
    await reaches(tenant, held, "done_released", "completed");
    const step = await env.db.query<{ output: any }>(
      `SELECT "output" FROM "workflow_step" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "nodeId" = 'free_place'`,
      [tenant.id, (await runOf(tenant, held))!.id],
    );
    expect(step.rows[0].output).toEqual({ event: "place-freed", signalled: [] });
  });
});

describe("timed transitions", () => {
  it("a held place waits with a timer at the course's end; the timer falling takes course-over; the API cannot take it", async () => {
    const endsAt = "2031-06-01T18:00:00.000Z";
    const course = await make(organiser, "courses", { title: "Bronze", endsAt });
    const held = await place(call, tenant, course, "bronze-held", false);
    const run = (await runOf(tenant, held))!;
    const timers = await env.db.query<{ fireAt: Date; kind: string }>(
      `SELECT "fireAt", "kind" FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2`,
      [tenant.id, run.id],
    );
    expect(timers.rows.map((t) => [t.kind, new Date(t.fireAt).toISOString()])).toEqual([["transition", endsAt]]);
    const early = await call({
      method: "POST",
      url: `/api/v1/tenant/workflows/instances/${run.id}/transitions/course-over`,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().transitions.map((t: { name: string }) => t.name)).toEqual(["release"]);
    await env.db.query(`UPDATE "workflow_timer" SET "fireAt" = now() WHERE "tenantId" = $1 AND "instanceId" = $2`, [
      tenant.id,
      run.id,
    ]);
    await reaches(tenant, held, "done_over", "completed");
    expect(await state(call, held)).toBe("held");
  });

  it("a course that has ended already: the transition is taken at once; a course without an end: no timer, the run waits", async () => {
    const past = await make(organiser, "courses", { title: "Iron", endsAt: "2020-01-01T00:00:00Z" });
    const open = await make(organiser, "courses", { title: "Clay" });
    const ended = await make(call, "places", { courseId: past, label: "iron-held", full: false });
    await reaches(tenant, ended, "done_over", "completed");
    const waiting = await place(call, tenant, open, "clay-held", false);
    const timers = await env.db.query(`SELECT 1 FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2`, [
      tenant.id,
      (await runOf(tenant, waiting))!.id,
    ]);
    expect(timers.rowCount).toBe(0);
  });
});
