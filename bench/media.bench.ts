/**
 * `npm run bench:media`: uploads per second of a 2 MB JPEG through the API (multipart over HTTP,
 * content sniffing, hashing, quota, EXIF, blurhash, three WebP variants, local-folder storage,
 * the row in PostgreSQL) against sharp alone making the same three variants from the same file,
 * in one run.
 *
 *   file      a 2400×1800 JPEG of about 2 MB (noise over a gradient, with EXIF GPS), made with sharp
 *   api       POST /api/v1/tenant/media on a listening server (variants inline, in the request: the
 *             answer comes when they are stored), field variants thumb 200, medium 800,
 *             large 1600 in webp (a template of this bench's own)
 *   sharp     sharp(file).rotate(), then the three resizes to webp buffers, concurrently
 *   run       BENCH_SECONDS (default 5) per side, CONCURRENCY (default 2) at a time, after a
 *             warm-up, interleaved twice
 *
 * Last line: `media uploads_per_s=<n> sharp_per_s=<n> ratio=<r>` (goal: ratio ≥ 0.8).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { migrateUp } from "../generators/src/migrations/migration-runner.ts";
import { platform, templates } from "../generated/registry.ts";
import type { TemplateRegistry } from "../engine/src/contract/registry-types.ts";
import { buildApp } from "../runtime/src/app.ts";
import { createPostgresDatabase } from "../runtime/src/db/database.ts";
import { LocalStorage } from "../runtime/src/media/storage.ts";
import { createRuntimeRegistry } from "../runtime/src/registry/runtime-registry.ts";
import { createTenant, installOwnTemplate, MIGRATIONS } from "../runtime/test/crud-support.ts";
import { createTestDatabase } from "../test/support/postgres.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 2);
const WIDTHS = [200, 800, 1600];

const TEMPLATE = {
  id: "media-bench",
  version: "1.0.0",
  title: { en: "Media bench" },
  locales: ["en"],
  entities: {
    Album: {
      id: "ent_album",
      scope: "tenant",
      schema: {
        type: "object",
        properties: {
          name: { "x-id": "fld_name", type: "string" },
          photos: {
            "x-id": "fld_photos",
            "x-media": {
              kind: "image",
              multiple: true,
              maxBytes: 5_000_000,
              variants: { thumb: { width: 200 }, medium: { width: 800 }, large: { width: 1600 } },
              formats: ["webp"],
            },
          },
        },
      },
    },
  },
};

/** About 2 MB: a gradient with noise compresses to roughly that at quality 84. */
async function twoMegabyteJpeg(): Promise<Buffer> {
  const width = 2400;
  const height = 1800;
  const raw = Buffer.alloc(width * height * 3);
  let x = 987654321;
  for (let y = 0; y < height; y++)
    for (let i = 0; i < width; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const n = (x >> 16) & 0x3f;
      const o = (y * width + i) * 3;
      raw[o] = ((i * 255) / width + n) & 0xff;
      raw[o + 1] = ((y * 255) / height + n) & 0xff;
      raw[o + 2] = (128 + n) & 0xff;
    }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .withExifMerge({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 31/1 0/1" } })
    .jpeg({ quality: 84 })
    .toBuffer();
}

async function measure(name: string, job: () => Promise<void>): Promise<number> {
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  const lane = async () => {
    while (performance.now() < until) {
      await job();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const rate = done / ((performance.now() - started) / 1000);
  console.log(`  ${name}: ${done} in ${((performance.now() - started) / 1000).toFixed(1)} s = ${rate.toFixed(2)}/s`);
  return rate;
}

const testDb = await createTestDatabase();
const db = createPostgresDatabase(testDb.url, { max: 8 });
const mediaDir = mkdtempSync(path.join(os.tmpdir(), "mono-media-bench-"));
try {
  await migrateUp(db, MIGRATIONS);
  const own = await installOwnTemplate(TEMPLATE, "media-bench.json");
  await own.apply(testDb.url);
  const app = await buildApp({
    db,
    registry: createRuntimeRegistry([...(templates as unknown as TemplateRegistry[]), own.registry], platform),
    rateLimit: false,
    workflows: false,
    media: {
      storage: new LocalStorage(mediaDir),
      secret: "media-bench-secret-0123456789",
      tmpDir: path.join(mediaDir, ".tmp"),
      quotaBytes: 1e15,
      sweepEveryMs: 0,
    },
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const tenant = await createTenant(db, "media-bench", [TEMPLATE.id]);
  const file = await twoMegabyteJpeg();
  console.log(
    `media bench: ${(file.length / 1e6).toFixed(2)} MB JPEG, variants ${WIDTHS.join("/")} webp, ${CONCURRENCY} at a time`,
  );

  const api = async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(file)], { type: "image/jpeg" }), "photo.jpg");
    const res = await fetch(`${url}/api/v1/tenant/media?entity=albums&field=photos`, {
      method: "POST",
      headers: tenant.headers,
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    const media = (await res.json()) as { variants: { width: number }[] };
    if (media.variants.length !== 3) throw new Error("expected three variants");
  };
  const direct = async () => {
    const source = sharp(file).rotate();
    const out = await Promise.all(
      WIDTHS.map((w) => source.clone().resize({ width: w, withoutEnlargement: true }).webp().toBuffer()),
    );
    if (out.length !== 3) throw new Error("expected three variants");
  };

  // Warm-up: libvips caches, the statement cache, the connection pool.
  for (let i = 0; i < 2; i++) {
    await api();
    await direct();
  }
  const apiRates: number[] = [];
  const sharpRates: number[] = [];
  for (let round = 0; round < 2; round++) {
    sharpRates.push(await measure("sharp", direct));
    apiRates.push(await measure("api  ", api));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const uploads = mean(apiRates);
  const baseline = mean(sharpRates);
  await app.close();
  console.log(
    `media uploads_per_s=${uploads.toFixed(2)} sharp_per_s=${baseline.toFixed(2)} ratio=${(uploads / baseline).toFixed(2)}`,
  );
} finally {
  await db.close();
  await testDb.drop();
  rmSync(mediaDir, { recursive: true, force: true });
}
