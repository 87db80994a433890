/**
 * Shared set-up of the CRUD integration tests: one database and one app per test file,
 * tenants made with plain SQL, sample records from the engine in dependency order.
 */
import path from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pg from "pg";
import {
  compileTemplatesDir,
  compileTemplateText,
  sampleCreateBody,
  type AppIR,
  type EntityIR,
  type TemplateIR,
} from "../../engine/src/index.ts";
import { buildMigration } from "../../generators/src/migrations/build-migration.ts";
import { buildPrismaSchema } from "../../generators/src/prisma/build-prisma-schema.ts";
import { buildTemplateRegistry } from "../../generators/src/registry/build-template-registry.ts";
import type { EntityRegistry, TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { platform, templates } from "../../generated/registry.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp } from "../src/app.ts";
import type { WorkflowOptions } from "../src/workflows/workflow-plugin.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { creationOrder as orderEntities } from "../../engine/src/contract/creation-order.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const MIGRATIONS = path.join(ROOT, "generated/prisma/migrations");
export const allTemplates = templates as unknown as readonly TemplateRegistry[];

export interface CrudEnv {
  db: Database;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The app on a fresh database. The workflows take part in writes (a workflow-owned status is
 * refused, triggers start runs) but no worker runs their steps unless `workflows` asks for one:
 * CRUD tests read back exactly what they wrote; workflow tests start a worker themselves.
 */
export async function setupPostgres(
  registry: readonly TemplateRegistry[] = allTemplates,
  options: { adminToken?: string; workflows?: WorkflowOptions } = {},
): Promise<CrudEnv & { testDb: TestDatabase }> {
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 4 });
  await migrateUp(db, MIGRATIONS);
  const app = await buildApp({
    db,
    registry: createRuntimeRegistry(registry, platform),
    rateLimit: false,
    ...options,
    workflows: options.workflows ?? { worker: false },
  });
  return {
    db,
    app,
    testDb,
    async close() {
      await app.close();
      await db.close();
      await testDb.drop();
    },
  };
}

export interface TestTenant {
  id: string;
  slug: string;
  accountId: string;
  userId: string;
  /** Headers of a request by this tenant's test user (and account). */
  headers: Record<string, string>;
}

/** A tenant with the given templates installed, one account and one user. */
export async function createTenant(
  db: Database,
  slug: string,
  templateIds: readonly string[] = allTemplates.map((t) => t.id),
): Promise<TestTenant> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $1) RETURNING "id"`,
    [slug],
  );
  const id = rows[0].id;
  for (const templateId of templateIds) {
    const version = allTemplates.find((t) => t.id === templateId)?.version ?? "1.0.0";
    await db.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, $3)`, [
      id,
      templateId,
      version,
    ]);
  }
  const account = await db.query<{ id: string }>(
    `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, 'agency', 'Account') RETURNING "id"`,
    [id],
  );
  const user = await db.query<{ id: string }>(
    `INSERT INTO "user" ("tenantId", "email", "name") VALUES ($1, $2, 'User') RETURNING "id"`,
    [id, `user@${slug}.test`],
  );
  const accountId = account.rows[0].id;
  const userId = user.rows[0].id;
  return { id, slug, accountId, userId, headers: { "x-tenant": slug, "x-account-id": accountId, "x-user-id": userId } };
}

let ir: Promise<AppIR> | undefined;

/** The compiled templates (for `sampleCreateBody`). */
export function appIr(): Promise<AppIR> {
  ir ??= compileTemplatesDir(path.join(ROOT, "industry-templates")).then((r) => {
    if (!r.ok) throw new Error("templates do not compile");
    return r.app;
  });
  return ir;
}

export async function entityIr(templateId: string, name: string): Promise<EntityIR> {
  const template = (await appIr()).templates.find((t) => t.id === templateId)!;
  return template.entities.find((e) => e.name === name)!;
}

/** Entities of a template in creation order (required many-to-one targets first). */
export const creationOrder = (template: TemplateRegistry): EntityRegistry[] => orderEntities(template.entities);

export const url = (entity: string, rest = "") => `/api/v1/tenant/entities/${entity}${rest}`;

export type Inject = (options: {
  method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}) => Promise<LightMyRequestResponse>;

/** `app.inject` with the tenant's headers. */
export function client(app: FastifyInstance, tenant: TestTenant): Inject {
  return (options) =>
    app.inject({
      ...options,
      headers: { ...tenant.headers, ...options.headers },
      payload: options.payload as string | object | undefined,
    });
}

/**
 * Creates `count` sample records of an entity (foreign keys from `created`, the ids made so
 * far per entity name); seeds that collide on a unique field are skipped.
 */
export async function createSamples(
  call: Inject,
  templateId: string,
  entity: EntityRegistry,
  created: Map<string, string[]>,
  count: number,
  firstSeed = 1,
): Promise<Record<string, unknown>[]> {
  const irEntity = await entityIr(templateId, entity.name);
  const records: Record<string, unknown>[] = [];
  for (let seed = firstSeed; records.length < count && seed < firstSeed + count * 20; seed++) {
    const payload = sampleCreateBody(irEntity, seed);
    // Mixed radix over the keys: composite unique keys (event + member) still get new pairs.
    entity.relations.forEach((relation, i) => {
      const targets = relation.foreignKey ? created.get(relation.target) : undefined;
      if (relation.foreignKey && targets?.length)
        payload[relation.foreignKey] = targets[Math.floor(seed / 2 ** i) % targets.length];
    });
    const response = await call({ method: "POST", url: url(`${templateId}:${entity.apiName}`), payload });
    if (response.statusCode === 409) continue;
    if (response.statusCode !== 201)
      throw new Error(`create ${entity.name} (seed ${seed}): ${response.statusCode} ${response.body}`);
    const record = response.json();
    records.push(record);
    created.set(entity.name, [...(created.get(entity.name) ?? []), record.id]);
  }
  if (records.length < count) throw new Error(`could not create ${count} ${entity.name} records`);
  return records;
}

/**
 * A test's own template, compiled and registered, and its tables created on top of the shipped
 * ones: the migration generated from "shipped" to "shipped + own", applied to the test database.
 * Returns the registry entry and the migration's SQL (for tests that check what it contains).
 */
export async function installOwnTemplate(
  raw: unknown,
  file: string,
): Promise<{ registry: TemplateRegistry; ir: TemplateIR; up: string; apply: (url: string) => Promise<void> }> {
  const compiled = compileTemplateText(JSON.stringify(raw), file);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics, null, 2));
  const shipped = await compileTemplatesDir(path.join(ROOT, "industry-templates"));
  if (!shipped.ok) throw new Error("shipped templates do not compile");
  const { up } = await buildMigration(
    buildPrismaSchema({ templates: shipped.app.templates }),
    buildPrismaSchema({ templates: [...shipped.app.templates, compiled.ir] }),
  );
  const apply = async (url: string) => {
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    try {
      await sql.query(up);
    } finally {
      await sql.end();
    }
  };
  return { registry: buildTemplateRegistry(compiled.ir), ir: compiled.ir, up, apply };
}
