import type { Database } from "./db/database.ts";
import type { RuntimeRegistry } from "./registry/runtime-registry.ts";

/** The tenant a request acts for, resolved from its host or the X-Tenant header. */
export interface TenantContext {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly status: "active" | "suspended";
  /**
   * The locale records are read and written in when a request names none (`settings.defaultLocale`
   * of the tenant row), or null: the template's default locale.
   */
  readonly defaultLocale: string | null;
  /** Installed templates by id, with the installed version. */
  readonly templates: ReadonlyMap<string, { readonly version: string }>;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The narrow database port (PostgreSQL or PGlite). */
    db: Database;
    /** The generated registries the runtime serves. */
    registry: RuntimeRegistry;
  }
  interface FastifyRequest {
    /** Set by the tenancy plugin on tenant-tier routes; null elsewhere. */
    tenant: TenantContext | null;
  }
}
