/**
 * The media capability end to end on real PostgreSQL, with a template of this test's own (a
 * showcase marketplace: a gallery of public images with variants, a private document, one
 * private image without variants), real files made with sharp, the local folder and an
 * S3-protocol server process (s3rver). Uploads go through the HTTP API (multipart).
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import exifr from "exifr";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform } from "../../generated/registry.ts";
import { buildApp } from "../src/app.ts";
import { LocalStorage, S3Storage, type MediaStorage } from "../src/media/storage.ts";
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
import {
  elfBinary,
  jpegWithGps,
  multipart,
  png,
  startS3rver,
  tinyPdf,
  webp,
  windowsExe,
  type S3Process,
} from "./media-support.ts";

const ID = "showcase-media";
const TEMPLATE = {
  id: ID,
  version: "1.0.0",
  title: { en: "Showcases" },
  locales: ["en"],
  entities: {
    Showcase: {
      id: "ent_showcase",
      scope: "user",
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_title", type: "string", maxLength: 100 },
          photos: {
            "x-id": "fld_photos",
            "x-media": {
              kind: "image",
              multiple: true,
              maxCount: 4,
              accept: ["image/jpeg", "image/png", "image/webp"],
              maxBytes: 3_000_000,
              variants: { thumb: { width: 200 }, medium: { width: 800 }, large: { width: 1600 } },
              formats: ["webp", "jpeg"],
            },
          },
          brochure: {
            "x-id": "fld_brochure",
            "x-media": { kind: "document", maxBytes: 200_000, onDelete: "orphan" },
          },
          portrait: {
            "x-id": "fld_portrait",
            "x-media": { kind: "image", visibility: "private" },
          },
          idScan: {
            "x-id": "fld_id_scan",
            "x-media": { kind: "document" },
          },
        },
      },
      access: {
        read: "owner",
        create: "authenticated",
        update: "owner",
        delete: "owner",
        // The owner writes it but only tenant admins read it back: its media follow the field.
        fields: { idScan: { read: "tenant-admin" } },
      },
    },
  },
};

const LINK_TTL = 600;
const ORPHAN_TTL = 3600_000;
let clock = Date.now();
const scanned: string[] = [];

interface Env {
  app: FastifyInstance;
  storage: MediaStorage;
}

let authzEnv: AuthzEnv;
let local: Env;
let s3: Env & { server: S3Process };
let own: TemplateRegistry;
let tenantA: string;
let tenantB: string;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const mediaDir = mkdtempSync(path.join(os.tmpdir(), "mono-media-local-"));
const tmpDir = mkdtempSync(path.join(os.tmpdir(), "mono-media-tmp-"));

const mediaOptions = (storage: MediaStorage) => ({
  storage,
  secret: "media-test-secret-0123456789",
  tmpDir,
  linkTtlSeconds: LINK_TTL,
  orphanTtlMs: ORPHAN_TTL,
  sweepEveryMs: 0,
  now: () => clock,
  // The virus-scan hook: this test's scanner refuses files carrying the EICAR marker.
  scan: async (file: { path: string }) => {
    scanned.push(file.path);
    const text = (await readFile(file.path)).toString("latin1");
    return text.includes("EICAR-STANDARD-ANTIVIRUS-TEST-FILE")
      ? { clean: false, reason: "EICAR test file" }
      : { clean: true };
  },
});

beforeAll(async () => {
  const installed = await installOwnTemplate(TEMPLATE, "showcase-media.json");
  own = installed.registry;
  const registry = [...allTemplates, own];
  const storage = new LocalStorage(mediaDir);
  authzEnv = await startAuthzApp({ registry, redis: false, extra: { media: mediaOptions(storage) } });
  await installed.apply(authzEnv.testDb.url);
  local = { app: authzEnv.app, storage };
  const server = await startS3rver();
  const s3Storage = new S3Storage({
    endpoint: server.endpoint,
    bucket: server.bucket,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
  });
  const s3App = await buildApp({
    db: authzEnv.db,
    registry: createRuntimeRegistry(registry, platform),
    allowTenantHeader: true,
    rateLimit: false,
    identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
    workflows: false,
    media: mediaOptions(s3Storage),
  });
  await s3App.ready();
  s3 = { app: s3App, storage: s3Storage, server };
  tenantA = await createTenant(authzEnv.db, "media-a", [ID]);
  tenantB = await createTenant(authzEnv.db, "media-b", [ID]);
  alice = await createUser(authzEnv, tenantA, "media-a");
  bob = await createUser(authzEnv, tenantA, "media-a");
  carol = await createUser(authzEnv, tenantB, "media-b");
}, 120_000);

afterAll(async () => {
  await s3?.app.close();
  (s3?.storage as S3Storage | undefined)?.close();
  await s3?.server.stop();
  await authzEnv?.close();
});

const as = (user: TestUser) => ({ "x-tenant": user.slug, authorization: `Bearer ${user.token}` });

async function upload(env: Env, user: TestUser, field: string, file: Buffer, name: string, type?: string) {
  const body = multipart(file, name, type);
  return env.app.inject({
    method: "POST",
    url: `/api/v1/tenant/media?entity=showcases&field=${field}`,
    headers: { ...as(user), ...body.headers },
    payload: body.payload,
  });
}

const get = (env: Env, url: string, user?: TestUser) =>
  env.app.inject({ method: "GET", url, headers: user ? as(user) : {} });

async function rowsOf(tenantId: string) {
  const { rows } = await authzEnv.db.query(
    `SELECT "id", "recordId", "status", "orphanedAt", "metadata" FROM "media_asset" WHERE "tenantId" = $1`,
    [tenantId],
  );
  return rows;
}

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));

for (const which of ["local", "s3"] as const) {
  describe(`media on ${which === "local" ? "the local folder" : "an S3-protocol server (s3rver)"}`, () => {
    const env = () => (which === "local" ? local : s3);

    test("a JPEG with EXIF GPS: variants by width and format, GPS in the metadata only, never in a public file", async () => {
      const jpeg = await jpegWithGps(2000, 1500);
      const res = await upload(env(), alice, "photos", jpeg, "beach.jpg", "image/jpeg");
      expect(res.statusCode, res.body).toBe(201);
      const media = res.json();
      expect(media).toMatchObject({
        kind: "image",
        status: "ready",
        mime: "image/jpeg",
        size: jpeg.length,
        width: 2000,
        height: 1500,
        visibility: "public",
        recordId: null,
        entity: `${ID}:showcases`,
        field: "photos",
      });
      expect(media.placeholder).toMatch(/^[0-9A-Za-z#$%*+,-.:;=?@[\]^_{|}~]{20,}$/);
      // The uploader sees the EXIF kept from the original, GPS included.
      expect(media.metadata).toMatchObject({ Make: "MediaTestCam" });
      expect(media.metadata.latitude).toBeCloseTo(52.5167, 3);
      const sizes = media.variants.map((v: any) => `${v.name}.${v.format}=${v.width}x${v.height}`).sort();
      expect(sizes).toEqual([
        "large.jpg=1600x1200",
        "large.webp=1600x1200",
        "medium.jpg=800x600",
        "medium.webp=800x600",
        "thumb.jpg=200x150",
        "thumb.webp=200x150",
      ]);
      for (const variant of media.variants) {
        // Unattached, the upload is its uploader's only: signed links, though the field is public
        // (media-access.int.test.ts has public URLs of records anyone may read).
        expect(variant.url).toMatch(
          new RegExp(
            `^/media/signed/${tenantA}/${media.id}/${variant.name}-[0-9a-f]{12}\\.${variant.format}\\?expires=\\d+&signature=`,
          ),
        );
        const file = await get(env(), variant.url);
        expect(file.statusCode).toBe(200);
        expect(file.headers["cache-control"]).toMatch(/^private, max-age=\d+$/);
        expect(file.headers["content-type"]).toBe(variant.mime);
        const info = await sharp(file.rawPayload).metadata();
        expect([info.width, info.height]).toEqual([variant.width, variant.height]);
        expect(info.exif).toBeUndefined();
        const exif = await exifr.parse(file.rawPayload, { gps: true }).catch(() => undefined);
        expect(exif?.latitude).toBeUndefined();
        expect(exif?.GPSLatitude).toBeUndefined();
      }
      // The main URL is the widest variant; the original upload (with its EXIF) is never served.
      expect(media.url).toBe(media.variants.find((v: any) => v.name === "large").url);
      const original = `${tenantA}/${media.id}/source-${media.sha256.slice(0, 12)}.jpg`;
      expect((await get(env(), `/media/files/${original}`)).statusCode).toBe(404);
      const signedOriginal = env().app.media.signer.sign(original, Math.floor(clock / 1000) + 60);
      expect((await get(env(), signedOriginal)).statusCode).toBe(404);
      const row = (await rowsOf(tenantA)).find((r) => r.id === media.id)!;
      expect(row.metadata.latitude).toBeCloseTo(52.5167, 3);
    });

    test("EXIF orientation is applied: dimensions and variants as displayed", async () => {
      const res = await upload(env(), alice, "photos", await jpegWithGps(400, 300, 6), "rotated.jpg");
      expect(res.statusCode, res.body).toBe(201);
      const media = res.json();
      expect([media.width, media.height]).toEqual([300, 400]);
      const thumb = media.variants.find((v: any) => v.name === "thumb" && v.format === "webp");
      expect([thumb.width, thumb.height]).toEqual([200, 267]);
      // Variants are never enlarged: "large" (1600) of a 300-wide image stays 300 wide.
      const large = media.variants.find((v: any) => v.name === "large" && v.format === "jpg");
      expect([large.width, large.height]).toEqual([300, 400]);
      const served = await sharp((await get(env(), thumb.url)).rawPayload).metadata();
      expect([served.width, served.height, served.orientation]).toEqual([200, 267, undefined]);
    });

    test("PNG and WebP are accepted by content; a private image without variants gets a stripped copy behind a signed link", async () => {
      const p = await upload(env(), alice, "photos", await png(640, 480), "a.png", "image/png");
      expect(p.statusCode, p.body).toBe(201);
      expect(p.json()).toMatchObject({ mime: "image/png", width: 640, height: 480 });
      const w = await upload(env(), alice, "photos", await webp(320, 200), "b.webp");
      expect(w.statusCode, w.body).toBe(201);
      expect(w.json().variants.find((v: any) => v.name === "thumb" && v.format === "webp")).toMatchObject({
        width: 200,
        height: 125,
      });
      const portrait = await upload(env(), alice, "portrait", await jpegWithGps(300, 300), "me.jpg");
      expect(portrait.statusCode, portrait.body).toBe(201);
      const media = portrait.json();
      expect(media.visibility).toBe("private");
      expect(media.variants).toEqual([expect.objectContaining({ name: "original", width: 300, height: 300 })]);
      expect(media.url).toMatch(/^\/media\/signed\/.+\?expires=\d+&signature=[\w-]+$/);
      const file = await get(env(), media.url);
      expect(file.statusCode).toBe(200);
      expect(file.headers["cache-control"]).toMatch(/^private, max-age=\d+$/);
      expect((await exifr.parse(file.rawPayload, { gps: true }).catch(() => undefined))?.latitude).toBeUndefined();
      // Without the signature, the public route does not serve a private file.
      expect((await get(env(), media.url.replace("/media/signed/", "/media/files/").split("?")[0])).statusCode).toBe(
        404,
      );
    });

    test("a PDF is a private document: served as an attachment through a signed link that expires", async () => {
      const pdf = tinyPdf();
      const res = await upload(env(), alice, "brochure", pdf, "brochure.pdf");
      expect(res.statusCode, res.body).toBe(201);
      const media = res.json();
      expect(media).toMatchObject({ kind: "document", mime: "application/pdf", visibility: "private", variants: [] });
      const file = await get(env(), media.url);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(pdf)).toBe(true);
      expect(file.headers["content-disposition"]).toBe('attachment; filename="brochure.pdf"');
      // Tampered links are refused: another expiry, another tenant.
      const later = media.url.replace(/expires=(\d+)/, (_: string, n: string) => `expires=${Number(n) + 3600}`);
      expect((await get(env(), later)).statusCode).toBe(403);
      const otherTenant = media.url.replace(tenantA, tenantB);
      expect((await get(env(), otherTenant)).statusCode).toBe(403);
      // Past its time, the true link is refused too.
      const saved = clock;
      clock += (LINK_TTL + 5) * 1000;
      try {
        const expired = await get(env(), media.url);
        expect(expired.statusCode).toBe(403);
        expect(expired.json().code).toBe("RT_ERR_MEDIA_LINK_EXPIRED");
      } finally {
        clock = saved;
      }
    });

    test("a renamed executable, a wrong type and an oversized file are refused, and nothing is stored", async () => {
      const before = (await rowsOf(tenantA)).length;
      const filesBefore = which === "local" ? filesUnder(mediaDir).length : filesUnder(s3.server.dir).length;
      for (const [bytes, name] of [
        [elfBinary(), "holiday.jpg"],
        [windowsExe(), "invoice.pdf"],
      ] as const) {
        const res = await upload(
          env(),
          alice,
          name.endsWith(".pdf") ? "brochure" : "photos",
          bytes,
          name,
          "image/jpeg",
        );
        expect(res.statusCode, res.body).toBe(415);
        expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(res.json().errors).toEqual([{ pointer: "/body/file", message: expect.stringContaining("by content") }]);
      }
      // A real PNG is still not a PDF.
      const png2 = await upload(env(), alice, "brochure", await png(20, 20), "scan.pdf", "application/pdf");
      expect(png2.statusCode).toBe(415);
      expect(png2.json().detail).toContain("image/png");
      // 300 KB for a 200 KB field: refused while streaming.
      const big = tinyPdf("x".repeat(300_000));
      const res = await upload(env(), alice, "brochure", big, "big.pdf");
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json()).toMatchObject({
        code: "RT_ERR_PAYLOAD_TOO_LARGE",
        errors: [{ pointer: "/body/file", message: "must be at most 200000 bytes" }],
      });
      expect((await rowsOf(tenantA)).length).toBe(before);
      const filesAfter = which === "local" ? filesUnder(mediaDir).length : filesUnder(s3.server.dir).length;
      expect(filesAfter).toBe(filesBefore);
      expect(readdirSync(tmpDir)).toEqual([]);
    });
  });
}

describe("access follows the record; tenants are isolated", () => {
  test("media of a record: readable by who reads the record, 404 by id, URL and listing for others", async () => {
    const photo = (await upload(local, alice, "photos", await jpegWithGps(600, 400), "p.jpg")).json();
    const doc = (await upload(local, alice, "brochure", tinyPdf(), "d.pdf")).json();
    // Before it is attached, an upload is its uploader's only.
    expect((await get(local, `/api/v1/tenant/media/${photo.id}`, bob)).statusCode).toBe(404);
    const created = await local.app.inject({
      method: "POST",
      url: `/api/v1/tenant/entities/${ID}:showcases`,
      headers: as(alice),
      payload: { title: "Alice's", photos: [photo.id], brochure: doc.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json();
    expect(record.photos).toEqual([photo.id]);
    const attached = await rowsOf(tenantA);
    expect(attached.find((r) => r.id === photo.id)!.recordId).toBe(record.id);
    // Alice reads her record's media; Bob (same tenant, the record hidden from him) and Carol (another tenant) do not.
    expect((await get(local, `/api/v1/tenant/media/${photo.id}`, alice)).statusCode).toBe(200);
    const list = `/api/v1/tenant/media?entity=showcases&record=${record.id}`;
    expect(
      (await get(local, list, alice))
        .json()
        .data.map((m: any) => m.id)
        .sort(),
    ).toEqual([photo.id, doc.id].sort());
    for (const other of [bob, carol]) {
      expect((await get(local, `/api/v1/tenant/entities/${ID}:showcases/${record.id}`, other)).statusCode).toBe(404);
      expect((await get(local, `/api/v1/tenant/media/${photo.id}`, other)).statusCode).toBe(404);
      expect((await get(local, `/api/v1/tenant/media/${doc.id}`, other)).statusCode).toBe(404);
      const listed = await get(local, list, other);
      expect(listed.statusCode).toBe(200);
      expect(listed.json().data).toEqual([]);
      expect((await get(local, "/api/v1/tenant/media", other)).json().data.map((m: any) => m.id)).not.toContain(
        photo.id,
      );
    }
    // By URL: the record needs signing in, so even its public field's files come as signed links;
    // not by the public route, and not under another tenant's id.
    const thumb = (await get(local, `/api/v1/tenant/media/${photo.id}`, alice)).json().variants[0].url as string;
    expect(thumb).toMatch(/^\/media\/signed\//);
    expect((await get(local, thumb)).statusCode).toBe(200);
    expect((await get(local, thumb.split("?")[0].replace("/signed/", "/files/"))).statusCode).toBe(404);
    expect((await get(local, thumb.replace(tenantA, tenantB))).statusCode).toBe(403);
    expect((await get(local, `/api/v1/tenant/media/${photo.id}`)).statusCode).toBe(404);
    // Another tenant's private link, re-signed for its own tenant, is still a forgery.
    const docUrl = (await get(local, `/api/v1/tenant/media/${doc.id}`, alice)).json().url as string;
    expect((await get(local, docUrl.replace(tenantA, tenantB))).statusCode).toBe(403);
  });

  test("a field the caller may not read hides its media, though the record is readable", async () => {
    const scan = (await upload(local, alice, "idScan", tinyPdf(), "passport.pdf")).json();
    const photo = (await upload(local, alice, "photos", await png(40, 40), "ok.png")).json();
    const created = await local.app.inject({
      method: "POST",
      url: `/api/v1/tenant/entities/${ID}:showcases`,
      headers: as(alice),
      payload: { title: "With a scan", idScan: scan.id, photos: [photo.id] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const record = created.json();
    expect((await rowsOf(tenantA)).find((r) => r.id === scan.id)!.recordId).toBe(record.id);
    expect((await get(local, `/api/v1/tenant/media/${scan.id}`, alice)).statusCode).toBe(404);
    expect((await get(local, `/api/v1/tenant/media/${photo.id}`, alice)).statusCode).toBe(200);
    const listed = (await get(local, `/api/v1/tenant/media?entity=showcases&record=${record.id}`, alice)).json();
    expect(listed.data.map((m: any) => m.id)).toEqual([photo.id]);
  });

  test("media ids in a record body must be the caller's own uploads for that field", async () => {
    const alices = (await upload(local, alice, "photos", await png(50, 50), "x.png")).json();
    const carols = (await upload(local, carol, "photos", await png(50, 50), "y.png")).json();
    const brochure = (await upload(local, bob, "brochure", tinyPdf(), "z.pdf")).json();
    const bobs = (await upload(local, bob, "photos", await png(50, 50), "w.png")).json();
    const write = (payload: object) =>
      local.app.inject({ method: "POST", url: `/api/v1/tenant/entities/${ID}:showcases`, headers: as(bob), payload });
    for (const [photos, brochureId] of [
      [[bobs.id, alices.id], undefined], // someone else's upload
      [[carols.id], undefined], // another tenant's
      [[brochure.id], undefined], // an upload for another field
      [["0b9e4ac4-7d7a-4d3c-9d6e-3a1f5b2c8e01"], undefined], // no such media
    ] as const) {
      const res = await write({ title: "Bob's", photos, ...(brochureId ? { brochure: brochureId } : {}) });
      expect(res.statusCode, res.body).toBe(400);
      const bad = photos.length - 1;
      expect(res.json().errors).toEqual([
        { pointer: `/body/photos/${bad}`, message: expect.stringContaining("not a media upload of yours") },
      ]);
    }
    expect((await write({ title: "Bob's", photos: [bobs.id], brochure: brochure.id })).statusCode).toBe(201);
    // Carol's upload is untouched in her tenant.
    expect((await rowsOf(tenantB)).find((r) => r.id === carols.id)!.recordId).toBeNull();
  });
});

describe("the tenant's OpenAPI document", () => {
  test("documents the media routes: the multipart body, and the answer an upload gives", async () => {
    const doc = (await get(local, "/api/v1/tenant/openapi.json", alice)).json();
    const upload201 = doc.paths["/api/v1/tenant/media"].post;
    expect(upload201.operationId).toBe("uploadMedia");
    expect(upload201.requestBody.content["multipart/form-data"].schema).toMatchObject({
      required: ["file"],
      properties: { file: { type: "string", format: "binary" } },
    });
    expect(Object.keys(upload201.responses)).toEqual(expect.arrayContaining(["201", "400", "413", "415", "422"]));
    expect(doc.paths["/api/v1/tenant/media/{id}"].get.operationId).toBe("getMedia");
    expect(doc.paths["/api/v1/tenant/media/usage"].get.operationId).toBe("getMediaUsage");
    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(upload201.responses["201"].content["application/json"].schema);
    const res = await upload(local, alice, "photos", await png(64, 64), "doc.png");
    expect(validate(res.json()), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe("quota, virus-scan hook, lifecycle", () => {
  test("a tenant over its quota gets a clear problem; the usage route reports it", async () => {
    const slug = "media-quota";
    const tenantId = await createTenant(authzEnv.db, slug, [ID]);
    const dave = await createUser(authzEnv, tenantId, slug);
    await authzEnv.db.query(`UPDATE "tenant" SET "settings" = '{"mediaQuotaBytes": 60000}' WHERE "id" = $1`, [
      tenantId,
    ]);
    const first = await upload(local, dave, "brochure", tinyPdf("a".repeat(40_000)), "one.pdf");
    expect(first.statusCode, first.body).toBe(201);
    const second = await upload(local, dave, "brochure", tinyPdf("b".repeat(40_000)), "two.pdf");
    expect(second.statusCode).toBe(413);
    expect(second.json()).toMatchObject({
      code: "RT_ERR_MEDIA_QUOTA",
      usedBytes: first.json().size,
      quotaBytes: 60000,
      errors: [{ pointer: "/body/file" }],
    });
    const usage = await get(local, "/api/v1/tenant/media/usage", dave);
    expect(usage.json()).toEqual({ usedBytes: first.json().size, quotaBytes: 60000, files: 1 });
  });

  test("the virus-scan hook sees every upload and can refuse one (422, nothing stored)", async () => {
    const before = scanned.length;
    const eicar = tinyPdf("X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");
    const rows = (await rowsOf(tenantA)).length;
    const res = await upload(local, alice, "brochure", eicar, "eicar.pdf");
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ pointer: "/body/file", message: "EICAR test file" }]);
    expect(scanned.length).toBe(before + 1);
    expect((await rowsOf(tenantA)).length).toBe(rows);
  });

  test("deleting a record deletes or orphans its media per field; the sweeper removes orphans past their time", async () => {
    const photo = (await upload(local, alice, "photos", await png(300, 200), "g.png")).json();
    const doc = (await upload(local, alice, "brochure", tinyPdf(), "keep.pdf")).json();
    const stray = (await upload(local, alice, "photos", await png(30, 20), "never-attached.png")).json();
    const record = (
      await local.app.inject({
        method: "POST",
        url: `/api/v1/tenant/entities/${ID}:showcases`,
        headers: as(alice),
        payload: { title: "To delete", photos: [photo.id], brochure: doc.id },
      })
    ).json();
    const photoFiles = () => filesUnder(mediaDir).filter((f) => f.includes(photo.id));
    expect(photoFiles().length).toBe(7); // the upload and 3 variants × 2 formats
    // Nothing is swept while the record lives.
    expect(await local.app.media.sweep()).toEqual({ deleted: 0, orphaned: 0 });
    const del = await local.app.inject({
      method: "DELETE",
      url: `/api/v1/tenant/entities/${ID}:showcases/${record.id}`,
      headers: as(alice),
    });
    expect(del.statusCode).toBe(204);
    expect(await local.app.media.sweep()).toEqual({ deleted: 1, orphaned: 1 });
    let rows = await rowsOf(tenantA);
    expect(rows.find((r) => r.id === photo.id)).toBeUndefined();
    expect(photoFiles()).toEqual([]);
    const kept = rows.find((r) => r.id === doc.id)!;
    expect(kept.recordId).toBeNull();
    expect(kept.orphanedAt).toBeInstanceOf(Date);
    // Past the orphan time, the orphan and the never-attached upload go too.
    const saved = clock;
    clock += ORPHAN_TTL + 60_000;
    try {
      const swept = await local.app.media.sweep();
      expect(swept.deleted).toBeGreaterThanOrEqual(2);
    } finally {
      clock = saved;
    }
    rows = await rowsOf(tenantA);
    expect(rows.map((r) => r.id)).not.toContain(doc.id);
    expect(rows.map((r) => r.id)).not.toContain(stray.id);
    expect(filesUnder(mediaDir).filter((f) => f.includes(doc.id) || f.includes(stray.id))).toEqual([]);
  });
});
