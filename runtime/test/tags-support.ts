/**
 * Shared by the tagging and collections tests: a template of the tests' own (a "lab" of items
 * and notes; nothing shipped), an app with identity on any database (PostgreSQL or PGlite), and
 * users with minted tokens.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { platform } from "../../generated/registry.ts";
import { migrateUp } from "../../generators/src/migrations/migration-runner.ts";
import { buildApp, type AppOptions } from "../src/app.ts";
import type { Database } from "../src/db/database.ts";
import { createRuntimeRegistry } from "../src/registry/runtime-registry.ts";
import { allTemplates, installOwnTemplate, MIGRATIONS } from "./crud-support.ts";

export const TEMPLATE_ID = "tag-lab";
const label = (en: string) => ({ en });
const SECRET = "tags-test-secret-0123456789-abcdefghijklm";

/**
 * Items: their owner and editors read and update them; other signed-in users read the published
 * ones only. Notes are tenant-wide and public. Both take tags and go into collections; memos
 * do neither.
 */
export const RAW_TEMPLATE = {
  id: TEMPLATE_ID,
  version: "1.0.0",
  title: label("Tag lab"),
  locales: ["en"],
  roles: {
    editor: { label: label("Editor"), tier: "tenant", inherits: ["user"], permissions: [] },
  },
  tagging: { entities: ["Item", "Note"] },
  collections: { entities: ["Item", "Note"] },
  entities: {
    Item: {
      id: "ent_tag_lab_item",
      label: label("Item"),
      scope: "user",
      access: {
        read: { any: ["owner", "editor", { authenticated: true, where: { published: true } }] },
        create: "authenticated",
        update: "owner|editor",
        delete: "owner",
      },
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_tag_lab_item_title", type: "string", maxLength: 200 },
          published: { "x-id": "fld_tag_lab_item_published", type: "boolean", default: false },
        },
      },
    },
    Memo: {
      id: "ent_tag_lab_memo",
      label: label("Memo"),
      scope: "tenant",
      access: { read: "public", create: "editor", update: "editor", delete: "editor" },
      schema: {
        type: "object",
        required: ["text"],
        properties: { text: { "x-id": "fld_tag_lab_memo_text", type: "string", maxLength: 500 } },
      },
    },
    Note: {
      id: "ent_tag_lab_note",
      label: label("Note"),
      scope: "tenant",
      access: { read: "public", create: "editor", update: "editor", delete: "editor" },
      schema: {
        type: "object",
        required: ["text"],
        properties: { text: { "x-id": "fld_tag_lab_note_text", type: "string", maxLength: 500 } },
      },
    },
  },
};

export interface LabUser {
  id: string;
  token: string;
  slug: string;
}

export interface LabEnv {
  app: FastifyInstance;
  db: Database;
  /** What the app was built with (a test builds a variant, e.g. another RLS mode). */
  options: AppOptions;
  close(): Promise<void>;
  tenant(slug: string): Promise<string>;
  user(tenantId: string, slug: string, roles: [string, string | null][]): Promise<LabUser>;
}

export type Call = (
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<LightMyRequestResponse>;

/** The app (identity, authz, tags, collections) on `db`, with the shipped templates and the lab. */
export async function startLab(
  db: Database,
  onClose: () => Promise<void>,
  extra: Partial<AppOptions> = {},
): Promise<LabEnv> {
  await migrateUp(db, MIGRATIONS);
  const own = await installOwnTemplate(RAW_TEMPLATE, "tag-lab.json");
  await db.exec!(own.up);
  // As the migration runner does after each migration: the new tables get their RLS policies and grants.
  await db.query("SELECT mono_secure_tenant_tables()");
  const options: AppOptions = {
    db,
    redis: null,
    registry: createRuntimeRegistry([...allTemplates, own.registry], platform),
    allowTenantHeader: true,
    rateLimit: false,
    identity: { mailer: { send: async () => {} }, secret: SECRET, secureCookies: false, rateLimit: false },
    workflows: false,
    messaging: false,
    notifications: false,
    ...extra,
  };
  const app = await buildApp(options);
  await app.ready();
  return {
    app,
    db,
    options,
    async close() {
      await app.close();
      await onClose();
    },
    async tenant(slug) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO "tenant" ("slug", "name") VALUES ($1, $1) RETURNING "id"`,
        [slug],
      );
      await db.query(`INSERT INTO "template_install" ("tenantId", "templateId", "version") VALUES ($1, $2, '1.0.0')`, [
        rows[0].id,
        TEMPLATE_ID,
      ]);
      return rows[0].id;
    },
    async user(tenantId, slug, roles) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO "user" ("tenantId", "email", "name", "emailVerifiedAt") VALUES ($1, $2, 'Lab', now()) RETURNING "id"`,
        [tenantId, `${randomUUID()}@lab.test`],
      );
      const id = rows[0].id;
      for (const [role, accountId] of roles)
        await db.query(`INSERT INTO "membership" ("tenantId", "accountId", "userId", "role") VALUES ($1, $2, $3, $4)`, [
          tenantId,
          accountId,
          id,
          role,
        ]);
      const sid = randomUUID();
      await db.query(
        `INSERT INTO "refresh_token" ("tenantId", "userId", "familyId", "tokenHash", "expiresAt", "familyExpiresAt")
         VALUES ($1, $2, $3, $4, now() + interval '1 day', now() + interval '1 day')`,
        [tenantId, id, sid, randomUUID().replaceAll("-", "").padEnd(64, "0")],
      );
      const token = await app.auth.accessTokens.sign({
        sub: id,
        tid: tenantId,
        sid,
        mem: roles.map(([role, account]) => [account, role]),
        sa: false,
        ev: true,
      });
      return { id, token, slug };
    },
  };
}

/** Requests as `user` (null: anonymous) in the user's tenant (or `slug`). */
export function as(env: LabEnv, user: LabUser | null, slug = user?.slug ?? ""): Call {
  return (method, url, body, headers = {}) =>
    env.app.inject({
      method,
      url,
      headers: { "x-tenant": slug, ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
}

export const items = (rest = "") => `/api/v1/tenant/entities/${TEMPLATE_ID}:items${rest}`;
export const notes = (rest = "") => `/api/v1/tenant/entities/${TEMPLATE_ID}:notes${rest}`;

/** A small deterministic PRNG (mulberry32), so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
