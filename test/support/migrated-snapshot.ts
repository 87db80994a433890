/**
 * What a migrations folder's snapshot is keyed by: the sha-256 of every migration's name and SQL,
 * so a changed or added migration makes a new snapshot and an unchanged folder reuses the old one.
 */
import { createHash } from "node:crypto";
import { loadMigrations } from "../../generators/src/migrations/migration-runner.ts";

export async function migrationsKey(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const m of await loadMigrations(dir)) hash.update(`${m.name}\0${m.sql}\0${m.downSql ?? ""}\0`);
  return hash.digest("hex").slice(0, 16);
}
