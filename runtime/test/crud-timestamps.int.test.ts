/**
 * Top-level records read timestamps as PostgreSQL's text and re-punctuate it in JS
 * (model/outputs.ts); included records format them in SQL with `to_char`. Both must give the
 * same text for every value and every session time zone the server may run in.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoFromPgTimestamp } from "../src/crud/model/outputs.ts";
import { isoTimestamp } from "../src/crud/sql/ident.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";

const VALUES = [
  "2026-11-22 02:27:03.123456+00",
  "2026-11-22 02:27:03.999999+00",
  "2026-11-22 02:27:03.000001+00",
  "2026-11-22 02:27:03.5+00",
  "2026-11-22 02:27:03+00",
  "2024-02-29 23:59:59.9995+00",
  "2026-03-29 01:30:00+00", // a DST change in Europe
  "1900-01-01 00:00:00+00", // local mean time offsets with seconds in some zones
  "0050-06-15 12:00:00.25+00", // a two-digit year, which Date parsers like to read as 19xx
  "9999-12-31 23:59:59.999999+00",
];
const ZONES = ["UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam", "Pacific/Chatham"];

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe("timestamps of top-level records", () => {
  it.each(ZONES)("read as text in a %s session, they equal the SQL-formatted text of includes", async (zone) => {
    await client.query(`SET TimeZone = '${zone}'`);
    const { rows } = await client.query<{ text: string; formatted: string }>(
      `SELECT v::text AS "text", ${isoTimestamp("v")} AS "formatted" FROM unnest($1::timestamptz[]) AS u(v)`,
      [VALUES],
    );
    expect(rows).toHaveLength(VALUES.length);
    for (const row of rows) expect({ text: row.text, iso: isoFromPgTimestamp(row.text) }).toEqual({ text: row.text, iso: row.formatted });
  });

  it("passes nulls through and never invents a date from text it cannot read", () => {
    expect(isoFromPgTimestamp(null)).toBeNull();
    expect(isoFromPgTimestamp(undefined)).toBeNull();
    expect(isoFromPgTimestamp("not a timestamp")).toBeNull();
  });
});
