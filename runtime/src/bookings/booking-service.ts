/**
 * Bookings of any template's bookable entity (entity `booking`, BookingRegistry): availability
 * from the resource's calendar, and writes that can never overbook. Every write that changes
 * which seats are held (a booking, an acceptance, a decline, a cancellation and the waitlist
 * promotions it causes) runs in one transaction under an advisory lock of the resource, so two
 * requests for one resource are serialised while other resources proceed; the check reads the
 * bookings the transaction sees after taking the lock. The lock works the same on PostgreSQL and
 * PGlite.
 */
import type { BookingRegistry, EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { SqlSession } from "../db/database.ts";
import type { FastifyRequest } from "fastify";
import type { EntityStore, EntityWriteHooks, Row } from "../crud/index.ts";
import type { CallerAccess } from "../crud/model/access.ts";
import type { Owner } from "../crud/sql/ref-checks.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { ident } from "../crud/sql/ident.ts";
import {
  coveringUnits,
  DAY,
  openUnits,
  withRemaining,
  type CalendarEntry,
  type Held,
  type Window,
} from "./calendar.ts";

/** A bookable entity with its template. */
export interface Bookable {
  readonly template: TemplateRegistry;
  readonly entity: EntityRegistry;
  readonly booking: BookingRegistry;
  readonly resource: EntityRegistry;
}

/** The caller as the bookings API sees it. */
export interface BookingCaller {
  readonly userId: string | null;
  /** Tenant admin (or super admin), or any caller of an app without authorization: acts for any owner. */
  readonly admin: boolean;
  /** The caller's compiled rules (apps with authz); absent: unrestricted. */
  readonly access?: CallerAccess;
  readonly owner: Owner;
}

/** Nights and slots a request may span at most (a booking, an availability query). */
export const MAX_UNITS = 1000;

const q = ident;

export function bookableOf(template: TemplateRegistry, entity: EntityRegistry): Bookable | null {
  if (!entity.booking || entity.draft) return null;
  const resource = template.entities.find((e) => e.name === entity.booking!.resource.entity);
  return resource ? { template, entity, booking: entity.booking, resource } : null;
}

const column = (entity: EntityRegistry, field: string) =>
  entity.fields.find((f) => f.name === field)?.columns[0]?.name ?? field;
const softDeleted = (entity: EntityRegistry) => entity.systemColumns.some((c) => c.name === "deletedAt");

/** The unit length of a bookable, in ms (one day for nights). */
export const unitMs = (b: BookingRegistry) => (b.unit === "nights" ? DAY : b.slotMinutes * 60_000);

/** Moments the bookings API takes: from 1970 to 2199 (so a calendar's rules expand over a bounded span). */
export const EARLIEST = Date.UTC(1970, 0, 1);
export const LATEST = Date.UTC(2200, 0, 1);

/** A date (nights) or date-time (slots) value as ms, or null when it is not one (or out of 1970–2199). */
export function parseMoment(b: BookingRegistry, value: unknown): number | null {
  if (typeof value !== "string") return null;
  let t: number;
  if (b.unit === "nights") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
    t = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) return null;
  } else {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
    t = Date.parse(value);
    if (Number.isNaN(t)) return null;
  }
  return t >= EARLIEST && t < LATEST ? t : null;
}

/** What a moment of this bookable must look like (the message of a refused one). */
export const momentKind = (b: BookingRegistry) =>
  `${b.unit === "nights" ? "date (YYYY-MM-DD)" : "date-time with offset"} from 1970 to 2199`;

/** How a moment is written back (dates for nights, ISO date-times for slots). */
export const formatMoment = (b: BookingRegistry, t: number) =>
  b.unit === "nights" ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString();

interface Fit {
  readonly ok: boolean;
  /** closed: not open in the calendar; full: open, but fewer seats are left than asked. */
  readonly reason?: "closed" | "full";
  readonly at?: number;
  readonly remaining?: number;
}

/**
 * The request a write belongs to and what the write hooks (workflows, media) want done after
 * its transaction commits.
 */
export interface WriteContext {
  readonly request: FastifyRequest;
  readonly later: (() => Promise<void>)[];
}

export class BookingService {
  constructor(
    private readonly store: EntityStore,
    private readonly hooks: EntityWriteHooks | null = null,
  ) {}

  /** The hooks' lookups before a write's transaction (on the pool). */
  async prepare(tenantId: string, b: Bookable): Promise<void> {
    const target = await this.store.target(tenantId, b.template, b.entity);
    if (this.hooks?.applies(target)) await this.hooks.prepare?.(target);
  }

  /**
   * Creates the booking through the entity store with the caller's rules, then writes its status,
   * inside the write hooks as one create (a workflow's `on: create` trigger sees the booking).
   */
  async create(
    ctx: WriteContext,
    tx: SqlSession,
    tenantId: string,
    b: Bookable,
    caller: BookingCaller,
    body: Record<string, unknown>,
    status: string,
  ): Promise<Row> {
    const target = await this.store.target(tenantId, b.template, b.entity, tx);
    const hooked = this.hooks?.applies(target) ? this.hooks : null;
    const state = hooked ? await hooked.before(ctx.request, target, "create", body, null, tx) : null;
    const created = await this.store.create(
      caller.access ? { ...target, access: caller.access } : target,
      body,
      caller.owner,
      tx,
    );
    const row = await this.store.update(target, created.id as string, { [b.booking.status]: status }, tx);
    if (hooked) ctx.later.push(...(await hooked.after(ctx.request, target, "create", row, body, state, tx)));
    return row;
  }

  /** The advisory lock of one resource's bookings, held until the transaction ends. */
  async lock(tx: SqlSession, tenantId: string, b: Bookable, resourceId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `booking:${tenantId}:${b.template.id}:${b.entity.name}:${resourceId}`,
    ]);
  }

  /** The resource's owner and capacity, or null when it does not exist (or is deleted). */
  async resource(
    s: SqlSession,
    tenantId: string,
    b: Bookable,
    resourceId: string,
  ): Promise<{ createdBy: string | null; capacity: number; instant: boolean } | null> {
    const instant = b.booking.instantField ? q(column(b.resource, b.booking.instantField)) : "false";
    const capacity =
      "field" in b.booking.capacity
        ? `${q(column(b.resource, b.booking.capacity.field))}`
        : String(b.booking.capacity.value);
    const { rows } = await s.query<{ createdBy: string | null; capacity: number | null; instant: boolean | null }>(
      `SELECT "createdBy", ${capacity} AS "capacity", ${instant} AS "instant" FROM ${q(b.resource.table)}
        WHERE "tenantId" = $1 AND "id" = $2${softDeleted(b.resource) ? ` AND "deletedAt" IS NULL` : ""}`,
      [tenantId, resourceId],
    );
    return rows[0]
      ? { createdBy: rows[0].createdBy, capacity: Number(rows[0].capacity ?? 0), instant: rows[0].instant === true }
      : null;
  }

  /** Whether the caller may see the resource (its read rule), through the entity store. */
  async visible(s: SqlSession, tenantId: string, b: Bookable, resourceId: string, caller: BookingCaller) {
    const target = await this.store.target(tenantId, b.template, b.resource, s);
    const row = await this.store.get(
      caller.access ? { ...target, access: caller.access } : target,
      resourceId,
      { fields: "id" },
      s,
    );
    return row !== null;
  }

  async entries(s: SqlSession, tenantId: string, b: Bookable, resourceId: string): Promise<CalendarEntry[]> {
    const { rows } = await s.query<{ kind: "open" | "closed"; rrule: string | null; startsAt: number; endsAt: number }>(
      `SELECT "kind", "rrule", (extract(epoch FROM "startsAt") * 1000)::float8 AS "startsAt",
              (extract(epoch FROM "endsAt") * 1000)::float8 AS "endsAt"
         FROM "booking_calendar"
        WHERE "tenantId" = $1 AND "templateId" = $2 AND "entity" = $3 AND "resourceId" = $4
        ORDER BY "createdAt", "id"`,
      [tenantId, b.template.id, b.entity.name, resourceId],
    );
    return rows.map((r) => ({ ...r, startsAt: Number(r.startsAt), endsAt: Number(r.endsAt) }));
  }

  /** The calendar entries as the API shows them. */
  async calendar(s: SqlSession, tenantId: string, b: Bookable, resourceId: string) {
    return (await this.entries(s, tenantId, b, resourceId)).map((e) => ({
      kind: e.kind,
      start: formatMoment(b.booking, e.startsAt),
      end: formatMoment(b.booking, e.endsAt),
      ...(e.rrule ? { rrule: e.rrule } : {}),
    }));
  }

  /** Replaces the resource's calendar (validated by the caller). */
  async setCalendar(tx: SqlSession, tenantId: string, b: Bookable, resourceId: string, entries: CalendarEntry[]) {
    await tx.query(
      `DELETE FROM "booking_calendar" WHERE "tenantId" = $1 AND "templateId" = $2 AND "entity" = $3 AND "resourceId" = $4`,
      [tenantId, b.template.id, b.entity.name, resourceId],
    );
    for (const e of entries)
      await tx.query(
        `INSERT INTO "booking_calendar" ("tenantId", "templateId", "entity", "resourceId", "kind", "rrule", "startsAt", "endsAt", "createdAt")
         VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8 / 1000), to_timestamp($8::float8 / 1000), clock_timestamp())`,
        [tenantId, b.template.id, b.entity.name, resourceId, e.kind, e.rrule, e.startsAt, e.endsAt],
      );
  }

  /** Seats held on the resource in [from, to) (pending and confirmed bookings), except `except`. */
  async held(
    s: SqlSession,
    tenantId: string,
    b: Bookable,
    resourceId: string,
    from: number,
    to: number,
    except: string | null = null,
  ): Promise<Held[]> {
    const { booking, entity } = b;
    const live = [booking.states.confirmed, ...(booking.states.pending ? [booking.states.pending] : [])];
    const seats = booking.seats ? `COALESCE(${q(column(entity, booking.seats))}, 1)` : "1";
    const params: unknown[] = [tenantId, resourceId, live, except];
    let range = `0::float8 AS "start", 0::float8 AS "end"`;
    let where = "";
    if (booking.range) {
      const [start, end] = [booking.range.start, booking.range.end].map((f) => q(column(entity, f)));
      const cast = booking.unit === "nights" ? "date" : "timestamptz";
      range = `(extract(epoch FROM ${start}) * 1000)::float8 AS "start", (extract(epoch FROM ${end}) * 1000)::float8 AS "end"`;
      params.push(formatMoment(booking, from), formatMoment(booking, to));
      where = ` AND ${start} < $6::${cast} AND ${end} > $5::${cast}`;
    }
    const { rows } = await s.query<{ start: number; end: number; seats: number }>(
      `SELECT ${range}, ${seats} AS "seats" FROM ${q(entity.table)}
        WHERE "tenantId" = $1 AND ${q(booking.resource.foreignKey)} = $2 AND ${q(column(entity, booking.status))} = ANY($3::text[])
          AND ($4::uuid IS NULL OR "id" <> $4::uuid)${softDeleted(entity) ? ` AND "deletedAt" IS NULL` : ""}${where}`,
      params,
    );
    return rows.map((r) =>
      booking.range
        ? { start: Number(r.start), end: Number(r.end), seats: Number(r.seats) }
        : { start: 0, end: 1, seats: Number(r.seats) },
    );
  }

  /** The free units of [from, to) with their seats left (only those with at least one). */
  async availability(
    s: SqlSession,
    tenantId: string,
    b: Bookable,
    resourceId: string,
    from: number,
    to: number,
    capacity: number,
  ) {
    const entries = await this.entries(s, tenantId, b, resourceId);
    const units = openUnits(entries, from, to, unitMs(b.booking), b.booking.unit === "nights");
    const held = await this.held(s, tenantId, b, resourceId, from, to);
    return withRemaining(units, held, capacity).filter((u) => u.remaining > 0);
  }

  /** Whether a booking of [start, end) taking `seats` fits now (the caller holds the lock). */
  async fits(
    s: SqlSession,
    tenantId: string,
    b: Bookable,
    resourceId: string,
    capacity: number,
    range: Window | null,
    seats: number,
    except: string | null,
  ): Promise<Fit> {
    if (!range) {
      const held = await this.held(s, tenantId, b, resourceId, 0, 1, except);
      const remaining = capacity - held.reduce((n, h) => n + h.seats, 0);
      return remaining >= seats ? { ok: true } : { ok: false, reason: "full", remaining };
    }
    const entries = await this.entries(s, tenantId, b, resourceId);
    const units = openUnits(entries, range.start, range.end, unitMs(b.booking), b.booking.unit === "nights");
    const covered = coveringUnits(units, range.start, range.end);
    if (!covered.ok) return { ok: false, reason: "closed", at: covered.at };
    const held = await this.held(s, tenantId, b, resourceId, range.start, range.end, except);
    const short = withRemaining(covered.units, held, capacity).find((u) => u.remaining < seats);
    return short
      ? { ok: false, reason: "full", at: short.start, remaining: Math.max(0, short.remaining) }
      : { ok: true };
  }

  /** The refusal of a booking that does not fit: 422 outside availability, 409 when full. */
  refusal(b: Bookable, fit: Fit, seats: number): ApiError {
    const { booking } = b;
    const pointers: FieldError[] = booking.range
      ? [booking.range.start, booking.range.end].map((f) => ({ pointer: `/body/${f}`, message: "" }))
      : [{ pointer: `/body/${booking.resource.foreignKey}`, message: "" }];
    const when =
      fit.at !== undefined && booking.range
        ? ` on ${booking.unit === "nights" ? "the night of " : ""}${formatMoment(booking, fit.at)}`
        : "";
    if (fit.reason === "closed") {
      const message = `is not open for booking${when} (the resource's availability calendar)`;
      return new ApiError(
        "RT_ERR_UNPROCESSABLE",
        `This ${b.resource.name} cannot be booked${when}: it is outside its availability.`,
        pointers.map((p) => ({ ...p, message })),
        { reason: "unavailable" },
      );
    }
    const message = `${fit.remaining ?? 0} of the ${seats} seats asked are left${when}`;
    return new ApiError(
      "RT_ERR_CONFLICT",
      `This ${b.resource.name} is fully booked${when}.`,
      (booking.seats ? [...pointers, { pointer: `/body/${booking.seats}`, message: "" }] : pointers).map((p) => ({
        ...p,
        message,
      })),
      { reason: "full", remaining: fit.remaining ?? 0 },
    );
  }

  /** A booking's row as the store reads it (unrestricted), or null. */
  async booking(s: SqlSession, tenantId: string, b: Bookable, id: string): Promise<Row | null> {
    const target = await this.store.target(tenantId, b.template, b.entity, s);
    return this.store.get(target, id, {}, s);
  }

  /** Who made a booking (its `createdBy`: records as served leave it out). */
  async creator(s: SqlSession, tenantId: string, b: Bookable, id: string): Promise<string | null> {
    const { rows } = await s.query<{ createdBy: string | null }>(
      `SELECT "createdBy" FROM ${q(b.entity.table)} WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, id],
    );
    return rows[0]?.createdBy ?? null;
  }

  /**
   * Writes the status the API keeps (unrestricted: clients never write it), inside the write
   * hooks as an update of that field (a workflow's `update` trigger on it runs).
   */
  async setStatus(
    ctx: WriteContext,
    s: SqlSession,
    tenantId: string,
    b: Bookable,
    id: string,
    value: string,
  ): Promise<Row> {
    const target = await this.store.target(tenantId, b.template, b.entity, s);
    const body = { [b.booking.status]: value };
    const hooked = this.hooks?.applies(target) ? this.hooks : null;
    const state = hooked ? await hooked.before(ctx.request, target, "update", body, id, s) : null;
    const row = await this.store.update(target, id, body, s);
    if (hooked) ctx.later.push(...(await hooked.after(ctx.request, target, "update", row, body, state, s)));
    return row;
  }

  /** The range of a stored booking, or null for whole-resource bookings. */
  rangeOf(b: Bookable, row: Row): Window | null {
    if (!b.booking.range) return null;
    const start = parseMoment(b.booking, row[b.booking.range.start]);
    const end = parseMoment(b.booking, row[b.booking.range.end]);
    return start !== null && end !== null ? { start, end } : null;
  }

  seatsOf(b: Bookable, row: Row): number {
    return b.booking.seats ? Number(row[b.booking.seats] ?? 1) : 1;
  }

  /**
   * Waitlisted bookings of the resource, oldest first, promoted while they fit (a cancellation
   * or decline freed seats): each becomes pending (request-to-book) or confirmed. Returns their ids.
   */
  async promote(
    ctx: WriteContext,
    tx: SqlSession,
    tenantId: string,
    b: Bookable,
    resourceId: string,
    capacity: number,
    instant = false,
  ): Promise<string[]> {
    const waiting = b.booking.states.waitlisted;
    if (!waiting) return [];
    const { rows } = await tx.query<{ id: string }>(
      `SELECT "id" FROM ${q(b.entity.table)}
        WHERE "tenantId" = $1 AND ${q(b.booking.resource.foreignKey)} = $2 AND ${q(column(b.entity, b.booking.status))} = $3
          ${softDeleted(b.entity) ? `AND "deletedAt" IS NULL` : ""}
        ORDER BY "createdAt", "id"`,
      [tenantId, resourceId, waiting],
    );
    const promoted: string[] = [];
    for (const { id } of rows) {
      const row = await this.booking(tx, tenantId, b, id);
      if (!row) continue;
      const fit = await this.fits(
        tx,
        tenantId,
        b,
        resourceId,
        capacity,
        this.rangeOf(b, row),
        this.seatsOf(b, row),
        id,
      );
      if (!fit.ok) continue;
      await this.setStatus(
        ctx,
        tx,
        tenantId,
        b,
        id,
        b.booking.mode === "request" && !instant ? b.booking.states.pending! : b.booking.states.confirmed,
      );
      promoted.push(id);
    }
    return promoted;
  }
}
