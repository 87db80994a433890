/**
 * `x-computed` fields on PostgreSQL, maintained by the triggers the generated migration creates
 * (generators/src/prisma/sql-computed.ts): aggregates follow every insert, update, move and
 * delete of the related rows inside the writing transaction (concurrent writers included),
 * conversions follow the row itself, the API refuses to write them, they filter and sort, and
 * the migration backfills rows that existed before it. A template of this test's own covers the
 * forms no shipped template needs to exercise generically: filtered aggregates of arithmetic
 * values, and record expressions (text, numbers, money).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileTemplatesDir, compileTemplateText, sampleCreateBody } from "../../engine/src/index.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import {
  allTemplates,
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
    payload: { ...sampleCreateBody(await entityIr("modeling-agency", entity), seed++), ...extra },
  });
  expect(response.statusCode, `${api}: ${response.body}`).toBe(201);
  return response.json().id;
}
const profile = async (id: string) =>
  (
    await call({ method: "GET", url: url("model-profiles", `/${id}?fields=averageRating,reviewCount,heightCm`) })
  ).json();

const label = (en: string) => ({ en });
/** Teams and their members: the computed fields are the test's, not any industry's. */
const TALLY = (computed: boolean) => ({
  id: "tally-keeper",
  version: "1.0.0",
  title: label("Tally keeper"),
  locales: ["en"],
  $defs: { Money: { "x-type": "money", "x-currencies": ["EUR", "USD"], minimum: 0 } },
  entities: {
    Team: {
      id: "ent_team",
      label: label("Team"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["name"],
        properties: {
          name: { "x-id": "fld_team_name", type: "string", maxLength: 40 },
          nickname: { "x-id": "fld_team_nickname", type: ["string", "null"], maxLength: 40 },
          city: { "x-id": "fld_team_city", type: "string", maxLength: 40 },
          budget: { "x-id": "fld_team_budget", $ref: "#/$defs/Money" },
          share: { "x-id": "fld_team_share", type: "integer", minimum: 0, maximum: 100 },
          spent: { "x-id": "fld_team_spent", type: "integer" },
          active: {
            "x-id": "fld_team_active",
            type: "integer",
            ...(computed ? { "x-computed": "count(members where state = 'active')" } : {}),
          },
          seats: {
            "x-id": "fld_team_seats",
            type: "integer",
            ...(computed
              ? { "x-computed": "sum(members where state in ('active', 'invited') and role != 'guest', 1 + plusOnes)" }
              : {}),
          },
          title: {
            "x-id": "fld_team_title",
            type: "string",
            maxLength: 30,
            ...(computed ? { "x-computed": "coalesce(nickname, name) + ' (' + city + ')'" } : {}),
          },
          left: {
            "x-id": "fld_team_left",
            type: "number",
            ...(computed ? { "x-computed": "(share - spent) / 8" } : {}),
          },
          sharedBudget: {
            "x-id": "fld_team_shared_budget",
            $ref: "#/$defs/Money",
            ...(computed ? { "x-computed": "budget * share / 100" } : {}),
          },
          // A JSON list of objects, aggregated inside the row (no relation): counts, sums of
          // arithmetic over item properties, the cheapest and dearest price with its currency.
          kit: {
            "x-id": "fld_team_kit",
            type: "array",
            items: {
              type: "object",
              required: ["item", "qty"],
              additionalProperties: false,
              properties: {
                item: { type: "string", maxLength: 40 },
                qty: { type: "integer", minimum: 0 },
                kind: { enum: ["core", "spare"] },
                price: { $ref: "#/$defs/Money" },
              },
            },
          },
          kitLines: {
            "x-id": "fld_team_kit_lines",
            type: "integer",
            ...(computed ? { "x-computed": "count(kit)" } : {}),
          },
          coreUnits: {
            "x-id": "fld_team_core_units",
            type: "integer",
            ...(computed ? { "x-computed": "sum(kit where kind != 'spare', qty * 2)" } : {}),
          },
          meanQty: {
            "x-id": "fld_team_mean_qty",
            type: "number",
            ...(computed ? { "x-computed": "avg(kit.qty)" } : {}),
          },
          cheapest: {
            "x-id": "fld_team_cheapest",
            $ref: "#/$defs/Money",
            ...(computed ? { "x-computed": "min(kit.price)" } : {}),
          },
          dearestSpare: {
            "x-id": "fld_team_dearest_spare",
            $ref: "#/$defs/Money",
            ...(computed ? { "x-computed": "max(kit where kind = 'spare', price)" } : {}),
          },
        },
      },
      relations: { members: { id: "rel_team_members", to: "Member", kind: "one-to-many", inverse: "team" } },
    },
    Member: {
      id: "ent_member",
      label: label("Member"),
      scope: "tenant",
      softDelete: true,
      schema: {
        type: "object",
        properties: {
          state: { "x-id": "fld_member_state", type: "string", enum: ["active", "invited", "left"], default: "active" },
          role: { "x-id": "fld_member_role", type: "string", maxLength: 20, default: "player" },
          plusOnes: { "x-id": "fld_member_plus_ones", type: "integer", default: 0 },
          born: { "x-id": "fld_member_born", type: ["string", "null"], format: "date" },
          age: { "x-id": "fld_member_age", type: "integer", ...(computed ? { "x-computed": "age(born)" } : {}) },
        },
      },
      relations: {
        team: { id: "rel_member_team", to: "Team", kind: "many-to-one", required: true, onDelete: "cascade" },
      },
    },
  },
});
const tally = (api: string, rest = "") => `/api/v1/tenant/entities/tally-keeper:${api}${rest}`;
let tallyCall: Inject;
let tallyTenant: TestTenant;
/** A team stored (with two members) before the migration that adds the computed fields ran. */
let oldTeam = "";

let booking = "";
beforeAll(async () => {
  const compile = (computed: boolean) => {
    const compiled = compileTemplateText(JSON.stringify(TALLY(computed)), "tally-keeper.json");
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
    return compiled.ir;
  };
  const [plain, withComputed] = [compile(false), compile(true)];
  env = await setupPostgres([...allTemplates, buildTemplateRegistry(withComputed)]);
  tenant = await createTenant(env.db, "computed");
  call = client(env.app, tenant);
  booking = await make("bookings", "Booking", {});
  tallyTenant = await createTenant(env.db, "computed-tally", ["tally-keeper"]);
  tallyCall = client(env.app, tallyTenant);
  const shipped = await compileTemplatesDir(path.resolve(import.meta.dirname, "..", "..", "industry-templates"));
  if (!shipped.ok) throw new Error("shipped templates do not compile");
  const schema = (extra: typeof plain) => buildPrismaSchema({ templates: [...shipped.app.templates, extra] });
  const tables = await buildMigration(buildPrismaSchema({ templates: shipped.app.templates }), schema(plain));
  const triggers = await buildMigration(schema(plain), schema(withComputed));
  const sql = new pg.Client({ connectionString: env.testDb.url });
  await sql.connect();
  try {
    await sql.query(tables.up);
    const team = await sql.query(
      `INSERT INTO tally_keeper_team ("tenantId", "name", "city", "share", "spent", "budgetAmount", "budgetCurrency") VALUES ($1, 'Old', 'Rome', 40, 8, 1000, 'EUR') RETURNING "id"`,
      [tallyTenant.id],
    );
    oldTeam = team.rows[0].id;
    await sql.query(
      `INSERT INTO tally_keeper_member ("tenantId", "teamId", "state", "role", "plusOnes") VALUES ($1, $2, 'active', 'player', 2), ($1, $2, 'invited', 'guest', 5)`,
      [tallyTenant.id, oldTeam],
    );
    await sql.query(triggers.up);
  } finally {
    await sql.end();
  }
}, 180_000);
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
      ...sampleCreateBody(review, seed++),
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

  it("a gig's starting price is its cheapest package's, in that package's currency", async () => {
    const price = (amount: number, currency = "EUR") => ({ amount, currency });
    const pkg = (tier: string, amount: number, currency?: string) => ({
      tier,
      name: `${tier} package`,
      price: price(amount, currency),
      deliveryDays: 3,
    });
    const categoryId = await make("job-categories", "JobCategory", {});
    const id = await make("gigs", "Gig", {
      categoryId,
      packages: [pkg("basic", 9_000), pkg("standard", 4_500, "USD")],
    });
    const read = async () =>
      (await call({ method: "GET", url: url("gigs", `/${id}?fields=startingPrice`) })).json().startingPrice;
    expect(await read()).toEqual(price(4_500, "USD"));
    const patched = await call({
      method: "PATCH",
      url: url("gigs", `/${id}`),
      payload: { packages: [pkg("premium", 12_000), pkg("basic", 7_000)] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await read()).toEqual(price(7_000));
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

describe("filtered aggregates and record expressions (a template of the test's own)", () => {
  const team = async (id: string) =>
    (
      await tallyCall({
        method: "GET",
        url: tally(
          "teams",
          `/${id}?fields=active,seats,title,left,sharedBudget,kitLines,coreUnits,meanQty,cheapest,dearestSpare`,
        ),
      })
    ).json();
  const member = async (teamId: string, extra: object) => {
    const response = await tallyCall({ method: "POST", url: tally("members"), payload: { teamId, ...extra } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const patch = (api: string, id: string, payload: object) =>
    tallyCall({ method: "PATCH", url: tally(api, `/${id}`), payload });

  it("the migration backfilled the rows stored before it", async () => {
    expect(await team(oldTeam)).toMatchObject({
      active: 1,
      seats: 3,
      title: "Old (Rome)",
      left: 4,
      sharedBudget: { amount: 400, currency: "EUR" },
    });
  });

  it("count/sum over the rows a condition keeps follow inserts, filter-field and value updates, deletes", async () => {
    const created = await tallyCall({ method: "POST", url: tally("teams"), payload: { name: "Reds", city: "Oslo" } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(await team(id)).toMatchObject({ active: 0, seats: 0 });
    const a = await member(id, { state: "active", plusOnes: 1 });
    const b = await member(id, { state: "invited", plusOnes: 0 });
    await member(id, { state: "left", plusOnes: 9 });
    await member(id, { state: "active", role: "guest", plusOnes: 4 });
    expect(await team(id)).toMatchObject({ active: 2, seats: 3 });
    // A change of the field the condition reads moves the row in or out.
    expect((await patch("members", a, { state: "left" })).statusCode).toBe(200);
    expect(await team(id)).toMatchObject({ active: 1, seats: 1 });
    expect((await patch("members", b, { role: "guest" })).statusCode).toBe(200);
    expect(await team(id)).toMatchObject({ seats: 0 });
    expect((await patch("members", b, { role: "coach", plusOnes: 6 })).statusCode).toBe(200);
    expect(await team(id)).toMatchObject({ seats: 7 });
    expect((await tallyCall({ method: "DELETE", url: tally("members", `/${b}`) })).statusCode).toBe(204);
    expect(await team(id)).toMatchObject({ active: 1, seats: 0 });
  });

  it("record expressions follow the row: text with coalesce, division, money scaled in its currency", async () => {
    const created = await tallyCall({
      method: "POST",
      url: tally("teams"),
      payload: { name: "Blues", city: "Lima", share: 25, spent: 5, budget: { amount: 1999, currency: "USD" } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(await team(id)).toMatchObject({
      title: "Blues (Lima)",
      left: 2.5,
      sharedBudget: { amount: 500, currency: "USD" },
    });
    expect((await patch("teams", id, { nickname: "The very long nickname", share: 50 })).statusCode).toBe(200);
    // Cut to the field's maxLength (30).
    expect(await team(id)).toMatchObject({
      title: "The very long nickname (Lima)",
      left: 5.625,
      sharedBudget: { amount: 1000, currency: "USD" },
    });
    expect((await patch("teams", id, { nickname: "A nickname far too long here" })).statusCode).toBe(200);
    expect((await team(id)).title).toBe("A nickname far too long here (");
    const refused = await patch("teams", id, { title: "mine" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].pointer).toBe("/body/title");
  });

  it("aggregates inside a JSON list follow the row: count, filtered sums, avg, cheapest and dearest with currency", async () => {
    const kit = [
      { item: "ball", qty: 3, kind: "core", price: { amount: 1500, currency: "EUR" } },
      { item: "cone", qty: 10, kind: "spare", price: { amount: 200, currency: "USD" } },
      { item: "net", qty: 1, price: { amount: 9000, currency: "EUR" } },
      { item: "bib", qty: 12, kind: "spare", price: { amount: 200, currency: "EUR" } },
    ];
    const created = await tallyCall({
      method: "POST",
      url: tally("teams"),
      payload: { name: "Kits", city: "Bern", kit },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    // A missing kind counts as "not spare"; of two equal amounts the first item's currency wins.
    expect(await team(id)).toMatchObject({
      kitLines: 4,
      coreUnits: 8,
      meanQty: 6.5,
      cheapest: { amount: 200, currency: "USD" },
      dearestSpare: { amount: 200, currency: "USD" },
    });
    const next = [kit[2], { item: "pump", qty: 2, kind: "spare", price: { amount: 450, currency: "EUR" } }];
    expect((await patch("teams", id, { kit: next })).statusCode).toBe(200);
    expect(await team(id)).toMatchObject({
      kitLines: 2,
      coreUnits: 2,
      meanQty: 1.5,
      cheapest: { amount: 450, currency: "EUR" },
      dearestSpare: { amount: 450, currency: "EUR" },
    });
    // An empty list: no items, so 0 for count and sum, nothing for the others.
    expect((await patch("teams", id, { kit: [] })).statusCode).toBe(200);
    const empty = await team(id);
    expect(empty).toMatchObject({ kitLines: 0, coreUnits: 0 });
    expect(empty.meanQty ?? null).toBeNull();
    expect(empty.cheapest ?? null).toBeNull();
    // Read-only in the API like every computed field.
    const refused = await patch("teams", id, { cheapest: { amount: 1, currency: "EUR" } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].pointer).toBe("/body/cheapest");
    // Filterable: the team with the cheap kit is found by its computed price.
    expect((await patch("teams", id, { kit })).statusCode).toBe(200);
    const found = await tallyCall({ method: "GET", url: tally("teams", "?filter[kitLines][gte]=4&fields=name") });
    expect(found.json().data.map((t: { name: string }) => t.name)).toContain("Kits");
  });

  it("age(date) is whole years to today, computed when read: it filters and sorts", async () => {
    const id = (
      await tallyCall({ method: "POST", url: tally("teams"), payload: { name: "Ages", city: "Kyiv" } })
    ).json().id;
    // Dates relative to today (UTC), so the test holds on any day.
    const yearsAgo = (years: number, days = 0) => {
      const d = new Date();
      d.setUTCFullYear(d.getUTCFullYear() - years);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    const turnsThirtyTomorrow = await member(id, { born: yearsAgo(30, 1), state: "left" });
    const thirtyToday = await member(id, { born: yearsAgo(30), state: "left" });
    const unborn = await member(id, { state: "left" });
    const listed = await tallyCall({
      method: "GET",
      url: tally("members", `?filter[teamId][eq]=${id}&sort=-age&fields=age`),
    });
    expect(listed.statusCode, listed.body).toBe(200);
    const ages = listed.json().data.map((m: { id: string; age: number | null }) => [m.id, m.age]);
    expect(ages.filter(([, age]: [string, number | null]) => age !== null)).toEqual([
      [thirtyToday, 30],
      [turnsThirtyTomorrow, 29],
    ]);
    expect(ages).toContainEqual([unborn, null]);
    const adults = await tallyCall({
      method: "GET",
      url: tally("members", `?filter[teamId][eq]=${id}&filter[age][gte]=30`),
    });
    expect(adults.json().data.map((m: { id: string }) => m.id)).toEqual([thirtyToday]);
    const one = await tallyCall({ method: "GET", url: tally("members", `/${turnsThirtyTomorrow}`) });
    expect(one.json().age).toBe(29);
  });
});
