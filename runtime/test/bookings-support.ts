/**
 * The bookings tests' own template (engine/test/fixtures/hut-hire.json; no shipped template's
 * words): huts booked by the night (one party at a time, instant), studios booked by the hour
 * (seats per slot from the studio, request-to-book) and gatherings booked as a whole (seats from
 * the gathering, waitlist).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const BOOKING_TEMPLATE = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "../../engine/test/fixtures/hut-hire.json"), "utf8"),
);
