import type { Conversation, FlaggedMessage, Message, Person } from "../core/messaging.ts";
import { requestJson } from "./http.ts";

/** The signed-in user's messaging API (runtime/src/messaging/messaging-routes.ts). */
const USER = "/api/v1/user";
const id = (value: string) => encodeURIComponent(value);

export const listConversations = (signal?: AbortSignal) =>
  requestJson<{ data: Conversation[] }>(`${USER}/conversations?limit=50`, { signal }).then((r) => r.data);

/** Opens (or, for a pair that has one, answers) the direct conversation with `userId`. */
export const openDirect = (userId: string) =>
  requestJson<Conversation>(`${USER}/conversations`, { method: "POST", body: { kind: "direct", userId } });

export const getConversation = (conversationId: string, signal?: AbortSignal) =>
  requestJson<Conversation>(`${USER}/conversations/${id(conversationId)}`, { signal });

/** Newest first. */
export const listMessages = (conversationId: string, signal?: AbortSignal) =>
  requestJson<{ data: Message[] }>(`${USER}/conversations/${id(conversationId)}/messages?limit=50`, { signal }).then(
    (r) => r.data,
  );

export const sendMessage = (conversationId: string, body: string) =>
  requestJson<Message>(`${USER}/conversations/${id(conversationId)}/messages`, { method: "POST", body: { body } });

export const markRead = (conversationId: string, messageId: string) =>
  requestJson<unknown>(`${USER}/conversations/${id(conversationId)}/read`, { method: "POST", body: { messageId } });

/** Full-text search over the caller's conversations. */
export const searchMessages = (q: string, signal?: AbortSignal) =>
  requestJson<{ data: Message[] }>(`${USER}/messages/search?q=${encodeURIComponent(q)}&limit=50`, { signal }).then(
    (r) => r.data,
  );

/** Opens a group conversation with a title and users (the caller is its owner). */
export const openGroup = (title: string, userIds: string[]) =>
  requestJson<Conversation>(`${USER}/conversations`, { method: "POST", body: { kind: "group", title, userIds } });

/** Opens (first use: creates) the conversation of a record whose entity declares one. */
export const openRecordConversation = (entity: string, recordId: string) =>
  requestJson<Conversation>(`${USER}/conversations`, { method: "POST", body: { kind: "record", entity, recordId } });

/** The people the caller may message, by name (`q`), or the named ones (`ids`). */
export const findPeople = (options: { q?: string; ids?: string[] }, signal?: AbortSignal) => {
  const query = new URLSearchParams();
  if (options.q) query.set("q", options.q);
  if (options.ids) query.set("ids", options.ids.join(","));
  return requestJson<{ data: Person[] }>(`${USER}/messaging/people?${query}`, { signal }).then((r) => r.data);
};

export const getPresence = (conversationId: string, signal?: AbortSignal) =>
  requestJson<{ online: string[] }>(`${USER}/conversations/${id(conversationId)}/presence`, { signal }).then(
    (r) => r.online,
  );

export const updateSettings = (conversationId: string, settings: { muted?: boolean; notify?: string }) =>
  requestJson<unknown>(`${USER}/conversations/${id(conversationId)}/settings`, { method: "PATCH", body: settings });

/** One thread, newest first: the root and its replies. */
export const listThread = (conversationId: string, rootId: string, signal?: AbortSignal) =>
  requestJson<{ data: Message[] }>(
    `${USER}/conversations/${id(conversationId)}/messages?thread=${id(rootId)}&limit=100`,
    { signal },
  ).then((r) => r.data);

export const sendReply = (conversationId: string, body: string, replyTo: string) =>
  requestJson<Message>(`${USER}/conversations/${id(conversationId)}/messages`, {
    method: "POST",
    body: { body, replyTo },
  });

export const editMessage = (messageId: string, body: string) =>
  requestJson<Message>(`${USER}/messages/${id(messageId)}`, { method: "PATCH", body: { body } });

export const deleteMessage = (messageId: string) =>
  requestJson<unknown>(`${USER}/messages/${id(messageId)}`, { method: "DELETE" });

/** A message's earlier versions, oldest first (each the text before an edit). */
export const messageHistory = (messageId: string) =>
  requestJson<{ data: { body: string; editedAt: string }[] }>(`${USER}/messages/${id(messageId)}/history`).then(
    (r) => r.data,
  );

export const react = (messageId: string, emoji: string) =>
  requestJson<Message>(`${USER}/messages/${id(messageId)}/reactions`, { method: "POST", body: { emoji } });

export const unreact = (messageId: string, emoji: string) =>
  requestJson<Message>(`${USER}/messages/${id(messageId)}/reactions/${id(emoji)}`, { method: "DELETE" });

export const flagMessage = (messageId: string, reason: string) =>
  requestJson<unknown>(`${USER}/messages/${id(messageId)}/flags`, { method: "POST", body: { reason } });

/** The moderation queue (tenant admins, and moderators of record conversations). */
export const moderationQueue = (signal?: AbortSignal) =>
  requestJson<{ data: FlaggedMessage[] }>(`/api/v1/tenant/messaging/flags?limit=100`, { signal }).then((r) => r.data);

export const moderate = (messageId: string, action: "hide" | "unhide" | "dismiss") =>
  requestJson<Message>(`/api/v1/tenant/messaging/messages/${id(messageId)}/moderation`, {
    method: "POST",
    body: { action },
  });
