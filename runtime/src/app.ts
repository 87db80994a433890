import { randomUUID } from "node:crypto";
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Redis } from "ioredis";
import "./context.ts";
import type { Database } from "./db/database.ts";
import { schemaController } from "./http/ajv-compiler.ts";
import { clientErrorHandler, errorHandlerPlugin, sendProblem, toApiError } from "./http/error-handler.ts";
import { jsonBodyPlugin } from "./http/json-body.ts";
import { responseHeadersPlugin } from "./http/response-headers.ts";
import { parseQueryString } from "./http/query-string.ts";
import { openapiPlugin, type OpenApiDocuments } from "./operations/openapi.ts";
import { tenantOpenapiRoutes } from "./operations/tenant-openapi.ts";
import { healthRoutes } from "./operations/health.ts";
import { metricsPlugin } from "./operations/metrics.ts";
import { platformRoutes } from "./platform/platform-routes.ts";
import { combineWriteHooks, createEntityStores, createSeedWriter, entityRoutes } from "./crud/index.ts";
import { mediaPlugin, type MediaOptions } from "./media/media-plugin.ts";
import type { IdentityOptions } from "./identity/identity-config.ts";
import { identityPlugin } from "./identity/identity-plugin.ts";
import { authzPlugin, type AuthzOptions } from "./authz/authz-plugin.ts";
import type { RlsMode } from "./db/tenant-sessions.ts";
import type { RuntimeRegistry } from "./registry/runtime-registry.ts";
import { tenancyPlugin } from "./tenancy/tenancy-plugin.ts";
import { studioPlugin, type StudioPluginOptions } from "./studio/studio-plugin.ts";
import { emailPlugin, type EmailOptions } from "./email/email-plugin.ts";
import { emailRoutes } from "./email/email-routes.ts";
import { devOutboxRoutes } from "./email/dev-outbox.ts";
import { notificationsPlugin, type NotificationOptions } from "./notifications/notifications-plugin.ts";
import { workflowEntityHooks, workflowPlugin, type WorkflowOptions } from "./workflows/workflow-plugin.ts";
import { workflowHookRoutes, workflowRoutes } from "./workflows/workflow-routes.ts";
import { messagingPlugin, type MessagingOptions } from "./messaging/messaging-plugin.ts";
import { bookingsPlugin, bookingWriteHooks } from "./bookings/bookings-plugin.ts";
import { paymentsPlugin, type PaymentsOptions } from "./payments/payments-plugin.ts";
import { tagsPlugin } from "./tags/tags-plugin.ts";
import { translationPlugin, translationWriteHooks, type TranslationOptions } from "./translation/translation-plugin.ts";
import { collectionsPlugin } from "./collections/collections-plugin.ts";
import { brandingPlugin, type BrandingOptions } from "./branding/branding-plugin.ts";
import { matchingPlugin } from "./matching/matching-plugin.ts";
import { planWriteHooks, plansPlugin, type PlansOptions } from "./plans/plans-plugin.ts";
import { planRoutes } from "./plans/plan-routes.ts";
import { savedSearchesPlugin, type SavedSearchOptions } from "./saved-searches/saved-searches-plugin.ts";

export interface AppOptions {
  db: Database;
  registry: RuntimeRegistry;
  /** Generated OpenAPI documents per template (components and paths), merged into /openapi.json. */
  openapi?: OpenApiDocuments;
  redis?: Redis | null;
  logger?: FastifyServerOptions["logger"];
  /** Bootstrap token for the platform API until real identities exist. */
  adminToken?: string;
  /** Accept `X-Tenant: <slug>` (development and tests). */
  allowTenantHeader?: boolean;
  baseDomain?: string;
  /** Largest accepted request body in bytes (413 beyond). */
  bodyLimit?: number;
  /** Requests per minute per client; false turns the limiter off (benchmarks). */
  rateLimit?: { max: number } | false;
  corsOrigins?: string[];
  /** HMAC key of list cursors; servers behind one load balancer must share it (MONO_CURSOR_SECRET). */
  cursorSecret?: string;
  /** Authentication; omitted: no auth routes, no request.identity. */
  identity?: IdentityOptions;
  /**
   * Authorization (needs `identity`): rules and permissions enforced on the entity routes, audit
   * trail, permission/role/audit APIs. On by default with identity; false turns enforcement off.
   */
  authz?: Omit<AuthzOptions, "redis" | "cursorSecret"> | false;
  /** Row-level security context of tenant requests (db/tenant-sessions.ts); default "auto". */
  rls?: RlsMode;
  /**
   * Fastify's `trustProxy` (MONO_TRUST_PROXY): which proxies' X-Forwarded-For to believe, so
   * rate limits and lockouts key on the real client. Default false: the peer is the client.
   */
  trustProxy?: boolean | number | string;
  /**
   * The email pipeline (runtime/src/email): templates, rendering, queue, worker. Without it, apps
   * with `identity` get one on the identity mailer (database queue, in-process worker).
   */
  email?: EmailOptions;
  /**
   * In-app notifications (runtime/src/notifications; needs identity): the notifier, the user's
   * routes and the digest job (BullMQ on the email queue's Redis, else a timer). False: none.
   */
  notifications?: NotificationOptions | false;
  /**
   * The workflow runtime (runtime/src/workflows): executor, queue, worker, entity write hooks,
   * and with identity its API. False: none (no runs start, status fields are not guarded).
   */
  workflows?: WorkflowOptions | false;
  /**
   * Media (runtime/src/media): uploads for media fields, variants, file URLs, lifecycle. Omitted:
   * no media routes, and media fields take any id (nothing checks or attaches them).
   */
  media?: Omit<MediaOptions, "store">;
  /**
   * Messaging and its socket (runtime/src/messaging; needs identity and authz): fan-out through
   * `redis` when given. False: none.
   */
  messaging?: MessagingOptions | false;
  /**
   * Tagging (runtime/src/tags; needs identity and authz): the tags API for the entities templates
   * list in `tagging`. False: none (the `tags=` list filter still works on tagged data).
   */
  tags?: false;
  /**
   * LLM translation (runtime/src/translation; its routes need identity and authz): record-content
   * jobs on writes of `x-translatable` fields, the review queue, glossary and usage. Absent: none.
   */
  translation?: TranslationOptions;
  /** Collections and favourites (runtime/src/collections; needs identity and authz). False: none. */
  collections?: false;
  /** Matching (runtime/src/matching; needs identity and authz): scored candidates and recommendations. False: none. */
  matching?: false;
  /**
   * Plans (runtime/src/plans): bundles, plans and their limits, enforced on the routes and writes
   * registered after it. A tenant without a plan is unlimited. False: none.
   */
  plans?: PlansOptions | false;
  /**
   * Saved searches and their alerts (runtime/src/saved-searches; needs identity, authz and
   * notifications): the API and the alert sweeper. False: none.
   */
  savedSearches?: SavedSearchOptions | false;
  /** Payments with escrow (runtime/src/payments; needs identity and authz): provider and worker. False: none. */
  payments?: PaymentsOptions | false;
  /** Tenant branding (runtime/src/branding; needs identity and authz): the API and /branding.css. False: none. */
  branding?: BrandingOptions | false;
  /** The studio at /studio (built assets, template design API); tests point it at temp copies. */
  studio?: StudioPluginOptions;
}

/** Builds the whole API. Never listens: tests inject, server.ts listens. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // Typed as the plain HTTP instance: Fastify's overloads cannot infer it from a factory schemaController.
  const app: FastifyInstance = Fastify({
    logger: options.logger ?? false,
    // A hop count is valid (proxy-addr), though Fastify's types leave numbers out.
    trustProxy: (options.trustProxy ?? false) as boolean | string,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    schemaController: schemaController(),
    ajv: undefined,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true, querystringParser: parseQueryString },
    forceCloseConnections: "idle",
    return503OnClosing: true,
    // Malformed URLs and over-long path segments are answered before routing: problem+json too.
    frameworkErrors: (error, request, reply) => sendProblem(request, reply, toApiError(error)),
    // Oversized headers (431) and unparsable requests, answered by Node before routing: problem+json too.
    clientErrorHandler,
  });
  app.decorate("db", options.db);
  app.decorate("registry", options.registry);

  await app.register(errorHandlerPlugin);
  await app.register(jsonBodyPlugin);
  // helmet's headers (CSP off) and x-request-id; computed once instead of @fastify/helmet's per-request rebuild.
  await app.register(responseHeadersPlugin, { helmet: { contentSecurityPolicy: false } });
  // Without allowed origins CORS is off; @fastify/cors would still run a hook on every request for nothing.
  if (options.corsOrigins?.length) await app.register(cors, { origin: options.corsOrigins, credentials: true });
  if (options.rateLimit !== false) {
    await app.register(rateLimit, {
      max: options.rateLimit?.max ?? 600,
      timeWindow: "1 minute",
      ...(options.redis ? { redis: options.redis, nameSpace: "mono-rl:" } : {}),
      allowList: (request) => request.url.startsWith("/health"),
    });
  }
  // The OpenAPI plugin first: it documents the routes registered after it, health and metrics too.
  await app.register(openapiPlugin, { documents: options.openapi ?? {} });
  await app.register(metricsPlugin);
  await app.register(healthRoutes, { redis: options.redis ?? null });
  await app.register(tenancyPlugin, {
    allowTenantHeader: options.allowTenantHeader ?? true,
    baseDomain: options.baseDomain ?? "localhost",
  });
  // Plans right after tenancy: their gate joins every capability's routes registered later.
  if (options.plans !== false) await app.register(plansPlugin, options.plans ?? {});
  // Email before identity, whose sign-up, password and invitation mails go through it.
  const email = options.email ?? (options.identity ? { transport: options.identity.mailer } : null);
  if (email) await app.register(emailPlugin, email);
  // Identity after the rate limiter (it reuses its store) and tenancy, before any guarded route.
  if (options.identity)
    await app.register(identityPlugin, {
      redis: options.redis ?? null,
      adminToken: options.adminToken,
      ...options.identity,
    });
  // Authorization after identity, before the entity routes (they compile its decisions into their SQL).
  if (options.identity && options.authz !== false) {
    await app.register(authzPlugin, {
      redis: options.redis ?? null,
      cursorSecret: options.cursorSecret,
      ...(options.authz ?? {}),
    });
    if (email) await app.register(emailRoutes, { cursorSecret: options.cursorSecret });
    // The development mail outbox viewer: registers nothing in production (dev-outbox.ts).
    if (email?.devOutbox) await app.register(devOutboxRoutes, { dir: email.devOutbox.dir });
  }
  if (options.identity && email && options.notifications !== false)
    await app.register(notificationsPlugin, {
      publicUrl: (tenant) => app.auth.publicUrl(tenant),
      cursorSecret: options.cursorSecret,
      redis: email.redis ?? null,
      ...options.notifications,
    });
  // Workflows after email (their email nodes use its outbox) and authz (their routes and actors).
  if (options.workflows !== false) {
    await app.register(workflowPlugin, options.workflows ?? {});
    await app.register(workflowHookRoutes);
    if (options.identity && options.authz !== false)
      await app.register(workflowRoutes, { cursorSecret: options.cursorSecret });
  }
  const stores = createEntityStores(options.db, options.registry, {
    cursorSecret: options.cursorSecret,
    rls: options.rls,
  });
  await app.register(platformRoutes, {
    prefix: "/api/v1/platform",
    adminToken: options.adminToken,
    seed: createSeedWriter(stores),
  });
  if (options.plans !== false)
    await app.register(planRoutes, { prefix: "/api/v1/platform", adminToken: options.adminToken, store: stores.store });
  // Media after authz (its reads go through the entity store with the caller's rules).
  if (options.media) await app.register(mediaPlugin, { ...options.media, store: stores.store });
  // Translation before the write hooks: its hook queues record-content jobs.
  if (options.translation && options.identity && options.authz !== false)
    await app.register(translationPlugin, options.translation);
  // The writes workflows and media take part in, through the entity routes and the bookings API.
  const writeHooks = [
    options.workflows !== false ? workflowEntityHooks(app) : null,
    options.media ? app.media.hooks : null,
    options.plans !== false ? planWriteHooks(app) : null,
    app.hasDecorator("translation") ? translationWriteHooks(app.translation.wake) : null,
  ];
  // Bookings before the entity routes: its guard of their bulk route is a hook they inherit.
  await app.register(bookingsPlugin, { store: stores.store, hooks: combineWriteHooks(writeHooks) });
  // One store for the routes and the seeder, so they share compiled statements and caches.
  await app.register(entityRoutes, {
    prefix: "/api/v1/tenant",
    store: stores.store,
    hooks: combineWriteHooks([...writeHooks, bookingWriteHooks(options.registry.templates)]),
  });
  if (options.identity && options.authz !== false && options.messaging !== false)
    await app.register(messagingPlugin, {
      redis: options.redis ?? null,
      cursorSecret: options.cursorSecret,
      ...options.messaging,
      store: stores.store,
    });
  if (options.identity && options.authz !== false) {
    if (options.tags !== false) await app.register(tagsPlugin, { store: stores.store });
    if (options.collections !== false) await app.register(collectionsPlugin, { store: stores.store });
    if (options.matching !== false) await app.register(matchingPlugin, { store: stores.store });
    if (options.savedSearches !== false && app.hasDecorator("notifications"))
      await app.register(savedSearchesPlugin, {
        ...options.savedSearches,
        store: stores.store,
        publicUrl: (tenant) => app.auth.publicUrl(tenant),
      });
    if (options.payments !== false) await app.register(paymentsPlugin, options.payments ?? {});
    if (options.branding !== false) await app.register(brandingPlugin, options.branding ?? {});
  }
  await app.register(tenantOpenapiRoutes, { prefix: "/api/v1/tenant", documents: options.openapi ?? {} });
  await app.register(studioPlugin, { prefix: "/studio", adminToken: options.adminToken, ...options.studio });
  // The root is the studio's front door.
  app.get("/", { schema: { hide: true } }, (_request, reply) => reply.redirect("/studio/"));
  return app;
}
