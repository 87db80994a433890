import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import type { CheckContext } from "./check-context.ts";

const RANGE_FORMATS = new Set(["date", "date-time"]);

/**
 * A booking declaration (entity `booking`, runtime/src/bookings) names a many-to-one relation
 * to its resource, a date or date-time range of one kind, an integer capacity field of the
 * resource, an integer seats field, an enum status field the API alone writes, and status values
 * that field holds (a pending one for request-to-book). Each error points at the name, with the
 * closest existing name as the hint.
 */
export function checkBookings({ ir, report }: CheckContext): void {
  for (const entity of ir.entities) {
    const b = entity.booking;
    if (!b) continue;
    const bad = (pointer: string, message: string, name?: string, candidates: readonly string[] = []) => {
      const guess = name ? closestName(name, candidates) : undefined;
      report(diagnostic("ENG_BOOKING_INVALID", pointer, message, guess ? `Did you mean "${guess}"?` : undefined));
    };
    const integers = (fields: typeof entity.fields) => fields.filter((f) => f.kind === "integer").map((f) => f.name);

    const manyToOne = entity.relations.filter((r) => r.kind === "many-to-one" && r.foreignKey);
    const relation = manyToOne.find((r) => r.name === b.resource);
    if (!relation)
      bad(
        ptr(b.pointer, "resource"),
        `"${b.resource}" is not a many-to-one relation of ${entity.name}.`,
        b.resource,
        manyToOne.map((r) => r.name),
      );
    const resource = relation ? ir.entities.find((e) => e.name === relation.target) : undefined;

    if (b.range) {
      const ranged = entity.fields.filter((f) => f.kind === "string" && f.format && RANGE_FORMATS.has(f.format));
      const [start, end] = b.range.map((name) => ranged.find((f) => f.name === name));
      b.range.forEach((name, i) => {
        if (!(i === 0 ? start : end))
          bad(
            ptr(b.pointer, "range", i),
            `"${name}" is not a date or date-time field of ${entity.name}.`,
            name,
            ranged.map((f) => f.name),
          );
      });
      if (start && end && start.format !== end.format)
        bad(ptr(b.pointer, "range"), `The range mixes a ${start.format} and a ${end.format}.`);
      if (start && end && start === end) bad(ptr(b.pointer, "range"), `The range starts and ends at "${start.name}".`);
    }

    if (typeof b.capacity === "string" && resource && !integers(resource.fields).includes(b.capacity))
      bad(
        ptr(b.pointer, "capacity"),
        `"${b.capacity}" is not an integer field of ${resource.name}.`,
        b.capacity,
        integers(resource.fields),
      );
    if (b.seats !== null && !integers(entity.fields).includes(b.seats))
      bad(
        ptr(b.pointer, "seats"),
        `"${b.seats}" is not an integer field of ${entity.name}.`,
        b.seats,
        integers(entity.fields),
      );

    if (b.instantField !== null && resource) {
      const booleans = resource.fields.filter((f) => f.kind === "boolean").map((f) => f.name);
      if (!booleans.includes(b.instantField))
        bad(
          ptr(b.pointer, "instantField"),
          `"${b.instantField}" is not a boolean field of ${resource.name}.`,
          b.instantField,
          booleans,
        );
      else if (b.mode !== "request")
        bad(ptr(b.pointer, "instantField"), "instantField switches request-to-book to instant: it needs mode request.");
    }
    const status = entity.fields.find((f) => f.name === b.status);
    if (!status || !status.enumValues)
      bad(
        ptr(b.pointer, "status"),
        `"${b.status}" is not an enum field of ${entity.name}.`,
        b.status,
        entity.fields.filter((f) => f.enumValues).map((f) => f.name),
      );
    else {
      if (entity.status?.field === b.status)
        bad(
          ptr(b.pointer, "status"),
          `"${b.status}" is driven by the workflow "${entity.status.workflow}"; the bookings API keeps its own status field.`,
        );
      const values = status.enumValues.map(String);
      for (const [state, value] of Object.entries(b.states))
        if (value !== null && !values.includes(value))
          bad(ptr(b.pointer, "states", state), `"${value}" is not a value of ${b.status}.`, value, values);
      const given = Object.entries(b.states).filter(([, v]) => v !== null);
      given.forEach(([state, value], i) => {
        const twin = given.slice(0, i).find(([, v]) => v === value);
        if (twin) bad(ptr(b.pointer, "states", state), `"${value}" already means ${twin[0]}.`);
      });
    }
    if (b.mode === "request" && b.states.pending === null)
      bad(ptr(b.pointer, "states"), "Request-to-book needs a pending status value (states.pending).");
    if (b.range === null && b.slotMinutes !== 60)
      bad(ptr(b.pointer, "slotMinutes"), "slotMinutes needs a date-time range.");
    if (b.range && entity.fields.find((f) => f.name === b.range![0])?.format === "date" && b.slotMinutes !== 60)
      bad(ptr(b.pointer, "slotMinutes"), "A date range books nights; slotMinutes needs a date-time range.");
  }
}
