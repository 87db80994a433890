/**
 * Bookings on the embedded default (PGlite, runtime/src/bookings): the same lock and check as on
 * PostgreSQL, so concurrent overlapping requests still produce exactly one winner per night and
 * never more seats than a slot has; a calendar's rrule and closures and the waitlist work the same.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
import { buildApp } from "../src/app.ts";
import { createPgliteDatabase, type Database } from "../src/db/database.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { allTemplates, client, createTenant, installOwnTemplate, MIGRATIONS, type Inject } from "./crud-support.ts";
import { BOOKING_TEMPLATE } from "./bookings-support.ts";

let db: Database;
let app: FastifyInstance;
let call: Inject;
const api = (rest: string) => `/api/v1/tenant/bookings/${rest}`;
const make = async (what: string, payload: object) =>
  (await call({ method: "POST", url: `/api/v1/tenant/entities/hut-hire:${what}`, payload })).json().id as string;

beforeAll(async () => {
  const own = await installOwnTemplate(BOOKING_TEMPLATE, "hut-hire.json");
  db = createPgliteDatabase(await createTestPglite({ migrations: MIGRATIONS }));
  await migrateUp(db, MIGRATIONS);
  await db.exec(own.up);
  app = await buildApp({
    db,
    registry: createRuntimeRegistry([...allTemplates, own.registry], platform),
    rateLimit: false,
    workflows: false,
  });
  await app.ready();
  call = client(app, await createTenant(db, "lite-huts", ["hut-hire"]));
}, 180_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("bookings on PGlite", () => {
  it("concurrent overlapping requests: one wins per night, n per slot; rrule and closures apply", async () => {
    const hut = await make("huts", { name: "Lite" });
    await call({
      method: "PUT",
      url: api(`nights/resources/${hut}/calendar`),
      payload: {
        entries: [
          { kind: "open", start: "2030-01-04", end: "2030-01-05", rrule: "FREQ=WEEKLY;BYDAY=FR,SA" },
          { kind: "closed", start: "2030-01-11", end: "2030-01-12" },
        ],
      },
    });
    const free = await call({
      method: "GET",
      url: api(`nights/resources/${hut}/availability?from=2030-01-01&to=2030-01-15`),
    });
    expect(free.json().slots.map((s: { start: string }) => s.start)).toEqual([
      "2030-01-04",
      "2030-01-05",
      "2030-01-12",
    ]);
    const nights = await Promise.all(
      Array.from({ length: 20 }, () =>
        call({
          method: "POST",
          url: api("nights"),
          payload: { hutId: hut, arrive: "2030-01-04", leave: "2030-01-06" },
        }),
      ),
    );
    expect(nights.map((r) => r.statusCode).sort()).toEqual([201, ...Array(19).fill(409)]);
    const closed = await call({
      method: "POST",
      url: api("nights"),
      payload: { hutId: hut, arrive: "2030-01-11", leave: "2030-01-12" },
    });
    expect(closed.statusCode).toBe(422);

    const studio = await make("studios", { name: "Lite loft", desks: 3 });
    await call({
      method: "PUT",
      url: api(`hours/resources/${studio}/calendar`),
      payload: { entries: [{ kind: "open", start: "2030-02-01T09:00:00Z", end: "2030-02-01T12:00:00Z" }] },
    });
    const hours = await Promise.all(
      Array.from({ length: 10 }, () =>
        call({
          method: "POST",
          url: api("hours"),
          payload: { studioId: studio, begins: "2030-02-01T09:00:00Z", ends: "2030-02-01T10:00:00Z", people: 1 },
        }),
      ),
    );
    expect(hours.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(hours.filter((r) => r.statusCode === 409)).toHaveLength(7);
  });

  it("the waitlist and its promotion", async () => {
    const gathering = await make("gatherings", { name: "Lite supper", room: 2 });
    const place = async () =>
      (await call({ method: "POST", url: api("places"), payload: { gatheringId: gathering, party: 2 } })).json();
    const first = await place();
    const second = await place();
    expect([first.outcome, second.outcome]).toEqual(["confirmed", "waitlisted"]);
    const cancelled = await call({ method: "POST", url: api(`places/${first.record.id}/cancel`) });
    expect(cancelled.json().promoted).toEqual([second.record.id]);
  });
});
