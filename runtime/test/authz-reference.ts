/**
 * A reference evaluator of the access rules, written for the tests from the registry and the
 * documented semantics (runtime/src/authz/README.md) — it shares no code with runtime/src/authz,
 * so the matrix test compares two independent readings of the templates.
 *
 * Three-valued: with no row (`null`) a decision is T, F or U ("depends on the row").
 */
import type { AccessRule, EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";

export type Tri = "T" | "F" | "U";
const AND = (...xs: Tri[]): Tri => (xs.includes("F") ? "F" : xs.includes("U") ? "U" : "T");
const OR = (...xs: Tri[]): Tri => (xs.includes("T") ? "T" : xs.includes("U") ? "U" : "F");
const NOT = (x: Tri): Tri => (x === "T" ? "F" : x === "F" ? "T" : "U");
const tri = (b: boolean): Tri => (b ? "T" : "F");

export interface RefPrincipal {
  userId: string | null;
  /** Super admin or tenant admin. */
  admin: boolean;
  grants: { role: string; accountId: string | null }[];
  verified: boolean;
  tier: string | null;
}

/** A stored row as the evaluator sees it: API values plus its owners. */
export interface RefRow {
  values: Record<string, unknown>;
  userId: string | null;
  accountId: string | null;
  createdBy: string | null;
}

/** For creates: the record will be the caller's, in `accountId`. */
export interface NewRecord {
  create: true;
  accountId: string | null;
}

type Target = RefRow | NewRecord | null;

interface Perm {
  resource: string;
  action: string;
  scope: string;
}

const BUILT_INS: Record<string, string> = {
  "super-admin": "platform",
  "tenant-admin": "tenant",
  moderator: "tenant",
  "account-owner": "account",
  "account-member": "account",
  user: "user",
};

export class Reference {
  private readonly roles = new Map<string, { tier: string; inherits: string[]; permissions: string[] }>();

  constructor(templates: readonly TemplateRegistry[]) {
    for (const [name, tier] of Object.entries(BUILT_INS)) this.roles.set(name, { tier, inherits: [], permissions: [] });
    for (const t of templates)
      for (const r of t.roles)
        this.roles.set(r.name, { tier: r.tier, inherits: [...r.inherits], permissions: [...r.permissions] });
  }

  ancestors(role: string, seen = new Set<string>()): Set<string> {
    if (seen.has(role)) return seen;
    seen.add(role);
    for (const parent of this.roles.get(role)?.inherits ?? []) this.ancestors(parent, seen);
    return seen;
  }

  /** Allows and denies of a role: its own plus its parents', a parent's deny lost where the role grants it again. */
  permissions(role: string): { allows: Perm[]; denies: Perm[] } {
    const node = this.roles.get(role);
    if (!node) return { allows: [], denies: [] };
    const parse = (text: string): Perm => {
      const [resource, action = "*", scope = "tenant"] = (text.startsWith("!") ? text.slice(1) : text).split(":");
      return { resource, action, scope };
    };
    const ownAllows = node.permissions.filter((p) => !p.startsWith("!")).map(parse);
    const ownDenies = node.permissions.filter((p) => p.startsWith("!")).map(parse);
    const parents = node.inherits.map((p) => this.permissions(p));
    const regranted = (d: Perm) =>
      ownAllows.some(
        (a) => (a.resource === "*" || a.resource === d.resource) && (a.action === "*" || a.action === d.action),
      );
    return {
      allows: [...ownAllows, ...parents.flatMap((p) => p.allows)],
      denies: [...ownDenies, ...parents.flatMap((p) => p.denies).filter((d) => !regranted(d))],
    };
  }

  private matches(role: string, token: string): boolean {
    return token.endsWith(":*") ? this.ancestors(role).has(token.slice(0, -2)) : role === token;
  }

  private names(rule: AccessRule, role: string): boolean {
    return rule.roles.some((t) => this.matches(role, t));
  }

  private accounts(p: RefPrincipal): string[] {
    return [...new Set(p.grants.flatMap((g) => (g.accountId ? [g.accountId] : [])))];
  }

  private owner(p: RefPrincipal, target: Target): Tri {
    if (p.userId === null) return "F";
    if (target === null) return "U";
    if ("create" in target) return "T";
    return tri(target.userId !== null ? target.userId === p.userId : target.createdBy === p.userId);
  }

  private inAccounts(entity: EntityRegistry, accounts: string[], target: Target): Tri {
    if (target === null) return "U";
    if (entity.scope !== "account") return "F";
    const account = target.accountId;
    return tri(account !== null && accounts.includes(account));
  }

  private where(where: Readonly<Record<string, unknown>> | null, p: RefPrincipal, target: Target): Tri {
    if (!where) return "T";
    if (target === null) return "U";
    if ("create" in target) throw new Error("no template has a create rule with where");
    const resolve = (v: unknown) => (v === "$user.id" ? p.userId : v === "$user.tier" ? p.tier : v);
    return tri(
      Object.entries(where).every(([field, spec]) => {
        const value = target.values[field];
        const ops =
          typeof spec === "object" && spec !== null && !Array.isArray(spec)
            ? Object.entries(spec)
            : [["eq", spec] as const];
        return ops.every(([op, raw]) => {
          const v = resolve(raw);
          switch (op) {
            case "eq":
              return value !== null && value === v;
            case "ne":
              return value !== v;
            case "in":
              return (v as unknown[]).includes(value);
            case "nin":
              return !(v as unknown[]).includes(value);
            case "has":
              return Array.isArray(value) && v !== null && value.includes(v);
            case "hasSome":
              return Array.isArray(value) && (v as unknown[]).some((x) => value.includes(x));
            default:
              throw new Error(`reference: operator ${op}`);
          }
        });
      }),
    );
  }

  private gates(rule: AccessRule, p: RefPrincipal, target: Target): Tri {
    if (rule.tiers.length && !(p.tier !== null && rule.tiers.includes(p.tier))) return "F";
    if (rule.requireVerified && !(p.userId !== null && p.verified)) return "F";
    return this.where(rule.where, p, target);
  }

  rule(rule: AccessRule, entity: EntityRegistry, p: RefPrincipal, target: Target): Tri {
    const principals = rule.public || rule.authenticated || rule.roles.length > 0 || rule.ownership.length > 0;
    if (!principals && !rule.where && !rule.tiers.length && !rule.requireVerified) return "F";
    const gate = this.gates(rule, p, target);
    if (gate === "F") return "F";
    const signed = p.userId !== null;
    // Account-tier roles count, on account-scoped entities, for the records of the accounts they are held in.
    const bound = (role: string) => entity.scope === "account" && this.roles.get(role)?.tier === "account";
    const caller =
      rule.public ||
      (signed &&
        (rule.authenticated ||
          !principals ||
          rule.roles.some((t) => p.grants.some((g) => !bound(g.role) && this.matches(g.role, t)))));
    const inRoleAccounts = rule.roles.flatMap((t) => {
      const held = p.grants.filter((g) => bound(g.role) && this.matches(g.role, t));
      return signed && held.length
        ? [
            this.inAccounts(
              entity,
              held.flatMap((g) => (g.accountId ? [g.accountId] : [])),
              target,
            ),
          ]
        : [];
    });
    // Ownership needs a signed-in caller: anonymous callers own nothing.
    const ownership = signed
      ? rule.ownership.map((o) =>
          o === "owner" ? this.owner(p, target) : this.inAccounts(entity, this.accounts(p), target),
        )
      : [];
    return AND(caller ? "T" : OR(...inRoleAccounts, ...ownership), gate);
  }

  /** May `p` do `action` to `target` (a row, a new record, or null: "any row?")? */
  entity(
    entity: EntityRegistry,
    action: "read" | "create" | "update" | "delete",
    p: RefPrincipal,
    target: Target,
  ): Tri {
    if (p.admin) return "T";
    const rule = entity.access[action];
    const covers = (x: Perm) =>
      (x.resource === "*" || x.resource === entity.apiName) && (x.action === "*" || x.action === action);
    const scoped = (x: Perm, account: string | null): Tri => {
      if (x.scope === "own") return this.owner(p, target);
      if (x.scope !== "account") return "T";
      const accounts = account ? [account] : this.accounts(p);
      if (target !== null && "create" in target)
        return tri(entity.scope === "account" && target.accountId !== null && accounts.includes(target.accountId));
      return this.inAccounts(entity, accounts, target);
    };
    const granted: Tri[] = [this.rule(rule, entity, p, target)];
    const denied: Tri[] = [];
    for (const g of p.grants) {
      const perms = this.permissions(g.role);
      for (const a of perms.allows.filter(covers))
        granted.push(
          this.names(rule, g.role) ? AND(scoped(a, g.accountId), this.gates(rule, p, target)) : scoped(a, g.accountId),
        );
      for (const d of perms.denies.filter(covers)) denied.push(scoped(d, g.accountId));
    }
    return AND(OR(...granted), NOT(OR(...denied)));
  }

  /** A field's own read/write rule (none: as the entity, i.e. T). */
  field(entity: EntityRegistry, name: string, kind: "read" | "write", p: RefPrincipal, target: Target): Tri {
    if (p.admin) return "T";
    const rule = entity.fields.find((f) => f.name === name)?.access?.[kind];
    return rule ? this.rule(rule, entity, p, target) : "T";
  }
}
