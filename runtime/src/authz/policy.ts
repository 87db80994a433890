import type { EntityRegistry } from "../../../engine/src/contract/registry-types.ts";
import { ALL, NONE, type Gate, type RowAction } from "../crud/model/access.ts";
import type { EntityView } from "../crud/model/types.ts";
import { readsValues, shapeOf, TRUE, type Cond } from "./conditions.ts";
import { condSql } from "./cond-sql.ts";
import { grantCond, heldPermissions, type HeldPermission } from "./permission-conditions.ts";
import { principalShape, type Principal } from "./principal.ts";
import type { RoleGraph } from "./role-graph.ts";
import { gatesCond, namesRole, ruleCond } from "./rule-conditions.ts";

export type EntityAction = "read" | "create" | "update" | "delete";

/** Compiled gates of one view (rows per action, fields), shared by every caller of a policy. */
interface ViewGates {
  readonly rows: Record<RowAction, Gate>;
  /** The update decision over the new values. */
  readonly updated: Gate;
  readonly fieldRead: Map<string, Gate>;
  readonly fieldUpdate: Map<string, Gate>;
}

export const gateOf = (cond: Cond, view: EntityView): Gate =>
  cond.k === "true"
    ? ALL
    : cond.k === "false"
      ? NONE
      : { kind: "rows", sql: (alias, binds) => condSql(cond, view, alias, binds) };

/**
 * The decisions of every principal with one shape (same roles, tier, verification) in tenants
 * with one role graph. Decisions are formulas over the row; the caller's ids and accounts are
 * bound per request, so the SQL text — and the prepared statement — is shared.
 */
export class PrincipalPolicy {
  private readonly held: { allows: HeldPermission[]; denies: HeldPermission[] };
  private readonly entityConds = new Map<EntityRegistry, Map<string, Cond>>();
  private readonly views = new WeakMap<EntityView, ViewGates>();

  constructor(
    /** Part of every statement cache key of its callers. */
    readonly id: string,
    readonly graph: RoleGraph,
    /** Any principal of the shape: only its shape-level facts are read. */
    private readonly sample: Principal,
  ) {
    this.held = heldPermissions(sample, graph);
  }

  /**
   * Decision: admins everything; else (entity rule OR permission `apiName:action`) minus denies.
   * `create` reads the new record; `updated` is the update decision read over the record as the
   * update leaves it (the rules' `check` in place of `where`), which the new values must pass too.
   */
  entity(entity: EntityRegistry, action: EntityAction | "updated"): Cond {
    let byAction = this.entityConds.get(entity);
    if (!byAction) this.entityConds.set(entity, (byAction = new Map()));
    let cond = byAction.get(action);
    if (!cond) {
      const rule = entity.access[action === "updated" ? "update" : action];
      const mode = { newValues: action === "create" || action === "updated" };
      const accountScoped = entity.scope === "account";
      cond = this.sample.admin
        ? TRUE
        : grantCond(
            ruleCond(rule, this.sample, this.graph, accountScoped, mode),
            this.held,
            entity.apiName,
            action === "updated" ? "update" : action,
            (role) => namesRole(rule, this.graph, role),
            (role) => gatesCond(rule, this.sample, this.graph, role, mode),
          );
      byAction.set(action, cond);
    }
    return cond;
  }

  /** A field's own rule (null rule: as the entity). Field rules are not granted by permissions. */
  field(entity: EntityRegistry, name: string, kind: "read" | "write"): Cond {
    const key = `${kind}:${name}`;
    let byAction = this.entityConds.get(entity);
    if (!byAction) this.entityConds.set(entity, (byAction = new Map()));
    let cond = byAction.get(key);
    if (!cond) {
      const rule = entity.fields.find((f) => f.name === name)?.access?.[kind] ?? null;
      cond = this.sample.admin || !rule ? TRUE : ruleCond(rule, this.sample, this.graph, entity.scope === "account");
      byAction.set(key, cond);
    }
    return cond;
  }

  gates(view: EntityView): ViewGates {
    let gates = this.views.get(view);
    if (!gates) {
      gates = {
        rows: {
          read: gateOf(this.entity(view.entity, "read"), view),
          update: gateOf(this.entity(view.entity, "update"), view),
          delete: gateOf(this.entity(view.entity, "delete"), view),
        },
        updated: this.updatedGate(view),
        fieldRead: new Map(),
        fieldUpdate: new Map(),
      };
      this.views.set(view, gates);
    }
    return gates;
  }

  /**
   * The update decision over the new values. When it is the stored-row decision and reads only
   * who owns the row (`userId`, `createdBy`, `accountId`: no PATCH writes them), the new row
   * passes whenever the stored one does: no second check on the update's hot path.
   */
  private updatedGate(view: EntityView): Gate {
    const before = this.entity(view.entity, "update");
    const after = this.entity(view.entity, "updated");
    if (!readsValues(after) && shapeOf(after) === shapeOf(before)) return ALL;
    return gateOf(after, view);
  }

  fieldReadGate(view: EntityView, name: string): Gate {
    const gates = this.gates(view);
    let gate = gates.fieldRead.get(name);
    if (!gate) gates.fieldRead.set(name, (gate = gateOf(this.field(view.entity, name, "read"), view)));
    return gate;
  }

  fieldUpdateGate(view: EntityView, name: string): Gate {
    const gates = this.gates(view);
    let gate = gates.fieldUpdate.get(name);
    if (!gate) gates.fieldUpdate.set(name, (gate = gateOf(this.field(view.entity, name, "write"), view)));
    return gate;
  }
}

let serial = 0;
const policies = new WeakMap<RoleGraph, Map<string, PrincipalPolicy>>();

/** The policy of a principal's shape in a role graph (built once, then shared). */
export function policyFor(graph: RoleGraph, principal: Principal): PrincipalPolicy {
  let byShape = policies.get(graph);
  if (!byShape) policies.set(graph, (byShape = new Map()));
  const shape = principalShape(principal);
  let policy = byShape.get(shape);
  if (!policy) {
    // Bounded: a flood of distinct role sets costs recompilation, never memory.
    if (byShape.size >= 5000) byShape.clear();
    byShape.set(shape, (policy = new PrincipalPolicy(`p${++serial}`, graph, principal)));
  }
  return policy;
}
