/**
 * The studio's media widget (issue 14 item 6) in headless chromium against the BUILT studio on a
 * real runtime (PostgreSQL, identity, the media capability on a local folder with its variant
 * worker), with a template of this test's own: an exhibit with a gallery of public images
 * (multiple, two variants) and a private document. Real images made with sharp go through the
 * widget's file input (multipart, XHR with progress): progress while they upload, previews
 * after, reordering, saving and reopening the record, the lightbox by keyboard, a renamed
 * non-image dropped on the gallery refused with the API's 415 message, and a private document
 * whose expiring link downloads the file.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { platform, templates } from "../../generated/registry.ts";
import { createPostgresDatabase } from "../../runtime/src/db/database.ts";
import { PasswordHasher } from "../../runtime/src/identity/passwords.ts";
import { LocalStorage } from "../../runtime/src/media/storage.ts";
import { installOwnTemplate, MIGRATIONS } from "../../runtime/test/crud-support.ts";
import { elfBinary, tinyPdf } from "../../runtime/test/media-support.ts";
import { buildEntityForm } from "../../generators/src/forms/build-entity-form.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { axeViolations, describeViolations } from "./support/axe.ts";
import { launchChromium, loggedPage } from "./support/browser.ts";
import { ensureStudioBuilt } from "./support/studio-build.ts";
import { createTenant, ROOT, startStudioServer, type StudioServer } from "./support/studio-server.ts";

const TENANT = "studiomedia-hall";
const ADMIN = { email: "ines@studiomedia.example", password: "correct horse battery" };
const RAW = {
  id: "exhibit-hall",
  version: "1.0.0",
  title: { en: "Exhibit hall" },
  locales: ["en"],
  roles: {},
  entities: {
    Exhibit: {
      id: "ent_exhibit",
      scope: "tenant",
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_title", type: "string", maxLength: 120, "x-label": { en: "Title" } },
          pictures: {
            "x-id": "fld_pictures",
            "x-label": { en: "Pictures" },
            "x-media": {
              kind: "image",
              multiple: true,
              maxCount: 4,
              maxBytes: 5_000_000,
              variants: { thumb: { width: 160 }, large: { width: 900 } },
              formats: ["webp"],
            },
          },
          dossier: {
            "x-id": "fld_dossier",
            "x-label": { en: "Dossier" },
            "x-media": { kind: "document", visibility: "private", maxBytes: 200_000 },
          },
        },
      },
      access: { read: ["tenant-admin"], create: ["tenant-admin"], update: ["tenant-admin"], delete: ["tenant-admin"] },
    },
  },
};

let server: StudioServer;
let browser: Browser;
let page: Page;
let problems: string[];
let apiName = "";
let recordId = "";
let mediaDir = "";
let tmpDir = "";
let generatedDir = "";
const contexts: BrowserContext[] = [];

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });
const main = () => page.locator("main");
/** The tenant admin's access token (the API's login). */
async function token(): Promise<string> {
  const login = await fetch(`${server.url}/api/v1/user/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-tenant": TENANT },
    body: JSON.stringify(ADMIN),
  });
  return ((await login.json()) as { accessToken: string }).accessToken;
}
const audit = async (view: string) => describeViolations(view, await axeViolations(page));

/** Two real images: a noisy JPEG (large enough to upload in several steps) and a PNG. */
async function images(): Promise<{ jpeg: Buffer; png: Buffer }> {
  const width = 1200;
  const height = 800;
  const raw = Buffer.alloc(width * height * 3);
  let x = 4242;
  for (let i = 0; i < raw.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (x >> 16) & 0xff;
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#3366aa" } })
    .png()
    .toBuffer();
  return { jpeg, png };
}

/** The file names of the gallery's previews, in their order (from their "Open <file>" buttons: alt texts may differ). */
const galleryOrder = () =>
  main()
    .getByRole("group", { name: "Pictures" })
    .locator(".media-item img")
    .evaluateAll((imgs) =>
      imgs.map(
        (img) =>
          img
            .closest("button")
            ?.getAttribute("aria-label")
            ?.replace(/^Open /, "") ?? null,
      ),
    );

/** Whether each preview is a loaded thumb variant (a file URL of the media routes, 160 px wide). */
const thumbs = () =>
  main()
    .getByRole("group", { name: "Pictures" })
    .locator(".media-item img")
    .evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((img) => ({
        file: /^\/media\/(files|signed)\//.test(img.getAttribute("src") ?? ""),
        width: img.complete ? img.naturalWidth : 0,
      })),
    );

beforeAll(async () => {
  await ensureStudioBuilt();
  const own = await installOwnTemplate(RAW, "exhibit-hall.json");
  apiName = own.registry.entities.find((e) => e.name === "Exhibit")!.apiName;
  const database = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(database.url);
  await migrateUp(db, MIGRATIONS);
  await db.close();
  await own.apply(database.url);
  // The studio reads form specs from generated/<template>/forms: a scratch folder with the
  // repository's generated output (linked) and this template's form spec, as `generate` writes it.
  generatedDir = await mkdtemp(path.join(os.tmpdir(), "mono-studiomedia-generated-"));
  for (const entry of await readdir(path.join(ROOT, "generated")))
    await symlink(path.join(ROOT, "generated", entry), path.join(generatedDir, entry));
  await mkdir(path.join(generatedDir, RAW.id, "forms"), { recursive: true });
  const exhibit = own.ir.entities.find((e) => e.name === "Exhibit")!;
  await writeFile(
    path.join(generatedDir, RAW.id, "forms", "Exhibit.json"),
    JSON.stringify(buildEntityForm(own.ir, exhibit)),
  );
  mediaDir = await mkdtemp(path.join(os.tmpdir(), "mono-studiomedia-files-"));
  tmpDir = await mkdtemp(path.join(os.tmpdir(), "mono-studiomedia-tmp-"));
  server = await startStudioServer({
    identity: {},
    database,
    generated: { dir: generatedDir, templates: [...templates, own.registry], platform },
    // As the server runs it: variants made by the media worker after the upload's answer.
    media: {
      storage: new LocalStorage(mediaDir),
      secret: "studiomedia-test-secret-0123456789",
      tmpDir,
      sweepEveryMs: 0,
      variants: "worker",
    },
  });
  browser = await launchChromium();
  await createTenant(server, TENANT, RAW.id);
  const tenant = await server.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [TENANT]);
  const hash = await new PasswordHasher({ memoryCost: 4096, timeCost: 2, parallelism: 1 }).hash(ADMIN.password);
  const user = await server.db.query<{ id: string }>(
    `INSERT INTO "user" ("tenantId", "email", "name", "passwordHash", "emailVerifiedAt") VALUES ($1, $2, 'Ines Admin', $3, now()) RETURNING "id"`,
    [tenant.rows[0].id, ADMIN.email, hash],
  );
  await server.db.query(`INSERT INTO "membership" ("tenantId", "userId", "role") VALUES ($1, $2, 'tenant-admin')`, [
    tenant.rows[0].id,
    user.rows[0].id,
  ]);
  ({ page, problems } = await loggedPage(browser, contexts));
  page.setDefaultTimeout(10_000);
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await server?.close();
  if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
  if (tmpDir) await rm(tmpDir, { recursive: true, force: true });
  if (generatedDir) await rm(generatedDir, { recursive: true, force: true });
});

describe("the media widget", () => {
  test("two images upload with progress into previews, are reordered, saved, and shown again when the record reopens", async () => {
    const { jpeg, png } = await images();
    await page.goto(`${server.url}/studio/login`);
    await page.getByLabel("Marketplace (tenant slug)").fill(TENANT);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel(/^Password/).fill(ADMIN.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await poll(() => page.locator("nav#sidebar").getAttribute("aria-label")).toBe("Tenant admin navigation");
    await page.goto(`${server.url}/studio/admin/${RAW.id}/${apiName}/new`);
    await main().getByLabel("Title").fill("Spring show");
    // Record every progress bar the widget shows while the files upload.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        for (const bar of Array.from(document.querySelectorAll("progress")))
          seen.push(Number((bar as HTMLProgressElement).value));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    const gallery = main().getByRole("group", { name: "Pictures" });
    await gallery.locator('input[type="file"]').setInputFiles([
      { name: "dunes.jpg", mimeType: "image/jpeg", buffer: jpeg },
      { name: "lake.png", mimeType: "image/png", buffer: png },
    ]);
    // Both uploads finish (in the order they finish): no progress bar left, two previews from
    // the thumb variants.
    await poll(async () => [...(await galleryOrder())].sort()).toEqual(["dunes.jpg", "lake.png"]);
    await poll(() => thumbs(), 30_000).toEqual([
      { file: true, width: 160 },
      { file: true, width: 160 },
    ]);
    expect(await gallery.locator("progress").count()).toBe(0);
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.length).toBeGreaterThan(0);
    expect(await gallery.locator('[role="status"]').textContent()).toMatch(/uploaded\.$/);

    // Reorder: the second one first.
    const [first, second] = (await galleryOrder()) as string[];
    await gallery.getByRole("button", { name: `Move ${second} earlier` }).click();
    expect(await galleryOrder()).toEqual([second, first]);
    expect(await gallery.locator('[role="status"]').textContent()).toBe(`${second} moved to position 1 of 2.`);
    // Keep the order the later tests name: the lake first.
    if (second !== "lake.png") {
      await gallery.getByRole("button", { name: "Move lake.png earlier" }).click();
      expect(await galleryOrder()).toEqual(["lake.png", "dunes.jpg"]);
    }
    expect(await audit("media widget, two images")).toEqual([]);

    await main()
      .getByRole("button", { name: /^Create/ })
      .click();
    await page.waitForURL(/\/[0-9a-f-]{36}$/);
    recordId = new URL(page.url()).pathname.split("/").pop()!;
    const saved = await server.db.query<{ filename: string }>(
      `SELECT m."filename" FROM "media_asset" m WHERE m."recordId" = $1 AND m."field" = 'pictures'`,
      [recordId],
    );
    expect(saved.rows.map((r) => r.filename).sort()).toEqual(["dunes.jpg", "lake.png"]);
    // The record's field holds the ids in the gallery's order.
    const record = await server.api<{ pictures: string[] }>(
      "GET",
      `/api/v1/tenant/entities/${apiName}/${recordId}`,
      undefined,
      { "x-tenant": TENANT, authorization: `Bearer ${await token()}` },
    );
    const names = await server.db.query<{ id: string; filename: string }>(
      `SELECT "id", "filename" FROM "media_asset" WHERE "recordId" = $1`,
      [recordId],
    );
    const byId = new Map(names.rows.map((r) => [r.id, r.filename]));
    expect(record.body.pictures.map((id) => byId.get(id))).toEqual(["lake.png", "dunes.jpg"]);

    // Reopened, the form shows the saved images in the saved order.
    await page.goto(`${server.url}/studio/admin/${RAW.id}/${apiName}/${recordId}/edit`);
    await poll(() => galleryOrder()).toEqual(["lake.png", "dunes.jpg"]);
    await poll(() => thumbs()).toEqual([
      { file: true, width: 160 },
      { file: true, width: 160 },
    ]);
    expect(problems).toEqual([]);
  }, 120_000);

  test("the lightbox: opens on a preview, the arrows move, Escape closes it and focus returns", async () => {
    const gallery = main().getByRole("group", { name: "Pictures" });
    const opener = gallery.getByRole("button", { name: "Open lake.png" });
    await opener.click();
    const dialog = page.getByRole("dialog");
    await poll(() => dialog.getAttribute("aria-label")).toBe("Image 1 of 2: lake.png");
    // The large variant (900 px wide, never enlarged: the PNG is 640 px).
    await poll(() =>
      dialog.locator("img").evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)),
    ).toBe(640);
    expect(await audit("lightbox")).toEqual([]);
    await page.keyboard.press("ArrowRight");
    await poll(() => dialog.getAttribute("aria-label")).toBe("Image 2 of 2: dunes.jpg");
    await poll(() =>
      dialog.locator("img").evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)),
    ).toBe(900);
    await page.keyboard.press("ArrowLeft");
    await poll(() => dialog.getAttribute("aria-label")).toBe("Image 1 of 2: lake.png");
    await page.keyboard.press("Escape");
    await poll(() => dialog.count()).toBe(0);
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Open lake.png");
  });

  test("captions and alt text: typed under a preview, saved through the API, shown in the gallery and the lightbox, kept on reload", async () => {
    const gallery = main().getByRole("group", { name: "Pictures" });
    await gallery.getByLabel("Caption of lake.png").fill("The lake at dawn");
    await gallery.getByLabel("Alt text of lake.png").focus();
    await poll(() => gallery.locator('[role="status"]').textContent()).toBe("Caption of lake.png saved.");
    await gallery.getByLabel("Alt text of lake.png").fill("A still blue lake");
    await gallery.getByLabel("Caption of dunes.jpg").focus();
    await poll(() => gallery.locator('[role="status"]').textContent()).toBe("Alt text of lake.png saved.");
    const stored = await server.db.query<{ caption: string | null; alt: string | null }>(
      `SELECT "caption", "alt" FROM "media_asset" WHERE "recordId" = $1 AND "filename" = 'lake.png'`,
      [recordId],
    );
    expect(stored.rows).toEqual([{ caption: "The lake at dawn", alt: "A still blue lake" }]);
    // The preview uses the alt text; the lightbox shows the caption and the alt text.
    await poll(() => gallery.getByRole("button", { name: "Open lake.png" }).locator("img").getAttribute("alt")).toBe(
      "A still blue lake",
    );
    await gallery.getByRole("button", { name: "Open lake.png" }).click();
    const dialog = page.getByRole("dialog");
    await poll(() => dialog.locator("figcaption").textContent()).toBe("The lake at dawn (1 of 2)");
    expect(await dialog.locator("img").getAttribute("alt")).toBe("A still blue lake");
    await page.keyboard.press("ArrowRight");
    // Without a caption, the file name.
    await poll(() => dialog.locator("figcaption").textContent()).toBe("dunes.jpg (2 of 2)");
    expect(await audit("lightbox with a caption")).toEqual([]);
    await page.keyboard.press("Escape");
    await poll(() => dialog.count()).toBe(0);
    // Kept: the reopened form shows them again.
    await page.goto(`${server.url}/studio/admin/${RAW.id}/${apiName}/${recordId}/edit`);
    await poll(() =>
      main().getByRole("group", { name: "Pictures" }).getByLabel("Caption of lake.png").inputValue(),
    ).toBe("The lake at dawn");
    expect(await main().getByRole("group", { name: "Pictures" }).getByLabel("Alt text of lake.png").inputValue()).toBe(
      "A still blue lake",
    );
    expect(problems).toEqual([]);
  });

  test("a renamed non-image dropped on the gallery is refused with the API's 415 message, and nothing joins it", async () => {
    const gallery = main().getByRole("group", { name: "Pictures" });
    // Dropped on the gallery (a drop event carrying the file, as the browser fires it).
    const bytes = Array.from(elfBinary());
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], "holiday.png", { type: "image/png" }));
      return dt;
    }, bytes);
    const drop = gallery.locator(".media-drop");
    await drop.dispatchEvent("dragover", { dataTransfer: transfer });
    await poll(() => drop.getAttribute("class")).toContain("dragging");
    await drop.dispatchEvent("drop", { dataTransfer: transfer });
    const alert = gallery.getByRole("alert");
    await poll(() => alert.count()).toBe(1);
    const text = (await alert.textContent()) ?? "";
    expect(text).toMatch(/^holiday\.png: /);
    // The message is the API's own problem detail for the same bytes.
    const accessToken = await token();
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(elfBinary())], { type: "image/png" }), "holiday.png");
    const direct = await fetch(`${server.url}/api/v1/tenant/media?entity=${apiName}&field=pictures`, {
      method: "POST",
      headers: { "x-tenant": TENANT, authorization: `Bearer ${accessToken}` },
      body: form,
    });
    expect(direct.status).toBe(415);
    const problem = (await direct.json()) as { detail: string };
    expect(text).toContain(problem.detail);
    expect(await galleryOrder()).toEqual(["lake.png", "dunes.jpg"]);
    await gallery.getByRole("button", { name: "Dismiss the error about holiday.png" }).click();
    await poll(() => alert.count()).toBe(0);
  });

  test("a private document: removed before saving is deleted, too big is refused before sending, listed with its expiring link, which downloads it; it stays after saving", async () => {
    const pdf = tinyPdf("studiomedia dossier");
    const dossier = main().getByRole("group", { name: "Dossier" });
    await dossier
      .locator('input[type="file"]')
      .setInputFiles([{ name: "dossier.pdf", mimeType: "application/pdf", buffer: pdf }]);
    const link = dossier.getByRole("link", { name: "dossier.pdf" });
    await poll(() => link.count()).toBe(1);
    // Removed before saving: the unattached upload is deleted; then chosen again.
    const first = await server.db.query<{ id: string }>(
      `SELECT "id" FROM "media_asset" WHERE "filename" = 'dossier.pdf'`,
    );
    expect(first.rows).toHaveLength(1);
    await dossier.getByRole("button", { name: "Remove dossier.pdf" }).click();
    await poll(() => link.count()).toBe(0);
    await poll(
      async () => (await server.db.query(`SELECT 1 FROM "media_asset" WHERE "id" = $1`, [first.rows[0].id])).rowCount,
    ).toBe(0);
    // Above the field's maxBytes (200 kB): refused before it is sent.
    await dossier
      .locator('input[type="file"]')
      .setInputFiles([{ name: "huge.pdf", mimeType: "application/pdf", buffer: tinyPdf("x".repeat(300_000)) }]);
    await poll(() => dossier.getByRole("alert").textContent()).toBe("huge.pdf is larger than 200 kB. Dismiss");
    expect((await server.db.query(`SELECT 1 FROM "media_asset" WHERE "filename" = 'huge.pdf'`)).rowCount).toBe(0);
    await dossier.getByRole("button", { name: "Dismiss the error about huge.pdf" }).click();
    await dossier
      .locator('input[type="file"]')
      .setInputFiles([{ name: "dossier.pdf", mimeType: "application/pdf", buffer: pdf }]);
    await poll(() => link.count()).toBe(1);
    const href = (await link.getAttribute("href"))!;
    expect(href).toMatch(/^\/media\/signed\/.+\?expires=\d+&signature=/);
    const expires = Number(new URL(href, server.url).searchParams.get("expires"));
    expect(expires * 1000).toBeGreaterThan(Date.now());
    const time = dossier.locator(".media-expiry time");
    expect(new Date((await time.getAttribute("datetime"))!).getTime()).toBe(expires * 1000);
    expect(await dossier.textContent()).toContain("Private link, expires at");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(await readFile((await download.path())!)).toEqual(pdf);
    expect(await audit("media widget, private document")).toEqual([]);

    await main().getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(new RegExp(`/${recordId}$`));
    await page.goto(`${server.url}/studio/admin/${RAW.id}/${apiName}/${recordId}/edit`);
    await poll(() =>
      main().getByRole("group", { name: "Dossier" }).getByRole("link", { name: "dossier.pdf" }).count(),
    ).toBe(1);
    expect(await galleryOrder()).toEqual(["lake.png", "dunes.jpg"]);
    expect(problems).toEqual([]);
  });
});
