import type { FastifyRequest } from "fastify";

/**
 * The two places people sign in: a tenant's marketplace (`/api/v1/user/auth`, tenant from the
 * host or X-Tenant) and the platform (`/api/v1/platform/auth`, staff without a tenant). Each
 * has its own cookies, so one browser can hold both.
 */
export interface Tier {
  readonly name: "tenant" | "platform";
  readonly prefix: string;
  readonly accessCookie: string;
  readonly accessCookiePath: string;
  readonly refreshCookie: string;
  /** Route config the tier's routes carry. */
  readonly routeConfig: { tenant?: true };
}

export const TENANT_TIER: Tier = {
  name: "tenant",
  prefix: "/api/v1/user/auth",
  accessCookie: "mono_at",
  accessCookiePath: "/api",
  refreshCookie: "mono_rt",
  routeConfig: { tenant: true },
};

export const PLATFORM_TIER: Tier = {
  name: "platform",
  prefix: "/api/v1/platform/auth",
  accessCookie: "mono_pat",
  accessCookiePath: "/api/v1/platform",
  refreshCookie: "mono_prt",
  routeConfig: {},
};

export const tierOf = (request: FastifyRequest): Tier =>
  request.routeOptions.config.tenant ? TENANT_TIER : PLATFORM_TIER;

/** The tenant a tier route acts for; null on the platform tier. */
export const tenantIdOf = (request: FastifyRequest): string | null => request.tenant?.id ?? null;
