import type { FastifyInstance } from "fastify";
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { SqlSession } from "../db/database.ts";
import { ApiError } from "../http/problem.ts";
import { adminGuard } from "./admin-guard.ts";
import { installTemplate, seedMissing } from "./install-template.ts";
import { buildManifest, previewUpgrade, type TemplateManifest } from "./template-manifest.ts";

/** Writes a template's seed records for a tenant (the CRUD store does it, with validation). */
export type SeedWriter = (
  tx: SqlSession,
  tenantId: string,
  template: TemplateRegistry,
  entity: string,
  records: readonly Record<string, unknown>[],
) => Promise<number>;

export interface PlatformOptions {
  adminToken?: string;
  seed: SeedWriter;
}

const SLUG = { type: "string", pattern: "^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$" } as const;
const RESERVED_SLUGS = new Set(["www", "api", "admin", "platform", "studio", "docs", "static", "mail"]);
const TENANT = {
  type: "object",
  properties: {
    id: { type: "string" },
    slug: { type: "string" },
    name: { type: "string" },
    status: { type: "string" },
    defaultLocale: {
      type: ["string", "null"],
      description: "Locale records are read and written in when a request names none (null: each template's default).",
    },
    createdAt: { type: "string" },
  },
} as const;
/** A locale as templates declare them (`en`, `pt-BR`). */
const LOCALE = { type: "string", pattern: "^[a-z]{2}(-[A-Z]{2})?$" } as const;
const LABELS = { type: "object", additionalProperties: { type: "string" }, description: "Text by locale." } as const;
const COUNTS = { type: "object", additionalProperties: { type: "integer" } } as const;
const NAMES = { type: "array", items: { type: "string" } } as const;
const NAMES_BY_ENTITY = { type: "object", additionalProperties: NAMES } as const;
const UPGRADE_PREVIEW = {
  type: "object",
  required: [
    "templateId",
    "fromVersion",
    "toVersion",
    "entitiesAdded",
    "entitiesRemoved",
    "fieldsAdded",
    "fieldsRemoved",
    "seedAdded",
    "breaking",
  ],
  properties: {
    templateId: { type: "string" },
    fromVersion: { type: "string" },
    toVersion: { type: "string" },
    entitiesAdded: NAMES,
    entitiesRemoved: NAMES,
    fieldsAdded: NAMES_BY_ENTITY,
    fieldsRemoved: NAMES_BY_ENTITY,
    seedAdded: COUNTS,
    breaking: { type: "boolean" },
    runningWorkflows: {
      type: "array",
      description:
        "Running and waiting workflow instances whose definition the new version changes: they finish on the version they started with; new instances start on the new one.",
      items: {
        type: "object",
        required: ["workflow", "version", "instances", "newVersion"],
        properties: {
          workflow: { type: "string" },
          version: { type: "string", description: "The definition version these instances run." },
          instances: { type: "integer" },
          newVersion: { type: ["string", "null"], description: "The new template's version of it; null when removed." },
        },
      },
    },
  },
} as const;
const TENANT_COLUMNS = `"id", "slug", "name", "status", "settings"->>'defaultLocale' AS "defaultLocale", to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

/** /api/v1/platform: tenants, their domains, template installs and upgrades. */
export async function platformRoutes(app: FastifyInstance, options: PlatformOptions) {
  // With identity: super admins (platform token), and the bootstrap token as before; without: the token only.
  app.addHook("onRequest", app.hasDecorator("auth") ? app.auth.superAdminGuard() : adminGuard(options.adminToken));

  app.post(
    "/tenants",
    {
      schema: {
        tags: ["platform"],
        body: {
          type: "object",
          required: ["slug", "name"],
          additionalProperties: false,
          properties: { slug: SLUG, name: { type: "string", minLength: 1, maxLength: 200 }, defaultLocale: LOCALE },
        },
        response: { 201: TENANT },
      },
    },
    async (request, reply) => {
      const { slug, name, defaultLocale } = request.body as { slug: string; name: string; defaultLocale?: string };
      if (RESERVED_SLUGS.has(slug))
        throw new ApiError("RT_ERR_CONFLICT", `"${slug}" is reserved.`, [
          { pointer: "/body/slug", message: "is reserved" },
        ]);
      const { rows } = await app.db.query(
        `INSERT INTO "tenant" ("slug", "name", "settings") VALUES ($1, $2, $3::jsonb) ON CONFLICT ("slug") DO NOTHING RETURNING ${TENANT_COLUMNS}`,
        [slug, name, JSON.stringify(defaultLocale ? { defaultLocale } : {})],
      );
      if (!rows[0])
        throw new ApiError("RT_ERR_CONFLICT", `Tenant "${slug}" already exists.`, [
          { pointer: "/body/slug", message: "is taken" },
        ]);
      app.tenants.invalidate();
      return reply.code(201).send(rows[0]);
    },
  );

  app.get(
    "/tenants",
    {
      schema: {
        tags: ["platform"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { limit: { type: "integer", minimum: 1, maximum: 100, default: 50 }, after: SLUG },
        },
        response: {
          200: {
            type: "object",
            properties: { data: { type: "array", items: TENANT }, nextCursor: { type: ["string", "null"] } },
          },
        },
      },
    },
    async (request) => {
      const { limit, after } = request.query as { limit: number; after?: string };
      const { rows } = await app.db.query(
        `SELECT ${TENANT_COLUMNS} FROM "tenant" WHERE $1::text IS NULL OR "slug" > $1 ORDER BY "slug" LIMIT $2`,
        [after ?? null, limit + 1],
      );
      const page = rows.slice(0, limit);
      return { data: page, nextCursor: rows.length > limit ? page[page.length - 1].slug : null };
    },
  );

  app.get(
    "/tenants/:slug",
    {
      schema: { tags: ["platform"], params: { type: "object", properties: { slug: SLUG } }, response: { 200: TENANT } },
    },
    async (request) => {
      return findTenant((request.params as { slug: string }).slug);
    },
  );

  app.patch(
    "/tenants/:slug",
    {
      schema: {
        tags: ["platform"],
        params: { type: "object", properties: { slug: SLUG } },
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: "string", minLength: 1, maxLength: 200 },
            defaultLocale: { anyOf: [LOCALE, { type: "null" }] },
          },
        },
        response: { 200: TENANT },
      },
    },
    async (request) => {
      const { slug } = request.params as { slug: string };
      const body = request.body as { name?: string; defaultLocale?: string | null };
      const { rows } = await app.db.query(
        `UPDATE "tenant" SET "name" = COALESCE($2, "name"),
           "settings" = CASE WHEN $3::boolean THEN CASE WHEN $4::text IS NULL THEN COALESCE("settings", '{}'::jsonb) - 'defaultLocale'
             ELSE jsonb_set(COALESCE("settings", '{}'::jsonb), '{defaultLocale}', to_jsonb($4::text)) END ELSE "settings" END,
           "updatedAt" = now()
         WHERE "slug" = $1 RETURNING ${TENANT_COLUMNS}`,
        [slug, body.name ?? null, body.defaultLocale !== undefined, body.defaultLocale ?? null],
      );
      if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", `No tenant "${slug}".`);
      app.tenants.invalidate();
      return rows[0];
    },
  );

  for (const [action, status] of [
    ["suspend", "suspended"],
    ["activate", "active"],
  ] as const) {
    app.post(
      `/tenants/:slug/${action}`,
      {
        schema: {
          tags: ["platform"],
          params: { type: "object", properties: { slug: SLUG } },
          response: { 200: TENANT },
        },
      },
      async (request) => {
        const { slug } = request.params as { slug: string };
        const { rows } = await app.db.query(
          `UPDATE "tenant" SET "status" = $2, "updatedAt" = now() WHERE "slug" = $1 RETURNING ${TENANT_COLUMNS}`,
          [slug, status],
        );
        if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", `No tenant "${slug}".`);
        app.tenants.invalidate();
        return rows[0];
      },
    );
  }

  app.post(
    "/tenants/:slug/domains",
    {
      schema: {
        tags: ["platform"],
        params: { type: "object", properties: { slug: SLUG } },
        body: {
          type: "object",
          required: ["domain"],
          additionalProperties: false,
          properties: { domain: { type: "string", format: "hostname", maxLength: 253 } },
        },
        response: {
          201: {
            type: "object",
            required: ["domain", "tenant"],
            properties: { domain: { type: "string" }, tenant: { type: "string", description: "The tenant's slug." } },
          },
        },
      },
    },
    async (request, reply) => {
      const tenant = await findTenant((request.params as { slug: string }).slug);
      const domain = (request.body as { domain: string }).domain.toLowerCase();
      const { rows } = await app.db.query(
        `INSERT INTO "tenant_domain" ("tenantId", "domain") VALUES ($1, $2) ON CONFLICT ("domain") DO NOTHING RETURNING "domain"`,
        [tenant.id, domain],
      );
      if (!rows[0])
        throw new ApiError("RT_ERR_CONFLICT", `Domain "${domain}" is already taken.`, [
          { pointer: "/body/domain", message: "is taken" },
        ]);
      app.tenants.invalidate();
      return reply.code(201).send({ domain, tenant: tenant.slug });
    },
  );

  const templatesResponse = {
    200: {
      type: "object",
      required: ["data"],
      properties: {
        data: {
          type: "array",
          items: {
            type: "object",
            required: ["id", "version", "title", "description", "locales", "entities"],
            properties: {
              id: { type: "string" },
              version: { type: "string" },
              title: LABELS,
              description: LABELS,
              locales: NAMES,
              entities: { ...NAMES, description: "API names of the template's entities." },
            },
          },
        },
      },
    },
  } as const;
  app.get("/templates", { schema: { tags: ["platform"], response: templatesResponse } }, async () => ({
    data: app.registry.templates.map((t) => ({
      id: t.id,
      version: t.version,
      title: t.title,
      description: t.description,
      locales: t.locales,
      entities: t.entities.map((e) => e.apiName),
    })),
  }));

  app.get(
    "/tenants/:slug/templates",
    {
      schema: {
        tags: ["platform"],
        params: { type: "object", properties: { slug: SLUG } },
        response: {
          200: {
            type: "object",
            required: ["data"],
            properties: {
              data: {
                type: "array",
                items: {
                  type: "object",
                  required: ["templateId", "version", "availableVersion", "upgradeAvailable"],
                  properties: {
                    templateId: { type: "string" },
                    version: { type: "string" },
                    availableVersion: { type: ["string", "null"] },
                    upgradeAvailable: { type: "boolean" },
                  },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const tenant = await findTenant((request.params as { slug: string }).slug);
      const { rows } = await app.db.query<{ templateId: string; version: string }>(
        `SELECT "templateId", "version" FROM "template_install" WHERE "tenantId" = $1 ORDER BY "templateId"`,
        [tenant.id],
      );
      return {
        data: rows.map((r) => {
          const available = app.registry.template(r.templateId)?.version ?? null;
          return {
            templateId: r.templateId,
            version: r.version,
            availableVersion: available,
            upgradeAvailable: available !== null && available !== r.version,
          };
        }),
      };
    },
  );

  app.post(
    "/tenants/:slug/templates",
    {
      schema: {
        tags: ["platform"],
        params: { type: "object", properties: { slug: SLUG } },
        body: {
          type: "object",
          required: ["templateId"],
          additionalProperties: false,
          properties: { templateId: { type: "string", maxLength: 40 }, version: { type: "string", maxLength: 40 } },
        },
        response: {
          201: {
            type: "object",
            required: ["templateId", "version", "seeded"],
            properties: {
              templateId: { type: "string" },
              version: { type: "string" },
              seeded: { ...COUNTS, description: "Seed records written, by entity." },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const tenant = await findTenant((request.params as { slug: string }).slug);
      const { templateId, version } = request.body as { templateId: string; version?: string };
      const template = app.registry.template(templateId);
      if (!template)
        throw new ApiError("RT_ERR_UNPROCESSABLE", `No template "${templateId}".`, [
          {
            pointer: "/body/templateId",
            message: `must be one of: ${app.registry.templates.map((t) => t.id).join(", ")}`,
          },
        ]);
      if (version && version !== template.version) {
        throw new ApiError(
          "RT_ERR_UNPROCESSABLE",
          `Version ${version} of "${templateId}" is not available; this platform serves ${template.version}.`,
          [{ pointer: "/body/version", message: `must be ${template.version}` }],
        );
      }
      const seeded = await app.db.transaction((tx) => installTemplate(tx, tenant.id, template, options.seed));
      app.tenants.invalidate();
      return reply.code(201).send({ templateId: template.id, version: template.version, seeded });
    },
  );

  app.post(
    "/tenants/:slug/templates/:templateId/upgrade",
    {
      schema: {
        tags: ["platform"],
        params: { type: "object", properties: { slug: SLUG, templateId: { type: "string", maxLength: 40 } } },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            dryRun: { type: "boolean", default: true },
            acceptBreaking: { type: "boolean", default: false },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["dryRun", "preview"],
            properties: {
              dryRun: { type: "boolean" },
              preview: UPGRADE_PREVIEW,
              seeded: { ...COUNTS, description: "Seed records written by the upgrade (not on a dry run)." },
            },
          },
        },
      },
    },
    async (request) => {
      const { slug, templateId } = request.params as { slug: string; templateId: string };
      const { dryRun, acceptBreaking } = request.query as { dryRun: boolean; acceptBreaking: boolean };
      const tenant = await findTenant(slug);
      const template = app.registry.template(templateId);
      const { rows } = await app.db.query<{ manifest: TemplateManifest; version: string }>(
        `SELECT "manifest", "version" FROM "template_install" WHERE "tenantId" = $1 AND "templateId" = $2`,
        [tenant.id, templateId],
      );
      if (!rows[0] || !template)
        throw new ApiError("RT_ERR_NOT_FOUND", `"${templateId}" is not installed for "${slug}".`);
      const stored = rows[0].manifest as Partial<TemplateManifest>;
      const installed: TemplateManifest = {
        entities: stored.entities ?? {},
        seed: stored.seed ?? {},
        version: rows[0].version,
      };
      const preview = {
        ...previewUpgrade(installed, template),
        runningWorkflows: await runningOnOldPlans(tenant.id, template),
      };
      if (dryRun) return { dryRun: true, preview };
      if (preview.breaking && !acceptBreaking) {
        throw new ApiError(
          "RT_ERR_CONFLICT",
          "This upgrade removes entities or fields the tenant has; repeat with acceptBreaking=true to confirm.",
        );
      }
      const seeded = await app.db.transaction(async (tx) => {
        await tx.query(
          `UPDATE "template_install" SET "version" = $3, "manifest" = $4, "updatedAt" = now() WHERE "tenantId" = $1 AND "templateId" = $2`,
          [tenant.id, templateId, template.version, JSON.stringify(buildManifest(template))],
        );
        return seedMissing(tx, tenant.id, template, options.seed, installed.seed ?? {});
      });
      app.tenants.invalidate();
      return { dryRun: false, preview, seeded };
    },
  );

  /** Running instances of the template's workflows per definition version the new template no longer has. */
  async function runningOnOldPlans(tenantId: string, template: TemplateRegistry) {
    const { rows } = await app.db.query<{ workflowName: string; version: string; instances: number }>(
      `SELECT "workflowName", "version", count(*)::int AS "instances" FROM "workflow_instance"
        WHERE "tenantId" = $1 AND "templateId" = $2 AND "status" IN ('running', 'waiting')
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [tenantId, template.id],
    );
    return rows
      .map((r) => ({
        workflow: r.workflowName,
        version: r.version,
        instances: r.instances,
        newVersion: template.workflows.find((w) => w.name === r.workflowName)?.plan.version ?? null,
      }))
      .filter((r) => r.version !== r.newVersion);
  }

  async function findTenant(slug: string) {
    const { rows } = await app.db.query(`SELECT ${TENANT_COLUMNS} FROM "tenant" WHERE "slug" = $1`, [slug]);
    if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", `No tenant "${slug}".`);
    return rows[0] as { id: string; slug: string };
  }
}
