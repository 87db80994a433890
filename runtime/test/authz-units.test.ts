/**
 * Pure parts of authorization: permission strings, inheritance with deny overrides, the
 * decision formulas and their folding, rule semantics, and the bind markers of the SQL.
 */
import { describe, expect, it } from "vitest";
import type { AccessRule } from "../../engine/src/contract/registry-types.ts";
import { and, FALSE, not, or, OWNER, resolveOwnership, shapeOf, TRUE, type Cond } from "../src/authz/conditions.ts";
import { grantCond, heldPermissions } from "../src/authz/permission-conditions.ts";
import { covers, inheritPermissions, parsePermission } from "../src/authz/permissions.ts";
import { ANONYMOUS, principalShape, type Principal } from "../src/authz/principal.ts";
import { RoleGraph } from "../src/authz/role-graph.ts";
import { gatesCond, ruleCond } from "../src/authz/rule-conditions.ts";
import { Binds, bindValues } from "../src/crud/sql/binds.ts";

const rule = (r: Partial<AccessRule>): AccessRule => ({
  public: false,
  authenticated: false,
  roles: [],
  ownership: [],
  where: null,
  tiers: [],
  requireVerified: false,
  ...r,
});
const graph = new RoleGraph("test", [
  { name: "tenant-admin", tier: "tenant", inherits: [], permissions: [] },
  { name: "user", tier: "user", inherits: [], permissions: [] },
  { name: "rep", tier: "tenant", inherits: ["user"], permissions: ["leads:*", "!leads:delete", "reports:read:own"] },
  { name: "manager", tier: "tenant", inherits: ["rep"], permissions: ["leads:*"] },
  { name: "booker", tier: "account", inherits: [], permissions: ["jobs:*:account", "!profiles:delete"] },
  { name: "owner", tier: "account", inherits: ["booker"], permissions: ["profiles:*:account"] },
]);
const principal = (roles: [string, string | null][], extra: Partial<Principal> = {}): Principal => ({
  userId: "u1",
  admin: false,
  grants: roles.map(([role, accountId]) => ({ role, accountId })),
  roles: new Set(roles.map(([r]) => r)),
  accountIds: [...new Set(roles.flatMap(([, a]) => (a ? [a] : [])))],
  activeAccountId: null,
  verified: true,
  tier: null,
  ...extra,
});

describe("permission strings", () => {
  it.each([
    ["jobs:read", { resource: "jobs", action: "read", scope: "tenant", deny: false }],
    ["jobs:*:own", { resource: "jobs", action: "*", scope: "own", deny: false }],
    ["*:read", { resource: "*", action: "read", scope: "tenant", deny: false }],
    ["!members:delete", { resource: "members", action: "delete", scope: "tenant", deny: true }],
    ["*", { resource: "*", action: "*", scope: "tenant", deny: false }],
  ])("parses %s", (text, expected) => {
    expect(parsePermission(text)).toMatchObject(expected);
  });

  it.each(["jobs", "jobs:read:everywhere", "Jobs:read", "jobs:read:own:x", ":read"])("rejects %s", (text) => {
    expect(parsePermission(text)).toBeNull();
  });

  it("matches wildcards in resource and action", () => {
    expect(covers(parsePermission("*:read")!, "events", "read")).toBe(true);
    expect(covers(parsePermission("*:read")!, "events", "update")).toBe(false);
    expect(covers(parsePermission("events:*")!, "events", "delete")).toBe(true);
    expect(covers(parsePermission("events:*")!, "venues", "delete")).toBe(false);
  });

  it("a role's own grant drops the deny it inherits; its own denies stay", () => {
    const rep = inheritPermissions(["leads:*", "!leads:delete"], []);
    expect(rep.denies.map((d) => d.text)).toEqual(["!leads:delete"]);
    const manager = inheritPermissions(["leads:*"], [rep]);
    expect(manager.denies).toEqual([]);
    const narrow = inheritPermissions(["leads:read"], [rep]);
    expect(narrow.denies.map((d) => d.text)).toEqual(["!leads:delete"]);
    expect(graph.permissions("owner").denies).toEqual([]);
    expect(graph.permissions("booker").denies.map((d) => d.text)).toEqual(["!profiles:delete"]);
  });

  it("role inheritance is transitive and `isA` follows it", () => {
    expect([...graph.lineage("manager")].sort()).toEqual(["manager", "rep", "user"]);
    expect(graph.isA("manager", "user")).toBe(true);
    expect(graph.isA("rep", "manager")).toBe(false);
  });
});

describe("formulas", () => {
  it("fold constants and flatten", () => {
    const w: Cond = { k: "where", where: { status: { eq: "x" } } };
    expect(and(TRUE, w)).toBe(w);
    expect(and(w, FALSE)).toBe(FALSE);
    expect(or(FALSE, w, w)).toBe(w);
    expect(or(w, TRUE)).toBe(TRUE);
    expect(not(not(w))).toBe(w);
    expect(shapeOf(and(OWNER, or(w, { k: "account", key: "acc" })))).toBe(
      'and(owner,or(where({"status":{"eq":"x"}}),account(acc)))',
    );
  });

  it("resolve ownership for a record being created", () => {
    const c = or(and(OWNER, { k: "where", where: { a: 1 } }), { k: "account", key: "k" });
    expect(
      shapeOf(
        resolveOwnership(
          c,
          () => true,
          () => false,
        ),
      ),
    ).toBe('where({"a":1})');
    expect(
      resolveOwnership(
        c,
        () => false,
        () => true,
      ),
    ).toBe(TRUE);
  });
});

describe("rules", () => {
  const g = graph;
  it("public, authenticated, roles (exact and :*), ownership, and a rule with nothing", () => {
    expect(ruleCond(rule({ public: true }), ANONYMOUS, g)).toBe(TRUE);
    expect(ruleCond(rule({ authenticated: true }), ANONYMOUS, g)).toBe(FALSE);
    expect(ruleCond(rule({ authenticated: true }), principal([]), g)).toBe(TRUE);
    expect(ruleCond(rule({ roles: ["rep"] }), principal([["manager", null]]), g)).toBe(FALSE);
    expect(ruleCond(rule({ roles: ["rep:*"] }), principal([["manager", null]]), g)).toBe(TRUE);
    expect(ruleCond(rule({ ownership: ["owner"] }), principal([]), g)).toEqual(OWNER);
    expect(ruleCond(rule({ ownership: ["owner"] }), ANONYMOUS, g)).toBe(FALSE);
    expect(ruleCond(rule({}), principal([["rep", null]]), g)).toBe(FALSE);
  });

  it("tiers and verification gate the caller; a gate alone admits signed-in users who pass it", () => {
    const gated = rule({ tiers: ["gold"] });
    expect(ruleCond(gated, principal([], { tier: "gold" }), g)).toBe(TRUE);
    expect(ruleCond(gated, principal([], { tier: "silver" }), g)).toBe(FALSE);
    expect(ruleCond(gated, ANONYMOUS, g)).toBe(FALSE);
    expect(ruleCond(rule({ authenticated: true, requireVerified: true }), principal([], { verified: false }), g)).toBe(
      FALSE,
    );
    expect(
      gatesCond(rule({ roles: ["rep"], where: { s: 1 }, tiers: ["gold"] }), principal([], { tier: "gold" }), g, "rep"),
    ).toEqual({
      k: "where",
      where: { s: 1 },
    });
  });

  it("account-tier roles count, on account-scoped entities, in the accounts they are held in", () => {
    const p = principal([["owner", "acc-1"]]);
    expect(ruleCond(rule({ roles: ["owner"] }), p, g, false)).toBe(TRUE);
    expect(ruleCond(rule({ roles: ["owner"] }), p, g, true)).toEqual({ k: "account", key: "role:owner" });
    expect(ruleCond(rule({ roles: ["rep"] }), principal([["rep", null]]), g, true)).toBe(TRUE);
  });

  it("permissions widen (scoped), denies subtract, and a rule naming the role governs its permissions", () => {
    const rep = principal([["rep", null]]);
    const held = heldPermissions(rep, graph);
    const never = () => false;
    expect(grantCond(FALSE, held, "leads", "read", never, () => TRUE)).toBe(TRUE);
    expect(grantCond(FALSE, held, "leads", "delete", never, () => TRUE)).toBe(FALSE);
    expect(grantCond(FALSE, held, "reports", "read", never, () => TRUE)).toEqual(OWNER);
    const gate: Cond = { k: "where", where: { status: { eq: "published" } } };
    expect(
      grantCond(
        FALSE,
        held,
        "leads",
        "read",
        (role) => role === "rep",
        () => gate,
      ),
    ).toEqual(gate);
    const booker = heldPermissions(principal([["booker", "acc-1"]]), graph);
    expect(grantCond(FALSE, booker, "jobs", "update", never, () => TRUE)).toEqual({
      k: "account",
      key: "acc+:jobs:update",
    });
  });

  it("principals with the same roles, tier and verification share a shape", () => {
    expect(principalShape(principal([["rep", null]]))).toBe(
      principalShape({ ...principal([["rep", "other"]]), userId: "u2" }),
    );
    expect(principalShape(principal([["rep", null]]))).not.toBe(
      principalShape(principal([["rep", null]], { tier: "gold" })),
    );
  });
});

describe("bind markers", () => {
  it("number caller values once, constants each time, after the statement's own parameters", () => {
    const binds = new Binds();
    const text = `a = ${binds.caller("uid")} AND b = ${binds.value("x")} AND c = ${binds.caller("uid")}`;
    expect(binds.finish(text, 3)).toBe("a = $4 AND b = $5 AND c = $4");
    expect(bindValues(binds.list, (k) => (k === "uid" ? "me" : null))).toEqual(["me", "x"]);
  });
});
