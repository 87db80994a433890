/**
 * Conversations, participants, messages and the event log (runtime/src/messaging/README.md).
 * Every statement is bound to the tenant (`"tenantId" = $1`); who may see a conversation is
 * decided here: its active participants, and for a record's conversation exactly the users its
 * entity's declaration names who may also read the record (checked live, through the entity
 * store with that user's own rules).
 */
import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { PlanParty } from "../../../engine/src/contract/workflow-plan.ts";
import type { AuthzService } from "../authz/authz-service.ts";
import type { Principal } from "../authz/principal.ts";
import type { TenantContext } from "../context.ts";
import type { EntityStore } from "../crud/store/entity-store.ts";
import type { Database, SqlSession } from "../db/database.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import type { PageAfter } from "../http/page-query.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { loadRecord, resolveParties } from "../workflows/workflow-records.ts";
import type { LoggedEvent, RealtimeHub } from "./realtime-hub.ts";
import { sanitizeMessage } from "./rich-text.ts";

export const MAX_BODY = 20_000;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface ConversationRow {
  id: string;
  kind: "direct" | "group" | "record";
  title: string | null;
  templateId: string | null;
  entity: string | null;
  recordId: string | null;
  createdBy: string | null;
  createdAt: string;
  lastMessageAt: string | null;
}

export interface ParticipantRow {
  userId: string;
  role: string;
  joinedAt: string;
  leftAt: string | null;
  muted: boolean;
  notify: "all" | "mentions" | "none";
  lastReadMessageId: string | null;
  lastReadAt: string | null;
}

export interface MessageRow {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  text: string;
  mentions: string[] | null;
  replyToId: string | null;
  threadRootId: string | null;
  status: "sent" | "scheduled";
  sendAt: string | null;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
  createdAt: string;
  reactions: { emoji: string; userIds: string[] }[] | null;
  replyCount: number;
}

const CONVERSATION_COLUMNS = `c."id", c."kind", c."title", c."templateId", c."entity", c."recordId", c."createdBy",
  ${iso(`c."createdAt"`)} AS "createdAt", ${iso(`c."lastMessageAt"`)} AS "lastMessageAt"`;

const PARTICIPANT_COLUMNS = `p."userId", p."role", ${iso(`p."joinedAt"`)} AS "joinedAt", ${iso(`p."leftAt"`)} AS "leftAt",
  p."muted", p."notify", p."lastReadMessageId", ${iso(`p."lastReadAt"`)} AS "lastReadAt"`;

const MESSAGE_COLUMNS = `m."id", m."conversationId", m."authorId", m."body", m."text", m."mentions", m."replyToId",
  m."threadRootId", m."status", ${iso(`m."sendAt"`)} AS "sendAt", ${iso(`m."editedAt"`)} AS "editedAt",
  ${iso(`m."deletedAt"`)} AS "deletedAt", ${iso(`m."hiddenAt"`)} AS "hiddenAt", ${iso(`m."createdAt"`)} AS "createdAt",
  (SELECT json_agg(json_build_object('emoji', r."emoji", 'userIds', r."userIds") ORDER BY r."first")
     FROM (SELECT "emoji", array_agg("userId" ORDER BY "createdAt", "userId") AS "userIds", min("createdAt") AS "first"
             FROM "message_reaction" WHERE "tenantId" = m."tenantId" AND "messageId" = m."id" GROUP BY "emoji") r) AS "reactions",
  (SELECT count(*)::int FROM "message" t WHERE t."tenantId" = m."tenantId" AND t."threadRootId" = m."id"
      AND t."status" = 'sent') AS "replyCount"`;

/** A message as the API and the socket show it to one viewer. */
export function messageView(m: MessageRow, moderator: boolean) {
  const gone = m.deletedAt !== null || (m.hiddenAt !== null && !moderator);
  return {
    id: m.id,
    conversationId: m.conversationId,
    authorId: m.authorId,
    body: gone ? "" : m.body,
    mentions: gone ? [] : (m.mentions ?? []),
    replyToId: m.replyToId,
    threadRootId: m.threadRootId,
    status: m.status,
    sendAt: m.sendAt,
    editedAt: m.editedAt,
    deleted: m.deletedAt !== null,
    hidden: m.hiddenAt !== null,
    reactions: (m.reactions ?? []).map((r) => ({ emoji: r.emoji, count: r.userIds.length, userIds: r.userIds })),
    replyCount: m.replyCount,
    createdAt: m.createdAt,
  };
}
export type MessageView = ReturnType<typeof messageView>;

/** An event to log in the transaction that causes it. */
interface PendingEvent {
  conversationId: string;
  kind: string;
  payload: unknown;
  audience: readonly string[];
}

export interface Viewer {
  readonly tenant: TenantContext;
  readonly principal: Principal;
  readonly userId: string;
}

export interface Access {
  readonly conversation: ConversationRow;
  /** The viewer's active participation (record conversations: created on first access). */
  readonly me: ParticipantRow;
  readonly moderator: boolean;
  /** Direct and group conversations: the active participants when access was checked. */
  readonly active?: readonly string[];
}

export interface MessagingServiceOptions {
  db: Database;
  registry: RuntimeRegistry;
  authz: AuthzService;
  store: EntityStore;
  hub: RealtimeHub;
  /** Notifies participants of a new message (in-app notifications); null: none. */
  notify:
    ((tenant: TenantContext, userIds: string[], message: MessageView, mentioned: boolean) => Promise<void>) | null;
  now?: () => Date;
}

const notFound = () => new ApiError("RT_ERR_NOT_FOUND", "You take part in no conversation with this id.");

export class MessagingService {
  constructor(private readonly o: MessagingServiceOptions) {}

  // ---------------------------------------------------------------- events

  /**
   * Runs `fn` in a transaction; the events it emits are logged at its end (ids in commit order:
   * the tenant's log is appended under a per-tenant advisory lock held to the commit) and
   * published after the commit.
   */
  async withEvents<T>(
    tenantId: string,
    fn: (tx: SqlSession, emit: (e: PendingEvent) => void) => Promise<T>,
  ): Promise<T> {
    const logged: LoggedEvent[] = [];
    const result = await this.o.db.transaction(async (tx) => {
      const pending: PendingEvent[] = [];
      const out = await fn(tx, (e) => pending.push(e));
      if (pending.length) {
        await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('mono-messaging:' || $1::text, 0))`, [tenantId]);
        for (const e of pending) {
          const { rows } = await tx.query<{ seq: string; createdAt: string }>(
            `INSERT INTO "messaging_event" ("tenantId", "seq", "conversationId", "kind", "payload", "audience")
             SELECT $1, COALESCE(max("seq"), 0) + 1, $2, $3, $4::jsonb, $5::uuid[] FROM "messaging_event" WHERE "tenantId" = $1
             RETURNING "seq", ${iso(`"createdAt"`)} AS "createdAt"`,
            [tenantId, e.conversationId, e.kind, JSON.stringify(e.payload), [...new Set(e.audience)]],
          );
          logged.push({
            tenantId,
            seq: Number(rows[0].seq),
            conversationId: e.conversationId,
            kind: e.kind,
            payload: e.payload,
            audience: [...new Set(e.audience)],
            createdAt: rows[0].createdAt,
          });
        }
      }
      return out;
    });
    for (const e of logged) {
      await this.o.hub
        .publish(e)
        .catch((err) => this.o.hub.log(err, "messaging: publish failed (sockets read the log)"));
    }
    return result;
  }

  // ---------------------------------------------------------------- who may see what

  /** Whether `userId` may read the record, by their own rules (the entity store decides). */
  async canRead(
    tenant: TenantContext,
    userId: string,
    template: TemplateRegistry,
    entity: EntityRegistry,
    recordId: string,
  ): Promise<boolean> {
    const record = await this.o.authz.record(tenant, userId);
    if (!record || record.status !== "active") return false;
    const principal = this.o.authz.principalOf(tenant, userId, record);
    const caller = this.o.authz.callerFor(tenant, principal);
    const target = { ...(await this.o.store.target(tenant.id, template, entity)), access: caller };
    try {
      return (await this.o.store.get(target, recordId, { fields: "id" })) !== null;
    } catch (err) {
      if (err instanceof ApiError) return false;
      throw err;
    }
  }

  private recordEntity(tenant: TenantContext, conversation: Pick<ConversationRow, "templateId" | "entity">) {
    if (!tenant.templates.has(conversation.templateId ?? "")) return null;
    const template = this.o.registry.template(conversation.templateId ?? "");
    const entity = template?.entities.find((e) => e.name === conversation.entity);
    return template && entity?.conversation && !entity.draft ? { template, entity } : null;
  }

  private async partyUsers(
    tenant: TenantContext,
    template: TemplateRegistry,
    entity: EntityRegistry,
    recordId: string,
    parties: readonly PlanParty[],
  ): Promise<string[]> {
    const record = await loadRecord(this.o.db, tenant.id, entity, recordId);
    if (!record || (entity.softDelete && record.deletedAt)) return [];
    const { userIds } = await resolveParties({ tx: this.o.db, tenantId: tenant.id, template, entity, record }, parties);
    return userIds;
  }

  /** The users a record's conversation is open to: named by the declaration and allowed to read the record. */
  async eligibleUsers(
    tenant: TenantContext,
    template: TemplateRegistry,
    entity: EntityRegistry,
    recordId: string,
  ): Promise<string[]> {
    const named = await this.partyUsers(tenant, template, entity, recordId, entity.conversation!.participants);
    const out: string[] = [];
    for (const userId of named) if (await this.canRead(tenant, userId, template, entity, recordId)) out.push(userId);
    return out;
  }

  private async isEligible(tenant: TenantContext, conversation: ConversationRow, userId: string): Promise<boolean> {
    const bound = this.recordEntity(tenant, conversation);
    if (!bound) return false;
    const named = await this.partyUsers(
      tenant,
      bound.template,
      bound.entity,
      conversation.recordId!,
      bound.entity.conversation!.participants,
    );
    return (
      named.includes(userId) &&
      (await this.canRead(tenant, userId, bound.template, bound.entity, conversation.recordId!))
    );
  }

  /** Tenant admins moderate every conversation; a record's conversation also its entity's moderators. */
  async isModerator(tenant: TenantContext, principal: Principal, conversation: ConversationRow): Promise<boolean> {
    if (principal.admin) return true;
    if (conversation.kind !== "record" || !principal.userId) return false;
    const bound = this.recordEntity(tenant, conversation);
    if (!bound || !bound.entity.conversation!.moderators.length) return false;
    const users = await this.partyUsers(
      tenant,
      bound.template,
      bound.entity,
      conversation.recordId!,
      bound.entity.conversation!.moderators,
    );
    return users.includes(principal.userId);
  }

  async loadConversation(
    tenantId: string,
    id: string,
    session: SqlSession = this.o.db,
  ): Promise<ConversationRow | null> {
    const { rows } = await session.query<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM "conversation" c WHERE c."tenantId" = $1 AND c."id" = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  async participants(
    tenantId: string,
    conversationId: string,
    session: SqlSession = this.o.db,
  ): Promise<ParticipantRow[]> {
    const { rows } = await session.query<ParticipantRow>(
      `SELECT ${PARTICIPANT_COLUMNS} FROM "conversation_participant" p
        WHERE p."tenantId" = $1 AND p."conversationId" = $2 ORDER BY p."joinedAt", p."userId"`,
      [tenantId, conversationId],
    );
    return rows;
  }

  async activeUserIds(tenantId: string, conversationId: string, session: SqlSession = this.o.db): Promise<string[]> {
    const { rows } = await session.query<{ userId: string }>(
      `SELECT "userId" FROM "conversation_participant" WHERE "tenantId" = $1 AND "conversationId" = $2 AND "leftAt" IS NULL ORDER BY "userId"`,
      [tenantId, conversationId],
    );
    return rows.map((r) => r.userId);
  }

  /**
   * The viewer's access to a conversation, or 404: active participants of direct and group
   * conversations; for a record's, the users it is open to right now (joined on first access).
   */
  async access(viewer: Viewer, id: string): Promise<Access> {
    if (!isUuid(id)) throw notFound();
    // One round trip: the conversation, the viewer's row and who takes part now.
    const { rows } = await this.o.db.query<ConversationRow & { me: ParticipantRow | null; active: string[] | null }>(
      `SELECT ${CONVERSATION_COLUMNS},
         (SELECT row_to_json(x) FROM (SELECT ${PARTICIPANT_COLUMNS} FROM "conversation_participant" p
             WHERE p."tenantId" = c."tenantId" AND p."conversationId" = c."id" AND p."userId" = $3) x) AS "me",
         (SELECT array_agg(p."userId" ORDER BY p."userId") FROM "conversation_participant" p
             WHERE p."tenantId" = c."tenantId" AND p."conversationId" = c."id" AND p."leftAt" IS NULL) AS "active"
         FROM "conversation" c WHERE c."tenantId" = $1 AND c."id" = $2`,
      [viewer.tenant.id, id, viewer.userId],
    );
    if (!rows[0]) throw notFound();
    const { me: row, active, ...conversation } = rows[0];
    if (conversation.kind === "record") {
      if (!(await this.isEligible(viewer.tenant, conversation, viewer.userId))) throw notFound();
      let me = (await this.participants(viewer.tenant.id, id)).find((p) => p.userId === viewer.userId);
      if (!me || me.leftAt) {
        await this.syncRecordParticipants(viewer.tenant, conversation);
        me = (await this.participants(viewer.tenant.id, id)).find((p) => p.userId === viewer.userId);
      }
      if (!me || me.leftAt) throw notFound();
      return { conversation, me, moderator: await this.isModerator(viewer.tenant, viewer.principal, conversation) };
    }
    if (!row || row.leftAt) throw notFound();
    return { conversation, me: row, moderator: viewer.principal.admin, active: active ?? [] };
  }

  /**
   * Brings a record conversation's participants in line with who it is open to now: the eligible
   * join (again), the others leave; each change is an event. Returns the active participants.
   */
  async syncRecordParticipants(tenant: TenantContext, conversation: ConversationRow): Promise<string[]> {
    const bound = this.recordEntity(tenant, conversation);
    const eligible = bound
      ? await this.eligibleUsers(tenant, bound.template, bound.entity, conversation.recordId!)
      : [];
    return this.withEvents(tenant.id, async (tx, emit) => {
      const before = await this.participants(tenant.id, conversation.id, tx);
      const active = new Set(before.filter((p) => !p.leftAt).map((p) => p.userId));
      const joined = eligible.filter((u) => !active.has(u));
      const left = [...active].filter((u) => !eligible.includes(u));
      for (const userId of joined) {
        await tx.query(
          `INSERT INTO "conversation_participant" ("tenantId", "conversationId", "userId") VALUES ($1, $2, $3)
           ON CONFLICT ("tenantId", "conversationId", "userId") DO UPDATE SET "leftAt" = NULL, "joinedAt" = now()`,
          [tenant.id, conversation.id, userId],
        );
      }
      if (left.length) {
        await tx.query(
          `UPDATE "conversation_participant" SET "leftAt" = now() WHERE "tenantId" = $1 AND "conversationId" = $2 AND "userId" = ANY($3::uuid[])`,
          [tenant.id, conversation.id, left],
        );
      }
      for (const userId of joined)
        emit({ conversationId: conversation.id, kind: "participant.joined", payload: { userId }, audience: eligible });
      for (const userId of left)
        emit({
          conversationId: conversation.id,
          kind: "participant.left",
          payload: { userId },
          audience: [...eligible, userId],
        });
      return eligible;
    });
  }

  // ---------------------------------------------------------------- conversations

  async usersOfTenant(tenantId: string, userIds: readonly string[]): Promise<Set<string>> {
    const ids = userIds.filter(isUuid);
    if (!ids.length) return new Set();
    const { rows } = await this.o.db.query<{ id: string }>(
      `SELECT "id" FROM "user" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[]) AND "status" = 'active'`,
      [tenantId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The people the viewer may message, by name: the active users of the viewer's tenant (the ones
   * a direct or group conversation may be opened with; never another tenant's, never platform
   * staff). Everyone sees their names; emails only tenant admins (and each their own), and `q`
   * matches the name (tenant admins: name or email), case-insensitive, anywhere in it. `ids`
   * resolves those users (a participant list); ids of anyone else are left out.
   */
  async people(
    viewer: Viewer,
    options: { q?: string; ids?: readonly string[]; limit: number },
  ): Promise<{ id: string; name: string; email: string | null }[]> {
    const admin = viewer.principal.admin;
    const params: unknown[] = [viewer.tenant.id, options.limit];
    const where = [`"tenantId" = $1`, `"status" = 'active'`];
    if (options.q) {
      params.push(`%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        admin
          ? `("name" ILIKE $${params.length} OR "email" ILIKE $${params.length})`
          : `"name" ILIKE $${params.length}`,
      );
    }
    if (options.ids) {
      params.push(options.ids.filter(isUuid));
      where.push(`"id" = ANY($${params.length}::uuid[])`);
    }
    const { rows } = await this.o.db.query<{ id: string; name: string; email: string }>(
      `SELECT "id", "name", "email" FROM "user" WHERE ${where.join(" AND ")} ORDER BY lower("name"), "id" LIMIT $2`,
      params,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, email: admin || r.id === viewer.userId ? r.email : null }));
  }

  /** The direct conversation of the viewer and another user of the tenant (created once per pair). */
  async openDirect(viewer: Viewer, otherId: string): Promise<{ conversation: ConversationRow; created: boolean }> {
    if (otherId === viewer.userId)
      throw new ApiError("RT_ERR_UNPROCESSABLE", "A direct conversation is with someone else.", [
        { pointer: "/body/userId", message: "is you" },
      ]);
    if (!(await this.usersOfTenant(viewer.tenant.id, [otherId])).has(otherId))
      throw new ApiError("RT_ERR_UNPROCESSABLE", "There is no such user here.", [
        { pointer: "/body/userId", message: "is not a user of this marketplace" },
      ]);
    const key = [viewer.userId, otherId].sort().join("|");
    const users = [viewer.userId, otherId];
    return this.withEvents(viewer.tenant.id, async (tx, emit) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO "conversation" ("tenantId", "kind", "directKey", "createdBy") VALUES ($1, 'direct', $2, $3)
         ON CONFLICT ("tenantId", "directKey") DO NOTHING RETURNING "id"`,
        [viewer.tenant.id, key, viewer.userId],
      );
      const created = rows.length === 1;
      let id = rows[0]?.id;
      if (!created) {
        const found = await tx.query<{ id: string }>(
          `SELECT "id" FROM "conversation" WHERE "tenantId" = $1 AND "directKey" = $2`,
          [viewer.tenant.id, key],
        );
        id = found.rows[0].id;
      } else {
        for (const userId of users)
          await tx.query(
            `INSERT INTO "conversation_participant" ("tenantId", "conversationId", "userId") VALUES ($1, $2, $3)`,
            [viewer.tenant.id, id, userId],
          );
        emit({ conversationId: id, kind: "conversation.created", payload: { id, kind: "direct" }, audience: users });
      }
      return { conversation: (await this.loadConversation(viewer.tenant.id, id, tx))!, created };
    });
  }

  async createGroup(viewer: Viewer, title: string, userIds: readonly string[]): Promise<ConversationRow> {
    const known = await this.usersOfTenant(viewer.tenant.id, userIds);
    const errors: FieldError[] = userIds.flatMap((u, i) =>
      known.has(u) ? [] : [{ pointer: `/body/userIds/${i}`, message: "is not a user of this marketplace" }],
    );
    if (errors.length) throw new ApiError("RT_ERR_UNPROCESSABLE", "Some participants are not users here.", errors);
    const members = [...new Set(userIds)].filter((u) => u !== viewer.userId);
    const all = [viewer.userId, ...members];
    return this.withEvents(viewer.tenant.id, async (tx, emit) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO "conversation" ("tenantId", "kind", "title", "createdBy") VALUES ($1, 'group', $2, $3) RETURNING "id"`,
        [viewer.tenant.id, title, viewer.userId],
      );
      const id = rows[0].id;
      await tx.query(
        `INSERT INTO "conversation_participant" ("tenantId", "conversationId", "userId", "role")
         SELECT $1, $2, u, CASE WHEN u = $3::uuid THEN 'owner' ELSE 'member' END FROM unnest($4::uuid[]) AS u`,
        [viewer.tenant.id, id, viewer.userId, all],
      );
      emit({ conversationId: id, kind: "conversation.created", payload: { id, kind: "group", title }, audience: all });
      return (await this.loadConversation(viewer.tenant.id, id, tx))!;
    });
  }

  /** A record's conversation (created on first use) for a viewer it is open to. */
  async openRecord(
    viewer: Viewer,
    entityName: string,
    recordId: string,
  ): Promise<{ access: Access; created: boolean }> {
    const resolved = this.o.registry.resolveEntity(viewer.tenant.templates.keys(), entityName);
    if (!resolved || resolved === "ambiguous")
      throw new ApiError("RT_ERR_UNPROCESSABLE", "No such entity here.", [
        {
          pointer: "/body/entity",
          message:
            resolved === "ambiguous"
              ? "names entities of several templates: use templateId:apiName"
              : "is not an entity of this marketplace",
        },
      ]);
    const { template, entity } = resolved;
    if (!entity.conversation || entity.draft)
      throw new ApiError("RT_ERR_UNPROCESSABLE", `${entity.name} records have no conversations.`, [
        { pointer: "/body/entity", message: "declares no conversation" },
      ]);
    const recordMissing = () =>
      new ApiError("RT_ERR_NOT_FOUND", `No such ${entity.name}.`, [
        { pointer: "/body/recordId", message: "not found" },
      ]);
    if (!isUuid(recordId) || !(await this.canRead(viewer.tenant, viewer.userId, template, entity, recordId)))
      throw recordMissing();
    const named = await this.partyUsers(viewer.tenant, template, entity, recordId, entity.conversation.participants);
    if (!named.includes(viewer.userId))
      throw new ApiError("RT_ERR_FORBIDDEN", `You take no part in this ${entity.name}'s conversation.`);
    const { rows } = await this.o.db.query<{ id: string }>(
      `INSERT INTO "conversation" ("tenantId", "kind", "templateId", "entity", "recordId", "createdBy")
       VALUES ($1, 'record', $2, $3, $4, $5)
       ON CONFLICT ("tenantId", "templateId", "entity", "recordId") DO NOTHING RETURNING "id"`,
      [viewer.tenant.id, template.id, entity.name, recordId, viewer.userId],
    );
    const created = rows.length === 1;
    const id =
      rows[0]?.id ??
      (
        await this.o.db.query<{ id: string }>(
          `SELECT "id" FROM "conversation" WHERE "tenantId" = $1 AND "templateId" = $2 AND "entity" = $3 AND "recordId" = $4`,
          [viewer.tenant.id, template.id, entity.name, recordId],
        )
      ).rows[0].id;
    const conversation = (await this.loadConversation(viewer.tenant.id, id))!;
    await this.syncRecordParticipants(viewer.tenant, conversation);
    return { access: await this.access(viewer, id), created };
  }

  /** The viewer's conversations (active participation), most recent activity first. */
  async listConversations(viewer: Viewer, limit: number, after: PageAfter | undefined) {
    const params: unknown[] = [viewer.tenant.id, viewer.userId, limit + 1];
    let where = "";
    if (after) {
      params.push(after.at, after.id);
      where = `AND (COALESCE(c."lastMessageAt", c."createdAt"), c."id") < ($4::timestamptz, $5::uuid)`;
    }
    const { rows } = await this.o.db.query<ConversationRow & { activity: string; unread: number }>(
      `SELECT ${CONVERSATION_COLUMNS}, ${iso(`COALESCE(c."lastMessageAt", c."createdAt")`)} AS "activity",
         (SELECT count(*)::int FROM "message" m WHERE m."tenantId" = c."tenantId" AND m."conversationId" = c."id"
            AND m."status" = 'sent' AND m."deletedAt" IS NULL AND m."authorId" <> $2
            AND m."createdAt" > COALESCE(p."lastReadAt", '-infinity')) AS "unread"
         FROM "conversation" c
         JOIN "conversation_participant" p ON p."tenantId" = c."tenantId" AND p."conversationId" = c."id"
              AND p."userId" = $2 AND p."leftAt" IS NULL
        WHERE c."tenantId" = $1 ${where}
        ORDER BY COALESCE(c."lastMessageAt", c."createdAt") DESC, c."id" DESC LIMIT $3`,
      params,
    );
    const more = rows.length > limit;
    if (more) rows.pop();
    // A record's conversation lists only while it is still open to the viewer.
    const visible: typeof rows = [];
    for (const row of rows)
      if (row.kind !== "record" || (await this.isEligible(viewer.tenant, row, viewer.userId))) visible.push(row);
    const last = rows[rows.length - 1];
    return { rows: visible, next: more ? { at: last.activity, id: last.id } : null };
  }

  async addParticipants(viewer: Viewer, access: Access, userIds: readonly string[]): Promise<void> {
    if (access.conversation.kind !== "group")
      throw new ApiError(
        "RT_ERR_CONFLICT",
        "Only groups take participants: a record's follow the record, a direct conversation has two.",
      );
    if (access.me.role !== "owner" && !viewer.principal.admin)
      throw new ApiError("RT_ERR_FORBIDDEN", "Only the group's owners add participants.");
    const known = await this.usersOfTenant(viewer.tenant.id, userIds);
    const errors: FieldError[] = userIds.flatMap((u, i) =>
      known.has(u) ? [] : [{ pointer: `/body/userIds/${i}`, message: "is not a user of this marketplace" }],
    );
    if (errors.length) throw new ApiError("RT_ERR_UNPROCESSABLE", "Some participants are not users here.", errors);
    const id = access.conversation.id;
    await this.withEvents(viewer.tenant.id, async (tx, emit) => {
      const { rows } = await tx.query<{ userId: string }>(
        `INSERT INTO "conversation_participant" ("tenantId", "conversationId", "userId")
         SELECT $1, $2, u FROM unnest($3::uuid[]) AS u
         ON CONFLICT ("tenantId", "conversationId", "userId") DO UPDATE SET "leftAt" = NULL, "joinedAt" = now()
           WHERE "conversation_participant"."leftAt" IS NOT NULL
         RETURNING "userId"`,
        [viewer.tenant.id, id, [...known]],
      );
      const audience = await this.activeUserIds(viewer.tenant.id, id, tx);
      for (const r of rows)
        emit({ conversationId: id, kind: "participant.joined", payload: { userId: r.userId }, audience });
    });
  }

  /** Leaves a group (anyone) or removes someone from it (owners). */
  async removeParticipant(viewer: Viewer, access: Access, userId: string): Promise<void> {
    if (access.conversation.kind !== "group")
      throw new ApiError(
        "RT_ERR_CONFLICT",
        "Only groups can be left: mute a direct or a record's conversation instead.",
      );
    if (userId !== viewer.userId && access.me.role !== "owner" && !viewer.principal.admin)
      throw new ApiError("RT_ERR_FORBIDDEN", "Only the group's owners remove participants.");
    const id = access.conversation.id;
    await this.withEvents(viewer.tenant.id, async (tx, emit) => {
      const audience = await this.activeUserIds(viewer.tenant.id, id, tx);
      const { rowCount } = await tx.query(
        `UPDATE "conversation_participant" SET "leftAt" = now()
          WHERE "tenantId" = $1 AND "conversationId" = $2 AND "userId" = $3 AND "leftAt" IS NULL`,
        [viewer.tenant.id, id, userId],
      );
      if (!rowCount) throw new ApiError("RT_ERR_NOT_FOUND", "This user takes no part in the conversation.");
      emit({ conversationId: id, kind: "participant.left", payload: { userId }, audience });
    });
  }

  async updateSettings(viewer: Viewer, access: Access, settings: { muted?: boolean; notify?: string }): Promise<void> {
    await this.o.db.query(
      `UPDATE "conversation_participant" SET "muted" = COALESCE($4, "muted"), "notify" = COALESCE($5, "notify")
        WHERE "tenantId" = $1 AND "conversationId" = $2 AND "userId" = $3`,
      [viewer.tenant.id, access.conversation.id, viewer.userId, settings.muted ?? null, settings.notify ?? null],
    );
  }

  // ---------------------------------------------------------------- messages

  async loadMessage(tenantId: string, id: string, session: SqlSession = this.o.db): Promise<MessageRow | null> {
    if (!isUuid(id)) return null;
    const { rows } = await session.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM "message" m WHERE m."tenantId" = $1 AND m."id" = $2`,
      [tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** A message and the viewer's access to its conversation (404 for messages they may not see). */
  async messageAccess(viewer: Viewer, id: string): Promise<{ message: MessageRow; access: Access }> {
    const message = await this.loadMessage(viewer.tenant.id, id);
    const missing = () => new ApiError("RT_ERR_NOT_FOUND", "There is no message with this id you may see.");
    if (!message) throw missing();
    const access = await this.access(viewer, message.conversationId).catch((err) => {
      throw err instanceof ApiError ? missing() : err;
    });
    if (message.status === "scheduled" && message.authorId !== viewer.userId) throw missing();
    return { message, access };
  }

  private async audienceOf(viewer: Viewer, access: Access): Promise<string[]> {
    if (access.conversation.kind === "record") return this.syncRecordParticipants(viewer.tenant, access.conversation);
    return access.active ? [...access.active] : this.activeUserIds(viewer.tenant.id, access.conversation.id);
  }

  async send(
    viewer: Viewer,
    access: Access,
    input: { body: string; mentions?: string[]; replyTo?: string; sendAt?: string },
  ): Promise<MessageView> {
    const { body, text } = sanitizeMessage(input.body);
    if (!text && !/<(a|span)\b/.test(body))
      throw new ApiError("RT_ERR_VALIDATION", "A message needs some text.", [
        { pointer: "/body/body", message: "has no text once sanitised" },
      ]);
    const conversationId = access.conversation.id;
    const audience = await this.audienceOf(viewer, access);
    const mentions = [...new Set(input.mentions ?? [])];
    const errors: FieldError[] = [];
    mentions.forEach((u, i) => {
      if (!audience.includes(u))
        errors.push({ pointer: `/body/mentions/${i}`, message: "takes no part in this conversation" });
    });
    let threadRootId: string | null = null;
    if (input.replyTo !== undefined) {
      const parent = await this.loadMessage(viewer.tenant.id, input.replyTo);
      if (!parent || parent.conversationId !== conversationId || parent.status !== "sent")
        errors.push({ pointer: "/body/replyTo", message: "is no message of this conversation" });
      else threadRootId = parent.threadRootId ?? parent.id;
    }
    const now = this.o.now?.() ?? new Date();
    let sendAt: Date | null = null;
    if (input.sendAt !== undefined) {
      sendAt = new Date(input.sendAt);
      if (Number.isNaN(sendAt.getTime()) || sendAt.getTime() <= now.getTime())
        errors.push({ pointer: "/body/sendAt", message: "must be a time in the future" });
    }
    if (errors.length) throw new ApiError("RT_ERR_UNPROCESSABLE", "The message cannot be sent.", errors);
    const scheduled = sendAt !== null;
    const message = await this.withEvents(viewer.tenant.id, async (tx, emit) => {
      // One statement: the message, the conversation's activity and the author's read mark
      // (not for a scheduled message: that happens when it goes out).
      const { rows } = await tx.query<MessageRow>(
        `WITH m AS (
           INSERT INTO "message" ("tenantId", "conversationId", "authorId", "body", "text", "mentions", "replyToId", "threadRootId", "status", "sendAt")
           VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, $10) RETURNING *),
         c AS (UPDATE "conversation" SET "lastMessageAt" = (SELECT "createdAt" FROM m), "updatedAt" = now()
                WHERE "tenantId" = $1 AND "id" = $2 AND $9 = 'sent'),
         p AS (UPDATE "conversation_participant" SET "lastReadMessageId" = (SELECT "id" FROM m), "lastReadAt" = (SELECT "createdAt" FROM m)
                WHERE "tenantId" = $1 AND "conversationId" = $2 AND "userId" = $3 AND $9 = 'sent')
         SELECT ${MESSAGE_COLUMNS} FROM m`,
        [
          viewer.tenant.id,
          conversationId,
          viewer.userId,
          body,
          text,
          mentions,
          input.replyTo ?? null,
          threadRootId,
          scheduled ? "scheduled" : "sent",
          sendAt?.toISOString() ?? null,
        ],
      );
      const row = rows[0];
      if (!scheduled) emit({ conversationId, kind: "message.created", payload: messageView(row, false), audience });
      return row;
    });
    if (!scheduled) await this.notifyNew(viewer.tenant, message, audience);
    return messageView(message, access.moderator);
  }

  /** A message goes out: activity, the author's read mark, the event. */
  private async delivered(
    tx: SqlSession,
    tenantId: string,
    row: MessageRow,
    audience: readonly string[],
    emit: (e: PendingEvent) => void,
  ): Promise<void> {
    await tx.query(
      `UPDATE "conversation" SET "lastMessageAt" = $3, "updatedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
      [tenantId, row.conversationId, row.createdAt],
    );
    await tx.query(
      `UPDATE "conversation_participant" SET "lastReadMessageId" = $4, "lastReadAt" = $5
        WHERE "tenantId" = $1 AND "conversationId" = $2 AND "userId" = $3`,
      [tenantId, row.conversationId, row.authorId, row.id, row.createdAt],
    );
    emit({ conversationId: row.conversationId, kind: "message.created", payload: messageView(row, false), audience });
  }

  private async notifyNew(tenant: TenantContext, message: MessageRow, audience: readonly string[]): Promise<void> {
    if (!this.o.notify) return;
    const { rows } = await this.o.db.query<{ userId: string; notify: string; muted: boolean }>(
      `SELECT "userId", "notify", "muted" FROM "conversation_participant"
        WHERE "tenantId" = $1 AND "conversationId" = $2 AND "leftAt" IS NULL AND "userId" <> $3`,
      [tenant.id, message.conversationId, message.authorId],
    );
    const mentioned = new Set(message.mentions ?? []);
    const plain: string[] = [];
    const mentions: string[] = [];
    for (const r of rows) {
      if (!audience.includes(r.userId) || r.notify === "none") continue;
      if (mentioned.has(r.userId)) mentions.push(r.userId);
      else if (r.notify === "all" && !r.muted) plain.push(r.userId);
    }
    const view = messageView(message, false);
    try {
      if (mentions.length) await this.o.notify(tenant, mentions, view, true);
      if (plain.length) await this.o.notify(tenant, plain, view, false);
    } catch (err) {
      this.o.hub.log(err, "messaging: notifying participants failed");
    }
  }

  /** Sends the scheduled messages that are due (any tenant); returns how many went out. */
  async sendDue(tenantById: (id: string) => Promise<TenantContext | null>): Promise<number> {
    const now = (this.o.now?.() ?? new Date()).toISOString();
    const { rows } = await this.o.db.query<{ tenantId: string; id: string }>(
      // Any tenant's, oldest first: the partial index of scheduled messages (ix_message_due) in
      // its order, so the sweep reads the due ones only, never a tenant's sent messages.
      `SELECT "tenantId", "id" FROM "message" WHERE "status" = 'scheduled' AND "sendAt" <= $1 ORDER BY "sendAt", "id" LIMIT 100`,
      [now],
    );
    let sent = 0;
    for (const due of rows) {
      const tenant = await tenantById(due.tenantId);
      if (!tenant) continue;
      const conversation = await this.loadConversation(
        tenant.id,
        (await this.loadMessage(tenant.id, due.id))!.conversationId,
      );
      if (!conversation) continue;
      const audience =
        conversation.kind === "record"
          ? await this.syncRecordParticipants(tenant, conversation)
          : await this.activeUserIds(tenant.id, conversation.id);
      const row = await this.withEvents(tenant.id, async (tx, emit) => {
        // The claim: one process sends it, once.
        const { rowCount } = await tx.query(
          `UPDATE "message" SET "status" = 'sent', "createdAt" = now() WHERE "tenantId" = $1 AND "id" = $2 AND "status" = 'scheduled'`,
          [tenant.id, due.id],
        );
        if (!rowCount) return null;
        const message = (await this.loadMessage(tenant.id, due.id, tx))!;
        if (!audience.includes(message.authorId)) {
          // The author is no longer part of it: the message is dropped, not sent in their name.
          await tx.query(`UPDATE "message" SET "deletedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`, [
            tenant.id,
            due.id,
          ]);
          return null;
        }
        await this.delivered(tx, tenant.id, message, audience, emit);
        return message;
      });
      if (row) {
        sent++;
        await this.notifyNew(tenant, row, audience);
      }
    }
    return sent;
  }

  async listMessages(
    viewer: Viewer,
    access: Access,
    options: { limit: number; after?: PageAfter; thread?: string },
  ): Promise<{ rows: MessageRow[]; next: PageAfter | null }> {
    const params: unknown[] = [viewer.tenant.id, access.conversation.id, viewer.userId, options.limit + 1];
    const where: string[] = [];
    if (options.thread) {
      params.push(options.thread);
      where.push(`(m."id" = $${params.length} OR m."threadRootId" = $${params.length})`);
    } else where.push(`m."threadRootId" IS NULL`);
    if (options.after) {
      params.push(options.after.at, options.after.id);
      where.push(`(m."createdAt", m."id") < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const { rows } = await this.o.db.query<MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM "message" m
        WHERE m."tenantId" = $1 AND m."conversationId" = $2 AND (m."status" = 'sent' OR m."authorId" = $3)
          AND ${where.join(" AND ")}
        ORDER BY m."createdAt" DESC, m."id" DESC LIMIT $4`,
      params,
    );
    const more = rows.length > options.limit;
    if (more) rows.pop();
    const last = rows[rows.length - 1];
    return { rows, next: more ? { at: last.createdAt, id: last.id } : null };
  }

  async edit(viewer: Viewer, id: string, input: { body: string; mentions?: string[] }): Promise<MessageView> {
    const { message, access } = await this.messageAccess(viewer, id);
    if (message.authorId !== viewer.userId) throw new ApiError("RT_ERR_FORBIDDEN", "Only its author edits a message.");
    if (message.deletedAt || message.hiddenAt)
      throw new ApiError("RT_ERR_CONFLICT", "A deleted or hidden message cannot be edited.");
    const { body, text } = sanitizeMessage(input.body);
    if (!text && !/<(a|span)\b/.test(body))
      throw new ApiError("RT_ERR_VALIDATION", "A message needs some text.", [
        { pointer: "/body/body", message: "has no text once sanitised" },
      ]);
    const audience = await this.audienceOf(viewer, access);
    const mentions = [...new Set(input.mentions ?? message.mentions ?? [])];
    const errors = mentions.flatMap((u, i) =>
      audience.includes(u) ? [] : [{ pointer: `/body/mentions/${i}`, message: "takes no part in this conversation" }],
    );
    if (errors.length) throw new ApiError("RT_ERR_UNPROCESSABLE", "The message cannot be edited.", errors);
    const row = await this.withEvents(viewer.tenant.id, async (tx, emit) => {
      await tx.query(
        `INSERT INTO "message_edit" ("tenantId", "messageId", "body", "editedBy") VALUES ($1, $2, $3, $4)`,
        [viewer.tenant.id, id, message.body, viewer.userId],
      );
      await tx.query(
        `UPDATE "message" SET "body" = $3, "text" = $4, "mentions" = $5::uuid[], "editedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`,
        [viewer.tenant.id, id, body, text, mentions],
      );
      const updated = (await this.loadMessage(viewer.tenant.id, id, tx))!;
      if (updated.status === "sent")
        emit({
          conversationId: updated.conversationId,
          kind: "message.updated",
          payload: messageView(updated, false),
          audience,
        });
      return updated;
    });
    return messageView(row, access.moderator);
  }

  async remove(viewer: Viewer, id: string): Promise<void> {
    const { message, access } = await this.messageAccess(viewer, id);
    if (message.authorId !== viewer.userId && !access.moderator)
      throw new ApiError("RT_ERR_FORBIDDEN", "Only its author or a moderator deletes a message.");
    if (message.deletedAt) return;
    const audience = await this.audienceOf(viewer, access);
    await this.withEvents(viewer.tenant.id, async (tx, emit) => {
      await tx.query(`UPDATE "message" SET "deletedAt" = now() WHERE "tenantId" = $1 AND "id" = $2`, [
        viewer.tenant.id,
        id,
      ]);
      if (message.status === "sent")
        emit({ conversationId: message.conversationId, kind: "message.deleted", payload: { id }, audience });
    });
  }

  async history(viewer: Viewer, id: string) {
    const { message, access } = await this.messageAccess(viewer, id);
    if ((message.deletedAt || message.hiddenAt) && !access.moderator)
      throw new ApiError("RT_ERR_NOT_FOUND", "There is no message with this id you may see.");
    const { rows } = await this.o.db.query<{ body: string; editedBy: string; editedAt: string }>(
      `SELECT "body", "editedBy", ${iso(`"editedAt"`)} AS "editedAt" FROM "message_edit"
        WHERE "tenantId" = $1 AND "messageId" = $2 ORDER BY "editedAt", "id"`,
      [viewer.tenant.id, id],
    );
    return rows;
  }

  async react(viewer: Viewer, id: string, emoji: string, add: boolean): Promise<MessageView> {
    const { message, access } = await this.messageAccess(viewer, id);
    if (message.deletedAt || (message.hiddenAt && !access.moderator) || message.status !== "sent")
      throw new ApiError("RT_ERR_CONFLICT", "This message takes no reactions.");
    const audience = await this.audienceOf(viewer, access);
    const row = await this.withEvents(viewer.tenant.id, async (tx, emit) => {
      const { rowCount } = add
        ? await tx.query(
            `INSERT INTO "message_reaction" ("tenantId", "messageId", "userId", "emoji") VALUES ($1, $2, $3, $4)
             ON CONFLICT ("tenantId", "messageId", "userId", "emoji") DO NOTHING`,
            [viewer.tenant.id, id, viewer.userId, emoji],
          )
        : await tx.query(
            `DELETE FROM "message_reaction" WHERE "tenantId" = $1 AND "messageId" = $2 AND "userId" = $3 AND "emoji" = $4`,
            [viewer.tenant.id, id, viewer.userId, emoji],
          );
      if (rowCount)
        emit({
          conversationId: message.conversationId,
          kind: add ? "reaction.added" : "reaction.removed",
          payload: { messageId: id, userId: viewer.userId, emoji },
          audience,
        });
      return (await this.loadMessage(viewer.tenant.id, id, tx))!;
    });
    return messageView(row, access.moderator);
  }

  /** The viewer has read up to `messageId` (never backwards); the other participants see the receipt. */
  async markRead(viewer: Viewer, access: Access, messageId: string): Promise<ParticipantRow> {
    const message = await this.loadMessage(viewer.tenant.id, messageId);
    if (!message || message.conversationId !== access.conversation.id || message.status !== "sent")
      throw new ApiError("RT_ERR_UNPROCESSABLE", "No such message in this conversation.", [
        { pointer: "/body/messageId", message: "is no message of this conversation" },
      ]);
    const audience = await this.audienceOf(viewer, access);
    return this.withEvents(viewer.tenant.id, async (tx, emit) => {
      const { rowCount } = await tx.query(
        `UPDATE "conversation_participant" SET "lastReadMessageId" = $4, "lastReadAt" = $5
          WHERE "tenantId" = $1 AND "conversationId" = $2 AND "userId" = $3
            AND ("lastReadAt" IS NULL OR "lastReadAt" < $5::timestamptz OR ("lastReadAt" = $5::timestamptz AND "lastReadMessageId" <> $4))`,
        [viewer.tenant.id, access.conversation.id, viewer.userId, messageId, message.createdAt],
      );
      if (rowCount)
        emit({
          conversationId: access.conversation.id,
          kind: "read",
          payload: { userId: viewer.userId, messageId, at: message.createdAt },
          audience,
        });
      return (await this.participants(viewer.tenant.id, access.conversation.id, tx)).find(
        (p) => p.userId === viewer.userId,
      )!;
    });
  }

  /**
   * Full-text search (PostgreSQL, `simple` configuration) over the messages of the viewer's
   * conversations: sent, not deleted, not hidden; record conversations only while open to them.
   */
  async search(viewer: Viewer, q: string, limit: number): Promise<MessageRow[]> {
    const { rows } = await this.o.db.query<MessageRow & { kind: string }>(
      `SELECT ${MESSAGE_COLUMNS} FROM "message" m
         JOIN "conversation_participant" p ON p."tenantId" = m."tenantId" AND p."conversationId" = m."conversationId"
              AND p."userId" = $2 AND p."leftAt" IS NULL
        WHERE m."tenantId" = $1 AND m."status" = 'sent' AND m."deletedAt" IS NULL AND m."hiddenAt" IS NULL
          AND to_tsvector('simple', m."text") @@ websearch_to_tsquery('simple', $3)
        ORDER BY ts_rank(to_tsvector('simple', m."text"), websearch_to_tsquery('simple', $3)) DESC, m."createdAt" DESC, m."id"
        LIMIT $4`,
      [viewer.tenant.id, viewer.userId, q, limit],
    );
    const out: MessageRow[] = [];
    const open = new Map<string, boolean>();
    for (const row of rows) {
      if (!open.has(row.conversationId)) {
        const conversation = (await this.loadConversation(viewer.tenant.id, row.conversationId))!;
        open.set(
          row.conversationId,
          conversation.kind !== "record" || (await this.isEligible(viewer.tenant, conversation, viewer.userId)),
        );
      }
      if (open.get(row.conversationId)) out.push(row);
    }
    return out;
  }

  // ---------------------------------------------------------------- moderation

  async flag(viewer: Viewer, id: string, reason: string): Promise<{ created: boolean }> {
    const { message } = await this.messageAccess(viewer, id);
    if (message.status !== "sent" || message.deletedAt)
      throw new ApiError("RT_ERR_CONFLICT", "This message cannot be flagged.");
    const { rowCount } = await this.o.db.query(
      `INSERT INTO "message_flag" ("tenantId", "messageId", "userId", "reason") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("tenantId", "messageId", "userId") DO NOTHING`,
      [viewer.tenant.id, id, viewer.userId, reason],
    );
    return { created: rowCount === 1 };
  }

  /**
   * Whether the viewer may moderate anything: admins; holders of a role some installed entity
   * names among its moderators; anyone, where an entity's moderators are relative to its records
   * (`owner`, a user field: the queue then shows only those records' messages).
   */
  moderatesSomething(viewer: Viewer): boolean {
    if (viewer.principal.admin) return true;
    const parties = [...viewer.tenant.templates.keys()].flatMap(
      (id) => this.o.registry.template(id)?.entities.flatMap((e) => e.conversation?.moderators ?? []) ?? [],
    );
    return parties.some((p) => p.kind !== "role" || viewer.principal.roles.has(p.role));
  }

  /** Messages with open flags the viewer moderates, most flagged first. */
  async queue(viewer: Viewer, limit: number) {
    const { rows } = await this.o.db.query<
      MessageRow & { flags: { userId: string; reason: string; createdAt: string }[] }
    >(
      `SELECT ${MESSAGE_COLUMNS},
         (SELECT json_agg(json_build_object('userId', f."userId", 'reason', f."reason", 'createdAt', ${iso(`f."createdAt"`)}) ORDER BY f."createdAt")
            FROM "message_flag" f WHERE f."tenantId" = m."tenantId" AND f."messageId" = m."id" AND f."resolvedAt" IS NULL) AS "flags"
         FROM "message" m
        WHERE m."tenantId" = $1 AND m."deletedAt" IS NULL
          AND EXISTS (SELECT 1 FROM "message_flag" f WHERE f."tenantId" = m."tenantId" AND f."messageId" = m."id" AND f."resolvedAt" IS NULL)
        ORDER BY (SELECT min(f."createdAt") FROM "message_flag" f WHERE f."tenantId" = m."tenantId" AND f."messageId" = m."id" AND f."resolvedAt" IS NULL), m."id"
        LIMIT $2`,
      [viewer.tenant.id, viewer.principal.admin ? limit : 500],
    );
    if (viewer.principal.admin) return rows;
    const out: typeof rows = [];
    for (const row of rows) {
      const conversation = (await this.loadConversation(viewer.tenant.id, row.conversationId))!;
      if (await this.isModerator(viewer.tenant, viewer.principal, conversation)) out.push(row);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** A moderator hides (or shows again) a message, or dismisses its flags; open flags are resolved. */
  async moderate(viewer: Viewer, id: string, action: "hide" | "unhide" | "dismiss"): Promise<MessageView> {
    const message = await this.loadMessage(viewer.tenant.id, id);
    const missing = () => new ApiError("RT_ERR_NOT_FOUND", "There is no message with this id you moderate.");
    if (!message) throw missing();
    const conversation = (await this.loadConversation(viewer.tenant.id, message.conversationId))!;
    if (!(await this.isModerator(viewer.tenant, viewer.principal, conversation))) throw missing();
    const audience =
      conversation.kind === "record"
        ? await this.syncRecordParticipants(viewer.tenant, conversation)
        : await this.activeUserIds(viewer.tenant.id, conversation.id);
    const row = await this.withEvents(viewer.tenant.id, async (tx, emit) => {
      if (action !== "dismiss") {
        const hide = action === "hide";
        const { rowCount } = await tx.query(
          `UPDATE "message" SET "hiddenAt" = CASE WHEN $3 THEN now() END, "hiddenBy" = CASE WHEN $3 THEN $4::uuid END
            WHERE "tenantId" = $1 AND "id" = $2 AND ("hiddenAt" IS NULL) = $3`,
          [viewer.tenant.id, id, hide, viewer.userId],
        );
        if (rowCount && message.status === "sent") {
          const updated = (await this.loadMessage(viewer.tenant.id, id, tx))!;
          emit({
            conversationId: conversation.id,
            kind: hide ? "message.hidden" : "message.updated",
            payload: hide ? { id } : messageView(updated, false),
            audience,
          });
        }
      }
      if (action !== "unhide")
        await tx.query(
          `UPDATE "message_flag" SET "resolvedAt" = now(), "resolvedBy" = $3, "resolution" = $4
            WHERE "tenantId" = $1 AND "messageId" = $2 AND "resolvedAt" IS NULL`,
          [viewer.tenant.id, id, viewer.userId, action === "hide" ? "hidden" : "dismissed"],
        );
      return (await this.loadMessage(viewer.tenant.id, id, tx))!;
    });
    return messageView(row, true);
  }

  // ---------------------------------------------------------------- live only

  /** Typing: to the conversation's other active participants, not logged. */
  async typing(viewer: Viewer, conversationId: string): Promise<void> {
    const access = await this.access(viewer, conversationId);
    const audience = (await this.activeUserIds(viewer.tenant.id, access.conversation.id)).filter(
      (u) => u !== viewer.userId,
    );
    await this.o.hub.publishLive({
      tenantId: viewer.tenant.id,
      kind: "typing",
      payload: { conversationId, userId: viewer.userId },
      audience,
    });
  }

  /** The users who share an active conversation with `userId` (whom their presence concerns). */
  async contacts(tenantId: string, userId: string): Promise<string[]> {
    const { rows } = await this.o.db.query<{ userId: string }>(
      `SELECT DISTINCT o."userId" FROM "conversation_participant" me
         JOIN "conversation_participant" o ON o."tenantId" = me."tenantId" AND o."conversationId" = me."conversationId"
              AND o."leftAt" IS NULL AND o."userId" <> me."userId"
        WHERE me."tenantId" = $1 AND me."userId" = $2 AND me."leftAt" IS NULL`,
      [tenantId, userId],
    );
    return rows.map((r) => r.userId);
  }
}

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
