/**
 * One-to-one relations on PostgreSQL, with a template of this test's own (a bike-locker
 * service: a locker holds one bike, a bike is in one locker): the key side's foreign key is
 * unique per tenant (a second link is 409 with a pointer; a free locker takes it), the inverse
 * side is included as one record or null, OpenAPI says so, the engine refuses a one-to-one
 * mirror of a many-to-one, and another tenant's records never count.
 */
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { compileTemplateText } from "../../engine/src/index.ts";
import { openapiPlugin } from "../../generators/src/openapi/index.ts";
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
const named = (id: string) => ({ type: "object", properties: { name: { "x-id": id, type: "string", maxLength: 80 } } });
const raw = (bikeRelation: object) => ({
  id: "bike-lockers",
  version: "1.0.0",
  title: label("Bike lockers"),
  locales: ["en"],
  entities: {
    Locker: {
      id: "ent_locker",
      label: label("Locker"),
      scope: "tenant",
      schema: named("fld_locker_name"),
      relations: { bike: { id: "rel_locker_bike", to: "Bike", kind: "one-to-one", inverse: "locker" } },
    },
    Bike: {
      id: "ent_bike",
      label: label("Bike"),
      scope: "tenant",
      schema: named("fld_bike_name"),
      relations: { locker: bikeRelation },
    },
  },
});
const RAW = raw({ id: "rel_bike_locker", to: "Locker", kind: "one-to-one", onDelete: "setNull" });

let env: CrudEnv & { testDb: { url: string } };
let call: Inject;
let other: Inject;
const url = (api: string, rest = "") => `/api/v1/tenant/entities/bike-lockers:${api}${rest}`;
const make = async (as: Inject, api: string, payload: object) => {
  const response = await as({ method: "POST", url: url(api), payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
};

beforeAll(async () => {
  const own = await installOwnTemplate(RAW, "bike-lockers.json");
  env = await setupPostgres([...allTemplates, own.registry]);
  await own.apply(env.testDb.url);
  call = client(env.app, await createTenant(env.db, "lockers", ["bike-lockers"]));
  other = client(env.app, await createTenant(env.db, "lockers-other", ["bike-lockers"]));
}, 120_000);
afterAll(() => env?.close());

describe("one-to-one relations", () => {
  it("a locker takes one bike: a second bike in it is 409 on /body/lockerId, a free locker takes it", async () => {
    const locker = await make(call, "lockers", { name: "A1" });
    const free = await make(call, "lockers", { name: "A2" });
    await make(call, "bikes", { name: "Roadster", lockerId: locker });
    const second = await call({ method: "POST", url: url("bikes"), payload: { name: "Tandem", lockerId: locker } });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().errors.map((e: { pointer: string }) => e.pointer)).toContain("/body/lockerId");
    const tandem = await make(call, "bikes", { name: "Tandem", lockerId: free });
    const move = await call({ method: "PATCH", url: url("bikes", `/${tandem}`), payload: { lockerId: locker } });
    expect(move.statusCode).toBe(409);
    // Bikes without a locker do not collide.
    await make(call, "bikes", { name: "Folding" });
    await make(call, "bikes", { name: "Cargo" });
  });

  it("the locker includes its bike as one record, or null when empty", async () => {
    const locker = await make(call, "lockers", { name: "B1" });
    const empty = await make(call, "lockers", { name: "B2" });
    const bike = await make(call, "bikes", { name: "Gravel", lockerId: locker });
    const withBike = (await call({ method: "GET", url: url("lockers", `/${locker}?include=bike`) })).json();
    expect(withBike.bike).toMatchObject({ id: bike, name: "Gravel" });
    const none = (await call({ method: "GET", url: url("lockers", `/${empty}?include=bike`) })).json();
    expect(none.bike).toBeNull();
    const back = (await call({ method: "GET", url: url("bikes", `/${bike}?include=locker`) })).json();
    expect(back.locker).toMatchObject({ id: locker, name: "B1" });
  });

  it("another tenant's bikes never hold this tenant's keys", async () => {
    const mine = await make(call, "lockers", { name: "C1" });
    const theirs = await make(other, "lockers", { name: "C1" });
    await make(other, "bikes", { name: "Other bike", lockerId: theirs });
    await make(call, "bikes", { name: "Mine", lockerId: mine });
    const foreign = await call({ method: "POST", url: url("bikes"), payload: { name: "Sneaky", lockerId: theirs } });
    expect(foreign.statusCode).toBeGreaterThanOrEqual(400);
    expect(foreign.statusCode).toBeLessThan(500);
  });

  it("OpenAPI: the inverse side reads as one record or null", () => {
    const compiled = compileTemplateText(JSON.stringify(RAW), "bike-lockers.json");
    if (!compiled.ok) throw new Error("does not compile");
    const doc = JSON.parse(
      openapiPlugin.build({ app: { templates: [compiled.ir] } as never })["bike-lockers/openapi.json"],
    );
    const read = doc.components.schemas.BikeLockersLockerRead.properties.bike;
    expect(read.anyOf).toEqual([{ $ref: "#/components/schemas/BikeLockersBikeRead" }, { type: "null" }]);
  });

  it("the engine refuses a one-to-one mirror of a many-to-one, at the inverse", () => {
    const compiled = compileTemplateText(
      JSON.stringify(raw({ id: "rel_bike_locker", to: "Locker", kind: "many-to-one" })),
      "bike-lockers.json",
    );
    expect(compiled.ok).toBe(false);
    expect(compiled.diagnostics).toContainEqual(
      expect.objectContaining({
        code: "ENG_RELATION_INVERSE_INVALID",
        pointer: "/entities/Locker/relations/bike/inverse",
      }),
    );
  });
});
