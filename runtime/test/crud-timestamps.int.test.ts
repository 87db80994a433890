/**
 * Top-level records read timestamps as the text PostgreSQL prints (the `timestampText` query
 * option) and re-punctuate it in JS (model/outputs.ts); included records format them in SQL
 * with `to_char`. Both must give the same text for every value, every session time zone, and
 * both database adapters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteDatabase, createPostgresDatabase, type Database, type SqlSession } from "../src/db/database.ts";
import { isoFromPgTimestamp } from "../src/crud/model/outputs.ts";
import { isoTimestamp } from "../src/crud/sql/ident.ts";
import { createTestPglite } from "../../test/support/pglite.ts";
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

let testDb: TestDatabase;
let postgres: Database;
let pglite: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  postgres = createPostgresDatabase(testDb.url, { max: 1 });
  pglite = createPgliteDatabase(await createTestPglite());
});
afterAll(async () => {
  await postgres?.close();
  await pglite?.close();
  await testDb?.drop();
});

async function compare(session: SqlSession, zone: string) {
  await session.exec(`SET TimeZone = '${zone}'`);
  const { rows } = await session.query<{ raw: unknown; formatted: string }>(
    `SELECT v AS "raw", ${isoTimestamp("v")} AS "formatted" FROM unnest($1::timestamptz[]) AS u(v)`,
    [VALUES],
    undefined,
    { timestampText: true },
  );
  expect(rows).toHaveLength(VALUES.length);
  for (const row of rows) {
    expect(typeof row.raw).toBe("string");
    expect({ raw: row.raw, iso: isoFromPgTimestamp(row.raw) }).toEqual({ raw: row.raw, iso: row.formatted });
  }
}

describe("timestamps of top-level records", () => {
  it.each(ZONES)(
    "PostgreSQL, a %s session: the text decodes to what the SQL formatting of includes gives",
    async (zone) => {
      await postgres.session((s) => compare(s, zone));
    },
  );

  it.each(ZONES)("PGlite, a %s session: the same", async (zone) => {
    await compare(pglite, zone);
  });

  it("other queries still get Dates", async () => {
    const { rows } = await postgres.query<{ at: unknown }>(`SELECT '2026-11-22 02:27:03.5+00'::timestamptz AS "at"`);
    expect(rows[0].at).toBeInstanceOf(Date);
    const lite = await pglite.query<{ at: unknown }>(`SELECT '0050-06-15 12:00:00+00'::timestamptz AS "at"`);
    expect((lite.rows[0].at as Date).toISOString()).toBe("0050-06-15T12:00:00.000Z");
  });

  it("passes nulls through and never invents a date from text it cannot read", () => {
    expect(isoFromPgTimestamp(null)).toBeNull();
    expect(isoFromPgTimestamp(undefined)).toBeNull();
    expect(isoFromPgTimestamp("not a timestamp")).toBeNull();
    expect(isoFromPgTimestamp(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05.678Z");
  });
});
