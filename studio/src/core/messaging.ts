/**
 * The messaging API's shapes (runtime/src/messaging/README.md) and the pure parts of the inbox
 * and conversation view: who a user is called, who has seen a message, who is typing, and how a
 * live socket event changes the list of messages.
 */
export interface Participant {
  userId: string;
  role: string;
  joinedAt: string;
  leftAt: string | null;
  lastReadMessageId: string | null;
  lastReadAt: string | null;
}

export interface Conversation {
  id: string;
  kind: "direct" | "group" | "record";
  title: string | null;
  record: { templateId: string; entity: string; id: string } | null;
  createdAt: string;
  lastMessageAt: string | null;
  unreadCount?: number;
  participants: Participant[];
  me: { role: string; muted: boolean; notify: string; lastReadMessageId: string | null; moderator: boolean };
}

export interface Message {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  createdAt: string;
  editedAt?: string | null;
  deleted?: boolean;
  hidden?: boolean;
  /** Set on replies: the first message of their thread (the view shows the top level). */
  threadRootId?: string | null;
  replyToId?: string | null;
  replyCount?: number;
  reactions?: Reaction[];
}

export interface Reaction {
  emoji: string;
  count: number;
  userIds: string[];
}

/** A user the caller may message (`GET /api/v1/user/messaging/people`); `email` for tenant admins only. */
export interface Person {
  id: string;
  name: string;
  email: string | null;
}

/** One entry of the moderation queue. */
export interface FlaggedMessage {
  message: Message;
  flags: { userId: string; reason: string; createdAt: string }[];
}

/** Names by user id, as far as the people lookup answered. */
export type Names = ReadonlyMap<string, string>;

/** A frame of the live socket (`GET /api/v1/user/messaging/socket`). */
export type SocketFrame =
  | { type: "event"; id: number; kind: string; conversationId: string; data: unknown; at: string }
  | { type: "ready"; lastEventId: number }
  | { type: "typing"; data: { conversationId: string; userId: string } }
  | { type: "presence"; data: { userId: string; online: boolean } }
  | { type: "notification"; data: unknown }
  | { type: "pong" }
  | { type: "error"; code: string; errors?: { pointer: string; message: string }[] };

/**
 * How the studio names a user: the caller is "You", others their name (the people lookup), or a
 * short form of their id when it has none for them (a user no longer active).
 */
export const userLabel = (userId: string, me: string | null, names?: Names): string =>
  userId === me ? "You" : (names?.get(userId) ?? `User ${userId.slice(0, 8)}`);

/** A conversation's name in the inbox: its title, else the others taking part. */
export function conversationLabel(c: Conversation, me: string | null, names?: Names): string {
  if (c.title) return c.title;
  const others = c.participants.filter((p) => p.userId !== me).map((p) => userLabel(p.userId, me, names));
  if (c.kind === "record" && c.record) return `${c.record.entity} ${c.record.id.slice(0, 8)}`;
  return others.length ? others.join(", ") : "Only you";
}

/**
 * The other participants whose receipt is at or after `message` (by the order of `messages`,
 * newest first as the API lists them).
 */
export function seenBy(
  message: Message,
  messages: readonly Message[],
  participants: readonly Participant[],
  me: string | null,
) {
  const index = new Map(messages.map((m, i) => [m.id, i]));
  const at = index.get(message.id);
  if (at === undefined) return [];
  return participants
    .filter((p) => p.userId !== me && p.userId !== message.authorId && p.lastReadMessageId)
    .filter((p) => {
      const read = index.get(p.lastReadMessageId!);
      return read !== undefined && read <= at;
    })
    .map((p) => p.userId);
}

/** "X is typing…", "X and Y are typing…"; empty when nobody is. */
export function typingText(userIds: readonly string[], me: string | null, known?: Names): string {
  const names = userIds.filter((u) => u !== me).map((u) => userLabel(u, me, known));
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are typing…`;
}

/** Messages newest first with `message` in its place (replaced when it is already there). */
export function withMessage(messages: readonly Message[], message: Message): Message[] {
  const rest = messages.filter((m) => m.id !== message.id);
  const i = rest.findIndex((m) => m.createdAt < message.createdAt);
  return i === -1 ? [...rest, message] : [...rest.slice(0, i), message, ...rest.slice(i)];
}

/** A receipt moved: the participant's last read message is now `messageId`. */
export const withReceipt = (participants: readonly Participant[], userId: string, messageId: string): Participant[] =>
  participants.map((p) => (p.userId === userId ? { ...p, lastReadMessageId: messageId } : p));

/**
 * The socket's address on the studio's own origin (the access cookie comes with it). A browser
 * socket sends no X-Tenant header, so the tenant the user signed in to is named in the query
 * (`tenant=<slug>`; the server checks it against the token's tenant); without one the host names it.
 */
export function socketUrl(
  location: { protocol: string; host: string },
  after: number | null,
  tenant: string | null = null,
): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const query = new URLSearchParams();
  if (tenant) query.set("tenant", tenant);
  if (after !== null) query.set("after", String(after));
  const q = query.toString();
  return `${scheme}//${location.host}/api/v1/user/messaging/socket${q ? `?${q}` : ""}`;
}

/** Messages with `update` applied to the one whose id it carries (reactions, edits). */
export const replaced = (messages: readonly Message[], update: Message): Message[] =>
  messages.map((m) => (m.id === update.id ? { ...m, ...update } : m));

/** A conversation's reaction choices (any emoji is accepted; these are offered). */
export const REACTIONS = ["👍", "❤️", "😂", "🎉"] as const;

/** The wait before reconnect attempt `failures` (0 after a socket that was ready): 1 s, doubling to 30 s. */
export const reconnectDelay = (failures: number): number => Math.min(1000 * 2 ** Math.max(failures, 0), 30_000);

/** A live `reaction.added` / `reaction.removed`: the message's reactions with it applied. */
export function withReaction(
  messages: readonly Message[],
  change: { messageId: string; userId: string; emoji: string },
  add: boolean,
): Message[] {
  return messages.map((m) => {
    if (m.id !== change.messageId) return m;
    const reactions = (m.reactions ?? []).map((r) => ({ ...r, userIds: [...r.userIds] }));
    let r = reactions.find((x) => x.emoji === change.emoji);
    if (add) {
      if (!r) reactions.push((r = { emoji: change.emoji, count: 0, userIds: [] }));
      if (!r.userIds.includes(change.userId)) r.userIds.push(change.userId);
    } else if (r) r.userIds = r.userIds.filter((u) => u !== change.userId);
    return {
      ...m,
      reactions: reactions.map((x) => ({ ...x, count: x.userIds.length })).filter((x) => x.count > 0),
    };
  });
}

/** A live `message.deleted` / `message.hidden`: the message shows empty (moderators keep a hidden one's text). */
export const withGone = (
  messages: readonly Message[],
  id: string,
  how: "deleted" | "hidden",
  moderator: boolean,
): Message[] =>
  messages.map((m) =>
    m.id !== id
      ? m
      : how === "deleted"
        ? { ...m, deleted: true, body: "" }
        : { ...m, hidden: true, body: moderator ? m.body : "" },
  );
