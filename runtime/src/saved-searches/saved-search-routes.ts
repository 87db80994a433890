import type { FastifyInstance, FastifyRequest } from "fastify";
import { dataList } from "../http/list-schema.ts";
import { ApiError } from "../http/problem.ts";
import {
  ALERTS,
  type Alert,
  type SavedSearchRow,
  type SavedSearchService,
  type Viewer,
} from "./saved-search-service.ts";

const TAGS = ["saved-searches"];
const user = { config: { tenant: true, auth: "required" } as const };
const UUID = { type: "string", format: "uuid" } as const;
const TIME = { type: "string", format: "date-time" } as const;
const VISIBILITY = {
  type: "string",
  enum: ["private", "account"],
  description:
    "`private`: only you; `account`: the members of `accountId` (one of your accounts) see it and may subscribe.",
} as const;
const ALERT = {
  type: "string",
  enum: ALERTS,
  description:
    "`none`: no alerts; `instant`: an in-app notification per new match (kind `saved-search`, your notification preferences apply); `digest`: one email a day listing the new matches.",
} as const;
const QUERY = {
  type: "object",
  additionalProperties: false,
  description:
    "The list query, as the entity's list endpoint takes it: `filter` (`{ field: { operator: value } }` or `{ field: value }`), `sort`, `q`, `tags`.",
  properties: {
    filter: { type: "object" },
    sort: { type: "string", maxLength: 500 },
    q: { type: "string", maxLength: 500 },
    tags: { type: "string", maxLength: 1000 },
  },
} as const;
const SEARCH = {
  type: "object",
  required: [
    "id",
    "ownerId",
    "name",
    "templateId",
    "entity",
    "query",
    "visibility",
    "accountId",
    "alert",
    "createdAt",
    "updatedAt",
  ],
  properties: {
    id: UUID,
    ownerId: UUID,
    name: { type: "string" },
    templateId: { type: "string" },
    entity: { type: "string" },
    query: { type: "object", additionalProperties: true },
    visibility: VISIBILITY,
    accountId: { type: ["string", "null"], format: "uuid" },
    alert: { ...ALERT, description: "Your alert choice for it (`none` when you are not subscribed)." },
    createdAt: TIME,
    updatedAt: TIME,
  },
} as const;
const ID = { type: "object", required: ["id"], properties: { id: UUID } } as const;
const SUBSCRIPTION = {
  type: "object",
  required: ["savedSearchId", "userId", "alert", "createdAt", "sweptAt"],
  properties: {
    savedSearchId: UUID,
    userId: UUID,
    alert: ALERT,
    createdAt: TIME,
    sweptAt: { type: ["string", "null"], format: "date-time" },
  },
} as const;
const RESULTS = {
  type: "object",
  required: ["data", "page"],
  properties: {
    data: {
      type: "array",
      items: { type: "object", additionalProperties: true, description: "A record, as the entity's list returns it." },
    },
    page: {
      type: "object",
      required: ["limit", "nextCursor"],
      properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
    },
  },
} as const;

const view = (s: SavedSearchRow, alert: Alert) => ({
  id: s.id,
  ownerId: s.ownerId,
  name: s.name,
  templateId: s.templateId,
  entity: s.entity,
  query: s.query,
  visibility: s.visibility,
  accountId: s.accountId,
  alert,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** The saved-searches API (runtime/src/saved-searches/README.md), under /api/v1/user/saved-searches. */
export async function savedSearchRoutes(app: FastifyInstance, options: { service: SavedSearchService }) {
  const service = options.service;
  const me = async (request: FastifyRequest): Promise<Viewer> => {
    const principal = await app.authz.requireUser(request);
    return { userId: principal.userId!, accountIds: principal.accountIds, access: await app.authz.caller(request) };
  };
  const alertOf = async (tenantId: string, searchId: string, userId: string): Promise<Alert> =>
    (await service.subscription(tenantId, searchId, userId))?.alert ?? "none";
  const P = "/api/v1/user/saved-searches";

  app.get(
    P,
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Your saved searches, or with `scope=shared` those other members shared with your accounts.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { scope: { type: "string", enum: ["mine", "shared"], default: "mine" } },
        },
        response: { 200: dataList(SEARCH) },
      },
    },
    async (request) => {
      const viewer = await me(request);
      const tenantId = request.tenant!.id;
      const rows = await service.list(tenantId, viewer, (request.query as { scope: "mine" | "shared" }).scope);
      const alerts = await service.alerts(
        tenantId,
        viewer.userId,
        rows.map((r) => r.id),
      );
      return { data: rows.map((s) => view(s, alerts.get(s.id) ?? "none")) };
    },
  );

  app.post(
    P,
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Saves a list query of an entity under a name, and subscribes you with `alert` (default `instant`). The query is checked as the list endpoint would check it for you: problems are 400 with `/body/query/…` pointers.",
        body: {
          type: "object",
          required: ["name", "entity"],
          additionalProperties: false,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            entity: {
              type: "string",
              minLength: 1,
              maxLength: 200,
              description: "`apiName` or `templateId:apiName` of an installed entity",
            },
            query: QUERY,
            visibility: VISIBILITY,
            accountId: { type: ["string", "null"], format: "uuid" },
            alert: ALERT,
          },
        },
        response: { 201: SEARCH },
      },
    },
    async (request, reply) => {
      const viewer = await me(request);
      const { search, subscription } = await service.create(request.tenant!, viewer, request.body as never);
      return reply.code(201).send(view(search, subscription.alert));
    },
  );

  app.get(
    `${P}/:id`,
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "A saved search of yours or one shared with your account.",
        params: ID,
        response: { 200: SEARCH },
      },
    },
    async (request) => {
      const viewer = await me(request);
      const s = await service.visible(request.tenant!.id, (request.params as { id: string }).id, viewer);
      return view(s, await alertOf(request.tenant!.id, s.id, viewer.userId));
    },
  );

  app.patch(
    `${P}/:id`,
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Renames, changes the query of, or reshares your saved search (its owner only: 403 for others).",
        params: ID,
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            query: QUERY,
            visibility: VISIBILITY,
            accountId: { type: ["string", "null"], format: "uuid" },
          },
        },
        response: { 200: SEARCH },
      },
    },
    async (request) => {
      const viewer = await me(request);
      const s = await service.update(
        request.tenant!,
        (request.params as { id: string }).id,
        viewer,
        request.body as never,
      );
      return view(s, await alertOf(request.tenant!.id, s.id, viewer.userId));
    },
  );

  app.delete(
    `${P}/:id`,
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Deletes your saved search with every subscription to it.",
        params: ID,
        response: { 204: { type: "null" } },
      },
    },
    async (request, reply) => {
      await service.remove(request.tenant!.id, (request.params as { id: string }).id, await me(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${P}/:id/results`,
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Runs the saved search now, as the entity's list endpoint would for you (your rules, its sort), one page at a time.",
        params: ID,
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
            cursor: { type: "string", maxLength: 2000 },
          },
        },
        response: { 200: RESULTS },
      },
    },
    async (request) => {
      const viewer = await me(request);
      const tenant = request.tenant!;
      const s = await service.visible(tenant.id, (request.params as { id: string }).id, viewer);
      const served = service.served(tenant, s.templateId, s.entity);
      if (!served) throw new ApiError("RT_ERR_CONFLICT", "The marketplace no longer has this entity.");
      const { limit, cursor } = request.query as { limit: number; cursor?: string };
      const result = await service.run(tenant.id, served, viewer.access, {
        ...service.params(s.query),
        limit: String(limit),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      return { data: result.rows, page: { limit: result.limit, nextCursor: result.nextCursor } };
    },
  );

  app.put(
    `${P}/:id/subscription`,
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Subscribes you to a saved search you can see, or changes your alert choice. Switching alerts on after `none` starts from now: only records created or updated from then on are alerted.",
        params: ID,
        body: { type: "object", required: ["alert"], additionalProperties: false, properties: { alert: ALERT } },
        response: { 200: SUBSCRIPTION },
      },
    },
    async (request) => {
      const viewer = await me(request);
      const s = await service.visible(request.tenant!.id, (request.params as { id: string }).id, viewer);
      const sub = await service.subscribe(
        request.tenant!.id,
        s.id,
        viewer.userId,
        (request.body as { alert: Alert }).alert,
      );
      return {
        savedSearchId: sub.savedSearchId,
        userId: sub.userId,
        alert: sub.alert,
        createdAt: sub.createdAt,
        sweptAt: sub.sweptAt,
      };
    },
  );

  app.delete(
    `${P}/:id/subscription`,
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Ends your alerts of a saved search (idempotent).",
        params: ID,
        response: { 204: { type: "null" } },
      },
    },
    async (request, reply) => {
      const viewer = await me(request);
      const s = await service.visible(request.tenant!.id, (request.params as { id: string }).id, viewer);
      await service.unsubscribe(request.tenant!.id, s.id, viewer.userId);
      return reply.code(204).send();
    },
  );
}
