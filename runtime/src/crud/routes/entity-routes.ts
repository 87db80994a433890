import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { SqlSession } from "../../db/database.ts";
import { ApiError } from "../../http/problem.ts";
import type { Owner } from "../sql/ref-checks.ts";
import { isTranslated, localeChoice, localizedView } from "../model/locale.ts";
import { runBulk } from "../store/bulk.ts";
import { EntityStore, notFound, type Target } from "../store/entity-store.ts";
import { extensionRoutes } from "./extension-routes.ts";
import { resolveEntity } from "./resolve-entity.ts";
import { viewSchemas } from "./serialization.ts";

/**
 * Code that takes part in entity writes (the workflows: status ownership and triggers). When
 * `applies` says so for the target, the create or update runs in a transaction with `before`
 * (which may refuse it by throwing an ApiError) and `after` on it; what `after` returns runs
 * after the commit.
 */
export interface EntityWriteHooks {
  applies(target: Target): boolean;
  /** Before the transaction, on the pool (lookups the transaction's role may not make). */
  prepare?(target: Target): Promise<void>;
  before(
    request: FastifyRequest,
    target: Target,
    op: "create" | "update",
    body: unknown,
    id: string | null,
    session: SqlSession,
  ): Promise<unknown>;
  after(
    request: FastifyRequest,
    target: Target,
    op: "create" | "update",
    row: Record<string, unknown>,
    body: unknown,
    state: unknown,
    session: SqlSession,
  ): Promise<readonly (() => Promise<void>)[]>;
  /**
   * A bulk request's `create` items, counted, in its transaction before the first item runs (the
   * plans' record limits): throwing an ApiError refuses the whole batch.
   */
  bulk?(request: FastifyRequest, target: Target, creates: number, session: SqlSession): Promise<void>;
}

export interface EntityRoutesOptions {
  /** Writes the workflows take part in (workflows/workflow-plugin.ts). */
  hooks?: EntityWriteHooks | null;
  /** Share a store with other code (seeding, demo data); else the routes make their own. */
  store?: EntityStore;
  /** HMAC key of list cursors (when no store is given); set it when several servers share traffic. */
  cursorSecret?: string;
}

type Query = Record<string, unknown>;
const JSON_TYPE = "application/json; charset=utf-8";

/** Serializes with fast-json-stringify from the view's schema (compiled once, cached by Fastify). */
function send(reply: FastifyReply, status: number, schema: Record<string, unknown>, payload: object) {
  return reply
    .code(status)
    .type(JSON_TYPE)
    .send(reply.compileSerializationSchema(schema)(payload as Record<string, unknown>));
}

/** Apps without identity: the caller's account and user come from the X-Account-Id / X-User-Id headers. */
function headerOwner(request: FastifyRequest): Owner {
  const account = request.headers["x-account-id"];
  const user = request.headers["x-user-id"];
  return {
    ...(typeof account === "string" ? { accountId: account } : {}),
    ...(typeof user === "string" ? { userId: user } : {}),
  };
}

/**
 * Generic CRUD for every entity a tenant has installed, under `/entities/:entity`, plus the
 * tenant's extension fields and effective schemas. Register with prefix `/api/v1/tenant`.
 * With the authz plugin (apps with identity), every request is authorized: the caller's rules
 * are compiled into the statements and writes are audited; without it nothing is restricted.
 */
export async function entityRoutes(app: FastifyInstance, options: EntityRoutesOptions) {
  const store = options.store ?? new EntityStore(app.db, { cursorSecret: options.cursorSecret });
  const authz = app.hasDecorator("authz") ? app.authz : null;
  const config: FastifyContextConfig = authz
    ? { tenant: true, auth: "optional", allowSuperAdmin: true }
    : { tenant: true };

  // Synchronous when the tenant's extension fields are cached and no caller needs resolving.
  const target = (request: FastifyRequest): Target | Promise<Target> => {
    const { template, entity } = resolveEntity(app.registry, request);
    const cached = store.cachedTarget(request.tenant!.id, template, entity);
    if (cached && !authz) return cached;
    return (async () => {
      const t = cached ?? (await store.target(request.tenant!.id, template, entity));
      return authz ? { ...t, access: await authz.caller(request) } : t;
    })();
  };
  /**
   * Entities with translatable fields act in the request's locale (`?locale=`, else the tenant's
   * default, else the template's; model/locale.ts): the target's view reads and writes it, and
   * the response says which locale it is in (`Content-Language`).
   */
  const localize = (request: FastifyRequest, reply: FastifyReply, t: Target): Target => {
    if (!isTranslated(t.view.entity)) return t;
    const choice = localeChoice(request.query as Query, t.view.template, request.tenant!.defaultLocale);
    reply.header("content-language", choice.locale);
    return choice.chain.length ? { ...t, view: localizedView(t.view, choice.chain) } : t;
  };
  // Synchronous when `target` is.
  const localized = (request: FastifyRequest, reply: FastifyReply): Target | Promise<Target> => {
    const t = target(request);
    return t instanceof Promise ? t.then((v) => localize(request, reply, v)) : localize(request, reply, t);
  };

  const ownerOf = (request: FastifyRequest, t: Target): Owner =>
    authz ? authz.owner(request, t.access!) : headerOwner(request);
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;
  // Every statement of a request runs with the tenant's row-level security context when the database needs one.
  const run = <T>(t: Target, fn: (session: SqlSession) => Promise<T>) => store.sessions.run(t.tenantId, fn);

  app.get("/entities/:entity", { config }, async (request, reply) => {
    const t = await localized(request, reply);
    const result = await run(t, (s) => store.list(t, request.query as Query, s));
    const page = {
      limit: result.limit,
      nextCursor: result.nextCursor,
      ...(result.offset !== null ? { offset: result.offset } : {}),
      ...(result.total !== null ? { total: result.total } : {}),
    };
    return send(reply, 200, viewSchemas(t.view).list, { data: result.rows, page });
  });

  app.get("/entities/:entity/:id", { config }, async (request, reply) => {
    const t = await localized(request, reply);
    const row = await run(t, (s) => store.get(t, id(request), request.query as Query, s));
    if (!row) throw notFound(t.view);
    return send(reply, 200, viewSchemas(t.view).record, row);
  });

  const hooks = options.hooks ?? null;
  /** A write, with the hooks in its transaction when they apply to the target. */
  const write = async (
    request: FastifyRequest,
    t: Target,
    op: "create" | "update",
    fn: (s: SqlSession) => Promise<Record<string, unknown>>,
  ) => {
    if (!hooks?.applies(t)) return run(t, fn);
    await hooks.prepare?.(t);
    const later: (() => Promise<void>)[] = [];
    const row = await store.sessions.transaction(t.tenantId, async (s) => {
      const state = await hooks.before(request, t, op, request.body, op === "update" ? id(request) : null, s);
      const written = await fn(s);
      later.push(...(await hooks.after(request, t, op, written, request.body, state, s)));
      return written;
    });
    for (const fn of later) await fn().catch((err: unknown) => request.log.warn({ err }, "after an entity write"));
    return row;
  };

  app.post("/entities/:entity", { config }, async (request, reply) => {
    const t = await localized(request, reply);
    const row = await write(request, t, "create", (s) => store.create(t, request.body, ownerOf(request, t), s));
    reply.header("location", `${request.url.split("?")[0]}/${row.id as string}`);
    return send(reply, 201, viewSchemas(t.view).record, row);
  });

  app.patch("/entities/:entity/:id", { config }, async (request, reply) => {
    const t = await localized(request, reply);
    const row = await write(request, t, "update", (s) => store.update(t, id(request), request.body, s));
    return send(reply, 200, viewSchemas(t.view).record, row);
  });

  app.delete("/entities/:entity/:id", { config }, async (request, reply) => {
    const t = await target(request);
    await run(t, (s) => store.remove(t, id(request), s));
    return reply.code(204).send();
  });

  app.post("/entities/:entity/bulk", { config }, async (request, reply) => {
    const t = await localized(request, reply);
    if (request.body === undefined) throw new ApiError("RT_ERR_VALIDATION", "A JSON body is required.");
    const bulkHook = hooks?.bulk && hooks.applies(t) ? hooks : null;
    if (bulkHook) await bulkHook.prepare?.(t);
    const guard = bulkHook ? (s: SqlSession, creates: number) => bulkHook.bulk!(request, t, creates, s) : undefined;
    const result = await runBulk(store, t, request.body, ownerOf(request, t), guard);
    return send(reply, 200, viewSchemas(t.view).bulk, result);
  });

  await app.register(extensionRoutes, { store });
}
