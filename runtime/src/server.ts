import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Redis } from "ioredis";
import { platform, templates } from "../../generated/registry.ts";
import { prng, sampleSchema } from "../../engine/src/index.ts";
import { databaseDesign } from "../../generators/src/design/database-design.ts";
import { fileDesign } from "../../generators/src/design/file-design.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { buildApp } from "./app.ts";
import { readConfig } from "./config.ts";
import { createPgliteDatabase, createPostgresDatabase, type Database } from "./db/database.ts";
import { seedDemo } from "./demo/seed-demo.ts";
import { loadOpenApiDocuments } from "./operations/load-openapi.ts";
import { createRuntimeRegistry } from "./registry/runtime-registry.ts";
import { identityOptionsFromEnv } from "./identity/identity-config.ts";
import { outboxMailer, smtpMailerFromUrl } from "./identity/mailer.ts";

/**
 * env → database → migrations → app → listen. Ctrl-C drains requests, then closes pools. The
 * composition root: the only runtime file that wires in the other layers (migrations, the
 * studio's design services, the engine's sample values for the demo).
 */
async function main() {
  const config = readConfig();
  const db = await openDatabase(config.databaseUrl, config.dataDir);
  const applied = await migrateUp(db, config.migrationsDir, { log: (line) => console.log(`  ${line}`) });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false }) : null;
  const app = await buildApp({
    db,
    redis,
    registry: createRuntimeRegistry(templates, platform),
    openapi: await loadOpenApiDocuments(
      path.resolve("generated"),
      templates.map((t) => t.id),
    ),
    logger: { level: config.logLevel },
    // Design-time services: template files and a dry-run generate in development; in production a
    // saved design becomes a draft template in the database, and nothing writes a file or generates.
    studio: {
      design: config.production
        ? databaseDesign({ db, templatesDir: config.templatesDir, log: (line) => console.warn(`mono: ${line}`) })
        : fileDesign({ templatesDir: config.templatesDir, generatedDir: path.resolve("generated") }),
    },
    adminToken: config.adminToken,
    cursorSecret: process.env.MONO_CURSOR_SECRET,
    rls: config.rls,
    allowTenantHeader: config.allowTenantHeader,
    baseDomain: config.baseDomain,
    identity: {
      ...identityOptionsFromEnv(),
      // The token printed below (generated when MONO_ADMIN_TOKEN is unset) must open the platform API
      // (the demo seeding uses it); the env-only value is undefined then and would hide it.
      adminToken: config.adminToken,
      // Without SMTP, mail lands as files in .mono/outbox so a developer can open the links.
      mailer: process.env.SMTP_URL
        ? smtpMailerFromUrl(process.env.SMTP_URL, process.env.MAIL_FROM ?? "Mono <no-reply@localhost>")
        : outboxMailer(path.resolve(".mono/outbox"), "Mono <no-reply@localhost>"),
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

  const demo = config.demo ? await seedDemo(app, config.adminToken, { prng, sampleSchema }) : [];
  const url = await app.listen({ port: config.port, host: config.host });
  const lines = [
    "",
    `Mono is running on ${config.databaseUrl ? "PostgreSQL" : `embedded PGlite (${config.dataDir})`}${redis ? " with Redis" : ""}.`,
    `  applied migrations: ${applied.length ? applied.join(", ") : "none pending"}`,
    `  API:      ${url}/api/v1`,
    `  studio:   ${url}/studio/`,
    `  OpenAPI:  ${url}/openapi.json   docs: ${url}/docs`,
    `  health:   ${url}/health/ready   metrics: ${url}/metrics`,
    ...demo.map(
      (d) =>
        `  demo tenant "${d.slug}" (${d.templateId}): ${d.records} records — try ${url}/api/v1/tenant/entities/${d.sampleEntity} with header "X-Tenant: ${d.slug}"`,
    ),
    config.adminTokenGenerated
      ? `  platform admin token (generated for this run; set MONO_ADMIN_TOKEN to fix it): ${config.adminToken}`
      : "  platform admin token: from MONO_ADMIN_TOKEN",
    "",
  ];
  console.log(lines.join("\n"));
}

async function openDatabase(databaseUrl: string | null, dataDir: string): Promise<Database> {
  if (databaseUrl) return createPostgresDatabase(databaseUrl);
  await mkdir(dataDir, { recursive: true });
  return createPgliteDatabase(new PGlite(dataDir));
}

main().catch((error) => {
  console.error(`mono: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
