/**
 * The shipped templates' relation rules (CHANGELOG.md of each template), as their users meet
 * them over HTTP on PostgreSQL: the leaks of the earlier approximations stay closed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import {
  caller,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  startAuthzApp,
  type AuthzEnv,
  type Call,
} from "./authz-support.ts";
import { entityIr } from "./crud-support.ts";

let env: AuthzEnv;
let seed = 1;

/** Posts sample data with `fixed` on top, dropping the fields the caller may not set (a 403 with pointers). */
async function post(
  call: Call,
  templateId: string,
  entity: string,
  apiName: string,
  fixed: object,
  headers: Record<string, string> = {},
) {
  const record: Record<string, unknown> = { ...sampleCreateBody(await entityIr(templateId, entity), seed++), ...fixed };
  const response = await call("POST", entityUrl(templateId, apiName), record, headers);
  const pointers = response.statusCode === 403 ? ((response.json().errors ?? []) as { pointer: string }[]) : [];
  if (!pointers.length) return response;
  for (const { pointer } of pointers) delete record[pointer.replace("/body/", "")];
  return call("POST", entityUrl(templateId, apiName), record, headers);
}

/** Creates a record (retrying unique collisions); its id. */
async function create(...args: Parameters<typeof post>) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const response = await post(...args);
    if (response.statusCode === 201) return response.json().id as string;
    if (response.statusCode !== 409) throw new Error(`${args[2]}: ${response.statusCode} ${response.body}`);
  }
  throw new Error(`${args[2]}: no unique sample`);
}

/** The create rule refused the record's values (not a field gate). */
const RULE_REFUSAL = /do not pass the create rule/;

const ids = async (call: Call, templateId: string, apiName: string) =>
  ((await call("GET", entityUrl(templateId, apiName, "?limit=100"))).json().data as { id: string }[]).map((r) => r.id);

beforeAll(async () => {
  env = await startAuthzApp();
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe("modeling-agency: applications and bookings follow the job, the model and the agency", () => {
  const T = "modeling-agency";
  const slug = "shipped-rel-agency";
  const who: Record<string, Call> = {};
  const made: Record<string, string> = {};

  beforeAll(async () => {
    const tenantId = await createTenant(env.db, slug, [T]);
    for (const name of ["clientA", "clientB", "agency"]) {
      const role = name === "agency" ? "agency-owner" : "client";
      const account = await createAccount(env.db, tenantId, name === "agency" ? "agency" : "client", name);
      who[name] = caller(env, slug, await createUser(env, tenantId, slug, { roles: [[role, account]] }));
    }
    for (const name of ["talent1", "talent2"])
      who[name] = caller(env, slug, await createUser(env, tenantId, slug, { roles: [["talent", null]] }));
    const admin = caller(env, slug, await createUser(env, tenantId, slug, { roles: [["tenant-admin", null]] }));
    made.category = await create(admin, T, "JobCategory", "job-categories", {});
    made.agencyProfile = await create(who.agency, T, "AgencyProfile", "agency-profiles", {});
    made.model1 = await create(who.talent1, T, "ModelProfile", "model-profiles", {
      agencyId: made.agencyProfile,
      visibility: "public",
    });
    made.model2 = await create(who.talent2, T, "ModelProfile", "model-profiles", { visibility: "public" });
    for (const c of ["clientA", "clientB"]) {
      made[`job${c}`] = await create(who[c], T, "Job", "jobs", { categoryId: made.category });
      // Published as a fixture: the job-publishing workflow owns the status (no worker runs here;
      // test/e2e/workflow-processes runs the workflow itself).
      await env.db.query(
        `UPDATE "modeling_agency_job" SET "status" = 'published' WHERE "tenantId" = $1 AND "id" = $2`,
        [tenantId, made[`job${c}`]],
      );
    }
    made.app1 = await create(who.talent1, T, "Application", "applications", {
      jobId: made.jobclientA,
      modelId: made.model1,
    });
    made.booking1 = await create(who.clientA, T, "Booking", "bookings", {
      jobId: made.jobclientA,
      modelId: made.model1,
    });
  }, 120_000);

  it("a client reads the applications to its own jobs only (1.2.0: every application)", async () => {
    expect(await ids(who.clientA, T, "applications")).toEqual([made.app1]);
    expect(await ids(who.clientB, T, "applications")).toEqual([]);
    expect((await who.clientB("GET", entityUrl(T, "applications", `/${made.app1}`))).statusCode).toBe(404);
    expect((await who.clientB("PATCH", entityUrl(T, "applications", `/${made.app1}`), {})).statusCode).toBe(404);
  });

  it("a filter through a relation may not test a field the caller cannot read there", async () => {
    const response = await who.talent1("GET", entityUrl(T, "applications", "?filter[job.internalNotes][eq]=x"));
    expect(response.statusCode).toBe(403);
    expect(response.json().errors[0].pointer).toBe("/query/filter/job.internalNotes");
    // Readable on some jobs only (its account's) is not enough: a filter would reveal the others.
    const partly = await who.clientA("GET", entityUrl(T, "applications", "?filter[job.internalNotes][isNull]=true"));
    expect(partly.statusCode).toBe(403);
    const open = await who.clientA("GET", entityUrl(T, "applications", `?filter[job.id][eq]=${made.jobclientA}`));
    expect(open.json().data.map((r: { id: string }) => r.id)).toEqual([made.app1]);
  });

  it("the model's agency reads its model's applications and bookings", async () => {
    expect(await ids(who.agency, T, "applications")).toEqual([made.app1]);
    expect(await ids(who.agency, T, "bookings")).toEqual([made.booking1]);
  });

  it("a talent reads and updates the bookings of its own profile only (1.2.0: every booking)", async () => {
    expect(await ids(who.talent1, T, "bookings")).toEqual([made.booking1]);
    expect(await ids(who.talent2, T, "bookings")).toEqual([]);
    expect((await who.talent2("PATCH", entityUrl(T, "bookings", `/${made.booking1}`), {})).statusCode).toBe(404);
    expect((await who.talent1("PATCH", entityUrl(T, "bookings", `/${made.booking1}`), {})).statusCode).toBe(200);
  });

  it("a booking names a job of the booker's own account (1.2.0: any client's job)", async () => {
    const refused = await post(who.clientB, T, "Booking", "bookings", { jobId: made.jobclientA });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(RULE_REFUSAL);
    await create(who.clientA, T, "Booking", "bookings", { jobId: made.jobclientA });
  });
});

describe("luxury-club: members act for their own household and registrations", () => {
  const T = "luxury-club";
  const slug = "shipped-rel-club";
  const who: Record<string, Call> = {};
  const made: Record<string, string> = {};

  beforeAll(async () => {
    const tenantId = await createTenant(env.db, slug, [T]);
    for (const name of ["member1", "member2"]) {
      const household = await createAccount(env.db, tenantId, "household", name);
      made[`${name}Account`] = household;
      who[name] = caller(
        env,
        slug,
        await createUser(env, tenantId, slug, { roles: [["member", household]], tier: "black-card" }),
      );
    }
    const concierge = caller(
      env,
      slug,
      await createUser(env, tenantId, slug, { roles: [["concierge", null]], tier: "black-card" }),
    );
    // Members are account-scoped: the concierge (staff) names each one's household.
    for (const name of ["member1", "member2"])
      made[name] = await create(concierge, T, "Member", "members", {}, { "x-account-id": made[`${name}Account`] });
  }, 120_000);

  it("a member may not file a request for another member's record; for its own it may", async () => {
    const foreign = await post(who.member1, T, "ConciergeRequest", "concierge-requests", { memberId: made.member2 });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().detail).toMatch(RULE_REFUSAL);
    await create(who.member1, T, "ConciergeRequest", "concierge-requests", { memberId: made.member1 });
  });
});
