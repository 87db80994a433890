import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import { auditRetentionFromEnv, pruneAudit } from "./audit/audit-store.ts";
import { AuthzService } from "./authz-service.ts";
import { PrincipalStore } from "./principal-store.ts";
import { auditRoutes } from "./routes/audit-routes.ts";
import { permissionRoutes } from "./routes/permission-routes.ts";
import { tierRoutes } from "./routes/tier-routes.ts";

export interface AuthzOptions {
  /** Caches principals (roles, tier, effective permissions) shared by all processes; in-process without. */
  redis?: Redis | null;
  /** How long a cached principal lives (role changes through the API drop it at once). */
  principalTtlSeconds?: number;
  /** Delete audit rows older than this many days (default: MONO_AUDIT_RETENTION_DAYS; unset keeps all). */
  auditRetentionDays?: number | null;
  /** HMAC key of audit cursors (MONO_CURSOR_SECRET by default). */
  cursorSecret?: string;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Authorization: who is calling, what they may do (apps with identity only). */
    authz: AuthzService;
  }
}

const PRUNE_EVERY_MS = 6 * 3600_000;

/**
 * Authorization for apps with identity: `app.authz` (the generic entity routes compile its
 * decisions into their SQL), the permission, role, audit and tier endpoints, and the audit
 * retention job. Register after the identity plugin and before the entity routes.
 */
export const authzPlugin = fp(
  async (app: FastifyInstance, options: AuthzOptions) => {
    const principals = new PrincipalStore(app.db, options.redis ?? null, options.principalTtlSeconds);
    await principals.start();
    app.addHook("onClose", async () => principals.stop());
    const service = new AuthzService(app.registry, principals);
    app.decorate("authz", service);
    // Memberships the identity routes remove (account owners removing members) leave the cache at once.
    app.auth.onMembershipsChanged((tenantId, userIds) => principals.invalidate(tenantId, userIds));
    await app.register(permissionRoutes);
    await app.register(auditRoutes, { cursorSecret: options.cursorSecret });
    await app.register(tierRoutes);

    const retention = options.auditRetentionDays === undefined ? auditRetentionFromEnv() : options.auditRetentionDays;
    if (retention) {
      const prune = () =>
        void pruneAudit(app.db, retention).then(
          (n) => n && app.log.info({ pruned: n, retentionDays: retention }, "audit log pruned"),
          (err: unknown) => app.log.error({ err }, "audit log pruning failed"),
        );
      const timer = setInterval(prune, PRUNE_EVERY_MS);
      timer.unref();
      app.addHook("onReady", async () => prune());
      app.addHook("onClose", async () => clearInterval(timer));
    }
  },
  { name: "mono-authz", dependencies: ["mono-identity"] },
);
