/**
 * The bookings API (runtime/src/bookings/README.md) for every entity a template declares
 * `booking` on: a resource's availability calendar, its free nights or slots, bookings that can
 * never overbook, acceptance of requests, cancellation with waitlist promotion. And the generic
 * CRUD's side of it (`bookingWriteHooks`): a bookable entity's records are not created through
 * the entity routes, and their resource, range, seats and status are not patched there.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { EntityStore, EntityWriteHooks } from "../crud/index.ts";
import { resolveEntity } from "../crud/routes/resolve-entity.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { DAY, rruleProblem, type CalendarEntry } from "./calendar.ts";
import {
  bookableOf,
  BookingService,
  formatMoment,
  MAX_UNITS,
  momentKind,
  parseMoment,
  unitMs,
  type Bookable,
  type BookingCaller,
  type WriteContext,
} from "./booking-service.ts";

export interface BookingsOptions {
  /** The entity store the entity routes use (shared caches and statements). */
  readonly store: EntityStore;
  /**
   * The entity writes' hooks (workflows, media): a booking's create and every status change it
   * makes (accept, decline, cancel, promotion) take part in them as an entity-route write would,
   * so a template's workflow triggers (`on: create`, `update` of the status field) run.
   */
  readonly hooks?: EntityWriteHooks | null;
}

/** Calendar entries one PUT may hold. */
export const MAX_ENTRIES = 200;

const tags = ["bookings"];
const UUID = { type: "string", format: "uuid" } as const;
const ENTITY = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  description: "A bookable entity's API name (`stays`, or `template:stays` when two installed templates have one).",
} as const;
const entityParams = { type: "object", required: ["entity"], properties: { entity: ENTITY } } as const;
const resourceParams = {
  type: "object",
  required: ["entity", "resourceId"],
  properties: { entity: ENTITY, resourceId: UUID },
} as const;
const bookingParams = { type: "object", required: ["entity", "id"], properties: { entity: ENTITY, id: UUID } } as const;
const RECORD = {
  type: "object",
  additionalProperties: true,
  description: "The booking record, as the entity's own path returns it.",
} as const;
const OUTCOME = {
  type: "string",
  enum: ["confirmed", "pending", "waitlisted", "declined", "cancelled"],
  description:
    "What the booking is now: confirmed (instant booking, or accepted), pending (request-to-book: holds its seats until the resource's owner accepts or declines), waitlisted (over capacity; promoted in order when seats free up), declined, cancelled.",
} as const;
const RESULT = {
  type: "object",
  required: ["record", "outcome", "promoted"],
  properties: {
    record: RECORD,
    outcome: OUTCOME,
    promoted: { type: "array", items: UUID, description: "Waitlisted bookings this change promoted, in order." },
  },
} as const;
const MOMENT = {
  type: "string",
  minLength: 10,
  maxLength: 40,
  description: "A date (YYYY-MM-DD) for bookables of nights, a date-time with offset for slots.",
} as const;
const ENTRY = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "start", "end"],
  properties: {
    kind: {
      type: "string",
      enum: ["open", "closed"],
      description: "open adds bookable time; closed blocks it (a closure wins over an opening).",
    },
    start: MOMENT,
    end: { ...MOMENT, description: "Exclusive. With an rrule, each occurrence lasts end - start." },
    rrule: {
      type: "string",
      minLength: 1,
      maxLength: 500,
      description: "RFC 5545 rule parts (`FREQ=WEEKLY;BYDAY=FR,SA`), repeating the entry from its start.",
    },
  },
} as const;
const CALENDAR = {
  type: "object",
  required: ["entries"],
  properties: { entries: { type: "array", maxItems: MAX_ENTRIES, items: ENTRY } },
} as const;

const createSchema = {
  tags,
  params: entityParams,
  body: {
    type: "object",
    additionalProperties: true,
    description:
      "The entity's create body (its own path documents the fields): the resource's foreign key, the range fields, the seats field; never the status field, which the API keeps.",
  },
  response: { 201: { ...RESULT, description: "Booked, pending or waitlisted." } },
};
const actionSchema = (what: string) => ({
  tags,
  params: bookingParams,
  response: { 200: { ...RESULT, description: what } },
});
const calendarSchema = {
  tags,
  params: resourceParams,
  response: { 200: { ...CALENDAR, description: "The calendar." } },
};
const putCalendarSchema = {
  tags,
  params: resourceParams,
  body: CALENDAR,
  response: { 200: { ...CALENDAR, description: "The calendar as stored." } },
};
const availabilitySchema = {
  tags,
  params: resourceParams,
  querystring: {
    type: "object",
    additionalProperties: false,
    properties: {
      from: { ...MOMENT, description: "Start of the range (inclusive); required unless the bookable has no range." },
      to: { ...MOMENT, description: "End of the range (exclusive)." },
    },
  },
  response: {
    200: {
      type: "object",
      required: ["unit", "capacity", "slots"],
      description:
        "The free nights or slots of the range with the seats left on each (open in the calendar, not fully booked); for bookables without a range, the seats left of the resource.",
      properties: {
        unit: { type: "string", enum: ["nights", "slots", "whole"] },
        capacity: { type: "integer" },
        remaining: { type: "integer" },
        slots: {
          type: "array",
          items: {
            type: "object",
            required: ["start", "end", "remaining"],
            properties: { start: { type: "string" }, end: { type: "string" }, remaining: { type: "integer" } },
          },
        },
      },
    },
  },
};

/** The fields of a bookable the bookings API alone writes. */
function keptFields(entity: EntityRegistry): string[] {
  const b = entity.booking!;
  return [
    b.resource.foreignKey,
    ...(b.range ? [b.range.start, b.range.end] : []),
    ...(b.seats ? [b.seats] : []),
    b.status,
  ];
}

/**
 * The generic CRUD's side: a bookable's records are created through POST
 * /api/v1/tenant/bookings/{entity} (so availability and capacity are checked under the resource's
 * lock), and their resource, range, seats and status are changed by the bookings API only.
 */
export function bookingWriteHooks(templates: readonly TemplateRegistry[]): EntityWriteHooks | null {
  if (!templates.some((t) => t.entities.some((e) => e.booking))) return null;
  return {
    applies: (t) => t.view.entity.booking !== undefined && !t.view.entity.draft,
    async before(_request, t, op, body) {
      const entity = t.view.entity;
      if (op === "create")
        throw new ApiError(
          "RT_ERR_CONFLICT",
          `${entity.name} records are bookings: make them with POST /api/v1/tenant/bookings/${entity.apiName}.`,
          [{ pointer: "/body", message: "book through the bookings API" }],
        );
      const touched = body && typeof body === "object" ? keptFields(entity).filter((f) => Object.hasOwn(body, f)) : [];
      if (touched.length)
        throw new ApiError(
          "RT_ERR_VALIDATION",
          `The bookings API keeps these fields of ${entity.name}: accept, decline or cancel it there, or book anew.`,
          touched.map((f) => ({ pointer: `/body/${f}`, message: "is kept by the bookings API" })),
        );
      return null;
    },
    async after() {
      return [];
    },
  };
}

export const bookingsPlugin = fp(
  async (app: FastifyInstance, options: BookingsOptions) => {
    const service = new BookingService(options.store, options.hooks ?? null);
    const store = options.store;
    const authz = app.hasDecorator("authz") ? app.authz : null;
    const config: FastifyContextConfig = authz
      ? { tenant: true, auth: "optional", allowSuperAdmin: true }
      : { tenant: true };

    const bookable = (request: FastifyRequest): Bookable => {
      const { template, entity } = resolveEntity(app.registry, request);
      const b = bookableOf(template, entity);
      if (!b)
        throw new ApiError(
          "RT_ERR_ENTITY_NOT_FOUND",
          `${entity.name} is not bookable (it declares no compiled \`booking\`).`,
        );
      return b;
    };
    const callerOf = async (request: FastifyRequest, _b: Bookable): Promise<BookingCaller> => {
      if (!authz) {
        const user = request.headers["x-user-id"];
        const account = request.headers["x-account-id"];
        // Without authorization nothing is restricted (as on the entity routes).
        return {
          userId: typeof user === "string" ? user : null,
          admin: true,
          owner: {
            ...(typeof account === "string" ? { accountId: account } : {}),
            ...(typeof user === "string" ? { userId: user } : {}),
          },
        };
      }
      const access = await authz.caller(request);
      const principal = await authz.principal(request);
      return { userId: principal.userId, admin: principal.admin, access, owner: authz.owner(request, access) };
    };
    const notFound = (b: Bookable, what: "resource" | "booking") =>
      new ApiError(
        "RT_ERR_NOT_FOUND",
        what === "resource" ? `No such ${b.resource.name}.` : `No such ${b.entity.name}.`,
      );
    const ownerOnly = (b: Bookable) =>
      new ApiError("RT_ERR_FORBIDDEN", `Only the ${b.resource.name}'s owner or a tenant admin may do this.`);
    /** The resource, visible to the caller, and whether the caller owns it (or is an admin). */
    const resourceFor = async (request: FastifyRequest, b: Bookable, resourceId: string, caller: BookingCaller) => {
      const tenantId = request.tenant!.id;
      const resource = await service.resource(app.db, tenantId, b, resourceId);
      if (!resource || !(await service.visible(app.db, tenantId, b, resourceId, caller))) throw notFound(b, "resource");
      return { ...resource, mine: caller.admin || (caller.userId !== null && resource.createdBy === caller.userId) };
    };

    // Bulk writes of the entity routes take no write hooks: a bookable's creates and kept fields
    // are refused there the same way, by a preHandler after the route's tenant resolution.
    const guardBulk = async (request: FastifyRequest) => {
      const { template, entity } = resolveEntity(app.registry, request);
      if (!bookableOf(template, entity)) return;
      const body = (request.body ?? {}) as { create?: unknown[]; update?: unknown[] };
      if (Array.isArray(body.create) && body.create.length)
        throw new ApiError(
          "RT_ERR_CONFLICT",
          `${entity.name} records are bookings: make them with POST /api/v1/tenant/bookings/${entity.apiName}.`,
          [{ pointer: "/body/create", message: "book through the bookings API" }],
        );
      const kept = keptFields(entity);
      const errors = (Array.isArray(body.update) ? body.update : []).flatMap((u, i) =>
        u && typeof u === "object"
          ? kept
              .filter((f) => Object.hasOwn(u, f))
              .map((f) => ({ pointer: `/body/update/${i}/${f}`, message: "is kept by the bookings API" }))
          : [],
      );
      if (errors.length)
        throw new ApiError("RT_ERR_VALIDATION", `The bookings API keeps these fields of ${entity.name}.`, errors);
    };
    app.addHook("onRoute", (route) => {
      if (route.url !== "/api/v1/tenant/entities/:entity/bulk" || [route.method].flat().join() !== "POST") return;
      route.preHandler = [...(route.preHandler ? [route.preHandler].flat() : []), guardBulk];
    });

    // ---- calendar and availability ---------------------------------------------------------

    app.get(
      "/api/v1/tenant/bookings/:entity/resources/:resourceId/calendar",
      { config, schema: calendarSchema },
      async (request) => {
        const b = bookable(request);
        const { resourceId } = request.params as { resourceId: string };
        await resourceFor(request, b, resourceId, await callerOf(request, b));
        return { entries: await service.calendar(app.db, request.tenant!.id, b, resourceId) };
      },
    );

    app.put(
      "/api/v1/tenant/bookings/:entity/resources/:resourceId/calendar",
      { config, schema: putCalendarSchema },
      async (request) => {
        const b = bookable(request);
        const { resourceId } = request.params as { resourceId: string };
        if (b.booking.unit === "whole")
          throw new ApiError(
            "RT_ERR_VALIDATION",
            `${b.entity.name} books ${b.resource.name} as a whole: it has no calendar.`,
            [{ pointer: "/body/entries", message: "has no meaning without a range" }],
          );
        const caller = await callerOf(request, b);
        const resource = await resourceFor(request, b, resourceId, caller);
        if (!resource.mine) throw ownerOnly(b);
        const entries = parseEntries(b, (request.body as { entries: unknown[] }).entries);
        const tenantId = request.tenant!.id;
        await store.sessions.transaction(tenantId, async (tx) => {
          await service.lock(tx, tenantId, b, resourceId);
          await service.setCalendar(tx, tenantId, b, resourceId, entries);
        });
        return { entries: await service.calendar(app.db, tenantId, b, resourceId) };
      },
    );

    app.get(
      "/api/v1/tenant/bookings/:entity/resources/:resourceId/availability",
      { config, schema: availabilitySchema },
      async (request) => {
        const b = bookable(request);
        const { resourceId } = request.params as { resourceId: string };
        const resource = await resourceFor(request, b, resourceId, await callerOf(request, b));
        const tenantId = request.tenant!.id;
        if (b.booking.unit === "whole") {
          const held = await service.held(app.db, tenantId, b, resourceId, 0, 1);
          const remaining = Math.max(0, resource.capacity - held.reduce((n, h) => n + h.seats, 0));
          return { unit: "whole", capacity: resource.capacity, remaining, slots: [] };
        }
        const query = request.query as { from?: string; to?: string };
        const errors: FieldError[] = [];
        const [from, to] = (["from", "to"] as const).map((key) => {
          const t = parseMoment(b.booking, query[key]);
          if (t === null)
            errors.push({
              pointer: `/query/${key}`,
              message: query[key] === undefined ? "is required" : `is not a ${momentKind(b.booking)}`,
            });
          return t ?? 0;
        });
        if (!errors.length && to <= from) errors.push({ pointer: "/query/to", message: "must be after from" });
        if (!errors.length && (to - from) / unitMs(b.booking) > MAX_UNITS)
          errors.push({ pointer: "/query/to", message: `spans more than ${MAX_UNITS} ${b.booking.unit}` });
        if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The range is invalid.", errors);
        const units = await service.availability(app.db, tenantId, b, resourceId, from, to, resource.capacity);
        return {
          unit: b.booking.unit,
          capacity: resource.capacity,
          slots: units.map((u) => ({
            start: formatMoment(b.booking, u.start),
            end: formatMoment(b.booking, u.end),
            remaining: u.remaining,
          })),
        };
      },
    );

    // ---- bookings --------------------------------------------------------------------------

    app.post("/api/v1/tenant/bookings/:entity", { config, schema: createSchema }, async (request, reply) => {
      const b = bookable(request);
      const { booking } = b;
      const body = request.body as Record<string, unknown>;
      const errors: FieldError[] = [];
      if (Object.hasOwn(body, booking.status))
        errors.push({ pointer: `/body/${booking.status}`, message: "is kept by the bookings API" });
      const resourceId = body[booking.resource.foreignKey];
      if (typeof resourceId !== "string" || !/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(resourceId))
        errors.push({
          pointer: `/body/${booking.resource.foreignKey}`,
          message: `must be the id of a ${b.resource.name}`,
        });
      let range: { start: number; end: number } | null = null;
      if (booking.range) {
        const [start, end] = [booking.range.start, booking.range.end].map((f) => {
          const t = parseMoment(booking, body[f]);
          if (t === null)
            errors.push({
              pointer: `/body/${f}`,
              message: body[f] === undefined ? "is required" : `must be a ${momentKind(booking)}`,
            });
          return t ?? 0;
        });
        if (!errors.length && end <= start)
          errors.push({ pointer: `/body/${booking.range.end}`, message: `must be after ${booking.range.start}` });
        if (!errors.length && (end - start) / unitMs(booking) > MAX_UNITS)
          errors.push({
            pointer: `/body/${booking.range.end}`,
            message: `spans more than ${MAX_UNITS} ${booking.unit}`,
          });
        range = { start, end };
      }
      const seats = booking.seats && body[booking.seats] !== undefined ? body[booking.seats] : 1;
      if (!Number.isInteger(seats) || (seats as number) < 1)
        errors.push({ pointer: `/body/${booking.seats}`, message: "must be a whole number of at least 1" });
      if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "Some fields are invalid.", errors);

      const tenantId = request.tenant!.id;
      const caller = await callerOf(request, b);
      const ctx: WriteContext = { request, later: [] };
      await service.prepare(tenantId, b);
      const result = await store.sessions.transaction(tenantId, async (tx) => {
        await service.lock(tx, tenantId, b, resourceId as string);
        const resource = await service.resource(tx, tenantId, b, resourceId as string);
        if (!resource || !(await service.visible(tx, tenantId, b, resourceId as string, caller)))
          throw new ApiError("RT_ERR_VALIDATION", `No such ${b.resource.name}.`, [
            { pointer: `/body/${booking.resource.foreignKey}`, message: `is not a ${b.resource.name} you can book` },
          ]);
        const fit = await service.fits(
          tx,
          tenantId,
          b,
          resourceId as string,
          resource.capacity,
          range,
          seats as number,
          null,
        );
        const waiting = booking.states.waitlisted;
        if (!fit.ok && (fit.reason === "closed" || !waiting)) throw service.refusal(b, fit, seats as number);
        const status = !fit.ok
          ? waiting!
          : booking.mode === "request" && !resource.instant
            ? booking.states.pending!
            : booking.states.confirmed;
        // The caller's create rule and field rules decide over what they sent; the status is the API's.
        const record = await service.create(ctx, tx, tenantId, b, caller, body, status);
        return { record, outcome: outcomeOf(b, status), promoted: [] as string[] };
      });
      await runLater(request, ctx);
      reply.code(201);
      return result;
    });

    const action = (name: "accept" | "decline" | "cancel", what: string) =>
      app.post(
        `/api/v1/tenant/bookings/:entity/:id/${name}`,
        { config, schema: actionSchema(what) },
        async (request) => {
          const b = bookable(request);
          const { booking } = b;
          const { id } = request.params as { id: string };
          const tenantId = request.tenant!.id;
          const caller = await callerOf(request, b);
          const first = await service.booking(app.db, tenantId, b, id);
          if (!first) throw notFound(b, "booking");
          const resourceId = first[booking.resource.foreignKey] as string;
          const ctx: WriteContext = { request, later: [] };
          await service.prepare(tenantId, b);
          const result = await store.sessions.transaction(tenantId, async (tx) => {
            await service.lock(tx, tenantId, b, resourceId);
            const row = await service.booking(tx, tenantId, b, id);
            if (!row) throw notFound(b, "booking");
            const resource = await service.resource(tx, tenantId, b, resourceId);
            const mine =
              caller.admin || (resource !== null && caller.userId !== null && resource.createdBy === caller.userId);
            const own = caller.userId !== null && (await service.creator(tx, tenantId, b, id)) === caller.userId;
            const status = row[booking.status] as string;
            const conflict = (allowed: string) =>
              new ApiError(
                "RT_ERR_CONFLICT",
                `This ${b.entity.name} is ${status}: only a booking that is ${allowed} can be ${name === "cancel" ? "cancelled" : `${name}ed`}.`,
                [{ pointer: "/params/id", message: `is ${status}` }],
              );
            let next: string;
            if (name === "accept") {
              if (!mine) throw ownerOnly(b);
              if (status !== booking.states.pending) throw conflict(booking.states.pending ?? "pending");
              next = booking.states.confirmed;
            } else if (name === "decline") {
              if (!mine) throw ownerOnly(b);
              const open = [booking.states.pending, booking.states.waitlisted].filter((s): s is string => !!s);
              if (!open.includes(status)) throw conflict(open.join(" or "));
              next = booking.states.declined ?? booking.states.cancelled;
            } else {
              if (!mine && !own)
                throw new ApiError(
                  "RT_ERR_FORBIDDEN",
                  `Only whoever booked, the ${b.resource.name}'s owner or a tenant admin may cancel.`,
                );
              const open = [booking.states.pending, booking.states.confirmed, booking.states.waitlisted].filter(
                (s): s is string => !!s,
              );
              if (!open.includes(status)) throw conflict(open.join(", "));
              next = booking.states.cancelled;
            }
            const record = await service.setStatus(ctx, tx, tenantId, b, id, next);
            const promoted =
              name !== "accept" && resource
                ? await service.promote(ctx, tx, tenantId, b, resourceId, resource.capacity, resource.instant)
                : [];
            return { record, outcome: outcomeOf(b, next), promoted };
          });
          await runLater(request, ctx);
          return result;
        },
      );
    action("accept", "Accepted: the request is confirmed.");
    action("decline", "Declined: its seats are free again (and the waitlist moves up).");
    action("cancel", "Cancelled: its seats are free again (and the waitlist moves up).");
  },
  { name: "mono-bookings" },
);

/** What the write hooks left for after the commit (workflow dispatch, notifications), as the entity routes do. */
async function runLater(request: FastifyRequest, ctx: WriteContext): Promise<void> {
  for (const fn of ctx.later) await fn().catch((err: unknown) => request.log.warn({ err }, "after a booking write"));
}

function outcomeOf(b: Bookable, status: string): "confirmed" | "pending" | "waitlisted" | "declined" | "cancelled" {
  const s = b.booking.states;
  if (status === s.confirmed) return "confirmed";
  if (status === s.pending) return "pending";
  if (status === s.waitlisted) return "waitlisted";
  if (status === s.declined) return "declined";
  return "cancelled";
}

/** A PUT's entries, validated: moments of the bookable's kind, end after start, a rule that parses. */
function parseEntries(b: Bookable, raw: unknown[]): CalendarEntry[] {
  const errors: FieldError[] = [];
  const entries = raw.map((value, i) => {
    const e = value as { kind: "open" | "closed"; start: string; end: string; rrule?: string };
    const at = `/body/entries/${i}`;
    const [start, end] = (["start", "end"] as const).map((key) => {
      const t = parseMoment(b.booking, e[key]);
      if (t === null)
        errors.push({
          pointer: `${at}/${key}`,
          message: `must be a ${momentKind(b.booking)}`,
        });
      return t ?? 0;
    });
    if (start && end && end <= start) errors.push({ pointer: `${at}/end`, message: "must be after start" });
    else if (b.booking.unit === "nights" && start && end && end - start < DAY)
      errors.push({ pointer: `${at}/end`, message: "must be at least one night after start" });
    const problem = e.rrule !== undefined ? rruleProblem(e.rrule) : null;
    if (problem) errors.push({ pointer: `${at}/rrule`, message: problem });
    return { kind: e.kind, rrule: e.rrule?.toUpperCase() ?? null, startsAt: start, endsAt: end };
  });
  if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "Some calendar entries are invalid.", errors);
  return entries;
}
