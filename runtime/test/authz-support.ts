/**
 * Shared by the authorization tests: a real PostgreSQL database with the migrations, Redis for
 * the principal cache, an app with identity (so rules are enforced), and users made with SQL
 * whose access tokens are minted directly (the login flow has its own tests; argon2 per user
 * would dominate these suites).
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { Redis } from "ioredis";
import { platform, templates } from "../../generated/registry.ts";
import type { TemplateRegistry } from "../../engine/src/contract/registry-types.ts";
import { createTestDatabase, type TestDatabase } from "../../test/support/postgres.ts";
import { buildApp, type AppOptions } from "../src/app.ts";
import { createPostgresDatabase, type Database } from "../src/db/database.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import type { RlsMode } from "../src/db/tenant-sessions.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";

export const MIGRATIONS = "generated/prisma/migrations";
export const SECRET = "authz-test-secret-0123456789-abcdefghijkl";
export const ADMIN_TOKEN = "authz-bootstrap-token-0123456789-abcdef";
export const allTemplates = templates as unknown as readonly TemplateRegistry[];

export interface AuthzEnv {
  app: FastifyInstance;
  db: Database;
  redis: Redis;
  testDb: TestDatabase;
  close(): Promise<void>;
}

export interface EnvOptions {
  registry?: readonly TemplateRegistry[];
  rls?: RlsMode;
  redis?: boolean;
  extra?: Partial<AppOptions>;
}

export async function startAuthzApp(options: EnvOptions = {}): Promise<AuthzEnv> {
  const testDb = await createTestDatabase({ migrations: MIGRATIONS });
  const db = createPostgresDatabase(testDb.url, { max: 6 });
  await migrateUp(db, MIGRATIONS);
  const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  const app = await buildApp({
    db,
    redis: options.redis === false ? null : redis,
    registry: createRuntimeRegistry(options.registry ?? allTemplates, platform),
    adminToken: ADMIN_TOKEN,
    allowTenantHeader: true,
    rateLimit: false,
    rls: options.rls,
    identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
    // No workflows unless a test asks (extra.workflows): access tests write statuses and expect
    // records as written; the shipped templates' workflows own those statuses and move records on.
    workflows: false,
    ...options.extra,
  });
  await app.ready();
  return {
    app,
    db,
    redis,
    testDb,
    async close() {
      await app.close();
      redis.disconnect();
      await db.close();
      await testDb.drop();
    },
  };
}

export async function createTenant(
  db: Database,
  slug: string,
  templateIds: readonly string[] = allTemplates.map((t) => t.id),
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $1) RETURNING "id"`,
    [slug],
  );
  for (const id of templateIds) {
    const version = allTemplates.find((t) => t.id === id)?.version ?? "1.0.0";
    await db.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, $3)`, [
      rows[0].id,
      id,
      version,
    ]);
  }
  return rows[0].id;
}

export async function createAccount(
  db: Database,
  tenantId: string,
  kind = "household",
  name = "Account",
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "account" ("tenantId", "kind", "name") VALUES ($1, $2, $3) RETURNING "id"`,
    [tenantId, kind, name],
  );
  return rows[0].id;
}

export interface UserSpec {
  /** [role, accountId | null] per membership. */
  roles?: [string, string | null][];
  tier?: string;
  verified?: boolean;
  /** The account the token says the user acts as. */
  active?: string;
}

export interface TestUser {
  id: string;
  tenantId: string;
  slug: string;
  token: string;
  spec: UserSpec;
}

/** A user with memberships (SQL) and an access token for them (minted, as a login would). */
export async function createUser(
  env: AuthzEnv,
  tenantId: string,
  slug: string,
  spec: UserSpec = {},
): Promise<TestUser> {
  const email = `${randomUUID()}@authz.test`;
  const verified = spec.verified ?? true;
  const profile = spec.tier ? { tier: spec.tier } : {};
  const { rows } = await env.db.query<{ id: string }>(
    `INSERT INTO "user" ("tenantId", "email", "name", "emailVerifiedAt", "profile") VALUES ($1, $2, 'Test', CASE WHEN $3::boolean THEN now() END, $4::jsonb) RETURNING "id"`,
    [tenantId, email, verified, JSON.stringify(profile)],
  );
  const id = rows[0].id;
  for (const [role, accountId] of spec.roles ?? []) {
    await env.db.query(`INSERT INTO "membership" ("tenantId", "accountId", "userId", "role") VALUES ($1, $2, $3, $4)`, [
      tenantId,
      accountId,
      id,
      role,
    ]);
  }
  return { id, tenantId, slug, token: await mint(env, tenantId, id, spec), spec };
}

/**
 * An access token as a login would issue it, with the live session (refresh-token family) a
 * login creates: tokens of sessions that do not exist are refused.
 */
export async function mint(
  env: AuthzEnv,
  tenantId: string | null,
  userId: string,
  spec: UserSpec = {},
  superAdmin = false,
): Promise<string> {
  const sid = randomUUID();
  await env.db.query(
    `INSERT INTO "refresh_token" ("tenantId", "userId", "familyId", "tokenHash", "expiresAt", "familyExpiresAt")
     VALUES ($1, $2, $3, $4, now() + interval '1 day', now() + interval '1 day')`,
    [tenantId, userId, sid, randomUUID().replaceAll("-", "").padEnd(64, "0")],
  );
  return env.app.auth.accessTokens.sign({
    sub: userId,
    tid: tenantId,
    sid,
    mem: (spec.roles ?? []).map(([role, account]) => [account, role]),
    ...(spec.active ? { prof: { a: spec.active, k: "household" } } : {}),
    sa: superAdmin,
    ev: spec.verified ?? true,
  });
}

export type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

export interface Call {
  (method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Requests as `user` (or anonymous with null) in tenant `slug`. */
export function caller(env: AuthzEnv, slug: string, user: Pick<TestUser, "token"> | null): Call {
  return (method, url, body, headers = {}) =>
    env.app.inject({
      method,
      url,
      headers: { "x-tenant": slug, ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
}

export const entityUrl = (templateId: string, apiName: string, rest = "") =>
  `/api/v1/tenant/entities/${templateId}:${apiName}${rest}`;
