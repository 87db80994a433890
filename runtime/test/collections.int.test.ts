/**
 * Collections and favourites on PostgreSQL (runtime/src/collections): ordered items with notes,
 * the three ways of sharing (private, by an unguessable link, tenant-public), items hidden once
 * their record is no longer readable by the viewer, favourites as an idempotent one-click
 * collection, two tenants that never see each other's lists; every answer against /openapi.json.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { createPostgresDatabase } from "../src/db/database.ts";
import { as, items, notes, startLab, type Call, type LabEnv, type LabUser } from "./tags-support.ts";
import { MIGRATIONS } from "./crud-support.ts";

let env: LabEnv;
const users: Record<string, LabUser> = {};
const answers: { method: string; url: string; status: number; type: string; body: unknown }[] = [];
const call = (u: LabUser | null, slug?: string): Call => {
  const c = as(env, u, slug);
  return async (method, url, body, headers) => {
    const res = await c(method, url, body, headers);
    if (/^\/api\/v1\/(user\/collections|user\/favourites|tenant\/shared-collections)/.test(url))
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
const C = "/api/v1/user/collections";
let drafts: string[] = [];
let published: string[] = [];
let note: string;

beforeAll(async () => {
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  env = await startLab(db, async () => {
    await db.close();
    await testDb.drop();
  });
  const a = await env.tenant("coll-a");
  const b = await env.tenant("coll-b");
  users.owner = await env.user(a, "coll-a", [["user", null]]);
  users.friend = await env.user(a, "coll-a", [["user", null]]);
  users.editor = await env.user(a, "coll-a", [["editor", null]]);
  users.userB = await env.user(b, "coll-b", [["user", null]]);
  const make = async (title: string, isPublished: boolean) =>
    (await as(env, users.owner)("POST", items(), { title, published: isPublished })).json().id as string;
  drafts = [await make("Draft 1", false), await make("Draft 2", false)];
  published = [await make("Public 1", true), await make("Public 2", true), await make("Public 3", true)];
  note = (await as(env, users.editor)("POST", notes(), { text: "Shared note" })).json().id;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const recordIds = (c: { items: { recordId: string }[] }) => c.items.map((i) => i.recordId);

describe("a user's collections", () => {
  let id: string;

  test("items are ordered (insert at a position, move, remove close the gaps) and carry notes", async () => {
    const owner = call(users.owner);
    const made = await owner("POST", C, { name: "Shortlist", description: "For Friday" });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({
      name: "Shortlist",
      visibility: "private",
      shareToken: null,
      favourites: false,
      items: [],
    });
    id = made.json().id;
    for (const recordId of published)
      expect((await owner("POST", `${C}/${id}/items`, { entity: "tag-lab:items", recordId })).statusCode).toBe(201);
    const first = await owner("POST", `${C}/${id}/items`, {
      entity: "items",
      recordId: drafts[0],
      position: 0,
      note: "Top pick",
    });
    expect(first.json()).toMatchObject({ position: 0, note: "Top pick", entity: "Item", templateId: "tag-lab" });
    // The same record again: the existing item, its note replaced.
    const again = await owner("POST", `${C}/${id}/items`, {
      entity: "tag-lab:items",
      recordId: drafts[0],
      note: "Still top",
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, note: "Still top", position: 0 });
    expect((await owner("POST", `${C}/${id}/items`, { entity: "tag-lab:notes", recordId: note })).statusCode).toBe(201);

    let got = (await owner("GET", `${C}/${id}`)).json();
    expect(recordIds(got)).toEqual([drafts[0], ...published, note]);
    expect(got.items.map((i: { position: number }) => i.position)).toEqual([0, 1, 2, 3, 4]);
    // Move the last item to position 1, then take out position 0.
    const last = got.items[4].id;
    const moved = await owner("PATCH", `${C}/${id}/items/${last}`, { position: 1, note: "A note on a note" });
    expect(moved.json()).toMatchObject({ position: 1, note: "A note on a note" });
    expect((await owner("DELETE", `${C}/${id}/items/${got.items[0].id}`)).statusCode).toBe(204);
    got = (await owner("GET", `${C}/${id}`)).json();
    expect(recordIds(got)).toEqual([note, ...published]);
    expect(got.items.map((i: { position: number }) => i.position)).toEqual([0, 1, 2, 3]);
    const far = await owner("PATCH", `${C}/${id}/items/${got.items[0].id}`, { position: 99 });
    expect(far.json().position).toBe(3);
    expect(recordIds((await owner("GET", `${C}/${id}`)).json())).toEqual([...published, note]);
  });

  test("only records the owner may read go in; only collectable entities; bad input is problem+json", async () => {
    const friend = call(users.friend);
    const mine = (await friend("POST", C, { name: "Friend's" })).json().id;
    // The owner's drafts are not readable by the friend.
    const hidden = await friend("POST", `${C}/${mine}/items`, { entity: "tag-lab:items", recordId: drafts[1] });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().errors).toEqual([{ pointer: "/body/recordId", message: "is not a record you can see" }]);
    const shipped = await friend("POST", `${C}/${mine}/items`, { entity: "venues", recordId: drafts[1] });
    expect(shipped.statusCode).toBe(422);
    expect(shipped.json().errors[0].pointer).toBe("/body/entity");
    const bad = await friend("POST", C, { name: "", visibility: "everyone" });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort(),
    ).toEqual(["/body/name", "/body/visibility"]);
    // Someone else's collection: 404 for reading (private) and for every write.
    expect((await friend("GET", `${C}/${id}`)).statusCode).toBe(404);
    expect((await friend("PATCH", `${C}/${id}`, { name: "Mine now" })).statusCode).toBe(404);
    expect(
      (await friend("POST", `${C}/${id}/items`, { entity: "tag-lab:items", recordId: published[0] })).statusCode,
    ).toBe(404);
    expect((await friend("DELETE", `${C}/${id}`)).statusCode).toBe(404);
    expect((await call(null, "coll-a")("GET", C)).statusCode).toBe(401);
  });

  test("sharing: tenant-public for signed-in users, a link for anyone with it; rotating or leaving link kills the old one", async () => {
    const owner = call(users.owner);
    const friend = call(users.friend);
    const tenantWide = await owner("PATCH", `${C}/${id}`, { visibility: "tenant" });
    expect(tenantWide.json()).toMatchObject({ visibility: "tenant", shareToken: null });
    const seen = await friend("GET", `${C}/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().shareToken).toBeUndefined();
    expect((await friend("GET", `${C}?scope=tenant`)).json().data.map((c: { id: string }) => c.id)).toContain(id);
    expect((await friend("PATCH", `${C}/${id}`, { name: "x" })).statusCode).toBe(404);

    const linked = (await owner("PATCH", `${C}/${id}`, { visibility: "link" })).json();
    expect(linked.shareToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await friend("GET", `${C}/${id}`)).statusCode).toBe(404);
    const anonymous = call(null, "coll-a");
    const shared = await anonymous("GET", `/api/v1/tenant/shared-collections/${linked.shareToken}`);
    expect(shared.statusCode).toBe(200);
    // Anonymous viewers read no item (items are readable by signed-in users only), the note is public.
    expect(recordIds(shared.json())).toEqual([note]);
    expect(shared.json().shareToken).toBeUndefined();
    const asFriend = await friend("GET", `/api/v1/tenant/shared-collections/${linked.shareToken}`);
    expect(recordIds(asFriend.json())).toEqual([...published, note]);

    const rotated = (await owner("PATCH", `${C}/${id}`, { rotateToken: true })).json();
    expect(rotated.shareToken).not.toBe(linked.shareToken);
    expect((await anonymous("GET", `/api/v1/tenant/shared-collections/${linked.shareToken}`)).statusCode).toBe(404);
    expect((await anonymous("GET", `/api/v1/tenant/shared-collections/${rotated.shareToken}`)).statusCode).toBe(200);
    await owner("PATCH", `${C}/${id}`, { visibility: "private" });
    expect((await anonymous("GET", `/api/v1/tenant/shared-collections/${rotated.shareToken}`)).statusCode).toBe(404);
    // A guess (or another collection's token shape) finds nothing.
    expect((await anonymous("GET", `/api/v1/tenant/shared-collections/${"A".repeat(32)}`)).statusCode).toBe(404);
    const refused = await owner("PATCH", `${C}/${id}`, { rotateToken: true });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].pointer).toBe("/body/rotateToken");
    // Two link collections never share a token.
    const one = (await owner("POST", C, { name: "L1", visibility: "link" })).json().shareToken;
    const two = (await owner("POST", C, { name: "L2", visibility: "link" })).json().shareToken;
    expect(one).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(one).not.toBe(two);
  });

  test("an item whose record the viewer can no longer read disappears for that viewer only", async () => {
    const owner = call(users.owner);
    await owner("PATCH", `${C}/${id}`, { visibility: "tenant" });
    // Unpublish one: the friend loses it, the owner keeps it.
    expect((await as(env, users.owner)("PATCH", items(`/${published[1]}`), { published: false })).statusCode).toBe(200);
    expect(recordIds((await call(users.friend)("GET", `${C}/${id}`)).json())).toEqual([
      published[0],
      published[2],
      note,
    ]);
    expect(recordIds((await owner("GET", `${C}/${id}`)).json())).toEqual([...published, note]);
    // Deleted records leave every view.
    expect((await as(env, users.owner)("DELETE", items(`/${published[2]}`))).statusCode).toBe(204);
    expect(recordIds((await owner("GET", `${C}/${id}`)).json())).toEqual([published[0], published[1], note]);
  });
});

describe("favourites", () => {
  test("one click, idempotent both ways; the toggle state for a list; the favourites list stays", async () => {
    const friend = call(users.friend);
    const url = `/api/v1/user/favourites/tag-lab:items/${published[0]}`;
    const first = await friend("PUT", url);
    expect(first.statusCode, first.body).toBe(200);
    const second = await friend("PUT", url);
    expect(second.json().id).toBe(first.json().id);
    expect((await friend("PUT", `/api/v1/user/favourites/tag-lab:notes/${note}`)).statusCode).toBe(200);
    const favs = (await friend("GET", "/api/v1/user/favourites")).json().collection;
    expect(favs).toMatchObject({ favourites: true, visibility: "private" });
    expect(recordIds(favs)).toEqual([published[0], note]);
    const state = await friend("GET", `/api/v1/user/favourites?entity=tag-lab:items&recordIds=${published.join(",")}`);
    expect(state.json().favourited).toEqual([published[0]]);
    expect((await friend("DELETE", url)).statusCode).toBe(204);
    expect((await friend("DELETE", url)).statusCode).toBe(204);
    expect(recordIds((await friend("GET", "/api/v1/user/favourites")).json().collection)).toEqual([note]);
    // A record the friend cannot read cannot be favourited; nor can a collection's entity that is not listed.
    expect((await friend("PUT", `/api/v1/user/favourites/tag-lab:items/${drafts[0]}`)).statusCode).toBe(404);
    expect((await friend("PUT", `/api/v1/user/favourites/venues/${drafts[0]}`)).statusCode).toBe(422);
    // The favourites list is one of the friend's collections, and it cannot be deleted.
    const mine = (await friend("GET", C)).json().data;
    expect(mine[0]).toMatchObject({ favourites: true });
    expect((await friend("DELETE", `${C}/${mine[0].id}`)).statusCode).toBe(409);
  });
});

describe("two tenants", () => {
  test("another tenant's user reaches none of these collections, links or favourites", async () => {
    const owner = call(users.owner);
    const link = (await owner("POST", C, { name: "Linked", visibility: "link" })).json();
    const publicOne = (await owner("POST", C, { name: "Public", visibility: "tenant" })).json();
    const b = call(users.userB);
    expect((await b("GET", `${C}/${publicOne.id}`)).statusCode).toBe(404);
    expect((await b("GET", `${C}?scope=tenant`)).json().data).toEqual([]);
    expect((await call(null, "coll-b")("GET", `/api/v1/tenant/shared-collections/${link.shareToken}`)).statusCode).toBe(
      404,
    );
    expect(
      (await b("POST", `${C}/${publicOne.id}/items`, { entity: "tag-lab:items", recordId: published[0] })).statusCode,
    ).toBe(404);
    // B's user cannot put A's record into B's own list either (not a record of B's marketplace).
    const own = (await b("POST", C, { name: "B's" })).json().id;
    expect((await b("POST", `${C}/${own}/items`, { entity: "tag-lab:items", recordId: published[0] })).statusCode).toBe(
      404,
    );
    expect((await b("PUT", `/api/v1/user/favourites/tag-lab:items/${published[0]}`)).statusCode).toBe(404);
    expect((await b("GET", C)).json().data.map((c: { name: string }) => c.name)).toEqual(["B's"]);
  });
});

describe("the OpenAPI document", () => {
  test("every answer of the collections routes matches /openapi.json", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const U = "[0-9a-f-]{36}";
    const key = (url: string) =>
      url
        .split("?")[0]
        .replace(new RegExp(`^(/api/v1/user/collections/)${U}/items/${U}$`), "$1{id}/items/{itemId}")
        .replace(new RegExp(`^(/api/v1/user/collections/)${U}`), "$1{id}")
        .replace(/^(\/api\/v1\/user\/favourites\/)[^/]+\/[^/]+$/, "$1{entityName}/{recordId}")
        .replace(/^(\/api\/v1\/tenant\/shared-collections\/)[^/]+$/, "$1{token}");
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(new Set(answers.map((a) => `${a.method} ${key(a.url)}`)).size).toBeGreaterThanOrEqual(12);
    expect(counts.mismatches).toEqual([]);
  });
});
