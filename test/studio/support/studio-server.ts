/**
 * A real runtime for the studio's browser tests and benchmark: a fresh PostgreSQL database with
 * the generated migrations, `buildApp` with the studio plugin, listening on a free port. The
 * designer writes to a temp copy of industry-templates/, never to the repository's.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { templates } from "../../../generated/registry.ts";
import { buildApp, type AppOptions } from "../../../runtime/src/app.ts";
import { createPostgresDatabase, type Database } from "../../../runtime/src/db/database.ts";
import { migrateUp } from "../../../runtime/src/db/migration-runner.ts";
import { loadOpenApiDocuments } from "../../../runtime/src/operations/load-openapi.ts";
import { createRuntimeRegistry } from "../../../runtime/src/registry/runtime-registry.ts";
import { studioPlugin, type StudioPluginOptions } from "../../../runtime/src/studio/studio-plugin.ts";
import { createTestDatabase, type TestDatabase } from "../../support/postgres.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const ADMIN_TOKEN = "studio-test-token-0123456789";

export interface StudioServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  templatesDir: string;
  /** JSON request against the running server (platform calls carry the admin token). */
  api<T = any>(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startStudioServer(): Promise<StudioServer> {
  const database: TestDatabase = await createTestDatabase();
  const db = createPostgresDatabase(database.url);
  const templatesDir = await mkdtemp(path.join(os.tmpdir(), "mono-studio-templates-"));
  await cp(path.join(ROOT, "industry-templates"), templatesDir, { recursive: true });
  try {
    await migrateUp(db, path.join(ROOT, "generated", "prisma", "migrations"));
    const studio: StudioPluginOptions = { templatesDir, adminToken: ADMIN_TOKEN, allowGenerate: true };
    const options: AppOptions & { studio?: StudioPluginOptions } = {
      db,
      registry: createRuntimeRegistry(templates),
      openapi: await loadOpenApiDocuments(path.join(ROOT, "generated"), templates.map((t) => t.id)),
      adminToken: ADMIN_TOKEN,
      allowTenantHeader: true,
      rateLimit: false,
      studio,
    };
    const app = await buildApp(options);
    // The lead wires the plugin into app.ts; until then (or if it is not there) register it here.
    if (!app.hasRoute({ method: "GET", url: "/studio/api/registry" })) await app.register(studioPlugin, { prefix: "/studio", ...studio });
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    const api = async <T>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(url + route, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    };
    return {
      url,
      app,
      db,
      templatesDir,
      api,
      async close() {
        await app.close();
        await db.close();
        await database.drop();
        await rm(templatesDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await db.close().catch(() => {});
    await database.drop().catch(() => {});
    throw error;
  }
}

/** Creates a tenant with a template installed (through the platform API). */
export async function createTenant(server: StudioServer, slug: string, templateId: string): Promise<void> {
  const created = await server.api("POST", "/api/v1/platform/tenants", { slug, name: `${slug} (test)` });
  if (created.status !== 201) throw new Error(`create tenant: ${created.status} ${JSON.stringify(created.body)}`);
  const installed = await server.api("POST", `/api/v1/platform/tenants/${slug}/templates`, { templateId });
  if (installed.status === 201) return;
  throw new Error(`install ${templateId}: ${installed.status} ${JSON.stringify(installed.body)}`);
}
