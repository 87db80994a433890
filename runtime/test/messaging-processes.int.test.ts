/**
 * Two runtime processes (child processes, runtime/test/support/messaging-process.ts) sharing
 * PostgreSQL and Redis: a message sent through one reaches sockets on the other; a socket
 * dropped, or whose process is SIGKILLed, resumes on the other from its last event id and gets
 * what it missed exactly once, and its users' presence expires (nobody gives it back; their contacts get the
 * offline frame); messages sent while Redis is down reach the open sockets once it
 * is back (from the event log), exactly once.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTenant, createUser, startAuthzApp, SECRET, type AuthzEnv, type TestUser } from "./authz-support.ts";
import { child, startPrivateRedis, type Child } from "./support/email-processes.ts";
import { SocketClient, sleep } from "./messaging-support.ts";

let env: AuthzEnv;
const PREFIX = `mono-msg-proc-${randomUUID().slice(0, 8)}`;
/** Presence entries live this long unless their process renews them (a killed one does not). */
const PRESENCE_TTL_MS = 1500;
const procs: (Child & { port: number })[] = [];
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let eve: TestUser;

async function startProcess(): Promise<Child & { port: number }> {
  const c = child(["--import", "tsx", "runtime/test/support/messaging-process.ts"], {
    DATABASE_URL: env.testDb.url,
    REDIS_URL: redis.url,
    MONO_JWT_SECRET: SECRET,
    MESSAGING_PREFIX: PREFIX,
    MESSAGING_PRESENCE_TTL_MS: String(PRESENCE_TTL_MS),
  });
  const port = Number((await c.line(/listening (\d+)/, 60_000))[1]);
  return Object.assign(c, { port });
}

beforeAll(async () => {
  // A Redis of this test's own: the last test restarts it.
  redis = await startPrivateRedis();
  env = await startAuthzApp({ extra: { messaging: false } });
  const tenant = await createTenant(env.db, "proc-a", []);
  const other = await createTenant(env.db, "proc-b", []);
  alice = await createUser(env, tenant, "proc-a", { roles: [["user", null]] });
  bob = await createUser(env, tenant, "proc-a", { roles: [["user", null]] });
  carol = await createUser(env, tenant, "proc-a", { roles: [["user", null]] });
  eve = await createUser(env, other, "proc-b", { roles: [["user", null]] });
  procs.push(...(await Promise.all([startProcess(), startProcess()])));
}, 120_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  await env?.close();
  await redis?.kill();
});

async function call(port: number, user: TestUser, method: string, url: string, body?: object) {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: {
      "x-tenant": user.slug,
      authorization: `Bearer ${user.token}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const socket = (port: number, user: TestUser, after?: number) =>
  new SocketClient(`ws://127.0.0.1:${port}`, user.token, user.slug, after);

test("a message sent through one process reaches sockets on the other, and only its participants", async () => {
  const [one, two] = procs;
  const dm = (await call(one.port, alice, "POST", "/api/v1/user/conversations", { kind: "direct", userId: bob.id }))
    .json;
  const bobOnTwo = socket(two.port, bob);
  const carolOnTwo = socket(two.port, carol);
  const eveOnTwo = socket(two.port, eve);
  const bobOnOne = socket(one.port, bob);
  await Promise.all([bobOnTwo.ready, carolOnTwo.ready, eveOnTwo.ready, bobOnOne.ready]);
  const sent = await call(one.port, alice, "POST", `/api/v1/user/conversations/${dm.id}/messages`, { body: "across" });
  expect(sent.status).toBe(201);
  for (const s of [bobOnTwo, bobOnOne]) {
    const f = await s.next((x) => x.kind === "message.created");
    expect(f.data!.id).toBe(sent.json.id);
  }
  // Typing crosses processes too, to the other participant only.
  const aliceOnTwo = socket(two.port, alice);
  await aliceOnTwo.ready;
  const aliceOnOne = socket(one.port, alice);
  await aliceOnOne.ready;
  aliceOnOne.send({ type: "typing", conversationId: dm.id });
  expect((await bobOnTwo.next((x) => x.type === "typing")).data).toEqual({ conversationId: dm.id, userId: alice.id });
  // Presence is shared: asked on process one, bob's sockets on both count, alice's too.
  const online = (await call(one.port, alice, "GET", `/api/v1/user/conversations/${dm.id}/presence`)).json
    .online as string[];
  expect(online.sort()).toEqual([alice.id, bob.id].sort());
  await sleep(300);
  expect(carolOnTwo.events()).toEqual([]);
  expect(eveOnTwo.frames.filter((f) => f.type !== "ready")).toEqual([]);
  expect(carolOnTwo.frames.filter((f) => f.type === "typing")).toEqual([]);
  expect(aliceOnTwo.frames.filter((f) => f.type === "typing")).toEqual([]);
  await Promise.all([bobOnTwo, carolOnTwo, eveOnTwo, bobOnOne, aliceOnTwo, aliceOnOne].map((s) => s.close()));
  // All of bob's sockets closed (one on each process): offline everywhere.
  for (let i = 0; i < 50; i++) {
    const now = (await call(two.port, alice, "GET", `/api/v1/user/conversations/${dm.id}/presence`)).json
      .online as string[];
    if (now.length === 0) break;
    await sleep(50);
  }
  expect((await call(two.port, alice, "GET", `/api/v1/user/conversations/${dm.id}/presence`)).json.online).toEqual([]);
}, 60_000);

test("a socket whose process is SIGKILLed resumes on the other process: what it missed, exactly once", async () => {
  const [one, two] = procs;
  const dm = (await call(one.port, alice, "POST", "/api/v1/user/conversations", { kind: "direct", userId: carol.id }))
    .json;
  const first = socket(two.port, carol);
  await first.ready;
  const m1 = (await call(one.port, alice, "POST", `/api/v1/user/conversations/${dm.id}/messages`, { body: "m1" })).json;
  const seen = await first.next((f) => f.kind === "message.created" && f.data!.id === m1.id);
  const presence = async () =>
    (await call(one.port, alice, "GET", `/api/v1/user/conversations/${dm.id}/presence`)).json.online as string[];
  // Carol's socket is on the process about to be killed: online, asked on the other process,
  // where alice (who shares a conversation with her) has a socket.
  const aliceOnOne = socket(one.port, alice);
  await aliceOnOne.ready;
  expect(await presence()).toEqual([alice.id, carol.id].sort());
  await two.kill("SIGKILL");
  await first.closed;
  // Nobody gave carol's entry back (SIGKILL): it expires, as the killed process renews it no more,
  // and the process that finds it expired tells alice's socket that carol is offline, once.
  const offline = (f: { type: string; data?: Record<string, unknown> }) =>
    f.type === "presence" && f.data!.userId === carol.id && f.data!.online === false;
  await aliceOnOne.next(offline, PRESENCE_TTL_MS * 6);
  expect(await presence()).toEqual([alice.id]);
  await aliceOnOne.close();
  expect(aliceOnOne.frames.filter(offline)).toHaveLength(1);
  const missed: string[] = [];
  for (const body of ["m2", "m3", "m4"])
    missed.push(
      (await call(one.port, alice, "POST", `/api/v1/user/conversations/${dm.id}/messages`, { body })).json.id as string,
    );
  const resumed = socket(one.port, carol, seen.id);
  await resumed.ready;
  const live = (await call(one.port, alice, "POST", `/api/v1/user/conversations/${dm.id}/messages`, { body: "m5" }))
    .json.id;
  await resumed.next((f) => f.kind === "message.created" && f.data!.id === live);
  await sleep(200);
  const got = resumed.events("message.created").map((f) => f.data!.id);
  expect(got).toEqual([...missed, live]);
  await resumed.close();
  // The killed process comes back and serves again.
  procs[1] = await startProcess();
  const back = socket(procs[1].port, carol, seen.id);
  await back.ready;
  expect(back.events("message.created").map((f) => f.data!.id)).toEqual([...missed, live]);
  await back.close();
}, 90_000);

test("while Redis is down messages are still stored; once it is back the open sockets get them, once, in order", async () => {
  const [one, two] = procs;
  const dm = (await call(one.port, alice, "POST", "/api/v1/user/conversations", { kind: "direct", userId: bob.id }))
    .json;
  const s = socket(two.port, bob);
  await s.ready;
  await redis.kill("SIGKILL");
  const during: string[] = [];
  for (const body of ["r1", "r2", "r3"]) {
    const sent = await call(one.port, alice, "POST", `/api/v1/user/conversations/${dm.id}/messages`, { body });
    expect(sent.status).toBe(201);
    during.push(sent.json.id as string);
  }
  redis = await startPrivateRedis(redis.port);
  const mine = () => s.events("message.created").filter((f) => f.conversationId === dm.id);
  await s.next((f) => f.kind === "message.created" && f.data!.id === during[2], 20_000);
  // And live again through Redis.
  let after = "";
  for (let i = 0; i < 50 && !after; i++) {
    const sent = (
      await call(one.port, alice, "POST", `/api/v1/user/conversations/${dm.id}/messages`, { body: `after ${i}` })
    ).json;
    try {
      await s.next((f) => f.kind === "message.created" && f.data!.id === sent.id, 1000);
      after = sent.id as string;
    } catch {
      // Not yet reconnected: the sweep delivers it later, the next one tries the bus again.
    }
  }
  expect(after).not.toBe("");
  await sleep(300);
  const ids = mine().map((f) => f.data!.id as string);
  expect(ids.slice(0, 3)).toEqual(during);
  expect(new Set(ids).size).toBe(ids.length);
  const seqs = s.events().map((f) => f.id!);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  await s.close();
}, 120_000);
