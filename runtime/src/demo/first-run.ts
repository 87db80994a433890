import { createEntityStores, createSeedWriter } from "../crud/index.ts";
import type { Database } from "../db/database.ts";
import { PasswordHasher } from "../identity/passwords.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { ensureSuperAdmin, loadLogins, type DemoLogin, type SuperAdminOptions } from "./demo-logins.ts";
import type { SampleRecord } from "./demo-records.ts";
import { seedDemoTenants, type DemoTenantReport } from "./seed-demo.ts";

export interface FirstRunOptions {
  /** A migrated database. */
  readonly db: Database;
  readonly registry: RuntimeRegistry;
  /** MONO_ADMIN_EMAIL / MONO_ADMIN_PASSWORD, and whether a password may be generated. */
  readonly admin: SuperAdminOptions;
  /** MONO_DEMO: create the demo tenants. */
  readonly demo: boolean;
  /** The engine's sample generator, handed in by the caller (the runtime does not import the engine). */
  readonly sample: SampleRecord;
}

export interface FirstRunResult {
  /** One report per compiled template (none without `demo`). */
  readonly demo: readonly DemoTenantReport[];
  /** Every stored sign-in, the ones earlier starts created included: what the banner prints. */
  readonly logins: readonly DemoLogin[];
}

/**
 * What `npm start` does between migrating and serving: the super admin, then one demo tenant
 * per compiled template with a user per role, then the stored sign-ins. Idempotent: a later
 * start creates nothing and returns the same logins.
 */
export async function firstRun(options: FirstRunOptions): Promise<FirstRunResult> {
  const hasher = new PasswordHasher();
  const hash = (password: string) => hasher.hash(password);
  await ensureSuperAdmin(options.db, hash, options.admin);
  const stores = createEntityStores(options.db, options.registry);
  const demo = options.demo
    ? await seedDemoTenants({
        db: options.db,
        templates: options.registry.compiled,
        stores,
        seed: createSeedWriter(stores),
        hash,
        sample: options.sample,
      })
    : [];
  return { demo, logins: await loadLogins(options.db) };
}
