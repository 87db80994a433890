/**
 * The database port: what every piece of code that speaks SQL needs (the runtime's stores, the
 * migration runner, the production template designer). Plain SQL with `$1` parameters. The
 * runtime implements it twice (runtime/src/db/database.ts: a PostgreSQL pool, embedded PGlite).
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * `timestamptz` values as PostgreSQL prints them instead of Dates: the CRUD engine turns the
   * text into the API's ISO form directly (a Date per value costs more than the query).
   */
  timestampText?: boolean;
  /** Rows as arrays of values in column order (the CRUD engine decodes them by position). */
  arrayRows?: boolean;
}

/** What can run SQL: the database itself, a transaction, or a dedicated connection. */
export interface SqlSession {
  /**
   * `name` makes it a prepared statement on PostgreSQL (parsed and planned once per connection;
   * the same name must always carry the same text). PGlite ignores it.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller
  query<R = any>(sql: string, params?: unknown[], name?: string, options?: QueryOptions): Promise<QueryResult<R>>;
  /** Several statements at once (simple protocol): `$$` bodies are fine, no parameters. */
  exec(sql: string): Promise<void>;
}

/** One connection held for a while, e.g. to keep a session-level advisory lock. */
export interface DedicatedSession extends SqlSession {
  /** A transaction on this very connection (so it runs under the locks the session holds). */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

export interface TransactionOptions {
  /**
   * SQL without parameters run right after BEGIN, in the same round trip on PostgreSQL (the
   * tenant context for row-level security: `SET LOCAL ROLE …; SELECT set_config(…)`).
   */
  prelude?: string;
  /**
   * A statement without parameters run first in the transaction (after the prelude), whose rows
   * `fn` receives as its second argument, and `then`, one statement without parameters run right after it:
   * on PostgreSQL all of it goes in BEGIN's round trip (a queue's claim and a savepoint).
   */
  first?: {
    /**
     * A statement without parameters committed before the transaction, in one of its own (so it
     * holds even when the transaction never commits), in the same round trip on PostgreSQL, with
     * `synchronous_commit` off (a database crash may lose it; the client's crash cannot). On PGlite
     * (one connection shared by every caller) it runs first inside the transaction instead.
     */
    readonly before?: string;
    readonly sql: string;
    readonly then?: string;
    /** Prepared once per connection under this name (the same name always the same text). */
    readonly name?: string;
  };
}

export interface Database extends SqlSession {
  readonly dialect: "postgres" | "pglite";
  /** Commits when `fn` resolves, rolls back when it throws. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are typed by the caller
  transaction<T>(fn: (tx: SqlSession, first: any[]) => Promise<T>, options?: TransactionOptions): Promise<T>;
  session<T>(fn: (s: DedicatedSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Connection pool figures for metrics (PostgreSQL only). */
  poolStats?(): { total: number; idle: number; waiting: number };
}
