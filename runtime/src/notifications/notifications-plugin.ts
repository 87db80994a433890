import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import type { TenantContext } from "../context.ts";
import { DigestScheduler } from "./digest-scheduler.ts";
import { notificationRoutes } from "./notification-routes.ts";
import { Notifier, type NotificationInput, type Notified } from "./notifier.ts";

export interface NotificationOptions {
  /** Minutes a notification may stay unread before it is emailed (default 30; a tenant's `settings.notifications.emailAfterMinutes` wins). */
  emailAfterMinutes?: number;
  /** UTC hour from which the day's digest goes out (default 8). */
  digestHourUtc?: number;
  /** How often the digest job runs (default hourly). */
  digestEveryMs?: number;
  /** Run the digest job in this process (default true). */
  scheduler?: boolean;
  /** BullMQ for the digest job (server.ts passes the email queue's Redis); without it a timer. */
  redis?: { queue: Redis; worker: Redis; prefix?: string } | null;
  /** The time (tests move it instead of sleeping). */
  now?: () => Date;
}

export interface NotificationServices {
  readonly notifier: Notifier;
  /** Notifies the tenant's users among `userIds` (runtime/src/notifications/README.md). */
  notify(tenant: TenantContext, userIds: readonly string[], input: NotificationInput): Promise<Notified[]>;
}

declare module "fastify" {
  interface FastifyInstance {
    /** In-app notifications (runtime/src/notifications/README.md). */
    notifications: NotificationServices;
  }
}

/**
 * Notifications as a plugin: the notifier (on the email pipeline), the digest job and the
 * user's routes. Needs the email plugin, tenancy and identity (the routes are `auth: required`).
 */
export const notificationsPlugin = fp(
  async (
    app,
    options: NotificationOptions & { publicUrl: (tenant: TenantContext) => string; cursorSecret?: string },
  ) => {
    const notifier = new Notifier({
      db: app.db,
      outbox: app.email.outbox,
      publicUrl: options.publicUrl,
      tenantById: (id) => app.tenants.byId(id),
      emailAfterMinutes: options.emailAfterMinutes,
      digestHourUtc: options.digestHourUtc,
      now: options.now,
    });
    app.decorate("notifications", {
      notifier,
      notify: (tenant, userIds, input) => notifier.notify(tenant, userIds, input),
    } satisfies NotificationServices);
    await app.register(notificationRoutes, { cursorSecret: options.cursorSecret });
    const scheduler =
      options.scheduler === false
        ? null
        : new DigestScheduler({
            notifier,
            everyMs: options.digestEveryMs,
            redis: options.redis ? { ...options.redis, prefix: options.redis.prefix ?? "mono" } : null,
            log: (err, message) => app.log.error({ err }, message),
          });
    app.addHook("onReady", async () => scheduler?.start());
    app.addHook("onClose", async () => scheduler?.stop());
  },
  { name: "mono-notifications", dependencies: ["mono-email", "mono-tenancy", "mono-identity"] },
);
