/**
 * Access rules v2 on real PostgreSQL, with a template written for this test (a services
 * marketplace no shipped template resembles): conditions through relations at depth 1 to 5
 * (many-to-one chains, one-to-many, many-to-many through a join entity), `$me` / `$myAccount`,
 * `any` / `all` / `not`, create `check`s on referenced records, and updates whose new values
 * must still pass the rule. Every status is asserted over HTTP; afterwards every principal's
 * list of every entity, and every get and update decision, is compared with the
 * independent reference evaluator (authz-reference.ts) over the same rows.
 */
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTemplatesDir, compileTemplateText, type TemplateIR } from "../../engine/src/index.ts";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import {
  allTemplates,
  caller,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  startAuthzApp,
  type AuthzEnv,
  type Call,
} from "./authz-support.ts";
import { Reference, type RefPrincipal, type WorldRow } from "./authz-reference.ts";

const label = (en: string) => ({ en });
const text = (id: string, extra: object = {}) => ({ "x-id": id, type: "string", maxLength: 200, ...extra });
const status = (id: string, values: string[]) => ({ "x-id": id, type: "string", enum: values, default: values[0] });
const toOne = (id: string, to: string, required = true) => ({
  id,
  to,
  kind: "many-to-one",
  required,
  onDelete: "cascade",
});
const entity = (id: string, scope: string, properties: object, relations: object, access: object, extra = {}) => ({
  id,
  label: label(id),
  scope,
  schema: { type: "object", properties },
  relations,
  access,
  ...extra,
});

const ID = "relay-services";
/** The template: every rule below is one form the tests exercise. */
const RAW = {
  id: ID,
  version: "1.0.0",
  title: label("Relay services"),
  locales: ["en"],
  roles: {
    vendor: { label: label("Vendor"), tier: "account", inherits: ["account-owner"], permissions: [] },
    buyer: { label: label("Buyer"), tier: "user", inherits: ["user"], permissions: [] },
    hand: { label: label("Hand"), tier: "user", inherits: ["user"], permissions: [] },
  },
  entities: {
    // One-to-many: anyone sees a vendor with some published offer; its account always.
    Vendor: entity(
      "ent_vendor",
      "account",
      { name: text("fld_vendor_name") },
      { offers: { id: "rel_vendor_offers", to: "Offer", kind: "one-to-many", inverse: "vendor" } },
      {
        read: { any: [{ ownership: ["account"] }, { public: true, where: { "offers.state": "published" } }] },
        create: "vendor",
        update: "account",
        delete: "account",
      },
    ),
    // Create check on the referenced vendor; an update may not move the offer to another vendor.
    Offer: entity(
      "ent_offer",
      "account",
      { title: text("fld_offer_title"), state: status("fld_offer_state", ["draft", "published"]) },
      { vendor: toOne("rel_offer_vendor", "Vendor") },
      {
        read: { any: [{ public: true, where: { state: "published" } }, { ownership: ["account"] }] },
        create: { roles: ["vendor"], check: { vendor: "$myAccount" } },
        update: { ownership: ["account"], where: { vendor: "$myAccount" } },
        delete: "account",
      },
    ),
    // Depth 2: the vendor of the offer asked about reads the request; nobody else but its buyer.
    Inquiry: entity(
      "ent_inquiry",
      "user",
      { message: text("fld_inquiry_message"), contact: text("fld_inquiry_contact") },
      { offer: toOne("rel_inquiry_offer", "Offer") },
      {
        read: { any: [{ ownership: ["owner"] }, { roles: ["vendor"], where: { "offer.vendor": "$myAccount" } }] },
        create: { roles: ["buyer"], check: { "offer.state": "published" } },
        update: "owner",
        delete: "owner",
      },
    ),
    // Depth 3 in a where; a create check at depth 3 (only the inquiry's vendor may quote it).
    Bid: entity(
      "ent_bid",
      "account",
      { amount: { "x-id": "fld_bid_amount", type: "integer", minimum: 0 } },
      { inquiry: toOne("rel_bid_inquiry", "Inquiry") },
      {
        read: {
          any: [{ ownership: ["account"] }, { roles: ["buyer"], where: { "inquiry.offer.state": "published" } }],
        },
        create: { roles: ["vendor"], check: { "inquiry.offer.vendor": "$myAccount" } },
        // check replaces where for the new values: a bid under 1000 may be raised above it, once.
        update: { ownership: ["account"], where: { amount: { lt: 1000 } }, check: {} },
        delete: "account",
      },
    ),
    // Depth 4 for the vendor, many-to-many for the hands, `not` for deletes, new-values check for updates.
    Job: entity(
      "ent_job",
      "user",
      { note: text("fld_job_note"), stage: status("fld_job_stage", ["requested", "confirmed"]) },
      {
        bid: toOne("rel_job_bid", "Bid"),
        hands: { id: "rel_job_hands", to: "Hand", kind: "many-to-many", through: "JobHand" },
      },
      {
        read: {
          any: [
            { ownership: ["owner"] },
            { roles: ["vendor"], where: { "bid.inquiry.offer.vendor": "$myAccount" } },
            { roles: ["hand"], where: { hands: "$me" } },
          ],
        },
        create: { roles: ["buyer"], check: { "bid.inquiry": "$me" } },
        update: {
          any: [
            { ownership: ["owner"], where: { stage: "requested" } },
            { roles: ["vendor"], where: { "bid.inquiry.offer.vendor": "$myAccount" } },
          ],
        },
        delete: { ownership: ["owner"], not: { where: { stage: "confirmed" } } },
      },
    ),
    Hand: entity(
      "ent_hand",
      "user",
      { name: text("fld_hand_name") },
      {},
      // all: the owner, and only while it still holds the role.
      {
        read: "authenticated",
        create: "hand",
        update: { all: [{ ownership: ["owner"] }, { roles: ["hand"] }] },
        delete: "owner",
      },
    ),
    // Depth 5 in a create check; soft delete (a removed hand no longer sees the job).
    JobHand: entity(
      "ent_job_hand",
      "tenant",
      { role: text("fld_job_hand_role") },
      { job: toOne("rel_job_hand_job", "Job"), hand: toOne("rel_job_hand_hand", "Hand") },
      {
        read: "vendor|hand",
        create: { roles: ["vendor"], check: { "job.bid.inquiry.offer.vendor": "$myAccount" } },
        delete: { roles: ["vendor"], where: { "job.bid.inquiry.offer.vendor": "$myAccount" } },
      },
      { softDelete: true },
    ),
  },
};

interface Person extends RefPrincipal {
  name: string;
  call: Call;
}

let env: AuthzEnv;
let registry: TemplateRegistry;
const SLUG = "relay-rules";
const people: Record<string, Person> = {};
const world: (WorldRow & { name: string })[] = [];
const reference = () => new Reference([...allTemplates, registry], () => world);

const byName = (name: string) => registry.entities.find((e) => e.name === name)!;
const url = (name: string, rest = "") => entityUrl(ID, byName(name).apiName, rest);

/** Creates through the API as `who`; the row joins the reference's world. */
async function make(who: string, entityName: string, body: Record<string, unknown>, name: string) {
  const p = people[who];
  const response = await p.call("POST", url(entityName), body);
  expect(response.statusCode, `${who} creates ${entityName} ${name}: ${response.body}`).toBe(201);
  const record = response.json();
  const e = byName(entityName);
  world.push({
    name,
    id: record.id,
    entity: e,
    deleted: false,
    values: record,
    userId: e.scope === "user" ? p.userId : null,
    accountId: e.scope === "account" ? (p.grants[0]?.accountId ?? null) : null,
    createdBy: p.userId,
  });
  return record.id as string;
}
const idOf = (name: string) => world.find((r) => r.name === name)!.id;
const listed = async (who: string, entityName: string) => {
  const response = await people[who].call("GET", url(entityName, "?limit=100"));
  return response.statusCode === 200 ? (response.json().data as { id: string }[]).map((r) => r.id).sort() : [];
};

beforeAll(async () => {
  const result = compileTemplateText(JSON.stringify(RAW), "relay-services.json");
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  registry = buildTemplateRegistry(result.ir);
  env = await startAuthzApp({ registry: [...allTemplates, registry] });
  // The shipped tables come from the migrations; this template's from the generated diff on top.
  const shipped = await compileTemplatesDir(path.resolve(import.meta.dirname, "..", "..", "industry-templates"));
  if (!shipped.ok) throw new Error("shipped templates do not compile");
  const irs: TemplateIR[] = [...shipped.app.templates];
  const migration = await buildMigration(
    buildPrismaSchema({ templates: irs }),
    buildPrismaSchema({ templates: [...irs, result.ir] }),
  );
  const client = new pg.Client({ connectionString: env.testDb.url });
  await client.connect();
  await client.query(migration.up);
  await client.end();

  const tenantId = await createTenant(env.db, SLUG, [ID]);
  const add = async (name: string, role: string | null) => {
    if (!role) {
      people[name] = {
        name,
        userId: null,
        admin: false,
        grants: [],
        verified: false,
        tier: null,
        call: caller(env, SLUG, null),
      };
      return;
    }
    const account = role === "vendor" ? await createAccount(env.db, tenantId, "business", name) : null;
    const user = await createUser(env, tenantId, SLUG, { roles: [[role, account]] });
    people[name] = {
      name,
      userId: user.id,
      admin: false,
      grants: [{ role, accountId: account }],
      verified: true,
      tier: null,
      call: caller(env, SLUG, user),
    };
  };
  await add("anonymous", null);
  for (const name of ["vendorA", "vendorB", "vendorC"]) await add(name, "vendor");
  for (const name of ["buyer1", "buyer2"]) await add(name, "buyer");
  for (const name of ["hand1", "hand2"]) await add(name, "hand");
}, 180_000);

afterAll(async () => {
  await env?.close();
});

describe("access rules through relations (PostgreSQL)", () => {
  it("a create check on a referenced record: an offer only under one's own vendor (403, not 422)", async () => {
    await make("vendorA", "Vendor", { name: "A" }, "vendorA");
    await make("vendorB", "Vendor", { name: "B" }, "vendorB");
    await make("vendorC", "Vendor", { name: "C" }, "vendorC");
    const foreign = await people.vendorA.call("POST", url("Offer"), { title: "x", vendorId: idOf("vendorB") });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.headers["content-type"]).toMatch(/application\/problem\+json/);
    await make("vendorA", "Offer", { title: "A live", state: "published", vendorId: idOf("vendorA") }, "offerA");
    await make("vendorA", "Offer", { title: "A draft", state: "draft", vendorId: idOf("vendorA") }, "draftA");
    await make("vendorB", "Offer", { title: "B live", state: "published", vendorId: idOf("vendorB") }, "offerB");
  });

  it("any: public when published, or the account's own at any time", async () => {
    expect(await listed("anonymous", "Offer")).toEqual([idOf("offerA"), idOf("offerB")].sort());
    expect(await listed("vendorA", "Offer")).toEqual([idOf("offerA"), idOf("draftA"), idOf("offerB")].sort());
    expect((await people.vendorB.call("GET", url("Offer", `/${idOf("draftA")}`))).statusCode).toBe(404);
  });

  it("one-to-many: a vendor is public once some offer of it is published", async () => {
    expect(await listed("anonymous", "Vendor")).toEqual([idOf("vendorA"), idOf("vendorB")].sort());
    expect(await listed("vendorC", "Vendor")).toContain(idOf("vendorC"));
  });

  it("a client filter through relations sees only related rows the caller may read", async () => {
    const drafts = (who: string) => people[who].call("GET", url("Vendor", "?filter[offers.state][eq]=draft"));
    expect((await drafts("anonymous")).json().data).toEqual([]);
    expect((await drafts("vendorA")).json().data.map((r: { id: string }) => r.id)).toEqual([idOf("vendorA")]);
  });

  it("depth 2: only the vendor of the offer reads the inquiry (its buyer's contact data)", async () => {
    await make("buyer1", "Inquiry", { message: "hi", contact: "b1@x.test", offerId: idOf("offerA") }, "inq1");
    await make("buyer2", "Inquiry", { message: "yo", contact: "b2@x.test", offerId: idOf("offerB") }, "inq2");
    expect(await listed("vendorA", "Inquiry")).toEqual([idOf("inq1")]);
    expect(await listed("vendorB", "Inquiry")).toEqual([idOf("inq2")]);
    expect(await listed("vendorC", "Inquiry")).toEqual([]);
    expect(await listed("buyer2", "Inquiry")).toEqual([idOf("inq2")]);
    expect((await people.vendorB.call("GET", url("Inquiry", `/${idOf("inq1")}`))).statusCode).toBe(404);
  });

  it("depth 3 create check: only the inquiry's vendor may bid on it", async () => {
    await make("vendorA", "Bid", { amount: 100, inquiryId: idOf("inq1") }, "bid1");
    await make("vendorB", "Bid", { amount: 200, inquiryId: idOf("inq2") }, "bid2");
    // The check runs before the reference checks; it fails alike for a record vendorB cannot read
    // and for one that does not exist, so the 403 reveals nothing.
    expect((await people.vendorB.call("POST", url("Bid"), { amount: 1, inquiryId: idOf("inq1") })).statusCode).toBe(
      403,
    );
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await people.vendorB.call("POST", url("Bid"), { amount: 1, inquiryId: missing })).statusCode).toBe(403);
    // Buyers read bids on published offers (depth 3 in a where), their own and others'.
    expect(await listed("buyer2", "Bid")).toEqual([idOf("bid1"), idOf("bid2")].sort());
  });

  it("depth 2 create check: a buyer cannot book another buyer's bid, though it can read it", async () => {
    const other = await people.buyer2.call("POST", url("Job"), { note: "mine?", bidId: idOf("bid1") });
    expect(other.statusCode).toBe(403);
    await make("buyer1", "Job", { note: "please", bidId: idOf("bid1") }, "job1");
    await make("buyer2", "Job", { note: "later", bidId: idOf("bid2") }, "job2");
  });

  it("depth 4 and many-to-many: the job's vendor and the hands on it read it", async () => {
    expect(await listed("vendorA", "Job")).toEqual([idOf("job1")]);
    expect(await listed("hand1", "Job")).toEqual([]);
    await make("hand1", "Hand", { name: "H1" }, "hand1");
    await make("hand2", "Hand", { name: "H2" }, "hand2");
    // Depth 5 create check on the join row.
    const foreign = await people.vendorB.call("POST", url("JobHand"), { jobId: idOf("job1"), handId: idOf("hand1") });
    expect(foreign.statusCode).toBe(403); // job1 is not vendorB's (nor readable by it)
    const stranger = await people.vendorB.call("POST", url("JobHand"), { jobId: idOf("job2"), handId: idOf("hand1") });
    expect(stranger.statusCode).toBe(201);
    world.push({
      name: "crewB",
      id: stranger.json().id,
      entity: byName("JobHand"),
      deleted: false,
      values: stranger.json(),
      userId: null,
      accountId: null,
      createdBy: people.vendorB.userId,
    });
    await make("vendorA", "JobHand", { jobId: idOf("job1"), handId: idOf("hand1"), role: "lead" }, "crewA");
    expect(await listed("hand1", "Job")).toEqual([idOf("job1"), idOf("job2")].sort());
    expect(await listed("hand2", "Job")).toEqual([]);
    // A removed (soft-deleted) join row no longer counts.
    expect((await people.vendorB.call("DELETE", url("JobHand", `/${idOf("crewB")}`))).statusCode).toBe(204);
    world.find((r) => r.name === "crewB")!.deleted = true;
    expect(await listed("hand1", "Job")).toEqual([idOf("job1")]);
  });

  it("updates check the new values: no moving an offer to another vendor, no confirming one's own job", async () => {
    const moved = await people.vendorA.call("PATCH", url("Offer", `/${idOf("draftA")}`), { vendorId: idOf("vendorB") });
    expect(moved.statusCode).toBe(403);
    expect(moved.json().detail).toMatch(/new values/);
    const stored = await env.db.query<{ vendorId: string }>(
      `SELECT "vendorId" FROM "${byName("Offer").table}" WHERE "id" = $1`,
      [idOf("draftA")],
    );
    expect(stored.rows[0].vendorId).toBe(idOf("vendorA"));
    expect(
      (await people.vendorA.call("PATCH", url("Offer", `/${idOf("draftA")}`), { title: "A draft 2" })).statusCode,
    ).toBe(200);

    expect((await people.buyer1.call("PATCH", url("Job", `/${idOf("job1")}`), { note: "asap" })).statusCode).toBe(200);
    const self = await people.buyer1.call("PATCH", url("Job", `/${idOf("job1")}`), { stage: "confirmed" });
    expect(self.statusCode).toBe(403);
    expect(
      (await env.db.query(`SELECT "stage" FROM "${byName("Job").table}" WHERE "id" = $1`, [idOf("job1")])).rows[0]
        .stage,
    ).toBe("requested");
    const confirmed = await people.vendorA.call("PATCH", url("Job", `/${idOf("job1")}`), { stage: "confirmed" });
    expect(confirmed.statusCode).toBe(200);
    world.find((r) => r.name === "job1")!.values.stage = "confirmed";
    // Stored row outside the owner's branch now: readable, not updatable.
    expect((await people.buyer1.call("PATCH", url("Job", `/${idOf("job1")}`), { note: "?" })).statusCode).toBe(403);
    expect((await people.vendorB.call("PATCH", url("Job", `/${idOf("job1")}`), { note: "?" })).statusCode).toBe(404);
  });

  it("check replaces where for the new values: an update may take a record out of its where, once", async () => {
    const bid = idOf("bid2");
    expect((await people.vendorB.call("PATCH", url("Bid", `/${bid}`), { amount: 5000 })).statusCode).toBe(200);
    world.find((r) => r.name === "bid2")!.values.amount = 5000;
    expect((await people.vendorB.call("PATCH", url("Bid", `/${bid}`), { amount: 10 })).statusCode).toBe(403);
  });

  it("not: an owner deletes a job unless it is confirmed", async () => {
    expect((await people.buyer1.call("DELETE", url("Job", `/${idOf("job1")}`))).statusCode).toBe(403);
    expect((await people.buyer2.call("DELETE", url("Job", `/${idOf("job1")}`))).statusCode).toBe(404);
  });

  it("a sort through relations reads only related records the caller may read (others sort as empty)", async () => {
    const offerId = idOf("offerA");
    const inquiries = [
      await make("buyer1", "Inquiry", { message: "m1", contact: "s1@x.test", offerId }, "sortInq1"),
      await make("buyer1", "Inquiry", { message: "m2", contact: "s2@x.test", offerId }, "sortInq2"),
    ];
    const bids = [
      await make("vendorA", "Bid", { amount: 5, inquiryId: inquiries[0] }, "sortBid1"),
      await make("vendorA", "Bid", { amount: 6, inquiryId: inquiries[1] }, "sortBid2"),
    ];
    // The bid with the larger id gets the first message: message order is the reverse of id order.
    const [low, high] = bids[0] < bids[1] ? [0, 1] : [1, 0];
    for (const [i, message] of [
      [high, "aa first"],
      [low, "zz last"],
    ] as const) {
      const response = await people.buyer1.call("PATCH", url("Inquiry", `/${inquiries[i]}`), { message });
      expect(response.statusCode, response.body).toBe(200);
      world.find((r) => r.id === inquiries[i])!.values.message = message;
    }
    const order = async (who: string) => {
      const query = `?filter[id][in]=${bids.join(",")}&sort=inquiry.message`;
      const response = await people[who].call("GET", url("Bid", query));
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data.map((r: { id: string }) => r.id);
    };
    // buyer1 reads its inquiries; buyer2 reads the bids (published offer) but not the inquiries.
    expect(await order("buyer1")).toEqual([bids[high], bids[low]]);
    expect(await order("buyer2")).toEqual([bids[low], bids[high]]);
  });

  it("every list, get and update decision agrees with the reference evaluator", async () => {
    const ref = reference();
    const mismatches: string[] = [];
    let checks = 0;
    const statusOf = async (p: Person, method: "GET" | "PATCH", e: EntityRegistry, id: string) =>
      (await p.call(method, entityUrl(ID, e.apiName, `/${id}`), method === "PATCH" ? {} : undefined)).statusCode;
    for (const p of Object.values(people)) {
      for (const e of registry.entities) {
        const rows = world.filter((r) => r.entity === e && !r.deleted);
        const readable = rows
          .filter((r) => ref.entity(e, "read", p, r) === "T")
          .map((r) => r.id)
          .sort();
        const got = await listed(p.name, e.name);
        checks++;
        if (JSON.stringify(got) !== JSON.stringify(readable))
          mismatches.push(`${p.name} list ${e.name}: ${got.length} vs ${readable.length}`);
        for (const row of rows) {
          const read = ref.entity(e, "read", p, row) === "T";
          const get = await statusOf(p, "GET", e, row.id);
          checks++;
          const deniedStatus = p.userId === null ? 401 : 403;
          const expectGet = ref.entity(e, "read", p, null) === "F" ? deniedStatus : read ? 200 : 404;
          if (get !== expectGet) mismatches.push(`${p.name} get ${e.name} ${row.name}: ${get} vs ${expectGet}`);
          const update =
            ref.entity(e, "update", p, null) === "F"
              ? deniedStatus
              : !read
                ? 404
                : ref.entity(e, "update", p, row) === "T" && ref.entity(e, "updated", p, row) === "T"
                  ? 200
                  : 403;
          const patched = await statusOf(p, "PATCH", e, row.id);
          checks++;
          if (patched !== update) mismatches.push(`${p.name} update ${e.name} ${row.name}: ${patched} vs ${update}`);
        }
      }
    }
    expect(mismatches, mismatches.join("\n")).toEqual([]);
    expect(checks).toBeGreaterThan(200);
  });
});
