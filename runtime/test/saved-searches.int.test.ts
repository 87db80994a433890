/**
 * Saved searches and their alerts on PostgreSQL (runtime/src/saved-searches), on the tests' own
 * lab template and on a random one (test/support/random-template.ts): a bad saved query is a
 * 400 with `/body/query/…` pointers; results run with the caller's own rules; sharing with an
 * account; a new matching record gives exactly one notification per subscriber, a non-matching
 * one none, one the subscriber may not read none; an update that makes a record match alerts
 * once; sweeping again or three sweepers at once send nothing twice; the daily digest reaches a
 * real SMTP server process once, without a record that became unreadable before it went out;
 * two tenants never see each other's searches or records; every answer against /openapi.json.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compileTemplateText, sampleCreateRecord } from "../../engine/src/index.ts";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { templateArb } from "../../test/support/random-template.ts";
import { createPostgresDatabase } from "../src/db/database.ts";
import { smtpMailer } from "../src/identity/mailer.ts";
import { startSmtpSink, type SmtpSink } from "./support/email-processes.ts";
import { as, items, startLab, type Call, type LabEnv, type LabUser } from "./tags-support.ts";
import { MIGRATIONS } from "./crud-support.ts";

let env: LabEnv;
let sink: SmtpSink;
const users: Record<string, LabUser> = {};
let accountX: string;
let tenantA: string;
let tenantB: string;
let random: { template: TemplateRegistry; entity: EntityRegistry; raw: unknown } | null = null;
const answers: { method: string; url: string; status: number; type: string; body: unknown }[] = [];
const S = "/api/v1/user/saved-searches";

const call = (u: LabUser | null, slug?: string): Call => {
  const c = as(env, u, slug);
  return async (method, url, body, headers) => {
    const res = await c(method, url, body, headers);
    if (url.startsWith(S))
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

/** A random template (drawn from the meta-schema) with an entity whose records can be made without other records. */
function pickRandomTemplate(): { raw: Record<string, unknown>; entityName: string } {
  for (let i = 0; i < 60; i++) {
    const raw = fc.sample(templateArb(i), { numRuns: 1, seed: 20_261_207 + i })[0] as Record<string, unknown>;
    raw.id = `ss-rand-${i}`;
    const compiled = compileTemplateText(JSON.stringify(raw), `random-${i}.json`);
    if (!compiled.ok) continue;
    const entity = compiled.ir.entities.find(
      (e) => !e.draft && e.scope === "tenant" && !e.relations.some((r) => r.required),
    );
    if (entity) return { raw, entityName: entity.name };
  }
  throw new Error("no usable random template in 60 draws");
}

const picked = pickRandomTemplate();

beforeAll(async () => {
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 8 });
  sink = await startSmtpSink();
  env = await startLab(
    db,
    async () => {
      await db.close();
      await testDb.drop();
    },
    {
      templates: [picked.raw],
      options: {
        email: {
          transport: smtpMailer({ host: "127.0.0.1", port: sink.port, from: "Mono <m@mono.test>" }),
          from: "Mono <m@mono.test>",
          worker: { pollMs: 50 },
        },
        notifications: { scheduler: false },
        // No settle window: a sweep then reads exactly the records written since the last one.
        savedSearches: { scheduler: false, digestHourUtc: 0, settleMs: 0 },
      },
    },
  );
  const template = env.options.registry.template(picked.raw.id as string)!;
  random = { template, entity: template.entities.find((e) => e.name === picked.entityName)!, raw: picked.raw };
  tenantA = await env.tenant("ss-a");
  tenantB = await env.tenant("ss-b");
  const r = await env.tenant("ss-r", [template.id]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'team', 'Team X') RETURNING "id"`,
    [tenantA],
  );
  accountX = rows[0].id;
  users.owner = await env.user(tenantA, "ss-a", [
    ["user", null],
    ["account-member", accountX],
  ]);
  users.teammate = await env.user(tenantA, "ss-a", [
    ["user", null],
    ["account-member", accountX],
  ]);
  users.outsider = await env.user(tenantA, "ss-a", [["user", null]]);
  users.userB = await env.user(tenantB, "ss-b", [["user", null]]);
  users.adminR = await env.user(r, "ss-r", [["tenant-admin", null]]);
}, 90_000);

afterAll(async () => {
  await env?.close();
  await sink?.kill();
});

/** The saved-search notifications a user has, as (record id) per search title. */
async function alertsOf(u: LabUser): Promise<string[]> {
  const { rows } = await env.db.query<{ recordId: string }>(
    `SELECT "recordId"::text AS "recordId" FROM "notification" WHERE "userId" = $1 AND "kind" = 'saved-search' ORDER BY "createdAt", "id"`,
    [u.id],
  );
  return rows.map((r) => r.recordId);
}
const sweep = () => env.app.savedSearches.alerts.sweep();
const make = async (u: LabUser, title: string, published: boolean) => {
  const res = await as(env, u)("POST", items(), { title, published });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

describe("saving a search", () => {
  test("a bad query is a 400 problem with pointers into the body; unknown entities 422", async () => {
    const owner = call(users.owner);
    const bad = await owner("POST", S, {
      name: "Bad",
      entity: "tag-lab:items",
      query: { filter: { nope: { eq: "x" }, title: { between: "a" } }, sort: "nope", tags: "(" },
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const pointers = bad.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        "/body/query/filter/nope",
        "/body/query/filter/title/between",
        "/body/query/sort",
        "/body/query/tags",
      ]),
    );
    const paging = await owner("POST", S, { name: "Paged", entity: "tag-lab:items", query: { limit: "5" } });
    expect(paging.statusCode).toBe(400);
    expect(JSON.stringify(paging.json().errors)).toContain("/body/query");
    const entity = await owner("POST", S, { name: "X", entity: "nothing-here" });
    expect(entity.statusCode).toBe(422);
    expect(entity.json().errors[0].pointer).toBe("/body/entity");
    const account = await owner("POST", S, {
      name: "X",
      entity: "tag-lab:items",
      visibility: "account",
      accountId: randomUUID(),
    });
    expect(account.statusCode).toBe(422);
    expect(account.json().errors[0].pointer).toBe("/body/accountId");
    // Nothing was saved by the refused requests.
    expect((await owner("GET", S)).json().data).toEqual([]);
  });
});

describe("alerts", () => {
  let bikes: string;
  let redBike: string;
  let draftBike: string;
  let blueCar: string;

  test("a search shared with an account: members see and subscribe, others get 404; results per caller's rules", async () => {
    const owner = call(users.owner);
    const made = await owner("POST", S, {
      name: "Published bikes",
      entity: "tag-lab:items",
      query: { filter: { title: { contains: "bike" } }, sort: "title" },
      visibility: "account",
      alert: "instant",
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ visibility: "account", accountId: accountX, alert: "instant", entity: "Item" });
    bikes = made.json().id;
    const teammate = call(users.teammate);
    expect((await teammate("GET", `${S}?scope=shared`)).json().data.map((s: { id: string }) => s.id)).toEqual([bikes]);
    expect((await teammate("GET", `${S}/${bikes}`)).json().alert).toBe("none");
    const sub = await teammate("PUT", `${S}/${bikes}/subscription`, { alert: "instant" });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(sub.json().alert).toBe("instant");
    // Only its owner changes it.
    expect((await teammate("PATCH", `${S}/${bikes}`, { name: "Mine now" })).statusCode).toBe(403);
    const outsider = call(users.outsider);
    expect((await outsider("GET", `${S}/${bikes}`)).statusCode).toBe(404);
    expect((await outsider("PUT", `${S}/${bikes}/subscription`, { alert: "instant" })).statusCode).toBe(404);
    expect((await outsider("GET", `${S}/${bikes}/results`)).statusCode).toBe(404);
    expect((await outsider("GET", `${S}?scope=shared`)).json().data).toEqual([]);

    redBike = await make(users.owner, "Red bike", true);
    draftBike = await make(users.owner, "Draft bike", false);
    blueCar = await make(users.owner, "Blue car", true);
    const mine = await owner("GET", `${S}/${bikes}/results?limit=1`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().data.map((r: { id: string }) => r.id)).toEqual([draftBike]);
    const next = await owner(
      "GET",
      `${S}/${bikes}/results?limit=1&cursor=${encodeURIComponent(mine.json().page.nextCursor)}`,
    );
    expect(next.json().data.map((r: { id: string }) => r.id)).toEqual([redBike]);
    // The teammate may not read the owner's draft: the same search shows them only the published bike.
    const theirs = await teammate("GET", `${S}/${bikes}/results`);
    expect(theirs.json().data.map((r: { id: string }) => r.id)).toEqual([redBike]);
    expect((await owner("GET", `${S}/${bikes}/results?limit=0`)).statusCode).toBe(400);
    // The entity list itself, second page, for a caller whose read rule binds a constant (published = true):
    // the count statement is only compiled when `total` is asked (its binds once broke such pages).
    const page1 = (await as(env, users.teammate)("GET", items("?sort=title&limit=1"))).json();
    const page2 = await as(env, users.teammate)(
      "GET",
      items(`?sort=title&limit=1&cursor=${encodeURIComponent(page1.page.nextCursor)}`),
    );
    expect(page2.statusCode, page2.body).toBe(200);
    expect(page2.json().data).toHaveLength(1);
  });

  test("a new match: exactly one notification per subscriber; non-matching and unreadable ones none", async () => {
    const report = await sweep();
    expect(report.swept).toBeGreaterThanOrEqual(2);
    expect((await alertsOf(users.owner)).sort()).toEqual([redBike, draftBike].sort());
    expect(await alertsOf(users.teammate)).toEqual([redBike]);
    expect(await alertsOf(users.outsider)).toEqual([]);
    // The teammate's unreadable draft is not even a delivery of theirs.
    const { rows } = await env.db.query(
      `SELECT 1 FROM "saved_search_delivery" WHERE "userId" = $1 AND "recordId" = $2`,
      [users.teammate.id, draftBike],
    );
    expect(rows).toEqual([]);
    // The in-app list shows it.
    const list = (await as(env, users.teammate)("GET", "/api/v1/user/notifications")).json().data;
    expect(list).toEqual([
      expect.objectContaining({ kind: "saved-search", title: "New match for “Published bikes”", body: "Red bike" }),
    ]);
  });

  test("sweeping again, or three sweepers at once, sends nothing twice; an update that makes a record match alerts once", async () => {
    // Incremental: with nothing written since, a sweep reads no record at all.
    expect(await sweep()).toMatchObject({ notified: 0, read: 0 });
    const greenBike = await make(users.owner, "Green bike", true);
    const renamed = await as(env, users.owner)("PATCH", items(`/${blueCar}`), { title: "Blue bike" });
    expect(renamed.statusCode).toBe(200);
    // Red bike changes but matched before: no second alert.
    await as(env, users.owner)("PATCH", items(`/${redBike}`), { title: "Red bike, repainted" });
    const reports = await Promise.all([sweep(), sweep(), sweep()]);
    expect(reports.reduce((n, r) => n + r.notified, 0)).toBe(4);
    // The three new writes, read once per subscription that was evaluated (2 subscribers).
    expect(reports.reduce((n, r) => n + r.read, 0)).toBe(6);
    expect((await alertsOf(users.owner)).sort()).toEqual([redBike, draftBike, greenBike, blueCar].sort());
    expect((await alertsOf(users.teammate)).sort()).toEqual([redBike, greenBike, blueCar].sort());
    expect((await sweep()).notified).toBe(0);
    // What a sweeper killed between a notification's commit and its delivery row's update leaves
    // behind (pending rows), and a mark moved back to before every record: still nothing twice.
    await env.db.query(`UPDATE "saved_search_delivery" SET "status" = 'pending' WHERE "savedSearchId" = $1`, [bikes]);
    await env.db.query(
      `UPDATE "saved_search_subscription" SET "markAt" = '2000-01-01', "since" = '2000-01-01' WHERE "savedSearchId" = $1`,
      [bikes],
    );
    expect((await Promise.all([sweep(), sweep()])).reduce((n, r) => n + r.notified, 0)).toBe(0);
    const { rows } = await env.db.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "notification" WHERE "kind" = 'saved-search'`,
    );
    expect(rows[0].n).toBe(7);
    const { rows: left } = await env.db.query(
      `SELECT 1 FROM "saved_search_delivery" WHERE "savedSearchId" = $1 AND "status" = 'pending'`,
      [bikes],
    );
    expect(left).toEqual([]);
  });

  test("the daily digest: one email at the SMTP server, once a day, without records unreadable at send time", async () => {
    const owner = call(users.owner);
    const made = await owner("POST", S, {
      name: "Lamps",
      entity: "tag-lab:items",
      query: { filter: { title: { contains: "lamp" } } },
      visibility: "account",
      alert: "digest",
    });
    expect(made.statusCode, made.body).toBe(201);
    const lamps = made.json().id;
    await call(users.teammate)("PUT", `${S}/${lamps}/subscription`, { alert: "digest" });
    const kept = await make(users.owner, "Desk lamp", true);
    const hidden = await make(users.owner, "Floor lamp", true);
    await make(users.owner, "Chair", true);
    await sweep();
    // Found for the teammate, then unpublished before the digest goes out.
    expect((await as(env, users.owner)("PATCH", items(`/${hidden}`), { published: false })).statusCode).toBe(200);
    const before = sink.count();
    expect(await env.app.savedSearches.alerts.runDigest()).toBe(2);
    expect(await env.app.savedSearches.alerts.runDigest()).toBe(0);
    const deadline = Date.now() + 15_000;
    while (sink.count() < before + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const mails = (await sink.mails()).slice(before);
    expect(mails).toHaveLength(2);
    const { rows: emails } = await env.db.query<{ id: string; email: string }>(
      `SELECT "id", "email" FROM "user" WHERE "id" = ANY($1::uuid[])`,
      [[users.owner.id, users.teammate.id]],
    );
    const to = (id: string) => emails.find((e) => e.id === id)!.email;
    const toOwner = mails.find((m) => m.to && JSON.stringify(m.to).includes(to(users.owner.id)))!;
    const toTeammate = mails.find((m) => m.to && JSON.stringify(m.to).includes(to(users.teammate.id)))!;
    expect(toOwner.subject).toBe("2 new matches for your saved searches on ss-a");
    expect(toOwner.text).toContain("Desk lamp");
    expect(toOwner.text).toContain("Floor lamp");
    expect(toTeammate.subject).toBe("1 new match for your saved searches on ss-a");
    expect(toTeammate.text).toContain("Desk lamp");
    expect(toTeammate.text).not.toContain("Floor lamp");
    // Nothing instant for a digest search.
    expect(await alertsOf(users.teammate)).not.toContain(kept);
    const { rows: digests } = await env.db.query(
      `SELECT 1 FROM "email_message" WHERE "templateKey" = 'saved-search-digest'`,
    );
    expect(digests).toHaveLength(2);
  });

  test("two tenants: searches, subscriptions and records never cross", async () => {
    const b = call(users.userB);
    expect((await b("GET", `${S}/${bikes}`)).statusCode).toBe(404);
    expect((await b("PUT", `${S}/${bikes}/subscription`, { alert: "instant" })).statusCode).toBe(404);
    expect((await b("GET", `${S}/${bikes}/results`)).statusCode).toBe(404);
    const mine = await b("POST", S, { name: "All my items", entity: "items", query: {} });
    expect(mine.statusCode, mine.body).toBe(201);
    await make(users.owner, "A's bike", true);
    const own = await make(users.userB, "B's bike", true);
    await sweep();
    expect(await alertsOf(users.userB)).toEqual([own]);
    expect((await b("GET", `${S}/${mine.json().id}/results`)).json().data.map((r: { id: string }) => r.id)).toEqual([
      own,
    ]);
    expect((await b("GET", S)).json().data.map((s: { name: string }) => s.name)).toEqual(["All my items"]);
  });

  test("unsubscribing and alert none stop alerts; deleting removes the search", async () => {
    const teammate = call(users.teammate);
    expect((await teammate("DELETE", `${S}/${bikes}/subscription`)).statusCode).toBe(204);
    expect((await call(users.owner)("PUT", `${S}/${bikes}/subscription`, { alert: "none" })).statusCode).toBe(200);
    const before = [(await alertsOf(users.owner)).length, (await alertsOf(users.teammate)).length];
    await make(users.owner, "Yellow bike", true);
    await sweep();
    expect([(await alertsOf(users.owner)).length, (await alertsOf(users.teammate)).length]).toEqual(before);
    expect((await call(users.owner)("DELETE", `${S}/${bikes}`)).statusCode).toBe(204);
    expect((await call(users.owner)("GET", `${S}/${bikes}`)).statusCode).toBe(404);
  });
});

describe(`a random template (${picked.raw.id as string})`, () => {
  test("a new record matching a saved search gives one notification; a search it does not match none", async () => {
    const { template, entity } = random!;
    const admin = call(users.adminR);
    const name = `${template.id}:${entity.apiName}`;
    const all = await admin("POST", S, { name: "Everything", entity: name });
    expect(all.statusCode, all.body).toBe(201);
    const none = await admin("POST", S, {
      name: "Nothing",
      entity: name,
      query: { filter: { id: { eq: randomUUID() } } },
    });
    expect(none.statusCode, none.body).toBe(201);
    const url = `/api/v1/tenant/entities/${name}`;
    let id: string | null = null;
    const foreignKeys = entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : []));
    for (let seed = 1; seed < 40 && !id; seed++) {
      const drawn = sampleCreateRecord(entity.schemas.create, seed, {
        entityName: entity.name,
        omit: [...foreignKeys, ...entity.fields.filter((f) => f.media).map((f) => f.name)],
        comparisons: entity.comparisons,
      });
      if (!drawn.ok) continue;
      const res = await as(env, users.adminR)("POST", url, drawn.record);
      if (res.statusCode === 201) id = res.json().id;
    }
    expect(id, "a sample record of the random entity").not.toBeNull();
    await sweep();
    await sweep();
    expect(await alertsOf(users.adminR)).toEqual([id]);
    const { rows } = await env.db.query<{ savedSearchId: string }>(
      `SELECT "savedSearchId" FROM "saved_search_delivery" WHERE "userId" = $1`,
      [users.adminR.id],
    );
    expect(rows.map((r) => r.savedSearchId)).toEqual([all.json().id]);
    expect((await admin("GET", `${S}/${all.json().id}/results`)).json().data.map((r: { id: string }) => r.id)).toEqual([
      id,
    ]);
  });
});

describe("the OpenAPI document", () => {
  test("every answer of the saved-search routes matches /openapi.json", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const U = "[0-9a-f-]{36}";
    const key = (url: string) =>
      url
        .split("?")[0]
        .replace(new RegExp(`^(${S}/)${U}/(results|subscription)$`), "$1{id}/$2")
        .replace(new RegExp(`^(${S}/)${U}$`), "$1{id}");
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(new Set(answers.map((a) => `${a.method} ${key(a.url)}`)).size).toBeGreaterThanOrEqual(8);
    expect(counts.mismatches).toEqual([]);
  });
});
