import websocket from "@fastify/websocket";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import type { WebSocket } from "ws";
import type { TenantContext } from "../context.ts";
import type { EntityStore } from "../crud/store/entity-store.ts";
import { ApiError } from "../http/problem.ts";
import { TENANT_TIER } from "../identity/tiers.ts";
import { messagingRoutes } from "./messaging-routes.ts";
import { isUuid, MessagingService, type MessageView, type Viewer } from "./messaging-service.ts";
import { Presence } from "./presence.ts";
import { RealtimeHub, type HubClient } from "./realtime-hub.ts";

export interface MessagingOptions {
  /** Redis for the fan-out across processes and presence; null: in-process. */
  redis?: Redis | null;
  /** Redis key and channel prefix (default "mono"). */
  prefix?: string;
  /** A socket whose unsent bytes pass this is dropped (default 1 MiB). */
  maxBufferedBytes?: number;
  /** How long a gap in event ids waits before the log is read (default 100 ms). */
  gapWaitMs?: number;
  /** How often the event log's tail is read for events whose publish was lost (default 2 s). */
  sweepMs?: number;
  /** How often due scheduled messages are sent (default 1 s; 0: never, tests call sendDue). */
  scheduleEveryMs?: number;
  /** How often an open socket re-checks its access token and session (default 30 s): closed with 4401 once either ends. */
  recheckMs?: number;
  /** How long a process's presence entries live in Redis unless it renews them (every third of it; default 30 s). */
  presenceTtlMs?: number;
  /** In-app notifications for new messages (needs the notifications plugin; default true). */
  notifyMessages?: boolean;
  now?: () => Date;
}

export interface MessagingServices {
  readonly service: MessagingService;
  readonly hub: RealtimeHub;
  readonly presence: Presence;
  /** Sends the due scheduled messages now. */
  sendDue(): Promise<number>;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Conversations, messages and their live delivery (runtime/src/messaging/README.md). */
    messaging: MessagingServices;
  }
}

const SOCKET_PATH = "/api/v1/user/messaging/socket";

/**
 * Messaging as a plugin: the service, the REST routes, the socket endpoint and the hub that
 * fans events out (Redis pub/sub or in-process). Needs tenancy, identity and authorization.
 */
export const messagingPlugin = fp(
  async (app, options: MessagingOptions & { store: EntityStore; cursorSecret?: string }) => {
    const hub = new RealtimeHub({
      db: app.db,
      redis: options.redis ?? null,
      prefix: options.prefix,
      gapWaitMs: options.gapWaitMs,
      sweepMs: options.sweepMs,
      log: (err, message) => app.log.error({ err }, message),
    });
    // Users of a killed process, offline now: their contacts get the frame their sockets' close would have sent.
    const wentOffline = (tenantId: string, userIds: string[]) => {
      void (async () => {
        for (const userId of userIds)
          await hub.publishLive({
            tenantId,
            kind: "presence",
            payload: { userId, online: false },
            audience: await service.contacts(tenantId, userId),
          });
      })().catch((err) => app.log.error({ err }, "messaging: presence failed"));
    };
    const presence = new Presence(options.redis ?? null, options.prefix ?? "mono", {
      ttlMs: options.presenceTtlMs,
      onOffline: wentOffline,
    });
    const notifications = app.hasDecorator("notifications") && options.notifyMessages !== false;
    const service = new MessagingService({
      db: app.db,
      registry: app.registry,
      authz: app.authz,
      store: options.store,
      hub,
      now: options.now,
      notify: notifications
        ? async (tenant: TenantContext, userIds: string[], message: MessageView, mentioned: boolean) => {
            const text = message.body
              .replace(/<[^>]*>/g, " ")
              .replace(/\s+/g, " ")
              .trim();
            await app.notifications.notify(tenant, userIds, {
              kind: mentioned ? "message-mention" : "message",
              title: mentioned
                ? { en: "You were mentioned", de: "Sie wurden erwähnt" }
                : { en: "New message", de: "Neue Nachricht" },
              body: text.length > 200 ? `${text.slice(0, 199)}…` : text,
              link: `/messages/${message.conversationId}`,
              dedupeKey: `message:${message.id}`,
            });
          }
        : null,
    });
    // In-app notifications (any sender) pushed live to their recipient's sockets.
    if (app.hasDecorator("notifications"))
      app.notifications.notifier.onShown((tenant, shown) => {
        for (const n of shown) {
          const { userId, ...data } = n;
          hub
            .publishLive({ tenantId: tenant.id, kind: "notification", payload: data, audience: [userId] })
            .catch((err) => app.log.error({ err }, "messaging: notification push failed"));
        }
      });
    const sendDue = () => service.sendDue((id) => app.tenants.byId(id));
    app.decorate("messaging", { service, hub, presence, sendDue } satisfies MessagingServices);

    await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
    await app.register(messagingRoutes, {
      service,
      cursorSecret: options.cursorSecret,
      online: (tenantId, userIds) => presence.online(tenantId, userIds),
    });

    const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    app.get(
      SOCKET_PATH,
      {
        websocket: true,
        config: { tenant: true, tenantQuery: true, auth: "required" },
        schema: {
          // Not in the OpenAPI documents: a WebSocket upgrade, not a JSON GET (README: frames).
          hide: true,
          tags: ["messaging"],
          description:
            "The live socket (WebSocket upgrade). `after`: the last event id seen, to resume: the events missed since arrive first, each once. `tenant`: the tenant's slug, for a browser on an address that names none (the access token must be of that tenant). See runtime/src/messaging/README.md for the frames.",
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: {
              after: { type: "integer", minimum: 0 },
              tenant: { type: "string", minLength: 1, maxLength: 63 },
            },
          },
        },
      },
      async (socket: WebSocket, request) => {
        let viewer: Viewer;
        try {
          const principal = await app.authz.requireUser(request);
          viewer = { tenant: request.tenant!, principal, userId: principal.userId! };
        } catch {
          socket.close(4401, "unauthenticated");
          return;
        }
        const tenantId = viewer.tenant.id;
        let closed = false;
        // The token it opened with: when it expires or its session ends, so does the socket.
        const header = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "");
        const token = header ? header[1] : request.cookies?.[TENANT_TIER.accessCookie];
        const recheck = setInterval(() => {
          void (async () => {
            if (closed) return;
            const ok = token ? await app.auth.stillValid(token, tenantId) : false;
            if (!ok && !closed) socket.close(4401, "session ended");
          })().catch((err) => app.log.error({ err }, "messaging: token re-check failed"));
        }, options.recheckMs ?? 30_000);
        recheck.unref();
        const client: HubClient = {
          tenantId,
          userId: viewer.userId,
          lastSent: 0,
          catchingUp: true,
          backlog: [],
          send(frame) {
            if (closed) return false;
            // Back-pressure: a client that does not read is dropped, its frames are not kept.
            if (frame === "" || socket.bufferedAmount > maxBuffered) {
              closed = true;
              socket.terminate();
              return false;
            }
            socket.send(frame);
            return true;
          },
        };
        const reply = (frame: object) => client.send(JSON.stringify(frame));
        socket.on("message", (data, isBinary) => {
          void (async () => {
            let frame: { type?: unknown; conversationId?: unknown };
            try {
              frame = isBinary ? null : JSON.parse(data.toString());
            } catch {
              frame = null as never;
            }
            if (!frame || typeof frame !== "object") {
              reply({
                type: "error",
                code: "RT_ERR_VALIDATION",
                errors: [{ pointer: "", message: "must be a JSON object" }],
              });
              return;
            }
            if (frame.type === "ping") return void reply({ type: "pong" });
            if (frame.type === "typing") {
              if (!isUuid(frame.conversationId))
                return void reply({
                  type: "error",
                  code: "RT_ERR_VALIDATION",
                  errors: [{ pointer: "/conversationId", message: "must be a conversation id" }],
                });
              try {
                await service.typing(viewer, frame.conversationId);
              } catch (err) {
                if (!(err instanceof ApiError)) throw err;
                reply({
                  type: "error",
                  code: err.code,
                  errors: [{ pointer: "/conversationId", message: err.message }],
                });
              }
              return;
            }
            reply({
              type: "error",
              code: "RT_ERR_VALIDATION",
              errors: [{ pointer: "/type", message: "must be ping or typing" }],
            });
          })().catch((err) => app.log.error({ err }, "messaging: socket frame failed"));
        });
        const after = (request.query as { after?: number }).after;
        let counted = false;
        socket.on("close", () => {
          closed = true;
          clearInterval(recheck);
          hub.detach(client);
          if (counted) void announce(false);
        });
        const announce = async (online: boolean) => {
          try {
            const changed = online
              ? await presence.connect(tenantId, viewer.userId)
              : await presence.disconnect(tenantId, viewer.userId);
            if (!changed) return;
            await hub.publishLive({
              tenantId,
              kind: "presence",
              payload: { userId: viewer.userId, online },
              audience: await service.contacts(tenantId, viewer.userId),
            });
          } catch (err) {
            app.log.error({ err }, "messaging: presence failed");
          }
        };
        try {
          const last = await hub.attach(client, after ?? null);
          if (closed) return;
          reply({ type: "ready", lastEventId: last });
          counted = true;
          await announce(true);
        } catch (err) {
          app.log.error({ err }, "messaging: socket attach failed");
          socket.close(1011, "internal error");
        }
      },
    );

    let timer: NodeJS.Timeout | null = null;
    const every = options.scheduleEveryMs ?? 1000;
    app.addHook("onReady", async () => {
      await hub.start();
      if (every > 0) {
        timer = setInterval(() => {
          sendDue().catch((err) => app.log.error({ err }, "messaging: scheduled messages failed"));
        }, every);
        timer.unref();
      }
    });
    app.addHook("onClose", async () => {
      if (timer) clearInterval(timer);
      await hub.stop();
      await presence.close();
    });
  },
  { name: "mono-messaging", dependencies: ["mono-tenancy", "mono-identity", "mono-authz"] },
);
