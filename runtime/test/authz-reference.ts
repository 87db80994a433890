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

/** A row a condition reads: its id (none for a record not yet created), values and owners. */
interface Fact {
  id: string | null;
  values: Record<string, unknown>;
  userId: string | null;
  accountId: string | null;
  createdBy: string | null;
}

/** A stored row as the evaluator sees it: API values plus its owners. */
export interface RefRow {
  values: Record<string, unknown>;
  userId: string | null;
  accountId: string | null;
  createdBy: string | null;
}

/** For creates: the record will be the caller's, in `accountId`, with these values (absent: none known). */
export interface NewRecord {
  create: true;
  accountId: string | null;
  values?: Record<string, unknown>;
}

/** Every stored row the rules' relation paths may reach (the test's own bookkeeping). */
export interface WorldRow extends RefRow {
  id: string;
  entity: EntityRegistry;
  deleted: boolean;
}

/** How a rule is read: over the new values (`check` in place of `where`), and for a governed role. */
interface Mode {
  newValues?: boolean;
  assume?: string;
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
  private readonly templateOf = new Map<EntityRegistry, TemplateRegistry>();

  constructor(
    templates: readonly TemplateRegistry[],
    /** The rows relation paths walk (only live ones count). */
    private readonly world: () => readonly WorldRow[] = () => [],
  ) {
    for (const [name, tier] of Object.entries(BUILT_INS)) this.roles.set(name, { tier, inherits: [], permissions: [] });
    for (const t of templates) {
      for (const r of t.roles)
        this.roles.set(r.name, { tier: r.tier, inherits: [...r.inherits], permissions: [...r.permissions] });
      for (const e of t.entities) this.templateOf.set(e, t);
    }
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
    return (
      rule.roles.some((t) => this.matches(role, t)) ||
      [...(rule.any ?? []), ...(rule.all ?? []), ...(rule.not ? [rule.not] : [])].some((r) => this.names(r, role))
    );
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

  private where(
    where: Readonly<Record<string, unknown>> | null,
    entity: EntityRegistry,
    p: RefPrincipal,
    target: Target,
  ): Tri {
    if (!where) return "T";
    if (target === null || ("create" in target && !target.values)) return "U";
    const row: Fact =
      "create" in target
        ? {
            id: null,
            values: target.values ?? {},
            userId: entity.scope === "user" ? p.userId : null,
            accountId: target.accountId,
            createdBy: p.userId,
          }
        : { id: "id" in target ? (target as WorldRow).id : null, ...target };
    return tri(this.holds(where, entity, row, p));
  }

  /** A condition over one row: keys ANDed, all/any/not, paths through relations (some related row). */
  private holds(where: Readonly<Record<string, unknown>>, entity: EntityRegistry, row: Fact, p: RefPrincipal): boolean {
    return Object.entries(where).every(([key, spec]) => {
      if (key === "all") return (spec as Record<string, unknown>[]).every((c) => this.holds(c, entity, row, p));
      if (key === "any") return (spec as Record<string, unknown>[]).some((c) => this.holds(c, entity, row, p));
      if (key === "not") return !this.holds(spec as Record<string, unknown>, entity, row, p);
      const segments = key.split(".");
      let at: { entity: EntityRegistry; rows: Fact[] } = { entity, rows: [row] };
      while (segments.length && at.entity.relations.some((r) => r.name === segments[0])) {
        at = this.follow(at.entity, at.rows, segments.shift()!);
      }
      if (segments.length === 0) {
        const target = at.entity;
        if (spec === "$me")
          return at.rows.some(
            (r) => p.userId !== null && (target.scope === "user" ? r.userId : r.createdBy) === p.userId,
          );
        if (spec === "$myAccount")
          return at.rows.some((r) => r.accountId !== null && this.accounts(p).includes(r.accountId));
        throw new Error(`reference: ${key} needs $me or $myAccount`);
      }
      const field = segments.join(".");
      return at.rows.some((r) => this.test(this.valueOf(r, field), spec, p));
    });
  }

  private valueOf(row: Fact, field: string): unknown {
    if (field === "userId") return row.userId;
    if (field === "accountId") return row.accountId;
    if (field === "createdBy") return row.createdBy;
    if (field === "id") return row.id;
    return row.values[field] ?? null;
  }

  /** The live rows one relation reaches from `rows`. */
  private follow(entity: EntityRegistry, rows: Fact[], name: string): { entity: EntityRegistry; rows: Fact[] } {
    const template = this.templateOf.get(entity)!;
    const relation = entity.relations.find((r) => r.name === name)!;
    const target = template.entities.find((e) => e.name === relation.target)!;
    const live = (e: EntityRegistry) => this.world().filter((r) => r.entity === e && !r.deleted);
    const ids = rows.map((r) => r.id).filter((id): id is string => id !== null);
    switch (relation.kind) {
      case "many-to-one": {
        const keys = rows.map((r) => r.values[relation.foreignKey!]).filter((v) => v !== null && v !== undefined);
        return { entity: target, rows: live(target).filter((r) => keys.includes(r.id)) };
      }
      case "one-to-many": {
        const inverse = target.relations.find((r) => r.name === relation.inverse)!;
        return {
          entity: target,
          rows: live(target).filter((r) => ids.includes(r.values[inverse.foreignKey!] as string)),
        };
      }
      case "many-to-many": {
        const join = template.entities.find((e) => e.name === relation.through!.entity)!;
        const toSource = join.relations.find((r) => r.name === relation.through!.sourceRelation)!;
        const toTarget = join.relations.find((r) => r.name === relation.through!.targetRelation)!;
        const targets = live(join)
          .filter((j) => ids.includes(j.values[toSource.foreignKey!] as string))
          .map((j) => j.values[toTarget.foreignKey!]);
        return { entity: target, rows: live(target).filter((r) => targets.includes(r.id)) };
      }
    }
  }

  private test(value: unknown, spec: unknown, p: RefPrincipal): boolean {
    const resolve = (v: unknown) =>
      v === "$user.id" ? p.userId : v === "$user.tier" ? p.tier : v === "$user.accountIds" ? this.accounts(p) : v;
    const ops =
      typeof spec === "object" && spec !== null && !Array.isArray(spec)
        ? Object.entries(spec)
        : [[Array.isArray(spec) ? "in" : "eq", spec] as const];
    return ops.every(([op, raw]) => {
      const v = resolve(raw);
      switch (op) {
        case "eq":
          return value !== null && value === v;
        case "ne":
          return value !== v;
        case "in":
          return value !== null && (v as unknown[]).includes(value);
        case "nin":
          return !(v as unknown[]).includes(value);
        case "has":
          return Array.isArray(value) && v !== null && value.includes(v);
        case "hasSome":
          return Array.isArray(value) && (v as unknown[]).some((x) => value.includes(x));
        case "isNull":
          return raw === true ? value === null : value !== null;
        case "gte":
          return value !== null && (value as number) >= (v as number);
        case "lt":
          return value !== null && (value as number) < (v as number);
        default:
          throw new Error(`reference: operator ${op}`);
      }
    });
  }

  private gates(rule: AccessRule, entity: EntityRegistry, p: RefPrincipal, target: Target, mode: Mode): Tri {
    const where = mode.newValues ? (rule.check ?? rule.where) : rule.where;
    if (rule.tiers.length && !(p.tier !== null && rule.tiers.includes(p.tier))) return "F";
    if (rule.requireVerified && !(p.userId !== null && p.verified)) return "F";
    return this.where(where, entity, p, target);
  }

  /** A rule: its own part AND every `all` AND one of `any` AND NOT `not`. */
  rule(rule: AccessRule, entity: EntityRegistry, p: RefPrincipal, target: Target, mode: Mode = {}): Tri {
    const nested = (r: AccessRule) => this.rule(r, entity, p, target, mode);
    const composed = rule.any !== undefined || rule.all !== undefined;
    const parts = [this.own(rule, entity, p, target, mode, composed), ...(rule.all ?? []).map(nested)];
    if (rule.any) parts.push(OR(...rule.any.map(nested)));
    if (rule.not) parts.push(NOT(nested(rule.not)));
    return AND(...parts);
  }

  private own(
    rule: AccessRule,
    entity: EntityRegistry,
    p: RefPrincipal,
    target: Target,
    mode: Mode,
    composed: boolean,
  ): Tri {
    const where = mode.newValues ? (rule.check ?? rule.where) : rule.where;
    const principals = rule.public || rule.authenticated || rule.roles.length > 0 || rule.ownership.length > 0;
    if (!principals && !where && !rule.tiers.length && !rule.requireVerified) return composed ? "T" : "F";
    const gate = this.gates(rule, entity, p, target, mode);
    if (gate === "F") return "F";
    const signed = p.userId !== null;
    // Account-tier roles count, on account-scoped entities, for the records of the accounts they are held in.
    const bound = (role: string) => entity.scope === "account" && this.roles.get(role)?.tier === "account";
    const assumed = mode.assume !== undefined && rule.roles.some((t) => this.matches(mode.assume!, t));
    const caller =
      rule.public ||
      assumed ||
      (signed &&
        (rule.authenticated ||
          (!principals && !composed) ||
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
    const who = caller ? "T" : principals || !composed ? OR(...inRoleAccounts, ...ownership) : "T";
    return AND(who, gate);
  }

  /** May `p` do `action` to `target` (a row, a new record, or null: "any row?")? */
  entity(
    entity: EntityRegistry,
    verb: "read" | "create" | "update" | "delete" | "updated",
    p: RefPrincipal,
    target: Target,
  ): Tri {
    if (p.admin) return "T";
    // "updated": the update decision over the record as the update leaves it.
    const action = verb === "updated" ? "update" : verb;
    const mode: Mode = { newValues: verb === "create" || verb === "updated" };
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
    const granted: Tri[] = [this.rule(rule, entity, p, target, mode)];
    const denied: Tri[] = [];
    for (const g of p.grants) {
      const perms = this.permissions(g.role);
      for (const a of perms.allows.filter(covers))
        granted.push(
          this.names(rule, g.role)
            ? AND(scoped(a, g.accountId), this.rule(rule, entity, p, target, { ...mode, assume: g.role }))
            : scoped(a, g.accountId),
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
