import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteDatabase, createPostgresDatabase, type Database } from "../src/db/database.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { createTestPglite } from "../../test/support/pglite.ts";

describe.each(["postgres", "pglite"] as const)("Database on %s", (dialect) => {
  let db: Database;
  let server: TestDatabase | undefined;

  beforeAll(async () => {
    if (dialect === "postgres") {
      server = await createTestDatabase();
      db = createPostgresDatabase(server.url, { max: 3 });
    } else {
      db = createPgliteDatabase(await createTestPglite());
    }
  });
  afterAll(async () => {
    await db?.close();
    await server?.drop();
  });

  it("runs scripts with $$ bodies and parameterized queries", async () => {
    expect(db.dialect).toBe(dialect);
    await db.exec(`
      CREATE TABLE item (id int PRIMARY KEY, name text);
      CREATE FUNCTION shout(t text) RETURNS text AS $$ BEGIN RETURN upper(t) || '!'; END; $$ LANGUAGE plpgsql;`);
    const ins = await db.query(`INSERT INTO item VALUES ($1, $2), ($3, $4)`, [1, "a", 2, "b"]);
    expect(ins.rowCount).toBe(2);
    const sel = await db.query<{ id: number; s: string }>(
      `SELECT id, shout(name) AS s FROM item WHERE id > $1 ORDER BY id`,
      [0],
    );
    expect(sel).toEqual({
      rows: [
        { id: 1, s: "A!" },
        { id: 2, s: "B!" },
      ],
      rowCount: 2,
    });
    expect((await db.query(`UPDATE item SET name = 'z' WHERE id = 2`)).rowCount).toBe(1);
  });

  it("hands a transaction's first statement's rows to it, prepared once per connection under its name, with its follower", async () => {
    await db.exec(`CREATE TABLE ticket (id int PRIMARY KEY, taken boolean NOT NULL DEFAULT false)`);
    await db.query(`INSERT INTO ticket (id) SELECT generate_series(1, 6)`);
    const claim = {
      sql: `UPDATE ticket SET taken = true WHERE id = (SELECT id FROM ticket WHERE NOT taken ORDER BY id LIMIT 1) RETURNING id`,
      then: "SAVEPOINT after_claim",
      name: "ticket_claim",
    };
    // Sequential on a pool of 3: the same connections again and again, so the name is reused (EXECUTE).
    for (let i = 1; i <= 4; i++) {
      const got = await db.transaction(
        async (tx, rows: { id: number }[]) => {
          // The follower ran: rolling back to it keeps the claim, undoes what came after.
          await tx.query(`UPDATE ticket SET taken = false WHERE id = 6`);
          await tx.query(`ROLLBACK TO SAVEPOINT after_claim`);
          if (dialect === "postgres") {
            // Prepared (SQL PREPARE) on this connection, once: a second PREPARE would have failed.
            const prepared = await tx.query(`SELECT from_sql FROM pg_prepared_statements WHERE name = 'ticket_claim'`);
            expect(prepared.rows).toEqual([{ from_sql: true }]);
          }
          return rows.map((r) => r.id);
        },
        { first: claim },
      );
      expect(got).toEqual([i]);
    }
    // An error in the opening rolls it all back and reaches the caller.
    await expect(
      db.transaction(async () => "unreached", { first: { sql: `SELECT * FROM no_such_table` } }),
    ).rejects.toThrow(/no_such_table/);
    // Unnamed, without a follower; a throw in fn rolls the claim back.
    await expect(
      db.transaction(
        async (_tx, rows: { id: number }[]) => {
          expect(rows).toEqual([{ id: 5 }]);
          throw new Error("undo");
        },
        { first: { sql: claim.sql } },
      ),
    ).rejects.toThrow("undo");
    const { rows } = await db.query<{ id: number }>(`SELECT id FROM ticket WHERE taken ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it("reads rows as arrays in column order (pool, transaction, prepared again and again), errors included", async () => {
    const sql = `SELECT id, name, '2026-11-22 02:27:03.5+00'::timestamptz AS at, ARRAY[id, id * 2] AS pair FROM item WHERE id >= $1 ORDER BY id`;
    for (let run = 0; run < 3; run++) {
      const text = await db.query(sql, [1], "array_rows_text", { arrayRows: true, timestampText: true });
      expect(text).toEqual({
        rows: [
          [1, "a", "2026-11-22 02:27:03.5+00", [1, 2]],
          [2, "z", "2026-11-22 02:27:03.5+00", [2, 4]],
        ],
        rowCount: 2,
      });
    }
    // Same text under another name, parsed the usual way: no parser leaks between the two.
    const dates = await db.query<unknown[]>(sql, [2], "array_rows_dates", { arrayRows: true });
    expect(dates.rows).toEqual([[2, "z", new Date("2026-11-22T02:27:03.500Z"), [2, 4]]]);
    const inTransaction = await db.transaction((tx) =>
      tx.query(sql, [2], "array_rows_text", { arrayRows: true, timestampText: true }),
    );
    expect(inTransaction.rows).toEqual([[2, "z", "2026-11-22 02:27:03.5+00", [2, 4]]]);
    await expect(db.query(`SELECT missing FROM item`, [], undefined, { arrayRows: true })).rejects.toThrow(/missing/);
    // A column whose type changed (a migration meanwhile) is parsed by its new type.
    if (dialect === "postgres") {
      await db.exec(`CREATE TABLE shifting (v int); INSERT INTO shifting VALUES (7);`);
      expect((await db.query(`SELECT v FROM shifting`, [], "array_rows_shifting", { arrayRows: true })).rows).toEqual([
        [7],
      ]);
      await db.exec(`ALTER TABLE shifting ALTER COLUMN v TYPE boolean USING v > 0;`);
      // A new connection (another pool) prepares the same statement afresh.
      const other = createPostgresDatabase(server!.url, { max: 1 });
      try {
        expect(
          (await other.query(`SELECT v FROM shifting`, [], "array_rows_shifting", { arrayRows: true })).rows,
        ).toEqual([[true]]);
      } finally {
        await other.close();
      }
    }
    // Objects as before for everyone else.
    expect((await db.query(`SELECT id FROM item WHERE id = $1`, [1])).rows).toEqual([{ id: 1 }]);
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO item VALUES (3, 'c')`);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.exec(`INSERT INTO item VALUES (4, 'd'); INSERT INTO item VALUES (5, 'e');`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await db.query(`SELECT id FROM item ORDER BY id`)).rows.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it("holds a session for advisory locks and runs transactions on it", async () => {
    const got = await db.session(async (s) => {
      await s.query(`SELECT pg_advisory_lock(42)`);
      try {
        return await s.transaction(async (tx) => (await tx.query(`SELECT count(*)::int AS n FROM item`)).rows[0].n);
      } finally {
        await s.query(`SELECT pg_advisory_unlock(42)`);
      }
    });
    expect(got).toBe(3);
  });
});
