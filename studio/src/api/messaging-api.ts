import type { Conversation, Message } from "../core/messaging.ts";
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
