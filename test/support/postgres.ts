/**
 * A fresh PostgreSQL database per test file on the local server (127.0.0.1:5432, trust auth),
 * so test files can run in parallel without seeing each other's tables.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database (terminating leftover connections first). */
  drop(): Promise<void>;
}

function serverUrl(database: string): string {
  const user = process.env.PGUSER || "postgres";
  const port = process.env.PGPORT || "5432";
  return `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl("postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `mono_test_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: serverUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
