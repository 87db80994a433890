import type { FastifyInstance, FastifyRequest } from "fastify";
import { dataList } from "../http/list-schema.ts";
import { ApiError } from "../http/problem.ts";
import { isUuid } from "../tags/record-access.ts";
import { MAX_ITEMS, type CollectionRow, type CollectionService } from "./collection-service.ts";

const TAGS = ["collections"];
const user = { config: { tenant: true, auth: "required" } as const };
const UUID = { type: "string", format: "uuid" } as const;
const TIME = { type: "string", format: "date-time" } as const;
const VISIBILITY = {
  type: "string",
  enum: ["private", "link", "tenant"],
  description:
    "`private`: only you; `link`: anyone with its `shareToken` link; `tenant`: every signed-in user of the marketplace.",
} as const;
const ENTITY = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  description: "`apiName` or `templateId:apiName` of an entity the template lists in `collections`",
} as const;
const NOTE = { type: ["string", "null"], maxLength: 2000 } as const;

const ITEM = {
  type: "object",
  required: ["id", "templateId", "entity", "recordId", "position", "note", "createdAt"],
  properties: {
    id: UUID,
    templateId: { type: "string" },
    entity: { type: "string" },
    recordId: UUID,
    position: { type: "integer" },
    note: { type: ["string", "null"] },
    createdAt: TIME,
  },
} as const;
const COLLECTION = {
  type: "object",
  required: ["id", "ownerId", "name", "description", "visibility", "favourites", "createdAt", "updatedAt"],
  properties: {
    id: UUID,
    ownerId: UUID,
    name: { type: "string" },
    description: { type: ["string", "null"] },
    visibility: VISIBILITY,
    shareToken: {
      type: ["string", "null"],
      description: "Only for the owner: the link's secret while `visibility` is `link`.",
    },
    favourites: { type: "boolean", description: "The owner's favourites list." },
    createdAt: TIME,
    updatedAt: TIME,
  },
} as const;
const WITH_ITEMS = {
  ...COLLECTION,
  required: [...COLLECTION.required, "items"],
  properties: {
    ...COLLECTION.properties,
    items: { type: "array", items: ITEM, description: "In order; only those whose record you may read." },
  },
} as const;
const LIST = dataList(COLLECTION);
const ID = { type: "object", required: ["id"], properties: { id: UUID } } as const;
const ITEM_PARAMS = { type: "object", required: ["id", "itemId"], properties: { id: UUID, itemId: UUID } } as const;
const RECORD_PARAMS = {
  type: "object",
  required: ["entityName", "recordId"],
  properties: { entityName: ENTITY, recordId: UUID },
} as const;

/** A collection as its viewer sees it: the token only for the owner. */
function view(c: CollectionRow, viewerId: string | null) {
  return {
    id: c.id,
    ownerId: c.ownerId,
    name: c.name,
    description: c.description,
    visibility: c.visibility,
    ...(c.ownerId === viewerId ? { shareToken: c.shareToken } : {}),
    favourites: c.systemKey !== null,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * The collections API (runtime/src/collections/README.md): a user's lists under
 * /api/v1/user/collections, favourites under /api/v1/user/favourites, and a link's view under
 * /api/v1/tenant/shared-collections/{token}.
 */
export async function collectionRoutes(app: FastifyInstance, options: { service: CollectionService }) {
  const service = options.service;
  const me = async (request: FastifyRequest) => {
    const principal = await app.authz.requireUser(request);
    return { userId: principal.userId!, caller: await app.authz.caller(request) };
  };
  const withItems = async (request: FastifyRequest, c: CollectionRow, viewerId: string | null) => ({
    ...view(c, viewerId),
    items: await service.items(request.tenant!, c.id, await app.authz.caller(request)),
  });

  app.get(
    "/api/v1/user/collections",
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Your collections (favourites first), or with `scope=tenant` the marketplace's tenant-public ones.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { scope: { type: "string", enum: ["mine", "tenant"], default: "mine" } },
        },
        response: { 200: LIST },
      },
    },
    async (request) => {
      const { userId } = await me(request);
      const tenantId = request.tenant!.id;
      const rows =
        (request.query as { scope: string }).scope === "tenant"
          ? await service.public(tenantId, 200)
          : await service.mine(tenantId, userId);
      return { data: rows.map((c) => view(c, userId)) };
    },
  );

  app.post(
    "/api/v1/user/collections",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Makes a collection (private unless `visibility` says otherwise; `link` gives it a `shareToken`).",
        body: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            description: NOTE,
            visibility: VISIBILITY,
          },
        },
        response: { 201: WITH_ITEMS },
      },
    },
    async (request, reply) => {
      const { userId } = await me(request);
      const c = await service.create(request.tenant!.id, userId, request.body as never);
      return reply.code(201).send({ ...view(c, userId), items: [] });
    },
  );

  app.get(
    "/api/v1/user/collections/:id",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "A collection of yours or a tenant-public one, with the items whose record you may read.",
        params: ID,
        response: { 200: WITH_ITEMS },
      },
    },
    async (request) => {
      const { userId } = await me(request);
      const c = await service.visible(request.tenant!.id, (request.params as { id: string }).id, userId);
      return withItems(request, c, userId);
    },
  );

  app.patch(
    "/api/v1/user/collections/:id",
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Renames or reshares your collection. Leaving `link` ends its token; `rotateToken: true` gives a link collection a new one (the old link stops working).",
        params: ID,
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            description: NOTE,
            visibility: VISIBILITY,
            rotateToken: { type: "boolean" },
          },
        },
        response: { 200: COLLECTION },
      },
    },
    async (request) => {
      const { userId } = await me(request);
      return view(
        await service.update(request.tenant!.id, (request.params as { id: string }).id, userId, request.body as never),
        userId,
      );
    },
  );

  app.delete(
    "/api/v1/user/collections/:id",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Deletes your collection and its items (not the favourites list).",
        params: ID,
        response: { 204: { type: "null", description: "Deleted." } },
      },
    },
    async (request, reply) => {
      const { userId } = await me(request);
      await service.remove(request.tenant!.id, (request.params as { id: string }).id, userId);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/v1/user/collections/:id/items",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: `Puts a record you may read into your collection, at \`position\` (0 first; default the end), with a note. The same record again answers its item (200; the note replaced when given). At most ${MAX_ITEMS} items.`,
        params: ID,
        body: {
          type: "object",
          required: ["entity", "recordId"],
          additionalProperties: false,
          properties: { entity: ENTITY, recordId: UUID, note: NOTE, position: { type: "integer", minimum: 0 } },
        },
        response: { 200: ITEM, 201: ITEM },
      },
    },
    async (request, reply) => {
      const { userId, caller } = await me(request);
      const c = await service.owned(request.tenant!.id, (request.params as { id: string }).id, userId);
      const { item, created } = await service.addItem(request.tenant!, caller, c, request.body as never);
      return reply.code(created ? 201 : 200).send(item);
    },
  );

  app.patch(
    "/api/v1/user/collections/:id/items/:itemId",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Changes an item's note or moves it to `position` (the others close up).",
        params: ITEM_PARAMS,
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: { note: NOTE, position: { type: "integer", minimum: 0 } },
        },
        response: { 200: ITEM },
      },
    },
    async (request) => {
      const { userId } = await me(request);
      const { id, itemId } = request.params as { id: string; itemId: string };
      const c = await service.owned(request.tenant!.id, id, userId);
      return service.updateItem(request.tenant!.id, c, itemId, request.body as never);
    },
  );

  app.delete(
    "/api/v1/user/collections/:id/items/:itemId",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Takes an item out of your collection.",
        params: ITEM_PARAMS,
        response: { 204: { type: "null", description: "Removed." } },
      },
    },
    async (request, reply) => {
      const { userId } = await me(request);
      const { id, itemId } = request.params as { id: string; itemId: string };
      const c = await service.owned(request.tenant!.id, id, userId);
      await service.removeItem(request.tenant!.id, c, itemId);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/tenant/shared-collections/:token",
    {
      config: { tenant: true, auth: "optional" },
      schema: {
        tags: TAGS,
        description:
          "A collection shared by link, for anyone who has the link (signed in or not), with the items whose record the viewer may read.",
        params: {
          type: "object",
          required: ["token"],
          properties: { token: { type: "string", minLength: 1, maxLength: 64 } },
        },
        response: { 200: WITH_ITEMS },
      },
    },
    async (request) => {
      const c = await service.byToken(request.tenant!.id, (request.params as { token: string }).token);
      return withItems(request, c, request.identity?.userId ?? null);
    },
  );

  // ---------------------------------------------------------------- favourites

  app.get(
    "/api/v1/user/favourites",
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Your favourites (a collection made on first use), or with `entity` and `recordIds` which of those records you have favourited.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            entity: ENTITY,
            recordIds: { type: "string", maxLength: 3700, description: "Comma-separated ids (at most 100)." },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              collection: WITH_ITEMS,
              favourited: { type: "array", items: UUID, description: "With `entity` and `recordIds`." },
            },
          },
        },
      },
    },
    async (request) => {
      const { userId } = await me(request);
      const q = request.query as { entity?: string; recordIds?: string };
      if (q.entity !== undefined || q.recordIds !== undefined) {
        const ids = (q.recordIds ?? "").split(",").filter(Boolean);
        if (q.entity === undefined || !ids.length || ids.length > 100 || !ids.every(isUuid))
          throw new ApiError("RT_ERR_BAD_QUERY", "Name an entity and up to 100 record ids.", [
            {
              pointer: q.entity === undefined ? "/query/entity" : "/query/recordIds",
              message: "is required, with at most 100 uuids",
            },
          ]);
        return { favourited: await service.favouriteIds(request.tenant!, userId, q.entity, ids) };
      }
      const c = await service.favourites(request.tenant!.id, userId);
      return { collection: await withItems(request, c, userId) };
    },
  );

  app.put(
    "/api/v1/user/favourites/:entityName/:recordId",
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Favourites a record you may read. Idempotent: a second call changes nothing (200 with the same item).",
        params: RECORD_PARAMS,
        response: { 200: ITEM },
      },
    },
    async (request) => {
      const { userId, caller } = await me(request);
      const { entityName: entity, recordId } = request.params as { entityName: string; recordId: string };
      return (await service.favourite(request.tenant!, userId, caller, entity, recordId)).item;
    },
  );

  app.delete(
    "/api/v1/user/favourites/:entityName/:recordId",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Unfavourites a record. Idempotent: 204 whether or not it was a favourite.",
        params: RECORD_PARAMS,
        response: { 204: { type: "null", description: "Not a favourite (any more)." } },
      },
    },
    async (request, reply) => {
      const { userId } = await me(request);
      const { entityName: entity, recordId } = request.params as { entityName: string; recordId: string };
      await service.unfavourite(request.tenant!, userId, entity, recordId);
      return reply.code(204).send();
    },
  );
}
