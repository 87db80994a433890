/**
 * Matching on PostgreSQL (runtime/src/matching), over the tests' own template
 * (engine/test/fixtures/dock-match.json: berths that need things, vessels that have them; no
 * shipped vocabulary) and the shipped modeling-agency declaration: exact scores and breakdowns
 * (met, near, missed; units converted; enum steps; lists all/some), order by score then id
 * across keyset pages, only records the caller may read (rows and fields), two tenants, bad
 * parameters as problem+json, every answer validated against /openapi.json.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp, type AppOptions } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { allTemplates, installOwnTemplate, MIGRATIONS } from "./crud-support.ts";

const DOCK = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../engine/test/fixtures/dock-match.json"), "utf8"),
);
// Shore power is the owner's to show: others score it as unknown (missed).
DOCK.entities.Vessel.access.fields = { shorePower: { read: "owner" } };
const SECRET = "matching-test-secret-0123456789-abcdefghij";

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let testDb: TestDatabase;
let db: Database;
let app: FastifyInstance;
let options: AppOptions;
interface User {
  id: string;
  token: string;
  slug: string;
}
const users: Record<string, User> = {};
const answers: { url: string; status: number; type: string; body: unknown }[] = [];

async function tenant(slug: string, templates: string[]) {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $1) RETURNING "id"`,
    [slug],
  );
  for (const t of templates)
    await db.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, '1.0.0')`, [
      rows[0].id,
      t,
    ]);
  return rows[0].id;
}

async function user(tenantId: string, slug: string, roles: [string, string | null][]): Promise<User> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "user" ("tenantId", "email", "name", "emailVerifiedAt") VALUES ($1, $2, 'M', now()) RETURNING "id"`,
    [tenantId, `${randomUUID()}@match.test`],
  );
  const id = rows[0].id;
  for (const [role, accountId] of roles)
    await db.query(`INSERT INTO "membership" ("tenantId", "accountId", "userId", "role") VALUES ($1, $2, $3, $4)`, [
      tenantId,
      accountId,
      id,
      role,
    ]);
  const sid = randomUUID();
  await db.query(
    `INSERT INTO "refresh_token" ("tenantId", "userId", "familyId", "tokenHash", "expiresAt", "familyExpiresAt")
     VALUES ($1, $2, $3, $4, now() + interval '1 day', now() + interval '1 day')`,
    [tenantId, id, sid, randomUUID().replaceAll("-", "").padEnd(64, "0")],
  );
  const token = await app.auth.accessTokens.sign({
    sub: id,
    tid: tenantId,
    sid,
    mem: roles.map(([r, a]) => [a, r]),
    sa: false,
    ev: true,
  });
  return { id, token, slug };
}

const call =
  (u: User | null, slug = u?.slug ?? "") =>
  async (method: "GET" | "POST", url: string, body?: unknown) => {
    const res = await app.inject({
      method,
      url,
      headers: { "x-tenant": slug, ...(u ? { authorization: `Bearer ${u.token}` } : {}) },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    if (url.startsWith("/api/v1/tenant/matching")) {
      const type = String(res.headers["content-type"] ?? "");
      answers.push({ url, status: res.statusCode, type, body: type.includes("json") ? res.json() : res.body });
    }
    return res;
  };
const create = async (u: User, apiName: string, body: Record<string, unknown>) => {
  const res = await call(u)("POST", `/api/v1/tenant/entities/${apiName}`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const M = "/api/v1/tenant/matching/berth-vessel";
const ids: Record<string, string> = {};

const FULL = {
  lengthM: 11,
  draught: 1.5,
  hull: "mono",
  grade: "a",
  gear: ["winch", "radar", "sonar"],
  shorePower: true,
};
const LOW = { lengthM: 20, draught: 3, hull: "cat", grade: "c", gear: [] };

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  const own = await installOwnTemplate(DOCK, "dock-match.json");
  await db.exec!(own.up);
  await db.query("SELECT mono_secure_tenant_tables()");
  options = {
    db,
    redis: null,
    registry: createRuntimeRegistry([...allTemplates, own.registry], platform),
    allowTenantHeader: true,
    rateLimit: false,
    identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
    workflows: false,
    messaging: false,
    notifications: false,
  };
  app = await buildApp(options);
  await app.ready();
  const a = await tenant("match-a", ["dock-match"]);
  const b = await tenant("match-b", ["dock-match"]);
  users.planner = await user(a, "match-a", [["user", null]]);
  users.skipper = await user(a, "match-a", [["user", null]]);
  users.other = await user(a, "match-a", [["user", null]]);
  users.userB = await user(b, "match-b", [["user", null]]);

  ids.b1 = await create(users.planner, "berths", {
    code: "B1",
    minDraught: 1,
    maxDraught: 2,
    needs: {
      lengthRange: { min: 10, max: 12, unit: "m" },
      hulls: ["mono", "cat"],
      grades: ["a"],
      gear: ["winch", "radar"],
      power: true,
    },
  });
  // In feet: 30–40 ft is 9.144–12.192 m; nothing else required.
  ids.b2 = await create(users.planner, "berths", {
    code: "B2",
    needs: { lengthRange: { min: 30, max: 40, unit: "ft" } },
  });
  ids.v1 = await create(users.skipper, "vessels", { callSign: "V1", ...FULL });
  ids.v2 = await create(users.skipper, "vessels", {
    callSign: "V2",
    lengthM: 13,
    draught: 2.4,
    hull: "tri",
    grade: "b",
    gear: ["winch"],
    shorePower: false,
  });
  for (const n of [3, 4, 5]) ids[`v${n}`] = await create(users.skipper, "vessels", { callSign: `V${n}`, ...LOW });
  // Unlisted: only its owner reads it.
  ids.v6 = await create(users.skipper, "vessels", { callSign: "V6", listed: false, ...FULL });
  ids.bB = await create(users.userB, "berths", { code: "BB", needs: { hulls: ["mono"] } });

  // The shipped modeling-agency template's job-talent matching, in a tenant of its own.
  const agency = await tenant("match-agency", ["modeling-agency"]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'client', 'Brand') RETURNING "id"`,
    [agency],
  );
  users.admin = await user(agency, "match-agency", [["tenant-admin", null]]);
  users.client = await user(agency, "match-agency", [["client", rows[0].id]]);
  users.talent = await user(agency, "match-agency", [["talent", null]]);
  const category = await create(users.admin, "modeling-agency:job-categories", { name: "Fashion", slug: "fashion" });
  ids.job = await create(users.client, "modeling-agency:jobs", {
    title: "Autumn campaign",
    jobType: "campaign",
    description: "Three days of outdoor shooting for the autumn collection.",
    startDate: "2031-09-01T09:00:00.000Z",
    compensationType: "paid",
    categoryId: category,
    targetProfile: {
      genders: ["female"],
      heightRange: { min: 68, max: 71, unit: "in" },
      experienceLevels: ["experienced"],
      modelingTypes: ["fashion", "editorial"],
      tattoosAccepted: false,
    },
  });
  const profile = (stageName: string, extra: Record<string, unknown>) =>
    create(users.talent, "modeling-agency:model-profiles", {
      stageName,
      dateOfBirth: "1998-05-01",
      city: "Berlin",
      countryCode: "DE",
      ...extra,
    });
  ids.ana = await profile("Ana", {
    gender: "female",
    height: { value: 177, unit: "cm" },
    experienceLevel: "experienced",
    modelingTypes: ["fashion", "editorial", "runway"],
    tattoos: false,
  });
  ids.bea = await profile("Bea", {
    gender: "female",
    height: { value: 70, unit: "in" },
    experienceLevel: "professional",
    modelingTypes: ["fashion"],
    tattoos: true,
  });
  ids.vB = await create(users.userB, "vessels", { callSign: "VB", ...FULL });
}, 90_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
  await testDb?.drop();
});

const row = (status: string, weight: number, points: number, requirement: unknown, value: unknown) => ({
  status,
  weight,
  points,
  requirement,
  value,
});

describe("scores", () => {
  test("candidates of a berth: exact breakdown per criterion, best first", async () => {
    const res = await call(users.skipper)("GET", `${M}/candidates/${ids.b1}?limit=100`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.maxScore).toBe(10.5);
    expect(page.nextCursor).toBeNull();
    const byId = new Map(page.data.map((d: { id: string }) => [d.id, d]));
    const explain = (id: string) =>
      Object.fromEntries(
        (byId.get(id) as { breakdown: { criterion: string }[] }).breakdown.map(({ criterion, ...rest }) => [
          criterion,
          rest,
        ]),
      );
    const length = { min: 10, max: 12, unit: "m" };
    const depth = { min: 1, max: 2 };
    expect(explain(ids.v1)).toEqual({
      length: row("met", 3, 3, length, 11),
      depth: row("met", 2, 2, depth, 1.5),
      hull: row("met", 2, 2, ["mono", "cat"], "mono"),
      grade: row("met", 1, 1, ["a"], "a"),
      gear: row("met", 1, 1, ["winch", "radar"], ["winch", "radar", "sonar"]),
      power: row("met", 1.5, 1.5, true, true),
    });
    expect(explain(ids.v2)).toEqual({
      length: row("near", 3, 1.5, length, 13),
      depth: row("near", 2, 1, depth, 2.4),
      hull: row("missed", 2, 0, ["mono", "cat"], "tri"),
      grade: row("near", 1, 0.5, ["a"], "b"),
      gear: row("near", 1, 0.5, ["winch", "radar"], ["winch"]),
      power: row("missed", 1.5, 0, true, false),
    });
    expect(explain(ids.v3)).toEqual({
      length: row("missed", 3, 0, length, 20),
      depth: row("missed", 2, 0, depth, 3),
      hull: row("met", 2, 2, ["mono", "cat"], "cat"),
      grade: row("missed", 1, 0, ["a"], "c"),
      gear: row("missed", 1, 0, ["winch", "radar"], []),
      power: row("missed", 1.5, 0, true, null),
    });
    const scores = page.data.map((d: { id: string; score: number }) => [d.id, d.score]);
    const ties = [ids.v3, ids.v4, ids.v5].sort();
    // The owner reads the unlisted V6 too (a second full match; ties by id).
    expect(scores).toEqual([
      ...[ids.v1, ids.v6].sort().map((id) => [id, 10.5]),
      [ids.v2, 3.5],
      ...ties.map((id) => [id, 2]),
    ]);
  });

  test("a requirement in feet is converted to the attribute's metres; an empty requirement is met", async () => {
    const res = await call(users.skipper)("GET", `${M}/candidates/${ids.b2}?limit=100`);
    const v2 = res.json().data.find((d: { id: string }) => d.id === ids.v2);
    expect(v2.breakdown[0]).toEqual({
      criterion: "length",
      ...row("near", 3, 1.5, { min: 9.144, max: 12.192, unit: "m" }, 13),
    });
    expect(
      v2.breakdown.slice(1).map((b: { status: string; requirement: unknown }) => [b.status, b.requirement]),
    ).toEqual([
      ["met", { min: null, max: null }],
      ["met", null],
      ["met", null],
      ["met", null],
      ["met", null],
    ]);
    expect(v2.score).toBe(9);
  });

  test("recommendations of a vessel: the berths it fits best, with the same breakdown", async () => {
    const res = await call(users.skipper)("GET", `${M}/recommendations/${ids.v2}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.map((d: { id: string; score: number }) => [d.id, d.score])).toEqual([
      [ids.b2, 9],
      [ids.b1, 3.5],
    ]);
    expect(res.json().data[1].breakdown.map((b: { status: string }) => b.status)).toEqual([
      "near",
      "near",
      "missed",
      "near",
      "near",
      "missed",
    ]);
  });
});

describe("the shipped modeling-agency template", () => {
  test("job-talent: a job's target profile in inches against profiles' heightCm, with the breakdown", async () => {
    const res = await call(users.client)("GET", `/api/v1/tenant/matching/job-talent/candidates/${ids.job}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.maxScore).toBe(16);
    expect(page.data.map((d: { id: string; score: number }) => [d.id, d.score])).toEqual([
      [ids.ana, 16],
      [ids.bea, 13],
    ]);
    const bea = Object.fromEntries(
      page.data[1].breakdown.map(({ criterion, ...rest }: { criterion: string }) => [criterion, rest]),
    );
    // 68–71 in is 172.72–180.34 cm; 70 in is stored as heightCm 178.
    expect(bea.height).toEqual(row("met", 3, 3, { min: 172.72, max: 180.34, unit: "cm" }, 178));
    expect(bea.experience).toEqual(row("near", 2, 1, ["experienced"], "professional"));
    expect(bea.modelingTypes).toEqual(row("near", 2, 1, ["fashion", "editorial"], ["fashion"]));
    expect(bea.tattoos).toEqual(row("missed", 1, 0, false, true));
    expect(bea.gender).toEqual(row("met", 3, 3, ["female"], "female"));
    // Unstated requirements ask for nothing.
    expect([bea.age.status, bea.hairColor.status, bea.languages.status]).toEqual(["met", "met", "met"]);
    // And back: the jobs recommended to a profile.
    const back = await call(users.talent)("GET", `/api/v1/tenant/matching/job-talent/recommendations/${ids.bea}`);
    expect(back.json().data.map((d: { id: string; score: number }) => [d.id, d.score])).toEqual([[ids.job, 13]]);
  });
});

describe("order and pages", () => {
  test("pages follow score then id, the same rows as one page, ties in id order", async () => {
    const all = (await call(users.skipper)("GET", `${M}/candidates/${ids.b1}?limit=100`))
      .json()
      .data.map((d: { id: string }) => d.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(users.skipper)(
        "GET",
        `${M}/candidates/${ids.b1}?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      paged.push(...res.json().data.map((d: { id: string }) => d.id));
      cursor = res.json().nextCursor;
      pages++;
    } while (cursor);
    // Six rows, two a page: the three tied rows are split across pages 2 and 3.
    expect(pages).toBe(3);
    expect(paged).toEqual(all);
    // Asked again, the same order.
    const again = (await call(users.skipper)("GET", `${M}/candidates/${ids.b1}?limit=100`))
      .json()
      .data.map((d: { id: string }) => d.id);
    expect(again).toEqual(all);
  });
});

describe("access", () => {
  test("a vessel the caller cannot read is never a candidate; a field they cannot read scores as unknown", async () => {
    const res = await call(users.other)("GET", `${M}/candidates/${ids.b1}?limit=100`);
    const data = res.json().data as {
      id: string;
      score: number;
      breakdown: { criterion: string; status: string; value: unknown }[];
    }[];
    expect(data.map((d) => d.id)).not.toContain(ids.v6);
    expect(data.map((d) => d.id).sort()).toEqual([ids.v1, ids.v2, ids.v3, ids.v4, ids.v5].sort());
    const v1 = data.find((d) => d.id === ids.v1)!;
    expect(v1.score).toBe(9);
    expect(v1.breakdown.find((b) => b.criterion === "power")).toMatchObject({
      status: "missed",
      value: null,
      points: 0,
    });
    // Nor is it an anchor: its recommendations are 404 to them, as its GET is.
    const hidden = await call(users.other)("GET", `${M}/recommendations/${ids.v6}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().errors).toEqual([{ pointer: "/params/id", message: "is not a Vessel you may read" }]);
    expect((await call(users.skipper)("GET", `${M}/recommendations/${ids.v6}`)).statusCode).toBe(200);
    // Berths are for signed-in users only.
    expect((await call(null, "match-a")("GET", `${M}/candidates/${ids.b1}`)).statusCode).toBe(404);
  });

  test("with MONO_RLS=enforce (as mono_app, the tenant set) the answers are the same", async () => {
    const enforced = await buildApp({ ...options, rls: "enforce" });
    try {
      for (const [u, url] of [
        [users.skipper, `${M}/candidates/${ids.b1}?limit=100`],
        [users.other, `${M}/candidates/${ids.b1}?limit=100`],
        [users.userB, `${M}/candidates/${ids.bB}`],
        [users.skipper, `${M}/recommendations/${ids.v2}`],
      ] as const) {
        const headers = { "x-tenant": u.slug, authorization: `Bearer ${u.token}` };
        const plain = await app.inject({ method: "GET", url, headers });
        const rls = await enforced.inject({ method: "GET", url, headers });
        expect(rls.statusCode, rls.body).toBe(200);
        expect(rls.json()).toEqual(plain.json());
      }
    } finally {
      await enforced.close();
    }
  });

  test("two tenants: each scores its own records only, the other's ids are unknown", async () => {
    const b = call(users.userB);
    const own = await b("GET", `${M}/candidates/${ids.bB}`);
    expect(own.json().data.map((d: { id: string; score: number }) => [d.id, d.score])).toEqual([[ids.vB, 10.5]]);
    expect((await b("GET", `${M}/candidates/${ids.b1}`)).statusCode).toBe(404);
    expect((await b("GET", `${M}/recommendations/${ids.v1}`)).statusCode).toBe(404);
    const back = await call(users.skipper)("GET", `${M}/recommendations/${ids.v1}?limit=100`);
    expect(
      back
        .json()
        .data.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([ids.b1, ids.b2].sort());
  });
});

describe("against an oracle", () => {
  test("random berths and vessels: every score, status and the order equal a plain implementation's", async () => {
    const tenantC = await tenant("match-c", ["dock-match"]);
    const owner = await user(tenantC, "match-c", [["user", null]]);
    const rand = prng(4242);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
    const maybe = <T>(value: T) => (rand() < 0.75 ? value : undefined);
    const subset = (list: readonly string[]) => list.filter(() => rand() < 0.5);
    const HULLS = ["mono", "cat", "tri"];
    const GRADES = ["d", "c", "b", "a"];
    const GEAR = ["winch", "radar", "sonar", "crane"];
    type Vessel = {
      id?: string;
      lengthM?: number;
      draught?: number;
      hull?: string;
      grade?: string;
      gear?: string[];
      shorePower?: boolean;
    };
    type Needs = {
      lengthRange?: { min?: number; max?: number; unit: string };
      hulls?: string[];
      grades?: string[];
      gear?: string[];
      power?: boolean;
    };
    type Berth = { id?: string; minDraught?: number; maxDraught?: number; needs: Needs };
    const strip = <T extends object>(o: T) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    const vessels: Vessel[] = Array.from({ length: 30 }, () =>
      strip({
        lengthM: maybe(8 + Math.floor(rand() * 17) / 2),
        draught: maybe(Math.floor(rand() * 7) / 2),
        hull: maybe(pick(HULLS)),
        grade: maybe(pick(GRADES)),
        gear: maybe(subset(GEAR)),
        shorePower: maybe(rand() < 0.5),
      }),
    );
    const berths: Berth[] = Array.from({ length: 4 }, () => {
      const feet = rand() < 0.5;
      const lo = feet ? 5 * (5 + Math.floor(rand() * 5)) : 8 + Math.floor(rand() * 5);
      const hi = lo + (feet ? 5 * (1 + Math.floor(rand() * 3)) : 1 + Math.floor(rand() * 3));
      return strip({
        minDraught: maybe(Math.floor(rand() * 3) / 2),
        maxDraught: maybe(1 + Math.floor(rand() * 4) / 2),
        needs: strip({
          lengthRange: maybe(strip({ min: maybe(lo), max: maybe(hi), unit: feet ? "ft" : "m" })),
          hulls: maybe(subset(HULLS)),
          grades: maybe(subset(GRADES)),
          gear: maybe(subset(GEAR)),
          power: maybe(rand() < 0.5),
        }),
      });
    });
    for (const [i, v] of vessels.entries()) v.id = await create(owner, "vessels", { callSign: `R${i}`, ...v });
    for (const [i, b] of berths.entries()) b.id = await create(owner, "berths", { code: `R${i}`, ...b });

    const range = (v: number | undefined, lo: number | undefined, hi: number | undefined, tol: number) => {
      if (lo === undefined && hi === undefined) return "met";
      if (v === undefined) return "missed";
      if ((lo === undefined || v >= lo) && (hi === undefined || v <= hi)) return "met";
      if ((lo === undefined || v >= lo - tol) && (hi === undefined || v <= hi + tol)) return "near";
      return "missed";
    };
    const within = (required: string[] | undefined, value: string | undefined, order?: string[], tol = 0) => {
      if (!required?.length) return "met";
      if (value === undefined) return "missed";
      if (required.includes(value)) return "met";
      if (order && required.some((r) => Math.abs(order.indexOf(r) - order.indexOf(value)) <= tol)) return "near";
      return "missed";
    };
    const all = (required: string[] | undefined, value: string[] | undefined) => {
      if (!required?.length) return "met";
      if (value === undefined) return "missed";
      if (required.every((r) => value.includes(r))) return "met";
      return required.some((r) => value.includes(r)) ? "near" : "missed";
    };
    const WEIGHTS = [3, 2, 2, 1, 1, 1.5];
    const oracle = (b: Berth, v: Vessel) => {
      const f = b.needs.lengthRange?.unit === "ft" ? 0.3048 : 1;
      const lr = b.needs.lengthRange;
      const statuses = [
        range(
          v.lengthM,
          lr?.min === undefined ? undefined : lr.min * f,
          lr?.max === undefined ? undefined : lr.max * f,
          2,
        ),
        range(v.draught, b.minDraught, b.maxDraught, 0.5),
        within(b.needs.hulls, v.hull),
        within(b.needs.grades, v.grade, GRADES, 1),
        all(b.needs.gear, v.gear),
        b.needs.power !== true || v.shorePower === true ? "met" : "missed",
      ];
      const score = statuses.reduce(
        (sum, s, i) => sum + (s === "met" ? WEIGHTS[i] : s === "near" ? WEIGHTS[i] / 2 : 0),
        0,
      );
      return { id: v.id!, score, statuses };
    };
    const statusCounts = new Map<string, number>();
    for (const b of berths) {
      const expected = vessels.map((v) => oracle(b, v)).sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
      for (const e of expected) for (const s of e.statuses) statusCounts.set(s, (statusCounts.get(s) ?? 0) + 1);
      const res = await call(owner)("GET", `${M}/candidates/${b.id}?limit=100`);
      expect(res.statusCode, res.body).toBe(200);
      const got = res.json().data.map((d: { id: string; score: number; breakdown: { status: string }[] }) => ({
        id: d.id,
        score: d.score,
        statuses: d.breakdown.map((x) => x.status),
      }));
      expect(got, JSON.stringify(b)).toEqual(expected);
    }
    // The random data reaches every status.
    expect([...statusCounts.keys()].sort()).toEqual(["met", "missed", "near"]);
  });
});

describe("bad input", () => {
  test("bad parameters are problem+json with pointers, never a 5xx", async () => {
    const c = call(users.skipper);
    const cases: [string, number, string][] = [
      [`${M}/candidates/${ids.b1}?limit=0`, 400, "/query/limit"],
      [`${M}/candidates/${ids.b1}?limit=101`, 400, "/query/limit"],
      [`${M}/candidates/${ids.b1}?cursor=bm9wZQ`, 400, "/query/cursor"],
      [`${M}/candidates/${ids.b1}?sort=score`, 400, "/query/sort"],
      [`${M}/candidates/not-a-uuid`, 400, "/params/id"],
      [`/api/v1/tenant/matching/no-such/candidates/${ids.b1}`, 404, "/params/matching"],
      [`/api/v1/tenant/matching/Bad_Name/candidates/${ids.b1}`, 400, "/params/matching"],
      [`${M}/candidates/${randomUUID()}`, 404, "/params/id"],
      // A vessel's id is not a berth.
      [`${M}/candidates/${ids.v1}`, 404, "/params/id"],
    ];
    // The template-qualified name is the same matching.
    const qualified = await c("GET", `/api/v1/tenant/matching/dock-match:berth-vessel/candidates/${ids.b1}?limit=1`);
    expect(qualified.json().data[0].score).toBe(10.5);
    expect(
      (await c("GET", `/api/v1/tenant/matching/modeling-agency:berth-vessel/candidates/${ids.b1}`)).statusCode,
    ).toBe(404);
    for (const [url, status, pointer] of cases) {
      const res = await c("GET", url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers["content-type"], url).toContain("application/problem+json");
      expect(
        res.json().errors.map((e: { pointer: string }) => e.pointer),
        url,
      ).toContain(pointer);
    }
  });
});

describe("the OpenAPI document", () => {
  test("the matchings list, and every answer matching /openapi.json", async () => {
    const list = await call(users.skipper)("GET", "/api/v1/tenant/matching");
    expect(
      (await call(users.client)("GET", "/api/v1/tenant/matching")).json().data.map((m: { name: string }) => m.name),
    ).toEqual(["job-talent"]);
    expect(list.json().data).toEqual([
      {
        name: "berth-vessel",
        templateId: "dock-match",
        demand: "berths",
        supply: "vessels",
        nearPoints: 0.5,
        criteria: [
          { name: "length", kind: "range", weight: 3 },
          { name: "depth", kind: "range", weight: 2 },
          { name: "hull", kind: "in", weight: 2 },
          { name: "grade", kind: "in", weight: 1 },
          { name: "gear", kind: "in", weight: 1 },
          { name: "power", kind: "boolean", weight: 1.5 },
        ],
      },
    ]);
    const doc = (await app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const key = (url: string) =>
      url
        .split("?")[0]
        .replace(
          /^\/api\/v1\/tenant\/matching\/[^/]+\/(candidates|recommendations)\/[^/]+$/,
          "/api/v1/tenant/matching/{matching}/$1/{id}",
        );
    for (const a of answers) check(key(a.url), "get", a.status, a);
    expect(counts.validated).toBeGreaterThan(10);
    expect(counts.mismatches).toEqual([]);
  });
});
