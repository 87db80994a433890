/**
 * The tags API on PostgreSQL (runtime/src/tags): who may change the vocabulary and who may tag,
 * what a caller sees of records' tags, usage counts and co-occurrence over readable records only,
 * rename / move / merge / delete keeping the tree a tree, CSV and JSON import and export, bad
 * input as problem+json with pointers, two tenants that never see each other's tags; every
 * answer validated against /openapi.json.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newCounts, validatorOf } from "../../test/contract/contract-support.ts";
import { createTestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
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
    if (url.startsWith("/api/v1/tenant/tags")) {
      const type = String(res.headers["content-type"] ?? "");
      answers.push({
        method,
        url,
        status: res.statusCode,
        type,
        body: type.includes("json") && res.body ? res.json() : res.body,
      });
    }
    return res;
  };
};
const TAGS = "/api/v1/tenant/tags";
const tagId = async (slug: string) =>
  ((await call(users.admin)("GET", `${TAGS}?q=${slug}`)).json().data as { id: string; slug: string }[]).find(
    (t) => t.slug === slug,
  )!.id;

beforeAll(async () => {
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  env = await startLab(db, async () => {
    await db.close();
    await testDb.drop();
  });
  const a = await env.tenant("tags-a");
  const b = await env.tenant("tags-b");
  users.admin = await env.user(a, "tags-a", [["tenant-admin", null]]);
  users.editor = await env.user(a, "tags-a", [["editor", null]]);
  users.owner = await env.user(a, "tags-a", [["user", null]]);
  users.other = await env.user(a, "tags-a", [["user", null]]);
  users.adminB = await env.user(b, "tags-b", [["tenant-admin", null]]);
  users.userB = await env.user(b, "tags-b", [["user", null]]);
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe("the vocabulary", () => {
  test("tenant admins create, rename and move tags; others may read but not change them", async () => {
    const admin = call(users.admin);
    const outdoor = await admin("POST", TAGS, { slug: "outdoor", name: "Outdoor", category: "setting" });
    expect(outdoor.statusCode, outdoor.body).toBe(201);
    const beach = await admin("POST", TAGS, { slug: "beach", name: "Beach", parentId: outdoor.json().id });
    expect(beach.json()).toMatchObject({ slug: "beach", parentId: outdoor.json().id, category: null });
    expect((await admin("POST", TAGS, { slug: "lake", name: "Lake", parentId: outdoor.json().id })).statusCode).toBe(
      201,
    );
    expect((await admin("POST", TAGS, { slug: "studio", name: "Studio", category: "setting" })).statusCode).toBe(201);

    const refused = await call(users.editor)("POST", TAGS, { slug: "x", name: "X" });
    expect(refused.statusCode).toBe(403);
    expect((await call(null, "tags-a")("POST", TAGS, { slug: "x", name: "X" })).statusCode).toBe(401);
    // Anyone in the tenant reads the vocabulary (autocomplete by prefix of slug or name).
    const list = await call(null, "tags-a")("GET", `${TAGS}?q=b`);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((t: { slug: string }) => t.slug)).toEqual(["beach"]);
    const setting = await call(users.other)("GET", `${TAGS}?category=setting`);
    expect(setting.json().data.map((t: { slug: string }) => t.slug)).toEqual(["outdoor", "studio"]);

    const renamed = await admin("PATCH", `${TAGS}/${beach.json().id}`, { name: "Seaside", slug: "seaside" });
    expect(renamed.json()).toMatchObject({ name: "Seaside", slug: "seaside" });
    // A tag never moves under itself or below itself.
    const loop = await admin("PATCH", `${TAGS}/${outdoor.json().id}`, { parentId: beach.json().id });
    expect(loop.statusCode).toBe(422);
    expect(loop.json().errors).toEqual([{ pointer: "/body/parentId", message: "is this tag or one below it" }]);
    const self = await admin("PATCH", `${TAGS}/${outdoor.json().id}`, { parentId: outdoor.json().id });
    expect(self.statusCode).toBe(422);
  });

  test("bad input is problem+json with pointers, never a 5xx", async () => {
    const admin = call(users.admin);
    const cases: [string, string, unknown, number, string][] = [
      ["POST", TAGS, { slug: "Bad Slug", name: "x" }, 400, "/body/slug"],
      ["POST", TAGS, { slug: "ok", name: "" }, 400, "/body/name"],
      ["POST", TAGS, { slug: "outdoor", name: "Again" }, 409, "/body/slug"],
      [
        "POST",
        TAGS,
        { slug: "fine", name: "Fine", parentId: "00000000-0000-4000-8000-000000000000" },
        422,
        "/body/parentId",
      ],
      ["POST", TAGS, { slug: "fine", name: "Fine", extra: 1 }, 400, "/body/extra"],
      ["GET", `${TAGS}/not-a-uuid`, undefined, 400, "/params/id"],
      ["GET", `${TAGS}?limit=5000`, undefined, 400, "/query/limit"],
      [
        "POST",
        `${TAGS}/links`,
        { entity: "tag-lab:nothing", recordIds: [crypto.randomUUID()], add: ["outdoor"] },
        422,
        "/body/entity",
      ],
      ["POST", `${TAGS}/links`, { entity: "tag-lab:items", recordIds: ["x"] }, 400, "/body/recordIds/0"],
      ["GET", `${TAGS}/links?entity=tag-lab:items&recordIds=1,2`, undefined, 400, "/query/recordIds"],
      ["GET", `${TAGS}/suggestions`, undefined, 400, "/query/tags"],
    ];
    for (const [method, url, body, status, pointer] of cases) {
      const res = await admin(method as "GET", url, body);
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().errors?.map((e: { pointer: string }) => e.pointer) ?? [], url).toContain(pointer);
    }
    // An entity the template does not list in `tagging` has no tags parameter, and takes no tags.
    const memo = await as(env, users.admin)("GET", "/api/v1/tenant/entities/tag-lab:memos?tags=lake");
    expect(memo.statusCode).toBe(400);
    expect(memo.json().errors).toEqual([{ pointer: "/query/tags", message: "is not a known parameter" }]);
    const memoLinks = await admin("POST", `${TAGS}/links`, {
      entity: "tag-lab:memos",
      recordIds: [crypto.randomUUID()],
      add: ["lake"],
    });
    expect(memoLinks.statusCode).toBe(422);
    expect(memoLinks.json().errors).toEqual([
      { pointer: "/body/entity", message: 'takes no tags (template "tagging")' },
    ]);
    const missing = await admin("GET", `${TAGS}/00000000-0000-4000-8000-000000000000`);
    expect(missing.statusCode).toBe(404);
  });
});

describe("tagging records", () => {
  let mine: string;
  let hidden: string;
  let published: string;
  let note: string;

  beforeAll(async () => {
    const owner = call(users.owner);
    mine = (await as(env, users.owner)("POST", items(), { title: "Mine", published: false })).json().id;
    hidden = (await as(env, users.other)("POST", items(), { title: "Other's draft", published: false })).json().id;
    published = (await as(env, users.other)("POST", items(), { title: "Other's public", published: true })).json().id;
    note = (await as(env, users.editor)("POST", notes(), { text: "A note" })).json().id;
    expect((await owner("GET", `${TAGS}?limit=1`)).statusCode).toBe(200);
  });

  test("tagging needs update access: readable-only is 403, unseen is 404, each at its pointer; nothing is half-done", async () => {
    const owner = call(users.owner);
    const ok = await owner("POST", `${TAGS}/links`, {
      entity: "tag-lab:items",
      recordIds: [mine],
      add: ["seaside", "studio"],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ added: 2, removed: 0 });
    // Again: nothing new.
    expect(
      (await owner("POST", `${TAGS}/links`, { entity: "items", recordIds: [mine], add: ["seaside"] })).json(),
    ).toEqual({
      added: 0,
      removed: 0,
    });
    const readOnly = await owner("POST", `${TAGS}/links`, {
      entity: "tag-lab:items",
      recordIds: [mine, published],
      add: ["lake"],
    });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().errors).toEqual([
      { pointer: "/body/recordIds/1", message: "is a record you may not update" },
    ]);
    const unseen = await owner("POST", `${TAGS}/links`, {
      entity: "tag-lab:items",
      recordIds: [hidden],
      add: ["lake"],
    });
    expect(unseen.statusCode).toBe(404);
    expect(unseen.json().errors).toEqual([{ pointer: "/body/recordIds/0", message: "is not a record you can see" }]);
    // The refused request added nothing to `mine` either.
    const tags = await owner("GET", `${TAGS}/links?entity=tag-lab:items&recordIds=${mine}`);
    expect(tags.json().data[0].tags.map((t: { slug: string }) => t.slug)).toEqual(["seaside", "studio"]);
    const unknown = await owner("POST", `${TAGS}/links`, { entity: "tag-lab:items", recordIds: [mine], add: ["nope"] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual([{ pointer: "/body/add/0", message: "is not a tag of this marketplace" }]);
    // Editors update every item; they tag the others' records.
    const editor = call(users.editor);
    expect(
      (
        await editor("POST", `${TAGS}/links`, {
          entity: "tag-lab:items",
          recordIds: [hidden, published],
          add: ["lake", "studio"],
        })
      ).json(),
    ).toEqual({ added: 4, removed: 0 });
    expect(
      (await editor("POST", `${TAGS}/links`, { entity: "tag-lab:notes", recordIds: [note], add: ["lake"] })).statusCode,
    ).toBe(200);
    // Notes: only editors update them.
    expect(
      (await owner("POST", `${TAGS}/links`, { entity: "tag-lab:notes", recordIds: [note], add: ["studio"] }))
        .statusCode,
    ).toBe(403);
    const removed = await editor("POST", `${TAGS}/links`, {
      entity: "tag-lab:items",
      recordIds: [published],
      remove: ["studio"],
    });
    expect(removed.json()).toEqual({ added: 0, removed: 1 });
  });

  test("records' tags, usage counts and co-occurrence count only records the caller may read", async () => {
    const ask = `${TAGS}/links?entity=tag-lab:items&recordIds=${mine},${hidden},${published}`;
    const asOwner = (await call(users.owner)("GET", ask)).json().data.map((r: { recordId: string }) => r.recordId);
    expect(asOwner).toEqual([mine, published]);
    const asEditor = (await call(users.editor)("GET", ask)).json().data.map((r: { recordId: string }) => r.recordId);
    expect(asEditor).toEqual([mine, hidden, published]);

    const usage = async (u: LabUser | null) =>
      Object.fromEntries(
        ((await call(u, "tags-a")("GET", `${TAGS}?counts=true`)).json().data as { slug: string; usage: number }[]).map(
          (t) => [t.slug, t.usage],
        ),
      );
    // lake: hidden, published (items) + the note; studio: mine, hidden; seaside: mine.
    expect(await usage(users.editor)).toEqual({ outdoor: 0, seaside: 1, lake: 3, studio: 2 });
    expect(await usage(users.owner)).toEqual({ outdoor: 0, seaside: 1, lake: 2, studio: 1 });
    expect(await usage(null)).toEqual({ outdoor: 0, seaside: 0, lake: 1, studio: 0 });

    // studio co-occurs with seaside (mine) and lake (hidden): the editor sees both, the owner only seaside.
    const related = async (u: LabUser) =>
      (await call(u)("GET", `${TAGS}/${await tagId("studio")}/related`))
        .json()
        .related.map((r: { tag: { slug: string }; count: number }) => `${r.tag.slug}:${r.count}`);
    expect(await related(users.editor)).toEqual(["lake:1", "seaside:1"]);
    expect(await related(users.owner)).toEqual(["seaside:1"]);
    const suggested = await call(users.editor)("GET", `${TAGS}/suggestions?tags=lake`);
    expect(suggested.json().data.map((r: { tag: { slug: string } }) => r.tag.slug)).toEqual(["studio"]);
    const forRecord = await call(users.editor)("GET", `${TAGS}/suggestions?entity=tag-lab:items&recordId=${published}`);
    expect(forRecord.json().data.map((r: { tag: { slug: string }; count: number }) => [r.tag.slug, r.count])).toEqual([
      ["studio", 1],
    ]);
    const notYours = await call(users.owner)("GET", `${TAGS}/suggestions?entity=tag-lab:items&recordId=${hidden}`);
    expect(notYours.statusCode).toBe(404);
  });

  test("the list filter sees tags only on records the caller may read", async () => {
    const list = async (u: LabUser) =>
      (await as(env, u)("GET", `${items()}?tags=lake&fields=id`))
        .json()
        .data.map((r: { id: string }) => r.id)
        .sort();
    expect(await list(users.editor)).toEqual([hidden, published].sort());
    expect(await list(users.owner)).toEqual([published]);
    // A parent matches its children's records.
    expect((await as(env, users.editor)("GET", `${items()}?tags=outdoor&fields=id`)).json().data).toHaveLength(3);
    expect((await as(env, users.editor)("GET", `${notes()}?tags=lake`)).json().data).toHaveLength(1);
  });

  test("with MONO_RLS=enforce the list filter runs as mono_app and answers the same", async () => {
    const enforced = await buildApp({ ...env.options, rls: "enforce" });
    try {
      const list = async (app: typeof enforced, u: LabUser) => {
        const res = await app.inject({
          method: "GET",
          url: `${items()}?tags=${encodeURIComponent("lake AND NOT seaside")}&fields=id`,
          headers: { "x-tenant": u.slug, authorization: `Bearer ${u.token}` },
        });
        expect(res.statusCode, res.body).toBe(200);
        return res
          .json()
          .data.map((r: { id: string }) => r.id)
          .sort();
      };
      for (const u of [users.editor, users.owner]) {
        const want = await list(env.app, u);
        expect(want.length).toBeGreaterThan(0);
        expect(await list(enforced, u)).toEqual(want);
      }
    } finally {
      await enforced.close();
    }
  });

  test("merge moves links (once) and children, delete lifts children to the parent", async () => {
    const admin = call(users.admin);
    // studio into lake: mine gets lake, hidden had both and keeps one.
    const merged = await admin("POST", `${TAGS}/${await tagId("studio")}/merge`, { into: await tagId("lake") });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().slug).toBe("lake");
    const ask = `${TAGS}/links?entity=tag-lab:items&recordIds=${mine},${hidden}`;
    const after = (await call(users.editor)("GET", ask))
      .json()
      .data.map((r: { tags: { slug: string }[] }) => r.tags.map((t) => t.slug));
    expect(after).toEqual([["lake", "seaside"], ["lake"]]);
    expect((await admin("GET", `${TAGS}?q=studio`)).json().data).toEqual([]);
    // Merging a tag into its own child lifts the child first.
    const outdoor = await tagId("outdoor");
    const seaside = await tagId("seaside");
    const into = await admin("POST", `${TAGS}/${outdoor}/merge`, { into: seaside });
    expect(into.json()).toMatchObject({ slug: "seaside", parentId: null });
    const lake = (await admin("GET", `${TAGS}/${await tagId("lake")}`)).json();
    expect(lake.parentId).toBe(seaside);
    expect((await admin("POST", `${TAGS}/${seaside}/merge`, { into: seaside })).statusCode).toBe(422);
    // Delete seaside: lake moves to the top, its links stay, seaside's go.
    expect((await admin("DELETE", `${TAGS}/${seaside}`)).statusCode).toBe(204);
    expect((await admin("GET", `${TAGS}/${lake.id}`)).json().parentId).toBeNull();
    const left = (await call(users.editor)("GET", ask))
      .json()
      .data.map((r: { tags: { slug: string }[] }) => r.tags.map((t) => t.slug));
    expect(left).toEqual([["lake"], ["lake"]]);
  });
});

describe("import and export", () => {
  test("JSON and CSV round trips; parents by slug in any order; loops and bad rows refused whole", async () => {
    const admin = call(users.admin);
    const imported = await admin("POST", `${TAGS}/import`, [
      { slug: "dog", name: "Dog", parent: "animal" },
      { slug: "animal", name: "Animal", category: "kind" },
      { slug: "lake", name: "Lake (renamed)", parent: "water" },
      { slug: "water", name: '=Water, "wet"' },
    ]);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ created: 3, updated: 1 });
    const json = await admin("GET", `${TAGS}/export`);
    expect(json.json()).toEqual([
      { slug: "animal", name: "Animal", category: "kind", parent: null },
      { slug: "water", name: '=Water, "wet"', category: null, parent: null },
      { slug: "dog", name: "Dog", category: null, parent: "animal" },
      { slug: "lake", name: "Lake (renamed)", category: null, parent: "water" },
    ]);
    const csv = await admin("GET", `${TAGS}/export?format=csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toBe(
      'slug,name,category,parent\r\nanimal,Animal,kind,\r\nwater,"\'=Water, ""wet""",,\r\ndog,Dog,,animal\r\nlake,Lake (renamed),,water\r\n',
    );
    // The CSV goes back in unchanged (formula guard stripped) into another tenant.
    const intoB = await call(users.adminB)("POST", `${TAGS}/import`, csv.body, { "content-type": "text/csv" });
    expect(intoB.statusCode, intoB.body).toBe(200);
    expect(intoB.json()).toEqual({ created: 4, updated: 0 });
    expect((await call(users.adminB)("GET", `${TAGS}/export`)).json()).toEqual(json.json());

    const loop = await admin("POST", `${TAGS}/import`, [{ slug: "animal", name: "Animal", parent: "dog" }]);
    expect(loop.statusCode).toBe(422);
    expect(loop.json().errors).toEqual([{ pointer: "/body/0/parent", message: "makes the tag its own ancestor" }]);
    const bad = await admin("POST", `${TAGS}/import`, "slug,name\r\nok-one,Fine\r\nBAD,Bad\r\n", {
      "content-type": "text/csv",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].pointer).toBe("/body/2/slug");
    const header = await admin("POST", `${TAGS}/import`, "name,colour\r\nx,y\r\n", { "content-type": "text/csv" });
    expect(header.statusCode).toBe(400);
    const orphan = await admin("POST", `${TAGS}/import`, [{ slug: "cat", name: "Cat", parent: "nowhere" }]);
    expect(orphan.json().errors).toEqual([{ pointer: "/body/0/parent", message: "is not a tag here or in the file" }]);
    // Nothing of the refused imports stayed.
    expect((await admin("GET", `${TAGS}/export`)).json()).toEqual(json.json());
    expect((await call(users.editor)("POST", `${TAGS}/import`, [])).statusCode).toBe(403);
  });
});

describe("two tenants", () => {
  test("tags, links and tag ids of one tenant are invisible and unusable in the other", async () => {
    const lakeA = await tagId("lake");
    const b = call(users.adminB);
    expect((await b("GET", `${TAGS}/${lakeA}`)).statusCode).toBe(404);
    expect((await b("PATCH", `${TAGS}/${lakeA}`, { name: "Taken" })).statusCode).toBe(404);
    expect((await b("DELETE", `${TAGS}/${lakeA}`)).statusCode).toBe(404);
    const lakeB = (await b("GET", `${TAGS}?q=lake`)).json().data[0].id;
    expect((await b("POST", `${TAGS}/${lakeB}/merge`, { into: lakeA })).statusCode).toBe(422);
    const itemA = (await as(env, users.editor)("GET", `${items()}?fields=id&limit=1`)).json().data[0].id;
    const cross = await b("POST", `${TAGS}/links`, { entity: "tag-lab:items", recordIds: [itemA], add: ["lake"] });
    expect(cross.statusCode).toBe(404);
    expect((await b("GET", `${TAGS}/links?entity=tag-lab:items&recordIds=${itemA}`)).json().data).toEqual([]);
    const usageB = (await b("GET", `${TAGS}?counts=true`)).json().data.map((t: { usage: number }) => t.usage);
    expect(usageB.every((n: number) => n === 0)).toBe(true);
    expect((await as(env, users.userB)("GET", `${items()}?tags=lake`)).json().data).toEqual([]);
    // A's tag id means nothing to B's related-tags either.
    expect((await b("GET", `${TAGS}/${lakeA}/related`)).statusCode).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  test("every answer of the tags routes matches /openapi.json; the tags= parameter is documented for taggable entities", async () => {
    const doc = (await env.app.inject({ method: "GET", url: "/openapi.json" })).json();
    const counts = newCounts();
    const check = validatorOf(doc, counts);
    const key = (url: string) =>
      url.split("?")[0].replace(/^(\/api\/v1\/tenant\/tags\/)(?!links$|import$|export$|suggestions$)[^/]+/, "$1{id}");
    for (const a of answers) check(key(a.url), a.method.toLowerCase(), a.status, a);
    expect(new Set(answers.map((a) => `${a.method} ${key(a.url)}`)).size).toBeGreaterThanOrEqual(11);
    expect(counts.mismatches).toEqual([]);
  });
});
