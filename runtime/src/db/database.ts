/**
 * The two implementations of the database port (engine/src/contract/database-port.ts): a real
 * PostgreSQL server through a `pg` pool, and an embedded PGlite (tests, `npm start` without a
 * server). Everything above this file speaks plain SQL with `$1` parameters, so both behave the same.
 */
import pg from "pg";
import type { PGlite, Results, Transaction } from "@electric-sql/pglite";
import type {
  Database,
  QueryResult,
  SqlSession,
  TransactionOptions,
} from "../../../engine/src/contract/database-port.ts";
import { ArrayRowsQuery } from "./array-rows-query.ts";

export type {
  Database,
  DedicatedSession,
  QueryOptions,
  QueryResult,
  SqlSession,
  TransactionOptions,
} from "../../../engine/src/contract/database-port.ts";

// ---------------------------------------------------------------- PostgreSQL (pg pool)

type PgQueryable = Pick<pg.PoolClient, "query">;

const TIMESTAMPTZ = 1184;
const asText = (value: string) => value;
const TEXT_TIMESTAMPS = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMPTZ ? asText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function pgSession(client: PgQueryable): SqlSession {
  return {
    async query(sql, params, name, options) {
      const types = options?.timestampText ? TEXT_TIMESTAMPS : undefined;
      if (options?.arrayRows)
        return arrayRows(
          client,
          { name, text: sql, values: params as unknown[] | undefined, types },
          name ? `${types ? "t" : "d"}:${name}` : null,
        );
      // One object shape for every config (pg copies it per query).
      const res =
        name || types
          ? await client.query({ name, text: sql, values: params as unknown[] | undefined, types })
          : await client.query(sql, params as unknown[] | undefined);
      // Without parameters pg uses the simple protocol, which answers one result per statement.
      const last = Array.isArray(res) ? (res[res.length - 1] as pg.QueryResult) : res;
      return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    },
    async exec(sql) {
      await client.query(sql);
    },
  };
}

/** Runs an ArrayRowsQuery on a pool or client (both take a submittable and a callback). */
function arrayRows<R>(
  client: PgQueryable,
  config: pg.QueryConfig & { types?: unknown },
  cacheKey: string | null,
): Promise<QueryResult<R>> {
  return new Promise((resolve, reject) => {
    const query = new ArrayRowsQuery(config, cacheKey);
    (
      client.query as unknown as (
        q: ArrayRowsQuery,
        cb: (error: Error | undefined, result: pg.QueryResult) => void,
      ) => void
    )(query, (error, result) => {
      if (error) reject(error);
      else resolve({ rows: result.rows as R[], rowCount: result.rowCount ?? 0 });
    });
  });
}

/** The names each connection has PREPAREd (SQL-level) for transactions' first statements. */
const sqlPrepared = new WeakMap<pg.PoolClient, Set<string>>();

async function pgTransaction<T>(
  client: pg.PoolClient,
  fn: (tx: SqlSession, first: unknown[]) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  const prelude = options?.prelude;
  const first = options?.first;
  // Simple protocol: BEGIN, the prelude and the first statement are one round trip. A named first
  // statement is prepared (SQL PREPARE) on the connection's first use of it, then EXECUTEd.
  let statement = first?.sql;
  if (first?.name) {
    let names = sqlPrepared.get(client);
    if (!names) sqlPrepared.set(client, (names = new Set()));
    const name = `"${first.name.replace(/"/g, '""')}"`;
    statement = names.has(first.name) ? `EXECUTE ${name}` : `PREPARE ${name} AS ${first.sql}; EXECUTE ${name}`;
    names.add(first.name);
  }
  // `before` commits in a transaction of its own ahead of the step's, asynchronously (no WAL flush
  // waited for: a database crash may lose it, the client's crash cannot).
  const before = first?.before ? `BEGIN; SET LOCAL synchronous_commit TO off; ${first.before}; COMMIT` : null;
  const opening = [before, "BEGIN", prelude, statement, first?.then].filter(Boolean).join("; ");
  let firstRows: unknown[] = [];
  try {
    const res = (await client.query(opening)) as unknown as pg.QueryResult | pg.QueryResult[];
    // Counted from the end: the prelude may be several statements, `then` is one.
    if (first) {
      const results = res as pg.QueryResult[];
      firstRows = results[results.length - (first.then ? 2 : 1)]?.rows ?? [];
    }
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
  try {
    const result = await fn(pgSession(client), firstRows);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    // A failed ROLLBACK (dead connection) must not hide the error that caused it.
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  }
}

export function createPostgresDatabase(connectionString: string, poolOptions: pg.PoolConfig = {}): Database {
  const pool = new pg.Pool({ connectionString, ...poolOptions });
  // An idle client that errors (server restart) must not crash the process.
  pool.on("error", () => {});

  /** Runs `fn` on one pooled connection; a connection that failed is destroyed, not reused. */
  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A connection lost while checked out (the server terminated it) fails the query in flight;
    // its 'error' event must not go unheard (an unhandled one would end the process).
    const lost = () => {};
    client.on("error", lost);
    try {
      const result = await fn(client);
      client.off("error", lost);
      client.release();
      return result;
    } catch (err) {
      client.off("error", lost);
      // Destroying drops whatever the failure left behind (open transaction, session locks).
      client.release(err instanceof Error ? err : new Error(String(err)));
      throw err;
    }
  }

  return {
    dialect: "postgres",
    ...pgSession(pool),
    transaction: (fn, options) => withClient((client) => pgTransaction(client, fn, options)),
    session: (fn) =>
      withClient((client) => fn({ ...pgSession(client), transaction: (txFn) => pgTransaction(client, txFn) })),
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

// ---------------------------------------------------------------- PGlite (embedded)

function pgliteResult<R>(res: Results<R>): QueryResult<R> {
  // A statement that returns rows counts them, like PostgreSQL's own rowCount.
  return { rows: res.rows, rowCount: res.fields.length > 0 ? res.rows.length : (res.affectedRows ?? 0) };
}

/**
 * Timestamps parsed as `pg` parses them, so both adapters hand out the same Date (PGlite's own
 * `new Date(text)` reads years 0–99 as 19xx).
 */
const PGLITE_PARSERS = { [TIMESTAMPTZ]: pg.types.getTypeParser(TIMESTAMPTZ, "text") };
const PGLITE_TEXT_TIMESTAMPS = { [TIMESTAMPTZ]: asText };

function pgliteSession(target: PGlite | Transaction): SqlSession {
  return {
    query: async (sql, params, _name, options) =>
      pgliteResult(
        await target.query(sql, params as unknown[] | undefined, {
          parsers: options?.timestampText ? PGLITE_TEXT_TIMESTAMPS : PGLITE_PARSERS,
          ...(options?.arrayRows ? { rowMode: "array" as const } : {}),
        }),
      ),
    async exec(sql) {
      await target.exec(sql);
    },
  };
}

/** PGlite is a single connection that serializes every call, so a "session" is the instance. */
export function createPgliteDatabase(pglite: PGlite): Database {
  // `before` runs inside the transaction here: between two calls another caller's could run on
  // the one connection, so only the transaction keeps it with its claim (it is not autocommitted).
  const transaction = <T>(fn: (tx: SqlSession, first: unknown[]) => Promise<T>, options?: TransactionOptions) =>
    pglite.transaction(async (tx) => {
      if (options?.first?.before) await tx.exec(options.first.before);
      if (options?.prelude) await tx.exec(options.prelude);
      const session = pgliteSession(tx);
      const first = options?.first ? (await session.query(options.first.sql)).rows : [];
      if (options?.first?.then) await tx.exec(options.first.then);
      return fn(session, first);
    });
  return {
    dialect: "pglite",
    ...pgliteSession(pglite),
    transaction,
    session: (fn) => fn({ ...pgliteSession(pglite), transaction }),
    close: () => pglite.close(),
  };
}
