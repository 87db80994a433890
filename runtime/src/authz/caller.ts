import { ALL, NONE, type AuditContext, type CallerAccess, type Gate, type RowAction } from "../crud/model/access.ts";
import type { EntityView } from "../crud/model/types.ts";
import type { Owner } from "../crud/sql/ref-checks.ts";
import { resolveOwnership, type Cond } from "./conditions.ts";
import { accountColumn, ownerColumn } from "./cond-sql.ts";
import { heldPermissions, scopedAccounts, type HeldPermission } from "./permission-conditions.ts";
import { gateOf, type PrincipalPolicy } from "./policy.ts";
import type { Principal } from "./principal.ts";
import { ALL_ACCOUNTS, roleAccounts } from "./rule-conditions.ts";

/**
 * One request's caller: the shared policy of its shape plus its own values (ids, accounts,
 * tier) for the statements' binds. What the CRUD engine receives as `CallerAccess`.
 */
export class Caller implements CallerAccess {
  private held: { allows: HeldPermission[]; denies: HeldPermission[] } | null = null;
  private readonly values = new Map<string, unknown>();

  constructor(
    readonly principal: Principal,
    readonly policy: PrincipalPolicy,
    readonly audit: AuditContext | null,
  ) {}

  get key(): string {
    return this.policy.id;
  }

  get signedIn(): boolean {
    return this.principal.userId !== null;
  }

  rows(view: EntityView, action: RowAction): Gate {
    return this.policy.gates(view).rows[action];
  }

  updated(view: EntityView): Gate {
    return this.policy.gates(view).updated;
  }

  create(view: EntityView, owner: Owner): Gate {
    return this.forNewRecord(this.policy.entity(view.entity, "create"), view, owner);
  }

  fieldRead(view: EntityView, name: string): Gate {
    return this.policy.fieldReadGate(view, name);
  }

  fieldWrite(view: EntityView, name: string, action: "create" | "update", owner: Owner): Gate {
    if (action === "update") return this.policy.fieldUpdateGate(view, name);
    return this.forNewRecord(this.policy.field(view.entity, name, "write"), view, owner);
  }

  /** A record being created is the caller's (when the entity records owners) in the account chosen for it. */
  private forNewRecord(cond: Cond, view: EntityView, owner: Owner): Gate {
    if (cond.k === "true") return ALL;
    if (cond.k === "false") return NONE;
    const account = owner.accountId ?? null;
    const resolved = resolveOwnership(
      cond,
      () => this.signedIn && ownerColumn(view) !== null,
      (key) => account !== null && accountColumn(view) !== null && (this.value(key) as string[]).includes(account),
    );
    return gateOf(resolved, view);
  }

  value(key: string): unknown {
    if (this.values.has(key)) return this.values.get(key);
    const value = this.compute(key);
    this.values.set(key, value);
    return value;
  }

  private compute(key: string): unknown {
    const p = this.principal;
    switch (key) {
      case "uid":
        return p.userId;
      case ALL_ACCOUNTS:
        return p.accountIds;
      case "user.tier":
        return p.tier;
      case "user.accountId":
        return p.activeAccountId;
      case "audit.actor":
        return this.audit?.actorId ?? null;
      case "audit.request":
        return this.audit?.requestId ?? null;
      case "audit.ip":
        return this.audit?.ip ?? null;
    }
    if (key.startsWith("role:")) return roleAccounts(p, this.policy.graph, key.slice(5));
    const scoped = /^acc([+-]):([^:]+):([^:]+)$/.exec(key);
    if (scoped) {
      this.held ??= heldPermissions(p, this.policy.graph);
      return scopedAccounts(scoped[1] === "+" ? this.held.allows : this.held.denies, p, scoped[2], scoped[3]);
    }
    throw new Error(`unknown caller value ${key}`);
  }
}
