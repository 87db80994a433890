import type { FastifyInstance } from "fastify";
import type { EntityStore } from "../crud/index.ts";
import { ApiError } from "../http/problem.ts";
import { adminGuard } from "../platform/admin-guard.ts";
import { CAPABILITIES, entitlementsJson, recordLimit } from "./entitlements.ts";
import { emailsThisMonth } from "./plan-sql.ts";

const KEY = { type: "string", pattern: "^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$" } as const;
const SLUG = { type: "string", pattern: "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$" } as const;
const COUNT = { type: "integer", minimum: 0, maximum: 9_007_199_254_740_991 } as const;
const NULLABLE_COUNT = { type: ["integer", "null"] } as const;
const NAMES = { type: "array", items: { type: "string" } } as const;
const LIMITS = {
  type: "object",
  additionalProperties: false,
  description: "Limits the bundle sets; a limit left out sets nothing. A plan's limit is the sum over its bundles.",
  properties: {
    records: {
      type: "object",
      description: "Records the tenant may keep per entity (`Name` or `template:Name`).",
      additionalProperties: COUNT,
    },
    storageBytes: { ...COUNT, description: "Bytes of media in storage (the media quota)." },
    seats: { ...COUNT, description: "Users of the tenant." },
    emailsPerMonth: { ...COUNT, description: "Emails the outbox accepts per calendar month (UTC)." },
  },
} as const;
const ENTITY_NAMES = {
  type: "array",
  maxItems: 500,
  uniqueItems: true,
  items: { type: "string", pattern: "^(\\*|([a-z0-9-]+:)?[A-Za-z][A-Za-z0-9]*)$", maxLength: 160 },
  description: 'Entities (`Name` or `template:Name`) or "*" for all.',
} as const;
const CAPABILITY_NAMES = {
  type: "array",
  uniqueItems: true,
  items: { type: "string", enum: ["*", ...CAPABILITIES] },
  description: 'Runtime capabilities or "*" for all.',
} as const;
const BUNDLE = {
  type: "object",
  required: ["key", "name", "entities", "capabilities", "limits"],
  properties: {
    key: { type: "string" },
    name: { type: "string" },
    entities: NAMES,
    capabilities: NAMES,
    limits: {
      type: "object",
      properties: {
        records: { type: "object", additionalProperties: { type: "integer" } },
        storageBytes: { type: "integer" },
        seats: { type: "integer" },
        emailsPerMonth: { type: "integer" },
      },
    },
  },
} as const;
const PLAN = {
  type: "object",
  required: ["key", "name", "bundles"],
  properties: { key: { type: "string" }, name: { type: "string" }, bundles: NAMES },
} as const;
const ENTITLEMENTS = {
  type: "object",
  required: ["plan", "entities", "capabilities", "limits"],
  properties: {
    plan: { type: "string" },
    entities: NAMES,
    capabilities: NAMES,
    limits: {
      type: "object",
      required: ["records", "storageBytes", "seats", "emailsPerMonth"],
      description: "The plan's limits (null: unlimited).",
      properties: {
        records: { type: "object", additionalProperties: { type: "integer" } },
        storageBytes: NULLABLE_COUNT,
        seats: NULLABLE_COUNT,
        emailsPerMonth: NULLABLE_COUNT,
      },
    },
  },
} as const;
const TENANT_PLAN = {
  type: "object",
  required: ["tenant", "plan", "entitlements", "usage"],
  properties: {
    tenant: { type: "string" },
    plan: { type: ["string", "null"], description: "The plan's key; null: no plan (unlimited)." },
    entitlements: { anyOf: [ENTITLEMENTS, { type: "null" }] },
    usage: {
      type: "object",
      required: ["records", "storageBytes", "seats", "emailsThisMonth"],
      properties: {
        records: {
          type: "object",
          description: "Records kept, per entity the plan limits (`template:Name`).",
          additionalProperties: { type: "integer" },
        },
        storageBytes: { type: "integer" },
        seats: { type: "integer" },
        emailsThisMonth: { type: "integer", description: "Emails counted this month while on a plan." },
      },
    },
  },
} as const;

/** /api/v1/platform: capability bundles, plans, and the plan of each tenant with its usage. */
export async function planRoutes(app: FastifyInstance, options: { adminToken?: string; store: EntityStore }) {
  app.addHook("onRequest", app.hasDecorator("auth") ? app.auth.superAdminGuard() : adminGuard(options.adminToken));
  const plans = app.plans;

  const tenantOf = async (slug: string) => {
    const { rows } = await app.db.query<{ id: string }>(`SELECT "id" FROM "tenant" WHERE "slug" = $1`, [slug]);
    if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", `No tenant "${slug}".`);
    return rows[0].id;
  };

  app.put(
    "/plan-bundles/:key",
    {
      schema: {
        tags: ["platform"],
        params: { type: "object", properties: { key: KEY } },
        body: {
          type: "object",
          required: ["name"],
          additionalProperties: false,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            entities: ENTITY_NAMES,
            capabilities: CAPABILITY_NAMES,
            limits: LIMITS,
          },
        },
        response: { 200: BUNDLE },
      },
    },
    async (request) => {
      const { key } = request.params as { key: string };
      const body = request.body as { name: string; entities?: string[]; capabilities?: string[]; limits?: object };
      const { rows } = await app.db.query(
        `INSERT INTO "plan_bundle" ("key", "name", "entities", "capabilities", "limits") VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT ("key") DO UPDATE SET "name" = EXCLUDED."name", "entities" = EXCLUDED."entities",
           "capabilities" = EXCLUDED."capabilities", "limits" = EXCLUDED."limits", "updatedAt" = now()
         RETURNING "key", "name", "entities", "capabilities", "limits"`,
        [key, body.name, body.entities ?? [], body.capabilities ?? [], JSON.stringify(body.limits ?? {})],
      );
      plans.invalidate();
      return rows[0];
    },
  );

  app.get("/plan-bundles", { schema: { tags: ["platform"], response: { 200: listOf(BUNDLE) } } }, async () => {
    const { rows } = await app.db.query(
      `SELECT "key", "name", COALESCE("entities", '{}') AS "entities", COALESCE("capabilities", '{}') AS "capabilities", "limits" FROM "plan_bundle" ORDER BY "key"`,
    );
    return { data: rows };
  });

  app.put(
    "/plans/:key",
    {
      schema: {
        tags: ["platform"],
        params: { type: "object", properties: { key: KEY } },
        body: {
          type: "object",
          required: ["name", "bundles"],
          additionalProperties: false,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            bundles: { type: "array", minItems: 1, maxItems: 50, uniqueItems: true, items: KEY },
          },
        },
        response: { 200: PLAN },
      },
    },
    async (request) => {
      const { key } = request.params as { key: string };
      const body = request.body as { name: string; bundles: string[] };
      const found = new Set((await plans.bundles(app.db, body.bundles)).map((b) => b.key));
      const missing = body.bundles.flatMap((b, i) =>
        found.has(b) ? [] : [{ pointer: `/body/bundles/${i}`, message: `no bundle "${b}"` }],
      );
      if (missing.length) throw new ApiError("RT_ERR_VALIDATION", "Some bundles do not exist.", missing);
      const { rows } = await app.db.query(
        `INSERT INTO "plan" ("key", "name", "bundles") VALUES ($1, $2, $3)
         ON CONFLICT ("key") DO UPDATE SET "name" = EXCLUDED."name", "bundles" = EXCLUDED."bundles", "updatedAt" = now()
         RETURNING "key", "name", "bundles"`,
        [key, body.name, body.bundles],
      );
      plans.invalidate();
      return rows[0];
    },
  );

  app.get("/plans", { schema: { tags: ["platform"], response: { 200: listOf(PLAN) } } }, async () => {
    const { rows } = await app.db.query(
      `SELECT "key", "name", COALESCE("bundles", '{}') AS "bundles" FROM "plan" ORDER BY "key"`,
    );
    return { data: rows };
  });

  const slugParams = { type: "object", properties: { slug: SLUG } } as const;

  /** The tenant's plan, entitlements and usage (counted now, in SQL). */
  const planOf = async (slug: string) => {
    const tenantId = await tenantOf(slug);
    const e = await plans.entitlements(tenantId);
    const records: Record<string, number> = {};
    const tenant = await app.tenants.byId(tenantId);
    if (e && tenant)
      for (const template of app.registry.templates.filter((t) => tenant.templates.has(t.id)))
        for (const entity of template.entities)
          if (recordLimit(e, template.id, entity.name) !== null)
            records[`${template.id}:${entity.name}`] = await plans.countRecords(
              app.db,
              await options.store.target(tenantId, template, entity),
            );
    const { rows } = await app.db.query<{ storage: string; seats: number }>(
      `SELECT COALESCE((SELECT SUM("storedBytes") FROM "media_asset" WHERE "tenantId" = $1), 0)::text AS "storage",
              (SELECT COUNT(*) FROM "user" WHERE "tenantId" = $1)::int AS "seats"`,
      [tenantId],
    );
    return {
      tenant: slug,
      plan: e?.plan ?? null,
      entitlements: e ? entitlementsJson(e) : null,
      usage: {
        records,
        storageBytes: Number(rows[0].storage),
        seats: rows[0].seats,
        emailsThisMonth: await emailsThisMonth(app.db, tenantId),
      },
    };
  };

  app.get(
    "/tenants/:slug/plan",
    { schema: { tags: ["platform"], params: slugParams, response: { 200: TENANT_PLAN } } },
    async (request) => planOf((request.params as { slug: string }).slug),
  );

  app.put(
    "/tenants/:slug/plan",
    {
      schema: {
        tags: ["platform"],
        params: slugParams,
        body: { type: "object", required: ["plan"], additionalProperties: false, properties: { plan: KEY } },
        response: { 200: TENANT_PLAN },
      },
    },
    async (request) => {
      const { slug } = request.params as { slug: string };
      const tenantId = await tenantOf(slug);
      const key = (request.body as { plan: string }).plan;
      const { rowCount } = await app.db.query(
        `INSERT INTO "tenant_plan" ("tenantId", "planId") SELECT $1, "id" FROM "plan" WHERE "key" = $2
         ON CONFLICT ("tenantId") DO UPDATE SET "planId" = EXCLUDED."planId", "updatedAt" = now()`,
        [tenantId, key],
      );
      if (!rowCount)
        throw new ApiError("RT_ERR_VALIDATION", `No plan "${key}".`, [
          { pointer: "/body/plan", message: "no such plan" },
        ]);
      plans.invalidate();
      return planOf(slug);
    },
  );

  app.delete(
    "/tenants/:slug/plan",
    { schema: { tags: ["platform"], params: slugParams, response: { 204: { type: "null" } } } },
    async (request, reply) => {
      const tenantId = await tenantOf((request.params as { slug: string }).slug);
      await app.db.query(`DELETE FROM "tenant_plan" WHERE "tenantId" = $1`, [tenantId]);
      plans.invalidate();
      return reply.code(204).send();
    },
  );
}

function listOf(item: object) {
  return { type: "object", required: ["data"], properties: { data: { type: "array", items: item } } } as const;
}
