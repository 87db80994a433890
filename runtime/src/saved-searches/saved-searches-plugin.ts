import fp from "fastify-plugin";
import type { TenantContext } from "../context.ts";
import type { EntityStore } from "../crud/store/entity-store.ts";
import { SavedSearchAlerts } from "./saved-search-alerts.ts";
import { savedSearchRoutes } from "./saved-search-routes.ts";
import { SavedSearchService } from "./saved-search-service.ts";

export interface SavedSearchOptions {
  /** How often this process sweeps for new matches and runs the due digest (default every minute). */
  sweepEveryMs?: number;
  /** Run the sweeper in this process (default true; tests call `sweep()` themselves). */
  scheduler?: boolean;
  /** UTC hour from which the day's digest goes out (default 8). */
  digestHourUtc?: number;
  /** How far before the mark each sweep looks again (default 10 s; saved-search-alerts.ts). */
  settleMs?: number;
  /** Records per page of a sweep (default 100). */
  pageSize?: number;
  now?: () => Date;
}

export interface SavedSearchServices {
  readonly service: SavedSearchService;
  readonly alerts: SavedSearchAlerts;
  /** One sweep now, then the digest if due; a run in progress is joined, not doubled. */
  run(): Promise<void>;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Saved searches and their alerts (runtime/src/saved-searches/README.md). */
    savedSearches: SavedSearchServices;
  }
}

/**
 * Saved searches as a plugin: the service, its routes and the alert sweeper (a timer in each
 * process; the state is in PostgreSQL, so concurrent sweepers neither lose nor double an
 * alert). Needs tenancy, identity, authorization, the email pipeline and notifications.
 */
export const savedSearchesPlugin = fp(
  async (app, options: SavedSearchOptions & { store: EntityStore; publicUrl: (tenant: TenantContext) => string }) => {
    const service = new SavedSearchService(app.db, app.registry, options.store);
    const alerts = new SavedSearchAlerts({
      db: app.db,
      store: options.store,
      registry: app.registry,
      service,
      authz: app.authz,
      outbox: app.email.outbox,
      notify: (tenant, userIds, input) => app.notifications.notify(tenant, userIds, input),
      tenantById: (id) => app.tenants.byId(id),
      publicUrl: options.publicUrl,
      digestHourUtc: options.digestHourUtc,
      settleMs: options.settleMs,
      pageSize: options.pageSize,
      now: options.now,
    });
    let running: Promise<void> | null = null;
    const run = () =>
      (running ??= (async () => {
        await alerts.sweep();
        await alerts.runDigest();
      })()
        .catch((err: unknown) => app.log.error({ err }, "saved-search alerts"))
        .finally(() => {
          running = null;
        }));
    app.decorate("savedSearches", { service, alerts, run } satisfies SavedSearchServices);
    await app.register(savedSearchRoutes, { service });
    let timer: NodeJS.Timeout | null = null;
    if (options.scheduler !== false) {
      app.addHook("onReady", async () => {
        timer = setInterval(() => void run(), options.sweepEveryMs ?? 60_000);
        timer.unref();
      });
    }
    app.addHook("onClose", async () => {
      if (timer) clearInterval(timer);
      await running;
    });
  },
  { name: "mono-saved-searches", dependencies: ["mono-email", "mono-notifications", "mono-tenancy", "mono-identity"] },
);
