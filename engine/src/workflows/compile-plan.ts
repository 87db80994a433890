/**
 * Compiles a template workflow (the graph the studio draws, IR: nodes with `config`, edges with
 * branches) into the `WorkflowPlan` both runtime backends execute (contract/workflow-plan.ts).
 * Pure: the same workflow and template give the same plan, and `version` is a hash of it.
 *
 * `planWorkflow` also returns the diagnostics of every node's config and branches (the engine's
 * check reports them, engine/src/checks/check-workflows.ts), so what the engine accepts is
 * exactly what compiles.
 */
import type { PlanExpression } from "../contract/workflow-expression.ts";
import type {
  PlanMoment,
  PlanNode,
  PlanParty,
  PlanTransition,
  PlanTrigger,
  PlanValue,
  WorkflowPlan,
} from "../contract/workflow-plan.ts";
import { diagnostic, hasErrors, ptr, type Diagnostic, type DiagnosticCode } from "../diagnostics.ts";
import type {
  EntityIR,
  TemplateIR,
  WorkflowEdgeIR,
  WorkflowIR,
  WorkflowNodeIR,
  WorkflowNodeType,
} from "../ir/types.ts";
import { closestName } from "../validate/closest-name.ts";
import {
  allRoles,
  checkExpression,
  isUserIdField,
  resolveMoment,
  resolveParties,
  resolveSignalTarget,
  resolveUntil,
  resolveValue,
  type GrammarProblem,
  type GrammarScope,
  type PartyUse,
  type Resolved,
} from "./config-grammar.ts";

/** Node types whose step has an effect another node can undo (`compensate`). */
export const EFFECT_NODE_TYPES: ReadonlySet<WorkflowNodeType> = new Set([
  "update",
  "email",
  "webhook",
  "assign",
  "payment",
]);

/** The entity a workflow runs on: the one it names, else the one whose status field binds it. */
export function workflowEntity(template: TemplateIR, workflow: WorkflowIR): EntityIR | undefined {
  if (workflow.entity) return template.entities.find((e) => e.name === workflow.entity);
  return template.entities.find((e) => e.status?.workflow === workflow.name);
}

/** Node ids other nodes name in `compensate`: they run only to undo, never on the graph. */
export function compensationNodes(workflow: WorkflowIR): Set<string> {
  return new Set(workflow.nodes.map((n) => n.config.compensate).filter((c): c is string => typeof c === "string"));
}

/** Does a node pause the run (so a loop through it cannot spin)? */
export function isPausing(node: WorkflowNodeIR, workflow: WorkflowIR): boolean {
  switch (node.type) {
    case "wait":
    case "approval":
      return true;
    case "state":
      return workflow.edges.some((e) => e.source === node.id && e.branch !== null);
    case "subworkflow":
      return node.config.wait !== false;
    default:
      return false;
  }
}

export interface PlanResult {
  /** Null when the workflow has errors. */
  readonly plan: WorkflowPlan | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** A plan that cannot compile (the engine's checks refuse such templates first). */
export class WorkflowPlanError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(`Workflow does not compile: ${diagnostics.map((d) => `${d.pointer} ${d.code}: ${d.message}`).join("; ")}`);
    this.name = "WorkflowPlanError";
  }
}

/** The plan of a checked workflow; throws WorkflowPlanError when its config has errors. */
export function compilePlan(workflow: WorkflowIR, template: TemplateIR): WorkflowPlan {
  const result = planWorkflow(workflow, template);
  if (!result.plan) throw new WorkflowPlanError(result.diagnostics.filter((d) => d.severity === "error"));
  return result.plan;
}

/** Compiles one workflow: the plan (null on errors) and the diagnostics of its nodes and branches. */
export function planWorkflow(workflow: WorkflowIR, template: TemplateIR): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, pointer: string, message: string, hint?: string) =>
    diagnostics.push(diagnostic(code, pointer, message, hint));
  const entity = workflowEntity(template, workflow);
  const statusField = entity?.status?.workflow === workflow.name ? entity.status.field : null;
  const scope: GrammarScope = { template, entity };
  const ids = new Set(workflow.nodes.map((n) => n.id));
  // Graph problems the workflow check reports itself; no plan without a sound graph.
  const soundGraph =
    ids.size === workflow.nodes.length &&
    workflow.edges.every((e) => ids.has(e.source) && ids.has(e.target)) &&
    workflow.nodes.some((n) => n.type === "trigger");
  const compensating = compensationNodes(workflow);

  const nodes: Record<string, PlanNode> = {};
  const compensations: Record<string, string> = {};
  for (const node of workflow.nodes) {
    const compiled = compileNode(node, {
      workflow,
      template,
      scope,
      entity,
      statusField,
      compensating,
      report,
      outgoing: workflow.edges.filter((e) => e.source === node.id),
    });
    if (compiled) nodes[node.id] = compiled;
    const compensate = node.config.compensate;
    if (typeof compensate === "string") {
      const at = ptr(node.pointer, "config", "compensate");
      const target = workflow.nodes.find((n) => n.id === compensate);
      if (!target) {
        const guess = closestName(compensate, [...ids]);
        report(
          "ENG_WORKFLOW_COMPENSATE_INVALID",
          at,
          `Node "${compensate}" is not a node of this workflow.`,
          guess ? `Did you mean "${guess}"?` : undefined,
        );
      } else if (target.id === node.id) {
        report("ENG_WORKFLOW_COMPENSATE_INVALID", at, `Node "${node.id}" cannot undo itself.`);
      } else if (!EFFECT_NODE_TYPES.has(target.type)) {
        report(
          "ENG_WORKFLOW_COMPENSATE_INVALID",
          at,
          `Node "${compensate}" is a ${target.type} node; a compensation is an update, email, webhook, assign or payment node.`,
        );
      } else if (workflow.edges.some((e) => e.target === target.id)) {
        report(
          "ENG_WORKFLOW_COMPENSATE_INVALID",
          at,
          `Node "${compensate}" is also a step of the graph (an edge leads to it); a compensation runs only to undo.`,
          "Use a node of its own that no edge leads to.",
        );
      } else compensations[node.id] = compensate;
    }
  }
  const start = workflow.nodes.find((n) => n.type === "trigger");
  if (!soundGraph || !start || hasErrors(diagnostics)) return { plan: null, diagnostics };
  const unversioned = {
    name: workflow.name,
    id: workflow.id,
    entity: entity?.name ?? null,
    statusField,
    start: start.id,
    nodes,
    compensations,
  };
  const plan: WorkflowPlan = {
    name: unversioned.name,
    id: unversioned.id,
    version: planVersion(unversioned),
    entity: unversioned.entity,
    statusField,
    start: unversioned.start,
    nodes,
    compensations,
  };
  return { plan, diagnostics };
}

interface NodeContext {
  readonly workflow: WorkflowIR;
  readonly template: TemplateIR;
  readonly scope: GrammarScope;
  readonly entity: EntityIR | undefined;
  readonly statusField: string | null;
  readonly compensating: ReadonlySet<string>;
  readonly outgoing: readonly WorkflowEdgeIR[];
  readonly report: (code: DiagnosticCode, pointer: string, message: string, hint?: string) => void;
}

function compileNode(node: WorkflowNodeIR, ctx: NodeContext): PlanNode | null {
  const { report, scope, entity, template } = ctx;
  const c = node.config as Record<string, unknown>;
  const cfg = (...tokens: (string | number)[]) => ptr(node.pointer, "config", ...tokens);
  let failed = false;
  const problem = (p: GrammarProblem, ...base: (string | number)[]) => {
    failed = true;
    report(p.code, cfg(...base, ...(p.at ?? [])), p.message, p.hint);
  };
  const error = (code: DiagnosticCode, pointer: string, message: string, hint?: string) => {
    failed = true;
    report(code, pointer, message, hint);
  };
  const take = <T>(r: Resolved<T>, ...base: (string | number)[]): T | null => {
    if (r.ok) return r.value;
    problem(r.problem, ...base);
    return null;
  };
  const parties = (key: string, use: PartyUse): PlanParty[] => {
    const value = c[key];
    if (value === undefined) return [];
    const { parties: list, problems } = resolveParties(scope, value as string | string[], use);
    for (const p of problems) problem(p, key);
    return list;
  };
  const moment = (key: string): PlanMoment | null =>
    typeof c[key] === "string" ? take(resolveMoment(scope, c[key] as string), key) : null;
  const branches = analyseBranches(node, ctx, () => (failed = true));
  const id = node.id;

  switch (node.type) {
    case "trigger": {
      const trigger = compileTrigger(c, ctx, cfg, problem, error, parties);
      return failed || !trigger ? null : { id, kind: "trigger", trigger, next: branches.next ?? "" };
    }
    case "state": {
      const status = c.status as string;
      const field = ctx.statusField && entity ? entity.fields.find((f) => f.name === ctx.statusField) : undefined;
      if (!ctx.statusField)
        error(
          "ENG_WORKFLOW_STATE_UNKNOWN",
          cfg("status"),
          `The workflow owns no status field, so its state "${status}" sets nothing.`,
          entity
            ? `Bind it from ${entity.name}: "status": { "field": "…", "workflow": "${ctx.workflow.name}" }.`
            : undefined,
        );
      else if (field?.enumValues && !field.enumValues.includes(status)) {
        const guess = closestName(status, field.enumValues.map(String));
        error(
          "ENG_WORKFLOW_STATE_UNKNOWN",
          cfg("status"),
          `State ${JSON.stringify(status)} is not a value of ${entity!.name}.${field.name}.`,
          guess
            ? `Did you mean "${guess}"? Values: ${field.enumValues.join(", ")}.`
            : `Values: ${field.enumValues.join(", ")}.`,
        );
      }
      const declared = (c.transitions ?? {}) as Record<string, { actors?: string | string[]; at?: string }>;
      const transitions: PlanTransition[] = [];
      for (const edge of ctx.outgoing.filter((e) => e.branch !== null)) {
        const branch = edge.branch!;
        if (!declared[branch]) {
          error(
            "ENG_WORKFLOW_TRANSITION_INVALID",
            c.transitions ? cfg("transitions") : cfg(),
            `Edge "${edge.id}" leaves state "${id}" by transition "${branch}", but the state does not say who may take it.`,
            `Add "transitions": { "${branch}": { "actors": ["owner"] } } (a role, a relation such as "job.account", or "system").`,
          );
          continue;
        }
        const { actors: named, at: when } = declared[branch];
        if (when !== undefined) {
          // A timed transition: the runtime takes it when the moment falls; nobody else may.
          if (named !== undefined)
            error(
              "ENG_WORKFLOW_TRANSITION_INVALID",
              cfg("transitions", branch, "actors"),
              `Transition "${branch}" is timed ("at"): only the runtime takes it, so it has no actors.`,
              'Remove "actors", or make it a transition of its own.',
            );
          const at = take(resolveMoment(scope, when), "transitions", branch, "at");
          if (at) transitions.push({ name: branch, next: edge.target, actors: [{ kind: "system" }], at });
          continue;
        }
        if (named === undefined) {
          error(
            "ENG_WORKFLOW_TRANSITION_INVALID",
            cfg("transitions", branch),
            `Transition "${branch}" says neither who may take it ("actors") nor when the runtime takes it ("at").`,
            'Add "actors": ["owner"], or "at": "PT24H" / "record.endsAt".',
          );
          continue;
        }
        const { parties: actors, problems } = resolveParties(scope, named, "actor");
        for (const p of problems) problem(p, "transitions", branch, "actors");
        transitions.push({ name: branch, next: edge.target, actors });
      }
      for (const name of Object.keys(declared)) {
        if (!ctx.outgoing.some((e) => e.branch === name)) {
          const guess = closestName(
            name,
            ctx.outgoing.filter((e) => e.branch).map((e) => e.branch!),
          );
          error(
            "ENG_WORKFLOW_TRANSITION_INVALID",
            cfg("transitions", name),
            `Transition "${name}" has no edge: no edge leaves "${id}" with "branch": "${name}".`,
            guess ? `Did you mean "${guess}"?` : `Add an edge from "${id}" with "branch": "${name}".`,
          );
        }
      }
      return failed ? null : { id, kind: "state", status, next: branches.next, transitions };
    }
    case "condition": {
      const expression = take(checkExpression(scope, c.expression as string), "expression");
      return failed || !expression
        ? null
        : {
            id,
            kind: "condition",
            expression: { source: c.expression as string, ast: expression.ast },
            next: { true: branches.named.true, false: branches.named.false },
          };
    }
    case "approval": {
      const assignees = parties("assignees", "assignee");
      const due = moment("due");
      if (failed) return null;
      const next: Record<string, string> = { approved: branches.named.approved, rejected: branches.named.rejected };
      for (const optional of ["changes-requested", "timeout"])
        if (branches.named[optional]) next[optional] = branches.named[optional];
      return {
        id,
        kind: "approval",
        assignees,
        minApprovals: (c.minApprovals as number | undefined) ?? 1,
        excludeAuthor: (c.excludeAuthor as boolean | undefined) ?? false,
        due,
        next: next as { approved: string; rejected: string },
      };
    }
    case "wait": {
      const until = take(resolveUntil(scope, c.until as string), "until");
      const timeout = moment("timeout");
      if (failed || !until) return null;
      return {
        id,
        kind: "wait",
        until:
          until.kind === "condition"
            ? { kind: "condition", expression: { source: until.source, ast: until.ast } satisfies PlanExpression }
            : until,
        skipIfEmpty: (c.skipIfEmpty as boolean | undefined) ?? false,
        timeout,
        next: { done: branches.named.done, ...(branches.named.timeout ? { timeout: branches.named.timeout } : {}) },
      };
    }
    case "email": {
      const emails = template.emails.map((e) => e.name);
      const name = c.template as string;
      if (!emails.includes(name)) {
        const guess = closestName(name, emails);
        error(
          "ENG_WORKFLOW_EMAIL_UNKNOWN",
          cfg("template"),
          `Email template "${name}" does not exist.`,
          guess ? `Did you mean "${guess}"?` : "Declare it under /emails.",
        );
      }
      const to = parties("to", "recipient");
      const locale = (c.locale as string | undefined) ?? null;
      if (locale && !template.locales.includes(locale))
        error(
          "ENG_WORKFLOW_LOCALE_UNKNOWN",
          cfg("locale"),
          `Locale "${locale}" is not one of the template's locales (${template.locales.join(", ")}).`,
          closestName(locale, template.locales)
            ? `Did you mean "${closestName(locale, template.locales)}"?`
            : undefined,
        );
      return failed ? null : { id, kind: "email", template: name, to, locale, next: branches.next ?? "" };
    }
    case "update": {
      const set: Record<string, PlanValue> = {};
      for (const [name, value] of Object.entries((c.set ?? {}) as Record<string, unknown>)) {
        const at = cfg("set", name);
        const field = entity?.fields.find((f) => f.name === name);
        if (!entity) {
          error("ENG_WORKFLOW_FIELD_UNKNOWN", at, `The workflow runs on no entity, so "${name}" is no field.`);
          continue;
        }
        if (!field) {
          const guess = closestName(
            name,
            entity.fields.map((f) => f.name),
          );
          error(
            "ENG_WORKFLOW_FIELD_UNKNOWN",
            at,
            `"${name}" is not a field of ${entity.name}.`,
            guess ? `Did you mean "${guess}"?` : undefined,
          );
          continue;
        }
        if (name === entity.status?.field) {
          error(
            "ENG_WORKFLOW_FIELD_STATUS",
            at,
            `${entity.name}.${name} is the status field: only state nodes of "${entity.status.workflow}" set it.`,
            "Use a state node.",
          );
          continue;
        }
        if (field.computed) {
          error(
            "ENG_WORKFLOW_VALUE_INVALID",
            at,
            `${entity.name}.${name} is computed by the database (${field.computed}); nothing writes it.`,
          );
          continue;
        }
        const resolved = take(resolveValue(scope, entity, field, value), "set", name);
        if (resolved) set[name] = resolved;
      }
      return failed ? null : { id, kind: "update", set, next: branches.next ?? "" };
    }
    case "webhook":
      return failed
        ? null
        : {
            id,
            kind: "webhook",
            event: c.event as string,
            method: (c.method as "POST" | "PUT" | undefined) ?? "POST",
            next: branches.next ?? "",
          };
    case "assign": {
      const name = c.field as string;
      const field = entity?.fields.find((f) => f.name === name);
      if (!entity || !field) {
        const guess = entity
          ? closestName(
              name,
              entity.fields.filter(isUserIdField).map((f) => f.name),
            )
          : undefined;
        error(
          "ENG_WORKFLOW_FIELD_UNKNOWN",
          cfg("field"),
          entity
            ? `"${name}" is not a field of ${entity.name}.`
            : `The workflow runs on no entity, so "${name}" is no field.`,
          guess ? `Did you mean "${guess}"?` : undefined,
        );
      } else if (!isUserIdField(field) || field.computed || name === entity.status?.field) {
        const relation = entity.relations.find((r) => r.foreignKey === name || r.name === name);
        error(
          "ENG_WORKFLOW_ASSIGN_FIELD_INVALID",
          cfg("field"),
          `${entity.name}.${name} does not hold a user id; an assign node writes the id of a user into a uuid string field.`,
          relation
            ? `"${name}" is a relation; add a field such as "${name}UserId": { "type": "string", "format": "uuid" }.`
            : undefined,
        );
      }
      const role = c.role as string;
      const roles = allRoles(template).map((r) => r.name);
      if (!roles.includes(role)) {
        const guess = closestName(role, roles);
        error(
          "ENG_WORKFLOW_ROLE_UNKNOWN",
          cfg("role"),
          `Role "${role}" is not defined.`,
          guess ? `Did you mean "${guess}"?` : "Declare it under /roles.",
        );
      }
      return failed
        ? null
        : {
            id,
            kind: "assign",
            field: name,
            role,
            strategy: (c.strategy as "round-robin" | "least-open" | undefined) ?? "round-robin",
            notify: (c.notify as boolean | undefined) ?? false,
            next: branches.next ?? "",
          };
    }
    case "subworkflow": {
      const name = c.workflow as string;
      const names = template.workflows.map((w) => w.name);
      const target = template.workflows.find((w) => w.name === name);
      if (!target) {
        const guess = closestName(
          name,
          names.filter((n) => n !== ctx.workflow.name),
        );
        error(
          "ENG_WORKFLOW_SUBWORKFLOW_UNKNOWN",
          cfg("workflow"),
          `Workflow "${name}" does not exist.`,
          guess ? `Did you mean "${guess}"?` : "Declare it under /workflows.",
        );
      } else if (target.name === ctx.workflow.name) {
        error("ENG_WORKFLOW_SUBWORKFLOW_UNKNOWN", cfg("workflow"), `A workflow cannot run itself as a sub-workflow.`);
      } else {
        const targetEntity = workflowEntity(template, target)?.name ?? null;
        if (targetEntity !== (entity?.name ?? null))
          error(
            "ENG_WORKFLOW_SUBWORKFLOW_UNKNOWN",
            cfg("workflow"),
            `Workflow "${name}" runs on ${targetEntity ?? "no entity"}, this one on ${entity?.name ?? "no entity"}: a sub-workflow runs on the same record.`,
          );
      }
      return failed
        ? null
        : {
            id,
            kind: "subworkflow",
            workflow: name,
            wait: (c.wait as boolean | undefined) ?? true,
            next: branches.next ?? "",
          };
    }
    case "signal": {
      const event = c.event as string;
      const to = take(resolveSignalTarget(scope, c.to as string), "to");
      if (to) {
        const waiting = template.workflows.some(
          (w) =>
            workflowEntity(template, w)?.name === to.entity &&
            w.nodes.some((n) => n.type === "wait" && n.config.until === `event:${event}`),
        );
        if (!waiting)
          error(
            "ENG_WORKFLOW_SIGNAL_INVALID",
            cfg("event"),
            `No workflow on ${to.entity} waits for event "${event}", so the signal would reach no run.`,
            `Add a wait node with "until": "event:${event}" to a workflow of ${to.entity}.`,
          );
      }
      return failed || !to
        ? null
        : { id, kind: "signal", event, to, limit: (c.limit as number | undefined) ?? null, next: branches.next ?? "" };
    }
    case "payment": {
      // The record's field holding the payment's id (runtime/src/payments: a uuid).
      const name = c.payment as string;
      const field = entity?.fields.find((f) => f.name === name);
      if (!entity || !field) {
        const guess = entity
          ? closestName(
              name,
              entity.fields.filter(isUserIdField).map((f) => f.name),
            )
          : undefined;
        error(
          "ENG_WORKFLOW_PAYMENT_FIELD_INVALID",
          cfg("payment"),
          entity
            ? `"${name}" is not a field of ${entity.name}.`
            : `The workflow runs on no entity, so no record holds a payment id in "${name}".`,
          guess ? `Did you mean "${guess}"?` : undefined,
        );
      } else if (!isUserIdField(field))
        error(
          "ENG_WORKFLOW_PAYMENT_FIELD_INVALID",
          cfg("payment"),
          `${entity.name}.${name} does not hold a payment id; a payment node reads the id from a uuid string field.`,
          `Declare it as { "type": "string", "format": "uuid" }.`,
        );
      return failed
        ? null
        : {
            id,
            kind: "payment",
            action: c.action as "capture" | "release" | "refund",
            field: name,
            next: branches.next ?? "",
          };
    }
    case "end":
      return failed ? null : { id, kind: "end", outcome: (c.outcome as string | undefined) ?? id };
  }
}

const SCHEDULE_FIELDS: readonly [string, number, number][] = [
  ["minute", 0, 59],
  ["hour", 0, 23],
  ["day of month", 1, 31],
  ["month", 1, 12],
  ["day of week", 0, 7],
];

/** A 5-field cron expression (`*`, numbers, ranges `a-b`, lists `a,b`, steps `* /n`); a problem or null. */
export function cronProblem(cron: string): string | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5)
    return `A cron expression has 5 fields (minute hour day month weekday); this one has ${parts.length}.`;
  for (let i = 0; i < 5; i++) {
    const [name, min, max] = SCHEDULE_FIELDS[i];
    for (const item of parts[i].split(",")) {
      const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
      const inRange = (v: string | undefined) => v === undefined || (Number(v) >= min && Number(v) <= max);
      if (!m || !inRange(m[2]) || !inRange(m[3]) || (m[4] !== undefined && Number(m[4]) === 0))
        return `"${item}" is not a valid ${name} (${min}-${max}, *, a-b, a,b or */n).`;
    }
  }
  return null;
}

const TRIGGER_KEYS: Record<PlanTrigger["on"], readonly string[]> = {
  create: [],
  update: ["fields"],
  "status-changed": ["to"],
  manual: ["actors"],
  schedule: ["cron", "timezone"],
  webhook: ["secretSetting"],
};

function compileTrigger(
  c: Record<string, unknown>,
  ctx: NodeContext,
  cfg: (...tokens: (string | number)[]) => string,
  problem: (p: GrammarProblem, ...base: (string | number)[]) => void,
  error: (code: DiagnosticCode, pointer: string, message: string, hint?: string) => void,
  parties: (key: string, use: PartyUse) => PlanParty[],
): PlanTrigger | null {
  const on = c.on as PlanTrigger["on"];
  const { entity } = ctx;
  for (const key of Object.keys(c)) {
    if (key !== "on" && !TRIGGER_KEYS[on].includes(key)) {
      const owner = (Object.keys(TRIGGER_KEYS) as PlanTrigger["on"][]).find((k) => TRIGGER_KEYS[k].includes(key));
      error(
        "ENG_WORKFLOW_TRIGGER_INVALID",
        cfg(key),
        `"${key}" does not apply to a trigger "on": "${on}".`,
        owner ? `It belongs to "on": "${owner}".` : undefined,
      );
    }
  }
  if (on !== "schedule" && on !== "webhook" && on !== "manual" && !entity)
    error(
      "ENG_WORKFLOW_TRIGGER_INVALID",
      cfg("on"),
      `"on": "${on}" reacts to records, but the workflow runs on no entity.`,
    );
  switch (on) {
    case "create":
      return { on };
    case "update": {
      const fields = (c.fields as string[] | undefined) ?? [];
      fields.forEach((name, i) => {
        if (entity && !entity.fields.some((f) => f.name === name)) {
          const guess = closestName(
            name,
            entity.fields.map((f) => f.name),
          );
          error(
            "ENG_WORKFLOW_FIELD_UNKNOWN",
            cfg("fields", i),
            `"${name}" is not a field of ${entity.name}.`,
            guess ? `Did you mean "${guess}"?` : undefined,
          );
        }
      });
      return { on, fields };
    }
    case "status-changed": {
      const to = typeof c.to === "string" ? [c.to] : ((c.to as string[] | undefined) ?? []);
      const field = entity?.status ? entity.fields.find((f) => f.name === entity.status!.field) : undefined;
      if (entity && !field)
        error(
          "ENG_WORKFLOW_TRIGGER_INVALID",
          cfg("on"),
          `${entity.name} has no status field whose changes could start a run.`,
        );
      to.forEach((value, i) => {
        if (field?.enumValues && !field.enumValues.includes(value)) {
          const guess = closestName(value, field.enumValues.map(String));
          error(
            "ENG_WORKFLOW_STATE_UNKNOWN",
            typeof c.to === "string" ? cfg("to") : cfg("to", i),
            `${JSON.stringify(value)} is not a value of ${entity!.name}.${field.name}.`,
            guess ? `Did you mean "${guess}"?` : `Values: ${field.enumValues.join(", ")}.`,
          );
        }
      });
      return { on, to };
    }
    case "manual":
      return { on, parties: parties("actors", "actor") };
    case "schedule": {
      const cron = c.cron as string;
      const bad = cronProblem(cron);
      if (bad) error("ENG_WORKFLOW_TRIGGER_INVALID", cfg("cron"), bad, 'For example "0 9 * * 1" (Mondays at 09:00).');
      const timezone = (c.timezone as string | undefined) ?? "UTC";
      try {
        new Intl.DateTimeFormat("en", { timeZone: timezone });
      } catch {
        error(
          "ENG_WORKFLOW_TRIGGER_INVALID",
          cfg("timezone"),
          `"${timezone}" is not an IANA time zone.`,
          'For example "Europe/Berlin" or "UTC".',
        );
      }
      return { on, cron, timezone };
    }
    case "webhook":
      return { on, secretSetting: c.secretSetting as string };
  }
  void problem;
  return null;
}

interface Branches {
  /** The target of the one unlabelled edge (nodes that go on one way). */
  readonly next: string | null;
  /** Targets by branch name (`done` also takes the unlabelled edge of a wait). */
  readonly named: Record<string, string>;
}

/** The branches each node type takes: required, optional, and none other. */
function analyseBranches(node: WorkflowNodeIR, ctx: NodeContext, failed: () => void): Branches {
  const { outgoing, report } = ctx;
  const bad = (code: DiagnosticCode, pointer: string, message: string, hint?: string) => {
    failed();
    report(code, pointer, message, hint);
  };
  const named: Record<string, string> = {};
  const unlabelled = outgoing.filter((e) => e.branch === null);
  const labelled = outgoing.filter((e) => e.branch !== null);
  for (const edge of labelled) {
    if (named[edge.branch!] !== undefined)
      bad(
        "ENG_WORKFLOW_BRANCH_UNKNOWN",
        ptr(edge.pointer, "branch"),
        `Node "${node.id}" has two "${edge.branch}" edges; a branch leads to one node.`,
      );
    else named[edge.branch!] = edge.target;
  }
  const missing = (branch: string) =>
    bad(
      "ENG_WORKFLOW_MISSING_BRANCH",
      node.pointer,
      `${node.type} node "${node.id}" has no "${branch}" branch.`,
      `Add an edge from "${node.id}" with "branch": "${branch}".`,
    );
  const onlyBranches = (allowed: readonly string[], why: string) => {
    for (const edge of labelled)
      if (!allowed.includes(edge.branch!)) {
        const guess = closestName(edge.branch!, allowed);
        bad(
          "ENG_WORKFLOW_BRANCH_UNKNOWN",
          ptr(edge.pointer, "branch"),
          `A ${node.type} node never takes branch "${edge.branch}"${why}.`,
          guess
            ? `Did you mean "${guess}"?`
            : allowed.length
              ? `Branches: ${allowed.join(", ")}.`
              : "Remove the branch.",
        );
      }
  };
  const single = () => {
    onlyBranches([], ": it goes on one way");
    for (const edge of unlabelled.slice(1))
      bad(
        "ENG_WORKFLOW_BRANCH_UNKNOWN",
        edge.pointer,
        `Node "${node.id}" already goes on to "${unlabelled[0].target}"; a second edge without a branch is ambiguous.`,
        "Branch with a condition node.",
      );
    if (unlabelled.length === 0 && !ctx.compensating.has(node.id))
      bad(
        "ENG_WORKFLOW_MISSING_BRANCH",
        node.pointer,
        `${node.type} node "${node.id}" has no outgoing edge, so the run stops there without an end.`,
        `Connect it to the next node, or to an end node.`,
      );
    return unlabelled[0]?.target ?? null;
  };
  const config = node.config as Record<string, unknown>;
  switch (node.type) {
    case "end":
      for (const edge of outgoing)
        bad("ENG_WORKFLOW_BRANCH_UNKNOWN", edge.pointer, `End node "${node.id}" ends the run; nothing follows it.`);
      return { next: null, named };
    case "condition":
      for (const edge of unlabelled)
        bad(
          "ENG_WORKFLOW_BRANCH_UNKNOWN",
          edge.pointer,
          `An edge from condition "${node.id}" needs "branch": "true" or "false".`,
        );
      onlyBranches(["true", "false"], "");
      for (const b of ["true", "false"]) if (!named[b]) missing(b);
      return { next: null, named };
    case "approval": {
      const allowed = ["approved", "rejected", "changes-requested", ...(config.due ? ["timeout"] : [])];
      for (const edge of unlabelled)
        bad(
          "ENG_WORKFLOW_BRANCH_UNKNOWN",
          edge.pointer,
          `An edge from approval "${node.id}" needs a branch: approved, rejected, changes-requested or timeout.`,
        );
      onlyBranches(allowed, named.timeout && !config.due ? ': the approval has no "due"' : "");
      for (const b of ["approved", "rejected"]) if (!named[b]) missing(b);
      return { next: null, named };
    }
    case "wait": {
      const allowed = ["done", ...(config.timeout ? ["timeout"] : [])];
      onlyBranches(allowed, named.timeout && !config.timeout ? ': the wait has no "timeout"' : "");
      if (unlabelled.length && named.done)
        bad("ENG_WORKFLOW_BRANCH_UNKNOWN", unlabelled[0].pointer, `Wait "${node.id}" has a "done" edge already.`);
      for (const edge of unlabelled.slice(1))
        bad(
          "ENG_WORKFLOW_BRANCH_UNKNOWN",
          edge.pointer,
          `Wait "${node.id}" goes on one way when it ends; this edge is a second.`,
        );
      if (!named.done && unlabelled[0]) named.done = unlabelled[0].target;
      if (!named.done) missing("done");
      if (config.timeout && !named.timeout) missing("timeout");
      return { next: null, named };
    }
    case "state":
      if (labelled.length) {
        for (const edge of unlabelled)
          bad(
            "ENG_WORKFLOW_BRANCH_UNKNOWN",
            edge.pointer,
            `State "${node.id}" has transitions, so the run waits there for one; an edge without a branch is never taken.`,
            "Give the edge a branch and a transition, or move the step before the state.",
          );
        return { next: null, named };
      }
      // A state nothing follows is where the run ends (the record keeps that status).
      return { next: outgoing.length ? single() : null, named };
    default:
      return { next: single(), named };
  }
}

/** A stable hash of the plan (FNV-1a, 64 bits, over JSON with sorted keys), as 16 hex digits. */
export function planVersion(plan: unknown): string {
  const text = stableJson(plan);
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}
