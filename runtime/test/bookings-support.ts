/**
 * A template of the bookings tests' own (no shipped template's words): huts booked by the night
 * (one party at a time, instant), studios booked by the hour (seats per slot from the studio,
 * request-to-book) and gatherings booked as a whole (seats from the gathering, waitlist).
 */
const label = (en: string) => ({ en });
const STATES = ["asked", "held", "queued", "dropped", "refused"];

export const BOOKING_TEMPLATE = {
  id: "hut-hire",
  version: "1.0.0",
  title: label("Hut hire"),
  locales: ["en"],
  entities: {
    Hut: {
      id: "ent_hut",
      label: label("Hut"),
      scope: "tenant",
      schema: { type: "object", properties: { name: { "x-id": "fld_hut_name", type: "string", maxLength: 80 } } },
      relations: { nights: { id: "rel_hut_nights", to: "Night", kind: "one-to-many", inverse: "hut" } },
    },
    Night: {
      id: "ent_night",
      label: label("Night"),
      scope: "tenant",
      softDelete: true,
      schema: {
        type: "object",
        required: ["arrive", "leave"],
        properties: {
          arrive: { "x-id": "fld_night_arrive", type: "string", format: "date" },
          leave: { "x-id": "fld_night_leave", type: "string", format: "date", "x-gt": "arrive" },
          note: { "x-id": "fld_night_note", type: "string", maxLength: 200 },
          phase: { "x-id": "fld_night_phase", type: "string", enum: STATES, default: "asked" },
        },
      },
      relations: { hut: { id: "rel_night_hut", to: "Hut", kind: "many-to-one", required: true, onDelete: "cascade" } },
      booking: {
        resource: "hut",
        range: ["arrive", "leave"],
        mode: "instant",
        status: "phase",
        states: { confirmed: "held", cancelled: "dropped" },
      },
    },
    Studio: {
      id: "ent_studio",
      label: label("Studio"),
      scope: "tenant",
      schema: {
        type: "object",
        properties: {
          name: { "x-id": "fld_studio_name", type: "string", maxLength: 80 },
          desks: { "x-id": "fld_studio_desks", type: "integer", minimum: 1, maximum: 100 },
        },
      },
      relations: { hours: { id: "rel_studio_hours", to: "Hour", kind: "one-to-many", inverse: "studio" } },
    },
    Hour: {
      id: "ent_hour",
      label: label("Hour"),
      scope: "tenant",
      schema: {
        type: "object",
        required: ["begins", "ends"],
        properties: {
          begins: { "x-id": "fld_hour_begins", type: "string", format: "date-time" },
          ends: { "x-id": "fld_hour_ends", type: "string", format: "date-time" },
          people: { "x-id": "fld_hour_people", type: "integer", minimum: 1, maximum: 20 },
          phase: { "x-id": "fld_hour_phase", type: "string", enum: STATES, default: "asked" },
        },
      },
      relations: {
        studio: { id: "rel_hour_studio", to: "Studio", kind: "many-to-one", required: true, onDelete: "cascade" },
      },
      booking: {
        resource: "studio",
        range: ["begins", "ends"],
        slotMinutes: 60,
        capacity: "desks",
        seats: "people",
        mode: "request",
        status: "phase",
        states: { pending: "asked", confirmed: "held", cancelled: "dropped", declined: "refused" },
      },
    },
    Gathering: {
      id: "ent_gathering",
      label: label("Gathering"),
      scope: "tenant",
      schema: {
        type: "object",
        properties: {
          name: { "x-id": "fld_gathering_name", type: "string", maxLength: 80 },
          room: { "x-id": "fld_gathering_room", type: "integer", minimum: 1, maximum: 1000 },
        },
      },
      relations: { places: { id: "rel_gathering_places", to: "Place", kind: "one-to-many", inverse: "gathering" } },
    },
    Place: {
      id: "ent_place",
      label: label("Place"),
      scope: "tenant",
      schema: {
        type: "object",
        properties: {
          party: { "x-id": "fld_place_party", type: "integer", minimum: 1, maximum: 10 },
          phase: { "x-id": "fld_place_phase", type: "string", enum: STATES, default: "asked" },
        },
      },
      relations: {
        gathering: {
          id: "rel_place_gathering",
          to: "Gathering",
          kind: "many-to-one",
          required: true,
          onDelete: "cascade",
        },
      },
      booking: {
        resource: "gathering",
        capacity: "room",
        seats: "party",
        status: "phase",
        states: { confirmed: "held", waitlisted: "queued", cancelled: "dropped" },
      },
    },
  },
};
