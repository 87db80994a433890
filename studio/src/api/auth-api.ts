import { requestJson } from "./http.ts";

/**
 * Authentication against the runtime's identity API (runtime/src/identity), on either tier:
 * a tenant's marketplace (`/api/v1/user/auth`, the tenant named in `X-Tenant`) or the platform
 * (`/api/v1/platform/auth`, super admins, no tenant). Sign-up, email confirmation and
 * invitations exist on the tenant tier only.
 *
 * Login and refresh answer with the access token (kept in memory by the auth store) and set
 * httpOnly cookies: the rotating refresh token (`mono_rt` / `mono_prt`, sent only to the tier's
 * auth path) and the CSRF secret. Refresh and logout authenticate with that cookie, so they
 * need the CSRF token (login/refresh responses, or `GET …/csrf`) in `X-CSRF-Token`.
 */
const AUTH = "/api/v1/user/auth";
const PLATFORM_AUTH = "/api/v1/platform/auth";

/** Where someone signs in: a tenant (by slug) or the platform. */
export type Realm = { tier: "tenant"; tenant: string } | { tier: "platform" };
export type AuthTier = Realm["tier"];

export const PLATFORM: Realm = { tier: "platform" };
export const tenantRealm = (tenant: string): Realm => ({ tier: "tenant", tenant });

/** A tenant slug is shorthand for that tenant's realm. */
export type RealmLike = Realm | string;
export const toRealm = (at: RealmLike): Realm => (typeof at === "string" ? tenantRealm(at) : at);

/** The tier's auth path and the headers naming the tenant (none on the platform). */
function endpoint(at: RealmLike): { base: string; headers: Record<string, string> } {
  const realm = toRealm(at);
  return realm.tier === "platform"
    ? { base: PLATFORM_AUTH, headers: {} }
    : { base: AUTH, headers: tenantHeader(realm.tenant) };
}

/** The runtime's RequestIdentity (runtime/src/identity/identity-types.ts). */
export interface SessionIdentity {
  userId: string;
  tenantId: string | null;
  roles: string[];
  accountIds: string[];
  memberships: { accountId: string | null; role: string }[];
  activeProfile?: { accountId: string; accountKind: string; roles: string[] };
  isSuperAdmin: boolean;
  emailVerified: boolean;
  sessionId: string;
}

/** Login and refresh responses (runtime/src/identity/session.ts SessionBody). */
export interface SessionResponse {
  tokenType: "Bearer";
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
  identity: SessionIdentity;
}

export interface MeResponse {
  user: { id: string; email: string; name: string; emailVerified: boolean };
  identity: SessionIdentity;
  profiles: { accountId: string; kind: string; name: string; roles: string[] }[];
}

function tenantHeader(tenant: string) {
  return { "x-tenant": tenant };
}

/** One way to sign up on a tenant (`GET …/signup-options`), from its templates' `signup`. */
export interface SignupOption {
  name: string;
  templateId: string;
  role: string;
  label: Record<string, string>;
  /** An account option creates an account of this kind, named by the person signing up. */
  account: { kind: string; label: Record<string, string> } | null;
}

/** Whether the tenant takes sign-ups, and the ways it offers (none: the marketplace's default role). */
export const signupOptions = (tenant: string) =>
  requestJson<{ open: boolean; options: SignupOption[] }>(`${AUTH}/signup-options`, {
    headers: tenantHeader(tenant),
    identity: false,
  });

/**
 * `202 { status: "verification-sent-if-new" }` for a new and a taken email alike. `as` names a
 * sign-up option; `accountName` the account an account option creates.
 */
export const register = (
  tenant: string,
  body: { email: string; name: string; password: string; as?: string; accountName?: string },
) =>
  requestJson<{ status: string }>(`${AUTH}/register`, {
    method: "POST",
    body,
    headers: tenantHeader(tenant),
    identity: false,
  });

/** The token of the confirmation email's link (`…/auth/verify-email#token=…`). */
export const verifyEmail = (tenant: string, token: string) =>
  requestJson<{ verified: true }>(`${AUTH}/verify-email`, {
    method: "POST",
    body: { token },
    headers: tenantHeader(tenant),
    identity: false,
  });

export function login(at: RealmLike, body: { email: string; password: string }) {
  const { base, headers } = endpoint(at);
  return requestJson<SessionResponse>(`${base}/login`, { method: "POST", body, headers, identity: false });
}

/** A CSRF token for this browser's CSRF cookie (sets the cookie when there is none). */
export function csrf(at: RealmLike) {
  const { base, headers } = endpoint(at);
  return requestJson<{ csrfToken: string }>(`${base}/csrf`, { headers, identity: false });
}

/** Rotates the refresh cookie: a new access token (and refresh cookie). 401 when the session is over. */
export function refresh(at: RealmLike, csrfToken: string) {
  const { base, headers } = endpoint(at);
  return requestJson<SessionResponse>(`${base}/refresh`, {
    method: "POST",
    headers: { ...headers, "x-csrf-token": csrfToken },
    identity: false,
  });
}

/**
 * Ends the session (always 204, clears the cookies). With the CSRF token the refresh cookie
 * names the session, so it ends even when the access token has expired; with only an access
 * token, that token's session.
 */
export function logout(at: RealmLike, auth: { csrfToken: string } | { accessToken: string }) {
  const { base, headers } = endpoint(at);
  return requestJson<void>(`${base}/logout`, {
    method: "POST",
    headers: {
      ...headers,
      ...("csrfToken" in auth ? { "x-csrf-token": auth.csrfToken } : { authorization: `Bearer ${auth.accessToken}` }),
    },
    identity: false,
  });
}

/** Who is signed in (sent with the current access token, renewed on 401 like any request). */
export function me(at: RealmLike) {
  const { base, headers } = endpoint(at);
  return requestJson<MeResponse>(`${base}/me`, { headers });
}

/**
 * Emails a reset link (`<public URL>/auth/reset-password#token=…`) when the address belongs to
 * an active account: `202 { status: "sent-if-registered" }` either way, so nobody learns which
 * addresses have accounts.
 */
export function forgotPassword(at: RealmLike, email: string) {
  const { base, headers } = endpoint(at);
  return requestJson<{ status: string }>(`${base}/forgot-password`, {
    method: "POST",
    body: { email },
    headers,
    identity: false,
  });
}

/**
 * Spends the reset link's token on a new password (204). The runtime ends every session of the
 * user and confirms the email. A bad token: 400 with the pointer `/body/token`.
 */
export function resetPassword(at: RealmLike, token: string, password: string) {
  const { base, headers } = endpoint(at);
  return requestJson<void>(`${base}/reset-password`, {
    method: "POST",
    body: { token, password },
    headers,
    identity: false,
  });
}

/**
 * Accepts an invitation (`…/auth/accept-invitation#token=…`, tenant tier only); the answer
 * signs the user in (a session like login's). A new user sends `name` and `password`; a
 * signed-in user (`asSignedInUser`: the request carries their access token) sends only the
 * token and gets the invited role as one more profile. Errors: 400 `/body/token` (invalid,
 * used, revoked or expired), 400 `/body/name` / `/body/password`, 409 (the email already has
 * an account: sign in first), 403 (signed in as someone else).
 */
export function acceptInvitation(
  tenant: string,
  body: { token: string; name?: string; password?: string },
  asSignedInUser: boolean,
) {
  return requestJson<SessionResponse>(`${AUTH}/accept-invitation`, {
    method: "POST",
    body,
    headers: tenantHeader(tenant),
    identity: asSignedInUser,
  });
}
