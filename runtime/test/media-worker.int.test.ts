/**
 * Image variants made by worker processes from the database queue, on real PostgreSQL: uploads
 * answer `queued`; a worker process is SIGKILLed once right after claiming a job and once after
 * storing its variants but before marking it ready; another worker takes both over when their
 * leases run out. Nothing is lost (both end ready, every variant served) and nothing is done
 * twice (exactly the upload and one file per variant in storage, one list of variants).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { LocalStorage } from "../src/media/storage.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { allTemplates, createTenant, installOwnTemplate, MIGRATIONS, ROOT, type TestTenant } from "./crud-support.ts";
import { jpegWithGps, multipart } from "./media-support.ts";

const TEMPLATE = {
  id: "worker-media",
  version: "1.0.0",
  title: { en: "Worker media" },
  locales: ["en"],
  entities: {
    Board: {
      id: "ent_board",
      scope: "tenant",
      schema: {
        type: "object",
        properties: {
          name: { "x-id": "fld_name", type: "string" },
          pictures: {
            "x-id": "fld_pictures",
            "x-media": {
              kind: "image",
              multiple: true,
              variants: { small: { width: 120 }, big: { width: 480 } },
              formats: ["webp", "jpeg"],
            },
          },
        },
      },
    },
  },
};

let testDb: TestDatabase;
let db: Database;
let app: FastifyInstance;
let tenant: TestTenant;
const mediaDir = mkdtempSync(path.join(os.tmpdir(), "mono-media-worker-"));
const templateFile = path.join(mediaDir, "template.json");
const children: ChildProcess[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase({ migrations: MIGRATIONS });
  db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  const own = await installOwnTemplate(TEMPLATE, "worker-media.json");
  await own.apply(testDb.url);
  writeFileSync(templateFile, JSON.stringify(TEMPLATE));
  app = await buildApp({
    db,
    registry: createRuntimeRegistry([...(allTemplates as TemplateRegistry[]), own.registry], platform),
    rateLimit: false,
    workflows: false,
    // No worker in the server: the worker processes below make every variant.
    media: {
      storage: new LocalStorage(mediaDir),
      secret: "media-worker-secret-0123456789",
      tmpDir: path.join(mediaDir, ".tmp"),
      sweepEveryMs: 0,
      variants: "worker",
      worker: false,
    },
  });
  tenant = await createTenant(db, "media-worker", [TEMPLATE.id]);
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await app?.close();
  await db?.close();
  await testDb?.drop();
});

/** A worker process; resolves once it prints `line` (a regexp). */
function worker(env: Record<string, string>): { child: ChildProcess; printed: (line: RegExp) => Promise<string> } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "runtime/test/support/media-worker-child.ts")],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testDb.url, MEDIA_DIR: mediaDir, TEMPLATE_FILE: templateFile, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let out = "";
  const waiters: { line: RegExp; resolve: (m: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) {
      const m = w.line.exec(out);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m[0]);
      }
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  return {
    child,
    printed: (line) =>
      new Promise((resolve, reject) => {
        const m = line.exec(out);
        if (m) return resolve(m[0]);
        waiters.push({ line, resolve });
        child.once("exit", (code) => reject(new Error(`worker exited (${code}) before ${line}: ${out}`)));
      }),
  };
}

const kill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

async function upload(file: Buffer) {
  const body = multipart(file, "p.jpg");
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/tenant/media?entity=boards&field=pictures",
    headers: { ...tenant.headers, ...body.headers },
    payload: body.payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function row(id: string) {
  const { rows } = await db.query(
    `SELECT "status", "attempts", "variants", "width", "height" FROM "media_asset" WHERE "tenantId" = $1 AND "id" = $2`,
    [tenant.id, id],
  );
  return rows[0];
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const filesOf = (id: string) =>
  readdirSync(mediaDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && path.join(d.parentPath, d.name).includes(id))
    .map((d) => d.name)
    .sort();

describe("variants by worker processes from the database queue", () => {
  test("a worker killed after its claim, or after storing the variants, loses nothing and does nothing twice", async () => {
    const first = await upload(await jpegWithGps(960, 640));
    expect(first).toMatchObject({ status: "queued", variants: [], url: null });
    // Killed right after claiming: the job's lease (1.5 s) runs out and it is due again.
    const a = worker({ PAUSE_AT: "claim", LEASE_MS: "1500" });
    expect(await a.printed(/paused \S+/)).toBe(`paused ${first.id}`);
    await kill(a.child);
    expect(await row(first.id)).toMatchObject({ status: "queued", attempts: 1, variants: [] });

    // Killed after the variant files are in storage but before the row says so.
    const second = await upload(await jpegWithGps(800, 800));
    const b = worker({ PAUSE_AT: "ready", LEASE_MS: "1500" });
    // The first job is due again once its lease is over: b may pick it up first.
    const paused = await b.printed(/paused \S+/);
    const held = paused.endsWith(first.id) ? first : second;
    expect(filesOf(held.id).length).toBe(5); // the upload and 2 variants × 2 formats, not yet recorded
    await kill(b.child);
    expect((await row(held.id)).status).toBe("queued");

    // A healthy worker finishes both.
    const c = worker({ LEASE_MS: "60000" });
    await c.printed(/worker started/);
    for (const media of [first, second]) {
      const done = await until(
        () => row(media.id),
        (r) => r.status === "ready",
      );
      // Tried again after each kill; an upload no killed worker had claimed takes one try.
      expect(done.attempts).toBeGreaterThanOrEqual(media === first || media === held ? 2 : 1);
      expect(done.variants.map((v: any) => `${v.name}.${v.format}`).sort()).toEqual([
        "big.jpg",
        "big.webp",
        "small.jpg",
        "small.webp",
      ]);
      // Exactly one file per variant and the upload: the re-run wrote the same content-named keys.
      expect(filesOf(media.id).length).toBe(5);
      const got = await app.inject({
        method: "GET",
        url: `/api/v1/tenant/media/${media.id}`,
        headers: tenant.headers,
      });
      expect(got.json()).toMatchObject({ status: "ready" });
      for (const v of got.json().variants) {
        const file = await app.inject({ method: "GET", url: v.url });
        expect(file.statusCode).toBe(200);
        const info = await sharp(file.rawPayload).metadata();
        expect([info.width, info.height]).toEqual([v.width, v.height]);
        expect(info.exif).toBeUndefined();
      }
    }
    expect(await row(second.id)).toMatchObject({ width: 800, height: 800 });
    c.child.kill("SIGTERM");
  }, 120_000);

  test("the server's own worker (in-process with variants: worker) makes the variants of an upload", async () => {
    const inProcess = await buildApp({
      db,
      registry: app.registry,
      rateLimit: false,
      workflows: false,
      media: {
        storage: new LocalStorage(mediaDir),
        secret: "media-worker-secret-0123456789",
        tmpDir: path.join(mediaDir, ".tmp"),
        sweepEveryMs: 0,
        variants: "worker",
      },
    });
    try {
      const body = multipart(await jpegWithGps(500, 250), "w.jpg");
      const res = await inProcess.inject({
        method: "POST",
        url: "/api/v1/tenant/media?entity=boards&field=pictures",
        headers: { ...tenant.headers, ...body.headers },
        payload: body.payload,
      });
      expect(res.json().status).toBe("queued");
      const done = await until(
        () => row(res.json().id),
        (r) => r.status === "ready",
      );
      expect(done.variants.find((v: any) => v.name === "small" && v.format === "webp")).toMatchObject({
        width: 120,
        height: 60,
      });
    } finally {
      await inProcess.close();
    }
  }, 60_000);
});
