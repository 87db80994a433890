import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { FastifyServerOptions } from "fastify";
import { Redis } from "ioredis";
import { sampleCreateRecord } from "../../engine/src/samples/sample-record.ts";
import { platform, templates } from "../../generated/registry.ts";
import { databaseDesign } from "../../generators/src/design/database-design.ts";
import { fileDesign } from "../../generators/src/design/file-design.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { buildApp } from "./app.ts";
import { storageFromEnv } from "./media/storage.ts";
import { readConfig, type ServerConfig } from "./config.ts";
import { createPgliteDatabase, createPostgresDatabase, type Database } from "./db/database.ts";
import { PGLITE_EXTENSIONS } from "./db/pglite-extensions.ts";
import { loginLines } from "./demo/demo-logins.ts";
import { firstRun, type FirstRunResult } from "./demo/first-run.ts";
import { startRunsForExistingRecords } from "./workflows/start-existing.ts";
import { identityOptionsFromEnv } from "./identity/identity-config.ts";
import { outboxMailer, smtpMailerFromUrl } from "./identity/mailer.ts";
import { superAdminExists } from "./identity/routes/bootstrap-route.ts";
import { loadOpenApiDocuments } from "./operations/load-openapi.ts";
import { createRuntimeRegistry } from "./registry/runtime-registry.ts";
import { createTemporalBackend, temporalOptionsFromEnv } from "./workflows/temporal/backend.ts";
import { translationFromEnv } from "./translation/translation-config.ts";

/**
 * The composition root of `npm start`: env → database → migrations → first-run sign-ins and
 * demo tenants → app → listen. SIGTERM/SIGINT drain requests, then close pools and exit. The only
 * runtime file that wires in the other layers (migrations, the studio's design services, the
 * engine's sample values for the demo).
 */
async function main() {
  const config = readConfig();
  const db = await openDatabase(config.databaseUrl, config.dataDir);
  const applied = await migrateUp(db, config.migrationsDir, { log: (line) => console.log(`  ${line}`) });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false }) : null;
  const registry = createRuntimeRegistry(templates, platform);

  // First run: the super admin, then one demo tenant per template with a user per role.
  const first = await firstRun({
    db,
    registry,
    admin: { email: config.adminEmail, password: config.adminPassword, generate: !config.production },
    demo: config.demo,
    // The engine's generator, handed to the runtime here (the runtime does not import the engine).
    sample: sampleCreateRecord,
  });

  let port = config.port;
  const mailer = process.env.SMTP_URL
    ? smtpMailerFromUrl(process.env.SMTP_URL, process.env.MAIL_FROM ?? "Mono <no-reply@localhost>")
    : outboxMailer(config.outboxDir, process.env.MAIL_FROM ?? "Mono <no-reply@localhost>");
  const app = await buildApp({
    db,
    redis,
    registry,
    openapi: await loadOpenApiDocuments(
      path.resolve("generated"),
      templates.map((t) => t.id),
    ),
    logger: loggerOptions(config),
    // Design-time services: template files and a dry-run generate in development; in production a
    // saved design becomes a draft template in the database, and nothing writes a file or generates.
    studio: {
      design: config.production
        ? databaseDesign({ db, templatesDir: config.templatesDir, log: (line) => console.warn(`mono: ${line}`) })
        : fileDesign({ templatesDir: config.templatesDir, generatedDir: path.resolve("generated") }),
    },
    adminToken: config.adminToken,
    // LLM translation of record content (runtime/src/translation): on with OPENAI_BASE_URL.
    translation: await translationFromEnv(process.env, config.templatesDir),
    trustProxy: config.trustProxy,
    cursorSecret: process.env.MONO_CURSOR_SECRET,
    rls: config.rls,
    allowTenantHeader: config.allowTenantHeader,
    baseDomain: config.baseDomain,
    // Email: BullMQ on Redis when REDIS_URL is set (the worker gets a connection of its own),
    // the database queue otherwise; a worker runs in this process either way.
    email: {
      transport: mailer,
      from: process.env.MAIL_FROM ?? "Mono <no-reply@localhost>",
      redis: redis
        ? { queue: redis, worker: redis.duplicate(), prefix: process.env.MONO_EMAIL_QUEUE_PREFIX ?? "mono" }
        : null,
      ratePerMinute: process.env.MONO_EMAIL_RATE_PER_MINUTE ? Number(process.env.MONO_EMAIL_RATE_PER_MINUTE) : null,
      // The studio's mail outbox viewer reads the .eml files back: development without SMTP only.
      devOutbox: !config.production && !process.env.SMTP_URL ? { dir: config.outboxDir } : null,
    },
    // Workflows: BullMQ on Redis when REDIS_URL is set, the database queue otherwise; a worker runs
    // in this process unless MONO_WORKFLOW_WORKER=0 (then `mono worker` processes run the steps).
    workflows: {
      redis: redis
        ? { queue: redis, worker: redis.duplicate(), prefix: process.env.MONO_WORKFLOW_QUEUE_PREFIX ?? "mono" }
        : null,
      worker: process.env.MONO_WORKFLOW_WORKER !== "0",
      // With TEMPORAL_ADDRESS, new runs start in Temporal (runtime/src/workflows/temporal/README.md);
      // `mono worker` then also runs the Temporal worker. Null (nothing changes) without it.
      temporal: createTemporalBackend(temporalOptionsFromEnv()),
    },
    // Media: the local folder (MONO_MEDIA_DIR) unless MONO_S3_BUCKET names a bucket (MONO_S3_*).
    media: {
      storage: storageFromEnv(process.env, config.mediaDir),
      secret: process.env.MONO_MEDIA_SECRET?.trim() || randomBytes(32).toString("base64url"),
      quotaBytes: process.env.MONO_MEDIA_QUOTA_BYTES ? Number(process.env.MONO_MEDIA_QUOTA_BYTES) : undefined,
      // Variants by the in-process worker from the database queue (MONO_MEDIA_VARIANTS=inline: in the upload request).
      variants: process.env.MONO_MEDIA_VARIANTS === "inline" ? "inline" : "worker",
      // MONO_MEDIA_WORKER=0: no variant worker here (`mono media-worker` processes make them).
      worker: process.env.MONO_MEDIA_WORKER !== "0",
      // With REDIS_URL the variant jobs go through BullMQ (the row stays the truth).
      redis: redis
        ? { queue: redis, worker: redis.duplicate(), prefix: process.env.MONO_MEDIA_QUEUE_PREFIX ?? "mono" }
        : null,
      orphanTtlMs: process.env.MONO_MEDIA_ORPHAN_HOURS
        ? Number(process.env.MONO_MEDIA_ORPHAN_HOURS) * 3600_000
        : undefined,
    },
    identity: {
      // Links in emails follow the port actually bound (PORT=0 picks one) unless MONO_PUBLIC_URL says otherwise.
      ...identityOptionsFromEnv(process.env, { port: () => port, host: config.host, baseDomain: config.baseDomain }),
      // The token printed below (generated when MONO_ADMIN_TOKEN is unset) must open the platform API;
      // the env-only value is undefined then and would hide it.
      adminToken: config.adminToken,
      keepAdminToken: config.keepAdminToken,
      // Without SMTP, mail lands as .eml files beside the data folder, so a developer can open the links.
      mailer,
    },
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: draining requests");
    await app.close();
    await redis?.quit();
    await db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  const url = await app.listen({ port: config.port, host: config.host });
  port = Number(new URL(url).port);
  // The demo's records were written through the store, not the API: start the runs their
  // workflows' triggers ask for (once: a restart finds the tenants and starts nothing).
  for (const report of first.demo.filter((r) => r.created && config.demo)) {
    const { rows } = await db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [report.slug]);
    if (rows[0]) await startRunsForExistingRecords(app, rows[0].id, report.templateId);
  }
  const tokenRetired = !config.keepAdminToken && (await superAdminExists(db));
  console.log(banner(config, url, applied, redis !== null, first, tokenRetired).join("\n"));
}

function banner(
  config: ServerConfig,
  url: string,
  applied: string[],
  withRedis: boolean,
  { demo, logins }: FirstRunResult,
  tokenRetired: boolean,
): string[] {
  const lines = [
    "",
    `Mono is running on ${config.databaseUrl ? "PostgreSQL" : `embedded PGlite (${config.dataDir})`}${withRedis ? " with Redis" : ""}.`,
    `  applied migrations: ${applied.length ? applied.join(", ") : "none pending"}`,
    `  API:      ${url}/api/v1`,
    `  studio:   ${url}/studio/`,
    `  OpenAPI:  ${url}/openapi.json   docs: ${url}/docs`,
    `  health:   ${url}/health/ready   metrics: ${url}/metrics`,
    process.env.SMTP_URL ? "  mail:     sent through SMTP_URL" : `  mail:     written to ${config.outboxDir}`,
    process.env.MONO_S3_BUCKET ? `  media:    bucket ${process.env.MONO_S3_BUCKET}` : `  media:    ${config.mediaDir}`,
  ];
  for (const d of demo) {
    lines.push(
      d.created
        ? `  demo tenant "${d.slug}" (${d.templateId}): ${d.records} records created — X-Tenant: ${d.slug}`
        : `  demo tenant "${d.slug}" (${d.templateId}): kept from an earlier start — X-Tenant: ${d.slug}`,
    );
    for (const s of d.skipped.slice(0, 5)) lines.push(`    skipped a ${s.entity}: ${s.reason}`);
    if (d.skipped.length > 5) lines.push(`    … and ${d.skipped.length - 5} more skipped`);
  }
  // The bootstrap token only opens the platform API until a super admin exists (MONO_ADMIN_TOKEN_KEEP keeps it).
  lines.push(
    tokenRetired
      ? "  platform admin token: retired, a super admin exists (sign in as one; MONO_ADMIN_TOKEN_KEEP=1 keeps it)"
      : config.adminTokenGenerated
        ? `  platform admin token (generated for this run; set MONO_ADMIN_TOKEN to fix it): ${config.adminToken}`
        : "  platform admin token: from MONO_ADMIN_TOKEN",
  );
  if (config.production) {
    // Demo logins are a development convenience: production never prints a password.
    if (logins.length)
      lines.push(`  ${logins.length} demo login(s) exist (table demo_login); not printed in production`);
  } else {
    lines.push("", ...loginLines(logins, config.adminPassword));
  }
  lines.push("");
  return lines;
}

/** Readable logs in development (pino-pretty), one JSON object per line in production. */
function loggerOptions(config: ServerConfig): FastifyServerOptions["logger"] {
  if (config.production) return { level: config.logLevel };
  return {
    level: config.logLevel,
    transport: { target: "pino-pretty", options: { translateTime: "HH:MM:ss.l", ignore: "pid,hostname" } },
  };
}

async function openDatabase(databaseUrl: string | null, dataDir: string): Promise<Database> {
  if (databaseUrl) return createPostgresDatabase(databaseUrl);
  await mkdir(dataDir, { recursive: true });
  return createPgliteDatabase(new PGlite(dataDir, { extensions: PGLITE_EXTENSIONS }));
}

main().catch((error) => {
  console.error(`mono: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
