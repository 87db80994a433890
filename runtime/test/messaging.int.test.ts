/**
 * Messaging over REST and the socket, against PostgreSQL and Redis (runtime/src/messaging):
 * direct, group and record conversations (a template of the test's own, messaging-support.ts),
 * messages with sanitised rich text, threads, edits, reactions, receipts, search, scheduled
 * messages and moderation; and on real sockets (`ws`), isolation between tenants and
 * conversations, resume exactly once, and a slow consumer dropped.
 */
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  allTemplates,
  caller,
  createTenant,
  createUser,
  startAuthzApp,
  type AuthzEnv,
  type Call,
  type TestUser,
} from "./authz-support.ts";
import { installOwnTemplate } from "./crud-support.ts";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { RAW_TEMPLATE, SocketClient, TEMPLATE_ID, until, sleep } from "./messaging-support.ts";

let env: AuthzEnv;
let base = "";
const PREFIX = `mono-msg-test-${randomUUID().slice(0, 8)}`;
const users: Record<string, TestUser> = {};
let as: (u: TestUser) => Call;
/** Every answer of the messaging routes, checked against /openapi.json at the end. */
const answers: { method: string; url: string; status: number; type: string; body: unknown }[] = [];
const gig = (rest = "") => `/api/v1/tenant/entities/${TEMPLATE_ID}:gigs${rest}`;

beforeAll(async () => {
  const own = await installOwnTemplate(RAW_TEMPLATE, "chat-gigs.json");
  env = await startAuthzApp({
    registry: [...allTemplates, own.registry],
    extra: {
      messaging: {
        prefix: PREFIX,
        maxBufferedBytes: 64 * 1024,
        scheduleEveryMs: 0,
        gapWaitMs: 50,
        recheckMs: 200,
        sweepMs: 300,
      },
    },
  });
  await own.apply(env.testDb.url);
  const a = await createTenant(env.db, "chat-a", [TEMPLATE_ID]);
  const b = await createTenant(env.db, "chat-b", [TEMPLATE_ID]);
  const make = async (name: string, tenant: string, slug: string, roles: [string, string | null][]) =>
    (users[name] = await createUser(env, tenant, slug, { roles }));
  await make("admin", a, "chat-a", [["tenant-admin", null]]);
  await make("staff", a, "chat-a", [["staff", null]]);
  await make("client", a, "chat-a", [["user", null]]);
  await make("worker", a, "chat-a", [["freelancer", null]]);
  await make("other", a, "chat-a", [["user", null]]);
  await make("adminB", b, "chat-b", [["tenant-admin", null]]);
  await make("staffB", b, "chat-b", [["staff", null]]);
  await make("userB", b, "chat-b", [["user", null]]);
  as = (u) => {
    const call = caller(env, u.slug, u);
    return async (method, url, body, headers) => {
      const res = await call(method, url, body, headers);
      if (/^\/api\/v1\/(user\/conversations|user\/messages|tenant\/messaging)/.test(url))
        answers.push({
          method,
          url,
          status: res.statusCode,
          type: String(res.headers["content-type"] ?? ""),
          body: res.body ? res.json() : "",
        });
      return res;
    };
  };
  await env.app.listen({ port: 0, host: "127.0.0.1" });
  base = `ws://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const open = (u: TestUser, body: object) => as(u)("POST", "/api/v1/user/conversations", body);
const send = (u: TestUser, id: string, body: object) =>
  as(u)("POST", `/api/v1/user/conversations/${id}/messages`, body);

describe("direct and group conversations over REST", () => {
  test("a direct conversation is one per pair; messages are sanitised; bad input is problem+json with pointers", async () => {
    const first = await open(users.client, { kind: "direct", userId: users.worker.id });
    expect(first.statusCode).toBe(201);
    const again = await open(users.worker, { kind: "direct", userId: users.client.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const id = first.json().id;
    expect(
      first
        .json()
        .participants.map((p: { userId: string }) => p.userId)
        .sort(),
    ).toEqual([users.client.id, users.worker.id].sort());

    const sent = await send(users.client, id, {
      body: '<p>Hello <b>there</b><script>alert(1)</script> <a href="javascript:alert(1)">x</a> <img src=x onerror=alert(1)></p>',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json().body).toBe(
      '<p>Hello <b>there</b> <a rel="noopener noreferrer nofollow" target="_blank">x</a> </p>',
    );

    // Another tenant's user, oneself, garbage: each answered with its pointer, never a 5xx.
    const cross = await open(users.client, { kind: "direct", userId: users.userB.id });
    expect(cross.statusCode).toBe(422);
    expect(cross.json().errors).toEqual([{ pointer: "/body/userId", message: "is not a user of this marketplace" }]);
    const missing = await open(users.client, { kind: "direct", title: "x" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([
      { pointer: "/body/userId", message: "is required for a direct conversation" },
      { pointer: "/body/title", message: "is not a field of a direct conversation" },
    ]);
    const wrongKind = await open(users.client, { kind: "channel", userId: users.worker.id });
    expect(wrongKind.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/body/kind"]);
    const self = await open(users.client, { kind: "direct", userId: users.client.id });
    expect(self.json().errors[0].pointer).toBe("/body/userId");
    const empty = await send(users.client, id, { body: "<script>x</script>" });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors).toEqual([{ pointer: "/body/body", message: "has no text once sanitised" }]);
    const unknown = await send(users.client, id, { body: "hi", colour: "red" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers["content-type"]).toContain("application/problem+json");
    const mention = await send(users.client, id, { body: "hi", mentions: [users.other.id] });
    expect(mention.statusCode).toBe(422);
    expect(mention.json().errors).toEqual([
      { pointer: "/body/mentions/0", message: "takes no part in this conversation" },
    ]);
    const future = await send(users.client, id, { body: "hi", sendAt: "2001-01-01T00:00:00Z" });
    expect(future.json().errors).toEqual([{ pointer: "/body/sendAt", message: "must be a time in the future" }]);

    // Outsiders: a user of the same tenant not in it, an admin, another tenant's admin: 404.
    for (const u of [users.other, users.admin, users.adminB]) {
      expect((await as(u)("GET", `/api/v1/user/conversations/${id}/messages`)).statusCode).toBe(404);
      expect((await send(u, id, { body: "intrude" })).statusCode).toBe(404);
    }
    expect((await as(users.adminB)("GET", `/api/v1/user/messages/${sent.json().id}/history`)).statusCode).toBe(404);
  });

  test("threads, edits with history, reactions, receipts, deletion, search", async () => {
    const group = await open(users.client, {
      kind: "group",
      title: "Crew",
      userIds: [users.worker.id, users.staff.id],
    });
    expect(group.statusCode).toBe(201);
    const id = group.json().id;
    const root = (await send(users.client, id, { body: "Kick-off tomorrow at nine" })).json();
    const reply = (await send(users.worker, id, { body: "I bring the ladder", replyTo: root.id })).json();
    const nested = (await send(users.staff, id, { body: "and I the paint", replyTo: reply.id })).json();
    expect(reply.threadRootId).toBe(root.id);
    expect(nested.threadRootId).toBe(root.id);

    const top = (await as(users.worker)("GET", `/api/v1/user/conversations/${id}/messages`)).json();
    expect(top.data.map((m: { id: string }) => m.id)).toEqual([root.id]);
    expect(top.data[0].replyCount).toBe(2);
    const thread = (
      await as(users.worker)("GET", `/api/v1/user/conversations/${id}/messages?thread=${root.id}`)
    ).json();
    expect(thread.data.map((m: { id: string }) => m.id)).toEqual([nested.id, reply.id, root.id]);

    // Paging: one at a time, the cursor continues where the page ended.
    const p1 = (
      await as(users.worker)("GET", `/api/v1/user/conversations/${id}/messages?thread=${root.id}&limit=2`)
    ).json();
    const p2 = (
      await as(users.worker)(
        "GET",
        `/api/v1/user/conversations/${id}/messages?thread=${root.id}&limit=2&cursor=${encodeURIComponent(p1.page.nextCursor)}`,
      )
    ).json();
    expect([...p1.data, ...p2.data].map((m: { id: string }) => m.id)).toEqual([nested.id, reply.id, root.id]);
    expect(p2.page.nextCursor).toBeNull();
    const badCursor = await as(users.worker)("GET", `/api/v1/user/conversations/${id}/messages?cursor=nope&x=1`);
    expect(badCursor.statusCode).toBe(400);
    expect(
      badCursor
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/query/cursor", "/query/x"]);

    // Edits: only the author; history keeps the earlier text.
    expect((await as(users.worker)("PATCH", `/api/v1/user/messages/${root.id}`, { body: "mine now" })).statusCode).toBe(
      403,
    );
    const edited = await as(users.client)("PATCH", `/api/v1/user/messages/${root.id}`, {
      body: "Kick-off tomorrow at ten",
    });
    expect(edited.json().editedAt).not.toBeNull();
    const history = (await as(users.worker)("GET", `/api/v1/user/messages/${root.id}/history`)).json();
    expect(history.data.map((h: { body: string }) => h.body)).toEqual(["Kick-off tomorrow at nine"]);

    // Reactions, once per user and emoji.
    await as(users.worker)("POST", `/api/v1/user/messages/${root.id}/reactions`, { emoji: "👍" });
    await as(users.worker)("POST", `/api/v1/user/messages/${root.id}/reactions`, { emoji: "👍" });
    const reacted = (
      await as(users.staff)("POST", `/api/v1/user/messages/${root.id}/reactions`, { emoji: "👍" })
    ).json();
    expect(reacted.reactions).toEqual([{ emoji: "👍", count: 2, userIds: [users.worker.id, users.staff.id] }]);
    const unreacted = (
      await as(users.staff)("DELETE", `/api/v1/user/messages/${root.id}/reactions/${encodeURIComponent("👍")}`)
    ).json();
    expect(unreacted.reactions[0].count).toBe(1);

    // Receipts and unread counts.
    const before = (await as(users.worker)("GET", "/api/v1/user/conversations")).json();
    const mine = before.data.find((c: { id: string }) => c.id === id);
    // The worker's own reply read what came before it: only the staff's message is new to them.
    expect(mine.unreadCount).toBe(1);
    const read = await as(users.worker)("POST", `/api/v1/user/conversations/${id}/read`, { messageId: nested.id });
    expect(read.json().lastReadMessageId).toBe(nested.id);
    const after = (await as(users.worker)("GET", "/api/v1/user/conversations")).json();
    expect(after.data.find((c: { id: string }) => c.id === id).unreadCount).toBe(0);
    const seen = (await as(users.client)("GET", `/api/v1/user/conversations/${id}`)).json();
    expect(seen.participants.find((p: { userId: string }) => p.userId === users.worker.id).lastReadMessageId).toBe(
      nested.id,
    );
    // Never backwards.
    await as(users.worker)("POST", `/api/v1/user/conversations/${id}/read`, { messageId: root.id });
    expect((await as(users.worker)("GET", `/api/v1/user/conversations/${id}`)).json().me.lastReadMessageId).toBe(
      nested.id,
    );

    // Search: only what the caller may read.
    const hits = (await as(users.staff)("GET", "/api/v1/user/messages/search?q=ladder")).json();
    expect(hits.data.map((m: { id: string }) => m.id)).toEqual([reply.id]);
    expect((await as(users.other)("GET", "/api/v1/user/messages/search?q=ladder")).json().data).toEqual([]);
    expect((await as(users.userB)("GET", "/api/v1/user/messages/search?q=ladder")).json().data).toEqual([]);

    // Deletion: the author's; a placeholder stays; search forgets it.
    expect((await as(users.staff)("DELETE", `/api/v1/user/messages/${reply.id}`)).statusCode).toBe(403);
    expect((await as(users.worker)("DELETE", `/api/v1/user/messages/${reply.id}`)).statusCode).toBe(204);
    const gone = (await as(users.client)("GET", `/api/v1/user/conversations/${id}/messages?thread=${root.id}`)).json();
    const placeholder = gone.data.find((m: { id: string }) => m.id === reply.id);
    expect(placeholder).toMatchObject({ deleted: true, body: "" });
    expect((await as(users.staff)("GET", "/api/v1/user/messages/search?q=ladder")).json().data).toEqual([]);

    // Leaving: the group goes from the list; its messages close to the leaver.
    expect(
      (await as(users.staff)("DELETE", `/api/v1/user/conversations/${id}/participants/${users.staff.id}`)).statusCode,
    ).toBe(204);
    expect((await as(users.staff)("GET", `/api/v1/user/conversations/${id}/messages`)).statusCode).toBe(404);
    // Only owners add people.
    expect(
      (await as(users.worker)("POST", `/api/v1/user/conversations/${id}/participants`, { userIds: [users.other.id] }))
        .statusCode,
    ).toBe(403);
    const added = await as(users.client)("POST", `/api/v1/user/conversations/${id}/participants`, {
      userIds: [users.other.id, users.userB.id],
    });
    expect(added.statusCode).toBe(422);
    expect(added.json().errors).toEqual([{ pointer: "/body/userIds/1", message: "is not a user of this marketplace" }]);
  });

  test("a scheduled message is the author's until it is due, then goes out once", async () => {
    const id = (await open(users.client, { kind: "direct", userId: users.other.id })).json().id;
    const at = new Date(Date.now() + 1500).toISOString();
    const scheduled = (await send(users.client, id, { body: "Reminder: invoice", sendAt: at })).json();
    expect(scheduled.status).toBe("scheduled");
    const list = (who: TestUser) =>
      as(who)("GET", `/api/v1/user/conversations/${id}/messages`).then((r) =>
        r.json().data.map((m: { id: string }) => m.id),
      );
    expect(await list(users.other)).toEqual([]);
    expect(await list(users.client)).toEqual([scheduled.id]);
    expect(await env.app.messaging.sendDue()).toBe(0);
    await sleep(1600);
    expect(await env.app.messaging.sendDue()).toBeGreaterThanOrEqual(1);
    expect(await env.app.messaging.sendDue()).toBe(0);
    expect(await list(users.other)).toEqual([scheduled.id]);
  });
});

describe("record conversations", () => {
  let gigId = "";
  test("open to exactly the declared parties who may read the record", async () => {
    const created = await as(users.client)("POST", gig(), { title: "Paint the fence", workerId: users.worker.id });
    expect(created.statusCode).toBe(201);
    gigId = created.json().id;
    const opened = await open(users.client, { kind: "record", entity: `${TEMPLATE_ID}:gigs`, recordId: gigId });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id;
    // The worker is named but may not read the gig yet (not shared): not a participant.
    const who = () =>
      as(users.client)("GET", `/api/v1/user/conversations/${id}`).then((r) =>
        r
          .json()
          .participants.map((p: { userId: string }) => p.userId)
          .sort(),
      );
    expect(await who()).toEqual([users.client.id, users.staff.id].sort());
    expect((await open(users.worker, { kind: "record", entity: "gigs", recordId: gigId })).statusCode).toBe(404);
    expect((await as(users.worker)("GET", `/api/v1/user/conversations/${id}/messages`)).statusCode).toBe(404);
    // Readable but not named: 403 on open, 404 on the conversation.
    expect((await open(users.admin, { kind: "record", entity: "gigs", recordId: gigId })).statusCode).toBe(403);
    expect((await as(users.other)("GET", `/api/v1/user/conversations/${id}`)).statusCode).toBe(404);
    // Another tenant: the record does not exist there.
    expect((await open(users.staffB, { kind: "record", entity: "gigs", recordId: gigId })).statusCode).toBe(404);
    expect((await as(users.staffB)("GET", `/api/v1/user/conversations/${id}`)).statusCode).toBe(404);
    // Entities without a declaration, unknown entities: 422 at /body/entity.
    const none = await open(users.client, { kind: "record", entity: "nothing-here", recordId: gigId });
    expect(none.json().errors[0].pointer).toBe("/body/entity");

    await send(users.client, id, { body: "Which colour?" });
    // Shared: the worker may read the gig, so the conversation opens to them.
    await as(users.client)("PATCH", gig(`/${gigId}`), { shared: true });
    const joined = await open(users.worker, { kind: "record", entity: "gigs", recordId: gigId });
    expect(joined.statusCode).toBe(200);
    expect(await who()).toEqual([users.client.id, users.staff.id, users.worker.id].sort());
    expect((await as(users.worker)("GET", `/api/v1/user/conversations/${id}/messages`)).json().data).toHaveLength(1);
    // Unshared again: closed to them at once (checked on every request), and they leave on the next send.
    await as(users.client)("PATCH", gig(`/${gigId}`), { shared: false });
    expect((await as(users.worker)("GET", `/api/v1/user/conversations/${id}/messages`)).statusCode).toBe(404);
    expect((await as(users.worker)("GET", "/api/v1/user/messages/search?q=colour")).json().data).toEqual([]);
    await send(users.client, id, { body: "White, then." });
    expect(await who()).toEqual([users.client.id, users.staff.id].sort());
  });

  test("moderation: flags, the queue for admins and declared moderators, hiding", async () => {
    const id = (await open(users.client, { kind: "record", entity: "gigs", recordId: gigId })).json().id;
    const rude = (await send(users.client, id, { body: "something rude" })).json();
    expect(
      (await as(users.staff)("POST", `/api/v1/user/messages/${rude.id}/flags`, { reason: "rude" })).statusCode,
    ).toBe(201);
    expect(
      (await as(users.staff)("POST", `/api/v1/user/messages/${rude.id}/flags`, { reason: "rude" })).statusCode,
    ).toBe(200);
    // Not a participant: cannot flag what they cannot see.
    expect((await as(users.other)("POST", `/api/v1/user/messages/${rude.id}/flags`, { reason: "x" })).statusCode).toBe(
      404,
    );

    const queue = (u: TestUser) => as(u)("GET", "/api/v1/tenant/messaging/flags");
    expect((await queue(users.admin)).json().data.map((r: { message: { id: string } }) => r.message.id)).toContain(
      rude.id,
    );
    expect((await queue(users.staff)).json().data.map((r: { message: { id: string } }) => r.message.id)).toContain(
      rude.id,
    );
    expect((await queue(users.adminB)).json().data).toEqual([]);
    // A direct conversation's flags are for tenant admins only.
    const dm = (await open(users.staff, { kind: "direct", userId: users.client.id })).json().id;
    const dmMessage = (await send(users.staff, dm, { body: "private" })).json();
    await as(users.client)("POST", `/api/v1/user/messages/${dmMessage.id}/flags`, { reason: "spam" });
    expect((await queue(users.staff)).json().data.map((r: { message: { id: string } }) => r.message.id)).not.toContain(
      dmMessage.id,
    );
    expect((await queue(users.admin)).json().data.map((r: { message: { id: string } }) => r.message.id)).toContain(
      dmMessage.id,
    );

    const moderate = (u: TestUser, messageId: string, action: string) =>
      as(u)("POST", `/api/v1/tenant/messaging/messages/${messageId}/moderation`, { action });
    expect((await moderate(users.client, rude.id, "hide")).statusCode).toBe(404);
    expect((await moderate(users.adminB, rude.id, "hide")).statusCode).toBe(404);
    expect((await moderate(users.staff, dmMessage.id, "hide")).statusCode).toBe(404);
    const bad = await moderate(users.staff, rude.id, "burn");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe("/body/action");
    expect((await moderate(users.staff, rude.id, "hide")).json().hidden).toBe(true);
    const seen = (await as(users.client)("GET", `/api/v1/user/conversations/${id}/messages`)).json();
    expect(seen.data.find((m: { id: string }) => m.id === rude.id)).toMatchObject({ hidden: true, body: "" });
    const moderatorView = (await as(users.staff)("GET", `/api/v1/user/conversations/${id}/messages`)).json();
    expect(moderatorView.data.find((m: { id: string }) => m.id === rude.id).body).toBe("something rude");
    expect((await queue(users.staff)).json().data.map((r: { message: { id: string } }) => r.message.id)).not.toContain(
      rude.id,
    );
    expect((await queue(users.client)).statusCode).toBe(403);
  });
});

describe("the socket", () => {
  const connect = (u: TestUser, after?: number) => new SocketClient(base, u.token, u.slug, after);

  test("a socket needs a valid access token of its tenant", async () => {
    const none = new SocketClient(base, "not-a-token", "chat-a");
    await expect(none.ready).rejects.toThrow();
    expect((await none.closed).code).not.toBe(1000);
    // A token of tenant B presented on tenant A: refused before the upgrade.
    const wrong = new SocketClient(base, users.userB.token, "chat-a");
    const code = await wrong.closed;
    expect(wrong.frames).toEqual([]);
    expect(code.code).not.toBe(1000);
  }, 20_000);

  test("an open socket closes once its session ends (roles revoked: the token is retired)", async () => {
    const leaver = await createUser(env, users.client.tenantId, "chat-a", { roles: [["user", null]] });
    const s = connect(leaver);
    await s.ready;
    await sleep(400);
    expect(s.ws.readyState).toBe(s.ws.OPEN);
    await env.app.auth.retireAccessTokens(env.db, leaver.tenantId, [leaver.id]);
    expect((await s.closed).code).toBe(4401);
  }, 20_000);

  test("nothing crosses tenants or conversations: messages, reactions, receipts, typing, presence", async () => {
    const names = ["admin", "staff", "client", "worker", "other", "adminB", "staffB", "userB"];
    // Conversations of this test only, so what each socket may see is exactly known.
    const dm = (await open(users.client, { kind: "direct", userId: users.worker.id })).json().id;
    const group = (await open(users.staff, { kind: "group", title: "Staff room", userIds: [users.admin.id] })).json()
      .id;
    const dmB = (await open(users.userB, { kind: "direct", userId: users.staffB.id })).json().id;
    const sockets = Object.fromEntries(names.map((n) => [n, connect(users[n])]));
    await Promise.all(Object.values(sockets).map((s) => s.ready));
    const inConversation: Record<string, string[]> = {
      admin: [group],
      staff: [group],
      client: [dm],
      worker: [dm],
      other: [],
      adminB: [],
      staffB: [dmB],
      userB: [dmB],
    };

    const m1 = (await send(users.client, dm, { body: "dm in A" })).json();
    await as(users.worker)("POST", `/api/v1/user/messages/${m1.id}/reactions`, { emoji: "🎉" });
    await as(users.worker)("POST", `/api/v1/user/conversations/${dm}/read`, { messageId: m1.id });
    await send(users.staff, group, { body: "group in A" });
    const mB = (await send(users.userB, dmB, { body: "dm in B" })).json();
    await as(users.staffB)("POST", `/api/v1/user/conversations/${dmB}/read`, { messageId: mB.id });
    sockets.client.send({ type: "typing", conversationId: dm });
    sockets.userB.send({ type: "typing", conversationId: dmB });
    // Typing into a conversation of another tenant, or one they are not in: refused, not relayed.
    sockets.userB.send({ type: "typing", conversationId: dm });
    sockets.other.send({ type: "typing", conversationId: group });

    await sockets.worker.next((f) => f.type === "typing");
    await sockets.staffB.next((f) => f.type === "typing");
    await sockets.client.next((f) => f.kind === "read");
    await sockets.userB.next((f) => f.kind === "read");
    await sockets.admin.next((f) => f.kind === "message.created");
    const refused = await sockets.userB.next((f) => f.type === "error");
    expect(refused.errors).toEqual([
      { pointer: "/conversationId", message: "You take part in no conversation with this id." },
    ]);
    await sockets.other.next((f) => f.type === "error");
    await sleep(300);

    for (const name of names) {
      const s = sockets[name];
      const mine = new Set(inConversation[name]);
      for (const f of s.events()) {
        if ([dm, group, dmB].includes(f.conversationId!))
          expect(mine.has(f.conversationId!), `${name} got ${f.kind}`).toBe(true);
      }
      for (const f of s.frames.filter((x) => x.type === "typing"))
        expect(mine.has(f.data!.conversationId as string), `${name} got typing`).toBe(true);
      // Presence only of people they share a conversation with, of their own tenant.
      const sameTenant = names.filter((n) => users[n].tenantId === users[name].tenantId).map((n) => users[n].id);
      for (const f of s.frames.filter((x) => x.type === "presence"))
        expect(sameTenant, `${name} got presence of ${f.data!.userId}`).toContain(f.data!.userId);
    }
    // And each got what is theirs.
    expect(sockets.worker.events("message.created").map((f) => f.data!.id)).toContain(m1.id);
    expect(sockets.client.events("reaction.added").map((f) => f.data!.messageId)).toContain(m1.id);
    expect(sockets.staffB.events("message.created").map((f) => f.data!.id)).toContain(mB.id);
    expect(sockets.worker.frames.filter((f) => f.type === "typing").map((f) => f.data)).toEqual([
      { conversationId: dm, userId: users.client.id },
    ]);
    for (const n of ["other", "adminB"])
      expect(sockets[n].events().filter((f) => [dm, group, dmB].includes(f.conversationId!))).toEqual([]);
    // Presence over REST: who of the conversation is connected.
    const online = (await as(users.client)("GET", `/api/v1/user/conversations/${dm}/presence`)).json().online;
    expect(online.sort()).toEqual([users.client.id, users.worker.id].sort());
    await Promise.all(Object.values(sockets).map((s) => s.close()));
    await until(
      async () =>
        (await as(users.client)("GET", `/api/v1/user/conversations/${dm}/presence`)).json().online.length === 0,
      "presence to clear",
    );
  }, 30_000);

  test("new messages notify by each participant's settings, pushed live on the same socket", async () => {
    const group = (
      await open(users.client, {
        kind: "group",
        title: "Notify",
        userIds: [users.worker.id, users.other.id, users.staff.id],
      })
    ).json().id;
    await as(users.other)("PATCH", `/api/v1/user/conversations/${group}/settings`, { muted: true });
    await as(users.staff)("PATCH", `/api/v1/user/conversations/${group}/settings`, { notify: "none" });
    const bad = await as(users.staff)("PATCH", `/api/v1/user/conversations/${group}/settings`, { notify: "loud" });
    expect(bad.json().errors[0].pointer).toBe("/body/notify");
    const sockets = { worker: connect(users.worker), other: connect(users.other), staff: connect(users.staff) };
    await Promise.all(Object.values(sockets).map((s) => s.ready));
    const plain = (await send(users.client, group, { body: "lunch?" })).json();
    const pushed = await sockets.worker.next((f) => f.type === "notification");
    expect(pushed.data).toMatchObject({ kind: "message", body: "lunch?", link: `/messages/${group}` });
    const mention = (
      await send(users.client, group, { body: "you two", mentions: [users.other.id, users.staff.id] })
    ).json();
    // Muted, but mentioned: notified; `none`: never.
    expect((await sockets.other.next((f) => f.type === "notification")).data).toMatchObject({
      kind: "message-mention",
    });
    await sockets.worker.next((f) => f.kind === "message.created" && f.data!.id === mention.id);
    await sleep(300);
    expect(sockets.staff.frames.filter((f) => f.type === "notification")).toEqual([]);
    expect(sockets.other.frames.filter((f) => f.type === "notification")).toHaveLength(1);
    const listed = (await as(users.worker)("GET", "/api/v1/user/notifications")).json().data;
    expect(listed.map((n: { id: string }) => n.id)).toContain(pushed.data!.id);
    expect(plain.id).toBeTruthy();
    await Promise.all(Object.values(sockets).map((s) => s.close()));
  }, 30_000);

  test("a dropped socket resumed from its last event id gets what it missed exactly once, then the live stream", async () => {
    const dm = (await open(users.client, { kind: "direct", userId: users.worker.id })).json().id;
    const first = connect(users.worker);
    await first.ready;
    const m1 = (await send(users.client, dm, { body: "one" })).json();
    const seen = await first.next((f) => f.kind === "message.created" && f.data!.id === m1.id);
    first.ws.terminate();
    await first.closed;

    const missed = [];
    for (const body of ["two", "three"]) missed.push((await send(users.client, dm, { body })).json().id);
    await as(users.client)("POST", `/api/v1/user/messages/${missed[0]}/reactions`, { emoji: "👀" });
    // Resume while more messages are being sent: none lost, none twice.
    const resumed = connect(users.worker, seen.id);
    const racing = Promise.all(["four", "five", "six", "seven"].map((body) => send(users.client, dm, { body })));
    await resumed.ready;
    const raced = (await racing).map((r) => r.json().id);
    const last = (await send(users.client, dm, { body: "eight" })).json().id;
    await resumed.next((f) => f.kind === "message.created" && f.data!.id === last);
    await sleep(200);

    const created = resumed
      .events("message.created")
      .filter((f) => f.conversationId === dm)
      .map((f) => f.data!.id);
    expect(created.slice(0, 2)).toEqual(missed);
    expect([...created].sort()).toEqual([...missed, ...raced, last].sort());
    expect(new Set(created).size).toBe(created.length);
    expect(resumed.events("reaction.added").map((f) => f.data!.messageId)).toEqual([missed[0]]);
    const ids = resumed.events().map((f) => f.id!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id > seen.id!)).toBe(true);
    await resumed.close();
  }, 30_000);

  test("a record's conversation on the socket follows the record's read rules", async () => {
    const created = (
      await as(users.client)("POST", gig(), { title: "Mow", workerId: users.worker.id, shared: true })
    ).json();
    const s = connect(users.worker);
    await s.ready;
    const id = (await open(users.worker, { kind: "record", entity: "gigs", recordId: created.id })).json().id;
    const before = (await send(users.client, id, { body: "see you at eight" })).json();
    await s.next((f) => f.kind === "message.created" && f.data!.id === before.id);
    await as(users.client)("PATCH", gig(`/${created.id}`), { shared: false });
    const after = (await send(users.client, id, { body: "not for the worker any more" })).json();
    const left = await s.next((f) => f.kind === "participant.left" && f.conversationId === id);
    expect(left.data).toEqual({ userId: users.worker.id });
    await sleep(300);
    expect(s.events("message.created").map((f) => f.data!.id)).not.toContain(after.id);
    // Typing into it is refused now.
    s.send({ type: "typing", conversationId: id });
    await s.next((f) => f.type === "error");
    await s.close();
  }, 30_000);

  test("an event whose publish was lost is read from the log, in order, before what follows it", async () => {
    const dm = (await open(users.worker, { kind: "direct", userId: users.staff.id })).json().id;
    const s = connect(users.staff);
    await s.ready;
    // As if a process committed an event and died before publishing it: the row is in the log only.
    await env.db.query(
      `INSERT INTO "messaging_event" ("tenantId", "seq", "conversationId", "kind", "payload", "audience")
       SELECT $1, COALESCE(max("seq"), 0) + 1, $2, 'message.deleted', '{"id":"lost-publish"}', $3::uuid[]
         FROM "messaging_event" WHERE "tenantId" = $1`,
      [users.staff.tenantId, dm, [users.worker.id, users.staff.id]],
    );
    const next = (await send(users.worker, dm, { body: "after the lost one" })).json();
    await s.next((f) => f.kind === "message.created" && f.data!.id === next.id);
    const mine = s.events().filter((f) => f.conversationId === dm);
    expect(mine.map((f) => f.kind)).toEqual(["message.deleted", "message.created"]);
    expect(mine[0].data).toEqual({ id: "lost-publish" });
    expect(mine[1].id).toBe(mine[0].id! + 1);
    // A lost publish with nothing after it: the sweep of the log's tail brings it.
    await env.db.query(
      `INSERT INTO "messaging_event" ("tenantId", "seq", "conversationId", "kind", "payload", "audience")
       SELECT $1, COALESCE(max("seq"), 0) + 1, $2, 'message.deleted', '{"id":"lost-last"}', $3::uuid[]
         FROM "messaging_event" WHERE "tenantId" = $1`,
      [users.staff.tenantId, dm, [users.worker.id, users.staff.id]],
    );
    const swept = await s.next((f) => f.type === "event" && (f.data as { id?: string }).id === "lost-last");
    expect(swept.id).toBe(mine[1].id! + 1);
    // Malformed frames are answered with an error frame, the socket stays.
    s.ws.send("not json");
    expect((await s.next((f) => f.type === "error")).errors).toEqual([
      { pointer: "", message: "must be a JSON object" },
    ]);
    s.send({ type: "shout" });
    await s.next((f) => f.type === "error" && (f.errors as { pointer: string }[])[0].pointer === "/type");
    s.send({ type: "ping" });
    await s.next((f) => f.type === "pong");
    await s.close();
  }, 30_000);

  test("a client that does not read is dropped; it resumes without a gap", async () => {
    const dm = (await open(users.client, { kind: "direct", userId: users.other.id })).json().id;
    const slow = connect(users.other);
    const ready = await slow.ready;
    // Stop reading: the kernel buffers fill, then the server's socket buffer passes 64 KiB.
    slow.ws.pause();
    const big = `<p>${"lorem ipsum ".repeat(1600)}</p>`;
    const sent: string[] = [];
    let dropped = false;
    void slow.closed.then(() => (dropped = true));
    for (let i = 0; i < 1500 && !dropped; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => send(users.client, dm, { body: big })));
      sent.push(...batch.map((r) => r.json().id));
      if (env.app.messaging.hub.connections(users.other.tenantId, users.other.id) === 0) break;
    }
    // The server let go of it (its frames are not kept), long before everything was sent.
    expect(env.app.messaging.hub.connections(users.other.tenantId, users.other.id)).toBe(0);
    expect(sent.length).toBeLessThan(1500);
    slow.ws.resume();
    await slow.closed;
    const got = slow.events("message.created").map((f) => f.data!.id as string);
    expect(got.length).toBeLessThan(sent.length);
    // Back from where it stopped reading: the rest, each once.
    const lastSeen = slow.events().at(-1)?.id ?? ready.lastEventId!;
    const again = connect(users.other, lastSeen);
    await again.ready;
    await until(() => got.length + again.events("message.created").length >= sent.length, "the rest to arrive");
    const all = [...got, ...again.events("message.created").map((f) => f.data!.id as string)];
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...sent].sort());
    const ids = [...slow.events(), ...again.events()].map((f) => f.id!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    await again.close();
  }, 60_000);
});

describe("hostile input", () => {
  test("malformed, oversized and foreign input is a 4xx problem+json, never a 5xx", async () => {
    const dm = (await open(users.client, { kind: "direct", userId: users.worker.id })).json().id;
    const c = `/api/v1/user/conversations/${dm}`;
    const m = (await send(users.client, dm, { body: "target" })).json().id;
    const cases: [string, string, unknown?][] = [
      ["POST", "/api/v1/user/conversations", { kind: "record", entity: "a:b:c", recordId: "x" }],
      ["POST", "/api/v1/user/conversations", { kind: "record", entity: "gigs", recordId: "not-a-uuid" }],
      ["POST", "/api/v1/user/conversations", { kind: "group", title: "", userIds: [] }],
      ["POST", "/api/v1/user/conversations", { kind: "direct", userId: "../../etc" }],
      ["POST", "/api/v1/user/conversations", [1, 2, 3]],
      ["GET", "/api/v1/user/conversations/not-a-uuid"],
      ["GET", "/api/v1/user/conversations?limit=0"],
      ["GET", "/api/v1/user/conversations?limit=100000&cursor=%00"],
      ["GET", `${c}/messages?thread=${"f".repeat(36)}`],
      ["GET", `${c}/messages?thread[]=1`],
      ["POST", `${c}/messages`, { body: "x".repeat(20_001) }],
      ["POST", `${c}/messages`, { body: "hi", replyTo: randomUUID() }],
      ["POST", `${c}/messages`, { body: "hi", sendAt: "tomorrow" }],
      ["POST", `${c}/messages`, { body: { html: "<b>" } }],
      ["POST", `${c}/read`, { messageId: randomUUID() }],
      ["PATCH", `${c}/settings`, {}],
      ["DELETE", `${c}/participants/${users.worker.id}`],
      ["GET", "/api/v1/user/messages/search"],
      ["GET", `/api/v1/user/messages/search?q=${"a".repeat(201)}`],
      ["POST", `/api/v1/user/messages/${m}/reactions`, { emoji: "<script>" }],
      ["POST", `/api/v1/user/messages/${m}/reactions`, { emoji: "x".repeat(33) }],
      ["DELETE", `/api/v1/user/messages/${m}/reactions/${encodeURIComponent("a b")}`],
      ["POST", `/api/v1/user/messages/${m}/flags`, { reason: "" }],
      ["PATCH", `/api/v1/user/messages/${randomUUID()}`, { body: "ghost" }],
      ["POST", `/api/v1/tenant/messaging/messages/${m}/moderation`, {}],
      ["GET", "/api/v1/tenant/messaging/flags?limit=-1"],
    ];
    for (const [method, url, body] of cases) {
      const res = await as(users.client)(method as "GET", url, body);
      expect(res.statusCode, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${method} ${url}`).toBeLessThan(500);
      expect(res.headers["content-type"], `${method} ${url}`).toContain("application/problem+json");
    }
    // Search text is never syntax: operators and quotes are words to websearch_to_tsquery.
    const odd = await as(users.client)("GET", "/api/v1/user/messages/search?q=%27%22%3A%2A%21%28%7C%26");
    expect(odd.statusCode).toBe(200);
    expect(odd.json().data).toEqual([]);
    // The reply to a message of another tenant's conversation is no reply.
    const foreign = (
      await send(users.userB, (await open(users.userB, { kind: "direct", userId: users.staffB.id })).json().id, {
        body: "b",
      })
    ).json();
    const cross = await send(users.client, dm, { body: "hi", replyTo: foreign.id });
    expect(cross.json().errors).toEqual([{ pointer: "/body/replyTo", message: "is no message of this conversation" }]);
    // Nor can another tenant's message be read, reacted to, flagged or edited.
    for (const [method, url, body] of [
      ["GET", `/api/v1/user/messages/${foreign.id}/history`],
      ["POST", `/api/v1/user/messages/${foreign.id}/reactions`, { emoji: "x" }],
      ["POST", `/api/v1/user/messages/${foreign.id}/flags`, { reason: "x" }],
      ["PATCH", `/api/v1/user/messages/${foreign.id}`, { body: "mine" }],
      ["DELETE", `/api/v1/user/messages/${foreign.id}`],
      ["POST", `/api/v1/tenant/messaging/messages/${foreign.id}/moderation`, { action: "hide" }],
    ] as const) {
      const res = await as(users.admin)(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    // A socket with a bad resume id is refused before the upgrade.
    const bad = new SocketClient(base, users.client.token, users.client.slug, -1);
    await expect(bad.ready).rejects.toThrow();
  }, 30_000);
});

describe("the OpenAPI document", () => {
  test("documents every answer the messaging routes gave above", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const U = "[0-9a-f-]{36}";
    const key = (url: string) =>
      url
        .split("?")[0]
        .replace(new RegExp(`^(/api/v1/user/conversations/)${U}/participants/${U}$`), "$1{id}/participants/{userId}")
        .replace(new RegExp(`^(/api/v1/user/messages/)${U}/reactions/[^/]+$`), "$1{id}/reactions/{emoji}")
        .replace(/^(\/api\/v1\/user\/conversations\/)[^/]+/, "$1{id}")
        .replace(/^(\/api\/v1\/user\/messages\/)(?!search$)[^/]+/, "$1{id}")
        .replace(new RegExp(`^(/api/v1/tenant/messaging/messages/)${U}`), "$1{id}");
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(new Set(answers.map((a) => `${a.method} ${key(a.url)}`)).size).toBeGreaterThanOrEqual(18);
    expect(counts.mismatches).toEqual([]);
    // The socket is not a JSON GET: it is not in the document.
    expect(doc.paths["/api/v1/user/messaging/socket"]).toBeUndefined();
  });
});
