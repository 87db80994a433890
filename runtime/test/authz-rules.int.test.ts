/**
 * Every kind of access rule, on PostgreSQL and Redis, with the shipped templates' own rules
 * (plus a custom rule where no template has one): public, authenticated, roles and `role:*`
 * inheritance, ownership (owner, account), `where` with constants and `$user.*`, tiers and
 * verification (the luxury club's Black Card), permission scopes, wildcards and explicit
 * denies, field read and write rules, includes, and the admins. Row rules are compiled into
 * the SQL: hidden rows are never fetched, hidden fields never selected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { createEntityStores, type EntityStores } from "../src/crud/index.ts";
import {
  allTemplates,
  caller,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  mint,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type UserSpec,
} from "./authz-support.ts";
import { entityIr } from "./crud-support.ts";

let env: AuthzEnv;
let stores: EntityStores;
let club = "";
let agency = "";
const CLUB = "rules-club";
const AGENCY = "rules-agency";

type Body = Record<string, unknown>;

let seed = 1;

/** A record made by the (unrestricted) store: a sample with overrides, owned as given (a unique collision tries the next sample). */
async function make(
  tenantId: string,
  templateId: string,
  entity: string,
  overrides: Body = {},
  owner: { userId?: string; accountId?: string } = {},
): Promise<Body> {
  for (let attempt = 0; ; attempt++) {
    const body = { ...sampleCreateBody(await entityIr(templateId, entity), seed++), ...overrides };
    try {
      return await stores.create(tenantId, templateId, entity, body, { ...owner, createdBy: owner.userId });
    } catch (error) {
      if ((error as { status?: number }).status !== 409 || attempt > 20) throw error;
    }
  }
}

async function as(tenantId: string, slug: string, spec: UserSpec): Promise<{ id: string; call: Call }> {
  const user = await createUser(env, tenantId, slug, spec);
  return { id: user.id, call: caller(env, slug, user) };
}

const ids = (response: { json(): { data: { id: string }[] } }) =>
  response
    .json()
    .data.map((r) => r.id)
    .sort();

beforeAll(async () => {
  env = await startAuthzApp();
  stores = createEntityStores(env.db, allTemplates);
  club = await createTenant(env.db, CLUB, ["luxury-club"]);
  agency = await createTenant(env.db, AGENCY, ["modeling-agency"]);
}, 60_000);
afterAll(() => env?.close());

describe("luxury club: tiers, verification and $user.tier (the Black Card)", () => {
  let platinum: Call;
  let black: Call;
  let unverified: Call;
  let tierless: Call;
  let manager: Call;
  let blackOnly: Body;
  let forAll: Body;
  let draft: Body;

  beforeAll(async () => {
    const category = await make(club, "luxury-club", "EventCategory");
    const event = (slug: string, status: string, eligibleTiers: string[]) =>
      make(club, "luxury-club", "Event", {
        slug,
        status,
        eligibleTiers,
        categoryId: category.id,
        blackCardPerks: "Private cellar tour",
      });
    blackOnly = await event("black-card-gala", "published", ["black-card"]);
    forAll = await event("summer-party", "published", ["platinum", "diamond", "black-card"]);
    draft = await event("unannounced", "draft", ["platinum", "black-card"]);
    platinum = (await as(club, CLUB, { roles: [["member", null]], tier: "platinum" })).call;
    black = (await as(club, CLUB, { roles: [["member", null]], tier: "black-card" })).call;
    unverified = (await as(club, CLUB, { roles: [["member", null]], tier: "black-card", verified: false })).call;
    tierless = (await as(club, CLUB, { roles: [["member", null]] })).call;
    manager = (await as(club, CLUB, { roles: [["event-manager", null]] })).call;
  });

  it("a Black Card-only event is invisible to a Platinum member: not listed, 404 by id", async () => {
    const list = await platinum("GET", entityUrl("luxury-club", "events"));
    expect(list.statusCode).toBe(200);
    expect(ids(list)).toEqual([forAll.id]);
    expect((await platinum("GET", entityUrl("luxury-club", "events", `/${blackOnly.id}`))).statusCode).toBe(404);
    // Neither a filter nor a total reveals it.
    const filtered = await platinum(
      "GET",
      entityUrl("luxury-club", "events", `?filter[slug]=black-card-gala&total=true`),
    );
    expect(filtered.json()).toMatchObject({ data: [], page: { total: 0 } });
  });

  it("a Black Card member sees it, with the Black Card-only field; a Platinum member never gets that field", async () => {
    const list = await black("GET", entityUrl("luxury-club", "events"));
    expect(ids(list)).toEqual([blackOnly.id, forAll.id].sort());
    expect(list.json().data.every((e: Body) => e.blackCardPerks === "Private cellar tour")).toBe(true);
    const mine = await platinum("GET", entityUrl("luxury-club", "events", `/${forAll.id}`));
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).not.toHaveProperty("blackCardPerks");
    // Asking for it, filtering or sorting by it, is refused with pointers.
    for (const [query, pointer] of [
      ["fields=blackCardPerks", "/query/fields"],
      ["filter[blackCardPerks][contains]=cellar", "/query/filter/blackCardPerks"],
    ] as const) {
      const refused = await platinum("GET", entityUrl("luxury-club", "events", `?${query}`));
      expect(refused.statusCode, query).toBe(403);
      expect(refused.json().errors[0].pointer).toBe(pointer);
    }
  });

  it("drafts stay invisible to members (where status = published) while the event manager (events:*) sees every event", async () => {
    expect(ids(await black("GET", entityUrl("luxury-club", "events")))).not.toContain(draft.id);
    expect(ids(await manager("GET", entityUrl("luxury-club", "events")))).toEqual(
      [blackOnly.id, forAll.id, draft.id].sort(),
    );
  });

  it("unverified or tierless members are refused outright (403), though their role holds events:read", async () => {
    expect((await unverified("GET", entityUrl("luxury-club", "events"))).statusCode).toBe(403);
    expect((await tierless("GET", entityUrl("luxury-club", "events"))).statusCode).toBe(403);
  });

  it("a Platinum member cannot book the Black Card event (422 on the reference) but books their own tier's", async () => {
    const refused = await platinum("POST", entityUrl("luxury-club", "registrations"), {
      eventId: blackOnly.id,
      guestCount: 0,
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors).toEqual([
      { pointer: "/body/eventId", message: "does not reference an existing Event" },
    ]);
    const booked = await platinum("POST", entityUrl("luxury-club", "registrations"), {
      eventId: forAll.id,
      guestCount: 0,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const { rows } = await env.db.query(`SELECT "eventId" FROM "luxury_club_registration" WHERE "tenantId" = $1`, [
      club,
    ]);
    expect(rows.map((r) => r.eventId)).toEqual([forAll.id]);
  });

  it("field write rules refuse with a pointer per field, before anything is written", async () => {
    // (The status is the registration workflow's: writing it is a 409, runtime/test/workflow-*.)
    const refused = await black("POST", entityUrl("luxury-club", "registrations"), {
      eventId: blackOnly.id,
      paymentStatus: "paid",
      eligibilityOverride: true,
    });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().errors).toEqual([
      { pointer: "/body/paymentStatus", message: "may not be written by you" },
      { pointer: "/body/eligibilityOverride", message: "may not be written by you" },
    ]);
    const { rows } = await env.db.query(
      `SELECT count(*)::int AS n FROM "luxury_club_registration" WHERE "eventId" = $1`,
      [blackOnly.id],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe("modeling agency: roles, inheritance, ownership, where, permissions and denies", () => {
  let agencyA: string;
  let agencyB: string;
  let ownerA: { id: string; call: Call };
  let bookerA: { id: string; call: Call };
  let ownerB: { id: string; call: Call };
  let talent: { id: string; call: Call };
  let otherTalent: { id: string; call: Call };
  let client: { id: string; call: Call };
  let moderator: { id: string; call: Call };
  let anonymous: Call;
  let category: Body;

  beforeAll(async () => {
    agencyA = await createAccount(env.db, agency, "agency", "Agency A");
    agencyB = await createAccount(env.db, agency, "agency", "Agency B");
    const clientCo = await createAccount(env.db, agency, "client-company", "Client Co");
    ownerA = await as(agency, AGENCY, { roles: [["agency-owner", agencyA]] });
    bookerA = await as(agency, AGENCY, { roles: [["agency-booker", agencyA]] });
    ownerB = await as(agency, AGENCY, { roles: [["agency-owner", agencyB]] });
    talent = await as(agency, AGENCY, { roles: [["talent", null]] });
    otherTalent = await as(agency, AGENCY, { roles: [["talent", null]] });
    client = await as(agency, AGENCY, { roles: [["client", clientCo]] });
    moderator = await as(agency, AGENCY, { roles: [["moderator", null]] });
    anonymous = caller(env, AGENCY, null);
    category = await make(agency, "modeling-agency", "JobCategory");
  });

  it("public reads need no sign-in; a staff-only create is 401 anonymous, 403 signed in", async () => {
    expect((await anonymous("GET", entityUrl("modeling-agency", "job-categories"))).statusCode).toBe(200);
    const body = sampleCreateBody(await entityIr("modeling-agency", "JobCategory"), 77);
    expect((await anonymous("POST", entityUrl("modeling-agency", "job-categories"), body)).statusCode).toBe(401);
    expect((await talent.call("POST", entityUrl("modeling-agency", "job-categories"), body)).statusCode).toBe(403);
  });

  it("roles: exact names, and `role:*` admits inheriting roles (agency-owner inherits agency-booker)", async () => {
    // ModelProfile create: ["talent", "agency-booker:*"], verified.
    const profile = sampleCreateBody(await entityIr("modeling-agency", "ModelProfile"), 11);
    delete profile.verificationStatus;
    delete profile.featured;
    delete profile.moderatorNotes;
    expect((await ownerA.call("POST", entityUrl("modeling-agency", "model-profiles"), profile)).statusCode).toBe(201);
    expect(
      (await client.call("POST", entityUrl("modeling-agency", "model-profiles"), { ...profile, slug: undefined }))
        .statusCode,
    ).toBe(403);
  });

  it("ownership `owner`: a user's saved searches are theirs alone (list, get, update, delete)", async () => {
    const mine = await make(agency, "modeling-agency", "SavedSearch", {}, { userId: talent.id });
    const theirs = await make(agency, "modeling-agency", "SavedSearch", {}, { userId: otherTalent.id });
    expect(ids(await talent.call("GET", entityUrl("modeling-agency", "saved-searches")))).toEqual([mine.id]);
    for (const [method, body] of [
      ["GET", undefined],
      ["PATCH", { name: "stolen" }],
      ["DELETE", undefined],
    ] as const) {
      expect(
        (await talent.call(method, entityUrl("modeling-agency", "saved-searches", `/${theirs.id}`), body)).statusCode,
        method,
      ).toBe(404);
    }
    expect(
      (await env.db.query(`SELECT "name" FROM "modeling_agency_saved_search" WHERE "id" = $1`, [theirs.id])).rows[0]
        .name,
    ).toBe(theirs.name);
    expect(
      (await talent.call("PATCH", entityUrl("modeling-agency", "saved-searches", `/${mine.id}`), { name: "renamed" }))
        .statusCode,
    ).toBe(200);
  });

  it("ownership `account`: roster entries are read by their agency (and moderators) only", async () => {
    const model = await make(
      agency,
      "modeling-agency",
      "ModelProfile",
      { visibility: "public" },
      { userId: talent.id },
    );
    const profileA = await make(agency, "modeling-agency", "AgencyProfile", {}, { accountId: agencyA });
    const profileB = await make(agency, "modeling-agency", "AgencyProfile", {}, { accountId: agencyB });
    const entryA = await make(
      agency,
      "modeling-agency",
      "RosterEntry",
      { agencyId: profileA.id, modelId: model.id, bookerNotes: "Prefers mornings" },
      { accountId: agencyA },
    );
    const entryB = await make(
      agency,
      "modeling-agency",
      "RosterEntry",
      { agencyId: profileB.id, modelId: model.id },
      { accountId: agencyB },
    );
    expect(ids(await bookerA.call("GET", entityUrl("modeling-agency", "roster-entries")))).toEqual([entryA.id]);
    expect(ids(await ownerB.call("GET", entityUrl("modeling-agency", "roster-entries")))).toEqual([entryB.id]);
    expect(ids(await moderator.call("GET", entityUrl("modeling-agency", "roster-entries")))).toEqual(
      [entryA.id, entryB.id].sort(),
    );
    expect(
      (await bookerA.call("GET", entityUrl("modeling-agency", "roster-entries", `/${entryB.id}`))).statusCode,
    ).toBe(404);
    // Includes pass the included entity's rules too: rows another account may not read are left out, and
    // a field readable on some rows only (bookerNotes: "account") is null where it is not.
    const roster = (call: Call) =>
      call("GET", entityUrl("modeling-agency", "agency-profiles", `/${profileA.id}?include=roster`)).then(
        (r) => r.json().roster as Body[],
      );
    expect(await roster(talent.call)).toEqual([]);
    expect((await roster(bookerA.call)).map((r) => [r.id, r.bookerNotes === entryA.bookerNotes])).toEqual([
      [entryA.id, true],
    ]);
    const seenByModerator = await roster(moderator.call);
    expect(seenByModerator.map((r) => r.id)).toEqual([entryA.id]);
    expect(seenByModerator[0].bookerNotes).toBeNull();
  });

  it("`where` with a constant: anonymous visitors see active gigs only", async () => {
    const active = await make(
      agency,
      "modeling-agency",
      "Gig",
      { status: "active", categoryId: category.id },
      { userId: talent.id },
    );
    const paused = await make(
      agency,
      "modeling-agency",
      "Gig",
      { status: "paused", categoryId: category.id },
      { userId: talent.id },
    );
    const listed = ids(await anonymous("GET", entityUrl("modeling-agency", "gigs")));
    expect(listed).toContain(active.id);
    expect(listed).not.toContain(paused.id);
    // The owner reads their paused gig through `gigs:*:own`.
    expect((await talent.call("GET", entityUrl("modeling-agency", "gigs", `/${paused.id}`))).statusCode).toBe(200);
  });

  it("`where` with $user.id: a conversation is read by its participants", async () => {
    const convo = await make(
      agency,
      "modeling-agency",
      "Conversation",
      { kind: "direct", participantIds: [talent.id, client.id] },
      { userId: talent.id },
    );
    expect(ids(await client.call("GET", entityUrl("modeling-agency", "conversations")))).toEqual([convo.id]);
    expect(ids(await otherTalent.call("GET", entityUrl("modeling-agency", "conversations")))).toEqual([]);
  });

  it("permission scope `account`: a booker updates its agency's jobs, not another agency's (readable: 403)", async () => {
    const jobA = await make(
      agency,
      "modeling-agency",
      "Job",
      { categoryId: category.id, status: "published" },
      { accountId: agencyA },
    );
    const jobB = await make(
      agency,
      "modeling-agency",
      "Job",
      { categoryId: category.id, status: "published" },
      { accountId: agencyB },
    );
    expect(
      (await bookerA.call("PATCH", entityUrl("modeling-agency", "jobs", `/${jobA.id}`), { title: "Updated by A" }))
        .statusCode,
    ).toBe(200);
    const refused = await bookerA.call("PATCH", entityUrl("modeling-agency", "jobs", `/${jobB.id}`), {
      title: "Hijacked",
    });
    expect(refused.statusCode).toBe(403);
    expect(
      (await env.db.query(`SELECT "title" FROM "modeling_agency_job" WHERE "id" = $1`, [jobB.id])).rows[0].title,
    ).toBe(jobB.title);
    // Field rule: moderationNote is written by moderators only (agency: 403 with a pointer).
    const note = await ownerA.call("PATCH", entityUrl("modeling-agency", "jobs", `/${jobA.id}`), {
      moderationNote: "self-approved",
    });
    expect(note.json().errors).toEqual([{ pointer: "/body/moderationNote", message: "may not be written by you" }]);
  });

  it("row-dependent field rules: the owner reads legalName, others get the profile without it (and cannot filter by it)", async () => {
    const profile = await make(
      agency,
      "modeling-agency",
      "ModelProfile",
      { visibility: "public", legalName: "Jane Real" },
      { userId: talent.id },
    );
    const own = await talent.call("GET", entityUrl("modeling-agency", "model-profiles", `/${profile.id}`));
    expect(own.json().legalName).toBe("Jane Real");
    const other = await otherTalent.call("GET", entityUrl("modeling-agency", "model-profiles", `/${profile.id}`));
    expect(other.statusCode).toBe(200);
    expect(other.json()).not.toHaveProperty("legalName");
    expect(other.body).not.toContain("Jane Real");
    const list = await otherTalent.call("GET", entityUrl("modeling-agency", "model-profiles", "?limit=100"));
    expect(list.body).not.toContain("Jane Real");
    expect(
      (await otherTalent.call("GET", entityUrl("modeling-agency", "model-profiles", "?filter[legalName]=Jane%20Real")))
        .statusCode,
    ).toBe(403);
    // Anonymous visitors do not get the authenticated-only rates either.
    const anon = await anonymous("GET", entityUrl("modeling-agency", "model-profiles", `/${profile.id}`));
    expect(anon.json()).not.toHaveProperty("dayRate");
  });
});

describe("luxury club: permission denies and their inheritance", () => {
  it("an explicit deny beats the role's own wildcard (concierge: members:* but !members:delete)", async () => {
    const household = await createAccount(env.db, club, "household", "Deny household");
    const member = await make(club, "luxury-club", "Member", {}, { accountId: household });
    const concierge = await as(club, CLUB, { roles: [["concierge", null]] });
    expect((await concierge.call("GET", entityUrl("luxury-club", "members", `/${member.id}`))).statusCode).toBe(200);
    expect((await concierge.call("DELETE", entityUrl("luxury-club", "members", `/${member.id}`))).statusCode).toBe(403);
    expect((await env.db.query(`SELECT 1 FROM "luxury_club_member" WHERE "id" = $1`, [member.id])).rows).toHaveLength(
      1,
    );
  });

  it("a role's own grant re-allows what a parent denies (sales-manager inherits sales-rep's !sales-leads:delete)", async () => {
    const lead = () => make(club, "luxury-club", "SalesLead");
    const rep = await as(club, CLUB, { roles: [["sales-rep", null]] });
    const manager = await as(club, CLUB, { roles: [["sales-manager", null]] });
    const first = await lead();
    expect((await rep.call("DELETE", entityUrl("luxury-club", "sales-leads", `/${first.id}`))).statusCode).toBe(403);
    expect((await manager.call("DELETE", entityUrl("luxury-club", "sales-leads", `/${first.id}`))).statusCode).toBe(
      204,
    );
    // `sales-rep:*` in the read rule admits the inheriting manager; the concierge (not a sales role) is refused.
    const concierge = await as(club, CLUB, { roles: [["concierge", null]] });
    expect((await manager.call("GET", entityUrl("luxury-club", "sales-leads"))).statusCode).toBe(200);
    expect((await concierge.call("GET", entityUrl("luxury-club", "sales-leads"))).statusCode).toBe(403);
  });
});

describe("admins", () => {
  it("tenant admins and super admins may do everything in the tenant; a super admin's token needs no membership", async () => {
    const admin = await as(club, CLUB, { roles: [["tenant-admin", null]] });
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name", "platformRole") VALUES (NULL, 'root@rules.test', 'Root', 'super-admin') RETURNING "id"`,
    );
    const root = caller(env, CLUB, { token: await mint(env, null, rows[0].id, {}, true) });
    for (const call of [admin.call, root]) {
      const list = await call("GET", entityUrl("luxury-club", "commissions"));
      expect(list.statusCode).toBe(200);
      const lead = await call(
        "POST",
        entityUrl("luxury-club", "sales-leads"),
        sampleCreateBody(await entityIr("luxury-club", "SalesLead"), 900 + seed++),
      );
      expect(lead.statusCode, lead.body).toBe(201);
    }
    // A tenant admin of another tenant is nobody here (its token is for its own tenant).
    const elsewhere = await createUser(env, agency, AGENCY, { roles: [["tenant-admin", null]] });
    expect((await caller(env, CLUB, elsewhere)("GET", entityUrl("luxury-club", "commissions"))).statusCode).toBe(401);
  });
});

describe("a create rule that reads the new values (custom rule: no shipped template has one)", () => {
  let custom: AuthzEnv;
  beforeAll(async () => {
    const registry = structuredClone(allTemplates.find((t) => t.id === "modeling-agency")!) as TemplateRegistry & {
      entities: { name: string; access: unknown }[];
    };
    const saved = registry.entities.find((e) => e.name === "SavedSearch")! as unknown as {
      access: Record<string, unknown>;
    };
    saved.access = {
      ...saved.access,
      create: {
        public: false,
        authenticated: true,
        roles: [],
        ownership: [],
        where: { target: { in: ["jobs", "gigs"] } },
        tiers: [],
        requireVerified: false,
      },
    };
    custom = await startAuthzApp({ registry: [registry] });
  }, 60_000);
  afterAll(() => custom?.close());

  it("checks the `where` on the record to be created: in → 201, out → 403, nothing written", async () => {
    const tenantId = await createTenant(custom.db, "custom", ["modeling-agency"]);
    const user = await createUser(custom, tenantId, "custom", {});
    const call = caller(custom, "custom", user);
    const ok = await call("POST", entityUrl("modeling-agency", "saved-searches"), {
      name: "Jobs",
      target: "jobs",
      filters: {},
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const refused = await call("POST", entityUrl("modeling-agency", "saved-searches"), {
      name: "Models",
      target: "model-profiles",
      filters: {},
    });
    expect(refused.statusCode).toBe(403);
    const { rows } = await custom.db.query(`SELECT "target" FROM "modeling_agency_saved_search"`);
    expect(rows.map((r) => r.target)).toEqual(["jobs"]);
  });
});
