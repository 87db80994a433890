import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ApiError } from "../../http/problem.ts";
import type { Owner } from "../sql/ref-checks.ts";
import { runBulk } from "../store/bulk.ts";
import { EntityStore, notFound, type Target } from "../store/entity-store.ts";
import { extensionRoutes } from "./extension-routes.ts";
import { resolveEntity } from "./resolve-entity.ts";
import { viewSchemas } from "./serialization.ts";

export interface EntityRoutesOptions {
  /** Share a store with other code (seeding, demo data); else the routes make their own. */
  store?: EntityStore;
  /** HMAC key of list cursors (when no store is given); set it when several servers share traffic. */
  cursorSecret?: string;
}

type Query = Record<string, unknown>;
const JSON_TYPE = "application/json; charset=utf-8";

/** Serializes with fast-json-stringify from the view's schema (compiled once, cached by Fastify). */
function send(reply: FastifyReply, status: number, schema: Record<string, unknown>, payload: object) {
  return reply.code(status).type(JSON_TYPE).send(reply.compileSerializationSchema(schema)(payload as Record<string, unknown>));
}

/** TEMPORARY SEAM until sign-in exists: the caller's account and user come from headers. */
function ownerOf(request: FastifyRequest): Owner {
  const account = request.headers["x-account-id"];
  const user = request.headers["x-user-id"];
  return { ...(typeof account === "string" ? { accountId: account } : {}), ...(typeof user === "string" ? { userId: user } : {}) };
}

/**
 * Generic CRUD for every entity a tenant has installed, under `/entities/:entity`, plus the
 * tenant's extension fields and effective schemas. Register with prefix `/api/v1/tenant`.
 */
export async function entityRoutes(app: FastifyInstance, options: EntityRoutesOptions) {
  const store = options.store ?? new EntityStore(app.db, { cursorSecret: options.cursorSecret });
  const config = { tenant: true };

  const target = (request: FastifyRequest): Promise<Target> => {
    const { template, entity } = resolveEntity(app.registry, request);
    return store.target(request.tenant!.id, template, entity);
  };
  const id = (request: FastifyRequest) => (request.params as { id: string }).id;

  app.get("/entities/:entity", { config }, async (request, reply) => {
    const t = await target(request);
    const result = await store.list(t, request.query as Query);
    const page = { limit: result.limit, nextCursor: result.nextCursor, ...(result.offset !== null ? { offset: result.offset } : {}), ...(result.total !== null ? { total: result.total } : {}) };
    return send(reply, 200, viewSchemas(t.view).list, { data: result.rows, page });
  });

  app.get("/entities/:entity/:id", { config }, async (request, reply) => {
    const t = await target(request);
    const row = await store.get(t, id(request), request.query as Query);
    if (!row) throw notFound(t.view);
    return send(reply, 200, viewSchemas(t.view).record, row);
  });

  app.post("/entities/:entity", { config }, async (request, reply) => {
    const t = await target(request);
    const row = await store.create(t, request.body, ownerOf(request));
    reply.header("location", `${request.url.split("?")[0]}/${row.id as string}`);
    return send(reply, 201, viewSchemas(t.view).record, row);
  });

  app.patch("/entities/:entity/:id", { config }, async (request, reply) => {
    const t = await target(request);
    const row = await store.update(t, id(request), request.body);
    return send(reply, 200, viewSchemas(t.view).record, row);
  });

  app.delete("/entities/:entity/:id", { config }, async (request, reply) => {
    const t = await target(request);
    await store.remove(t, id(request));
    return reply.code(204).send();
  });

  app.post("/entities/:entity/bulk", { config }, async (request, reply) => {
    const t = await target(request);
    if (request.body === undefined) throw new ApiError("RT_ERR_VALIDATION", "A JSON body is required.");
    const result = await runBulk(store, t, request.body, ownerOf(request));
    return send(reply, 200, viewSchemas(t.view).bulk, result);
  });

  await app.register(extensionRoutes, { store });
}
