/**
 * The validators' uuid, date and date-time (engine/src/contract/stored-formats.ts) accept only
 * what PostgreSQL stores as given: every accepted string casts, and every string PostgreSQL
 * refuses is refused first, so a bad value is a 400 with a pointer from validation, not a cast
 * error from the database. Checked against the real server.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORED_FORMATS, type StoredFormat } from "../../engine/src/contract/stored-formats.ts";

const CANDIDATES: Record<StoredFormat, { type: string; values: string[] }> = {
  uuid: {
    type: "uuid",
    values: [
      "123e4567-e89b-12d3-a456-426614174000",
      "123E4567-E89B-12D3-A456-426614174000",
      "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
      "{123e4567-e89b-12d3-a456-426614174000}",
      "123e4567e89b12d3a456426614174000",
      "123e4567-e89b-12d3-a456-42661417400",
    ],
  },
  date: {
    type: "date",
    values: [
      "2024-02-29",
      "2023-02-29",
      "0000-01-01",
      "0001-01-01",
      "9999-12-31",
      "2024-13-01",
      "2024-1-1",
      "20240101",
    ],
  },
  "date-time": {
    type: "timestamptz",
    values: [
      "2024-05-01T10:00:00Z",
      "2024-05-01t10:00:00z",
      "2024-05-01 10:00:00+02:00",
      "2024-05-01T10:00:00+0530",
      "2024-05-01T10:00:00+05",
      "2024-05-01T10:00:00+15:59",
      "2024-05-01T10:00:00-15:59",
      "2024-05-01T10:00:00+16:00",
      "2024-05-01T10:00:00-17:30",
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
      "2024-05-01T10:00:00.123456789Z",
      "2024-02-30T10:00:00Z",
      "2024-05-01T24:00:00Z",
      "2024-05-01T10:00:00",
    ],
  },
};

describe("stored formats agree with PostgreSQL", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({
      connectionString: `postgres://${process.env.PGUSER || "postgres"}@127.0.0.1:${process.env.PGPORT || "5432"}/postgres`,
    });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  for (const [format, { type, values }] of Object.entries(CANDIDATES) as [
    StoredFormat,
    (typeof CANDIDATES)["uuid"],
  ][]) {
    it(`${format}: accepted ⇒ PostgreSQL stores it; PostgreSQL refuses ⇒ refused`, async () => {
      let accepted = 0;
      let refusedByBoth = 0;
      for (const value of values) {
        const stored = await client.query(`SELECT $1::${type}`, [value]).then(
          () => true,
          () => false,
        );
        if (STORED_FORMATS[format](value)) {
          expect(stored, `${format} accepts ${value}, PostgreSQL refuses it`).toBe(true);
          accepted++;
        } else if (!stored) refusedByBoth++;
      }
      expect(accepted).toBeGreaterThan(0);
      expect(refusedByBoth).toBeGreaterThan(0);
    });
  }

  it("refuses what JSON Schema allows and PostgreSQL would refuse or change", () => {
    expect(STORED_FORMATS.uuid("urn:uuid:123e4567-e89b-12d3-a456-426614174000")).toBe(false);
    expect(STORED_FORMATS.date("0000-01-01")).toBe(false);
    expect(STORED_FORMATS["date-time"]("2024-05-01T10:00:00+16:00")).toBe(false);
    expect(STORED_FORMATS["date-time"]("0000-01-01T00:00:00Z")).toBe(false);
    // PostgreSQL takes a leap second but stores the next minute: not what was sent.
    expect(STORED_FORMATS["date-time"]("2016-12-31T23:59:60Z")).toBe(false);
  });
});
