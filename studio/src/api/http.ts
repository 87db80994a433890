import { isProblem, type Problem } from "../core/problem-errors.ts";

/** A failed request, carrying the server's problem+json (or one made up for network errors). */
export class ProblemError extends Error {
  constructor(readonly problem: Problem & { diagnostics?: unknown[] }) {
    super(problem.detail ?? problem.title ?? `Request failed (${problem.status})`);
    this.name = "ProblemError";
  }
}

/** Headers every request carries: who acts, for which tenant. Set by the session store. */
export interface RequestIdentity {
  tenant: string | null;
  adminToken: string | null;
  accountId: string | null;
  userId: string | null;
  /** Template roles the persona acts as (not sent yet: the runtime has no roles header). */
  roles: string[];
}

let identity: RequestIdentity = { tenant: null, adminToken: null, accountId: null, userId: null, roles: [] };

export const setRequestIdentity = (next: RequestIdentity) => {
  identity = next;
};

/**
 * Where the signed-in user's access token lives (the auth store, in memory only) and how an
 * expired one is renewed. Registered by store/auth-store.ts; none: the developer fallback only.
 */
export interface AccessTokenSource {
  current(): string | null;
  /** After a 401 for a request sent with `stale`: a fresh token, or null (signed out). */
  renew(stale: string): Promise<string | null>;
}

let tokens: AccessTokenSource | null = null;

export const setAccessTokenSource = (source: AccessTokenSource | null) => {
  tokens = source;
};

/**
 * Renews the signed-in user's access token (and with it the access cookie the messaging socket
 * sends): the fresh token, or null when there is no signed-in user or the session has ended.
 */
export async function renewAccessToken(): Promise<string | null> {
  const current = tokens?.current() ?? null;
  if (!tokens || !current) return null;
  return tokens.renew(current).catch(() => null);
}

export function identityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  if (identity.tenant) headers["x-tenant"] = identity.tenant;
  const accessToken = tokens?.current() ?? null;
  const bearer = accessToken || identity.adminToken;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  // The manual ids are the developer fallback: a signed-in user's token says who acts.
  if (!accessToken) {
    if (identity.accountId) headers["x-account-id"] = identity.accountId;
    if (identity.userId) headers["x-user-id"] = identity.userId;
  }
  return headers;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  /** false: a plain request without identity headers (matches index.html's preload of it). */
  identity?: boolean;
  /** Extra headers (win over the identity headers). */
  headers?: Record<string, string>;
}

/** One attempt; `accessToken` is the user's token when the request went out with it. */
async function send(url: string, options: RequestOptions): Promise<{ response: Response; accessToken: string | null }> {
  const withIdentity = options.identity !== false;
  const base = withIdentity ? identityHeaders() : {};
  const headers: Record<string, string> = {
    ...(options.identity === false && !options.headers
      ? {}
      : {
          accept: "application/json, application/problem+json",
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...base,
        }),
    ...options.headers,
  };
  const current = withIdentity ? (tokens?.current() ?? null) : null;
  const accessToken = current && headers.authorization === `Bearer ${current}` ? current : null;
  try {
    const response = await fetch(url, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    return { response, accessToken };
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ProblemError({ status: 0, title: "The server cannot be reached", detail: (error as Error).message });
  }
}

/**
 * A JSON request. A 401 to a request sent with the signed-in user's access token (it expired)
 * renews the token once (one refresh shared by concurrent callers, core/token-renewal.ts) and
 * retries the request once; when the session cannot be renewed the 401 is thrown.
 */
export async function requestJson<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const sent = await send(url, options);
  let response = sent.response;
  const accessToken = sent.accessToken;
  if (response.status === 401 && accessToken && tokens) {
    const fresh = await tokens.renew(accessToken).catch(() => null);
    if (fresh) ({ response } = await send(url, options));
  }
  return readJson<T>(response);
}

async function readJson<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok)
    throw new ProblemError(
      isProblem(body)
        ? body
        : { status: response.status, title: response.statusText || "Request failed", detail: text.slice(0, 200) },
    );
  return body as T;
}
