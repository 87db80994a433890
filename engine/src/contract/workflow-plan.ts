/**
 * A workflow as the runtime executes it: the plan the engine compiles from a template's graph
 * (engine/src/workflows/compile-plan.ts), published in the generated registry. Both backends run
 * the same plan: the PostgreSQL executor (runtime/src/workflows) and the Temporal interpreter
 * workflow (runtime/src/workflows/temporal). Plain JSON, so a running instance can keep the plan
 * it started with (versions) and a recorded Temporal history replays against it.
 *
 * Every node names the node each of its outcomes leads to (`next`); an outcome the graph does not
 * handle is absent, and the engine refuses a plan where an outcome the node can produce is
 * unhandled (`ENG_WORKFLOW_MISSING_BRANCH`).
 */

import type { PlanExpression } from "./workflow-expression.ts";

/** An ISO 8601 duration (`PT48H`, `P3D`) and its length, fixed at compile time (a day is 24 h). */
export interface PlanDuration {
  readonly iso: string;
  readonly ms: number;
}

/**
 * A path from the run's record through many-to-one relations: `["job", "account"]` is the
 * record's job's account. An empty path is the record itself.
 */
export type RelationPath = readonly string[];

/**
 * Who may act (take a transition, decide a task) or who receives something:
 * - `role`: every user holding the role in the tenant (account roles: in the record's account);
 * - `owner`: the creator of the record at the end of `path` (`[]`: the run's record);
 * - `account`: the members of the account of the record at the end of `path`;
 * - `user-field`: the user whose id is in field `field` of the record at the end of `path`;
 * - `email-field`: an address stored in field `field` (recipients only);
 * - `system`: the runtime itself (timers, automatic steps).
 */
export type PlanParty =
  | { readonly kind: "role"; readonly role: string }
  | { readonly kind: "owner"; readonly path: RelationPath }
  | { readonly kind: "account"; readonly path: RelationPath; readonly roles?: readonly string[] }
  | { readonly kind: "user-field"; readonly path: RelationPath; readonly field: string }
  | { readonly kind: "email-field"; readonly path: RelationPath; readonly field: string }
  | { readonly kind: "system" };

/** A value written by an update node. */
export type PlanValue =
  | { readonly kind: "literal"; readonly value: unknown }
  /** The time the step runs (the step's own, so a retry writes the same instant). */
  | { readonly kind: "now" }
  /** A Nunjucks-style `{{ approval.comment }}` text over the run context. */
  | { readonly kind: "template"; readonly text: string }
  /** An expression (workflow-expression.ts) over the run context. */
  | { readonly kind: "expression"; readonly expression: PlanExpression };

/** When a wait ends or a timeout fires. */
export type PlanMoment =
  | { readonly kind: "duration"; readonly duration: PlanDuration }
  /** A date or date-time field of the record at the end of `path`. */
  | { readonly kind: "field"; readonly path: RelationPath; readonly field: string };

export type PlanTrigger =
  | { readonly on: "create" }
  | { readonly on: "update"; readonly fields: readonly string[] }
  | { readonly on: "status-changed"; readonly to: readonly string[] }
  | { readonly on: "manual"; readonly parties: readonly PlanParty[] }
  | { readonly on: "schedule"; readonly cron: string; readonly timezone: string }
  /** POST /api/v1/workflows/hooks/{workflow}, signed with the tenant setting `secretSetting`. */
  | { readonly on: "webhook"; readonly secretSetting: string };

/** A transition an actor may take while the run stands in a state node (workflow-owned status). */
export interface PlanTransition {
  /** The edge's branch: the name the API takes (`POST …/transitions/{name}`). */
  readonly name: string;
  readonly next: string;
  /** Who may take it; `system` alone means only the runtime (never the API). */
  readonly actors: readonly PlanParty[];
  /**
   * A timed transition (Sharetribe's delayed transitions): the runtime takes it when this moment
   * passes while the run still stands in the state; its actors are `system` alone. A moment that
   * is empty (a date field with no value) never falls.
   */
  readonly at?: PlanMoment;
}

/**
 * The records a signal node reaches: from the run's record through the many-to-one `path`, then
 * the one-to-many `relation` of the record there (`event.registrations`: the other registrations
 * of this registration's event). `entity` is the related entity, `foreignKey` its column pointing
 * back (both resolved at compile time).
 */
export interface PlanSignalTarget {
  readonly path: RelationPath;
  readonly relation: string;
  readonly entity: string;
  readonly foreignKey: string;
}

interface NodeBase {
  readonly id: string;
}

export type PlanNode =
  | (NodeBase & { readonly kind: "trigger"; readonly trigger: PlanTrigger; readonly next: string })
  /**
   * Sets the bound status field to `status`. With `transitions`, the run then waits for an actor
   * to take one; without, it goes on to `next` at once.
   */
  | (NodeBase & {
      readonly kind: "state";
      readonly status: string;
      readonly next: string | null;
      readonly transitions: readonly PlanTransition[];
    })
  | (NodeBase & {
      readonly kind: "condition";
      readonly expression: PlanExpression;
      readonly next: { readonly true: string; readonly false: string };
    })
  /** A human task: assignees decide approve / reject / request changes, with a comment. */
  | (NodeBase & {
      readonly kind: "approval";
      readonly assignees: readonly PlanParty[];
      readonly minApprovals: number;
      /** The record's creator may not decide. */
      readonly excludeAuthor: boolean;
      readonly due: PlanMoment | null;
      readonly next: {
        readonly approved: string;
        readonly rejected: string;
        readonly "changes-requested"?: string;
        /** Taken when `due` passes undecided; without it the task only shows as overdue. */
        readonly timeout?: string;
      };
    })
  | (NodeBase & {
      readonly kind: "wait";
      readonly until:
        | PlanMoment
        | { readonly kind: "event"; readonly event: string }
        /** Re-checked whenever the record changes. */
        | { readonly kind: "condition"; readonly expression: PlanExpression };
      /** A field wait whose field is empty goes straight on. */
      readonly skipIfEmpty: boolean;
      readonly timeout: PlanMoment | null;
      readonly next: { readonly done: string; readonly timeout?: string };
    })
  | (NodeBase & {
      readonly kind: "email";
      readonly template: string;
      readonly to: readonly PlanParty[];
      /** A locale code, or null: each recipient's own, then the tenant's default. */
      readonly locale: string | null;
      readonly next: string;
    })
  | (NodeBase & {
      readonly kind: "update";
      /** The status field is written by state nodes only. */
      readonly set: { readonly [field: string]: PlanValue };
      readonly next: string;
    })
  /** POSTs the event, signed (HMAC-SHA256), to each URL the tenant subscribed to it; retried. */
  | (NodeBase & {
      readonly kind: "webhook";
      readonly event: string;
      readonly method: "POST" | "PUT";
      readonly next: string;
    })
  /** Writes a user id into `field`: a user holding `role`, picked by `strategy`. */
  | (NodeBase & {
      readonly kind: "assign";
      readonly field: string;
      readonly role: string;
      readonly strategy: "round-robin" | "least-open";
      readonly notify: boolean;
      readonly next: string;
    })
  | (NodeBase & {
      readonly kind: "subworkflow";
      readonly workflow: string;
      /** Wait for it to end before going on. */
      readonly wait: boolean;
      readonly next: string;
    })
  /**
   * Delivers `event` to the runs that wait for it (a wait node `until: event:<name>`) on the
   * records `to` reaches: the longest-waiting first, at most `limit` (null: all). The run's own
   * record is never among them. Runs that do not wait for the event at that moment get nothing.
   */
  | (NodeBase & {
      readonly kind: "signal";
      readonly event: string;
      readonly to: PlanSignalTarget;
      readonly limit: number | null;
      readonly next: string;
    })
  /**
   * Moves the escrow of the payment whose id the run's record holds in `field` (runtime/src/payments):
   * capture, release (to the payee) or refund (to the payer), once, under the payment's own key.
   */
  | (NodeBase & {
      readonly kind: "payment";
      readonly action: "capture" | "release" | "refund";
      readonly field: string;
      readonly next: string;
    })
  | (NodeBase & { readonly kind: "end"; readonly outcome: string });

/** The kinds of node a plan holds. */
export type PlanNodeKind = PlanNode["kind"];

export interface WorkflowPlan {
  readonly name: string;
  readonly id: string;
  /** A hash of the plan itself: instances keep the version they started with. */
  readonly version: string;
  readonly entity: string | null;
  /** The status field the workflow owns, or null. */
  readonly statusField: string | null;
  readonly start: string;
  readonly nodes: { readonly [id: string]: PlanNode };
  /**
   * Node id → the node that undoes its effect (an update, email or webhook node reached only this
   * way). When a step fails for good, the compensations of the completed steps run newest first.
   */
  readonly compensations: { readonly [id: string]: string };
}

/** The outcome a finished step reports; the node's `next` maps it to the following node. */
export type StepOutcome =
  | "next"
  | "true"
  | "false"
  | "approved"
  | "rejected"
  | "changes-requested"
  | "done"
  | "timeout"
  | { readonly transition: string };

/**
 * The node a step's outcome leads to, or null when the run ends there (an end node, or an outcome
 * the plan does not handle: the engine refuses such plans, so at run time it is a bug, not input).
 */
export function nextNode(node: PlanNode, outcome: StepOutcome): string | null {
  if (typeof outcome === "object") {
    if (node.kind !== "state") return null;
    return node.transitions.find((t) => t.name === outcome.transition)?.next ?? null;
  }
  switch (node.kind) {
    case "end":
      return null;
    case "state":
      return outcome === "next" ? node.next : null;
    case "condition":
      return outcome === "true" || outcome === "false" ? node.next[outcome] : null;
    case "approval":
      return outcome === "next" || outcome === "done" ? null : ((node.next as Record<string, string>)[outcome] ?? null);
    case "wait":
      return outcome === "timeout" ? (node.next.timeout ?? null) : node.next.done;
    default:
      return outcome === "next" ? node.next : null;
  }
}
