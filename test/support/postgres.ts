/**
 * A fresh PostgreSQL database per test file on the local server (127.0.0.1:5432, trust auth),
 * so test files can run in parallel without seeing each other's tables.
 *
 * Asked for an already migrated one, it clones a template database (`CREATE DATABASE … TEMPLATE`,
 * a file copy) that the first such call on this server migrated: running every migration per test
 * file took seconds each, cloning takes a fraction of one. The template is named from a hash of
 * the migrations, so a changed migration gets a template of its own.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { migrationsKey } from "./migrated-snapshot.ts";

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

/** Held while one process migrates a template, so parallel test files wait for it instead of racing. */
const TEMPLATE_LOCK = 72707370;

/** The name of a template database holding `migrations` applied, migrated now if none exists yet. */
async function migratedTemplate(migrations: string): Promise<string> {
  const name = `mono_tpl_${await migrationsKey(migrations)}`;
  await admin(async (c) => {
    await c.query(`SELECT pg_advisory_lock($1)`, [TEMPLATE_LOCK]);
    try {
      const { rowCount } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
      if (rowCount) return;
      // Built under another name and renamed when complete: a crash midway leaves no half template.
      const building = `${name}_building`;
      await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${building}"`);
      const db = createPostgresDatabase(serverUrl(building), { max: 1 });
      try {
        await migrateUp(db, migrations);
      } finally {
        await db.close();
      }
      await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock($1)`, [TEMPLATE_LOCK]);
    }
  });
  return name;
}

/**
 * A new database: empty, or with `migrations` (a migrations folder) already applied, cloned from
 * its template (migrateUp on it then finds nothing to do).
 */
export async function createTestDatabase(options: { migrations?: string } = {}): Promise<TestDatabase> {
  const name = `mono_test_${randomBytes(6).toString("hex")}`;
  const template = options.migrations ? await migratedTemplate(options.migrations) : null;
  await admin((c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
  return {
    name,
    url: serverUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
