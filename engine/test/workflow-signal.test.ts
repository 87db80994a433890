/**
 * Signal nodes and timed transitions, over a template of this test's own
 * (fixtures/course-places.json: a place on a course is held, released or queued; a released place
 * signals the next queued run; a held place lapses into "course over" when the course ends).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import type { Diagnostic } from "../src/diagnostics.ts";
import { compileTemplateValue } from "../src/index.ts";
import { compilePlan } from "../src/workflows/compile-plan.ts";

const base = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "course-places.json"), "utf8"));
const NODES = "/workflows/place-flow/nodes";

function compile(change: (t: typeof base) => void = () => {}) {
  const template = structuredClone(base);
  change(template);
  return compileTemplateValue(template, "course-places.json");
}

const nodeIndex = (id: string) =>
  (base.workflows["place-flow"].nodes as { id: string }[]).findIndex((n) => n.id === id);
const node = (t: typeof base, id: string) => t.workflows["place-flow"].nodes[nodeIndex(id)];
const errors = (result: ReturnType<typeof compile>): [string, string, string | undefined][] =>
  (result.ok ? result.diagnostics : result.diagnostics)
    .filter((d: Diagnostic) => d.severity === "error")
    .map((d: Diagnostic) => [d.code, d.pointer, d.hint]);

test("a signal node compiles to its target relation, foreign key and limit; a timed transition to a system actor and a moment", () => {
  const result = compile();
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const plan = compilePlan(result.ir.workflows[0], result.ir);
  expect(plan.nodes.free_place).toEqual({
    id: "free_place",
    kind: "signal",
    event: "place-freed",
    to: { path: ["course"], relation: "places", entity: "Place", foreignKey: "courseId" },
    limit: 1,
    next: "done_released",
  });
  const held = plan.nodes.held;
  expect(held.kind === "state" && held.transitions).toEqual([
    {
      name: "release",
      next: "released",
      actors: [
        { kind: "owner", path: [] },
        { kind: "role", role: "organiser" },
      ],
    },
    {
      name: "course-over",
      next: "done_over",
      actors: [{ kind: "system" }],
      at: { kind: "field", path: ["course"], field: "endsAt" },
    },
  ]);
});

test("a signal without a limit reaches every waiting run (limit null)", () => {
  const result = compile((t) => delete node(t, "free_place").config.limit);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const plan = compilePlan(result.ir.workflows[0], result.ir);
  expect(plan.nodes.free_place.kind === "signal" && plan.nodes.free_place.limit).toBeNull();
});

test("a signal's target must be a one-to-many relation, named right, reached through many-to-one hops", () => {
  const at = `${NODES}/${nodeIndex("free_place")}/config/to`;
  expect(errors(compile((t) => (node(t, "free_place").config.to = "course.placez")))).toEqual([
    ["ENG_WORKFLOW_SIGNAL_INVALID", at, 'Did you mean "places"?'],
  ]);
  expect(errors(compile((t) => (node(t, "free_place").config.to = "course")))[0]).toEqual([
    "ENG_WORKFLOW_SIGNAL_INVALID",
    at,
    undefined,
  ]);
  expect(errors(compile((t) => (node(t, "free_place").config.to = "cours.places")))[0]).toEqual([
    "ENG_WORKFLOW_SIGNAL_INVALID",
    at,
    'Did you mean "course"?',
  ]);
});

test("a signal for an event no workflow of the related entity waits for is refused at its event", () => {
  expect(errors(compile((t) => (node(t, "free_place").config.event = "place-freeed")))).toEqual([
    [
      "ENG_WORKFLOW_SIGNAL_INVALID",
      `${NODES}/${nodeIndex("free_place")}/config/event`,
      'Add a wait node with "until": "event:place-freeed" to a workflow of Place.',
    ],
  ]);
});

test("a signal node's config is checked by the meta-schema (unknown keys, bad limits)", () => {
  const unknown = errors(compile((t) => (node(t, "free_place").config.target = "x")));
  expect(unknown.length).toBeGreaterThan(0);
  expect(unknown[0][1]).toBe(`${NODES}/${nodeIndex("free_place")}/config/target`);
  const limit = errors(compile((t) => (node(t, "free_place").config.limit = 0)));
  expect(limit[0][1]).toBe(`${NODES}/${nodeIndex("free_place")}/config/limit`);
});

test("a timed transition has no actors, a moment the template can resolve, and an edge", () => {
  const transitions = `${NODES}/${nodeIndex("held")}/config/transitions`;
  expect(errors(compile((t) => (node(t, "held").config.transitions["course-over"].actors = ["organiser"])))).toEqual([
    [
      "ENG_WORKFLOW_TRANSITION_INVALID",
      `${transitions}/course-over/actors`,
      'Remove "actors", or make it a transition of its own.',
    ],
  ]);
  expect(errors(compile((t) => (node(t, "held").config.transitions["course-over"].at = "course.title")))).toEqual([
    ["ENG_WORKFLOW_MOMENT_INVALID", `${transitions}/course-over/at`, undefined],
  ]);
  expect(errors(compile((t) => (node(t, "held").config.transitions["course-over"].at = "2 days")))[0]).toEqual([
    "ENG_WORKFLOW_DURATION_INVALID",
    `${transitions}/course-over/at`,
    'Write "P2D".',
  ]);
});
