/**
 * The bookings API with identity and authorization (runtime/src/bookings), on PostgreSQL:
 * the resource's owner (its creator) or a tenant admin sets its calendar and accepts or declines
 * requests; whoever booked may cancel; the booking entity's create rule applies to the booker
 * and its read rule to the resource; every answer is one /openapi.json documents.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  allTemplates,
  caller,
  createTenant,
  createUser,
  entityUrl,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type TestUser,
} from "./authz-support.ts";
import { installOwnTemplate } from "./crud-support.ts";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { BOOKING_TEMPLATE } from "./bookings-support.ts";
import { buildOpenApiDocument } from "../../generators/src/openapi/build-openapi-document.ts";
import type { OpenApiDocuments } from "../src/operations/openapi.ts";

let env: AuthzEnv;
const users: Record<string, TestUser> = {};
const answers: { method: string; url: string; status: number; type: string; body: unknown }[] = [];
let as: (u: TestUser | null) => Call;
const api = (rest: string) => `/api/v1/tenant/bookings/${rest}`;

beforeAll(async () => {
  const raw = structuredClone(BOOKING_TEMPLATE);
  const rule = { read: "public", create: "user", update: "owner", delete: "owner" };
  for (const name of ["Hut", "Studio", "Gathering"]) raw.entities[name].access = rule;
  for (const name of ["Night", "Hour", "Place"])
    raw.entities[name].access = { read: "owner", create: "user", update: "owner", delete: "owner" };
  const own = await installOwnTemplate(raw, "hut-hire.json");
  // The template's own generated OpenAPI part, as `generate` would write it.
  const openapi = { "hut-hire": buildOpenApiDocument(own.ir) } as unknown as OpenApiDocuments;
  env = await startAuthzApp({ registry: [...allTemplates, own.registry], extra: { openapi } });
  await own.apply(env.testDb.url);
  const a = await createTenant(env.db, "huts-a", ["hut-hire"]);
  const b = await createTenant(env.db, "huts-b", ["hut-hire"]);
  users.host = await createUser(env, a, "huts-a", { roles: [["user", null]] });
  users.guest = await createUser(env, a, "huts-a", { roles: [["user", null]] });
  users.stranger = await createUser(env, a, "huts-a", { roles: [["user", null]] });
  users.admin = await createUser(env, a, "huts-a", { roles: [["tenant-admin", null]] });
  users.otherHost = await createUser(env, b, "huts-b", { roles: [["user", null]] });
  as = (u) => {
    const call = caller(env, u?.slug ?? "huts-a", u);
    return async (method, url, body, headers) => {
      const res = await call(method, url, body, headers);
      if (url.startsWith("/api/v1/tenant/bookings/"))
        answers.push({
          method,
          url,
          status: res.statusCode,
          type: String(res.headers["content-type"] ?? ""),
          body: res.body ? res.json() : "",
        });
      return res;
    };
  };
}, 60_000);
afterAll(() => env?.close());

const make = async (u: TestUser, apiName: string, body: object) => {
  const r = await as(u)("POST", entityUrl("hut-hire", apiName), body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
};

describe("who may do what", () => {
  test("only the owner (or a tenant admin) sets a calendar; anyone who may create books; whoever booked cancels", async () => {
    const hut = await make(users.host, "huts", { name: "Cliff" });
    const entries = [{ kind: "open", start: "2030-06-01", end: "2030-07-01" }];
    const calendar = `nights/resources/${hut}/calendar`;
    expect((await as(users.guest)("PUT", api(calendar), { entries })).statusCode).toBe(403);
    expect((await as(users.host)("PUT", api(calendar), { entries })).statusCode).toBe(200);
    expect((await as(users.admin)("PUT", api(calendar), { entries })).statusCode).toBe(200);
    expect((await as(users.guest)("GET", api(calendar))).json().entries).toHaveLength(1);

    const anonymous = await as(null)("POST", api("nights"), { hutId: hut, arrive: "2030-06-01", leave: "2030-06-03" });
    expect([401, 403]).toContain(anonymous.statusCode);
    const booked = await as(users.guest)("POST", api("nights"), {
      hutId: hut,
      arrive: "2030-06-01",
      leave: "2030-06-03",
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const id = booked.json().record.id;
    expect((await as(users.stranger)("POST", api(`nights/${id}/cancel`))).statusCode).toBe(403);
    const cancelled = await as(users.guest)("POST", api(`nights/${id}/cancel`));
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().outcome).toBe("cancelled");
    const availability = await as(users.stranger)(
      "GET",
      api(`nights/resources/${hut}/availability?from=2030-06-01&to=2030-06-04`),
    );
    expect(availability.json().slots.map((s: { start: string }) => s.start)).toEqual([
      "2030-06-01",
      "2030-06-02",
      "2030-06-03",
    ]);
  });

  test("requests are accepted or declined by the resource's owner or a tenant admin only", async () => {
    const studio = await make(users.host, "studios", { name: "Attic", desks: 3 });
    await as(users.host)("PUT", api(`hours/resources/${studio}/calendar`), {
      entries: [{ kind: "open", start: "2030-06-01T08:00:00Z", end: "2030-06-01T12:00:00Z" }],
    });
    const ask = async () =>
      (
        await as(users.guest)("POST", api("hours"), {
          studioId: studio,
          begins: "2030-06-01T08:00:00Z",
          ends: "2030-06-01T10:00:00Z",
          people: 1,
        })
      ).json();
    const first = await ask();
    expect(first.outcome).toBe("pending");
    expect((await as(users.guest)("POST", api(`hours/${first.record.id}/accept`))).statusCode).toBe(403);
    expect((await as(users.stranger)("POST", api(`hours/${first.record.id}/decline`))).statusCode).toBe(403);
    const accepted = await as(users.host)("POST", api(`hours/${first.record.id}/accept`));
    expect(accepted.json()).toMatchObject({ outcome: "confirmed", record: { phase: "held" } });
    const second = await ask();
    const declined = await as(users.admin)("POST", api(`hours/${second.record.id}/decline`));
    expect(declined.json()).toMatchObject({ outcome: "declined", record: { phase: "refused" } });
  });

  test("another tenant's user can neither see a resource nor book it", async () => {
    const hut = await make(users.host, "huts", { name: "Hidden" });
    const theirs = caller(env, "huts-b", users.otherHost);
    expect((await theirs("GET", api(`nights/resources/${hut}/calendar`))).statusCode).toBe(404);
    const r = await theirs("POST", api("nights"), { hutId: hut, arrive: "2030-06-01", leave: "2030-06-02" });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].pointer).toBe("/body/hutId");
  });
});

describe("the OpenAPI document", () => {
  test("documents every answer the bookings routes gave above", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const key = (url: string) =>
      url
        .split("?")[0]
        .replace(
          /^(\/api\/v1\/tenant\/bookings\/)[^/]+\/resources\/[^/]+\/(calendar|availability)$/,
          "$1{entity}/resources/{resourceId}/$2",
        )
        .replace(/^(\/api\/v1\/tenant\/bookings\/)[^/]+\/[^/]+\/(accept|decline|cancel)$/, "$1{entity}/{id}/$2")
        .replace(/^(\/api\/v1\/tenant\/bookings\/)[^/{]+$/, "$1{entity}");
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(new Set(answers.map((a) => `${a.method} ${key(a.url)}`)).size).toBeGreaterThanOrEqual(7);
    expect(counts.mismatches).toEqual([]);
  });

  test("the tenant's document has the bookings paths of its bookable entities, typed by their schemas", async () => {
    const doc = (await as(users.host)("GET", "/api/v1/tenant/openapi.json")).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith("/api/v1/tenant/bookings/{entity}"))).toEqual([]);
    const create = doc.paths["/api/v1/tenant/bookings/nights"].post;
    expect(create.operationId).toBe("createBookingHutHireNight");
    expect(create.requestBody.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/HutHireNightCreate",
    });
    expect(doc.paths["/api/v1/tenant/bookings/huts"]).toBeUndefined();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const key = (url: string) =>
      url
        .split("?")[0]
        .replace(/^(\/api\/v1\/tenant\/bookings\/[^/]+\/resources\/)[^/]+/, "$1{resourceId}")
        .replace(/^(\/api\/v1\/tenant\/bookings\/[^/]+\/)[0-9a-f-]{36}(\/(accept|decline|cancel))$/, "$1{id}$2");
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(counts.mismatches).toEqual([]);
  });
});
