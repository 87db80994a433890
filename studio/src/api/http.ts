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
  /** The signed-in user's access token (POST …/auth/login); preferred over the admin token. */
  accessToken?: string | null;
  accountId: string | null;
  userId: string | null;
  /** Template roles the persona acts as (not sent yet: the runtime has no roles header). */
  roles: string[];
}

let identity: RequestIdentity = { tenant: null, adminToken: null, accountId: null, userId: null, roles: [] };

export const setRequestIdentity = (next: RequestIdentity) => {
  identity = next;
};

export function identityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  if (identity.tenant) headers["x-tenant"] = identity.tenant;
  const bearer = identity.accessToken || identity.adminToken;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  // The manual ids are the developer fallback: a signed-in user's token says who acts.
  if (!identity.accessToken) {
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

export async function requestJson<T>(url: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers: {
        ...(options.identity === false && !options.headers
          ? {}
          : {
              accept: "application/json, application/problem+json",
              ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
              ...(options.identity === false ? {} : identityHeaders()),
            }),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ProblemError({ status: 0, title: "The server cannot be reached", detail: (error as Error).message });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw new ProblemError(isProblem(body) ? body : { status: response.status, title: response.statusText || "Request failed", detail: text.slice(0, 200) });
  return body as T;
}
