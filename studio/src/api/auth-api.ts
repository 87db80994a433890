import { requestJson } from "./http.ts";

/**
 * End-user authentication on the tenant tier (runtime/src/identity): sign-up, login, logout, me.
 * Every call names the tenant in `X-Tenant`; login also sets httpOnly cookies (refresh token).
 */
const AUTH = "/api/v1/user/auth";

export interface LoginResponse {
  tokenType: "Bearer";
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
  identity: { userId: string; tenantId: string | null; [key: string]: unknown };
}

export interface MeResponse {
  user: { id: string; email: string; name: string; emailVerified: boolean };
  identity: Record<string, unknown>;
  profiles: { accountId: string; kind: string; name: string; roles: string[] }[];
}

const tenantHeader = (tenant: string) => ({ "x-tenant": tenant });

/** `202 { status: "verification-sent-if-new" }` for a new and a taken email alike. */
export const register = (tenant: string, body: { email: string; name: string; password: string }) =>
  requestJson<{ status: string }>(`${AUTH}/register`, { method: "POST", body, headers: tenantHeader(tenant), identity: false });

export const login = (tenant: string, body: { email: string; password: string }) =>
  requestJson<LoginResponse>(`${AUTH}/login`, { method: "POST", body, headers: tenantHeader(tenant), identity: false });

/** Ends the session the access token belongs to (always 204). */
export const logout = (tenant: string, accessToken: string) =>
  requestJson<void>(`${AUTH}/logout`, { method: "POST", headers: { ...tenantHeader(tenant), authorization: `Bearer ${accessToken}` }, identity: false });

export const me = (tenant: string, accessToken: string) =>
  requestJson<MeResponse>(`${AUTH}/me`, { headers: { ...tenantHeader(tenant), authorization: `Bearer ${accessToken}` }, identity: false });
