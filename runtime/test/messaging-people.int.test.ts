/**
 * Messaging additions against PostgreSQL (runtime/src/messaging): the people lookup by name
 * (`GET /api/v1/user/messaging/people`: the active users of the caller's tenant only, emails for
 * tenant admins only), tried with two tenants; a browser-style socket that names its tenant in
 * the query (`?tenant=<slug>`, no X-Tenant, a host that names no tenant), refused when the token
 * is another tenant's; and the message indexes the scheduled-message sweep and the search use.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  allTemplates,
  caller,
  createTenant,
  createUser,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type TestUser,
} from "./authz-support.ts";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";

let env: AuthzEnv;
let port = 0;
const users: Record<string, TestUser> = {};
let as: (u: TestUser) => Call;
const answers: { method: string; url: string; status: number; type: string; body: unknown }[] = [];
const NAMES: Record<string, string> = {
  admin: "Ada Admin",
  uma: "Uma User",
  ulf: "Ulf Underhill",
  gone: "Gina Gone",
  adminB: "Bea Admin",
  userB: "Uma Bravo",
};

beforeAll(async () => {
  env = await startAuthzApp({
    registry: [...allTemplates],
    extra: { messaging: { prefix: `mono-msg-people-${randomUUID().slice(0, 8)}`, scheduleEveryMs: 0 } },
  });
  const a = await createTenant(env.db, "people-a", []);
  const b = await createTenant(env.db, "people-b", []);
  const make = async (key: string, tenant: string, slug: string, role: string) => {
    users[key] = await createUser(env, tenant, slug, { roles: [[role, null]] });
    await env.db.query(`UPDATE "user" SET "name" = $2, "email" = $3 WHERE "id" = $1`, [
      users[key].id,
      NAMES[key],
      `${key.toLowerCase()}@${slug}.example`,
    ]);
  };
  await make("admin", a, "people-a", "tenant-admin");
  await make("uma", a, "people-a", "user");
  await make("ulf", a, "people-a", "user");
  await make("gone", a, "people-a", "user");
  await make("adminB", b, "people-b", "tenant-admin");
  await make("userB", b, "people-b", "user");
  await env.db.query(`UPDATE "user" SET "status" = 'disabled' WHERE "id" = $1`, [users.gone.id]);
  as = (u) => {
    const call = caller(env, u.slug, u);
    return async (method, url, body, headers) => {
      const res = await call(method, url, body, headers);
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
  await env.app.listen({ port: 0, host: "127.0.0.1" });
  port = (env.app.server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const people = (u: TestUser, query = "") => as(u)("GET", `/api/v1/user/messaging/people${query}`);
const namesOf = (body: { data: { name: string }[] }) => body.data.map((p) => p.name);

describe("people by name", () => {
  test("a user sees the names of their own tenant's active users, no emails but their own; never another tenant's", async () => {
    const all = await people(users.uma);
    expect(all.statusCode).toBe(200);
    expect(namesOf(all.json())).toEqual(["Ada Admin", "Ulf Underhill", "Uma User"]);
    for (const p of all.json().data) expect(p.email).toBe(p.id === users.uma.id ? "uma@people-a.example" : null);

    // `q` matches names (anywhere, any case); for a user not emails (they see none).
    expect(namesOf((await people(users.uma, "?q=UM")).json())).toEqual(["Uma User"]);
    expect(namesOf((await people(users.uma, "?q=people-a.example")).json())).toEqual([]);
    // LIKE's wildcards are plain characters.
    expect(namesOf((await people(users.uma, "?q=%25")).json())).toEqual([]);
    // Tenant B's "Uma Bravo" is never found from tenant A, nor B's users by id.
    expect(namesOf((await people(users.uma, "?q=Bravo")).json())).toEqual([]);
    const byIds = await people(users.uma, `?ids=${users.ulf.id},${users.userB.id},${users.gone.id}`);
    expect(byIds.json().data).toEqual([{ id: users.ulf.id, name: "Ulf Underhill", email: null }]);

    // And the other way round: tenant B sees its own only.
    expect(namesOf((await people(users.userB)).json())).toEqual(["Bea Admin", "Uma Bravo"]);
    expect((await people(users.userB, `?ids=${users.uma.id}`)).json().data).toEqual([]);
  });

  test("a tenant admin sees emails and finds people by email too, within the tenant", async () => {
    const all = (await people(users.admin)).json();
    expect(all.data.map((p: { email: string }) => p.email)).toEqual([
      "admin@people-a.example",
      "ulf@people-a.example",
      "uma@people-a.example",
    ]);
    expect(namesOf((await people(users.admin, "?q=ulf@")).json())).toEqual(["Ulf Underhill"]);
    expect(namesOf((await people(users.adminB, "?q=people-a")).json())).toEqual([]);
    expect(namesOf((await people(users.adminB, "?limit=1")).json())).toEqual(["Bea Admin"]);
  });

  test("bad input is a 400 problem with its pointer; signed out is 401", async () => {
    const bad = await people(users.uma, "?ids=nope");
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toContain("application/problem+json");
    expect(bad.json().errors).toEqual([
      { pointer: "/query/ids", message: "must be up to 100 user ids, comma-separated" },
    ]);
    const many = await people(users.uma, `?ids=${Array.from({ length: 101 }, () => randomUUID()).join(",")}`);
    expect(many.statusCode).toBe(400);
    for (const query of ["?limit=0", "?limit=x", "?colour=red", "?q="]) {
      const res = await people(users.uma, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
    const anonymous = await env.app.inject({
      method: "GET",
      url: "/api/v1/user/messaging/people",
      headers: { "x-tenant": "people-a" },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  test("the OpenAPI document describes every answer above", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    for (const a of answers) check(a.url.split("?")[0], a.method.toLowerCase(), a.status, a);
    expect(counts.mismatches).toEqual([]);
    expect(doc.paths["/api/v1/user/messaging/people"].get).toBeDefined();
  });
});

describe("a socket that names its tenant", () => {
  /** As a browser opens it: no X-Tenant header, an address (127.0.0.1) that names no tenant. */
  const open = (query: string, token: string) =>
    new Promise<{ frames: { type: string }[]; code: number }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/user/messaging/socket${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const frames: { type: string }[] = [];
      ws.on("message", (data) => {
        frames.push(JSON.parse(data.toString()));
        if (frames.some((f) => f.type === "ready")) ws.close(1000);
      });
      ws.on("error", () => {});
      ws.on("close", (code) => resolve({ frames, code }));
      // A refused upgrade answers with an HTTP status: no socket, no frames.
      ws.on("unexpected-response", (_req, res) => {
        resolve({ frames, code: res.statusCode ?? 0 });
        ws.terminate();
      });
    });

  test("with a token of that tenant it opens; another tenant's token, an unknown or malformed tenant is refused", async () => {
    const ok = await open("?tenant=people-a", users.uma.token);
    expect(ok.frames.map((f) => f.type)).toEqual(["ready"]);
    const resumed = await open("?tenant=people-a&after=0", users.uma.token);
    expect(resumed.frames.map((f) => f.type)).toEqual(["ready"]);

    // Tenant B's token naming tenant A: refused before the upgrade (the token's tenant decides).
    const foreign = await open("?tenant=people-a", users.userB.token);
    expect(foreign.frames).toEqual([]);
    expect(foreign.code).toBe(401);
    // And tenant A's token naming tenant B.
    const other = await open("?tenant=people-b", users.uma.token);
    expect(other.frames).toEqual([]);
    expect(other.code).toBe(401);
    const unknown = await open("?tenant=no-such-tenant", users.uma.token);
    expect(unknown.frames).toEqual([]);
    expect(unknown.code).toBe(404);
    const malformed = await open("?tenant=Not_A_Slug", users.uma.token);
    expect(malformed.frames).toEqual([]);
    expect(malformed.code).toBe(404);
    // Without a tenant, this address names none.
    const none = await open("", users.uma.token);
    expect(none.frames).toEqual([]);
    expect(none.code).toBe(404);
  });

  test("only the socket takes its tenant from the query: other routes do not", async () => {
    const res = await env.app.inject({
      method: "GET",
      url: "/api/v1/user/conversations?tenant=people-a",
      headers: { authorization: `Bearer ${users.uma.token}`, host: "127.0.0.1" },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe("RT_ERR_TENANT_NOT_FOUND");
  });
});

describe("message indexes", () => {
  /** The plan PostgreSQL picks once sequential scans are off (the tables here are tiny). */
  async function plan(sql: string, params: unknown[]): Promise<string> {
    return env.db.transaction(async (tx) => {
      await tx.query("SET LOCAL enable_seqscan = off");
      const { rows } = await tx.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  }

  test("the scheduled-message sweep reads the partial index of scheduled messages, across tenants", async () => {
    const text = await plan(
      `SELECT "tenantId", "id" FROM "message" WHERE "status" = 'scheduled' AND "sendAt" <= $1 ORDER BY "sendAt", "id" LIMIT 100`,
      [new Date().toISOString()],
    );
    expect(text).toContain("ix_message_due");
  });

  test("a search for a rare word reads the GIN index, not the tenant's messages", async () => {
    const dm = await as(users.uma)("POST", "/api/v1/user/conversations", { kind: "direct", userId: users.ulf.id });
    // Many messages of one tenant, one of them with the word searched for.
    await env.db.query(
      `INSERT INTO "message" ("tenantId", "conversationId", "authorId", "body", "text")
       SELECT $1, $2, $3, 'x', 'filler number ' || i FROM generate_series(1, 5000) AS i`,
      [users.uma.tenantId, dm.json().id, users.uma.id],
    );
    await env.db.query(
      `INSERT INTO "message" ("tenantId", "conversationId", "authorId", "body", "text") VALUES ($1, $2, $3, 'x', 'the needle')`,
      [users.uma.tenantId, dm.json().id, users.uma.id],
    );
    await env.db.query(`ANALYZE "message"`);
    const { rows } = await env.db.query<{ "QUERY PLAN": string }>(
      `EXPLAIN SELECT "id" FROM "message" m WHERE m."tenantId" = $1 AND m."status" = 'sent' AND m."deletedAt" IS NULL
         AND to_tsvector('simple', m."text") @@ websearch_to_tsquery('simple', $2)`,
      [users.uma.tenantId, "needle"],
    );
    expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("ix_message_search");
    const found = await as(users.ulf)("GET", "/api/v1/user/messages/search?q=needle");
    expect(found.json().data.map((m: { body: string }) => m.body)).toEqual(["x"]);
  });
});
