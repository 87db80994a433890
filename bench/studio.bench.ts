/**
 * `npm run bench:studio`: what the studio's first screen costs.
 *
 *   bundle_kb        gzip (zlib default level) of everything studio/dist/index.html loads before
 *                    the first render: the entry script, its modulepreloads and stylesheets. Lazy
 *                    chunks (editors, forms, React Flow, RJSF) are not part of it. Bar: ≤ 350 kB.
 *   first_render_ms  Chromium (headless, a fresh browser context per run: cold cache) opening
 *                    the tenant admin's list of an entity with 1,000 records, from navigation
 *                    start to the table's rows being in the page; median of 5.
 *
 * The records are created through the API (bulk create) on a fresh PostgreSQL database; the
 * studio is the production build served by the runtime. The LAST line is for machines:
 * `studio bundle_kb=<n> first_render_ms=<n>`.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium, studioContext } from "../test/studio/support/browser.ts";
import { ensureStudioBuilt } from "../test/studio/support/studio-build.ts";
import { ADMIN_TOKEN, createTenant, ROOT, startStudioServer } from "../test/studio/support/studio-server.ts";

const RUNS = 5;
const RECORDS = 1_000;
const TENANT = "bench-studio";
const ENTITY = "job-categories";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The files index.html makes the browser load up front, with their gzip sizes. */
async function firstScreenAssets(): Promise<{ file: string; raw: number; gzip: number }[]> {
  const dist = path.join(ROOT, "studio", "dist");
  const html = await readFile(path.join(dist, "index.html"), "utf8");
  const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/studio\/([^"]+\.(?:js|css))"/g)].map(
    (m) => m[1],
  );
  const assets = [{ file: "index.html", bytes: Buffer.from(html) }];
  for (const url of urls) assets.push({ file: url, bytes: await readFile(path.join(dist, url)) });
  return assets.map(({ file, bytes }) => ({ file, raw: bytes.length, gzip: gzipSync(bytes).length }));
}

async function seed(server: Awaited<ReturnType<typeof startStudioServer>>) {
  await createTenant(server, TENANT, "modeling-agency");
  const headers = { "x-tenant": TENANT };
  for (let start = 0; start < RECORDS; start += 500) {
    const create = Array.from({ length: Math.min(500, RECORDS - start) }, (_, i) => {
      const n = start + i + 1;
      return {
        name: `Category ${String(n).padStart(4, "0")}`,
        slug: `bench-category-${n}`,
        description: `Benchmark category number ${n}.`,
        sortOrder: n % 10_000,
      };
    });
    const response = await server.api<{ succeeded: number; failed: number }>(
      "POST",
      `/api/v1/tenant/entities/${ENTITY}/bulk`,
      { create },
      headers,
    );
    if (response.status !== 200 || response.body.failed)
      throw new Error(`seeding failed: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
}

async function main() {
  const build = await ensureStudioBuilt();
  const assets = await firstScreenAssets();
  const bundleKb = assets.reduce((sum, a) => sum + a.gzip, 0) / 1024;
  console.log(`studio build: ${build}`);
  for (const a of assets)
    console.log(
      `  ${a.file.padEnd(44)} ${(a.raw / 1024).toFixed(1).padStart(7)} kB  gzip ${(a.gzip / 1024).toFixed(1).padStart(6)} kB`,
    );
  console.log(`first screen: ${bundleKb.toFixed(1)} kB gzip (bar: ≤ 350 kB)`);

  const server = await startStudioServer();
  const browser = await launchChromium();
  try {
    await seed(server);
    const total = (
      await server.api<{ page: { total: number } }>(
        "GET",
        `/api/v1/tenant/entities/${ENTITY}?total=true&limit=1`,
        undefined,
        { "x-tenant": TENANT },
      )
    ).body.page.total;
    console.log(`${total} ${ENTITY} records for tenant ${TENANT}`);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await studioContext(browser, {
        persona: "tenant-admin",
        tenant: TENANT,
        adminToken: ADMIN_TOKEN,
      });
      // Timestamp (ms since navigation start) of the first moment rows are in the table.
      await context.addInitScript(() => {
        const w = window as Window & { __rowsAt?: number };
        new MutationObserver((_, observer) => {
          if (document.querySelector("table.records tbody tr")) {
            w.__rowsAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/studio/admin/modeling-agency/${ENTITY}`);
      await page.waitForFunction(() => (window as Window & { __rowsAt?: number }).__rowsAt !== undefined, undefined, {
        timeout: 30_000,
      });
      const ms = await page.evaluate(() => (window as Window & { __rowsAt?: number }).__rowsAt!);
      const shown = await page.locator("table.records tbody tr").count();
      times.push(ms);
      console.log(`  run ${run + 1}: rows visible after ${ms.toFixed(0)} ms (${shown} rows on the first page)`);
      await context.close();
    }
    const firstRender = median(times);
    console.log(`time to first render: median ${firstRender.toFixed(0)} ms of ${RUNS}`);
    console.log(`studio bundle_kb=${Math.round(bundleKb)} first_render_ms=${Math.round(firstRender)}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
