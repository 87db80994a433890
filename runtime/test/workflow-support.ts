/**
 * Shared by the workflow tests: a template of the tests' own (a help desk's tickets, nothing
 * shipped), plans written by hand (typed WorkflowPlan, as the engine's compiler will emit them)
 * and a lookup over them, so the runtime is tested without the compiler.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Expr } from "../../engine/src/contract/workflow-expression.ts";
import type { PlanNode, PlanParty, WorkflowPlan } from "../../engine/src/contract/workflow-plan.ts";
import { parseExpression } from "../../engine/src/workflows/parse-expression.ts";
import type { PlanLookup } from "../src/workflows/workflow-executor.ts";

export const TEMPLATE_ID = "wf-desk";
const label = (en: string) => ({ en });

export const RAW_TEMPLATE = {
  id: TEMPLATE_ID,
  version: "1.0.0",
  title: label("Workflow desk"),
  locales: ["en"],
  roles: {
    agent: { label: label("Agent"), tier: "tenant", inherits: ["user"], permissions: ["tickets:*"] },
    reviewer: { label: label("Reviewer"), tier: "tenant", inherits: ["user"], permissions: ["tickets:*"] },
  },
  entities: {
    Ticket: {
      id: "ent_ticket",
      label: label("Ticket"),
      scope: "tenant",
      status: { field: "status", workflow: "ticket-flow" },
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_ticket_title", type: "string", maxLength: 200 },
          status: {
            "x-id": "fld_ticket_status",
            type: "string",
            enum: ["new", "review", "approved", "rejected", "closed"],
            default: "new",
          },
          counter: { "x-id": "fld_ticket_counter", type: "integer", default: 0 },
          note: { "x-id": "fld_ticket_note", type: "string", maxLength: 2000 },
          assigneeId: { "x-id": "fld_ticket_assignee", type: "string", format: "uuid" },
          stamp: { "x-id": "fld_ticket_stamp", type: "string", format: "date-time" },
          remindAt: { "x-id": "fld_ticket_remind", type: "string", format: "date-time" },
        },
      },
    },
  },
  workflows: {
    "ticket-flow": {
      id: "wf_ticket_flow",
      label: label("Ticket flow"),
      entity: "Ticket",
      nodes: [
        { id: "start", type: "trigger", label: label("Created"), config: { on: "create" }, position: { x: 0, y: 0 } },
        { id: "s_new", type: "state", label: label("New"), config: { status: "new" }, position: { x: 200, y: 0 } },
        { id: "done", type: "end", label: label("Done"), position: { x: 400, y: 0 } },
      ],
      edges: [
        { id: "e1", source: "start", target: "s_new" },
        { id: "e2", source: "s_new", target: "done" },
      ],
    },
    nightly: {
      id: "wf_nightly",
      label: label("Every minute"),
      nodes: [
        {
          id: "start",
          type: "trigger",
          label: label("Every minute"),
          config: { on: "schedule", cron: "* * * * *" },
          position: { x: 0, y: 0 },
        },
        { id: "done", type: "end", label: label("Done"), position: { x: 200, y: 0 } },
      ],
      edges: [{ id: "e1", source: "start", target: "done" }],
    },
    "on-retitle": {
      id: "wf_on_retitle",
      label: label("On retitle"),
      entity: "Ticket",
      nodes: [
        { id: "start", type: "trigger", label: label("Updated"), config: { on: "update" }, position: { x: 0, y: 0 } },
        { id: "done", type: "end", label: label("Done"), position: { x: 200, y: 0 } },
      ],
      edges: [{ id: "e1", source: "start", target: "done" }],
    },
  },
  emails: {
    "ticket-mail": {
      subject: { en: "Ticket {{ title }}" },
      mjml: {
        en: "<mjml><mj-body><mj-section><mj-column><mj-text>{{ title }}</mj-text></mj-column></mj-section></mj-body></mjml>",
      },
      variables: ["title"],
    },
  },
};

const expr = (source: string): { source: string; ast: Expr } => ({ source, ast: parseExpression(source) });
const ms = (n: number) => ({ iso: `PT${n / 1000}S`, ms: n });
const owner: PlanParty = { kind: "owner", path: [] };
const role = (name: string): PlanParty => ({ kind: "role", role: name });

function plan(name: string, nodes: PlanNode[], extra: Partial<WorkflowPlan> = {}): WorkflowPlan {
  return {
    name,
    id: `wf_${name}`,
    version: `v1-${name}`,
    entity: "Ticket",
    statusField: null,
    start: nodes[0].id,
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    compensations: {},
    ...extra,
  };
}
const manual = (next: string): PlanNode => ({
  id: "start",
  kind: "trigger",
  trigger: { on: "manual", parties: [role("agent")] },
  next,
});
const end: PlanNode = { id: "end", kind: "end", outcome: "done" };
const note = (id: string, text: string, next = "end"): PlanNode => ({
  id,
  kind: "update",
  set: { note: { kind: "literal", value: text } },
  next,
});

/** A reviewer's approval due after `dueMs`, with a timeout branch that notes "late". */
function approvalDue(name: string, dueMs: number): WorkflowPlan {
  return plan(name, [
    manual("ap"),
    {
      id: "ap",
      kind: "approval",
      assignees: [role("reviewer")],
      minApprovals: 1,
      excludeAuthor: false,
      due: { kind: "duration", duration: ms(dueMs) },
      next: { approved: "end", rejected: "end", timeout: "late" },
    },
    note("late", "late"),
    end,
  ]);
}

export const PLANS: Record<string, WorkflowPlan> = {
  // The status-owning workflow: actors move the ticket; reviewers approve (two of them, never its author).
  "ticket-flow": plan(
    "ticket-flow",
    [
      { id: "start", kind: "trigger", trigger: { on: "create" }, next: "s_new" },
      {
        id: "s_new",
        kind: "state",
        status: "new",
        next: null,
        transitions: [{ name: "submit", next: "s_review", actors: [owner] }],
      },
      { id: "s_review", kind: "state", status: "review", next: "approve", transitions: [] },
      {
        id: "approve",
        kind: "approval",
        assignees: [role("reviewer")],
        minApprovals: 2,
        excludeAuthor: true,
        due: null,
        next: { approved: "s_approved", rejected: "s_rejected", "changes-requested": "back" },
      },
      {
        id: "back",
        kind: "update",
        set: { note: { kind: "template", text: "changes: {{ approval.comment }}" } },
        next: "s_new",
      },
      {
        id: "s_approved",
        kind: "state",
        status: "approved",
        next: null,
        transitions: [{ name: "close", next: "s_closed", actors: [role("agent")] }],
      },
      { id: "s_closed", kind: "state", status: "closed", next: "end", transitions: [] },
      { id: "s_rejected", kind: "state", status: "rejected", next: "end", transitions: [] },
      end,
    ],
    { statusField: "status" },
  ),
  "on-retitle": plan("on-retitle", [
    { id: "start", kind: "trigger", trigger: { on: "update", fields: ["title"] }, next: "mark" },
    note("mark", "retitled"),
    end,
  ]),
  // Every automatic node kind in a row: condition, update, email, wait 0, webhook, assign, end.
  steps: plan("steps", [
    manual("check"),
    {
      id: "check",
      kind: "condition",
      expression: expr("record.counter >= 0 && record.title != ''"),
      next: { true: "bump", false: "end" },
    },
    {
      id: "bump",
      kind: "update",
      set: { counter: { kind: "expression", expression: expr("record.counter + 1") }, stamp: { kind: "now" } },
      next: "mail",
    },
    { id: "mail", kind: "email", template: "ticket-mail", to: [owner], locale: null, next: "pause" },
    {
      id: "pause",
      kind: "wait",
      until: { kind: "duration", duration: ms(0) },
      skipIfEmpty: false,
      timeout: null,
      next: { done: "hook" },
    },
    { id: "hook", kind: "webhook", event: "ticket.bumped", method: "POST", next: "assign" },
    {
      id: "assign",
      kind: "assign",
      field: "assigneeId",
      role: "reviewer",
      strategy: "round-robin",
      notify: false,
      next: "end",
    },
    end,
  ]),
  least: plan("least", [
    manual("assign"),
    {
      id: "assign",
      kind: "assign",
      field: "assigneeId",
      role: "reviewer",
      strategy: "least-open",
      notify: false,
      next: "hold",
    },
    {
      id: "hold",
      kind: "wait",
      until: { kind: "event", event: "never" },
      skipIfEmpty: false,
      timeout: null,
      next: { done: "end" },
    },
    end,
  ]),
  "wait-event": plan("wait-event", [
    manual("w"),
    {
      id: "w",
      kind: "wait",
      until: { kind: "event", event: "paid" },
      skipIfEmpty: false,
      timeout: { kind: "duration", duration: ms(600_000) },
      next: { done: "paid", timeout: "late" },
    },
    { id: "paid", kind: "update", set: { note: { kind: "template", text: "paid {{ event.amount }}" } }, next: "end" },
    note("late", "timed out"),
    end,
  ]),
  "wait-timeout": plan("wait-timeout", [
    manual("w"),
    {
      id: "w",
      kind: "wait",
      until: { kind: "event", event: "paid" },
      skipIfEmpty: false,
      timeout: { kind: "duration", duration: ms(300) },
      next: { done: "paid", timeout: "late" },
    },
    note("paid", "paid"),
    note("late", "timed out"),
    end,
  ]),
  "wait-condition": plan("wait-condition", [
    manual("w"),
    {
      id: "w",
      kind: "wait",
      until: { kind: "condition", expression: expr("record.counter > 5") },
      skipIfEmpty: false,
      timeout: null,
      next: { done: "big" },
    },
    note("big", "big"),
    end,
  ]),
  "wait-field": plan("wait-field", [
    manual("w"),
    {
      id: "w",
      kind: "wait",
      until: { kind: "field", path: [], field: "remindAt" },
      skipIfEmpty: true,
      timeout: null,
      next: { done: "reminded" },
    },
    note("reminded", "reminded"),
    end,
  ]),
  "wait-timer": plan("wait-timer", [
    manual("w"),
    {
      id: "w",
      kind: "wait",
      until: { kind: "duration", duration: ms(400) },
      skipIfEmpty: false,
      timeout: null,
      next: { done: "woke" },
    },
    note("woke", "woke"),
    end,
  ]),
  due: approvalDue("due", 300),
  // The same approval due in an hour: a run that stays waiting (with its task and timer) however slow the machine.
  "due-later": approvalDue("due-later", 3_600_000),
  // A write, then a step that fails for good: the write's compensation runs, the run fails.
  compensate: plan(
    "compensate",
    [
      manual("a1"),
      note("a1", "written", "bad"),
      { id: "bad", kind: "webhook", event: "ticket.bad", method: "POST", next: "end" },
      note("undo", "undone"),
      end,
    ],
    { compensations: { a1: "undo" } },
  ),
  nightly: plan(
    "nightly",
    [
      {
        id: "start",
        kind: "trigger",
        trigger: { on: "schedule", cron: "* * * * *", timezone: "Europe/Berlin" },
        next: "end",
      },
      end,
    ],
    { entity: null },
  ),
  hooked: plan("hooked", [
    { id: "start", kind: "trigger", trigger: { on: "webhook", secretSetting: "hookSecret" }, next: "mark" },
    { id: "mark", kind: "update", set: { note: { kind: "template", text: "hook {{ trigger.ref }}" } }, next: "end" },
    end,
  ]),
  parent: plan("parent", [
    manual("sub"),
    { id: "sub", kind: "subworkflow", workflow: "child", wait: true, next: "after" },
    note("after", "parent done"),
    end,
  ]),
  child: plan("child", [
    manual("set"),
    { id: "set", kind: "update", set: { counter: { kind: "literal", value: 42 } }, next: "end" },
    end,
  ]),
};

export const planLookup: PlanLookup = (_tenantId, name) =>
  PLANS[name] ? { templateId: TEMPLATE_ID, plan: PLANS[name] } : null;

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function until<T>(fn: () => Promise<T>, timeoutMs = 15_000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

export interface Receiver {
  url: string;
  requests: { headers: IncomingMessage["headers"]; body: string }[];
  /** Status codes to answer with, in order; then `status`. */
  answers: number[];
  /** The answer once `answers` is empty (default 200). */
  status: number;
  close(): Promise<void>;
}

/** A real HTTP server receiving webhooks. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = { url: "", requests: [], answers: [], status: 200, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      receiver.requests.push({ headers: req.headers, body });
      res.statusCode = receiver.answers.shift() ?? receiver.status;
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise<void>((r) => server.close(() => r()));
  return receiver;
}
