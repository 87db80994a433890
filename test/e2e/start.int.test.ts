/**
 * The README's main command on a bare setup: `npm start` (prestart builds the studio, then the
 * server) with no DATABASE_URL and no REDIS_URL, so embedded PGlite in a fresh data folder.
 * The first start migrates, creates the super admin and the demo tenants with one user per
 * template role, and prints a `demo login …` line for each. The test signs in with one of them
 * per tenant and creates a record that role may create, through the API. SIGTERM to the npm
 * process stops the server, leaving no node process behind. The second start on the same
 * folder prints the very same lines (MONO_ADMIN_EMAIL set then is ignored: the super admin
 * exists), applies nothing and finds the record.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleCreateRecord } from "../../engine/src/index.ts";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { templates } from "../../generated/registry.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const LOGIN_LINE = /^demo login (\S+) (\S+) (\S+) (\S+)$/gm;

interface Login {
  scope: string;
  role: string;
  email: string;
  password: string;
}

interface Started {
  child: ChildProcess;
  url: string;
  output: string;
  logins: Login[];
}

const children: ChildProcess[] = [];
/** Processes a failed stop left behind: ours, ended by id in afterAll. */
const leftovers: number[] = [];
let workDir: string | undefined;

/** The environment of a bare machine: nothing that points at PostgreSQL, Redis or fixed secrets. */
function bareEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(DATABASE_URL|REDIS_URL|NODE_ENV|PORT|HOST|LOG_LEVEL)$|^MONO_|^VITEST|^SMTP_|^npm_/.test(key)) continue;
    env[key] = value;
  }
  // Port 0: the OS picks a free one; the banner prints it.
  return { ...env, PORT: "0", HOST: "127.0.0.1", MONO_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...extra };
}

/** `npm start`, resolved once the banner (which ends with the demo login lines) is printed. */
function start(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn("npm", ["start"], { cwd: ROOT, env: bareEnv(dataDir, extra), stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no banner within ${START_TIMEOUT_MS / 1000} s:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const api = /API:\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(output);
      // The banner ends with the login lines and a blank line.
      if (!api || !/platform admin token[^\n]*\n\n(?:demo login [^\n]*\n)+\n/.test(output)) return;
      clearTimeout(timer);
      const logins = [...output.matchAll(LOGIN_LINE)].map((m) => ({
        scope: m[1],
        role: m[2],
        email: m[3],
        password: m[4],
      }));
      resolve({ child, url: api[1], output, logins });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before serving:\n${output}`));
    });
  });
}

/** Every process below `pid` (read from /proc), deepest last. */
async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid) parents.set(Number(name), ppid);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parents) {
      if (parent !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to the npm process itself; then its exit code and whether anything below it survived. */
async function stop(server: Started): Promise<{ code: number | null; survivors: number[]; below: number[] }> {
  const below = await descendants(server.child.pid!);
  const exited = new Promise<number | null>((resolve) => server.child.once("exit", (code) => resolve(code)));
  server.child.kill("SIGTERM");
  const code = await Promise.race([
    exited,
    new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS)),
  ]);
  if (code === "timeout") throw new Error(`no exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`);
  // The server drains and exits on its own; give it the moment that takes.
  for (let i = 0; i < 50 && below.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  const survivors = below.filter(alive);
  leftovers.push(...survivors);
  return { code, survivors, below };
}

async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    redirect: "manual",
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a redirect, HTML)
  }
  return { status: response.status, body, headers: response.headers };
}

/**
 * A role of the template (not the built-in admin) and an entity its create rule names without
 * further row conditions, and with no required reference: what that role may create from scratch.
 */
function creatableByRole(template: TemplateRegistry): { role: string; entity: EntityRegistry } {
  for (const role of template.roles) {
    for (const entity of template.entities) {
      const rule = entity.access.create;
      const named = rule.roles.some((r) => r === role.name || r === `${role.name}:*`) || rule.authenticated;
      const free = rule.where === null && rule.tiers.length === 0;
      const fieldGates = entity.fields.some((f) => f.access?.write && f.required);
      const needsRef = entity.relations.some((r) => r.kind === "many-to-one" && r.required);
      if (named && free && !fieldGates && !needsRef && !entity.draft) return { role: role.name, entity };
    }
  }
  throw new Error(`${template.id}: no role may create any entity from scratch`);
}

/** A create body the role may send: sampled, without fields it may not write. */
function bodyFor(entity: EntityRegistry, role: string, seed: number): Record<string, unknown> {
  const drawn = sampleCreateRecord(entity.schemas.create, seed, {
    entityName: entity.name,
    // Foreign keys and media ids name rows that must exist (media: uploads of the caller).
    omit: [
      ...entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : [])),
      ...entity.fields.filter((f) => f.media).map((f) => f.name),
    ],
    comparisons: entity.comparisons,
  });
  expect(drawn.ok, JSON.stringify(drawn)).toBe(true);
  const body = { ...drawn.record };
  // A status a workflow owns is the workflow's to set.
  if (entity.status) delete body[entity.status.field];
  for (const field of entity.fields) {
    const write = field.access?.write;
    if (write && !write.roles.some((r) => r.replace(/:\*$/, "") === role)) delete body[field.name];
  }
  return body;
}

afterAll(async () => {
  // Only our own children, by handle, and only if a failed test left one running.
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) {
      leftovers.push(...(await descendants(child.pid!)));
      child.kill("SIGKILL");
    }
  for (const pid of leftovers) if (alive(pid)) process.kill(pid, "SIGKILL");
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("npm start on a bare machine (embedded PGlite)", () => {
  it("prints demo logins that sign in and may create, stops on SIGTERM, and prints the same lines again", async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "mono-start-"));
    const dataDir = path.join(workDir, "data");

    // ---- first start: a fresh folder
    const first = await start(dataDir);
    expect(first.output).toMatch(/embedded PGlite/);
    expect(first.output).toMatch(/applied migrations: 0001_init.*0007_demo_login/);
    const outbox = path.join(workDir, "outbox");
    expect(first.output).toContain(`mail:     written to ${outbox}`);

    // One super admin, and per template a tenant with the tenant admin and every template role.
    const platform = first.logins.filter((l) => l.scope === "platform");
    expect(platform.map((l) => [l.role, l.email])).toEqual([["super-admin", "admin@example.com"]]);
    for (const template of templates) {
      const roles = first.logins.filter((l) => l.scope === `${template.id}-demo`).map((l) => l.role);
      expect(roles.sort(), template.id).toEqual(["tenant-admin", ...template.roles.map((r) => r.name)].sort());
    }
    expect(first.logins.length).toBe(1 + templates.reduce((n, t) => n + 1 + t.roles.length, 0));
    for (const login of first.logins) expect(login.password).toMatch(/^[A-Za-z0-9]{18}$/);

    // `/` leads to the studio.
    const root = await call(`${first.url}/`);
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/studio/");

    // The super admin signs in on the platform tier.
    const admin = await call(`${first.url}/api/v1/platform/auth/login`, {
      method: "POST",
      body: { email: platform[0].email, password: platform[0].password },
    });
    expect(admin.status, JSON.stringify(admin.body)).toBe(200);

    // Per tenant: a role's user signs in and creates a record its rule allows, through the API.
    const created: { slug: string; apiName: string; id: string }[] = [];
    for (const template of templates) {
      const slug = `${template.id}-demo`;
      const { role, entity } = creatableByRole(template);
      const login = first.logins.find((l) => l.scope === slug && l.role === role)!;
      const session = await call(`${first.url}/api/v1/user/auth/login`, {
        method: "POST",
        headers: { "x-tenant": slug },
        body: { email: login.email, password: login.password },
      });
      expect(session.status, `${slug} ${role}: ${JSON.stringify(session.body)}`).toBe(200);
      const auth = { "x-tenant": slug, authorization: `Bearer ${session.body.accessToken}` };
      const post = await call(`${first.url}/api/v1/tenant/entities/${entity.apiName}`, {
        method: "POST",
        headers: auth,
        body: bodyFor(entity, role, 4242),
      });
      expect(post.status, `${slug} ${role} creates ${entity.name}: ${JSON.stringify(post.body)}`).toBe(201);
      created.push({ slug, apiName: entity.apiName, id: post.body.id });
      // The tenant admin sees it, beside the demo records of that entity.
      const adminLogin = first.logins.find((l) => l.scope === slug && l.role === "tenant-admin")!;
      const adminSession = await call(`${first.url}/api/v1/user/auth/login`, {
        method: "POST",
        headers: { "x-tenant": slug },
        body: { email: adminLogin.email, password: adminLogin.password },
      });
      const list = await call(`${first.url}/api/v1/tenant/entities/${entity.apiName}?limit=100&total=true`, {
        headers: { "x-tenant": slug, authorization: `Bearer ${adminSession.body.accessToken}` },
      });
      expect(list.status, JSON.stringify(list.body).slice(0, 300)).toBe(200);
      expect(list.body.page.total).toBeGreaterThan(10);
      expect(list.body.data.map((r: { id: string }) => r.id)).toContain(post.body.id);

      // The demo records' create-triggered workflows have runs: each such workflow runs on the
      // records seeded for its entity (the seeder writes through the store, the server starts them).
      for (const workflow of template.workflows) {
        const plan = (workflow as { plan?: { start: string; nodes: Record<string, any> } }).plan;
        if (!plan || !workflow.entity || plan.nodes[plan.start]?.trigger?.on !== "create") continue;
        const runs = await call(
          `${first.url}/api/v1/tenant/workflows/instances?limit=100&filter[workflow]=${workflow.name}`,
          { headers: { "x-tenant": slug, authorization: `Bearer ${adminSession.body.accessToken}` } },
        );
        expect(runs.status, JSON.stringify(runs.body).slice(0, 300)).toBe(200);
        expect(runs.body.data.length, `${slug} runs of ${workflow.name}`).toBeGreaterThan(1);
      }
    }

    // Links in emails point at the port this server listens on (no MONO_PUBLIC_URL set).
    const port = new URL(first.url).port;
    const someone = first.logins.find((l) => l.scope !== "platform")!;
    const forgot = await call(`${first.url}/api/v1/user/auth/forgot-password`, {
      method: "POST",
      headers: { "x-tenant": someone.scope },
      body: { email: someone.email },
    });
    expect(forgot.status).toBe(202);
    // The outbox also holds what the demo records' workflows sent (a new lead's assignee): take the reset mail.
    let mail = "";
    for (let i = 0; i < 50 && !mail; i++) {
      const files = existsSync(outbox) ? await readdir(outbox) : [];
      for (const file of files) {
        const text = await readFile(path.join(outbox, file), "utf8");
        if (/^X-Mono-Template: password-reset\r?$/m.test(text)) mail = text;
      }
      if (!mail) await new Promise((r) => setTimeout(r, 100));
    }
    expect(mail.replace(/=\r?\n/g, "")).toContain(
      `http://${someone.scope}.localhost:${port}/studio/auth/reset-password`,
    );

    const firstStop = await stop(first);
    expect(firstStop.code, first.output).toBe(0);
    expect(firstStop.below.length, "npm runs the server below it").toBeGreaterThan(0);
    expect(firstStop.survivors, "no process outlives npm start").toEqual([]);

    // ---- second start: the same folder; the env's admin email comes too late to matter
    const second = await start(dataDir, { MONO_ADMIN_EMAIL: "someone-else@example.com" });
    expect(second.output).toMatch(/applied migrations: none pending/);
    expect(second.output).toMatch(/kept from an earlier start/);
    expect(second.logins).toEqual(first.logins);
    for (const record of created) {
      const login = second.logins.find((l) => l.scope === record.slug && l.role === "tenant-admin")!;
      const session = await call(`${second.url}/api/v1/user/auth/login`, {
        method: "POST",
        headers: { "x-tenant": record.slug },
        body: { email: login.email, password: login.password },
      });
      expect(session.status).toBe(200);
      const again = await call(`${second.url}/api/v1/tenant/entities/${record.apiName}/${record.id}`, {
        headers: { "x-tenant": record.slug, authorization: `Bearer ${session.body.accessToken}` },
      });
      expect(again.status, JSON.stringify(again.body)).toBe(200);
    }

    const secondStop = await stop(second);
    expect(secondStop.code, second.output).toBe(0);
    expect(secondStop.survivors).toEqual([]);
  }, 400_000);
});
