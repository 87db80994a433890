/**
 * A real runtime for the studio's browser tests and benchmark: a fresh PostgreSQL database with
 * the generated migrations, `buildApp` with the studio plugin, listening on a free port. The
 * designer writes to a temp copy of industry-templates/, never to the repository's.
 *
 * With `identity`, the runtime also signs people in (and authorizes them): its emails go over
 * real SMTP to a local smtp-server (`mail`), and their links point at this server's studio
 * (the platform tier's at its /studio/platform/auth/* pages).
 */
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { PlatformRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { platform, templates } from "../../../generated/registry.ts";
import { buildApp, type AppOptions } from "../../../runtime/src/app.ts";
import { createPostgresDatabase, type Database } from "../../../runtime/src/db/database.ts";
import { fileDesign } from "../../../generators/src/design/file-design.ts";
import { migrateUp } from "../../../generators/src/migrations/migration-runner.ts";
import { loadOpenApiDocuments } from "../../../runtime/src/operations/load-openapi.ts";
import type { IdentityOptions } from "../../../runtime/src/identity/identity-config.ts";
import { outboxMailer, smtpMailer } from "../../../runtime/src/identity/mailer.ts";
import { createRuntimeRegistry, type RuntimeRegistry } from "../../../runtime/src/registry/runtime-registry.ts";
import { startMailSink, type MailSink } from "../../../runtime/test/identity-support.ts";
import { studioPlugin, type StudioPluginOptions } from "../../../runtime/src/studio/studio-plugin.ts";
import { createTestDatabase, type TestDatabase } from "../../support/postgres.ts";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const ADMIN_TOKEN = "studio-test-token-0123456789";

export interface StudioServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  /** The registry the app serves (the first run seeds from it). */
  registry: RuntimeRegistry;
  templatesDir: string;
  /** The SMTP sink the runtime's emails arrive at (servers started with `identity`). */
  mail: MailSink | null;
  /** JSON request against the running server (platform calls carry the admin token). */
  api<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface StudioServerOptions {
  /** Turn on sign-in (and with it authorization); merged over test defaults (no rate limits, plain-HTTP cookies, light argon2). */
  identity?: Partial<IdentityOptions>;
  /**
   * A database from an earlier "start" (the server migrates what is pending, as a restart does,
   * and drops it on close); default: a fresh one.
   */
  database?: TestDatabase;
  /**
   * The email pipeline writes to this outbox folder (the development `outboxMailer`, .eml files)
   * and the development outbox viewer reads it back; default: emails go to the SMTP sink.
   */
  outboxDir?: string;
  /** Another generated/ folder and the registry loaded from it (a scratch `generate`); default: the repository's. */
  generated?: { dir: string; templates: readonly TemplateRegistry[]; platform: PlatformRegistry };
  /** The workflow runtime's options (runtime/src/workflows/workflow-plugin.ts); default: the app's. */
  workflows?: AppOptions["workflows"];
  /** The messaging options (runtime/src/messaging/messaging-plugin.ts); default: the app's. */
  messaging?: AppOptions["messaging"];
  /** The media capability's options (runtime/src/media); default: none (no media routes). */
  media?: AppOptions["media"];
}

export async function startStudioServer(options: StudioServerOptions = {}): Promise<StudioServer> {
  const database: TestDatabase =
    options.database ??
    (await createTestDatabase({
      migrations: path.join(options.generated?.dir ?? path.join(ROOT, "generated"), "prisma", "migrations"),
    }));
  const db = createPostgresDatabase(database.url);
  const generated = options.generated ?? { dir: path.join(ROOT, "generated"), templates, platform };
  const templatesDir = await mkdtemp(path.join(os.tmpdir(), "mono-studio-templates-"));
  await cp(path.join(ROOT, "industry-templates"), templatesDir, { recursive: true });
  const mail = options.identity ? await startMailSink() : null;
  let url = "";
  try {
    await migrateUp(db, path.join(generated.dir, "prisma", "migrations"));
    // As the server entry wires it in development: template files and a dry-run generate.
    const studio: StudioPluginOptions = {
      adminToken: ADMIN_TOKEN,
      design: fileDesign({ templatesDir, generatedDir: generated.dir }),
      generatedDir: generated.dir,
    };
    const identity: IdentityOptions | undefined =
      options.identity && mail
        ? {
            mailer: smtpMailer({ host: "127.0.0.1", port: mail.port, from: "Mono <no-reply@mono.test>" }),
            secret: "studio-test-jwt-secret-0123456789-abcdefghij",
            secureCookies: false,
            argon2: { memoryCost: 4096, timeCost: 2, parallelism: 1 },
            rateLimit: false,
            // Email links open this server's studio, as the defaults of MONO_PUBLIC_URL and
            // MONO_PLATFORM_URL do: a tenant's its /auth/* pages (the tenant comes from the
            // browser's session), the platform's its /platform/auth/* pages.
            publicUrl: (tenant) => (tenant ? `${url}/studio` : `${url}/studio/platform`),
            ...options.identity,
          }
        : undefined;
    const registry = createRuntimeRegistry(generated.templates, generated.platform);
    const appOptions: AppOptions & { studio?: StudioPluginOptions } = {
      db,
      registry,
      // A test's own template (registered, not generated) has no OpenAPI document.
      openapi: await loadOpenApiDocuments(
        generated.dir,
        generated.templates.map((t) => t.id).filter((id) => existsSync(path.join(generated.dir, id, "openapi.json"))),
      ),
      adminToken: ADMIN_TOKEN,
      allowTenantHeader: true,
      rateLimit: false,
      studio,
      ...(options.workflows !== undefined ? { workflows: options.workflows } : {}),
      ...(options.messaging !== undefined ? { messaging: options.messaging } : {}),
      ...(options.media ? { media: options.media } : {}),
      ...(identity ? { identity } : {}),
      ...(options.outboxDir
        ? {
            email: {
              transport: outboxMailer(options.outboxDir, "Mono <no-reply@mono.test>"),
              devOutbox: { dir: options.outboxDir },
            },
          }
        : {}),
    };
    const app = await buildApp(appOptions);
    // The lead wires the plugin into app.ts; until then (or if it is not there) register it here.
    if (!app.hasRoute({ method: "GET", url: "/studio/api/registry" }))
      await app.register(studioPlugin, { prefix: "/studio", ...studio });
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    const api = async <T>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(url + route, {
        method,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    };
    return {
      url,
      app,
      db,
      registry,
      templatesDir,
      mail,
      api,
      async close() {
        await app.close();
        await mail?.close();
        await db.close();
        await database.drop();
        await rm(templatesDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await mail?.close().catch(() => {});
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
