import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TenantContext } from "../context.ts";
import fp from "fastify-plugin";
import { ApiError } from "../http/problem.ts";
import { TenantStore } from "./tenant-store.ts";

export interface TenancyOptions {
  /** Accept the `X-Tenant: <slug>` header (development and tests). */
  allowTenantHeader: boolean;
  /** Base domain for subdomains: `<slug>.<baseDomain>` (e.g. `mono.localhost`). */
  baseDomain: string;
}

declare module "fastify" {
  interface FastifyInstance {
    tenants: TenantStore;
  }
  interface FastifyContextConfig {
    /** This route acts for a tenant: resolve it before the handler, 404 when unknown. */
    tenant?: boolean;
    /**
     * The route may also name its tenant in the query string (`?tenant=<slug>`), after the
     * X-Tenant header and before the host: for browser WebSockets, which cannot send headers.
     * The route must authenticate (`auth`): the access token's tenant has to be the one named;
     * or answer only what is public anyway (`GET /branding.css`, linked by a `<link>`).
     */
    tenantQuery?: boolean;
  }
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Resolves the tenant of every route with `config.tenant`: the X-Tenant header (when allowed),
 * a custom domain, or a subdomain of the base domain. Unknown tenants get a 404 problem,
 * suspended ones a 403.
 */
export const tenancyPlugin = fp(
  async (app: FastifyInstance, options: TenancyOptions) => {
    app.decorate("tenants", new TenantStore(app.db));
    app.decorateRequest("tenant", null);
    app.addHook("onRoute", (route) => {
      if (!route.config?.tenant) return;
      const existing = route.preHandler ? [route.preHandler].flat() : [];
      route.preHandler = [resolveTenant, ...existing];
    });

    // Callback style: a cached tenant (nearly every request) costs no promise.
    function resolveTenant(request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) {
      const where = address(request);
      if (!where) return done(accept(request, null));
      const cached = app.tenants.cachedBy(where.by, where.value);
      if (cached !== undefined) return done(accept(request, cached));
      const found = where.by === "slug" ? app.tenants.bySlug(where.value) : app.tenants.byDomain(where.value);
      found.then((tenant) => done(accept(request, tenant)), done);
    }

    function accept(request: FastifyRequest, tenant: TenantContext | null): ApiError | undefined {
      if (!tenant) return new ApiError("RT_ERR_TENANT_NOT_FOUND", "No marketplace answers at this address.");
      if (tenant.status === "suspended")
        return new ApiError("RT_ERR_TENANT_SUSPENDED", "This marketplace is suspended.");
      request.tenant = tenant;
      return undefined;
    }

    /** Which tenant the request names: the X-Tenant header, a subdomain, or a custom domain; null when none can. */
    function address(request: FastifyRequest): { by: "slug" | "domain"; value: string } | null {
      const header = request.headers["x-tenant"];
      if (options.allowTenantHeader && typeof header === "string")
        return SLUG.test(header) ? { by: "slug", value: header } : null;
      if (request.routeOptions.config.tenantQuery) {
        const named = (request.query as Record<string, unknown> | undefined)?.tenant;
        if (named !== undefined)
          return typeof named === "string" && SLUG.test(named) ? { by: "slug", value: named } : null;
      }
      const host = (request.hostname ?? "").toLowerCase().replace(/:\d+$/, "");
      const suffix = `.${options.baseDomain}`;
      if (host.endsWith(suffix)) {
        const slug = host.slice(0, -suffix.length);
        if (SLUG.test(slug)) return { by: "slug", value: slug };
      }
      return host.length <= 253 ? { by: "domain", value: host } : null;
    }
  },
  { name: "mono-tenancy", dependencies: [] },
);
