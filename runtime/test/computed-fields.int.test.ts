/**
 * `x-computed` fields on PostgreSQL, maintained by the triggers the generated migration creates
 * (generators/src/prisma/sql-computed.ts): aggregates follow every insert, update, move and
 * delete of the related rows inside the writing transaction (concurrent writers included),
 * conversions follow the row itself, the API refuses to write them, they filter and sort, and
 * the migration backfills rows that existed before it.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRecord } from "../../engine/src/index.ts";
import {
  client,
  createTenant,
  entityIr,
  setupPostgres,
  url as entityPath,
  type CrudEnv,
  type Inject,
  type TestTenant,
} from "./crud-support.ts";

/** modeling-agency's entities, by qualified name (other templates have `bookings` and `reviews` too). */
const url = (entity: string, rest = "") => entityPath(`modeling-agency:${entity}`, rest);

let env: CrudEnv & { testDb: { url: string } };
let tenant: TestTenant;
let call: Inject;
let seed = 1;

async function make(api: string, entity: string, extra: Record<string, unknown>): Promise<string> {
  const response = await call({
    method: "POST",
    url: url(api),
    payload: { ...sampleRecord(await entityIr("modeling-agency", entity), seed++), ...extra },
  });
  expect(response.statusCode, `${api}: ${response.body}`).toBe(201);
  return response.json().id;
}
const profile = async (id: string) =>
  (
    await call({ method: "GET", url: url("model-profiles", `/${id}?fields=averageRating,reviewCount,heightCm`) })
  ).json();

let booking = "";
beforeAll(async () => {
  env = await setupPostgres();
  tenant = await createTenant(env.db, "computed");
  call = client(env.app, tenant);
  booking = await make("bookings", "Booking", {});
}, 120_000);
afterAll(() => env?.close());

describe("aggregates over a one-to-many relation", () => {
  it("count and avg follow inserts, updates, moves and deletes of the related rows", async () => {
    const a = await make("model-profiles", "ModelProfile", {});
    const b = await make("model-profiles", "ModelProfile", {});
    expect(await profile(a)).toMatchObject({ reviewCount: 0, averageRating: null });
    const r1 = await make("reviews", "Review", { bookingId: booking, modelId: a, rating: 4 });
    await make("reviews", "Review", { bookingId: booking, modelId: a, rating: 2 });
    expect(await profile(a)).toMatchObject({ reviewCount: 2, averageRating: 3 });
    await call({ method: "PATCH", url: url("reviews", `/${r1}`), payload: { rating: 5 } });
    expect(await profile(a)).toMatchObject({ reviewCount: 2, averageRating: 3.5 });
    // Moving a review recomputes both profiles.
    await call({ method: "PATCH", url: url("reviews", `/${r1}`), payload: { modelId: b } });
    expect(await profile(a)).toMatchObject({ reviewCount: 1, averageRating: 2 });
    expect(await profile(b)).toMatchObject({ reviewCount: 1, averageRating: 5 });
    expect((await call({ method: "DELETE", url: url("reviews", `/${r1}`) })).statusCode).toBe(204);
    expect(await profile(b)).toMatchObject({ reviewCount: 0, averageRating: null });
  });

  it("a raw SQL write keeps them right too, inside its transaction (rolled back: unchanged)", async () => {
    const a = await make("model-profiles", "ModelProfile", {});
    const table = "modeling_agency_review";
    const pool = new pg.Client({ connectionString: env.testDb.url });
    await pool.connect();
    try {
      await pool.query("BEGIN");
      await pool.query(
        `INSERT INTO ${table} ("tenantId", "userId", "bookingId", "modelId", "rating", "reviewerRole") VALUES ($1, $2, $3, $4, 1, 'client')`,
        [tenant.id, tenant.userId, booking, a],
      );
      const inside = await pool.query(`SELECT "reviewCount" FROM modeling_agency_model_profile WHERE "id" = $1`, [a]);
      expect(inside.rows[0].reviewCount).toBe(1);
      await pool.query("ROLLBACK");
    } finally {
      await pool.end();
    }
    expect(await profile(a)).toMatchObject({ reviewCount: 0 });
  });

  it("concurrent writers of related rows never lose a count", async () => {
    const a = await make("model-profiles", "ModelProfile", {});
    const review = await entityIr("modeling-agency", "Review");
    const bodies = Array.from({ length: 12 }, () => ({
      ...sampleRecord(review, seed++),
      bookingId: booking,
      modelId: a,
    }));
    const responses = await Promise.all(
      bodies.map((payload) => call({ method: "POST", url: url("reviews"), payload })),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(bodies.map(() => 201));
    expect((await profile(a)).reviewCount).toBe(12);
  });

  it("are read-only in the API, and filter and sort like stored fields", async () => {
    const a = await make("model-profiles", "ModelProfile", {});
    const refused = await call({ method: "PATCH", url: url("model-profiles", `/${a}`), payload: { reviewCount: 9 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].pointer).toBe("/body/reviewCount");
    await make("reviews", "Review", { bookingId: booking, modelId: a, rating: 5 });
    const listed = await call({
      method: "GET",
      url: url("model-profiles", "?filter[reviewCount][gte]=1&sort=-averageRating&fields=averageRating&limit=100"),
    });
    expect(listed.statusCode, listed.body).toBe(200);
    const ratings = listed.json().data.map((r: { averageRating: number }) => r.averageRating);
    expect(ratings).toEqual([...ratings].sort((x, y) => y - x));
    expect(listed.json().data.some((r: { id: string }) => r.id === a)).toBe(true);
  });
});

describe("conversions over the row itself", () => {
  it("round(convert(height, 'cm')) follows the height in any unit", async () => {
    const a = await make("model-profiles", "ModelProfile", { height: { value: 68, unit: "in" } });
    expect((await profile(a)).heightCm).toBe(173);
    await call({
      method: "PATCH",
      url: url("model-profiles", `/${a}`),
      payload: { height: { value: 181, unit: "cm" } },
    });
    expect((await profile(a)).heightCm).toBe(181);
  });
});

describe("the migration backfills", () => {
  it("rows written before its triggers existed get their values when it runs", async () => {
    const dir = path.resolve(import.meta.dirname, "..", "..", "generated", "prisma", "migrations");
    const folder = (await readdir(dir)).find((name) => name.includes("compute_"))!;
    const up = await readFile(path.join(dir, folder, "migration.sql"), "utf8");
    const down = await readFile(path.join(dir, folder, "down.sql"), "utf8");
    const a = await make("model-profiles", "ModelProfile", { height: { value: 70, unit: "in" } });
    const sql = new pg.Client({ connectionString: env.testDb.url });
    await sql.connect();
    try {
      await sql.query(down);
      await sql.query(
        `INSERT INTO modeling_agency_review ("tenantId", "userId", "bookingId", "modelId", "rating", "reviewerRole") VALUES ($1, $2, $3, $4, 3, 'client')`,
        [tenant.id, tenant.userId, booking, a],
      );
      await sql.query(
        `UPDATE modeling_agency_model_profile SET "heightCm" = NULL, "reviewCount" = NULL WHERE "id" = $1`,
        [a],
      );
      await sql.query(up);
    } finally {
      await sql.end();
    }
    expect(await profile(a)).toMatchObject({ reviewCount: 1, averageRating: 3, heightCm: 178 });
  });
});
