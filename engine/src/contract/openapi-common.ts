/**
 * The OpenAPI pieces every document of the API shares: the `Problem` schema, the problem
 * responses, the security schemes and the header parameters the server reads. The generated
 * per-template documents, the global `/openapi.json` and each tenant's document all use these,
 * so they cannot disagree.
 */

/** RFC 9457 problem details, plus our per-value `errors` (JSON pointers into the request). */
export const PROBLEM_SCHEMA = {
  type: "object",
  required: ["title", "status"],
  properties: {
    type: {
      type: "string",
      format: "uri-reference",
      default: "about:blank",
      description: "Problem type; `about:blank` when only the status matters.",
    },
    title: { type: "string", description: "Short, human-readable summary of the problem type." },
    status: { type: "integer", minimum: 400, maximum: 599 },
    detail: { type: "string", description: "Explanation specific to this occurrence." },
    instance: { type: "string", format: "uri-reference" },
    code: { type: "string", description: "Stable error code, e.g. `RT_ERR_VALIDATION`." },
    requestId: { type: "string", description: "The request id (also in the `X-Request-Id` header)." },
    errors: {
      type: "array",
      description: "One entry per invalid value (validation problems).",
      items: {
        type: "object",
        required: ["pointer", "message"],
        additionalProperties: false,
        properties: {
          pointer: {
            type: "string",
            description: "JSON pointer to the value in the request, e.g. `/body/price/amount`, `/query/limit`.",
          },
          message: { type: "string" },
        },
      },
    },
  },
} as const;

/** Error responses, by component name: status and description. */
export const PROBLEM_RESPONSES = {
  BadRequest: ["400", "The request is invalid (body, query, path or headers)."],
  Unauthorized: ["401", "Sign-in required, or the credentials are invalid or expired."],
  Forbidden: ["403", "The caller may not do this (or the tenant is suspended, or the CSRF token is missing)."],
  NotFound: ["404", "No such record, route or tenant."],
  Conflict: ["409", "A unique value is already taken, the record overlaps another, or the record is still referenced."],
  PayloadTooLarge: ["413", "The request body is larger than the server accepts."],
  UnsupportedMediaType: ["415", "The request body is not `application/json`."],
  Unprocessable: ["422", "The request is well-formed but refers to something that does not exist."],
  TooManyRequests: ["429", "Rate limit reached; retry after `Retry-After` seconds."],
  HeadersTooLarge: ["431", "The request headers are larger than the server accepts."],
} as const;

export type ProblemResponseName = keyof typeof PROBLEM_RESPONSES;

export const problemRef = (name: ProblemResponseName) => ({ $ref: `#/components/responses/${name}` });

/** `components.responses`: each a problem+json body; 429 carries `Retry-After`. */
export function problemResponses(): Record<ProblemResponseName, unknown> {
  const content = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };
  const entries = Object.entries(PROBLEM_RESPONSES).map(([name, [, description]]) => [
    name,
    name === "TooManyRequests"
      ? {
          description,
          headers: {
            "Retry-After": {
              description: "Seconds until the limit resets.",
              schema: { type: "integer", minimum: 0 },
            },
          },
          content,
        }
      : { description, content },
  ]);
  return Object.fromEntries(entries) as Record<ProblemResponseName, unknown>;
}

/** `{ "400": {$ref}, … }` for the given problem responses. */
export function problems(...names: ProblemResponseName[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [PROBLEM_RESPONSES[name][0], problemRef(name)]));
}

/**
 * How callers authenticate: an access token as a Bearer header (or the access cookie a login
 * sets, which needs the CSRF header on unsafe methods); the refresh token in its cookie (with
 * the CSRF header) or in the body; the bootstrap admin token on the platform API.
 */
export const SECURITY_SCHEMES = {
  bearerAuth: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from a login or refresh response (`accessToken`).",
  },
  accessCookie: {
    type: "apiKey",
    in: "cookie",
    name: "mono_at",
    description: "Access token cookie a tenant login sets; unsafe methods also need `csrfHeader`.",
  },
  platformAccessCookie: {
    type: "apiKey",
    in: "cookie",
    name: "mono_pat",
    description: "Access token cookie a platform login sets; unsafe methods also need `csrfHeader`.",
  },
  refreshCookie: {
    type: "apiKey",
    in: "cookie",
    name: "mono_rt",
    description: "Refresh token cookie of a tenant login (path `/api/v1/user/auth`).",
  },
  platformRefreshCookie: {
    type: "apiKey",
    in: "cookie",
    name: "mono_prt",
    description: "Refresh token cookie of a platform login (path `/api/v1/platform/auth`).",
  },
  csrfHeader: {
    type: "apiKey",
    in: "header",
    name: "X-CSRF-Token",
    description: "Token from `GET …/auth/csrf` or a login response; required with cookie authentication.",
  },
  adminToken: {
    type: "http",
    scheme: "bearer",
    description: "The bootstrap admin token (`MONO_ADMIN_TOKEN`) on the platform API.",
  },
} as const;

/** Security requirements: any one entry suffices; `{}` means anonymous is allowed. */
export const TENANT_AUTH_REQUIRED = [{ bearerAuth: [] }, { accessCookie: [], csrfHeader: [] }];
export const TENANT_AUTH_OPTIONAL = [...TENANT_AUTH_REQUIRED, {}];

/** Header parameters the server reads, under `components.parameters`. */
export const HEADER_PARAMETERS = {
  XTenant: {
    name: "X-Tenant",
    in: "header",
    required: false,
    description:
      "Tenant slug. The tenant comes from the host (subdomain or custom domain); this header names it where the server accepts it (development, tests, `MONO_ALLOW_TENANT_HEADER`).",
    schema: { type: "string", minLength: 1 },
  },
  XAccountId: {
    name: "X-Account-Id",
    in: "header",
    required: false,
    description: "The account (profile) the caller acts as, one of their own; default: their active account.",
    schema: { type: "string", format: "uuid" },
  },
} as const;

export const headerRef = (name: keyof typeof HEADER_PARAMETERS) => ({ $ref: `#/components/parameters/${name}` });

/** `servers` of every document: the API is served from the origin the document came from. */
export const SERVERS = [{ url: "/", description: "This server" }] as const;

/** Safe methods (GET) need no CSRF header with cookie authentication. */
export function forSafeMethod(security: readonly Record<string, unknown[]>[]): Record<string, unknown[]>[] {
  return security.map((entry) => Object.fromEntries(Object.entries(entry).filter(([name]) => name !== "csrfHeader")));
}
