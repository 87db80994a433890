/**
 * The studio's design services in both modes, through the real server entry (what `npm start`
 * runs: `node --import tsx runtime/src/server.ts`) on a fresh PostgreSQL database:
 *
 * - development: a saved design is the template file itself, and generate dry-runs (it plans the
 *   migration the design needs and writes nothing);
 * - production (NODE_ENV=production): a saved design becomes a row of draft_template and is served
 *   in draft mode at once: a tenant installs it and its records are created and read through the
 *   entity API, stored as JSONB in draft_record. No route writes a file (the templates folder is
 *   read-only, and byte for byte unchanged after), generate is refused, and a server killed and
 *   started again serves the draft from the database.
 *
 * The design is generated here (random id, neutral names): nothing depends on the shipped templates.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmod, cp, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TOKEN = "design-modes-admin-token-0123456789";
const START_TIMEOUT_MS = 60_000;

/** A small two-entity design with a required reference, open to anonymous callers. */
function design(id: string, extraField = false): Record<string, unknown> {
  const label = { "x-id": "fld_label", type: "string", maxLength: 40 };
  return {
    id,
    version: "0.1.0",
    title: { en: `Design ${id}` },
    locales: ["en"],
    entities: {
      Shelf: {
        id: "ent_shelf",
        scope: "tenant",
        schema: {
          type: "object",
          required: ["label"],
          properties: {
            label,
            slots: { "x-id": "fld_slots", type: "integer", minimum: 0 },
            ...(extraField ? { note: { "x-id": "fld_note", type: "string", maxLength: 200 } } : {}),
          },
        },
        access: { read: "public", create: "public" },
      },
      Crate: {
        id: "ent_crate",
        scope: "tenant",
        schema: { type: "object", required: ["label"], properties: { label } },
        relations: { shelf: { id: "rel_shelf", to: "Shelf", kind: "many-to-one", required: true } },
        access: { read: "public", create: "public" },
      },
    },
  };
}

const children: ChildProcess[] = [];
let database: TestDatabase;
let db: pg.Client;
let scratch: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  scratch = await mkdtemp(path.join(os.tmpdir(), "mono-design-modes-"));
});

afterAll(async () => {
  // Only our own children, by handle, and only if a failed test left one running.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await db?.end();
  await database?.drop();
  if (scratch) {
    await makeWritable(scratch);
    await rm(scratch, { recursive: true, force: true });
  }
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  api<T = any>(method: string, route: string, body?: unknown, tenant?: string): Promise<{ status: number; body: T }>;
}

/** The server entry on the test database, development or production, reading designs from `templatesDir`. */
async function start(mode: "development" | "production", templatesDir: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(DATABASE_URL|REDIS_URL|NODE_ENV|PORT|HOST|LOG_LEVEL)$|^MONO_|^VITEST|^SMTP_/.test(key)) env[key] = value;
  Object.assign(env, {
    DATABASE_URL: database.url,
    PORT: String(port),
    HOST: "127.0.0.1",
    MONO_ADMIN_TOKEN: TOKEN,
    // A script's key: kept after the first run creates the super admin (it retires otherwise).
    MONO_ADMIN_TOKEN_KEEP: "true",
    MONO_DEMO: "false",
    MONO_ALLOW_TENANT_HEADER: "true",
    MONO_TEMPLATES_DIR: templatesDir,
    MONO_DATA_DIR: path.join(scratch, "pglite-unused"),
    LOG_LEVEL: "warn",
    ...(mode === "production" ? { NODE_ENV: "production" } : {}),
  });
  const child = spawn(process.execPath, ["--import", "tsx", "runtime/src/server.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const began = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - began > START_TIMEOUT_MS) throw new Error(`not ready within ${START_TIMEOUT_MS} ms:\n${output}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    child,
    url,
    output: () => output,
    async api(method, route, body, tenant) {
      const response = await fetch(url + route, {
        method,
        // Platform and studio calls carry the admin token; tenant calls are anonymous.
        headers: {
          ...(tenant ? { "x-tenant": tenant } : { authorization: `Bearer ${TOKEN}` }),
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
}

async function stop(server: Server, signal: NodeJS.Signals): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill(signal);
  await exited;
}

/** Every file under `dir` with a hash of its bytes and its mode: what "nothing was written" compares. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file);
    out[path.relative(dir, file)] = entry.isFile()
      ? `${createHash("sha256")
          .update(await readFile(file))
          .digest("hex")} ${info.mtimeMs}`
      : `dir ${info.mtimeMs}`;
  }
  return out;
}

async function walk(dir: string, fn: (file: string, isDir: boolean) => Promise<void>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(file, fn);
    await fn(file, entry.isDirectory());
  }
}
const makeReadOnly = async (dir: string) => {
  await walk(dir, (file, isDir) => chmod(file, isDir ? 0o555 : 0o444));
  await chmod(dir, 0o555);
};
async function makeWritable(dir: string) {
  await chmod(dir, 0o755).catch(() => {});
  await walk(dir, (file, isDir) => chmod(file, isDir ? 0o755 : 0o644)).catch(() => {});
}

const draftRows = async () =>
  (await db.query<{ templateId: string }>(`SELECT "templateId" FROM "draft_template" ORDER BY 1`)).rows.map(
    (r) => r.templateId,
  );

describe("the studio's design services", () => {
  it("development: a saved design is the template file; generate is a dry run", async () => {
    const templatesDir = path.join(scratch, "dev-templates");
    await cp(path.join(ROOT, "industry-templates"), templatesDir, { recursive: true });
    const id = `dev-${randomBytes(3).toString("hex")}`;
    const server = await start("development", templatesDir);
    try {
      const saved = await server.api("PUT", `/studio/api/templates/${id}`, design(id));
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body).toMatchObject({ saved: true, storage: "file", file: `${id}/template.json`, created: true });
      expect(saved.body.draftMode).toBe(false);
      expect(JSON.parse(await readFile(path.join(templatesDir, id, "template.json"), "utf8"))).toEqual(design(id));

      const generated = await server.api("POST", "/studio/api/generate", { migrationName: "dev design" });
      expect(generated.status, JSON.stringify(generated.body).slice(0, 300)).toBe(200);
      expect(generated.body.ok).toBe(true);
      // The new template's tables: the migration it would take, planned and not written.
      expect(generated.body.migration.sql).toContain(`CREATE TABLE "${id.replace(/-/g, "_")}_shelf"`);
      expect(generated.body.changed).toEqual(expect.arrayContaining([`${id}/registry.ts`]));
      await expect(stat(path.join(ROOT, "generated", id))).rejects.toThrow();
      expect(await draftRows()).toEqual([]);
    } finally {
      await stop(server, "SIGTERM");
    }
  }, 120_000);

  it("production: a saved design is a draft template row, served in draft mode; no file is written, nothing generates", async () => {
    const templatesDir = path.join(scratch, "prod-templates");
    await cp(path.join(ROOT, "industry-templates"), templatesDir, { recursive: true });
    await makeReadOnly(templatesDir);
    const before = await snapshot(templatesDir);
    const id = `prod-${randomBytes(3).toString("hex")}`;

    let server = await start("production", templatesDir);
    try {
      // The shipped files are listed (read, never written) next to the database's drafts.
      const listed = await server.api("GET", "/studio/api/templates");
      expect(listed.body.data).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: "modeling-agency", storage: "file" })]),
      );

      // A design with errors: 422 with pointers, nothing stored.
      const broken = await server.api("PUT", `/studio/api/templates/${id}`, { ...design(id), entities: 7 });
      expect(broken.status).toBe(422);
      expect(broken.body.errors[0].pointer).toBe("/body/entities");
      expect(await draftRows()).toEqual([]);

      const saved = await server.api("PUT", `/studio/api/templates/${id}`, design(id));
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body).toMatchObject({
        saved: true,
        storage: "database",
        file: null,
        created: true,
        draftMode: true,
      });
      expect(await draftRows()).toEqual([id]);
      const read = await server.api("GET", `/studio/api/templates/${id}`);
      expect(read.body).toMatchObject({ id, storage: "database", file: null, template: design(id) });

      // A design of a compiled template is kept as a draft row too; the compiled one keeps serving.
      const shipped = JSON.parse(await readFile(path.join(templatesDir, "modeling-agency", "template.json"), "utf8"));
      const shippedSave = await server.api("PUT", "/studio/api/templates/modeling-agency", shipped);
      expect(shippedSave.status, JSON.stringify(shippedSave.body).slice(0, 300)).toBe(200);
      expect(shippedSave.body).toMatchObject({ storage: "database", created: false, draftMode: false });
      expect(await draftRows()).toEqual([id, "modeling-agency"].sort());

      const generate = await server.api("POST", "/studio/api/generate", {});
      expect(generate.status).toBe(403);
      expect(generate.body.detail).toMatch(/development only/);

      // The studio sees the draft template, every entity in draft mode, with its form specs.
      const registry = await server.api("GET", "/studio/api/registry");
      const served = registry.body.templates.find((t: { id: string }) => t.id === id);
      expect(served.entities.map((e: { name: string; draft: boolean }) => [e.name, e.draft])).toEqual([
        ["Shelf", true],
        ["Crate", true],
      ]);
      const shelfApi = served.entities[0].apiName as string;
      const crateApi = served.entities[1].apiName as string;
      const form = await server.api("GET", `/studio/api/forms/${id}/Shelf`);
      expect(form.status).toBe(200);
      expect(form.body.entity).toBe("Shelf");
      expect(Object.keys(form.body.create.schema.properties)).toEqual(["label", "slots"]);

      // A tenant installs it; records go through the entity API into draft_record.
      const tenant = `t-${id}`;
      expect((await server.api("POST", "/api/v1/platform/tenants", { slug: tenant, name: "Design test" })).status).toBe(
        201,
      );
      const installed = await server.api("POST", `/api/v1/platform/tenants/${tenant}/templates`, { templateId: id });
      expect(installed.status, JSON.stringify(installed.body)).toBe(201);
      const shelf = await server.api(
        "POST",
        `/api/v1/tenant/entities/${shelfApi}`,
        { label: "First", slots: 4 },
        tenant,
      );
      expect(shelf.status, JSON.stringify(shelf.body)).toBe(201);
      const invalid = await server.api("POST", `/api/v1/tenant/entities/${shelfApi}`, { slots: -1 }, tenant);
      expect(invalid.status).toBe(400);
      expect(invalid.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        "/body/label",
        "/body/slots",
      ]);
      const crate = await server.api(
        "POST",
        `/api/v1/tenant/entities/${crateApi}`,
        { label: "Box", shelfId: shelf.body.id },
        tenant,
      );
      expect(crate.status, JSON.stringify(crate.body)).toBe(201);
      const got = await server.api(
        "GET",
        `/api/v1/tenant/entities/${crateApi}/${crate.body.id}?include=shelf`,
        undefined,
        tenant,
      );
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ label: "Box", shelf: { id: shelf.body.id, label: "First", slots: 4 } });
      const stored = await db.query(
        `SELECT "entity", "data" FROM "draft_record" WHERE "templateId" = $1 ORDER BY "entity"`,
        [id],
      );
      expect(stored.rows.map((r) => [r.entity, r.data.label])).toEqual([
        ["Crate", "Box"],
        ["Shelf", "First"],
      ]);

      // Saved again with one more field: served at once, no restart.
      const resaved = await server.api("PUT", `/studio/api/templates/${id}`, design(id, true));
      expect(resaved.body).toMatchObject({ created: false, draftMode: true });
      const noted = await server.api(
        "POST",
        `/api/v1/tenant/entities/${shelfApi}`,
        { label: "Second", note: "new field" },
        tenant,
      );
      expect(noted.status, JSON.stringify(noted.body)).toBe(201);

      // Killed and started again: the draft is served from the database.
      await stop(server, "SIGKILL");
      server = await start("production", templatesDir);
      const list = await server.api("GET", `/api/v1/tenant/entities/${shelfApi}?sort=createdAt`, undefined, tenant);
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.data.map((r: { label: string; note?: string }) => [r.label, r.note ?? null])).toEqual([
        ["First", null],
        ["Second", "new field"],
      ]);
    } finally {
      await stop(server, "SIGTERM");
    }
    // Not one byte, mode or timestamp of the templates folder changed.
    expect(await snapshot(templatesDir)).toEqual(before);
  }, 180_000);
});
