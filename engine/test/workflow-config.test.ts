/**
 * Typed workflow node configs: every diagnostic of a node's config and branches, at its exact
 * pointer, over a repair-shop template of this test's own (fixtures/repair-shop.json).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { compileTemplateValue, type Diagnostic } from "../src/index.ts";

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "repair-shop.json"), "utf8"));

interface Node {
  id: string;
  type: string;
  config?: Record<string, unknown>;
}
interface Edge {
  id: string;
  source: string;
  target: string;
  branch?: string;
}
interface Workflow {
  nodes: Node[];
  edges: Edge[];
}

/** The repair shop with one change to a workflow. */
function compileWith(change: (flow: Workflow, check: Workflow) => void) {
  const template = structuredClone(base);
  change(template.workflows["repair-flow"], template.workflows["quality-check"]);
  return compileTemplateValue(template, "repair-shop.json");
}

const node = (flow: Workflow, id: string) => flow.nodes.find((n) => n.id === id)!;
const config = (flow: Workflow, id: string) => node(flow, id).config!;
const FLOW = "/workflows/repair-flow";
const CHECK = "/workflows/quality-check";

const errors = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === "error");

test("the repair shop's workflows pass every check", () => {
  const result = compileWith(() => {});
  expect(result.diagnostics).toEqual([]);
  expect(result.ok).toBe(true);
});

interface Case {
  readonly name: string;
  readonly change: (flow: Workflow, check: Workflow) => void;
  readonly code: string;
  readonly pointer: string;
  /** Part of the hint (a "did you mean" or the fix). */
  readonly hint?: string;
}

const CASES: readonly Case[] = [
  // durations and moments
  {
    name: "a spoken duration",
    change: (f) => (config(f, "wait_due").timeout = "48 hours"),
    code: "ENG_WORKFLOW_DURATION_INVALID",
    pointer: `${FLOW}/nodes/9/config/timeout`,
    hint: '"PT48H"',
  },
  {
    name: "a duration in months",
    change: (f) => (config(f, "customer_ok").due = "P1M"),
    code: "ENG_WORKFLOW_DURATION_INVALID",
    pointer: `${FLOW}/nodes/6/config/due`,
    hint: "P30D",
  },
  {
    name: "a moment on a text field",
    change: (f) => (config(f, "customer_ok").due = "record.title"),
    code: "ENG_WORKFLOW_MOMENT_INVALID",
    pointer: `${FLOW}/nodes/6/config/due`,
  },
  {
    name: "a moment through a relation that does not exist",
    change: (f) => (config(f, "wait_due").timeout = "shop.openedAt"),
    code: "ENG_WORKFLOW_MOMENT_INVALID",
    pointer: `${FLOW}/nodes/9/config/timeout`,
  },
  {
    name: "a moment field with a typo",
    change: (_, c) => (config(c, "parts").timeout = "workshop.openedOn"),
    code: "ENG_WORKFLOW_MOMENT_INVALID",
    pointer: `${CHECK}/nodes/2/config/timeout`,
    hint: '"openedAt"',
  },
  {
    name: "an event name that is not kebab-case",
    change: (_, c) => (config(c, "parts").until = "event:Parts Arrived"),
    code: "ENG_WORKFLOW_MOMENT_INVALID",
    pointer: `${CHECK}/nodes/2/config/until`,
  },
  // parties
  {
    name: "a misspelt relation in an assignee",
    change: (f) => (config(f, "customer_ok").assignees = ["custmer.owner"]),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/6/config/assignees/0`,
    hint: '"customer"',
  },
  {
    name: "a misspelt bare party",
    change: (f) => (config(f, "quote_mail").to = "custmer"),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/5/config/to`,
    hint: '"customer.owner"',
  },
  {
    name: "a relation without saying who",
    change: (f) => (config(f, "quote_mail").to = ["customer.email", "workshop"]),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/5/config/to/1`,
    hint: '"workshop.account"',
  },
  {
    name: "the account of a user-scoped record",
    change: (f) => (config(f, "quote_mail").to = "customer.account"),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/5/config/to`,
    hint: '"customer.owner"',
  },
  {
    name: "a misspelt role",
    change: (f) =>
      (config(f, "approved").transitions = { "start-repair": { actors: "role:mechnic" }, cancel: { actors: "owner" } }),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/7/config/transitions/start-repair/actors`,
    hint: '"mechanic"',
  },
  {
    name: "an account role that is a tenant role",
    change: (f) => (config(f, "customer_ok").assignees = ["account:clerk"]),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/6/config/assignees/0`,
    hint: '"role:clerk"',
  },
  {
    name: "system as a recipient",
    change: (f) => (config(f, "quote_mail").to = "system"),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/5/config/to`,
  },
  {
    name: "an email field as a decider",
    change: (f) => (config(f, "customer_ok").assignees = "customer.email"),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/6/config/assignees`,
  },
  {
    name: "a field that holds neither a user id nor an address",
    change: (f) => (config(f, "quote_mail").to = "notes"),
    code: "ENG_WORKFLOW_PARTY_UNKNOWN",
    pointer: `${FLOW}/nodes/5/config/to`,
  },
  // expressions
  {
    name: "an expression that does not parse",
    change: (f) => (config(f, "is_urgent").expression = "record.priority =="),
    code: "ENG_WORKFLOW_EXPRESSION_SYNTAX",
    pointer: `${FLOW}/nodes/2/config/expression`,
  },
  {
    name: "a function call",
    change: (f) => (config(f, "is_urgent").expression = "len(record.parts) > 1"),
    code: "ENG_WORKFLOW_EXPRESSION_SYNTAX",
    pointer: `${FLOW}/nodes/2/config/expression`,
  },
  {
    name: "a misspelt field",
    change: (f) => (config(f, "is_urgent").expression = "record.priorty == 'high'"),
    code: "ENG_WORKFLOW_EXPRESSION_UNKNOWN_NAME",
    pointer: `${FLOW}/nodes/2/config/expression`,
    hint: '"priority"',
  },
  {
    name: "a misspelt relation root",
    change: (f) => (config(f, "is_urgent").expression = "workshp.name == 'x'"),
    code: "ENG_WORKFLOW_EXPRESSION_UNKNOWN_NAME",
    pointer: `${FLOW}/nodes/2/config/expression`,
    hint: '"workshop"',
  },
  {
    name: "a field of a related record that does not exist",
    change: (f) => (config(f, "is_urgent").expression = "customer.phone != null"),
    code: "ENG_WORKFLOW_EXPRESSION_UNKNOWN_NAME",
    pointer: `${FLOW}/nodes/2/config/expression`,
  },
  {
    name: "an enum value that does not exist",
    change: (f) => (config(f, "is_urgent").expression = "record.priority == 'hihg'"),
    code: "ENG_WORKFLOW_EXPRESSION_TYPE",
    pointer: `${FLOW}/nodes/2/config/expression`,
    hint: '"high"',
  },
  {
    name: "an array item value that does not exist",
    change: (f) => (config(f, "is_urgent").expression = "'chian' in record.parts"),
    code: "ENG_WORKFLOW_EXPRESSION_TYPE",
    pointer: `${FLOW}/nodes/2/config/expression`,
    hint: '"chain"',
  },
  {
    name: "ordering text against a number",
    change: (f) => (config(f, "is_urgent").expression = "record.title > 3"),
    code: "ENG_WORKFLOW_EXPRESSION_TYPE",
    pointer: `${FLOW}/nodes/2/config/expression`,
  },
  {
    name: "in over something that is not a list",
    change: (f) => (config(f, "is_urgent").expression = "'a' in record.title"),
    code: "ENG_WORKFLOW_EXPRESSION_TYPE",
    pointer: `${FLOW}/nodes/2/config/expression`,
  },
  {
    name: "a wait condition with an unknown name",
    change: (_, c) => (config(c, "parts").until = "record.ready == true"),
    code: "ENG_WORKFLOW_EXPRESSION_UNKNOWN_NAME",
    pointer: `${CHECK}/nodes/2/config/until`,
  },
  // update values
  {
    name: "an update of the status field",
    change: (f) => ((config(f, "stamp").set as Record<string, unknown>).status = "done"),
    code: "ENG_WORKFLOW_FIELD_STATUS",
    pointer: `${FLOW}/nodes/8/config/set/status`,
  },
  {
    name: "an update of a misspelt field",
    change: (f) => ((config(f, "stamp").set as Record<string, unknown>).notez = "x"),
    code: "ENG_WORKFLOW_FIELD_UNKNOWN",
    pointer: `${FLOW}/nodes/8/config/set/notez`,
    hint: '"notes"',
  },
  {
    name: "an enum value the field does not have",
    change: (f) => ((config(f, "stamp").set as Record<string, unknown>).priority = "urgent"),
    code: "ENG_WORKFLOW_VALUE_INVALID",
    pointer: `${FLOW}/nodes/8/config/set/priority`,
  },
  {
    name: "$now into a text field",
    change: (f) => ((config(f, "stamp").set as Record<string, unknown>).title = "$now"),
    code: "ENG_WORKFLOW_VALUE_INVALID",
    pointer: `${FLOW}/nodes/8/config/set/title`,
  },
  {
    name: "a text template into a number field",
    change: (f) => ((config(f, "stamp").set as Record<string, unknown>).quote = "{{ approval.comment }}"),
    code: "ENG_WORKFLOW_VALUE_INVALID",
    pointer: `${FLOW}/nodes/8/config/set/quote`,
  },
  {
    name: "an expression of the wrong type",
    change: (f) => ((config(f, "stamp").set as Record<string, unknown>).quote = { expr: "record.title + '!'" }),
    code: "ENG_WORKFLOW_EXPRESSION_TYPE",
    pointer: `${FLOW}/nodes/8/config/set/quote/expr`,
  },
  // emails
  {
    name: "a misspelt email template",
    change: (f) => (config(f, "quote_mail").template = "quote-redy"),
    code: "ENG_WORKFLOW_EMAIL_UNKNOWN",
    pointer: `${FLOW}/nodes/5/config/template`,
    hint: '"quote-ready"',
  },
  {
    name: "a locale the template lacks",
    change: (f) => (config(f, "quote_mail").locale = "fr"),
    code: "ENG_WORKFLOW_LOCALE_UNKNOWN",
    pointer: `${FLOW}/nodes/5/config/locale`,
  },
  // branches and transitions
  {
    name: "an approval without its rejected branch",
    change: (f) => (f.edges = f.edges.filter((e) => e.id !== "e9")),
    code: "ENG_WORKFLOW_MISSING_BRANCH",
    pointer: `${FLOW}/nodes/6`,
  },
  {
    name: "a wait timeout without its branch",
    change: (f) => (f.edges = f.edges.filter((e) => e.id !== "e15")),
    code: "ENG_WORKFLOW_MISSING_BRANCH",
    pointer: `${FLOW}/nodes/9`,
  },
  {
    name: "a node that leads nowhere",
    change: (f) => (f.edges = f.edges.filter((e) => e.id !== "e16")),
    code: "ENG_WORKFLOW_MISSING_BRANCH",
    pointer: `${FLOW}/nodes/10`,
  },
  {
    name: "a branch a condition never takes",
    change: (f) => (f.edges.find((e) => e.id === "e3")!.branch = "ture"),
    code: "ENG_WORKFLOW_BRANCH_UNKNOWN",
    pointer: `${FLOW}/edges/2/branch`,
    hint: '"true"',
  },
  {
    name: "an approval timeout without a due date",
    change: (f) => delete config(f, "customer_ok").due,
    code: "ENG_WORKFLOW_BRANCH_UNKNOWN",
    pointer: `${FLOW}/edges/9/branch`,
  },
  {
    name: "a second way on from an email",
    change: (f) => f.edges.push({ id: "e99", source: "quote_mail", target: "cancelled" }),
    code: "ENG_WORKFLOW_BRANCH_UNKNOWN",
    pointer: `${FLOW}/edges/17`,
  },
  {
    name: "an edge without a branch from a state with transitions",
    change: (f) => f.edges.push({ id: "e99", source: "approved", target: "cancelled" }),
    code: "ENG_WORKFLOW_BRANCH_UNKNOWN",
    pointer: `${FLOW}/edges/17`,
  },
  {
    name: "a labelled state edge without transition actors",
    change: (f) => delete (config(f, "approved").transitions as Record<string, unknown>).cancel,
    code: "ENG_WORKFLOW_TRANSITION_INVALID",
    pointer: `${FLOW}/nodes/7/config/transitions`,
  },
  {
    name: "a transition without an edge",
    change: (f) => ((config(f, "approved").transitions as Record<string, unknown>).cancle = { actors: "owner" }),
    code: "ENG_WORKFLOW_TRANSITION_INVALID",
    pointer: `${FLOW}/nodes/7/config/transitions/cancle`,
    hint: '"cancel"',
  },
  {
    name: "a state value the status field lacks",
    change: (f) => (config(f, "quoted").status = "quotd"),
    code: "ENG_WORKFLOW_STATE_UNKNOWN",
    pointer: `${FLOW}/nodes/4/config/status`,
    hint: '"quoted"',
  },
  {
    name: "a state in a workflow that owns no status field",
    change: (_, c) => c.nodes.push({ id: "s", type: "state", config: { status: "done" } }),
    code: "ENG_WORKFLOW_STATE_UNKNOWN",
    pointer: `${CHECK}/nodes/5/config/status`,
  },
  // triggers
  {
    name: "an update trigger on a misspelt field",
    change: (f) => (node(f, "start").config = { on: "update", fields: ["titel"] }),
    code: "ENG_WORKFLOW_FIELD_UNKNOWN",
    pointer: `${FLOW}/nodes/0/config/fields/0`,
    hint: '"title"',
  },
  {
    name: "a key of another trigger kind",
    change: (f) => (node(f, "start").config = { on: "create", cron: "0 9 * * 1" }),
    code: "ENG_WORKFLOW_TRIGGER_INVALID",
    pointer: `${FLOW}/nodes/0/config/cron`,
    hint: '"schedule"',
  },
  {
    name: "a cron minute out of range",
    change: (_, c) => (config(c, "weekly").cron = "61 9 * * 1"),
    code: "ENG_WORKFLOW_TRIGGER_INVALID",
    pointer: `${CHECK}/nodes/1/config/cron`,
  },
  {
    name: "a time zone that does not exist",
    change: (_, c) => (config(c, "weekly").timezone = "Europe/Atlantis"),
    code: "ENG_WORKFLOW_TRIGGER_INVALID",
    pointer: `${CHECK}/nodes/1/config/timezone`,
  },
  {
    name: "a status-changed trigger to a value the field lacks",
    change: (f) => (node(f, "start").config = { on: "status-changed", to: ["received", "finished"] }),
    code: "ENG_WORKFLOW_STATE_UNKNOWN",
    pointer: `${FLOW}/nodes/0/config/to/1`,
  },
  // assign, sub-workflow, compensation
  {
    name: "an assign into a field that holds no user id",
    change: (f) => (config(f, "assign_mechanic").field = "notes"),
    code: "ENG_WORKFLOW_ASSIGN_FIELD_INVALID",
    pointer: `${FLOW}/nodes/3/config/field`,
  },
  {
    name: "an assign from a misspelt role",
    change: (f) => (config(f, "assign_mechanic").role = "mechanik"),
    code: "ENG_WORKFLOW_ROLE_UNKNOWN",
    pointer: `${FLOW}/nodes/3/config/role`,
    hint: '"mechanic"',
  },
  {
    name: "a misspelt sub-workflow",
    change: (f) => (config(f, "check").workflow = "quality-chek"),
    code: "ENG_WORKFLOW_SUBWORKFLOW_UNKNOWN",
    pointer: `${FLOW}/nodes/11/config/workflow`,
    hint: '"quality-check"',
  },
  {
    name: "a workflow as its own sub-workflow",
    change: (f) => (config(f, "check").workflow = "repair-flow"),
    code: "ENG_WORKFLOW_SUBWORKFLOW_UNKNOWN",
    pointer: `${FLOW}/nodes/11/config/workflow`,
  },
  {
    name: "a misspelt compensation",
    change: (f) => (config(f, "stamp").compensate = "unstmp"),
    code: "ENG_WORKFLOW_COMPENSATE_INVALID",
    pointer: `${FLOW}/nodes/8/config/compensate`,
    hint: '"unstamp"',
  },
  {
    name: "a compensation that is a step of the graph",
    change: (f) => (config(f, "stamp").compensate = "hook"),
    code: "ENG_WORKFLOW_COMPENSATE_INVALID",
    pointer: `${FLOW}/nodes/8/config/compensate`,
  },
  // graph
  {
    name: "a loop through steps that never pause",
    change: (f) => {
      node(f, "approved").config = { status: "approved" };
      f.edges = f.edges.filter((e) => e.id !== "e12");
      delete f.edges.find((e) => e.id === "e11")!.branch;
      f.edges.find((e) => e.id === "e13")!.target = "hook";
      f.edges.find((e) => e.id === "e16")!.target = "approved";
      f.edges = f.edges.filter((e) => e.id !== "e17");
    },
    code: "ENG_WORKFLOW_CYCLE_WITHOUT_WAIT",
    pointer: `${FLOW}/edges`,
  },
  // shape (meta-schema)
  {
    name: "a config key of the old free-form approval",
    change: (f) => (config(f, "customer_ok").roles = ["clerk"]),
    code: "ENG_SCHEMA_UNKNOWN_KEY",
    pointer: `${FLOW}/nodes/6/config/roles`,
  },
  {
    name: "a misspelt config key",
    change: (f) => {
      const c = config(f, "customer_ok");
      c.asignees = c.assignees;
      delete c.assignees;
    },
    code: "ENG_SCHEMA_UNKNOWN_KEY",
    pointer: `${FLOW}/nodes/6/config/asignees`,
    hint: '"assignees"',
  },
  {
    name: "a webhook method that is not POST or PUT",
    change: (f) => (config(f, "hook").method = "GET"),
    code: "ENG_SCHEMA_ENUM",
    pointer: `${FLOW}/nodes/10/config/method`,
  },
  {
    name: "a webhook event that is no event name",
    change: (f) => (config(f, "hook").event = "Repair Done"),
    code: "ENG_SCHEMA_PATTERN",
    pointer: `${FLOW}/nodes/10/config/event`,
  },
  {
    name: "a node without its required config",
    change: (f) => delete node(f, "is_urgent").config,
    code: "ENG_SCHEMA_REQUIRED",
    pointer: `${FLOW}/nodes/2`,
  },
  {
    name: "a manual trigger without actors",
    change: (_, c) => (node(c, "by_hand").config = { on: "manual" }),
    code: "ENG_SCHEMA_REQUIRED",
    pointer: `${CHECK}/nodes/0/config`,
  },
];

describe("each config problem is one diagnostic at its exact place", () => {
  test.each(CASES)("$name → $code", ({ change, code, pointer, hint }) => {
    const result = compileWith(change);
    expect(result.ok).toBe(false);
    const found = errors(result.diagnostics).filter((d) => d.code === code && d.pointer === pointer);
    expect(found, JSON.stringify(result.diagnostics, null, 2)).toHaveLength(1);
    expect(found[0].message.length).toBeGreaterThan(10);
    if (hint) expect(found[0].hint).toContain(hint);
  });
});

test("a compensation node no edge reaches is not reported unreachable", () => {
  const result = compileWith(() => {});
  expect(result.diagnostics.filter((d) => d.code === "ENG_WORKFLOW_UNREACHABLE")).toEqual([]);
  const orphan = compileWith((f) => f.nodes.push({ id: "orphan", type: "end" }));
  expect(orphan.diagnostics.map((d) => `${d.severity} ${d.code} ${d.pointer}`)).toEqual([
    `warning ENG_WORKFLOW_UNREACHABLE ${FLOW}/nodes/15`,
  ]);
});

test("a state nothing follows ends the run without an error", () => {
  // `cancelled` has no outgoing edge; `received` goes on at once; `approved` waits for transitions.
  const result = compileWith(() => {});
  expect(result.ok).toBe(true);
});
