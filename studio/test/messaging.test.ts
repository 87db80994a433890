import { describe, expect, test } from "vitest";
import {
  conversationLabel,
  reconnectDelay,
  seenBy,
  socketUrl,
  typingText,
  userLabel,
  withMessage,
  withReceipt,
  type Conversation,
  type Message,
  type Participant,
} from "../src/core/messaging.ts";

const ME = "aaaaaaaa-0000-4000-8000-000000000001";
const YOU = "bbbbbbbb-0000-4000-8000-000000000002";
const THEM = "cccccccc-0000-4000-8000-000000000003";
const msg = (id: string, authorId: string, createdAt: string): Message => ({
  id,
  conversationId: "c1",
  authorId,
  body: `<p>${id}</p>`,
  createdAt,
});
const part = (userId: string, lastReadMessageId: string | null = null): Participant => ({
  userId,
  role: "member",
  joinedAt: "2026-01-01T00:00:00Z",
  leftAt: null,
  lastReadMessageId,
  lastReadAt: null,
});

describe("messaging in the studio (core/messaging.ts)", () => {
  test("users are named by id; the caller is You; a conversation by its title, else the others", () => {
    expect(userLabel(ME, ME)).toBe("You");
    expect(userLabel(YOU, ME)).toBe("User bbbbbbbb");
    const direct: Conversation = {
      id: "c1",
      kind: "direct",
      title: null,
      record: null,
      createdAt: "2026-01-01T00:00:00Z",
      lastMessageAt: null,
      participants: [part(ME), part(YOU)],
      me: { role: "member", muted: false, notify: "all", lastReadMessageId: null, moderator: false },
    };
    expect(conversationLabel(direct, ME)).toBe("User bbbbbbbb");
    expect(conversationLabel({ ...direct, kind: "group", title: "Crew" }, ME)).toBe("Crew");
    // With the people lookup's names: the name; a user it did not answer for, by id.
    const names = new Map([[YOU, "Yuki Yamada"]]);
    expect(userLabel(YOU, ME, names)).toBe("Yuki Yamada");
    expect(userLabel(THEM, ME, names)).toBe("User cccccccc");
    expect(conversationLabel(direct, ME, names)).toBe("Yuki Yamada");
    expect(typingText([YOU], ME, names)).toBe("Yuki Yamada is typing…");
  });

  test("seen by: the others whose receipt is at or after the message, not its author", () => {
    const list = [
      msg("m3", YOU, "2026-01-01T00:03:00Z"),
      msg("m2", ME, "2026-01-01T00:02:00Z"),
      msg("m1", ME, "2026-01-01T00:01:00Z"),
    ];
    const people = [part(ME, "m1"), part(YOU, "m3"), part(THEM, "m1")];
    expect(seenBy(list[1], list, people, ME)).toEqual([YOU]);
    expect(seenBy(list[2], list, people, ME)).toEqual([YOU, THEM]);
    expect(seenBy(list[1], list, withReceipt(people, THEM, "m2"), ME)).toEqual([YOU, THEM]);
    // A receipt on a message not loaded (older than the page) counts for nothing.
    expect(seenBy(list[2], list, [part(YOU, "m0")], ME)).toEqual([]);
  });

  test("typing text: one, several, never the caller", () => {
    expect(typingText([], ME)).toBe("");
    expect(typingText([ME], ME)).toBe("");
    expect(typingText([YOU], ME)).toBe("User bbbbbbbb is typing…");
    expect(typingText([YOU, THEM], ME)).toBe("User bbbbbbbb and User cccccccc are typing…");
  });

  test("a live message goes into its place, newest first; an edit replaces it", () => {
    const list = [msg("m3", YOU, "2026-01-01T00:03:00Z"), msg("m1", ME, "2026-01-01T00:01:00Z")];
    expect(withMessage(list, msg("m2", ME, "2026-01-01T00:02:00Z")).map((m) => m.id)).toEqual(["m3", "m2", "m1"]);
    expect(withMessage(list, msg("m4", ME, "2026-01-01T00:04:00Z")).map((m) => m.id)).toEqual(["m4", "m3", "m1"]);
    const edited = withMessage(list, { ...msg("m1", ME, "2026-01-01T00:01:00Z"), body: "<p>new</p>" });
    expect(edited.map((m) => m.id)).toEqual(["m3", "m1"]);
    expect(edited[1].body).toBe("<p>new</p>");
  });

  test("the socket is on the page's own host, wss on https, resuming after an event id", () => {
    expect(socketUrl({ protocol: "http:", host: "acme.localhost:3000" }, null)).toBe(
      "ws://acme.localhost:3000/api/v1/user/messaging/socket",
    );
    expect(socketUrl({ protocol: "https:", host: "acme.example" }, 42)).toBe(
      "wss://acme.example/api/v1/user/messaging/socket?after=42",
    );
    // On an address that names no tenant, the socket names it (a browser socket sends no X-Tenant).
    expect(socketUrl({ protocol: "http:", host: "localhost:3000" }, 7, "acme")).toBe(
      "ws://localhost:3000/api/v1/user/messaging/socket?tenant=acme&after=7",
    );
  });

  test("reconnects back off: 1 s after a ready socket, doubling per failure, at most 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(reconnectDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });
});
