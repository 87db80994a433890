/**
 * Media isolation at request time, the quota with variants and field write rules, on real
 * PostgreSQL with a template of this test's own (galleries anyone may read once published).
 * A public file is served by its URL only while its record exists, still holds it and is
 * readable by anyone; everything else comes as signed links, which die with their record or
 * field. Each refusal is checked by id, by URL and in the listing, and across two tenants.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform } from "../../generated/registry.ts";
import { buildApp } from "../src/app.ts";
import { MediaWorker } from "../src/media/media-worker.ts";
import { LocalStorage } from "../src/media/storage.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import {
  allTemplates,
  createTenant,
  createUser,
  SECRET,
  startAuthzApp,
  type AuthzEnv,
  type TestUser,
} from "./authz-support.ts";
import { installOwnTemplate } from "./crud-support.ts";
import { multipart, noisyJpeg, png, tinyPdf } from "./media-support.ts";

const ID = "gallery-media";
const TEMPLATE = {
  id: ID,
  version: "1.0.0",
  title: { en: "Galleries" },
  locales: ["en"],
  entities: {
    Gallery: {
      id: "ent_gallery",
      scope: "user",
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_title", type: "string", maxLength: 100 },
          published: { "x-id": "fld_published", type: "boolean" },
          photos: {
            "x-id": "fld_photos",
            "x-media": {
              kind: "image",
              multiple: true,
              variants: { thumb: { width: 100 }, large: { width: 400 } },
              formats: ["webp", "jpeg"],
            },
          },
          // Public files, but the field is for signed-in readers only.
          backstage: {
            "x-id": "fld_backstage",
            "x-media": { kind: "image", variants: { thumb: { width: 100 } } },
          },
          // Only tenant admins may set it (a field write rule).
          stamp: { "x-id": "fld_stamp", "x-media": { kind: "document", visibility: "public" } },
        },
      },
      access: {
        read: { any: [{ public: true, where: { published: true } }, { ownership: ["owner"] }] },
        create: "authenticated",
        update: "owner|tenant-admin",
        delete: "owner",
        fields: { backstage: { read: "authenticated" }, stamp: { write: "tenant-admin" } },
      },
    },
  },
};

const CACHE_MS = 5000;
let clock = Date.now();
let env: AuthzEnv;
let app: FastifyInstance;
let tenantA: string;
let tenantB: string;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let admin: TestUser;
const mediaDir = mkdtempSync(path.join(os.tmpdir(), "mono-media-access-"));
const tmpDir = mkdtempSync(path.join(os.tmpdir(), "mono-media-access-tmp-"));
let registry: ReturnType<typeof createRuntimeRegistry>;

const mediaOptions = (storage: LocalStorage, variants: "inline" | "worker" = "inline") => ({
  storage,
  secret: "media-access-secret-0123456789",
  tmpDir,
  sweepEveryMs: 0,
  accessCacheMs: CACHE_MS,
  variants,
  worker: false,
  now: () => clock,
});

beforeAll(async () => {
  const installed = await installOwnTemplate(TEMPLATE, "gallery-media.json");
  const templates = [...allTemplates, installed.registry];
  registry = createRuntimeRegistry(templates, platform);
  env = await startAuthzApp({
    registry: templates,
    redis: false,
    extra: { media: mediaOptions(new LocalStorage(mediaDir)) },
  });
  await installed.apply(env.testDb.url);
  app = env.app;
  tenantA = await createTenant(env.db, "gallery-a", [ID]);
  tenantB = await createTenant(env.db, "gallery-b", [ID]);
  alice = await createUser(env, tenantA, "gallery-a");
  bob = await createUser(env, tenantA, "gallery-a");
  admin = await createUser(env, tenantA, "gallery-a", { roles: [["tenant-admin", null]] });
  carol = await createUser(env, tenantB, "gallery-b");
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const headers = (user: TestUser | null, slug = "gallery-a") =>
  user ? { "x-tenant": user.slug, authorization: `Bearer ${user.token}` } : { "x-tenant": slug };

async function upload(user: TestUser, field: string, file: Buffer, name: string, on = app) {
  const body = multipart(file, name);
  return on.inject({
    method: "POST",
    url: `/api/v1/tenant/media?entity=galleries&field=${field}`,
    headers: { ...headers(user), ...body.headers },
    payload: body.payload,
  });
}

const get = (url: string, user: TestUser | null = null, extra: Record<string, string> = {}) =>
  app.inject({ method: "GET", url, headers: { ...headers(user), ...extra } });
/** A file URL, as a browser or CDN fetches it: no tenant header, no sign-in. */
const fetchFile = (url: string, extra: Record<string, string> = {}) =>
  app.inject({ method: "GET", url, headers: extra });
const byId = async (id: string, user: TestUser | null) => get(`/api/v1/tenant/media/${id}`, user);
const listed = async (recordId: string, user: TestUser | null) => {
  const res = await get(`/api/v1/tenant/media?entity=galleries&record=${recordId}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.map((m: { id: string }) => m.id) as string[];
};
/** Past the file routes' record-check cache (the injected clock, no waiting). */
const afterCache = () => (clock += CACHE_MS + 1000);

async function gallery(user: TestUser, body: Record<string, unknown>) {
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/tenant/entities/galleries`,
    headers: headers(user),
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}
const patch = (user: TestUser, id: string, body: Record<string, unknown>) =>
  app.inject({
    method: "PATCH",
    url: `/api/v1/tenant/entities/galleries/${id}`,
    headers: headers(user),
    payload: body,
  });

/** A published gallery of Alice's with one photo, and that photo as anyone sees it. */
async function publishedPhoto() {
  const photo = (await upload(alice, "photos", await png(500, 300), "p.png")).json();
  const record = await gallery(alice, { title: "Open", published: true, photos: [photo.id] });
  const seen = await byId(photo.id, null);
  expect(seen.statusCode, seen.body).toBe(200);
  return { photo: seen.json(), record };
}

describe("public files are checked at every request", () => {
  test("a published record's public photos: public URLs with a short cache, revalidated; anyone reads them", async () => {
    const { photo, record } = await publishedPhoto();
    expect(await listed(record.id, null)).toEqual([photo.id]);
    expect(photo.url).toMatch(new RegExp(`^/media/files/${tenantA}/${photo.id}/large-[0-9a-f]{12}\\.webp$`));
    for (const v of photo.variants) {
      const file = await fetchFile(v.url);
      expect(file.statusCode).toBe(200);
      expect(file.headers["cache-control"]).toBe("public, max-age=60");
      const again = await fetchFile(v.url, { "if-none-match": file.headers.etag as string });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
    }
  });

  test("a public field gated to signed-in readers: signed links, never the public route", async () => {
    const shot = (await upload(alice, "backstage", await png(300, 200), "b.png")).json();
    const record = await gallery(alice, { title: "Gated field", published: true, backstage: shot.id });
    expect((await byId(shot.id, null)).statusCode).toBe(404);
    expect(await listed(record.id, null)).toEqual([]);
    const asBob = await byId(shot.id, bob);
    expect(asBob.statusCode).toBe(200);
    const url = asBob.json().variants[0].url as string;
    expect(url).toMatch(/^\/media\/signed\//);
    expect((await fetchFile(url)).statusCode).toBe(200);
    expect((await fetchFile(url.split("?")[0].replace("/signed/", "/files/"))).statusCode).toBe(404);
  });

  test("a record made unreadable (unpublished): its files stop being public; readers who remain get signed links", async () => {
    const { photo, record } = await publishedPhoto();
    const publicUrl = photo.variants[0].url as string;
    expect((await fetchFile(publicUrl)).statusCode).toBe(200);
    expect((await patch(alice, record.id, { published: false })).statusCode).toBe(200);
    afterCache();
    // By URL, by id, in the listing: gone for anyone and for Bob.
    expect((await fetchFile(publicUrl)).statusCode).toBe(404);
    for (const who of [null, bob]) {
      expect((await byId(photo.id, who)).statusCode).toBe(404);
      expect(await listed(record.id, who)).toEqual([]);
    }
    // The owner still reads it: as a signed link that expires, not as a public URL.
    const own = (await byId(photo.id, alice)).json();
    expect(own.variants[0].url).toMatch(/^\/media\/signed\/.+\?expires=\d+&signature=/);
    expect((await fetchFile(own.variants[0].url)).statusCode).toBe(200);
    expect(await listed(record.id, alice)).toEqual([photo.id]);
  });

  test("a field cleared: the public URL and signed links of that file are refused at once", async () => {
    const { photo, record } = await publishedPhoto();
    const publicUrl = photo.variants[0].url as string;
    expect((await patch(alice, record.id, { published: false })).statusCode).toBe(200);
    const signed = (await byId(photo.id, alice)).json().variants[0].url as string;
    expect((await fetchFile(signed)).statusCode).toBe(200);
    expect((await patch(alice, record.id, { published: true, photos: [] })).statusCode).toBe(200);
    afterCache();
    expect((await fetchFile(publicUrl)).statusCode).toBe(404);
    expect((await fetchFile(signed)).statusCode).toBe(404);
    for (const who of [null, bob]) expect((await byId(photo.id, who)).statusCode).toBe(404);
    for (const who of [null, bob, alice]) expect(await listed(record.id, who)).toEqual([]);
  });

  test("a record deleted: its files are refused by URL (public and signed), id and listing, before any sweep", async () => {
    const { photo, record } = await publishedPhoto();
    const publicUrl = photo.variants[0].url as string;
    const doc = (await upload(alice, "photos", await png(80, 80), "second.png")).json();
    expect((await patch(alice, record.id, { photos: [photo.id, doc.id] })).statusCode).toBe(200);
    expect((await patch(alice, record.id, { published: false })).statusCode).toBe(200);
    const signed = (await byId(doc.id, alice)).json().url as string;
    expect((await fetchFile(signed)).statusCode).toBe(200);
    const del = await app.inject({
      method: "DELETE",
      url: `/api/v1/tenant/entities/galleries/${record.id}`,
      headers: headers(alice),
    });
    expect(del.statusCode).toBe(204);
    afterCache();
    expect((await fetchFile(publicUrl)).statusCode).toBe(404);
    expect((await fetchFile(signed)).statusCode).toBe(404);
    for (const who of [null, bob, alice]) {
      expect((await byId(photo.id, who)).statusCode).toBe(404);
      expect(await listed(record.id, who)).toEqual([]);
    }
  });

  test("another tenant's media: not by id, not by URL under the other tenant, not in its listings", async () => {
    const { photo, record } = await publishedPhoto();
    const publicUrl = photo.variants[0].url as string;
    // Carol, in tenant B, and anonymous callers of tenant B.
    for (const who of [carol, null]) {
      const res = await get(`/api/v1/tenant/media/${photo.id}`, who, { "x-tenant": "gallery-b" });
      expect(res.statusCode).toBe(404);
      const list = await get(`/api/v1/tenant/media?entity=galleries&record=${record.id}`, who, {
        "x-tenant": "gallery-b",
      });
      expect(list.json().data).toEqual([]);
    }
    expect((await get("/api/v1/tenant/media", carol)).json().data.map((m: any) => m.id)).not.toContain(photo.id);
    expect((await fetchFile(publicUrl.replace(tenantA, tenantB))).statusCode).toBe(404);
    // A record of tenant B cannot take tenant A's media either.
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/tenant/entities/galleries`,
      headers: headers(carol),
      payload: { title: "Stolen", published: true, photos: [photo.id] },
    });
    expect(res.statusCode).toBe(400);
    expect((await fetchFile(publicUrl)).statusCode).toBe(200);
  });
});

describe("field write rules on upload", () => {
  test("a field only tenant admins may write: 403 with the field's pointer for others, 201 for an admin", async () => {
    const res = await upload(bob, "stamp", tinyPdf(), "stamp.pdf");
    expect(res.statusCode, res.body).toBe(403);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      code: "RT_ERR_FORBIDDEN",
      errors: [{ pointer: "/query/field", message: expect.stringContaining("stamp") }],
    });
    const { rows } = await env.db.query(`SELECT 1 FROM "media_asset" WHERE "field" = 'stamp'`);
    expect(rows).toEqual([]);
    // Bob may still upload into the fields he may write.
    expect((await upload(bob, "photos", await png(20, 20), "ok.png")).statusCode).toBe(201);
    expect((await upload(admin, "stamp", tinyPdf(), "stamp.pdf")).statusCode).toBe(201);
  });
});

describe("the quota counts variants", () => {
  const filesOf = (id: string) =>
    readdirSync(mediaDir, { recursive: true, withFileTypes: true }).filter(
      (d) => d.isFile() && d.parentPath.includes(id),
    );

  test("usage reports upload and variant bytes; an upload whose variants do not fit is refused, nothing stored", async () => {
    const slug = "gallery-quota";
    const tenantId = await createTenant(env.db, slug, [ID]);
    const dave = await createUser(env, tenantId, slug);
    await env.db.query(`UPDATE "tenant" SET "settings" = '{"mediaQuotaBytes": 10000000}' WHERE "id" = $1`, [tenantId]);
    const jpeg = await noisyJpeg(600, 400);
    const first = (await upload(dave, "photos", jpeg, "one.jpg")).json();
    const variantBytes = first.variants.reduce((n: number, v: { size: number }) => n + v.size, 0);
    expect(variantBytes).toBeGreaterThan(0);
    const usage = (await get("/api/v1/tenant/media/usage", dave)).json();
    expect(usage).toEqual({ usedBytes: first.size + variantBytes, quotaBytes: 10000000, files: 1 });
    // Room for the next upload itself, not for what is made of it.
    const quota = usage.usedBytes + jpeg.length + Math.floor(variantBytes / 2);
    await env.db.query(
      `UPDATE "tenant" SET "settings" = jsonb_build_object('mediaQuotaBytes', $2::int) WHERE "id" = $1`,
      [tenantId, quota],
    );
    const second = await upload(dave, "photos", jpeg, "two.jpg");
    expect(second.statusCode, second.body).toBe(413);
    expect(second.json()).toMatchObject({
      code: "RT_ERR_MEDIA_QUOTA",
      usedBytes: usage.usedBytes,
      quotaBytes: quota,
      errors: [{ pointer: "/body/file" }],
    });
    expect((await get("/api/v1/tenant/media/usage", dave)).json()).toEqual({ ...usage, quotaBytes: quota });
    const { rows } = await env.db.query(`SELECT "id" FROM "media_asset" WHERE "tenantId" = $1`, [tenantId]);
    expect(rows.map((r) => r.id)).toEqual([first.id]);
    expect(
      readdirSync(mediaDir)
        .filter((d) => d === tenantId)
        .flatMap(() => readdirSync(path.join(mediaDir, tenantId))),
    ).toEqual([first.id]);
    expect(filesOf(first.id).length).toBe(1 + first.variants.length);
  });

  test("with the worker: variants that do not fit fail the job at once, and none is stored", async () => {
    const slug = "gallery-quota-worker";
    const tenantId = await createTenant(env.db, slug, [ID]);
    const erin = await createUser(env, tenantId, slug);
    const storage = new LocalStorage(mediaDir);
    const queued = await buildApp({
      db: env.db,
      registry,
      allowTenantHeader: true,
      rateLimit: false,
      identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
      workflows: false,
      media: mediaOptions(storage, "worker"),
    });
    try {
      await queued.ready();
      const jpeg = await noisyJpeg(600, 400);
      await env.db.query(
        `UPDATE "tenant" SET "settings" = jsonb_build_object('mediaQuotaBytes', $2::int) WHERE "id" = $1`,
        [tenantId, jpeg.length + 100],
      );
      const res = await upload(erin, "photos", jpeg, "q.jpg", queued);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().status).toBe("queued");
      const worker = new MediaWorker({ db: env.db, storage, registry, tmpDir, quotaBytes: 1 << 30 });
      while (await worker.runOnce());
      const { rows } = await env.db.query(
        `SELECT "status", "error", "variants", "storedBytes" FROM "media_asset" WHERE "tenantId" = $1`,
        [tenantId],
      );
      expect(rows).toEqual([
        {
          status: "failed",
          error: expect.stringContaining("RT_ERR_MEDIA_QUOTA"),
          variants: [],
          storedBytes: jpeg.length,
        },
      ]);
      expect(filesOf(res.json().id).length).toBe(1);
    } finally {
      await queued.close();
    }
  });
});

describe("captions and alt text", () => {
  const describeMedia = (id: string, user: TestUser | null, payload: unknown, slug = "gallery-a") =>
    app.inject({
      method: "PATCH",
      url: `/api/v1/tenant/media/${id}`,
      headers: { ...headers(user, slug), "content-type": "application/json" },
      payload: JSON.stringify(payload),
    });

  test("stored and patchable: the uploader's upload, then by whoever may update the record's field", async () => {
    const photo = (await upload(alice, "photos", await png(120, 80), "c.png")).json();
    expect(photo).toMatchObject({ caption: null, alt: null });
    const set = await describeMedia(photo.id, alice, { caption: "Opening night", alt: "A crowded foyer" });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ id: photo.id, caption: "Opening night", alt: "A crowded foyer" });
    const record = await gallery(alice, { title: "Captioned", published: true, photos: [photo.id] });
    // Anyone reads the texts with the media.
    expect((await byId(photo.id, null)).json()).toMatchObject({ caption: "Opening night", alt: "A crowded foyer" });
    // A key left out stays; null clears.
    const alt = await describeMedia(photo.id, alice, { alt: null });
    expect(alt.json()).toMatchObject({ caption: "Opening night", alt: null });
    // Bob and anonymous callers read the record but may not update it: 403, nothing changed.
    for (const who of [bob, null]) {
      const res = await describeMedia(photo.id, who, { caption: "Defaced" });
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().errors).toEqual([{ pointer: "/params/id", message: expect.stringContaining("photos") }]);
    }
    // A tenant admin may update the record.
    expect((await describeMedia(photo.id, admin, { caption: "Opening night, 2026" })).statusCode).toBe(200);
    // Carol, in another tenant, does not find it.
    expect((await describeMedia(photo.id, carol, { caption: "x" }, "gallery-b")).statusCode).toBe(404);
    expect((await byId(photo.id, null)).json()).toMatchObject({ caption: "Opening night, 2026", alt: null });
    expect(await listed(record.id, null)).toEqual([photo.id]);
  });

  test("bad bodies are 400 problems with pointers; the OpenAPI document has the route and its body", async () => {
    const photo = (await upload(alice, "photos", await png(40, 40), "d.png")).json();
    const long = await describeMedia(photo.id, alice, { caption: "x".repeat(501) });
    expect(long.statusCode).toBe(400);
    expect(long.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(long.json().errors).toEqual([expect.objectContaining({ pointer: "/body/caption" })]);
    const unknown = await describeMedia(photo.id, alice, { title: "no" });
    expect(unknown.statusCode).toBe(400);
    expect((await describeMedia(photo.id, alice, {})).statusCode).toBe(400);
    const doc = (await get("/api/v1/tenant/openapi.json", alice)).json();
    const op = doc.paths["/api/v1/tenant/media/{id}"].patch;
    expect(op.operationId).toBe("updateMedia");
    expect(op.requestBody.content["application/json"].schema).toMatchObject({
      properties: { caption: { maxLength: 500 }, alt: { maxLength: 300 } },
      additionalProperties: false,
    });
    expect(op.responses["200"].content["application/json"].schema.properties).toHaveProperty("caption");
  });
});
