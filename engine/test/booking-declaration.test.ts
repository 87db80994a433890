/**
 * The `booking` declaration of an entity (docs/templates.md#bookings): a resource relation, a
 * range, capacity, seats, mode and status values, checked at their pointers with the closest
 * name as a hint, and published resolved in the registry. Over the bookings tests' own template
 * (fixtures/hut-hire.json), not a shipped one.
 */
import { expect, test } from "vitest";
import { compileTemplateValue } from "../src/index.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import { readFileSync } from "node:fs";
import path from "node:path";

const BOOKING_TEMPLATE = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "hut-hire.json"), "utf8"));
type Template = any;

function compileWith(edit: (t: Template) => void) {
  const template = structuredClone(BOOKING_TEMPLATE);
  edit(template);
  return compileTemplateValue(template, "hut-hire.json");
}
const errors = (result: ReturnType<typeof compileWith>) =>
  result.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => ({ code: d.code, pointer: d.pointer, hint: d.hint }));

test("the declarations compile into resolved bookables: nights, slots and whole-resource bookings", () => {
  const result = compileWith(() => {});
  expect(errors(result)).toEqual([]);
  const registry = buildTemplateRegistry(result.ir!);
  const of = (name: string) => registry.entities.find((e) => e.name === name)!;
  expect(of("Night").booking).toEqual({
    resource: { entity: "Hut", foreignKey: "hutId" },
    unit: "nights",
    range: { start: "arrive", end: "leave" },
    slotMinutes: 60,
    capacity: { value: 1 },
    mode: "instant",
    status: "phase",
    states: { confirmed: "held", cancelled: "dropped" },
  });
  expect(of("Hour").booking).toMatchObject({
    unit: "slots",
    capacity: { field: "desks" },
    seats: "people",
    instantField: "instantBooking",
    mode: "request",
    states: { pending: "asked", declined: "refused" },
  });
  expect(of("Place").booking).toMatchObject({
    unit: "whole",
    capacity: { field: "room" },
    states: { waitlisted: "queued" },
  });
  expect(of("Place").booking!.range).toBeUndefined();
  expect(of("Hut").booking).toBeUndefined();
});

const AT = "/entities/Hour/booking";

test.each<[string, (b: Record<string, unknown>) => void, string, string | undefined]>([
  ["an unknown resource relation", (b) => (b.resource = "studo"), `${AT}/resource`, 'Did you mean "studio"?'],
  ["a range field that is no date", (b) => (b.range = ["begins", "people"]), `${AT}/range/1`, undefined],
  ["a misspelt range field", (b) => (b.range = ["begin", "ends"]), `${AT}/range/0`, 'Did you mean "begins"?'],
  [
    "a capacity that is no integer field of the resource",
    (b) => (b.capacity = "desk"),
    `${AT}/capacity`,
    'Did you mean "desks"?',
  ],
  [
    "an instant switch that is no boolean field of the resource",
    (b) => (b.instantField = "instantBookin"),
    `${AT}/instantField`,
    'Did you mean "instantBooking"?',
  ],
  ["a seats field that does not exist", (b) => (b.seats = "peple"), `${AT}/seats`, 'Did you mean "people"?'],
  ["a status that is no enum field", (b) => (b.status = "phse"), `${AT}/status`, 'Did you mean "phase"?'],
  [
    "a status value the field does not hold",
    (b) => ((b.states as Record<string, string>).confirmed = "hled"),
    `${AT}/states/confirmed`,
    'Did you mean "held"?',
  ],
  [
    "request-to-book without a pending value",
    (b) => delete (b.states as Record<string, string>).pending,
    `${AT}/states`,
    undefined,
  ],
  [
    "one value for two meanings",
    (b) => ((b.states as Record<string, string>).declined = "dropped"),
    `${AT}/states/declined`,
    undefined,
  ],
])("%s is ENG_BOOKING_INVALID at its pointer", (_name, edit, pointer, hint) => {
  const result = compileWith((t) => edit(t.entities.Hour.booking as unknown as Record<string, unknown>));
  const found = errors(result).filter((d) => d.code === "ENG_BOOKING_INVALID");
  expect(found).toEqual([{ code: "ENG_BOOKING_INVALID", pointer, hint }]);
  expect(result.ok).toBe(false);
});

test("slotMinutes on nights and unknown keys are refused", () => {
  const nights = compileWith((t) => Object.assign(t.entities.Night.booking, { slotMinutes: 30 }));
  expect(errors(nights)).toEqual([
    { code: "ENG_BOOKING_INVALID", pointer: "/entities/Night/booking/slotMinutes", hint: undefined },
  ]);
  const unknown = compileWith((t) => Object.assign(t.entities.Night.booking, { seatz: "x" }));
  expect(errors(unknown).map((d) => [d.code, d.pointer])).toEqual([
    ["ENG_SCHEMA_UNKNOWN_KEY", "/entities/Night/booking/seatz"],
  ]);
});

test("the status a workflow drives cannot be the bookings' status", () => {
  const result = compileWith((t) => (t.entities.Night.status = { field: "phase", workflow: "stay-flow" }));
  const found = result.diagnostics.filter((d) => d.code === "ENG_BOOKING_INVALID").map((d) => d.pointer);
  expect(found).toEqual(["/entities/Night/booking/status"]);
});

test("a range that mixes a date-time and a date is refused at the range", () => {
  const result = compileWith((t) => {
    t.entities.Hour.schema.properties.day = { "x-id": "fld_hour_day", type: "string", format: "date" };
    t.entities.Hour.booking.range = ["begins", "day"];
  });
  expect(errors(result)).toEqual([{ code: "ENG_BOOKING_INVALID", pointer: `${AT}/range`, hint: undefined }]);
});
