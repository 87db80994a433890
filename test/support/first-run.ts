/**
 * The first run as `npm start` does it in development with no MONO_ADMIN_* set: a generated
 * super admin password, the demo tenants, the engine's sample generator (runtime/src/server.ts
 * passes the same).
 */
import { sampleCreateRecord } from "../../engine/src/index.ts";
import type { Database } from "../../runtime/src/db/database.ts";
import { firstRun, type FirstRunResult } from "../../runtime/src/demo/first-run.ts";
import type { RuntimeRegistry } from "../../runtime/src/registry/runtime-registry.ts";

export function developmentFirstRun(db: Database, registry: RuntimeRegistry): Promise<FirstRunResult> {
  return firstRun({ db, registry, admin: { generate: true }, demo: true, sample: sampleCreateRecord });
}
