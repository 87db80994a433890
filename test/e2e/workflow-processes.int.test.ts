/**
 * The seeds' processes end to end on the shipped templates' compiled workflows, over the API with
 * identity and access rules, on two backends: real PostgreSQL with BullMQ dispatch on Redis (a
 * prefix of the test's own), and the embedded default (PGlite, the database queue, a worker in
 * the process). Each process checks the records the runs write, the tasks in the right inboxes
 * and the email_message rows the runs queue (template key, recipient), and that no email is
 * queued twice. Time is driven by moving a pending timer's `fireAt` to now (what a day passing
 * would do); the worker's timer poller then fires it.
 *
 * Processes: lead routing (luxury-club: round-robin to sales reps, a hot lead to the least-busy
 * sales manager, contact within 48 hours or escalation), event approval (luxury-club: draft →
 * pending → approved → published by the author's `submit`; a Black-Card-only event goes to the
 * board: two event managers who are not its author), the vacation-rental booking request
 * with the host's 24-hour response timeout, casting (modeling-agency: application → review →
 * shortlist → interview → hire, the talent emailed), and registration with capacity and waitlist
 * (luxury-club: within capacity confirmed, over it waitlisted; a member's cancellation offers the
 * place to the longest-waiting waitlisted registration, whose run emails and confirms it).
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { buildApp } from "../../runtime/src/app.ts";
import { createPgliteDatabase } from "../../runtime/src/db/database.ts";
import { createRuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";
import {
  ADMIN_TOKEN,
  allTemplates,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  MIGRATIONS,
  SECRET,
  startAuthzApp,
  type AuthzEnv,
} from "../../runtime/test/authz-support.ts";
import { createTestPglite } from "../support/pglite.ts";

const TEMPLATES = ["luxury-club", "modeling-agency", "vacation-rental"];
const FAST = { retry: { attempts: 3, backoffMs: 50 } };

interface Backend {
  name: string;
  start(): Promise<AuthzEnv>;
}

const backends: Backend[] = [
  {
    name: "PostgreSQL, BullMQ on Redis",
    async start() {
      const queue = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
      const worker = queue.duplicate();
      const env = await startAuthzApp({
        extra: { workflows: { ...FAST, redis: { queue, worker, prefix: `wf-proc-${randomUUID().slice(0, 8)}` } } },
      });
      return {
        ...env,
        async close() {
          await env.close();
          queue.disconnect();
          worker.disconnect();
        },
      };
    },
  },
  {
    name: "PGlite, database queue",
    async start() {
      const db = createPgliteDatabase(await createTestPglite({ migrations: MIGRATIONS }));
      await migrateUp(db, MIGRATIONS);
      const app = await buildApp({
        db,
        redis: null,
        registry: createRuntimeRegistry(allTemplates, platform),
        adminToken: ADMIN_TOKEN,
        allowTenantHeader: true,
        rateLimit: false,
        identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
        workflows: { ...FAST, worker: { pollMs: 50, timerMs: 50 } },
      });
      await app.ready();
      return {
        app,
        db,
        redis: null as never,
        testDb: null as never,
        async close() {
          await app.close();
          await db.close();
        },
      };
    },
  },
];

interface Answer {
  status: number;
  body: any;
}
type Who = (
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<Answer>;

/** Polls until `fn` returns something truthy (steps run after the request's commit). */
async function until<T>(fn: () => Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

describe.each(backends)("the seeds' processes on $name", (backend) => {
  let env: AuthzEnv;
  let tenantId = "";
  const slug = `wf-proc-${randomUUID().slice(0, 8)}`;
  const emailOf: Record<string, string> = {};
  const idOf: Record<string, string> = {};

  const as =
    (token: string): Who =>
    async (method, url, body, headers = {}) => {
      const response = await env.app.inject({
        method,
        url,
        headers: { "x-tenant": slug, authorization: `Bearer ${token}`, ...headers },
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
    };
  const who: Record<string, Who> = {};

  async function user(name: string, roles: [string, string | null][], tier?: string) {
    const made = await createUser(env, tenantId, slug, { roles, ...(tier ? { tier } : {}) });
    who[name] = as(made.token);
    idOf[name] = made.id;
    emailOf[name] = (
      await env.db.query<{ email: string }>(`SELECT "email" FROM "user" WHERE "id" = $1`, [made.id])
    ).rows[0].email;
  }

  async function create(by: Who, url: string, body: object, headers?: Record<string, string>): Promise<string> {
    const answer = await by("POST", url, body, headers);
    expect(answer.status, `${url}: ${JSON.stringify(answer.body)}`).toBe(201);
    return answer.body.id as string;
  }

  /** The record's run of `workflow` (the newest). */
  async function run(workflow: string, recordId: string) {
    const { rows } = await env.db.query<{ id: string; status: string; currentNodeId: string; context: any }>(
      `SELECT "id", "status", "currentNodeId", "context" FROM "workflow_instance"
        WHERE "tenantId" = $1 AND "workflowName" = $2 AND "recordId" = $3 ORDER BY "createdAt" DESC LIMIT 1`,
      [tenantId, workflow, recordId],
    );
    return rows[0] ?? null;
  }
  /** Waits until the record's run is waiting at (or has ended after) `node`. */
  const reaches = (workflow: string, recordId: string, node: string, status = "waiting") =>
    until(async () => {
      const r = await run(workflow, recordId);
      return r && r.currentNodeId === node && r.status === status ? r : null;
    }, `${workflow} of ${recordId} to be ${status} at ${node}`);

  /** The email_message rows of a record's runs: template key and recipient, in order. */
  async function emails(recordId: string): Promise<{ templateKey: string; recipient: string }[]> {
    const { rows } = await env.db.query<{ templateKey: string; recipient: string }>(
      `SELECT m."templateKey", m."recipient" FROM "email_message" m
         JOIN "workflow_instance" i ON i."tenantId" = m."tenantId" AND m."dedupeKey" LIKE i."id" || ':%'
        WHERE m."tenantId" = $1 AND i."recordId" = $2 ORDER BY m."createdAt", m."recipient"`,
      [tenantId, recordId],
    );
    return rows;
  }

  /** The subject of a record's run's email of `templateKey`. */
  async function subjectOf(recordId: string, templateKey: string): Promise<string> {
    const { rows } = await env.db.query<{ subject: string }>(
      `SELECT m."subject" FROM "email_message" m
         JOIN "workflow_instance" i ON i."tenantId" = m."tenantId" AND m."dedupeKey" LIKE i."id" || ':%'
        WHERE m."tenantId" = $1 AND i."recordId" = $2 AND m."templateKey" = $3`,
      [tenantId, recordId, templateKey],
    );
    return rows[0]?.subject ?? "";
  }

  /** A day (or two) passes for the run: its pending timer of `kind` falls due now. */
  async function timePasses(instanceId: string, kind: "wait" | "timeout" | "due" | "transition") {
    const { rowCount } = await env.db.query(
      `UPDATE "workflow_timer" SET "fireAt" = now() WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = $3
          AND "firedAt" IS NULL`,
      [tenantId, instanceId, kind],
    );
    expect(rowCount, `a pending ${kind} timer of ${instanceId}`).toBe(1);
  }

  const inbox = async (by: Who) =>
    (await by("GET", "/api/v1/tenant/workflows/tasks")).body.data as {
      id: string;
      recordId: string;
      workflow: string;
      dueAt: string | null;
      createdAt: string;
    }[];
  const taskOf = (by: Who, recordId: string) =>
    until(async () => (await inbox(by)).find((t) => t.recordId === recordId) ?? null, `a task for ${recordId}`);
  const decide = (by: Who, taskId: string, decision: string, comment?: string) =>
    by("POST", `/api/v1/tenant/workflows/tasks/${taskId}/decision`, { decision, ...(comment ? { comment } : {}) });

  beforeAll(async () => {
    env = await backend.start();
    tenantId = await createTenant(env.db, slug, TEMPLATES);
  }, 180_000);
  afterAll(async () => {
    // No email of any run was queued twice (one row per step and recipient).
    if (env) {
      const { rows } = await env.db.query<{ n: number }>(
        `SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "email_message" WHERE "tenantId" = $1
            GROUP BY "dedupeKey" HAVING count(*) > 1) d`,
        [tenantId],
      );
      expect(rows[0].n).toBe(0);
    }
    await env?.close();
  });

  describe("lead routing (luxury-club)", () => {
    const leads = (rest = "") => entityUrl("luxury-club", "sales-leads", rest);
    const lead = (firstName: string, extra: object = {}) => ({
      firstName,
      lastName: "Lead",
      source: "referral",
      ...extra,
    });

    beforeAll(async () => {
      await user("rep1", [["sales-rep", null]]);
      await user("rep2", [["sales-rep", null]]);
      await user("manager", [["sales-manager", null]]);
      await user("manager2", [["sales-manager", null]]);
    });

    it("assigns leads round-robin to the sales reps, a hot lead to a sales manager, and emails the assignee", async () => {
      const a = await create(who.rep1, leads(), lead("Ada"));
      await reaches("lead-routing", a, "wait_contact");
      const b = await create(who.rep1, leads(), lead("Bo"));
      await reaches("lead-routing", b, "wait_contact");
      // Interested in the Black Card: a hot lead.
      const hot = await create(who.rep1, leads(), lead("Cy", { interestedTier: "black-card" }));
      await reaches("lead-routing", hot, "wait_contact");

      const read = async (id: string) => (await who.manager("GET", leads(`/${id}`))).body;
      const [ra, rb, rhot] = [await read(a), await read(b), await read(hot)];
      const reps = [idOf.rep1, idOf.rep2];
      expect(reps).toContain(ra.assigneeUserId);
      expect(reps).toContain(rb.assigneeUserId);
      expect(rb.assigneeUserId).not.toBe(ra.assigneeUserId);
      expect([idOf.manager, idOf.manager2]).toContain(rhot.assigneeUserId);
      for (const r of [ra, rb, rhot]) expect(r).toMatchObject({ status: "new", assignedAt: expect.any(String) });
      const addressOf = (userId: string) => emailOf[Object.keys(idOf).find((k) => idOf[k] === userId)!];
      expect(await emails(a)).toEqual([{ templateKey: "lead-assigned", recipient: addressOf(ra.assigneeUserId) }]);
      expect(await emails(hot)).toEqual([{ templateKey: "lead-assigned", recipient: addressOf(rhot.assigneeUserId) }]);

      // The workflow owns the status and the assignee.
      expect((await who.rep1("PATCH", leads(`/${a}`), { status: "contacted" })).status).toBe(409);

      // Contact within 48 hours: the run sees the write and moves the lead to contacted.
      const contacted = await who.rep1("PATCH", leads(`/${a}`), { lastContactedAt: new Date().toISOString() });
      expect(contacted.status, JSON.stringify(contacted.body)).toBe(200);
      await reaches("lead-routing", a, "done", "completed");
      expect((await read(a)).status).toBe("contacted");

      // No contact in 48 hours: the sales managers are told; the lead stays new.
      const waiting = await run("lead-routing", b);
      await timePasses(waiting!.id, "timeout");
      await reaches("lead-routing", b, "done_escalated", "completed");
      expect((await read(b)).status).toBe("new");
      expect(await emails(b)).toEqual([
        { templateKey: "lead-assigned", recipient: addressOf(rb.assigneeUserId) },
        ...[emailOf.manager, emailOf.manager2].sort().map((recipient) => ({ templateKey: "lead-assigned", recipient })),
      ]);
    });
  });

  describe("event approval (luxury-club)", () => {
    const events = (rest = "") => entityUrl("luxury-club", "events", rest);
    let category = "";
    const event = (title: string, extra: object = {}) => ({
      title,
      slug: `${title.toLowerCase().replace(/\W+/g, "-")}-${randomUUID().slice(0, 6)}`,
      startsAt: "2027-06-01T18:00:00Z",
      endsAt: "2027-06-01T23:00:00Z",
      capacity: 40,
      pricing: [{ tier: "platinum", price: { amount: 15000, currency: "EUR" } }],
      eligibleTiers: ["platinum", "diamond", "black-card"],
      categoryId: category,
      ...extra,
    });

    beforeAll(async () => {
      await user("author", [["event-manager", null]]);
      await user("board1", [["event-manager", null]]);
      await user("board2", [["event-manager", null]]);
      category = await create(who.author, entityUrl("luxury-club", "event-categories"), {
        name: "Wine tasting",
        slug: `wine-${randomUUID().slice(0, 6)}`,
        icon: "wine",
        color: "#7F1D1D",
        defaultDurationMinutes: 180,
        capacityRange: { min: 8, max: 40 },
        targetTiers: ["platinum", "diamond", "black-card"],
      });
    });

    const submit = async (id: string) => {
      const offered = await until(async () => {
        const answer = await who.author("GET", events(`/${id}/transitions`));
        return answer.body.data?.length ? answer.body.data : null;
      }, "the submit transition");
      expect(offered).toEqual([{ name: "submit", to: "pending", href: expect.any(String) }]);
      expect((await who.author("POST", offered[0].href)).status).toBe(202);
    };

    it("a plain event: draft → pending → approved → published by the author's submit", async () => {
      const id = await create(who.author, events(), event("Summer soirée"));
      await reaches("event-approval", id, "draft");
      expect((await who.author("GET", events(`/${id}`))).body.status).toBe("draft");
      expect((await who.author("PATCH", events(`/${id}`), { status: "published" })).status).toBe(409);
      await submit(id);
      // No board for it: approved, published (no publishAt), then the run waits for the end.
      await reaches("event-approval", id, "wait_end");
      const row = (await who.author("GET", events(`/${id}`))).body;
      expect(row).toMatchObject({
        status: "published",
        approvedAt: expect.any(String),
        publishedAt: expect.any(String),
      });
      const steps = await env.db.query<{ nodeId: string }>(
        `SELECT s."nodeId" FROM "workflow_step" s JOIN "workflow_instance" i ON i."tenantId" = s."tenantId" AND i."id" = s."instanceId"
          WHERE s."tenantId" = $1 AND i."recordId" = $2 ORDER BY s."seq"`,
        [tenantId, id],
      );
      expect(steps.rows.map((s) => s.nodeId)).toEqual([
        "start",
        "draft",
        "pending",
        "needs_board",
        "approved",
        "stamp_approved",
        "wait_publish",
        "stamp_published",
        "published",
        "calendar_sync",
        "wait_end",
      ]);
      expect(await inbox(who.board1)).toEqual([]);
    });

    it("a Black-Card-only event goes to the board: two event managers, never its author", async () => {
      const id = await create(who.author, events(), event("Black Card dinner", { eligibleTiers: ["black-card"] }));
      await reaches("event-approval", id, "draft");
      await submit(id);
      await reaches("event-approval", id, "approval");
      expect((await who.author("GET", events(`/${id}`))).body.status).toBe("pending");
      expect((await inbox(who.author)).filter((t) => t.recordId === id)).toEqual([]);
      const first = await taskOf(who.board1, id);
      const second = await taskOf(who.board2, id);
      expect(second.id).toBe(first.id);
      const one = await decide(who.board1, first.id, "approve");
      expect(one.body.status).toBe("open");
      // One approval is not enough: still pending.
      expect((await who.author("GET", events(`/${id}`))).body.status).toBe("pending");
      expect((await decide(who.board1, first.id, "approve")).status).toBe(409);
      const two = await decide(who.board2, first.id, "approve");
      expect(two.body.status).toBe("approved");
      await reaches("event-approval", id, "wait_end");
      expect((await who.author("GET", events(`/${id}`))).body.status).toBe("published");
    });

    it("a board rejection sends the event back to draft with the board's comment", async () => {
      const id = await create(
        who.author,
        events(),
        event("Private yacht", { eligibleTiers: ["black-card"], visibility: "invitation-only" }),
      );
      await reaches("event-approval", id, "draft");
      await submit(id);
      const task = await taskOf(who.board1, id);
      expect((await decide(who.board1, task.id, "reject")).status).toBe(400);
      expect((await decide(who.board1, task.id, "reject", "Budget too high.")).body.status).toBe("rejected");
      await until(async () => {
        const r = await run("event-approval", id);
        return r?.currentNodeId === "draft" && r.status === "waiting" ? r : null;
      }, "back to draft");
      // Waiting at draft again after the rejection (a new draft step, its transition offered again).
      const row = (await who.author("GET", events(`/${id}`))).body;
      expect(row).toMatchObject({ status: "draft", reviewNotes: "Budget too high." });
    });
  });

  describe("registration with capacity and waitlist (luxury-club)", () => {
    const lc = (api: string, rest = "") => entityUrl("luxury-club", api, rest);
    let eventId = "";
    const memberEmail: string[] = [];
    const members: string[] = [];

    beforeAll(async () => {
      await user("planner", [["event-manager", null]]);
      await user("desk", [["concierge", null]], "black-card");
      const category = await create(who.planner, lc("event-categories"), {
        name: "Dinners",
        slug: `dinner-${randomUUID().slice(0, 6)}`,
        icon: "utensils",
        color: "#7F1D1D",
        defaultDurationMinutes: 180,
        capacityRange: { min: 2, max: 20 },
        targetTiers: ["platinum", "diamond", "black-card"],
      });
      // Room for two: members without guests.
      eventId = await create(who.planner, lc("events"), {
        title: "Chef's table",
        slug: `chefs-table-${randomUUID().slice(0, 6)}`,
        startsAt: "2027-05-01T19:00:00Z",
        endsAt: "2027-05-01T23:00:00Z",
        capacity: 2,
        pricing: [{ tier: "platinum", price: { amount: 20000, currency: "EUR" } }],
        eligibleTiers: ["platinum", "diamond", "black-card"],
        categoryId: category,
      });
      for (const name of ["Ana", "Ben", "Cleo", "Dan"]) {
        const address = `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@club.test`;
        memberEmail.push(address);
        // Each member record belongs to the member's household account.
        const account = await createAccount(env.db, tenantId, "household", name);
        members.push(
          await create(
            who.desk,
            lc("members"),
            { firstName: name, lastName: "Member", email: address, tier: "platinum" },
            { "x-account-id": account },
          ),
        );
      }
    });

    it("within capacity: confirmed and emailed; over capacity: waitlisted and emailed; a cancellation promotes the next", async () => {
      const register = (memberId: string) =>
        create(who.desk, lc("registrations"), { eventId, memberId, guestCount: 0, source: "concierge" });
      const read = async (id: string) => (await who.desk("GET", lc("registrations", `/${id}`))).body;
      const first = await register(members[0]);
      await reaches("registration-approval", first, "confirmed");
      const second = await register(members[1]);
      await reaches("registration-approval", second, "confirmed");
      expect((await who.planner("GET", lc("events", `/${eventId}`))).body.registeredCount).toBe(2);
      const third = await register(members[2]);
      await reaches("registration-approval", third, "wait_spot");
      const fourth = await register(members[3]);
      await reaches("registration-approval", fourth, "wait_spot");
      expect((await Promise.all([first, second, third, fourth].map(read))).map((r) => r.status)).toEqual([
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
      ]);
      expect(await emails(first)).toEqual([{ templateKey: "registration-confirmed", recipient: memberEmail[0] }]);
      expect(await emails(third)).toEqual([{ templateKey: "registration-waitlisted", recipient: memberEmail[2] }]);
      // Only the workflow moves a registration: a PATCH of the status lists the transitions open now.
      const patched = await who.desk("PATCH", lc("registrations", `/${first}`), { status: "cancelled" });
      expect(patched.status).toBe(409);
      expect(patched.body.transitions.map((t: { name: string }) => t.name)).toEqual(["cancel"]);
      // The timed transition is the runtime's: nobody takes it through the API.
      const early = await who.desk(
        "POST",
        `/api/v1/tenant/workflows/instances/${(await run("registration-approval", first)).id}/transitions/event-ended`,
      );
      expect(early.status).toBe(409);

      // The first member cancels: the place goes to the longest-waiting registration (the third),
      // whose run emails the spot and confirms it; the fourth keeps waiting.
      const cancel = await who.desk(
        "POST",
        `/api/v1/tenant/workflows/instances/${(await run("registration-approval", first)).id}/transitions/cancel`,
      );
      expect(cancel.status, JSON.stringify(cancel.body)).toBe(202);
      expect(cancel.body).toEqual({ to: "cancelled" });
      await reaches("registration-approval", first, "done_place_released", "completed");
      await reaches("registration-approval", third, "confirmed");
      expect((await read(first)).status).toBe("cancelled");
      expect((await read(third)).status).toBe("confirmed");
      expect((await read(fourth)).status).toBe("waitlisted");
      await reaches("registration-approval", fourth, "wait_spot");
      expect(await emails(third)).toEqual([
        { templateKey: "registration-waitlisted", recipient: memberEmail[2] },
        { templateKey: "waitlist-spot-available", recipient: memberEmail[2] },
        { templateKey: "registration-confirmed", recipient: memberEmail[2] },
      ]);
      expect(await emails(fourth)).toEqual([{ templateKey: "registration-waitlisted", recipient: memberEmail[3] }]);
      expect(await emails(first)).toEqual([{ templateKey: "registration-confirmed", recipient: memberEmail[0] }]);

      // The event ends: the timed transition (its timer set at event.endsAt) moves the second on;
      // nobody checked them in, so a no-show.
      const timer = await env.db.query<{ fireAt: Date }>(
        `SELECT "fireAt" FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = 'transition'`,
        [tenantId, (await run("registration-approval", second)).id],
      );
      expect(new Date(timer.rows[0].fireAt).toISOString()).toBe("2027-05-01T23:00:00.000Z");
      await timePasses((await run("registration-approval", second)).id, "transition");
      await reaches("registration-approval", second, "done_no_show", "completed");
      expect((await read(second)).status).toBe("no-show");
    });
  });

  describe("casting (modeling-agency)", () => {
    const ma = (api: string, rest = "") => entityUrl("modeling-agency", api, rest);
    let job = "";

    beforeAll(async () => {
      const account = await createAccount(env.db, tenantId, "client", "Maison Lumière");
      await user("client", [["client", account]]);
      await user("talent", [["talent", null]]);
      await user("admin", [["tenant-admin", null]]);
      const category = await create(who.admin, ma("job-categories"), { name: "Fashion", slug: "fashion" });
      job = await create(who.client, ma("jobs"), {
        title: "Spring campaign casting",
        jobType: "casting",
        description: "Casting for the spring campaign: two days in the studio, one on location.",
        startDate: "2027-03-01T09:00:00Z",
        compensationType: "paid",
        categoryId: category,
      });
      // The job goes live through its own workflow: the client's account submits it.
      await reaches("job-publishing", job, "draft");
      const publishing = await run("job-publishing", job);
      expect(
        (await who.client("POST", `/api/v1/tenant/workflows/instances/${publishing!.id}/transitions/submit`)).status,
      ).toBe(202);
      await until(
        async () => (await who.talent("GET", ma("jobs", `/${job}`))).body.status === "published",
        "job published",
      );
    });

    it("application → review → shortlist → interview → hire, the talent emailed along the way", async () => {
      const application = await create(who.talent, ma("applications"), { jobId: job, availabilityConfirmed: true });
      const read = async () => (await who.talent("GET", ma("applications", `/${application}`))).body;
      await reaches("application-pipeline", application, "shortlist_decision");
      expect((await read()).status).toBe("review");
      // The status is the workflow's, even for the client.
      expect((await who.client("PATCH", ma("applications", `/${application}`), { status: "hired" })).status).toBe(409);
      // Received: the talent and the client's account.
      expect(await emails(application)).toEqual(
        [emailOf.client, emailOf.talent]
          .sort()
          .map((recipient) => ({ templateKey: "application-received", recipient })),
      );
      expect(await inbox(who.talent)).toEqual([]);
      const shortlist = await taskOf(who.client, application);
      expect((await decide(who.client, shortlist.id, "approve")).body.status).toBe("approved");
      await reaches("application-pipeline", application, "wait_interview");
      expect((await read()).status).toBe("interview");

      // The client sets the interview; the run waits until it (a timer at that instant), then the hire decision.
      const at = "2027-02-10T10:00:00.000Z";
      expect(
        (
          await who.client("PATCH", ma("applications", `/${application}`), {
            interviewAt: at,
            interviewLocation: "Studio 4",
          })
        ).status,
      ).toBe(200);
      const r = await run("application-pipeline", application);
      await until(async () => {
        const { rows } = await env.db.query<{ fireAt: Date }>(
          `SELECT "fireAt" FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = 'wait'`,
          [tenantId, r!.id],
        );
        return rows[0] && new Date(rows[0].fireAt).toISOString() === at;
      }, "a timer at the interview");
      await timePasses(r!.id, "wait");
      const hire = await until(
        async () => (await inbox(who.client)).find((t) => t.recordId === application && t.id !== shortlist.id) ?? null,
        "the hire decision",
      );
      expect((await decide(who.client, hire.id, "approve")).body.status).toBe("approved");
      await reaches("application-pipeline", application, "done_hired", "completed");
      expect(await read()).toMatchObject({
        status: "hired",
        hiredAt: expect.any(String),
        decidedAt: expect.any(String),
      });
      const talentMails = (await emails(application)).filter((m) => m.recipient === emailOf.talent);
      // Received, shortlisted, invited to the interview, hired: one email each.
      expect(talentMails.map((m) => m.templateKey)).toEqual([
        "application-received",
        "application-status-changed",
        "application-status-changed",
        "application-status-changed",
      ]);
    });

    it("a rejected application: the talent is told once, with the decision stamped", async () => {
      const application = await create(who.talent, ma("applications"), { jobId: job, availabilityConfirmed: true });
      const task = await taskOf(who.client, application);
      expect((await decide(who.client, task.id, "reject", "Not the look we need.")).body.status).toBe("rejected");
      await reaches("application-pipeline", application, "done_rejected", "completed");
      expect((await who.talent("GET", ma("applications", `/${application}`))).body).toMatchObject({
        status: "rejected",
        decidedAt: expect.any(String),
      });
      expect((await emails(application)).filter((m) => m.recipient === emailOf.talent)).toEqual([
        { templateKey: "application-received", recipient: emailOf.talent },
        { templateKey: "application-status-changed", recipient: emailOf.talent },
      ]);
    });
  });

  describe("the vacation-rental booking request (24-hour host response)", () => {
    const vr = (api: string, rest = "") => entityUrl("vacation-rental", api, rest);
    let property = "";
    let guestProfile = "";

    beforeAll(async () => {
      const account = await createAccount(env.db, tenantId, "host", "Harbour Homes");
      await user("host", [["host", account]]);
      await user("guest", [["guest", null]]);
      const hostProfile = await create(who.host, vr("host-profiles"), { displayName: "Harbour Homes" });
      property = await create(who.host, vr("properties"), {
        title: "Harbour loft",
        hostId: hostProfile,
        address: { city: "Hamburg", countryCode: "DE" },
        maxGuests: 2,
        nightlyRate: { amount: 9000, currency: "EUR" },
      });
      await reaches("property-listing", property, "draft");
      const listing = await run("property-listing", property);
      expect(
        (await who.host("POST", `/api/v1/tenant/workflows/instances/${listing!.id}/transitions/publish`)).status,
      ).toBe(202);
      await reaches("property-listing", property, "published");
      guestProfile = await create(who.guest, vr("guest-profiles"), { displayName: "Mara" });
    });

    it("a host who does not answer within 24 hours declines the request; the guest is told once", async () => {
      const booking = await create(who.guest, vr("bookings"), {
        propertyId: property,
        guestId: guestProfile,
        checkIn: "2027-10-01",
        checkOut: "2027-10-04",
        guestCount: 2,
      });
      const task = await taskOf(who.host, booking);
      const r = await reaches("booking-request", booking, "host_decides");
      // The task is due 24 hours after the step began; its timer says the same instant.
      const { rows: timers } = await env.db.query<{ fireAt: Date }>(
        `SELECT "fireAt" FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = 'due'`,
        [tenantId, r.id],
      );
      expect(timers).toHaveLength(1);
      expect(new Date(timers[0].fireAt).toISOString()).toBe(task.dueAt);
      const hours = (Date.parse(task.dueAt!) - Date.parse(task.createdAt)) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);

      await timePasses(r.id, "due");
      await reaches("booking-request", booking, "done_declined", "completed");
      expect((await who.guest("GET", vr("bookings", `/${booking}`))).body.status).toBe("declined");
      const { rows: tasks } = await env.db.query<{ status: string }>(
        `SELECT "status" FROM "workflow_task" WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, task.id],
      );
      expect(tasks[0].status).toBe("expired");
      // Too late to confirm.
      expect((await decide(who.host, task.id, "approve")).status).toBe(409);
      expect(await emails(booking)).toEqual([
        { templateKey: "booking-requested", recipient: emailOf.host },
        { templateKey: "booking-declined", recipient: emailOf.guest },
      ]);
      // The email's variables named after the booking's relations come from them (propertyTitle).
      const listed = (await who.host("GET", vr("properties", `/${property}`))).body;
      expect(await subjectOf(booking, "booking-requested")).toContain(listed.title);
    });

    it("a host who answers in time confirms; the due timer then changes nothing", async () => {
      const booking = await create(who.guest, vr("bookings"), {
        propertyId: property,
        guestId: guestProfile,
        checkIn: "2027-11-01",
        checkOut: "2027-11-04",
        guestCount: 1,
      });
      const task = await taskOf(who.host, booking);
      expect((await decide(who.host, task.id, "approve")).body.status).toBe("approved");
      const r = await reaches("booking-request", booking, "wait_checkout");
      // The due timer falls due after the decision: the run stays confirmed, waiting for check-out.
      await env.db.query(
        `UPDATE "workflow_timer" SET "fireAt" = now() WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = 'due'`,
        [tenantId, r.id],
      );
      await until(async () => {
        const { rows } = await env.db.query(
          `SELECT 1 FROM "workflow_timer" WHERE "tenantId" = $1 AND "instanceId" = $2 AND "kind" = 'due' AND "firedAt" IS NOT NULL`,
          [tenantId, r.id],
        );
        return rows.length > 0;
      }, "the due timer to fire");
      expect((await run("booking-request", booking))!.currentNodeId).toBe("wait_checkout");
      expect((await who.guest("GET", vr("bookings", `/${booking}`))).body.status).toBe("confirmed");
      // Check-out comes: both are invited to review.
      await timePasses(r.id, "timeout");
      await reaches("booking-request", booking, "done_stay", "completed");
      expect(await emails(booking)).toEqual([
        { templateKey: "booking-requested", recipient: emailOf.host },
        { templateKey: "booking-confirmed", recipient: emailOf.guest },
        ...[emailOf.guest, emailOf.host].sort().map((recipient) => ({ templateKey: "review-invitation", recipient })),
      ]);
    });
  });
});
