import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { dataList } from "../http/list-schema.ts";
import { CursorCodec } from "../crud/sql/cursor.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { parsePageQuery, type PageAfter } from "../http/page-query.ts";
import {
  isUuid,
  MAX_BODY,
  messageView,
  type Access,
  type ConversationRow,
  type MessagingService,
  type ParticipantRow,
  type Viewer,
} from "./messaging-service.ts";

const user = { config: { tenant: true, auth: "required" } as const };
const TAGS = ["messaging"];
const UUID = { type: "string", format: "uuid" } as const;
const TIME = { type: "string", format: "date-time" } as const;
const NULLABLE_TIME = { type: ["string", "null"], format: "date-time" } as const;
const NULLABLE_UUID = { type: ["string", "null"], format: "uuid" } as const;

const PARTICIPANT = {
  type: "object",
  required: ["userId", "role", "joinedAt", "leftAt", "lastReadMessageId", "lastReadAt"],
  properties: {
    userId: UUID,
    role: { type: "string", enum: ["owner", "member"] },
    joinedAt: TIME,
    leftAt: NULLABLE_TIME,
    lastReadMessageId: NULLABLE_UUID,
    lastReadAt: NULLABLE_TIME,
  },
} as const;

const CONVERSATION = {
  type: "object",
  required: ["id", "kind", "title", "record", "createdAt", "lastMessageAt", "participants", "me"],
  properties: {
    id: UUID,
    kind: { type: "string", enum: ["direct", "group", "record"] },
    title: { type: ["string", "null"] },
    record: {
      type: ["object", "null"],
      required: ["templateId", "entity", "id"],
      properties: { templateId: { type: "string" }, entity: { type: "string" }, id: UUID },
    },
    createdAt: TIME,
    lastMessageAt: NULLABLE_TIME,
    unreadCount: { type: "integer" },
    participants: { type: "array", items: PARTICIPANT },
    me: {
      type: "object",
      required: ["role", "muted", "notify", "lastReadMessageId", "moderator"],
      properties: {
        role: { type: "string" },
        muted: { type: "boolean" },
        notify: { type: "string", enum: ["all", "mentions", "none"] },
        lastReadMessageId: NULLABLE_UUID,
        moderator: { type: "boolean" },
      },
    },
  },
} as const;

const MESSAGE = {
  type: "object",
  required: ["id", "conversationId", "authorId", "body", "mentions", "status", "deleted", "hidden", "createdAt"],
  properties: {
    id: UUID,
    conversationId: UUID,
    authorId: UUID,
    body: {
      type: "string",
      description:
        "Sanitised HTML (p, br, b, strong, i, em, s, code, pre, blockquote, ul, ol, li, a, span[data-mention]); empty when deleted or hidden.",
    },
    mentions: { type: "array", items: UUID },
    replyToId: NULLABLE_UUID,
    threadRootId: NULLABLE_UUID,
    status: { type: "string", enum: ["sent", "scheduled"] },
    sendAt: NULLABLE_TIME,
    editedAt: NULLABLE_TIME,
    deleted: { type: "boolean" },
    hidden: { type: "boolean" },
    reactions: {
      type: "array",
      items: {
        type: "object",
        required: ["emoji", "count", "userIds"],
        properties: { emoji: { type: "string" }, count: { type: "integer" }, userIds: { type: "array", items: UUID } },
      },
    },
    replyCount: { type: "integer" },
    createdAt: TIME,
  },
} as const;

const PAGE_OF = (items: object) =>
  ({
    type: "object",
    required: ["data", "page"],
    properties: {
      data: { type: "array", items },
      page: {
        type: "object",
        required: ["limit", "nextCursor"],
        properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
      },
    },
  }) as const;

/** The fields each kind of conversation takes when it is opened. */
const KIND_FIELDS = {
  direct: ["userId"],
  group: ["title", "userIds"],
  record: ["entity", "recordId"],
} as const;

const ID_PARAMS = { type: "object", required: ["id"], properties: { id: UUID } } as const;
const BODY_TEXT = { type: "string", minLength: 1, maxLength: MAX_BODY } as const;
const EMOJI = { type: "string", minLength: 1, maxLength: 32, pattern: "^[^\\s<>]+$" } as const;

function conversationView(c: ConversationRow, participants: ParticipantRow[], access: Access, unread?: number) {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    record: c.kind === "record" ? { templateId: c.templateId!, entity: c.entity!, id: c.recordId! } : null,
    createdAt: c.createdAt,
    lastMessageAt: c.lastMessageAt,
    ...(unread !== undefined ? { unreadCount: unread } : {}),
    participants: participants
      .filter((p) => !p.leftAt)
      .map((p) => ({
        userId: p.userId,
        role: p.role,
        joinedAt: p.joinedAt,
        leftAt: p.leftAt,
        lastReadMessageId: p.lastReadMessageId,
        lastReadAt: p.lastReadAt,
      })),
    me: {
      role: access.me.role,
      muted: access.me.muted,
      notify: access.me.notify,
      lastReadMessageId: access.me.lastReadMessageId,
      moderator: access.moderator,
    },
  };
}

/**
 * The messaging API (runtime/src/messaging/README.md): the caller's conversations and their
 * messages under /api/v1/user, the moderation queue under /api/v1/tenant/messaging.
 */
export async function messagingRoutes(
  app: FastifyInstance,
  options: {
    service: MessagingService;
    cursorSecret?: string;
    online: (tenantId: string, userIds: string[]) => Promise<string[]>;
  },
) {
  const service = options.service;
  const cursors = new CursorCodec(options.cursorSecret ?? process.env.MONO_CURSOR_SECRET);

  const viewer = async (request: FastifyRequest): Promise<Viewer> => {
    const principal = await app.authz.requireUser(request);
    return { tenant: request.tenant!, principal, userId: principal.userId! };
  };
  const page = (request: FastifyRequest, entity: string, sort: string, allowed: string[]) => {
    const query = request.query as Record<string, unknown>;
    const errors: FieldError[] = [];
    for (const key of Object.keys(query))
      if (!["limit", "cursor", ...allowed].includes(key))
        errors.push({ pointer: `/query/${key}`, message: "is not a known parameter" });
    const parsed = parsePageQuery(query, cursors, { entity, sort, maxLimit: 100 }, errors);
    if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
    return { limit: parsed.limit ?? 30, after: parsed.after, query };
  };
  const cursor = (entity: string, sort: string, next: PageAfter | null) =>
    next ? cursors.encode({ e: entity, s: sort, k: [next.at, next.id] }) : null;
  const full = async (v: Viewer, access: Access, unread?: number) =>
    conversationView(
      access.conversation,
      await service.participants(v.tenant.id, access.conversation.id),
      access,
      unread,
    );

  app.post(
    "/api/v1/user/conversations",
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "Opens a conversation: `direct` with another user (one per pair: answers the existing one with 200), `group` with a title and users, or `record`: the conversation of a record whose entity declares one (open to the users its declaration names who may read the record).",
        body: {
          type: "object",
          required: ["kind"],
          additionalProperties: false,
          description:
            "`direct`: `userId`; `group`: `title` and `userIds`; `record`: `entity` and `recordId` (each kind takes exactly its fields).",
          properties: {
            kind: { type: "string", enum: ["direct", "group", "record"] },
            userId: UUID,
            title: { type: "string", minLength: 1, maxLength: 200 },
            userIds: { type: "array", items: UUID, minItems: 1, maxItems: 200 },
            entity: { type: "string", minLength: 1, maxLength: 200, description: "`apiName` or `templateId:apiName`" },
            recordId: { type: "string", minLength: 1, maxLength: 100 },
          },
        },
        response: { 200: CONVERSATION, 201: CONVERSATION },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const body = request.body as { kind: keyof typeof KIND_FIELDS } & Record<string, unknown>;
      const fields = KIND_FIELDS[body.kind];
      const errors: FieldError[] = [
        ...fields
          .filter((f) => body[f] === undefined)
          .map((f) => ({ pointer: `/body/${f}`, message: `is required for a ${body.kind} conversation` })),
        ...Object.keys(body)
          .filter((k) => k !== "kind" && !(fields as readonly string[]).includes(k))
          .map((k) => ({ pointer: `/body/${k}`, message: `is not a field of a ${body.kind} conversation` })),
      ];
      if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "Some fields are invalid.", errors);
      if (body.kind === "direct") {
        const { conversation, created } = await service.openDirect(v, body.userId as string);
        return reply.code(created ? 201 : 200).send(await full(v, await service.access(v, conversation.id)));
      }
      if (body.kind === "group") {
        const conversation = await service.createGroup(v, body.title as string, body.userIds as string[]);
        return reply.code(201).send(await full(v, await service.access(v, conversation.id)));
      }
      const { access, created } = await service.openRecord(v, body.entity as string, body.recordId as string);
      return reply.code(created ? 201 : 200).send(await full(v, access));
    },
  );

  app.get(
    "/api/v1/user/conversations",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "The caller's conversations, latest activity first, with their unread counts.",
        response: { 200: PAGE_OF(CONVERSATION) },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const { limit, after } = page(request, "conversation", "-activity", []);
      const { rows, next } = await service.listConversations(v, limit, after);
      const data = [];
      for (const row of rows) data.push(await full(v, await service.access(v, row.id), row.unread));
      return { data, page: { limit, nextCursor: cursor("conversation", "-activity", next) } };
    },
  );

  app.get(
    "/api/v1/user/conversations/:id",
    { ...user, schema: { tags: TAGS, params: ID_PARAMS, response: { 200: CONVERSATION } } },
    async (request) => {
      const v = await viewer(request);
      return full(v, await service.access(v, (request.params as { id: string }).id));
    },
  );

  app.patch(
    "/api/v1/user/conversations/:id/settings",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "The caller's own settings: muted, and which messages notify them (`all`, `mentions`, `none`).",
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: { muted: { type: "boolean" }, notify: { type: "string", enum: ["all", "mentions", "none"] } },
        },
        response: { 200: CONVERSATION },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const id = (request.params as { id: string }).id;
      await service.updateSettings(
        v,
        await service.access(v, id),
        request.body as { muted?: boolean; notify?: string },
      );
      return full(v, await service.access(v, id));
    },
  );

  app.post(
    "/api/v1/user/conversations/:id/participants",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "Adds users to a group (its owners, or tenant admins).",
        body: {
          type: "object",
          required: ["userIds"],
          additionalProperties: false,
          properties: { userIds: { type: "array", items: UUID, minItems: 1, maxItems: 200 } },
        },
        response: { 200: CONVERSATION },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const id = (request.params as { id: string }).id;
      await service.addParticipants(v, await service.access(v, id), (request.body as { userIds: string[] }).userIds);
      return full(v, await service.access(v, id));
    },
  );

  app.delete(
    "/api/v1/user/conversations/:id/participants/:userId",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Leaves a group (your own id) or removes someone from it (its owners).",
        params: { type: "object", required: ["id", "userId"], properties: { id: UUID, userId: UUID } },
        response: { 204: { type: "null" } },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const { id, userId } = request.params as { id: string; userId: string };
      await service.removeParticipant(v, await service.access(v, id), userId);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/user/messaging/people",
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "The people the caller may message, by name: the active users of the caller's tenant (never another tenant's). Names for everyone; `email` only for tenant admins (and the caller's own), otherwise null. `q` matches the name (tenant admins: name or email), case-insensitive; `ids` (comma-separated user ids) resolves those users, e.g. a conversation's participants.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            q: { type: "string", minLength: 1, maxLength: 100 },
            ids: { type: "string", minLength: 1, maxLength: 3800, description: "Up to 100 user ids, comma-separated." },
            limit: { type: "integer", minimum: 1, maximum: 100 },
          },
        },
        response: {
          200: dataList({
            type: "object",
            required: ["id", "name", "email"],
            properties: { id: UUID, name: { type: "string" }, email: { type: ["string", "null"] } },
          }),
        },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const query = request.query as { q?: string; ids?: string; limit?: number };
      const ids = query.ids?.split(",").map((s) => s.trim());
      if (ids && (ids.length > 100 || !ids.every(isUuid)))
        throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", [
          { pointer: "/query/ids", message: "must be up to 100 user ids, comma-separated" },
        ]);
      return { data: await service.people(v, { q: query.q, ids, limit: query.limit ?? (ids ? 100 : 30) }) };
    },
  );

  app.get(
    "/api/v1/user/conversations/:id/presence",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "Which participants have a socket open now.",
        response: {
          200: { type: "object", required: ["online"], properties: { online: { type: "array", items: UUID } } },
        },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const access = await service.access(v, (request.params as { id: string }).id);
      const ids = await service.activeUserIds(v.tenant.id, access.conversation.id);
      return { online: await options.online(v.tenant.id, ids) };
    },
  );

  app.get(
    "/api/v1/user/conversations/:id/messages",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description:
          "Messages, newest first: the conversation's top level (`thread` absent; each with its `replyCount`), or one thread (`thread=<root message id>`: the root and its replies). Scheduled messages show to their author only.",
        response: { 200: PAGE_OF(MESSAGE) },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const id = (request.params as { id: string }).id;
      const access = await service.access(v, id);
      const { limit, after, query } = page(request, `messages:${id}`, "-createdAt", ["thread"]);
      const thread = query.thread;
      if (thread !== undefined && (typeof thread !== "string" || !/^[0-9a-f-]{36}$/i.test(thread)))
        throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", [
          { pointer: "/query/thread", message: "must be a message id" },
        ]);
      const { rows, next } = await service.listMessages(v, access, {
        limit,
        after,
        thread: thread as string | undefined,
      });
      return {
        data: rows.map((m) => messageView(m, access.moderator)),
        page: { limit, nextCursor: cursor(`messages:${id}`, "-createdAt", next) },
      };
    },
  );

  app.post(
    "/api/v1/user/conversations/:id/messages",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description:
          "Sends a message: rich text (sanitised to a small allow-list), mentions of participants, a reply (`replyTo`: the reply joins that message's thread), or scheduled (`sendAt` in the future).",
        body: {
          type: "object",
          required: ["body"],
          additionalProperties: false,
          properties: {
            body: BODY_TEXT,
            mentions: { type: "array", items: UUID, maxItems: 50 },
            replyTo: UUID,
            sendAt: TIME,
          },
        },
        response: { 201: MESSAGE },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const access = await service.access(v, (request.params as { id: string }).id);
      const message = await service.send(v, access, request.body as { body: string });
      return reply.code(201).send(message);
    },
  );

  app.post(
    "/api/v1/user/conversations/:id/read",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "The caller has read up to this message (a read receipt for the others; never moves back).",
        body: { type: "object", required: ["messageId"], additionalProperties: false, properties: { messageId: UUID } },
        response: { 200: PARTICIPANT },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const access = await service.access(v, (request.params as { id: string }).id);
      const p = await service.markRead(v, access, (request.body as { messageId: string }).messageId);
      return { ...p };
    },
  );

  app.get(
    "/api/v1/user/messages/search",
    {
      ...user,
      schema: {
        tags: TAGS,
        description: "Full-text search over the messages of the caller's conversations (web-search syntax).",
        querystring: {
          type: "object",
          required: ["q"],
          additionalProperties: false,
          properties: {
            q: { type: "string", minLength: 1, maxLength: 200 },
            limit: { type: "integer", minimum: 1, maximum: 100 },
          },
        },
        response: {
          200: dataList(MESSAGE),
        },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const { q, limit } = request.query as { q: string; limit?: number };
      return { data: (await service.search(v, q, limit ?? 20)).map((m) => messageView(m, false)) };
    },
  );

  app.patch(
    "/api/v1/user/messages/:id",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "Edits your message; the earlier text is kept in its history.",
        body: {
          type: "object",
          required: ["body"],
          additionalProperties: false,
          properties: { body: BODY_TEXT, mentions: { type: "array", items: UUID, maxItems: 50 } },
        },
        response: { 200: MESSAGE },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return service.edit(v, (request.params as { id: string }).id, request.body as { body: string });
    },
  );

  app.delete(
    "/api/v1/user/messages/:id",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "Deletes a message (its author, or a moderator): it stays as a placeholder without text.",
        response: { 204: { type: "null" } },
      },
    },
    async (request, reply: FastifyReply) => {
      const v = await viewer(request);
      await service.remove(v, (request.params as { id: string }).id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/user/messages/:id/history",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "A message's earlier versions, oldest first.",
        response: {
          200: dataList({
            type: "object",
            required: ["body", "editedBy", "editedAt"],
            properties: { body: { type: "string" }, editedBy: UUID, editedAt: TIME },
          }),
        },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return { data: await service.history(v, (request.params as { id: string }).id) };
    },
  );

  app.post(
    "/api/v1/user/messages/:id/reactions",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        body: { type: "object", required: ["emoji"], additionalProperties: false, properties: { emoji: EMOJI } },
        response: { 200: MESSAGE },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return service.react(v, (request.params as { id: string }).id, (request.body as { emoji: string }).emoji, true);
    },
  );

  app.delete(
    "/api/v1/user/messages/:id/reactions/:emoji",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: { type: "object", required: ["id", "emoji"], properties: { id: UUID, emoji: EMOJI } },
        response: { 200: MESSAGE },
      },
    },
    async (request) => {
      const v = await viewer(request);
      const { id, emoji } = request.params as { id: string; emoji: string };
      return service.react(v, id, emoji, false);
    },
  );

  app.post(
    "/api/v1/user/messages/:id/flags",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description: "Reports a message to the moderators (once per user).",
        body: {
          type: "object",
          required: ["reason"],
          additionalProperties: false,
          properties: { reason: { type: "string", minLength: 1, maxLength: 500 } },
        },
        response: {
          201: { type: "object", required: ["flagged"], properties: { flagged: { type: "boolean" } } },
          200: { type: "object", required: ["flagged"], properties: { flagged: { type: "boolean" } } },
        },
      },
    },
    async (request, reply) => {
      const v = await viewer(request);
      const { created } = await service.flag(
        v,
        (request.params as { id: string }).id,
        (request.body as { reason: string }).reason,
      );
      return reply.code(created ? 201 : 200).send({ flagged: true });
    },
  );

  app.get(
    "/api/v1/tenant/messaging/flags",
    {
      ...user,
      schema: {
        tags: TAGS,
        description:
          "The moderation queue: flagged messages the caller moderates (tenant admins: all), oldest flag first.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { limit: { type: "integer", minimum: 1, maximum: 100 } },
        },
        response: {
          200: {
            type: "object",
            required: ["data"],
            properties: {
              data: {
                type: "array",
                items: {
                  type: "object",
                  required: ["message", "flags"],
                  properties: {
                    message: MESSAGE,
                    flags: {
                      type: "array",
                      items: {
                        type: "object",
                        required: ["userId", "reason", "createdAt"],
                        properties: { userId: UUID, reason: { type: "string" }, createdAt: TIME },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const v = await viewer(request);
      if (!service.moderatesSomething(v)) throw new ApiError("RT_ERR_FORBIDDEN", "Only moderators see the queue.");
      const rows = await service.queue(v, (request.query as { limit?: number }).limit ?? 50);
      return { data: rows.map((r) => ({ message: messageView(r, true), flags: r.flags ?? [] })) };
    },
  );

  app.post(
    "/api/v1/tenant/messaging/messages/:id/moderation",
    {
      ...user,
      schema: {
        tags: TAGS,
        params: ID_PARAMS,
        description:
          "A moderator's decision: `hide` (shown to nobody but moderators; its flags resolved), `unhide`, or `dismiss` (flags resolved, message unchanged).",
        body: {
          type: "object",
          required: ["action"],
          additionalProperties: false,
          properties: { action: { type: "string", enum: ["hide", "unhide", "dismiss"] } },
        },
        response: { 200: MESSAGE },
      },
    },
    async (request) => {
      const v = await viewer(request);
      return service.moderate(v, (request.params as { id: string }).id, (request.body as { action: "hide" }).action);
    },
  );
}
