import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import {
  applyBranding,
  buildBrandingCss,
  COLOR_KEYS,
  readBranding,
  type TenantBranding,
} from "../../../engine/src/contract/branding.ts";
import { ApiError } from "../http/problem.ts";

const TAGS = ["branding"];
const COLOUR = {
  type: "string",
  maxLength: 40,
  description: "`#rgb`, `#rrggbb` or `rgb(r, g, b)`; stored and answered as `#rrggbb`.",
} as const;
const THEME_PROPERTIES = Object.fromEntries(COLOR_KEYS.map((k) => [k, COLOUR]));
const THEME_ANSWER = {
  type: "object",
  required: [...COLOR_KEYS],
  properties: Object.fromEntries(COLOR_KEYS.map((k) => [k, { type: "string" }])),
} as const;
const BRANDING = {
  type: "object",
  required: [...COLOR_KEYS, "logoUrl", "dark", "fontFamily", "radius", "footer", "senderName"],
  properties: {
    ...THEME_ANSWER.properties,
    logoUrl: { type: ["string", "null"] },
    dark: THEME_ANSWER,
    fontFamily: { type: "string" },
    radius: { type: "integer" },
    footer: { type: "string" },
    senderName: { type: "string" },
  },
} as const;
const CHANGE = {
  type: "object",
  description:
    "Any subset of the branding's keys; the rest stay. Unknown keys, malformed colours and contrast pairs below WCAG AA (4.5:1) in the light or dark theme are refused with pointers.",
  properties: {
    ...THEME_PROPERTIES,
    logoUrl: { type: ["string", "null"], maxLength: 2000, description: "An http(s) URL or a same-origin path." },
    dark: { type: "object", properties: THEME_PROPERTIES, description: "The dark theme's colours (any subset)." },
    fontFamily: {
      type: "string",
      maxLength: 300,
      description: "`system`, `sans`, `serif`, `mono`, `rounded` or a comma-separated list of font names.",
    },
    radius: { type: "integer", description: "Control corner radius in px, 0 to 32." },
    footer: { type: "string", description: "The emails' and PDFs' footer line (at most 500 characters)." },
    senderName: { type: "string", description: "The emails' sender name (at most 100 characters)." },
  },
} as const;

/** A tenant's stylesheet as served: its text and entity tag, remembered for `ttlMs`. */
interface CachedSheet {
  readonly css: string;
  readonly etag: string;
  readonly expires: number;
}

export interface BrandingOptions {
  /** How long another process's change may take to show in this one's stylesheet (ms). */
  cacheMs?: number;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Tenant branding (runtime/src/branding/README.md). */
    branding: { read(tenantId: string): Promise<TenantBranding> };
  }
}

/**
 * Tenant branding (runtime/src/branding/README.md): the tenant admin's GET/PUT
 * /api/v1/tenant/branding, stored in `tenant.settings.branding`, and the public stylesheet
 * /branding.css of CSS variables with an ETag. Needs tenancy, identity and authorization.
 */
export const brandingPlugin = fp(
  async (app: FastifyInstance, options: BrandingOptions) => {
    const ttl = options.cacheMs ?? 5_000;
    const sheets = new Map<string, CachedSheet>();

    async function read(tenantId: string): Promise<TenantBranding> {
      const { rows } = await app.db.query<{ branding: unknown }>(
        `SELECT "settings"->'branding' AS "branding" FROM "tenant" WHERE "id" = $1`,
        [tenantId],
      );
      return readBranding(rows[0]?.branding);
    }
    app.decorate("branding", { read });

    async function sheet(tenantId: string): Promise<CachedSheet> {
      const hit = sheets.get(tenantId);
      if (hit && hit.expires > Date.now()) return hit;
      const css = buildBrandingCss(await read(tenantId));
      const etag = `"${createHash("sha256").update(css).digest("base64url").slice(0, 22)}"`;
      const fresh = { css, etag, expires: Date.now() + ttl };
      sheets.set(tenantId, fresh);
      if (sheets.size > 10_000) sheets.delete(sheets.keys().next().value!);
      return fresh;
    }

    const admin = { tenant: true, auth: "required", allowSuperAdmin: true } as const;

    app.get(
      "/api/v1/tenant/branding",
      {
        config: admin,
        schema: {
          tags: TAGS,
          description: "The tenant's branding with defaults filled (tenant admins).",
          response: { 200: BRANDING },
        },
      },
      async (request) => {
        await app.authz.requireAdmin(request);
        return read(request.tenant!.id);
      },
    );

    app.put(
      "/api/v1/tenant/branding",
      {
        config: admin,
        schema: {
          tags: TAGS,
          description:
            "Change the tenant's branding (tenant admins). The answer is the whole branding; /branding.css shows it at once.",
          body: CHANGE,
          response: { 200: BRANDING },
        },
      },
      async (request) => {
        await app.authz.requireAdmin(request);
        const tenantId = request.tenant!.id;
        const result = applyBranding(await read(tenantId), request.body);
        if (!result.ok)
          throw new ApiError(
            "RT_ERR_VALIDATION",
            "The branding is invalid.",
            result.problems.map((p) => ({ pointer: `/body${p.pointer}`, message: p.message })),
          );
        // Merged into what is stored, so keys other writers keep there (email, payments) stay.
        await app.db.query(
          `UPDATE "tenant" SET "settings" = jsonb_set(COALESCE("settings", '{}'::jsonb), '{branding}',
             COALESCE("settings"->'branding', '{}'::jsonb) || $2::jsonb), "updatedAt" = now() WHERE "id" = $1`,
          [tenantId, JSON.stringify(result.branding)],
        );
        sheets.delete(tenantId);
        return result.branding;
      },
    );

    app.get(
      "/branding.css",
      {
        config: { tenant: true, tenantQuery: true },
        schema: {
          tags: TAGS,
          description:
            "The tenant's branding as CSS variables (`--brand-*`, light and dark themes), public. The tenant comes from the host, `X-Tenant` or `?tenant=`. Revalidate with `If-None-Match`: 304 while unchanged.",
          querystring: {
            type: "object",
            properties: { tenant: { type: "string", maxLength: 63, description: "The tenant's slug." } },
          },
          produces: ["text/css"],
          response: {
            200: { description: "The stylesheet.", content: { "text/css": { schema: { type: "string" } } } },
            304: { type: "null", description: "Unchanged since the given ETag." },
          },
        },
      },
      async (request, reply) => {
        const { css, etag } = await sheet(request.tenant!.id);
        reply.header("etag", etag).header("cache-control", "public, no-cache").header("vary", "Host, X-Tenant");
        const match = request.headers["if-none-match"];
        if (match && match.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) return reply.code(304).send();
        return reply.type("text/css; charset=utf-8").send(css);
      },
    );
  },
  { name: "mono-branding" },
);
