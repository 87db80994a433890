/**
 * Bookings (runtime/src/bookings) on PostgreSQL with a template of this test's own
 * (bookings-support.ts): availability calendars with rrule openings and closures, free nights
 * and slots that respect bookings, 50 concurrent overlapping requests of which exactly the ones
 * that fit win (one per night; n seats of a slot, never more), refusals with pointers, request-
 * to-book, the waitlist and its promotion, the generic CRUD's side, and two tenants.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allTemplates,
  client,
  createTenant,
  installOwnTemplate,
  setupPostgres,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";
import { BOOKING_TEMPLATE } from "./bookings-support.ts";

let env: CrudEnv & { testDb: { url: string } };
let tenant: TestTenant;
let call: Inject;
let other: Inject;

const api = (rest: string) => `/api/v1/tenant/bookings/${rest}`;
const entities = (rest: string) => `/api/v1/tenant/entities/hut-hire:${rest}`;
const make = async (as: Inject, what: string, payload: object) => {
  const r = await as({ method: "POST", url: entities(what), payload });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
};
const pointers = (r: { json(): { errors?: { pointer: string }[] } }) => (r.json().errors ?? []).map((e) => e.pointer);
const setCalendar = (as: Inject, entity: string, resource: string, entries: object[]) =>
  as({ method: "PUT", url: api(`${entity}/resources/${resource}/calendar`), payload: { entries } });
const free = async (as: Inject, entity: string, resource: string, from: string, to: string) => {
  const r = await as({
    method: "GET",
    url: api(
      `${entity}/resources/${resource}/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    ),
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { unit: string; capacity: number; slots: { start: string; end: string; remaining: number }[] };
};
const night = (as: Inject, hutId: string, arrive: string, leave: string, extra: object = {}) =>
  as({ method: "POST", url: api("nights"), payload: { hutId, arrive, leave, ...extra } });

beforeAll(async () => {
  const own = await installOwnTemplate(BOOKING_TEMPLATE, "hut-hire.json");
  // A workflow worker runs: the template's workflow on Place reacts to the bookings' status changes.
  env = await setupPostgres([...allTemplates, own.registry], { workflows: { worker: { pollMs: 50, timerMs: 50 } } });
  await own.apply(env.testDb.url);
  tenant = await createTenant(env.db, "huts", ["hut-hire"]);
  call = client(env.app, tenant);
  other = client(env.app, await createTenant(env.db, "huts-other", ["hut-hire"]));
}, 120_000);
afterAll(() => env?.close());

describe("nights: a calendar of rrule openings and closures", () => {
  let hut = "";
  beforeAll(async () => {
    hut = await make(call, "huts", { name: "Ridge" });
    const r = await setCalendar(call, "nights", hut, [
      // Every Friday and Saturday night from 4 January 2030.
      { kind: "open", start: "2030-01-04", end: "2030-01-05", rrule: "FREQ=WEEKLY;BYDAY=FR,SA" },
      // Two extra nights, and a blocked Friday.
      { kind: "open", start: "2030-01-14", end: "2030-01-16" },
      { kind: "closed", start: "2030-01-11", end: "2030-01-12" },
    ]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().entries).toHaveLength(3);
  });

  it("lists the open nights of a range; a closure wins over the recurrence", async () => {
    const a = await free(call, "nights", hut, "2030-01-01", "2030-01-20");
    expect(a.unit).toBe("nights");
    expect(a.slots.map((s) => s.start)).toEqual([
      "2030-01-04",
      "2030-01-05",
      "2030-01-12",
      "2030-01-14",
      "2030-01-15",
      "2030-01-18",
      "2030-01-19",
    ]);
    expect(a.slots.every((s) => s.remaining === 1)).toBe(true);
  });

  it("a booking of open nights is confirmed at once and leaves the availability", async () => {
    const r = await night(call, hut, "2030-01-04", "2030-01-06");
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ outcome: "confirmed", promoted: [], record: { phase: "held", hutId: hut } });
    const a = await free(call, "nights", hut, "2030-01-01", "2030-01-13");
    expect(a.slots.map((s) => s.start)).toEqual(["2030-01-12"]);
  });

  it("refuses nights outside the availability with 422 and pointers at the range", async () => {
    for (const [arrive, leave] of [
      ["2030-01-06", "2030-01-07"], // a Sunday
      ["2030-01-11", "2030-01-12"], // the blocked Friday
      ["2030-01-12", "2030-01-14"], // Saturday is open, Sunday is not
    ]) {
      const r = await night(call, hut, arrive, leave);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(pointers(r)).toEqual(["/body/arrive", "/body/leave"]);
      expect(r.json().reason).toBe("unavailable");
    }
  });

  it("refuses overlapping nights with 409 and pointers at the range", async () => {
    const r = await night(call, hut, "2030-01-05", "2030-01-06");
    expect(r.statusCode).toBe(409);
    expect(pointers(r)).toEqual(["/body/arrive", "/body/leave"]);
    expect(r.json()).toMatchObject({ reason: "full", remaining: 0 });
  });

  it("bad input: 400 with pointers, never a 5xx", async () => {
    const cases: [object, string[]][] = [
      [{ hutId: hut, arrive: "2030-02-30", leave: "2030-03-01" }, ["/body/arrive"]],
      [{ hutId: hut, arrive: "2030-01-15", leave: "2030-01-14" }, ["/body/leave"]],
      [{ hutId: "nope", arrive: "2030-01-14", leave: "2030-01-15" }, ["/body/hutId"]],
      [{ hutId: randomUUID(), arrive: "2030-01-14", leave: "2030-01-15" }, ["/body/hutId"]],
      [{ hutId: hut, arrive: "2030-01-14", leave: "2030-01-15", phase: "held" }, ["/body/phase"]],
      [{ hutId: hut, arrive: "2030-01-14", leave: "2030-01-15", note: 7 }, ["/body/note"]],
    ];
    for (const [payload, expected] of cases) {
      const r = await call({ method: "POST", url: api("nights"), payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(pointers(r)).toEqual(expected);
    }
    const calendar = await setCalendar(call, "nights", hut, [
      { kind: "open", start: "2030-01-01", end: "2030-01-02", rrule: "BYDAY=FR" },
      { kind: "open", start: "2030-01-03", end: "2030-01-02" },
      { kind: "open", start: "2030-13-01", end: "2030-01-02" },
      { kind: "sometimes", start: "2030-01-01", end: "2030-01-02" },
    ]);
    expect(calendar.statusCode).toBe(400);
    expect(pointers(calendar)).toContain("/body/entries/3/kind");
    const parsed = await setCalendar(call, "nights", hut, [
      { kind: "open", start: "2030-01-01", end: "2030-01-02", rrule: "BYDAY=FR" },
      { kind: "open", start: "2030-01-03", end: "2030-01-02" },
      { kind: "open", start: "2030-13-01", end: "2030-01-02" },
    ]);
    expect(parsed.statusCode).toBe(400);
    expect(pointers(parsed)).toEqual(["/body/entries/0/rrule", "/body/entries/1/end", "/body/entries/2/start"]);
    // A rule the rrule package would search to the year 9999 for, and a date past 2199: refused.
    const hostile = await setCalendar(call, "nights", hut, [
      { kind: "open", start: "2030-01-01", end: "2030-01-02", rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30" },
      { kind: "open", start: "9000-01-01", end: "9000-01-02" },
    ]);
    expect(hostile.statusCode).toBe(400);
    expect(pointers(hostile)).toEqual(["/body/entries/0/rrule", "/body/entries/1/start", "/body/entries/1/end"]);
    // The calendar is unchanged by refused writes.
    expect((await free(call, "nights", hut, "2030-01-14", "2030-01-16")).slots).toHaveLength(2);
    const query = await call({ method: "GET", url: api(`nights/resources/${hut}/availability?from=2030-01-05`) });
    expect(query.statusCode).toBe(400);
    expect(pointers(query)).toEqual(["/query/to"]);
  });
});

describe("no double booking", () => {
  it("of 50 concurrent requests for the same nights exactly one wins; the others get 409 with pointers", async () => {
    const hut = await make(call, "huts", { name: "Crowded" });
    await setCalendar(call, "nights", hut, [{ kind: "open", start: "2031-01-01", end: "2031-12-31" }]);
    const responses = await Promise.all(Array.from({ length: 50 }, () => night(call, hut, "2031-05-01", "2031-05-04")));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const r of responses.filter((r) => r.statusCode === 409))
      expect(pointers(r)).toEqual(["/body/arrive", "/body/leave"]);
  });

  it("50 concurrent requests over random overlapping ranges: winners never overlap, every loser overlaps a winner", async () => {
    const hut = await make(call, "huts", { name: "Random" });
    await setCalendar(call, "nights", hut, [{ kind: "open", start: "2032-01-01", end: "2032-12-31" }]);
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const day = (n: number) => new Date(Date.UTC(2032, 2, 1 + n)).toISOString().slice(0, 10);
    const asks = Array.from({ length: 50 }, () => {
      const start = rand(20);
      return [start, start + 1 + rand(4)] as const;
    });
    const responses = await Promise.all(asks.map(([a, b]) => night(call, hut, day(a), day(b))));
    const won = asks.filter((_, i) => responses[i].statusCode === 201);
    const lost = asks.filter((_, i) => responses[i].statusCode === 409);
    expect(won.length + lost.length).toBe(50);
    const overlap = (x: readonly [number, number], y: readonly [number, number]) => x[0] < y[1] && y[0] < x[1];
    for (let i = 0; i < won.length; i++)
      for (let j = i + 1; j < won.length; j++) expect(overlap(won[i], won[j])).toBe(false);
    for (const l of lost) expect(won.some((w) => overlap(w, l))).toBe(true);
    // What the database holds agrees with the answers.
    const { rows } = await env.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "hut_hire_night" WHERE "tenantId" = $1 AND "hutId" = $2 AND "phase" = 'held'`,
      [tenant.id, hut],
    );
    expect(rows[0].n).toBe(won.length);
  });

  it("n seats per slot: of 50 concurrent one-person requests exactly n win, and a group never takes more than is left", async () => {
    const studio = await make(call, "studios", { name: "Loft", desks: 5 });
    await setCalendar(call, "hours", studio, [
      { kind: "open", start: "2033-04-01T09:00:00Z", end: "2033-04-01T13:00:00Z", rrule: "FREQ=DAILY;COUNT=30" },
    ]);
    const hour = (begins: string, ends: string, people = 1) =>
      call({ method: "POST", url: api("hours"), payload: { studioId: studio, begins, ends, people } });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => hour("2033-04-02T10:00:00Z", "2033-04-02T11:00:00Z")),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(5);
    const refused = responses.filter((r) => r.statusCode === 409);
    expect(refused).toHaveLength(45);
    expect(pointers(refused[0])).toEqual(["/body/begins", "/body/ends", "/body/people"]);
    // 10–11 is full, so a group of two for 9–11 does not fit; 11–12 has 5 desks.
    expect((await hour("2033-04-02T09:00:00Z", "2033-04-02T11:00:00Z", 2)).statusCode).toBe(409);
    expect((await hour("2033-04-02T11:00:00Z", "2033-04-02T12:00:00Z", 5)).statusCode).toBe(201);
    expect((await hour("2033-04-02T11:00:00Z", "2033-04-02T12:00:00Z", 1)).statusCode).toBe(409);
    // Off the slot grid, or outside the window: 422.
    expect((await hour("2033-04-02T09:30:00Z", "2033-04-02T10:30:00Z")).statusCode).toBe(422);
    expect((await hour("2033-04-02T13:00:00Z", "2033-04-02T14:00:00Z")).statusCode).toBe(422);
    const { rows } = await env.db.query<{ seats: number }>(
      `SELECT COALESCE(sum("people"), 0)::int AS seats FROM "hut_hire_hour"
        WHERE "tenantId" = $1 AND "studioId" = $2 AND "phase" IN ('asked', 'held') AND "begins" < $4 AND "ends" > $3`,
      [tenant.id, studio, "2033-04-02T10:00:00Z", "2033-04-02T11:00:00Z"],
    );
    expect(rows[0].seats).toBe(5);
    const a = await free(call, "hours", studio, "2033-04-02T09:00:00Z", "2033-04-02T13:00:00Z");
    expect(a.slots).toEqual([
      { start: "2033-04-02T09:00:00.000Z", end: "2033-04-02T10:00:00.000Z", remaining: 5 },
      { start: "2033-04-02T12:00:00.000Z", end: "2033-04-02T13:00:00.000Z", remaining: 5 },
    ]);
  });
});

describe("request-to-book", () => {
  it("a request is pending and holds its seats until the owner accepts; a decline frees them", async () => {
    const studio = await make(call, "studios", { name: "Booth", desks: 2 });
    await setCalendar(call, "hours", studio, [
      { kind: "open", start: "2034-01-01T08:00:00Z", end: "2034-01-01T18:00:00Z" },
    ]);
    const ask = (people: number) =>
      call({
        method: "POST",
        url: api("hours"),
        payload: { studioId: studio, begins: "2034-01-01T08:00:00Z", ends: "2034-01-01T09:00:00Z", people },
      });
    const first = await ask(1);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ outcome: "pending", record: { phase: "asked" } });
    const id = first.json().record.id as string;
    expect((await free(call, "hours", studio, "2034-01-01T08:00:00Z", "2034-01-01T09:00:00Z")).slots[0].remaining).toBe(
      1,
    );
    expect((await ask(2)).statusCode).toBe(409);

    const accepted = await call({ method: "POST", url: api(`hours/${id}/accept`) });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ outcome: "confirmed", record: { id, phase: "held" } });
    const again = await call({ method: "POST", url: api(`hours/${id}/accept`) });
    expect(again.statusCode).toBe(409);
    expect(pointers(again)).toEqual(["/params/id"]);

    // A studio whose owner switched instant booking on: confirmed at once, no acceptance.
    const instant = await make(call, "studios", { name: "Open booth", desks: 2, instantBooking: true });
    await setCalendar(call, "hours", instant, [
      { kind: "open", start: "2034-01-01T08:00:00Z", end: "2034-01-01T18:00:00Z" },
    ]);
    const quick = await call({
      method: "POST",
      url: api("hours"),
      payload: { studioId: instant, begins: "2034-01-01T08:00:00Z", ends: "2034-01-01T09:00:00Z", people: 1 },
    });
    expect(quick.json()).toMatchObject({ outcome: "confirmed", record: { phase: "held" } });

    const second = (await ask(1)).json().record.id as string;
    const declined = await call({ method: "POST", url: api(`hours/${second}/decline`) });
    expect(declined.json()).toMatchObject({ outcome: "declined", record: { phase: "refused" } });
    expect((await free(call, "hours", studio, "2034-01-01T08:00:00Z", "2034-01-01T09:00:00Z")).slots[0].remaining).toBe(
      1,
    );
  });
});

describe("capacity and waitlist", () => {
  it("over capacity goes to the waitlist; a cancellation promotes the oldest that fits", async () => {
    const gathering = await make(call, "gatherings", { name: "Supper", room: 4 });
    const place = (party: number) =>
      call({ method: "POST", url: api("places"), payload: { gatheringId: gathering, party } });
    const a = (await place(3)).json();
    expect(a).toMatchObject({ outcome: "confirmed", record: { phase: "held" } });
    const b = (await place(2)).json();
    expect(b).toMatchObject({ outcome: "waitlisted", record: { phase: "queued" } });
    const c = (await place(2)).json();
    expect(c.outcome).toBe("waitlisted");
    const d = (await place(1)).json();
    expect(d.outcome).toBe("confirmed");
    const seats = await call({ method: "GET", url: api(`places/resources/${gathering}/availability`) });
    expect(seats.json()).toMatchObject({ unit: "whole", capacity: 4, remaining: 0 });

    const cancelled = await call({ method: "POST", url: api(`places/${a.record.id}/cancel`) });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // 3 seats free: b (2) moves up, c (2) no longer fits and keeps waiting.
    expect(cancelled.json()).toMatchObject({ outcome: "cancelled", promoted: [b.record.id] });
    const read = async (id: string) =>
      (await call({ method: "GET", url: entities(`places/${id}`) })).json().phase as string;
    expect(await read(b.record.id)).toBe("held");
    expect(await read(c.record.id)).toBe("queued");
    // The promotion is a status write the workflows take part in: the template's workflow (on an
    // update of phase, if held) stamps the promoted booking; the cancelled one is left alone.
    const note = async (id: string) =>
      (await call({ method: "GET", url: entities(`places/${id}`) })).json().note as string | null;
    for (let i = 0; i < 200 && !(await note(b.record.id)); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await note(b.record.id)).toBe("seated from the waitlist");
    expect(await note(a.record.id)).toBeNull();
    const cancelD = await call({ method: "POST", url: api(`places/${d.record.id}/cancel`) });
    expect(cancelD.json().promoted).toEqual([c.record.id]);
    expect(await read(c.record.id)).toBe("held");
    expect((await call({ method: "POST", url: api(`places/${a.record.id}/cancel`) })).statusCode).toBe(409);
  });

  it("request-to-book with a waitlist: a declined request promotes the next, which is pending in turn", async () => {
    const gathering = await make(call, "gatherings", { name: "Salon", room: 4 });
    const invite = async (party: number) =>
      (await call({ method: "POST", url: api("invites"), payload: { gatheringId: gathering, party } })).json();
    const big = await invite(4);
    const small = await invite(1);
    expect([big.outcome, small.outcome]).toEqual(["pending", "waitlisted"]);
    const declined = await call({ method: "POST", url: api(`invites/${big.record.id}/decline`) });
    expect(declined.json()).toMatchObject({ outcome: "declined", promoted: [small.record.id] });
    const read = await call({ method: "GET", url: entities(`invites/${small.record.id}`) });
    expect(read.json().phase).toBe("asked");
  });

  it("concurrent requests for the last seats: never more confirmed than capacity, the rest wait", async () => {
    const gathering = await make(call, "gatherings", { name: "Rush", room: 7 });
    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        call({ method: "POST", url: api("places"), payload: { gatheringId: gathering, party: 1 } }),
      ),
    );
    const outcomes = responses.map((r) => r.json().outcome);
    expect(outcomes.filter((o) => o === "confirmed")).toHaveLength(7);
    expect(outcomes.filter((o) => o === "waitlisted")).toHaveLength(23);
  });
});

describe("the generic CRUD's side and tenants", () => {
  it("refuses creating a bookable record or patching its kept fields through the entity routes", async () => {
    const hut = await make(call, "huts", { name: "Side door" });
    const created = await call({
      method: "POST",
      url: entities("nights"),
      payload: { hutId: hut, arrive: "2035-01-01", leave: "2035-01-02" },
    });
    expect(created.statusCode).toBe(409);
    expect(pointers(created)).toEqual(["/body"]);
    await setCalendar(call, "nights", hut, [{ kind: "open", start: "2035-01-01", end: "2035-02-01" }]);
    const id = (await night(call, hut, "2035-01-01", "2035-01-03")).json().record.id;
    const patched = await call({
      method: "PATCH",
      url: entities(`nights/${id}`),
      payload: { phase: "dropped", leave: "2035-01-09" },
    });
    expect(patched.statusCode).toBe(400);
    expect(pointers(patched)).toEqual(["/body/leave", "/body/phase"]);
    const bulk = await call({
      method: "POST",
      url: entities("nights/bulk"),
      payload: { create: [{ hutId: hut, arrive: "2035-01-01", leave: "2035-01-02" }] },
    });
    expect(bulk.statusCode, bulk.body).toBe(409);
    expect(pointers(bulk)).toEqual(["/body/create"]);
    const bulkPatch = await call({
      method: "POST",
      url: entities("nights/bulk"),
      payload: {
        update: [
          { id, note: "fine" },
          { id, leave: "2035-01-09" },
        ],
      },
    });
    expect(bulkPatch.statusCode).toBe(400);
    expect(pointers(bulkPatch)).toEqual(["/body/update/1/leave"]);
    const noted = await call({ method: "PATCH", url: entities(`nights/${id}`), payload: { note: "late arrival" } });
    expect(noted.statusCode).toBe(200);
    // A deleted booking frees its nights.
    expect((await call({ method: "DELETE", url: entities(`nights/${id}`) })).statusCode).toBe(204);
    expect((await night(call, hut, "2035-01-01", "2035-01-03")).statusCode).toBe(201);
  });

  it("another tenant neither sees nor books the resource, and its own bookings are separate", async () => {
    const hut = await make(call, "huts", { name: "Mine" });
    await setCalendar(call, "nights", hut, [{ kind: "open", start: "2036-01-01", end: "2036-02-01" }]);
    expect((await night(call, hut, "2036-01-01", "2036-01-05")).statusCode).toBe(201);
    expect((await other({ method: "GET", url: api(`nights/resources/${hut}/calendar`) })).statusCode).toBe(404);
    expect(
      (await other({ method: "GET", url: api(`nights/resources/${hut}/availability?from=2036-01-01&to=2036-01-09`) }))
        .statusCode,
    ).toBe(404);
    const theirs = await night(other, hut, "2036-01-05", "2036-01-06");
    expect(theirs.statusCode).toBe(400);
    expect(pointers(theirs)).toEqual(["/body/hutId"]);
    const id = (await call({ method: "GET", url: entities("nights?limit=1") })).json().data[0].id;
    expect((await other({ method: "POST", url: api(`nights/${id}/cancel`) })).statusCode).toBe(404);
    const own = await make(other, "huts", { name: "Theirs" });
    await setCalendar(other, "nights", own, [{ kind: "open", start: "2036-01-01", end: "2036-02-01" }]);
    expect((await night(other, own, "2036-01-01", "2036-01-05")).statusCode).toBe(201);
    expect((await free(call, "nights", hut, "2036-01-01", "2036-01-06")).slots.map((s) => s.start)).toEqual([
      "2036-01-05",
    ]);
  });

  it("an entity that declares no booking is not bookable here", async () => {
    const r = await call({ method: "POST", url: api("huts"), payload: {} });
    expect(r.statusCode).toBe(404);
  });
});
