/**
 * The isolation probe: 2,400 randomized (seeded, reproducible) attempts by signed-in users of
 * tenant A to reach tenant B and, inside A, other accounts: B's ids by GET/PATCH/DELETE, A's
 * tokens sent to B, references and filters naming B's records, bulk writes of foreign ids,
 * spoofed X-Account-Id, owner columns smuggled into bodies, and another account's records.
 * No response may carry a protected id, none may be a 5xx, and table checksums taken before and
 * after prove nothing protected was written. The app runs with rls: "enforce", so every request
 * also passes PostgreSQL's row-level security.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, sampleCreateBody } from "../../engine/src/index.ts";
import type { EntityRegistry } from "../../engine/src/contract/registry-types.ts";
import { createEntityStores } from "../src/crud/index.ts";
import {
  allTemplates,
  caller,
  createAccount,
  createTenant,
  createUser,
  entityUrl,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type Method,
} from "./authz-support.ts";
import { Reference, type RefPrincipal } from "./authz-reference.ts";
import { creationOrder, entityIr } from "./crud-support.ts";

const ATTEMPTS = 2_400;
const SEED = 20_240_611;

interface Rec {
  id: string;
  templateId: string;
  entity: EntityRegistry;
  tenantId: string;
  accountId: string | null;
  userId: string | null;
  createdBy: string | null;
  values: Record<string, unknown>;
}

/** The templates' own rules: inside A, what another account's user may legitimately do is not an attack. */
const reference = new Reference(allTemplates);

let env: AuthzEnv;
const records: Rec[] = [];
let tenantA = "";
let tenantB = "";
let accountA1 = "";
let accountA2 = "";
let accountB = "";
/** Ids that must never reach an attacker: all of B, and A1's account-only records (read "account"). */
const protectedIds = new Set<string>();
const attackers: { label: string; call: Call; foreign: Call; account: string | null; principal: RefPrincipal }[] = [];

async function seedTenant(tenantId: string, accounts: string[], users: string[]): Promise<void> {
  const stores = createEntityStores(env.db, allTemplates);
  for (const template of allTemplates) {
    for (const entity of creationOrder(template)) {
      const ir = await entityIr(template.id, entity.name);
      for (let i = 0; i < 3; i++) {
        const body: Record<string, unknown> = sampleCreateBody(ir, 100 * i + records.length + 7);
        for (const relation of entity.relations.filter((r) => r.foreignKey)) {
          const parents = records.filter(
            (r) => r.tenantId === tenantId && r.entity.name === relation.target && r.templateId === template.id,
          );
          if (parents.length) body[relation.foreignKey!] = parents[i % parents.length].id;
        }
        const accountId = accounts[i % accounts.length];
        try {
          const row = await stores.create(tenantId, template.id, entity.name, body, {
            accountId,
            userId: users[i % users.length],
            createdBy: users[i % users.length],
          });
          const owner = users[i % users.length];
          records.push({
            id: row.id as string,
            templateId: template.id,
            entity,
            tenantId,
            accountId: entity.scope === "account" ? accountId : null,
            userId: entity.scope === "user" ? owner : null,
            createdBy: owner,
            values: row,
          });
        } catch (error) {
          if ((error as { status?: number }).status !== 409) throw error;
        }
      }
    }
  }
}

/** Count and content hash of the protected rows of every table (B's, and A1's in account-scoped tables). */
async function checksums(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const tables = new Set(allTemplates.flatMap((t) => t.entities.map((e) => [e.table, e.scope] as const)));
  for (const [table, scope] of tables) {
    const accountClause = scope === "account" ? ` OR t."accountId" = $2` : "";
    const { rows } = await env.db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t."id")), '') AS h FROM "${table}" AS t WHERE t."tenantId" = $1${accountClause}`,
      scope === "account" ? [tenantB, accountA1] : [tenantB],
    );
    out.set(table, `${rows[0].n}:${rows[0].h}`);
  }
  for (const table of ["account", "user", "membership"]) {
    const { rows } = await env.db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t."id")), '') AS h FROM "${table}" AS t WHERE t."tenantId" = $1`,
      [tenantB],
    );
    out.set(table, `${rows[0].n}:${rows[0].h}`);
  }
  return out;
}

beforeAll(async () => {
  env = await startAuthzApp({ rls: "enforce" });
  tenantA = await createTenant(env.db, "iso-a");
  tenantB = await createTenant(env.db, "iso-b");
  accountA1 = await createAccount(env.db, tenantA, "agency", "A1");
  accountA2 = await createAccount(env.db, tenantA, "agency", "A2");
  accountB = await createAccount(env.db, tenantB, "agency", "B1");
  const specs: [string, [string, string | null][]][] = [
    ["agency-booker of A2", [["agency-booker", accountA2]]],
    ["agency-owner of A2", [["agency-owner", accountA2]]],
    ["client of A2", [["client", accountA2]]],
    ["talent", [["talent", null]]],
    ["member", [["member", accountA2]]],
    ["concierge", [["concierge", null]]],
    ["plain user", [["user", null]]],
  ];
  const victimsA1 = [await createUser(env, tenantA, "iso-a", { roles: [["agency-owner", accountA1]] })];
  const victimsB = [await createUser(env, tenantB, "iso-b", { roles: [["agency-owner", accountB]] })];
  for (const [label, roles] of specs) {
    const user = await createUser(env, tenantA, "iso-a", { roles, tier: "platinum" });
    const principal: RefPrincipal = {
      userId: user.id,
      admin: false,
      grants: roles.map(([role, accountId]) => ({ role, accountId })),
      verified: true,
      tier: "platinum",
    };
    attackers.push({
      label,
      call: caller(env, "iso-a", user),
      foreign: caller(env, "iso-b", user),
      account: roles[0][1],
      principal,
    });
  }
  await seedTenant(
    tenantA,
    [accountA1],
    victimsA1.map((u) => u.id),
  );
  await seedTenant(
    tenantB,
    [accountB],
    victimsB.map((u) => u.id),
  );
  for (const r of records) {
    const accountOnly =
      r.entity.access.read.roles.length === 0 &&
      !r.entity.access.read.public &&
      !r.entity.access.read.authenticated &&
      r.entity.scope === "account";
    if (r.tenantId === tenantB || (accountOnly && r.accountId === accountA1)) protectedIds.add(r.id);
  }
  for (const id of [tenantB, accountB, ...victimsB.map((u) => u.id)]) protectedIds.add(id);
}, 300_000);
afterAll(() => env?.close());

describe("isolation probe", () => {
  it(`${ATTEMPTS} randomized cross-tenant and cross-account attempts: no leak, no 5xx, nothing protected written`, async () => {
    const random = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const before = await checksums();
    const foreignB = records.filter((r) => r.tenantId === tenantB);
    const accountA1Records = records.filter((r) => r.tenantId === tenantA && r.accountId === accountA1);
    const kinds = new Map<string, number>();
    const failures: string[] = [];

    for (let i = 0; i < ATTEMPTS; i++) {
      const attacker = pick(attackers);
      const kind = pick([
        "foreign-id",
        "foreign-token",
        "foreign-reference",
        "foreign-filter",
        "foreign-bulk",
        "other-account",
        "spoofed-account",
        "smuggled-owner",
      ] as const);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      let method: Method = "GET";
      let url: string;
      let body: unknown;
      let headers: Record<string, string> = {};
      let call = attacker.call;
      const allowed: number[] = [];
      if (kind === "foreign-id" || kind === "other-account") {
        method = pick(["GET", "PATCH", "DELETE"] as const);
        const action = method === "GET" ? "read" : method === "PATCH" ? "update" : "delete";
        // Inside A, only what the templates do not grant this user is an attack (a talent may update any booking: declared).
        const refused = accountA1Records.filter(
          (r) => reference.entity(r.entity, action, attacker.principal, r) !== "T",
        );
        const target = kind === "foreign-id" ? pick(foreignB) : pick(refused.length ? refused : accountA1Records);
        url = entityUrl(target.templateId, target.entity.apiName, `/${target.id}`);
        body = method === "PATCH" ? {} : undefined;
        // Another account's record of a publicly readable entity may be read (200) — but never changed.
        allowed.push(401, 403, 404, ...(kind === "other-account" && method === "GET" ? [200] : []));
      } else if (kind === "foreign-token") {
        const target = pick(foreignB);
        call = attacker.foreign;
        method = pick(["GET", "PATCH", "DELETE", "POST"] as const);
        url = entityUrl(
          target.templateId,
          target.entity.apiName,
          method === "GET" || method === "POST" ? "" : `/${target.id}`,
        );
        body = method === "POST" || method === "PATCH" ? {} : undefined;
        allowed.push(401);
      } else if (kind === "foreign-reference") {
        const child = pick(
          records.filter((r) => r.tenantId === tenantA && r.entity.relations.some((rel) => rel.foreignKey)),
        );
        const relation = pick(child.entity.relations.filter((rel) => rel.foreignKey));
        const parent =
          foreignB.find((r) => r.entity.name === relation.target && r.templateId === child.templateId) ??
          pick(foreignB);
        method = pick(["POST", "PATCH"] as const);
        body = {
          ...(method === "POST" ? sampleCreateBody(await entityIr(child.templateId, child.entity.name), i) : {}),
          [relation.foreignKey!]: parent.id,
        };
        url = entityUrl(child.templateId, child.entity.apiName, method === "POST" ? "" : `/${child.id}`);
        allowed.push(400, 401, 403, 404, 409, 422);
      } else if (kind === "foreign-filter") {
        const target = pick(foreignB);
        url = entityUrl(
          target.templateId,
          target.entity.apiName,
          `?filter[id][in]=${target.id},${pick(foreignB).id}&include=${target.entity.relations
            .filter((r) => r.kind !== "many-to-many")
            .map((r) => r.name)
            .slice(0, 2)
            .join(",")}`,
        );
        allowed.push(200, 400, 401, 403);
      } else if (kind === "foreign-bulk") {
        const untouchable = accountA1Records.filter(
          (r) =>
            reference.entity(r.entity, "update", attacker.principal, r) !== "T" &&
            reference.entity(r.entity, "delete", attacker.principal, r) !== "T",
        );
        const target = pick([...foreignB, ...untouchable]);
        const others = [...foreignB, ...untouchable].filter((r) => r.entity === target.entity && r.id !== target.id);
        method = "POST";
        url = entityUrl(target.templateId, target.entity.apiName, "/bulk");
        body = { update: [{ id: target.id }], delete: others.slice(0, 2).map((r) => r.id) };
        allowed.push(200, 401, 403);
      } else if (kind === "spoofed-account") {
        const entity = pick(
          allTemplates.flatMap((t) => t.entities.filter((e) => e.scope === "account").map((e) => [t.id, e] as const)),
        );
        method = "POST";
        url = entityUrl(entity[0], entity[1].apiName);
        body = sampleCreateBody(await entityIr(entity[0], entity[1].name), i);
        // Staff act for any account of A (declared); another tenant's account is never one.
        headers = { "x-account-id": attacker.label === "concierge" ? accountB : pick([accountA1, accountB]) };
        // Staff (concierge) may name any account of A: B's account is never one (422, the owner check).
        allowed.push(400, 401, 403, 422);
      } else {
        const target = pick(records.filter((r) => r.tenantId === tenantA && r.entity.scope !== "tenant"));
        method = pick(["POST", "PATCH"] as const);
        url = entityUrl(target.templateId, target.entity.apiName, method === "POST" ? "" : `/${target.id}`);
        body = { tenantId: tenantB, accountId: accountA1, userId: pick(foreignB).id };
        allowed.push(400, 401, 403, 404);
      }
      const response = await call(method, url, body, headers);
      const what = `#${i} ${attacker.label} ${kind}: ${method} ${url} → ${response.statusCode}`;
      if (response.statusCode >= 500) failures.push(`${what} (5xx) ${response.body.slice(0, 200)}`);
      else if (!allowed.includes(response.statusCode))
        failures.push(`${what}, expected one of ${allowed.join("/")}: ${response.body.slice(0, 200)}`);
      // Ids the attacker sent come back in problem `instance`s and bulk results: echoes, not leaks.
      const sent = `${url} ${JSON.stringify(body ?? null)}`;
      const leaked = [...protectedIds].filter(
        (id) => response.body.includes(id) && !(sent.includes(id) && isEcho(response.body, id)),
      );
      if (leaked.length) failures.push(`${what} leaked ${leaked.join(", ")}`);
      if (kind === "foreign-bulk" && response.statusCode === 200) {
        const results = response.json().results as { status: number }[];
        if (results.some((r) => r.status < 300)) failures.push(`${what}: a bulk item succeeded on a protected record`);
      }
    }
    expect(failures, failures.slice(0, 30).join("\n")).toEqual([]);
    // Re-query: every protected row is exactly as before.
    expect(await checksums()).toEqual(before);
    expect([...kinds.values()].reduce((a, b) => a + b, 0)).toBe(ATTEMPTS);
    console.log(
      `isolation probe: ${ATTEMPTS} attempts (${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}), ${protectedIds.size} protected ids`,
    );
  }, 300_000);
});

/** The id appears only where a request is echoed (problem `instance`, a bulk item's `id`), never inside a record. */
function isEcho(response: string, id: string): boolean {
  const parsed = JSON.parse(response) as {
    data?: unknown;
    record?: unknown;
    results?: { record?: unknown }[];
    id?: unknown;
  };
  const records = [
    parsed.data,
    parsed.id === id ? undefined : parsed.record,
    ...(parsed.results ?? []).map((r) => r.record),
  ];
  return !JSON.stringify(records).includes(id) && !(typeof parsed.id === "string" && parsed.id === id);
}
