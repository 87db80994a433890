/**
 * Entity `exclusions` on PostgreSQL, with a template of this test's own: no two live records
 * of one place with intersecting [from, to) ranges. The generated migration's trigger refuses
 * the overlap in the database (so bulk writes and concurrent writers are covered too) and the
 * API answers 409 with pointers at the range; touching ranges, other places, other tenants,
 * cancelled and deleted records do not conflict. The template's cross-field fact (`to` after
 * `from`, x-gt) is a CHECK constraint of the same migration.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  allTemplates,
  client,
  createTenant,
  installOwnTemplate,
  setupPostgres,
  type CrudEnv,
  type Inject,
} from "./crud-support.ts";

const label = (en: string) => ({ en });
const RAW = {
  id: "slot-keeper",
  version: "1.0.0",
  title: label("Slot keeper"),
  locales: ["en"],
  entities: {
    Place: {
      id: "ent_place",
      label: label("Place"),
      scope: "tenant",
      schema: { type: "object", properties: { name: { "x-id": "fld_place_name", type: "string", maxLength: 80 } } },
      relations: { stays: { id: "rel_place_stays", to: "Stay", kind: "one-to-many", inverse: "place" } },
    },
    Stay: {
      id: "ent_stay",
      label: label("Stay"),
      scope: "tenant",
      softDelete: true,
      schema: {
        type: "object",
        required: ["from", "to"],
        properties: {
          from: { "x-id": "fld_stay_from", type: "string", format: "date" },
          to: { "x-id": "fld_stay_to", type: "string", format: "date", "x-gt": "from" },
          state: { "x-id": "fld_stay_state", type: "string", enum: ["held", "cancelled"], default: "held" },
        },
      },
      relations: {
        place: { id: "rel_stay_place", to: "Place", kind: "many-to-one", required: true, onDelete: "cascade" },
      },
      exclusions: [{ id: "ex_stay_dates", range: ["from", "to"], per: ["placeId"], unless: { state: ["cancelled"] } }],
    },
  },
};

let env: CrudEnv & { testDb: { url: string } };
let call: Inject;
let other: Inject;
let place = "";
let second = "";
const url = (api: string, rest = "") => `/api/v1/tenant/entities/slot-keeper:${api}${rest}`;
const stay = (from: string, to: string, extra: object = {}, as: Inject = call, at = place) =>
  as({ method: "POST", url: url("stays"), payload: { placeId: at, from, to, ...extra } });

beforeAll(async () => {
  const own = await installOwnTemplate(RAW, "slot-keeper.json");
  expect(own.up).toContain("ERRCODE = '23P01'");
  expect(own.up).toMatch(/ADD CONSTRAINT "ck_[^"]+" CHECK \(/);
  env = await setupPostgres([...allTemplates, own.registry]);
  await own.apply(env.testDb.url);
  call = client(env.app, await createTenant(env.db, "slots", ["slot-keeper"]));
  other = client(env.app, await createTenant(env.db, "slots-other", ["slot-keeper"]));
  const made = async (as: Inject) =>
    (await as({ method: "POST", url: url("places"), payload: { name: "Cabin" } })).json().id as string;
  place = await made(call);
  second = await made(call);
}, 120_000);
afterAll(() => env?.close());

describe("exclusions: records of one place may not overlap", () => {
  it("refuses an overlapping create with 409 and pointers at the range; touching ranges are fine", async () => {
    expect((await stay("2030-07-01", "2030-07-08")).statusCode).toBe(201);
    const overlap = await stay("2030-07-05", "2030-07-10");
    expect(overlap.statusCode).toBe(409);
    expect(overlap.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(overlap.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/body/from", "/body/to"]);
    expect((await stay("2030-07-08", "2030-07-12")).statusCode).toBe(201);
    expect((await stay("2030-06-25", "2030-07-01")).statusCode).toBe(201);
  });

  it("other places, other tenants, cancelled and deleted stays do not conflict", async () => {
    expect((await stay("2030-07-02", "2030-07-04", {}, call, second)).statusCode).toBe(201);
    const otherPlace = (await other({ method: "POST", url: url("places"), payload: { name: "Elsewhere" } })).json().id;
    expect((await stay("2030-07-02", "2030-07-04", {}, other, otherPlace)).statusCode).toBe(201);
    const cancelled = await stay("2030-07-03", "2030-07-06", { state: "cancelled" });
    expect(cancelled.statusCode).toBe(201);
    // Reinstating the cancelled one would overlap: refused, and it stays cancelled.
    const reinstated = await call({
      method: "PATCH",
      url: url("stays", `/${cancelled.json().id}`),
      payload: { state: "held" },
    });
    expect(reinstated.statusCode).toBe(409);
    const free = await stay("2031-01-01", "2031-01-05");
    expect((await call({ method: "DELETE", url: url("stays", `/${free.json().id}`) })).statusCode).toBe(204);
    expect((await stay("2031-01-02", "2031-01-04")).statusCode).toBe(201);
  });

  it("refuses an update that moves a stay onto another", async () => {
    const a = (await stay("2032-03-01", "2032-03-03")).json().id;
    await stay("2032-03-10", "2032-03-12");
    const moved = await call({ method: "PATCH", url: url("stays", `/${a}`), payload: { to: "2032-03-11" } });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().errors[0].pointer).toBe("/body/from");
  });

  it("a cross-field fact (x-gt) holds in the database: 400 with pointers, on create and update", async () => {
    const backwards = await stay("2034-02-10", "2034-02-01");
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/body/to", "/body/from"]);
    expect((await stay("2034-02-10", "2034-02-10")).statusCode).toBe(400);
    const a = (await stay("2034-03-01", "2034-03-05")).json().id;
    const patched = await call({ method: "PATCH", url: url("stays", `/${a}`), payload: { to: "2034-02-01" } });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().errors[0].pointer).toBe("/body/to");
  });

  it("of concurrent overlapping requests exactly one wins", async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => stay("2033-05-01", "2033-05-09")));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });
});
