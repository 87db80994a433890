/**
 * The vacation-rental template end to end, over HTTP on PostgreSQL: a host lists a property
 * (host profile, draft, seasonal rate, blocked dates, published through the listing workflow's
 * `publish` transition), two guests book dates that do not overlap, each reads only their own
 * booking, the host confirms each request in its task inbox (the booking workflow owns the
 * status: a PATCH of it is 409), guests review the stay and the host reviews the guest (a guest
 * who never booked, and a host of another property, may not), and the property's computed rating
 * is the average of its reviews. A cancellation is the `guest-cancelled` event the booking
 * workflow waits for, delivered by a tenant admin (the events API is theirs; a guest cannot post
 * one).
 *
 * Users and tokens are made as the authorization suites make them (runtime/test/authz-support.ts:
 * SQL and minted tokens, since the sign-up flow has its own tests); every record goes through the
 * API.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityRegistry } from "../../engine/src/contract/registry-types.ts";
import {
  allTemplates,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  startAuthzApp,
  type AuthzEnv,
} from "../../runtime/test/authz-support.ts";

const T = "vacation-rental";
const slug = "e2e-vacation-rental";
const template = allTemplates.find((t) => t.id === T)!;
const booking = template.entities.find((e) => e.name === "Booking")!;

/**
 * Whether the registry's Booking carries a no-overlap (exclusion) key over its date range.
 * The key is being added to the format; until it is, the overlap test is not registered. The
 * labels, descriptions and schemas are left out so that no sentence about overlaps counts.
 */
function hasNoOverlapKey(entity: EntityRegistry): boolean {
  const words = new Set(["label", "pluralLabel", "description", "schemas", "fields"]);
  const structure = Object.fromEntries(Object.entries(entity).filter(([key]) => !words.has(key)));
  return /exclu|overlap/i.test(JSON.stringify(structure));
}

let env: AuthzEnv;
let base = "";

interface Answer {
  status: number;
  body: any;
}
type Who = (method: string, url: string, body?: unknown) => Promise<Answer>;

/** Requests as the holder of `token` (anonymous with null), over HTTP. */
const as =
  (token: string | null): Who =>
  async (method, url, body) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: {
        "x-tenant": slug,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

const url = (apiName: string, rest = "") => entityUrl(T, apiName, rest);
const eur = (amount: number) => ({ amount, currency: "EUR" });
const ids = async (who: Who, apiName: string) =>
  ((await who("GET", url(apiName, "?limit=100"))).body.data as { id: string }[]).map((r) => r.id).sort();

/** Creates a record; its id (a 201 is required). */
async function create(who: Who, apiName: string, body: object): Promise<string> {
  const answer = await who("POST", url(apiName), body);
  expect(answer.status, `${apiName}: ${JSON.stringify(answer.body)}`).toBe(201);
  return answer.body.id as string;
}

const who: Record<"anonymous" | "host" | "otherHost" | "guest1" | "guest2" | "stranger" | "admin", Who> = {} as never;
const made: Record<string, string> = {};
let tenantId = "";

/** Polls until `fn` returns something truthy (a workflow step runs after the request's commit). */
async function until<T>(fn: () => Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** The record's status once the workflow has set it to `status` (as the record's reader sees it). */
const statusBecomes = (reader: Who, apiName: string, id: string, status: string) =>
  until(async () => {
    const answer = await reader("GET", url(apiName, `/${id}`));
    return answer.body?.status === status ? answer.body : null;
  }, `${apiName}/${id} to be ${status}`);

/** The open task of the booking's run in the host's inbox. */
const hostTask = (bookingId: string) =>
  until(async () => {
    const inbox = (await who.host("GET", "/api/v1/tenant/workflows/tasks")).body.data as {
      id: string;
      recordId: string;
      workflow: string;
    }[];
    return inbox.find((t) => t.recordId === bookingId && t.workflow === "booking-request") ?? null;
  }, `the host's task for ${bookingId}`);

/** Template keys of the emails queued for a record's runs, with their recipients. */
async function emailsOf(recordId: string): Promise<{ templateKey: string; recipient: string }[]> {
  const { rows } = await env.db.query<{ templateKey: string; recipient: string }>(
    `SELECT m."templateKey", m."recipient" FROM "email_message" m
       JOIN "workflow_instance" i ON i."tenantId" = m."tenantId" AND m."dedupeKey" LIKE i."id" || ':%'
      WHERE m."tenantId" = $1 AND i."recordId" = $2 ORDER BY m."createdAt", m."templateKey"`,
    [tenantId, recordId],
  );
  return rows;
}
const emails: Record<string, string> = {};

beforeAll(async () => {
  // With the workflow runtime (the authorization suites run without it): the workflows own the statuses.
  env = await startAuthzApp({ extra: { workflows: {} } });
  await env.app.listen({ port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  tenantId = await createTenant(env.db, slug, [T]);
  who.anonymous = as(null);
  const addressOf = async (id: string) =>
    (await env.db.query<{ email: string }>(`SELECT "email" FROM "user" WHERE "id" = $1`, [id])).rows[0].email;
  for (const name of ["host", "otherHost"] as const) {
    const account = await createAccount(env.db, tenantId, "host", name);
    const user = await createUser(env, tenantId, slug, { roles: [["host", account]] });
    who[name] = as(user.token);
    emails[name] = await addressOf(user.id);
  }
  for (const name of ["guest1", "guest2", "stranger"] as const) {
    const user = await createUser(env, tenantId, slug, { roles: [["guest", null]] });
    who[name] = as(user.token);
    emails[name] = await addressOf(user.id);
  }
  who.admin = as((await createUser(env, tenantId, slug, { roles: [["tenant-admin", null]] })).token);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe("vacation-rental over HTTP", () => {
  it("offers sign-up as a host (an account of its own) and as a guest", async () => {
    const answer = await who.anonymous("GET", "/api/v1/user/auth/signup-options");
    expect(answer.status).toBe(200);
    const options = JSON.stringify(answer.body);
    const list = (Array.isArray(answer.body) ? answer.body : (answer.body.data ?? answer.body.options)) as {
      name: string;
      role: string;
      account: { kind: string } | null;
    }[];
    expect(list, options).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "host", role: "host", account: expect.objectContaining({ kind: "host" }) }),
        expect.objectContaining({ name: "guest", role: "guest" }),
      ]),
    );
    expect(list.find((o) => o.name === "guest")!.account ?? null).toBeNull();
  });

  it("a host lists a property: a draft only its account sees, then published for everyone", async () => {
    made.hostProfile = await create(who.host, "host-profiles", {
      displayName: "Harbour Homes",
      hostType: "professional",
      languages: ["en", "de"],
      contactEmail: "hello@harbour-homes.test",
    });
    made.otherHostProfile = await create(who.otherHost, "host-profiles", { displayName: "Alpine Cabins" });
    const property = {
      title: "Bright loft by the harbour",
      summary: "Two bedrooms, a balcony over the water and a five-minute walk to the old town.",
      address: { street: "Am Sandtorkai 12", postalCode: "20457", city: "Hamburg", countryCode: "DE" },
      maxGuests: 4,
      bedrooms: 2,
      beds: 3,
      bathrooms: 1.5,
      amenities: ["wifi", "kitchen", "washer", "balcony", "workspace"],
      houseRules: { checkInFrom: "15:00", checkOutBy: "10:00", smokingAllowed: false, petsAllowed: false },
      nightlyRate: eur(12000),
      cleaningFee: eur(6000),
      minNights: 2,
      status: "draft",
    };
    // A host lists only under its own account's host profile.
    const foreign = await who.otherHost("POST", url("properties"), { ...property, hostId: made.hostProfile });
    expect(foreign.status).toBe(403);
    made.property = await create(who.host, "properties", { ...property, hostId: made.hostProfile });

    expect((await who.anonymous("GET", url("properties", `/${made.property}`))).status).toBe(404);
    expect(await ids(who.guest1, "properties")).toEqual([]);
    expect(await ids(who.host, "properties")).toEqual([made.property]);

    made.summerRate = await create(who.host, "seasonal-rates", {
      propertyId: made.property,
      name: "High summer",
      startDate: "2027-07-01",
      endDate: "2027-08-31",
      nightlyRate: eur(16500),
      minNights: 5,
    });
    made.block = await create(who.host, "availability-blocks", {
      propertyId: made.property,
      startDate: "2027-08-20",
      endDate: "2027-08-27",
      reason: "owner-stay",
      note: "Family visit",
    });
    // Rates and blocked dates are written only for the host's own properties.
    const foreignRate = await who.otherHost("POST", url("seasonal-rates"), {
      propertyId: made.property,
      name: "Sneaky",
      startDate: "2027-07-01",
      endDate: "2027-07-02",
      nightlyRate: eur(1),
    });
    expect(foreignRate.status).toBe(403);
    expect(await ids(who.anonymous, "seasonal-rates")).toEqual([]);

    // The listing workflow owns the status: a PATCH of it is 409, naming the host's transition.
    const patched = await who.host("PATCH", url("properties", `/${made.property}`), { status: "published" });
    expect(patched.status, JSON.stringify(patched.body)).toBe(409);
    const offered = await until(async () => {
      const answer = await who.host("GET", url("properties", `/${made.property}/transitions`));
      return answer.body.data?.length ? answer.body : null;
    }, "the publish transition");
    expect(offered.data).toEqual([{ name: "publish", to: "published", href: expect.any(String) }]);
    expect(patched.body.transitions).toEqual(offered.data);
    // Another host cannot read the draft, so not its transitions either.
    expect((await who.otherHost("GET", url("properties", `/${made.property}/transitions`))).status).toBe(404);
    // Another host is no actor of this property's listing.
    expect((await who.otherHost("POST", offered.data[0].href)).status).toBe(409);
    expect((await who.host("POST", offered.data[0].href)).status).toBe(202);
    await statusBecomes(who.host, "properties", made.property, "published");
    const seen = await who.anonymous("GET", url("properties", `/${made.property}`));
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ title: property.title, amenities: property.amenities, nightlyRate: eur(12000) });
    expect(await ids(who.anonymous, "seasonal-rates")).toEqual([made.summerRate]);
    const blocks = (await who.guest1("GET", url("availability-blocks"))).body.data;
    expect(blocks.map((b: { id: string }) => b.id)).toEqual([made.block]);
    expect(blocks[0]).toMatchObject({ startDate: "2027-08-20", endDate: "2027-08-27", reason: "owner-stay" });
    // The note on blocked dates is the host's own.
    expect(blocks[0]).not.toHaveProperty("note");
    expect((await who.host("GET", url("availability-blocks", `/${made.block}`))).body.note).toBe("Family visit");
  });

  it("guests book dates that do not overlap; a booking names the guest's own profile, as a request", async () => {
    made.guest1Profile = await create(who.guest1, "guest-profiles", { displayName: "Mara K.", homeCity: "Munich" });
    made.guest2Profile = await create(who.guest2, "guest-profiles", { displayName: "Jonas B.", homeCity: "Zurich" });
    made.strangerProfile = await create(who.stranger, "guest-profiles", { displayName: "Pat S." });
    const stay = { propertyId: made.property, checkIn: "2027-07-10", checkOut: "2027-07-17", guestCount: 2 };

    const forSomeoneElse = await who.guest2("POST", url("bookings"), { ...stay, guestId: made.guest1Profile });
    expect(forSomeoneElse.status).toBe(403);
    // A request names no other status (the create rule; the booking workflow owns it after that).
    const selfConfirmed = await who.guest1("POST", url("bookings"), {
      ...stay,
      guestId: made.guest1Profile,
      status: "confirmed",
    });
    expect(selfConfirmed.status).toBe(403);

    made.booking1 = await create(who.guest1, "bookings", {
      ...stay,
      guestId: made.guest1Profile,
      messageToHost: "We arrive by train around 16:00.",
    });
    // Check-in on the day the first guest checks out: no night is shared.
    made.booking2 = await create(who.guest2, "bookings", {
      propertyId: made.property,
      guestId: made.guest2Profile,
      checkIn: "2027-07-17",
      checkOut: "2027-07-24",
      guestCount: 3,
    });
    const first = await who.guest1("GET", url("bookings", `/${made.booking1}`));
    expect(first.body).toMatchObject({ status: "requested", checkIn: "2027-07-10", checkOut: "2027-07-17" });
    // Each request waits in the host's inbox; the host was emailed about it.
    await hostTask(made.booking1);
    await hostTask(made.booking2);
    expect(await emailsOf(made.booking1)).toEqual([{ templateKey: "booking-requested", recipient: emails.host }]);

    // An unpublished property takes no bookings.
    const draft = await create(who.host, "properties", {
      title: "Garden flat (coming soon)",
      hostId: made.hostProfile,
      address: { city: "Hamburg", countryCode: "DE" },
      maxGuests: 2,
      nightlyRate: eur(9000),
    });
    const onDraft = await who.guest1("POST", url("bookings"), {
      ...stay,
      propertyId: draft,
      guestId: made.guest1Profile,
    });
    expect(onDraft.status).toBe(403);
  });

  it("a guest reads only their own booking; the property's host reads both, another host none", async () => {
    expect(await ids(who.guest1, "bookings")).toEqual([made.booking1]);
    expect(await ids(who.guest2, "bookings")).toEqual([made.booking2]);
    expect((await who.guest2("GET", url("bookings", `/${made.booking1}`))).status).toBe(404);
    expect((await who.guest2("PATCH", url("bookings", `/${made.booking1}`), { guestCount: 1 })).status).toBe(404);
    expect((await who.anonymous("GET", url("bookings", `/${made.booking1}`))).status).toBe(401);
    expect(await ids(who.host, "bookings")).toEqual([made.booking1, made.booking2].sort());
    expect(await ids(who.otherHost, "bookings")).toEqual([]);
    // The guests behind the bookings are visible to their host only.
    expect(await ids(who.host, "guest-profiles")).toEqual([made.guest1Profile, made.guest2Profile].sort());
    expect(await ids(who.otherHost, "guest-profiles")).toEqual([]);
  });

  it("the host confirms in its inbox; a guest never confirms, and nobody PATCHes the status", async () => {
    const booking1 = url("bookings", `/${made.booking1}`);
    // A guest's change leaves a booking a request (the rule), and the host's status write is the workflow's (409).
    expect((await who.guest1("PATCH", booking1, { status: "confirmed" })).status).toBe(403);
    expect((await who.otherHost("PATCH", booking1, { status: "declined" })).status).toBe(404);
    const hostWrite = await who.host("PATCH", booking1, { status: "confirmed" });
    expect(hostWrite.status).toBe(409);
    expect(hostWrite.body.transitions).toEqual([]);
    // The task is the property's host's: not in a guest's inbox, not decidable by another host.
    const task1 = await hostTask(made.booking1);
    expect((await who.guest1("GET", "/api/v1/tenant/workflows/tasks")).body.data).toEqual([]);
    const decide = (by: Who, taskId: string, decision: string) =>
      by("POST", `/api/v1/tenant/workflows/tasks/${taskId}/decision`, { decision });
    expect((await decide(who.otherHost, task1.id, "approve")).status).toBe(404);
    expect((await decide(who.guest1, task1.id, "approve")).status).toBe(404);

    for (const [id, nights] of [
      [made.booking1, 7],
      [made.booking2, 7],
    ] as const) {
      const task = await hostTask(id);
      const decided = await decide(who.host, task.id, "approve");
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      expect(decided.body.status).toBe("approved");
      await statusBecomes(who.host, "bookings", id, "confirmed");
      // The price and the host's note are the host's to write, beside the workflow's status.
      const priced = await who.host("PATCH", url("bookings", `/${id}`), {
        totalPrice: eur(nights * 16500 + 6000),
        hostNote: "Key box code follows the day before arrival.",
      });
      expect(priced.status, JSON.stringify(priced.body)).toBe(200);
      expect(priced.body.status).toBe("confirmed");
    }
    // A second decision on a decided task is a conflict.
    expect((await decide(who.host, task1.id, "reject")).status).toBe(400);
    expect((await decide(who.host, task1.id, "approve")).status).toBe(409);
    expect((await who.guest1("PATCH", booking1, { totalPrice: eur(1) })).status).toBe(403);
    // A guest changes a booking only while it is a request (the host confirmed this one).
    expect((await who.guest1("PATCH", booking1, { guestCount: 4 })).status).toBe(403);
    expect((await who.guest1("GET", booking1)).body).toMatchObject({
      status: "confirmed",
      guestCount: 2,
      totalPrice: eur(7 * 16500 + 6000),
    });
    // The guest got the confirmation, once.
    await until(
      async () => (await emailsOf(made.booking1)).some((m) => m.templateKey === "booking-confirmed"),
      "the confirmation email",
    );
    expect(await emailsOf(made.booking1)).toEqual([
      { templateKey: "booking-requested", recipient: emails.host },
      { templateKey: "booking-confirmed", recipient: emails.guest1 },
    ]);
  });

  it("guests review their stay, the host the guest; a guest who never booked and another host may not", async () => {
    const review = (bookingId: string, rating: number) => ({
      propertyId: made.property,
      bookingId,
      rating,
      cleanliness: rating,
      communication: 5,
      title: "Lovely stay",
      body: "Spotless, quiet at night and the host answered within minutes.",
    });
    expect((await who.stranger("POST", url("property-reviews"), review(made.booking1, 1))).status).toBe(403);
    expect((await who.guest2("POST", url("property-reviews"), review(made.booking1, 1))).status).toBe(403);
    made.review1 = await create(who.guest1, "property-reviews", review(made.booking1, 5));
    made.review2 = await create(who.guest2, "property-reviews", review(made.booking2, 4));

    // The host answers a review of its property but cannot change its rating.
    const answered = await who.host("PATCH", url("property-reviews", `/${made.review1}`), {
      hostResponse: "Thank you, come back any time!",
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect((await who.host("PATCH", url("property-reviews", `/${made.review1}`), { rating: 1 })).status).toBe(403);
    expect(
      (await who.otherHost("PATCH", url("property-reviews", `/${made.review1}`), { hostResponse: "Ha" })).status,
    ).toBe(403);

    const guestReview = { guestId: made.guest1Profile, bookingId: made.booking1, rating: 5, wouldHostAgain: true };
    expect((await who.otherHost("POST", url("guest-reviews"), guestReview)).status).toBe(403);
    // The stranger never stayed at the host's property.
    const stranger = await who.host("POST", url("guest-reviews"), { ...guestReview, guestId: made.strangerProfile });
    expect(stranger.status).toBe(403);
    made.guestReview = await create(who.host, "guest-reviews", {
      ...guestReview,
      body: "Left the loft spotless.",
    });
    expect(await ids(who.guest1, "guest-reviews")).toEqual([made.guestReview]);
    expect(await ids(who.guest2, "guest-reviews")).toEqual([]);
    const profile = await who.guest1("GET", url("guest-profiles", `/${made.guest1Profile}`));
    expect(profile.body).toMatchObject({ averageRating: 5, reviewCount: 1 });
  });

  it("the property's rating is the average of its reviews, kept as reviews come and go", async () => {
    const read = async () => (await who.anonymous("GET", url("properties", `/${made.property}`))).body;
    const reviews = (await who.anonymous("GET", url("property-reviews", `?filter[propertyId]=${made.property}`))).body
      .data as { rating: number }[];
    const average = reviews.reduce((sum, r) => sum + r.rating, 0) / reviews.length;
    expect(reviews).toHaveLength(2);
    expect(await read()).toMatchObject({ averageRating: average, reviewCount: 2, bookingCount: 2 });
    expect(average).toBe(4.5);
    // A computed field is read-only in the API.
    expect((await who.host("PATCH", url("properties", `/${made.property}`), { averageRating: 1 })).status).toBe(400);

    expect((await who.guest2("DELETE", url("property-reviews", `/${made.review2}`))).status).toBe(204);
    expect(await read()).toMatchObject({ averageRating: 5, reviewCount: 1 });
  });

  it("a cancelled stay (the guest-cancelled event) is cancelled by the workflow; a guest deletes none", async () => {
    made.booking3 = await create(who.guest2, "bookings", {
      propertyId: made.property,
      guestId: made.guest2Profile,
      checkIn: "2027-09-01",
      checkOut: "2027-09-05",
      guestCount: 2,
    });
    const task = await hostTask(made.booking3);
    expect(
      (await who.host("POST", `/api/v1/tenant/workflows/tasks/${task.id}/decision`, { decision: "approve" })).status,
    ).toBe(200);
    await statusBecomes(who.guest2, "bookings", made.booking3, "confirmed");
    // The guest may not write the status, nor post the event (the events API is the tenant admins').
    const bookings3 = url("bookings", `/${made.booking3}`);
    expect((await who.guest2("PATCH", bookings3, { status: "cancelled" })).status).toBe(409);
    const event = { entity: "Booking", recordId: made.booking3, event: "guest-cancelled", payload: {} };
    expect((await who.guest2("POST", "/api/v1/tenant/workflows/events", event)).status).toBe(403);
    const delivered = await who.admin("POST", "/api/v1/tenant/workflows/events", event);
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(202);
    await statusBecomes(who.guest2, "bookings", made.booking3, "cancelled");
    expect((await who.guest2("DELETE", bookings3)).status).toBe(403);
  });

  // TODO(no-overlap key): registered once the registry's Booking carries the exclusion
  // (range checkIn/checkOut per propertyId, ignoring cancelled and declined bookings).
  it.runIf(hasNoOverlapKey(booking))(
    "an overlapping booking is refused with a pointer; a cancelled booking's nights are free again",
    async () => {
      const overlapping = {
        propertyId: made.property,
        guestId: made.strangerProfile,
        checkIn: "2027-07-15",
        checkOut: "2027-07-19",
        guestCount: 1,
      };
      const refused = await who.stranger("POST", url("bookings"), overlapping);
      expect([409, 422]).toContain(refused.status);
      const pointers = (refused.body.errors ?? []).map((e: { pointer: string }) => e.pointer);
      expect(
        pointers.some((p: string) => /^\/body\/(checkIn|checkOut|propertyId)$/.test(p)),
        refused.body,
      ).toBe(true);

      const cancelled = await who.admin("POST", "/api/v1/tenant/workflows/events", {
        entity: "Booking",
        recordId: made.booking2,
        event: "guest-cancelled",
      });
      expect(cancelled.status).toBe(202);
      await statusBecomes(who.guest2, "bookings", made.booking2, "cancelled");
      // Overlaps the first guest's confirmed stay no longer, only the cancelled one.
      await create(who.stranger, "bookings", { ...overlapping, checkIn: "2027-07-18", checkOut: "2027-07-21" });
    },
  );
});
