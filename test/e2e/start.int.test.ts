/**
 * The README's main command on a bare setup: `node --import tsx runtime/src/server.ts` (what
 * `npm start` runs) with no DATABASE_URL and no REDIS_URL, so embedded PGlite in a fresh data
 * folder. It migrates, seeds the demo tenants, prints its URLs and serves; SIGTERM stops it
 * cleanly (exit 0). Started again on the same folder it reuses the data: no migrations to
 * apply, no second copy of the demo.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

interface Started {
  child: ChildProcess;
  url: string;
  output: string;
  adminToken: string;
  /** The demo tenants as the banner lists them: slug, record count, the entity it suggests. */
  demos: { slug: string; records: number; entity: string }[];
}

const children: ChildProcess[] = [];
let dataDir: string | undefined;

/** The environment of a bare machine: nothing that points at PostgreSQL, Redis or fixed secrets. */
function bareEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|REDIS_URL|NODE_ENV|PORT|HOST|LOG_LEVEL)$|^MONO_|^VITEST|^SMTP_/.test(key)) continue;
    env[key] = value;
  }
  // Port 0: the OS picks a free one; the banner prints it.
  return { ...env, PORT: "0", HOST: "127.0.0.1", MONO_DATA_DIR: dir, LOG_LEVEL: "warn" };
}

/** Spawns the server and resolves once it printed its banner (the admin token line ends it). */
function start(dir: string): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "runtime/src/server.ts"], {
    cwd: ROOT,
    env: bareEnv(dir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no banner within ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const token = /platform admin token[^:]*: (\S+)/.exec(output);
      const api = /API:\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(output);
      if (!token || !api) return;
      clearTimeout(timer);
      const demos = [
        ...output.matchAll(/demo tenant "([^"]+)" \([^)]+\): (\d+) records — try \S+\/entities\/(\S+) with header/g),
      ].map((m) => ({ slug: m[1], records: Number(m[2]), entity: m[3] }));
      resolve({ child, url: api[1], output, adminToken: token[1], demos });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before serving:\n${output}`));
    });
  });
}

/** SIGTERM, then the exit code and how long it took. */
async function stop(server: Started): Promise<{ code: number | null; ms: number }> {
  const began = Date.now();
  const exited = new Promise<number | null>((resolve) => server.child.once("exit", (code) => resolve(code)));
  server.child.kill("SIGTERM");
  const code = await Promise.race([
    exited,
    new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS)),
  ]);
  if (code === "timeout") throw new Error(`no exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`);
  return { code, ms: Date.now() - began };
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: await response.json() };
}

afterAll(async () => {
  // Only our own children, by handle, and only if a failed test left one running.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("npm start on a bare machine (embedded PGlite)", () => {
  it("migrates, seeds the demo, serves, stops on SIGTERM, and reuses its data on the next start", async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "mono-start-"));

    // ---- first start: a fresh folder
    const first = await start(dataDir);
    expect(first.output).toMatch(/embedded PGlite/);
    expect(first.output).toMatch(/applied migrations: 0001_init/);
    expect(first.demos.map((d) => d.slug).sort()).toEqual(["agency-demo", "club-demo"]);
    for (const demo of first.demos) expect(demo.records, demo.slug).toBeGreaterThan(100);

    expect((await getJson(`${first.url}/health/ready`)).status).toBe(200);
    const agency = first.demos.find((d) => d.slug === "agency-demo")!;
    const list = await getJson(`${first.url}/api/v1/tenant/entities/${agency.entity}?limit=100&total=true`, {
      "x-tenant": "agency-demo",
    });
    expect(list.status, JSON.stringify(list.body).slice(0, 300)).toBe(200);
    expect(list.body.data.length).toBeGreaterThanOrEqual(10);
    const total = list.body.page.total as number;

    // /openapi.json carries every template's generated components and entity paths.
    const openapi = await getJson(`${first.url}/openapi.json`);
    expect(openapi.status).toBe(200);
    for (const templateId of ["modeling-agency", "luxury-club"]) {
      const generated = JSON.parse(await readFile(path.join(ROOT, "generated", templateId, "openapi.json"), "utf8"));
      const names = Object.keys(generated.components.schemas);
      expect(names.length).toBeGreaterThan(10);
      expect(Object.keys(openapi.body.components.schemas)).toEqual(expect.arrayContaining(names));
      expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(Object.keys(generated.paths)));
    }

    const firstStop = await stop(first);
    expect(firstStop.code, first.output).toBe(0);

    // ---- second start: the same folder
    const second = await start(dataDir);
    expect(second.output).toMatch(/applied migrations: none pending/);
    expect(second.demos.map((d) => [d.slug, d.records])).toEqual(
      expect.arrayContaining([
        ["agency-demo", 0],
        ["club-demo", 0],
      ]),
    );
    const again = await getJson(`${second.url}/api/v1/tenant/entities/${agency.entity}?limit=1&total=true`, {
      "x-tenant": "agency-demo",
    });
    expect(again.status).toBe(200);
    expect(again.body.page.total, "the demo records were not seeded twice").toBe(total);
    const tenants = await getJson(`${second.url}/api/v1/platform/tenants`, {
      authorization: `Bearer ${second.adminToken}`,
    });
    expect(tenants.status, JSON.stringify(tenants.body).slice(0, 300)).toBe(200);
    expect(tenants.body.data.map((t: { slug: string }) => t.slug).sort()).toEqual(["agency-demo", "club-demo"]);

    const secondStop = await stop(second);
    expect(secondStop.code, second.output).toBe(0);
  }, 150_000);
});
