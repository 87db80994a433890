import type { FastifyInstance, FastifyRequest } from "fastify";
import { CursorCodec } from "../crud/sql/cursor.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { parsePageQuery } from "../http/page-query.ts";
import {
  DEFAULT_CHANNELS,
  listNotifications,
  listPreferences,
  markAllRead,
  markRead,
  replacePreferences,
  unreadCount,
  type ListQuery,
  type NotificationRow,
  type Preference,
} from "./notification-store.ts";

const CURSOR_ENTITY = "notification";
const CURSOR_SORT = "-createdAt";
const CHANNELS = ["in-app", "email", "digest"] as const;
const user = { config: { tenant: true, auth: "required" } as const };

const NOTIFICATION = {
  type: "object",
  required: ["id", "kind", "title", "body", "link", "record", "createdAt", "readAt"],
  properties: {
    id: { type: "string", format: "uuid" },
    kind: { type: "string" },
    title: { type: "string" },
    body: { type: "string" },
    link: { type: ["string", "null"] },
    record: {
      type: ["object", "null"],
      required: ["entity", "id"],
      properties: { entity: { type: "string" }, id: { type: "string", format: "uuid" } },
    },
    createdAt: { type: "string", format: "date-time" },
    readAt: { type: ["string", "null"], format: "date-time" },
  },
} as const;

const PAGE = {
  type: "object",
  required: ["data", "page", "unreadCount"],
  properties: {
    data: { type: "array", items: NOTIFICATION },
    page: {
      type: "object",
      required: ["limit", "nextCursor"],
      properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
    },
    unreadCount: { type: "integer", description: "The user's unread notifications in this tenant (all pages)." },
  },
} as const;

const CHANNEL_LIST = {
  type: "array",
  uniqueItems: true,
  maxItems: 3,
  items: { type: "string", enum: [...CHANNELS] },
  description:
    "`in-app` lists it; `email` mails it when still unread after the tenant's delay; `digest` lists it in the daily digest email instead (not with `email`).",
} as const;

const PREFERENCE = {
  type: "object",
  required: ["kind", "channels"],
  additionalProperties: false,
  properties: {
    kind: { type: "string", pattern: "^[a-z0-9][a-z0-9._:-]{0,79}$" },
    channels: CHANNEL_LIST,
  },
} as const;

const PREFERENCES = {
  type: "object",
  required: ["data", "defaults"],
  properties: {
    data: { type: "array", items: PREFERENCE },
    defaults: {
      type: "object",
      required: ["channels"],
      properties: { channels: CHANNEL_LIST },
      description: "The channels of every kind not listed.",
    },
  },
} as const;

const ID_PARAMS = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", format: "uuid" } },
} as const;

/**
 * The signed-in user's notifications in the request's tenant (runtime/src/notifications/README.md):
 * list with the unread count, mark read, mark all read, and the channels per kind.
 */
export async function notificationRoutes(app: FastifyInstance, options: { cursorSecret?: string }) {
  const cursors = new CursorCodec(options.cursorSecret ?? process.env.MONO_CURSOR_SECRET);
  const notifier = app.notifications.notifier;
  const who = (request: FastifyRequest) => ({ tenantId: request.tenant!.id, userId: request.identity!.userId });

  app.get(
    "/api/v1/user/notifications",
    { ...user, schema: { tags: ["notifications"], response: { 200: PAGE } } },
    async (request) => {
      const { tenantId, userId } = who(request);
      const query = parseListQuery(request.query as Record<string, unknown>, cursors);
      const rows = await listNotifications(app.db, tenantId, userId, query);
      const more = rows.length > query.limit;
      if (more) rows.pop();
      const last = rows[rows.length - 1];
      const nextCursor = more ? cursors.encode({ e: CURSOR_ENTITY, s: CURSOR_SORT, k: [last.__at, last.id] }) : null;
      return {
        data: rows.map(serialize),
        page: { limit: query.limit, nextCursor },
        unreadCount: await unreadCount(app.db, tenantId, userId),
      };
    },
  );

  app.post(
    "/api/v1/user/notifications/:id/read",
    { ...user, schema: { tags: ["notifications"], params: ID_PARAMS, response: { 200: NOTIFICATION } } },
    async (request) => {
      const { tenantId, userId } = who(request);
      const id = (request.params as { id: string }).id;
      const row = await app.db.transaction(async (tx) => {
        const read = await markRead(tx, tenantId, userId, id, notifier.now());
        if (read) await notifier.withdrawEmails(tx, tenantId, [read.id]);
        return read;
      });
      if (!row) throw new ApiError("RT_ERR_NOT_FOUND", "You have no notification with this id.");
      return serialize(row);
    },
  );

  app.post(
    "/api/v1/user/notifications/read-all",
    {
      ...user,
      schema: {
        tags: ["notifications"],
        response: {
          200: {
            type: "object",
            required: ["read"],
            properties: { read: { type: "integer", description: "How many were unread until now." } },
          },
        },
      },
    },
    async (request) => {
      const { tenantId, userId } = who(request);
      const ids = await app.db.transaction(async (tx) => {
        const read = await markAllRead(tx, tenantId, userId, notifier.now());
        await notifier.withdrawEmails(tx, tenantId, read);
        return read;
      });
      return { read: ids.length };
    },
  );

  app.get(
    "/api/v1/user/notification-preferences",
    { ...user, schema: { tags: ["notifications"], response: { 200: PREFERENCES } } },
    async (request) => {
      const { tenantId, userId } = who(request);
      return preferencesBody(await listPreferences(app.db, tenantId, userId));
    },
  );

  app.put(
    "/api/v1/user/notification-preferences",
    {
      ...user,
      schema: {
        tags: ["notifications"],
        body: {
          type: "object",
          required: ["preferences"],
          additionalProperties: false,
          properties: {
            preferences: {
              type: "array",
              maxItems: 200,
              items: PREFERENCE,
              description: "The channels per kind; kinds left out go back to the defaults.",
            },
          },
        },
        response: { 200: PREFERENCES },
      },
    },
    async (request) => {
      const { tenantId, userId } = who(request);
      const given = (request.body as { preferences: { kind: string; channels: string[] }[] }).preferences;
      const errors: FieldError[] = [];
      const seen = new Set<string>();
      given.forEach((p, i) => {
        if (seen.has(p.kind)) errors.push({ pointer: `/body/preferences/${i}/kind`, message: "is listed twice" });
        seen.add(p.kind);
        if (p.channels.includes("email") && p.channels.includes("digest"))
          errors.push({
            pointer: `/body/preferences/${i}/channels`,
            message: "may hold email or digest, not both",
          });
      });
      if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "The notification preferences are invalid.", errors);
      const preferences: Preference[] = given.map((p) => ({
        kind: p.kind,
        inApp: p.channels.includes("in-app"),
        email: p.channels.includes("email"),
        digest: p.channels.includes("digest"),
      }));
      await app.db.transaction((tx) => replacePreferences(tx, tenantId, userId, preferences));
      return preferencesBody(await listPreferences(app.db, tenantId, userId));
    },
  );
}

const channelsOf = (p: { inApp: boolean; email: boolean; digest: boolean }) =>
  CHANNELS.filter((c) => (c === "in-app" ? p.inApp : p[c]));

function preferencesBody(rows: readonly Preference[]) {
  return {
    data: rows.map((p) => ({ kind: p.kind, channels: channelsOf(p) })),
    defaults: { channels: channelsOf(DEFAULT_CHANNELS) },
  };
}

function serialize({ __at, ...row }: NotificationRow) {
  return row;
}

function parseListQuery(query: Record<string, unknown>, cursors: CursorCodec): ListQuery {
  const errors: FieldError[] = [];
  const out: ListQuery = { limit: 20, unread: false };
  for (const key of Object.keys(query))
    if (!["filter", "unread", "limit", "cursor"].includes(key))
      errors.push({ pointer: `/query/${key}`, message: "is not a known parameter" });
  const bool = (raw: unknown, pointer: string) => {
    if (raw === "true" || raw === "false") return raw === "true";
    errors.push({ pointer, message: "must be true or false" });
    return false;
  };
  const filter = query.filter;
  if (filter !== undefined && (typeof filter !== "object" || filter === null || Array.isArray(filter)))
    errors.push({ pointer: "/query/filter", message: "must be written filter[unread]=true" });
  for (const [name, raw] of Object.entries((typeof filter === "object" && filter) || {})) {
    if (name !== "unread") errors.push({ pointer: `/query/filter/${name}`, message: "is not a filter (unread)" });
    else out.unread = bool(raw, "/query/filter/unread");
  }
  if (query.unread !== undefined) out.unread = bool(query.unread, "/query/unread") || out.unread;
  Object.assign(
    out,
    parsePageQuery(query, cursors, { entity: CURSOR_ENTITY, sort: CURSOR_SORT, maxLimit: 100 }, errors),
  );
  if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
  return out;
}
