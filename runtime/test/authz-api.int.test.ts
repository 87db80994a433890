/**
 * The authorization API and the audit trail, on PostgreSQL and Redis: effective permissions,
 * permission checks, bulk role assignment and revocation (tenant admins only, validated as a
 * whole, audited, effective at once through cache invalidation), membership tiers, the four
 * API tiers and their guards, the audit log of every CRUD write (same statement), its API and
 * its retention.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleCreateBody } from "../../engine/src/index.ts";
import { pruneAudit } from "../src/authz/audit/audit-store.ts";
import {
  ADMIN_TOKEN,
  caller,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  mint,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type TestUser,
} from "./authz-support.ts";
import { entityIr } from "./crud-support.ts";
import { platform } from "../../generated/registry.ts";

let env: AuthzEnv;
let tenantId = "";
let admin: TestUser;
let adminCall: Call;
const SLUG = "api-club";

beforeAll(async () => {
  env = await startAuthzApp();
  tenantId = await createTenant(env.db, SLUG, ["luxury-club"]);
  admin = await createUser(env, tenantId, SLUG, { roles: [["tenant-admin", null]] });
  adminCall = caller(env, SLUG, admin);
}, 60_000);
afterAll(() => env?.close());

const lead = async (seed: number) => sampleCreateBody(await entityIr("luxury-club", "SalesLead"), seed);

describe("roles: assign, revoke, effective at once", () => {
  it("a role granted through the API works on the user's current token; revoking it stops it at once", async () => {
    const user = await createUser(env, tenantId, SLUG, {});
    const call = caller(env, SLUG, user);
    expect((await call("GET", entityUrl("luxury-club", "sales-leads"))).statusCode).toBe(403);
    // The principal is cached in Redis by now.
    expect(await env.redis.exists(`mono:authz:v1:${tenantId}:${user.id}`)).toBe(1);

    const assigned = await adminCall("POST", "/api/v1/tenant/roles/assign", {
      assignments: [{ userId: user.id, role: "sales-rep" }],
    });
    expect(assigned.json()).toEqual({ assigned: 1, unchanged: 0 });
    expect(await env.redis.exists(`mono:authz:v1:${tenantId}:${user.id}`)).toBe(0);
    expect((await call("GET", entityUrl("luxury-club", "sales-leads"))).statusCode).toBe(200);
    expect(
      (
        await adminCall("POST", "/api/v1/tenant/roles/assign", {
          assignments: [{ userId: user.id, role: "sales-rep" }],
        })
      ).json(),
    ).toEqual({ assigned: 0, unchanged: 1 });

    const revoked = await adminCall("POST", "/api/v1/tenant/roles/revoke", {
      assignments: [{ userId: user.id, role: "sales-rep" }],
    });
    expect(revoked.json()).toEqual({ revoked: 1, unchanged: 0 });
    // The database no longer grants the role, and the token issued before the revocation is
    // retired (its user's token version rose): refused at once, a refresh gets a new one.
    expect((await call("GET", entityUrl("luxury-club", "sales-leads"))).statusCode).toBe(401);
  });

  it("another process sharing the Redis drops its near-cached principal when roles change (published invalidation)", async () => {
    const { buildApp } = await import("../src/app.ts");
    const { createRuntimeRegistry } = await import("../src/registry/runtime-registry.ts");
    const { allTemplates, SECRET } = await import("./authz-support.ts");
    const second = await buildApp({
      db: env.db,
      redis: env.redis,
      registry: createRuntimeRegistry(allTemplates, platform),
      allowTenantHeader: true,
      rateLimit: false,
      identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
    });
    try {
      const user = await createUser(env, tenantId, SLUG, { roles: [["sales-rep", null]] });
      const there = (url: string) =>
        second.inject({ method: "GET", url, headers: { "x-tenant": SLUG, authorization: `Bearer ${user.token}` } });
      expect((await there(entityUrl("luxury-club", "sales-leads"))).statusCode).toBe(200);
      await adminCall("POST", "/api/v1/tenant/roles/revoke", { assignments: [{ userId: user.id, role: "sales-rep" }] });
      const started = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - started < 3_000) {
        status = (await there(entityUrl("luxury-club", "sales-leads"))).statusCode;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Within the 3 s window, i.e. before the 5 s near cache could have expired by itself.
      expect(status).toBe(403);
    } finally {
      await second.close();
    }
  });

  it("a token naming a role the cache does not know reloads the principal (e.g. after an invitation)", async () => {
    const user = await createUser(env, tenantId, SLUG, {});
    await caller(env, SLUG, user)("GET", "/api/v1/user/permissions");
    await env.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'event-manager')`, [
      tenantId,
      user.id,
    ]);
    const fresh = caller(env, SLUG, {
      token: await mint(env, tenantId, user.id, { roles: [["event-manager", null]] }),
    });
    expect((await fresh("GET", entityUrl("luxury-club", "venues"))).statusCode).toBe(200);
    expect((await fresh("GET", "/api/v1/user/permissions")).json().roles).toEqual([
      { accountId: null, role: "event-manager" },
    ]);
  });

  it("only tenant admins assign; an invalid batch is refused as a whole with a pointer per problem", async () => {
    const user = await createUser(env, tenantId, SLUG, { roles: [["concierge", null]] });
    expect(
      (
        await caller(env, SLUG, user)("POST", "/api/v1/tenant/roles/assign", {
          assignments: [{ userId: user.id, role: "tenant-admin" }],
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await caller(env, SLUG, null)("POST", "/api/v1/tenant/roles/assign", {
          assignments: [{ userId: user.id, role: "member" }],
        })
      ).statusCode,
    ).toBe(401);
    const household = await createAccount(env.db, tenantId);
    const foreignTenant = await createTenant(env.db, "api-other", ["luxury-club"]);
    const stranger = await createUser(env, foreignTenant, "api-other", {});
    const bad = await adminCall("POST", "/api/v1/tenant/roles/assign", {
      assignments: [
        { userId: user.id, role: "member" },
        { userId: user.id, role: "no-such-role" },
        { userId: user.id, role: "concierge", accountId: household },
        { userId: stranger.id, role: "member" },
        { userId: user.id, role: "super-admin" },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { pointer: "/body/assignments/1/role", message: "is not a role of this marketplace" },
      { pointer: "/body/assignments/2/accountId", message: "must be omitted for a tenant-wide role" },
      { pointer: "/body/assignments/3/userId", message: "is not a user of this marketplace" },
      { pointer: "/body/assignments/4/role", message: "is not a role of this marketplace" },
    ]);
    const { rows } = await env.db.query(
      `SELECT "role" FROM "membership" WHERE "userId" = ANY($1::uuid[]) ORDER BY "role"`,
      [[user.id, stranger.id]],
    );
    expect(rows.map((r) => r.role)).toEqual(["concierge"]);
  });

  it("a membership tier set by an admin feeds `tiers` gates at once", async () => {
    const user = await createUser(env, tenantId, SLUG, { roles: [["member", null]] });
    const call = caller(env, SLUG, user);
    expect((await call("GET", entityUrl("luxury-club", "events"))).statusCode).toBe(403);
    const set = await adminCall("PUT", `/api/v1/tenant/users/${user.id}/tier`, { tier: "diamond" });
    expect(set.json()).toEqual({ userId: user.id, tier: "diamond", previous: null });
    expect((await call("GET", entityUrl("luxury-club", "events"))).statusCode).toBe(200);
    expect((await call("GET", "/api/v1/user/me")).json().tier).toBe("diamond");
    expect((await call("PUT", `/api/v1/tenant/users/${user.id}/tier`, { tier: "black-card" })).statusCode).toBe(403);
  });
});

describe("permissions: effective and checked", () => {
  it("GET /api/v1/user/permissions lists the caller's roles, inherited roles, permission strings and per-entity reach", async () => {
    const household = await createAccount(env.db, tenantId);
    const user = await createUser(env, tenantId, SLUG, {
      roles: [
        ["sales-manager", null],
        ["member", household],
      ],
      tier: "platinum",
    });
    const body = (await caller(env, SLUG, user)("GET", "/api/v1/user/permissions")).json();
    expect(body).toMatchObject({ userId: user.id, tenantAdmin: false, tier: "platinum", emailVerified: true });
    expect(body.roles).toHaveLength(2);
    expect(body.roles).toEqual(
      expect.arrayContaining([
        { accountId: null, role: "sales-manager" },
        { accountId: household, role: "member" },
      ]),
    );
    expect(body.inheritedRoles).toEqual(["sales-rep", "user"]);
    expect(body.permissions).toContain("sales-leads:*");
    expect(body.permissions).toContain("members:read:account");
    // sales-manager re-grants what sales-rep denies: the inherited deny is gone.
    expect(body.permissions).not.toContain("!sales-leads:delete");
    expect(body.entities["luxury-club:sales-leads"]).toEqual({
      read: "all",
      create: "all",
      update: "all",
      delete: "all",
    });
    // events:read through sales-rep (a role Event.read does not name) reaches every event; a member's is governed by the rule.
    expect(body.entities["luxury-club:events"].read).toBe("all");
    const member = await createUser(env, tenantId, SLUG, { roles: [["member", household]], tier: "platinum" });
    expect(
      (await caller(env, SLUG, member)("GET", "/api/v1/user/permissions")).json().entities["luxury-club:events"].read,
    ).toBe("some");
    expect(body.entities["luxury-club:members"].delete).toBe("none");
    expect((await caller(env, SLUG, null)("GET", "/api/v1/user/permissions")).statusCode).toBe(401);
  });

  it("POST /api/v1/tenant/permissions/check answers for oneself, for others (admins only), and for one record", async () => {
    const rep = await createUser(env, tenantId, SLUG, { roles: [["sales-rep", null]] });
    const call = caller(env, SLUG, rep);
    const check = (who: Call, body: object) =>
      who("POST", "/api/v1/tenant/permissions/check", body).then((r) => ({ status: r.statusCode, body: r.json() }));
    expect((await check(call, { resource: "sales-leads", action: "read" })).body).toMatchObject({
      allowed: true,
      scope: "all",
    });
    expect((await check(call, { resource: "sales-leads", action: "delete" })).body).toMatchObject({
      allowed: false,
      scope: "none",
    });
    expect((await check(call, { resource: "commissions", action: "read" })).body).toMatchObject({
      allowed: true,
      scope: "some",
    });
    expect((await check(call, { userId: admin.id, resource: "sales-leads", action: "delete" })).status).toBe(403);
    expect((await check(adminCall, { userId: rep.id, resource: "sales-leads", action: "delete" })).body).toMatchObject({
      userId: rep.id,
      allowed: false,
    });
    // commissions:read:own: one record is the rep's, another is not.
    const stores = (await import("../src/crud/index.ts")).createEntityStores(
      env.db,
      (await import("./authz-support.ts")).allTemplates,
    );
    const team = await stores.create(
      tenantId,
      "luxury-club",
      "TeamMember",
      sampleCreateBody(await entityIr("luxury-club", "TeamMember"), 3),
    );
    const body = (seed: number) => sampleCreateBody(entityIrSync!, seed);
    const entityIrSync = await entityIr("luxury-club", "Commission");
    const mine = await stores.create(
      tenantId,
      "luxury-club",
      "Commission",
      { ...body(1), teamMemberId: team.id },
      { createdBy: rep.id },
    );
    const theirs = await stores.create(
      tenantId,
      "luxury-club",
      "Commission",
      { ...body(2), teamMemberId: team.id },
      { createdBy: admin.id },
    );
    expect((await check(call, { resource: "commissions", action: "read", recordId: mine.id })).body.allowed).toBe(true);
    expect((await check(call, { resource: "commissions", action: "read", recordId: theirs.id })).body.allowed).toBe(
      false,
    );
    // Platform resources are decided by permission strings alone.
    expect((await check(call, { resource: "audit", action: "read" })).body.allowed).toBe(false);
    expect((await check(adminCall, { resource: "audit", action: "read" })).body.allowed).toBe(true);
  });
});

describe("the four API tiers", () => {
  it("user: /api/v1/user/me; account: /api/v1/account/members (members only); tenant: admin APIs; platform: super admins or the bootstrap token", async () => {
    const household = await createAccount(env.db, tenantId, "household", "The Smiths");
    const other = await createAccount(env.db, tenantId, "household", "The Joneses");
    const owner = await createUser(env, tenantId, SLUG, {
      roles: [
        ["account-owner", household],
        ["member", household],
      ],
      tier: "diamond",
    });
    const partner = await createUser(env, tenantId, SLUG, { roles: [["member", household]] });
    const call = caller(env, SLUG, owner);

    const me = (await call("GET", "/api/v1/user/me")).json();
    expect(me).toMatchObject({
      user: { id: owner.id },
      tier: "diamond",
      tenantAdmin: false,
      activeAccountId: household,
    });
    expect(me.accounts).toEqual([
      { accountId: household, kind: "household", name: "The Smiths", roles: ["account-owner", "member"] },
    ]);

    const members = await call("GET", "/api/v1/account/members");
    expect(
      members
        .json()
        .data.map((m: { userId: string }) => m.userId)
        .sort(),
    ).toEqual([owner.id, partner.id].sort());
    expect((await call("GET", `/api/v1/account/members?accountId=${other}`)).statusCode).toBe(403);
    expect((await adminCall("GET", `/api/v1/account/members?accountId=${other}`)).statusCode).toBe(200);
    expect((await caller(env, SLUG, null)("GET", "/api/v1/account/members")).statusCode).toBe(401);

    expect((await call("GET", "/api/v1/tenant/audit")).statusCode).toBe(403);
    expect((await call("PUT", "/api/v1/tenant/extensions/venues", { properties: {} })).statusCode).toBe(403);

    const platform = (token: string) =>
      env.app.inject({ method: "GET", url: "/api/v1/platform/tenants", headers: { authorization: `Bearer ${token}` } });
    expect((await platform(ADMIN_TOKEN)).statusCode).toBe(200);
    expect((await platform(owner.token)).statusCode).toBe(401);
    expect((await platform(admin.token)).statusCode).toBe(401);
    const { rows } = await env.db.query<{ id: string }>(
      `INSERT INTO "user" ("tenantId", "email", "name", "platformRole") VALUES (NULL, 'root@api.test', 'Root', 'super-admin') RETURNING "id"`,
    );
    expect((await platform(await mint(env, null, rows[0].id, {}, true))).statusCode).toBe(200);
  });
});

describe("audit trail", () => {
  it("records every CRUD write in the same statement: actor, diff, request id, IP; refused writes leave none", async () => {
    const manager = await createUser(env, tenantId, SLUG, { roles: [["sales-manager", null]] });
    const call = caller(env, SLUG, manager);
    const created = await call("POST", entityUrl("luxury-club", "sales-leads"), await lead(41), {
      "x-request-id": "req-create-1",
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(
      (
        await call(
          "PATCH",
          entityUrl("luxury-club", "sales-leads", `/${id}`),
          { company: "Acme Yachts" },
          { "x-request-id": "req-update-1" },
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await call("DELETE", entityUrl("luxury-club", "sales-leads", `/${id}`), undefined, {
          "x-request-id": "req-delete-1",
        })
      ).statusCode,
    ).toBe(204);
    // A refused write (a rep may not delete) and a failed one (404) write no audit row.
    const rep = caller(env, SLUG, await createUser(env, tenantId, SLUG, { roles: [["sales-rep", null]] }));
    const other = (await call("POST", entityUrl("luxury-club", "sales-leads"), await lead(42))).json().id as string;
    expect((await rep("DELETE", entityUrl("luxury-club", "sales-leads", `/${other}`))).statusCode).toBe(403);

    const { rows } = await env.db.query(
      `SELECT "actorId", "entity", "action", "before", "after", "requestId", "ip" FROM "audit_log" WHERE "recordId" = $1 ORDER BY "createdAt", "action"`,
      [id],
    );
    expect(rows.map((r) => [r.action, r.requestId, r.actorId, r.entity, r.ip])).toEqual([
      ["create", "req-create-1", manager.id, "luxury-club:SalesLead", "127.0.0.1"],
      ["update", "req-update-1", manager.id, "luxury-club:SalesLead", "127.0.0.1"],
      ["delete", "req-delete-1", manager.id, "luxury-club:SalesLead", "127.0.0.1"],
    ]);
    expect(rows[0].before).toBeNull();
    expect(rows[0].after).toMatchObject({ id, tenantId });
    expect(Object.keys(rows[1].after).sort()).toEqual(
      ["company", ...(rows[1].after.updatedBy !== undefined ? ["updatedBy"] : [])].sort(),
    );
    expect(rows[1].after.company).toBe("Acme Yachts");
    expect(rows[1].before).toHaveProperty("company");
    expect(rows[2].after).toBeNull();
    expect(
      (
        await env.db.query(`SELECT count(*)::int AS n FROM "audit_log" WHERE "recordId" = $1 AND "action" = 'delete'`, [
          other,
        ])
      ).rows[0].n,
    ).toBe(0);
  });

  it("GET /api/v1/tenant/audit: tenant admins only, filtered, newest first, with cursors; permission changes are in it", async () => {
    const user = await createUser(env, tenantId, SLUG, {});
    await adminCall("POST", "/api/v1/tenant/roles/assign", {
      assignments: [{ userId: user.id, role: "event-manager" }],
    });
    const changes = await adminCall(
      "GET",
      `/api/v1/tenant/audit?filter[action]=role.assign&filter[actorId]=${admin.id}`,
    );
    expect(changes.statusCode).toBe(200);
    expect(changes.json().data[0]).toMatchObject({
      entity: "membership",
      action: "role.assign",
      actorId: admin.id,
      after: { userId: user.id, role: "event-manager" },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await adminCall(
        "GET",
        `/api/v1/tenant/audit?filter[entity]=luxury-club:SalesLead&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().data.map((r: { id: string }) => r.id));
      cursor = page.json().page.nextCursor;
    } while (cursor);
    const { rows } = await env.db.query(
      `SELECT "id" FROM "audit_log" WHERE "tenantId" = $1 AND "entity" = 'luxury-club:SalesLead' ORDER BY "createdAt" DESC, "id" DESC`,
      [tenantId],
    );
    expect(seen).toEqual(rows.map((r) => r.id));

    const bad = await adminCall("GET", "/api/v1/tenant/audit?filter[actorId]=nope&filter[secret]=1&cursor=forged");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual([
      "/query/filter/actorId",
      "/query/filter/secret",
      "/query/cursor",
    ]);
    // Another tenant's admin sees none of it.
    const otherTenant = await createTenant(env.db, "api-audit-other", ["luxury-club"]);
    const otherAdmin = caller(
      env,
      "api-audit-other",
      await createUser(env, otherTenant, "api-audit-other", { roles: [["tenant-admin", null]] }),
    );
    expect((await otherAdmin("GET", "/api/v1/tenant/audit")).json().data).toEqual([]);
  });

  it("retention: pruneAudit deletes only entries older than MONO_AUDIT_RETENTION_DAYS", async () => {
    await env.db.query(
      `INSERT INTO "audit_log" ("tenantId", "entity", "action", "createdAt")
       SELECT $1, 'retention-test', 'create', now() - make_interval(days => d) FROM unnest(ARRAY[1, 29, 31, 400]) AS d`,
      [tenantId],
    );
    const removed = await pruneAudit(env.db, 30);
    expect(removed).toBeGreaterThanOrEqual(2);
    const { rows } = await env.db.query(
      `SELECT round(extract(epoch FROM now() - "createdAt") / 86400)::int AS days FROM "audit_log" WHERE "entity" = 'retention-test' ORDER BY 1`,
    );
    expect(rows.map((r) => r.days)).toEqual([1, 29]);
    await expect(pruneAudit(env.db, 0)).rejects.toThrow(RangeError);
  });
});

describe("hostile input", () => {
  it("malformed, oversized and mistyped input to the authorization endpoints is a 4xx problem, never a 5xx", async () => {
    const tooMany = { assignments: Array.from({ length: 501 }, () => ({ userId: admin.id, role: "member" })) };
    const attempts: [string, string, unknown][] = [
      ["GET", "/api/v1/tenant/audit?limit=abc&filter[since]=yesterday&filter[recordId]=1&cursor[x]=1", undefined],
      ["GET", "/api/v1/tenant/audit?filter=plain&limit=0", undefined],
      ["GET", `/api/v1/tenant/audit?filter[entity]=${"x".repeat(5000)}`, undefined],
      ["GET", "/api/v1/account/members?accountId[]=1&accountId[]=2", undefined],
      ["GET", "/api/v1/account/members?accountId=not-a-uuid", undefined],
      ["POST", "/api/v1/tenant/roles/assign", { assignments: "all" }],
      ["POST", "/api/v1/tenant/roles/assign", tooMany],
      ["POST", "/api/v1/tenant/roles/assign", { assignments: [{ userId: "x", role: "Robert'); DROP TABLE" }] }],
      ["POST", "/api/v1/tenant/roles/revoke", [1, 2, 3]],
      ["POST", "/api/v1/tenant/permissions/check", { resource: "x".repeat(500), action: "read" }],
      ["POST", "/api/v1/tenant/permissions/check", { resource: "events", action: "read", recordId: "nope" }],
      ["POST", "/api/v1/tenant/permissions/check", { resource: "events", action: "create", recordId: admin.id }],
      ["PUT", "/api/v1/tenant/users/not-a-uuid/tier", { tier: "gold" }],
      ["PUT", `/api/v1/tenant/users/${admin.id}/tier`, { tier: 42 }],
      [
        "GET",
        entityUrl(
          "luxury-club",
          "events",
          "?filter[blackCardPerks][contains]=%00&sort=-blackCardPerks&fields=blackCardPerks,nope",
        ),
      ],
    ] as [string, string, unknown][];
    for (const [method, url, body] of attempts) {
      const response = await adminCall(method as "GET", url, body);
      expect(
        response.statusCode,
        `${method} ${url.slice(0, 80)}: ${response.body.slice(0, 200)}`,
      ).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${method} ${url.slice(0, 80)}`).toBeLessThan(500);
      expect(String(response.headers["content-type"])).toContain("application/problem+json");
    }
  });
});

describe("without Redis", () => {
  it("caches principals in process, and role changes still take effect at once", async () => {
    const local = await startAuthzApp({ redis: false });
    try {
      const id = await createTenant(local.db, "local", ["luxury-club"]);
      const localAdmin = caller(
        local,
        "local",
        await createUser(local, id, "local", { roles: [["tenant-admin", null]] }),
      );
      const user = await createUser(local, id, "local", {});
      const call = caller(local, "local", user);
      expect((await call("GET", entityUrl("luxury-club", "venues"))).statusCode).toBe(200);
      expect(
        (
          await call(
            "POST",
            entityUrl("luxury-club", "venues"),
            sampleCreateBody(await entityIr("luxury-club", "Venue"), 5),
          )
        ).statusCode,
      ).toBe(403);
      await localAdmin("POST", "/api/v1/tenant/roles/assign", {
        assignments: [{ userId: user.id, role: "event-manager" }],
      });
      const created = await call(
        "POST",
        entityUrl("luxury-club", "venues"),
        sampleCreateBody(await entityIr("luxury-club", "Venue"), 5),
      );
      expect(created.statusCode, created.body).toBe(201);
    } finally {
      await local.close();
    }
  });
});
