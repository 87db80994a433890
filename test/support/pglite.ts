/**
 * A fresh in-memory PGlite, fast. Booting one runs initdb (4–8 s here); restoring a dumped data
 * directory takes ~1.4 s. The first call per machine boots one and caches its gzip dump in the
 * temp folder (keyed by the PGlite version); every later call restores from that dump. A migrated
 * one is cached the same way, keyed by the migrations' hash as well (migrating took seconds).
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLITE_EXTENSIONS } from "../../runtime/src/db/pglite-extensions.ts";
import { createPgliteDatabase } from "../../runtime/src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { migrationsKey } from "./migrated-snapshot.ts";

async function pgliteVersion(): Promise<string> {
  // The package's "exports" hide package.json; find it next to the resolved entry point.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const pkg = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), "package.json");
  return (JSON.parse(await readFile(pkg, "utf8")) as { version: string }).version;
}

const snapshots = new Map<string, Promise<Blob>>();

async function loadOrCreateSnapshot(migrations: string | undefined): Promise<Blob> {
  const key = migrations ? `-${await migrationsKey(migrations)}` : "";
  const file = path.join(os.tmpdir(), `mono-pglite-${await pgliteVersion()}${key}.tar.gz`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const fresh = migrations
      ? new PGlite({ loadDataDir: await snapshotOf(undefined), extensions: PGLITE_EXTENSIONS })
      : new PGlite();
    if (migrations) await migrateUp(createPgliteDatabase(fresh), migrations);
    const dump = await fresh.dumpDataDir("gzip");
    await fresh.close();
    // Write then rename: parallel test processes never read a half-written cache.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, file);
    return dump;
  }
}

function snapshotOf(migrations: string | undefined): Promise<Blob> {
  const key = migrations ?? "";
  let snapshot = snapshots.get(key);
  if (!snapshot) snapshots.set(key, (snapshot = loadOrCreateSnapshot(migrations)));
  return snapshot;
}

/** A new PGlite database, empty or with `migrations` (a migrations folder) applied (close it when done). */
export async function createTestPglite(options: { migrations?: string } = {}): Promise<PGlite> {
  const db = new PGlite({ loadDataDir: await snapshotOf(options.migrations), extensions: PGLITE_EXTENSIONS });
  await db.waitReady;
  return db;
}
