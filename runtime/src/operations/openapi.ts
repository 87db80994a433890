import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import {
  HEADER_PARAMETERS,
  PROBLEM_SCHEMA,
  problemResponses,
  problems,
  SECURITY_SCHEMES,
  SERVERS,
  TENANT_AUTH_OPTIONAL,
  TENANT_AUTH_REQUIRED,
  forSafeMethod,
  type ProblemResponseName,
} from "../../../engine/src/contract/openapi-common.ts";
import { ROUTE_BODIES, ROUTE_PARAMETERS, ROUTE_RESPONSES, routeDoc, TAGS } from "./route-docs.ts";

/** A generated per-template OpenAPI document (components + paths), keyed by template id. */
export type OpenApiDocuments = Record<
  string,
  { paths?: Record<string, unknown>; components?: Record<string, Record<string, unknown>> }
>;

/** The parts of an OpenAPI document the merge touches. */
export interface OpenApiObject {
  paths?: Record<string, Record<string, Record<string, unknown>>>;
  components?: Record<string, Record<string, unknown>>;
  tags?: { name: string; description: string }[];
  [key: string]: unknown;
}

/** Where the problem responses an operation can answer travel from `transform` to `transformObject`. */
const PROBLEMS_KEY = "x-mono-problems";
/** Query parameters of routes that parse their own query, on the same way. */
const PARAMETERS_KEY = "x-mono-parameters";

const PLATFORM_AUTH = [{ bearerAuth: [] }, { platformAccessCookie: [], csrfHeader: [] }];

/** `/a/:id` → `/a/{id}`, as @fastify/swagger writes paths. */
const openapiPath = (url: string) => url.replace(/:(\w+)/g, "{$1}");

/**
 * How one route authenticates, which headers it reads and which problems it can answer, from
 * its route config (tenant, auth), its path and its method.
 */
function describeRoute(route: RouteOptions, url: string): Record<string, unknown> {
  const method = String(Array.isArray(route.method) ? route.method[0] : route.method).toUpperCase();
  const config = (route.config ?? {}) as { tenant?: boolean; auth?: "required" | "optional" };
  const doc = routeDoc(method, url);
  const platform = url.startsWith("/api/v1/platform/");
  const platformAuth = url.startsWith("/api/v1/platform/auth/");
  const session = /\/auth\/(refresh|logout)$/.test(url);
  let security: unknown[];
  if (session)
    security = [
      { [platformAuth ? "platformRefreshCookie" : "refreshCookie"]: [], csrfHeader: [] },
      // The refresh token in the body (`refreshTokenInBody` clients), or, for logout, nothing at all.
      {},
    ];
  else if (platform && !platformAuth && url !== "/api/v1/platform/bootstrap")
    security = [{ adminToken: [] }, ...PLATFORM_AUTH];
  else if (url === "/api/v1/platform/bootstrap") security = [{ adminToken: [] }];
  else if (config.auth === "required") security = config.tenant || !platformAuth ? TENANT_AUTH_REQUIRED : PLATFORM_AUTH;
  else if (config.auth === "optional") security = TENANT_AUTH_OPTIONAL;
  else if (platformAuth && /\/(me|password)$/.test(url)) security = PLATFORM_AUTH;
  else security = [];
  const hasBody = method === "POST" || method === "PUT" || method === "PATCH";
  if (method === "GET" || method === "HEAD") security = forSafeMethod(security as Record<string, unknown[]>[]);
  const api = url.startsWith("/api/");
  const names: ProblemResponseName[] = [
    "BadRequest",
    // A tenant route outside /api (GET /branding.css) still answers 403 for a suspended tenant.
    ...(api ? (["Unauthorized", "Forbidden"] as const) : config.tenant ? (["Forbidden"] as const) : []),
    ...(config.tenant || url.includes(":") || api ? (["NotFound"] as const) : []),
    ...(doc.conflict ? (["Conflict"] as const) : []),
    ...(hasBody ? (["PayloadTooLarge", "UnsupportedMediaType"] as const) : []),
    ...(doc.unprocessable ? (["Unprocessable"] as const) : []),
    ...(url.startsWith("/health") ? [] : (["TooManyRequests"] as const)),
    "HeadersTooLarge",
  ];
  const headers: Record<string, unknown> = {};
  if (config.tenant) headers["x-tenant"] = HEADER_PARAMETERS.XTenant.schema;
  if (config.tenant && config.auth) headers["x-account-id"] = HEADER_PARAMETERS.XAccountId.schema;
  if (security.some((s) => "csrfHeader" in (s as object)))
    headers["x-csrf-token"] = { type: "string", description: SECURITY_SCHEMES.csrfHeader.description };
  return {
    operationId: doc.operationId,
    summary: doc.summary,
    tags: [doc.tag],
    security,
    headers,
    [PROBLEMS_KEY]: names,
    ...(ROUTE_PARAMETERS[`${method} ${url}`] ? { [PARAMETERS_KEY]: ROUTE_PARAMETERS[`${method} ${url}`] } : {}),
  };
}

/**
 * /openapi.json: the routes Fastify knows (platform, identity, authz, health) plus every
 * template's generated entity paths and component schemas, the same schemas that validate
 * requests. Every operation carries an operationId, a summary, its security, the headers it
 * reads and the problem+json answers it can give.
 */
export const openapiPlugin = fp(
  async (app: FastifyInstance, options: { documents: OpenApiDocuments }) => {
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "Mono marketplace API",
          version: "1.0.0",
          description: "Generic multi-tenant marketplace API generated from industry templates.",
        },
        servers: [...SERVERS],
        components: { securitySchemes: SECURITY_SCHEMES as never },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
      transform: ({ schema, url, route }) => {
        const described = describeRoute(route as RouteOptions, url);
        const { headers: extraHeaders, ...rest } = described;
        const given = (schema ?? {}) as Record<string, unknown> & {
          headers?: { properties?: Record<string, unknown> };
        };
        const headerProperties = { ...(extraHeaders as object), ...(given.headers?.properties ?? {}) };
        // The studio's own API (design tooling) is not part of the public documents.
        if (url.startsWith("/studio")) return { schema: { ...given, hide: true } as never, url };
        const transformed: Record<string, unknown> = { ...rest, ...given };
        const method = String(Array.isArray(route.method) ? route.method[0] : route.method).toUpperCase();
        transformed.response ??= ROUTE_RESPONSES[`${method} ${url}`];
        transformed.body ??= ROUTE_BODIES[`${method} ${url}`];
        for (const key of ["operationId", "summary"] as const) transformed[key] ??= rest[key];
        transformed.tags = given.tags ?? rest.tags;
        transformed.security = given.security ?? rest.security;
        transformed[PROBLEMS_KEY] = rest[PROBLEMS_KEY];
        if (rest[PARAMETERS_KEY]) transformed[PARAMETERS_KEY] = rest[PARAMETERS_KEY];
        if (Object.keys(headerProperties).length)
          transformed.headers = { type: "object", properties: headerProperties };
        return { schema: transformed as never, url };
      },
      transformObject: (document) =>
        finishDocument(
          mergeDocuments((document as { openapiObject: OpenApiObject }).openapiObject, options.documents),
        ) as never,
    });
    // Swagger UI keeps only the operations on screen in the page (a virtualised list): the
    // filter box ("Filter by tag or path") finds one among the global document's ~40 tags.
    await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { filter: true } });
    app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  },
  { name: "mono-openapi" },
);

const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * Path-item parameters (the generated entity paths' `X-Tenant` and `X-Account-Id`) moved into
 * each operation of the item, unless the operation names the same parameter itself: the same
 * meaning in OpenAPI, but Swagger UI resolves only an operation's own subtree, so a path-level
 * `$ref` parameter showed there as an unnamed `any` that try-it-out could not fill.
 */
function parametersIntoOperations(doc: OpenApiObject): void {
  const components = (doc.components?.parameters ?? {}) as Record<string, { name?: string; in?: string }>;
  const key = (p: { $ref?: string; name?: string; in?: string }) => {
    const target = p.$ref ? components[p.$ref.replace("#/components/parameters/", "")] : p;
    return `${target?.in}:${target?.name}`;
  };
  for (const item of Object.values(doc.paths ?? {})) {
    const shared = item.parameters as unknown as { $ref?: string; name?: string; in?: string }[] | undefined;
    if (!Array.isArray(shared)) continue;
    delete item.parameters;
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || !operation || typeof operation !== "object") continue;
      const own = (operation.parameters as { $ref?: string; name?: string; in?: string }[] | undefined) ?? [];
      const named = new Set(own.map(key));
      operation.parameters = [...own, ...shared.filter((p) => !named.has(key(p)))];
    }
  }
}

/**
 * Problem responses in place of the markers `transform` left, the shared components, path-item
 * parameters moved into their operations, and a described tag for every tag an operation uses.
 */
export function finishDocument(doc: OpenApiObject): OpenApiObject {
  const used = new Set<string>();
  parametersIntoOperations(doc);
  for (const item of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(item)) {
      if (!operation || typeof operation !== "object" || !("responses" in operation)) continue;
      const names = operation[PROBLEMS_KEY] as ProblemResponseName[] | undefined;
      delete operation[PROBLEMS_KEY];
      if (names) operation.responses = { ...(operation.responses as object), ...problems(...names) };
      const extra = operation[PARAMETERS_KEY] as unknown[] | undefined;
      delete operation[PARAMETERS_KEY];
      if (extra) operation.parameters = [...((operation.parameters as unknown[] | undefined) ?? []), ...extra];
      for (const tag of (operation.tags as string[] | undefined) ?? []) used.add(tag);
    }
  }
  const components = doc.components ?? {};
  doc.components = {
    ...components,
    schemas: { ...components.schemas, Problem: PROBLEM_SCHEMA },
    responses: { ...components.responses, ...problemResponses() },
    parameters: { ...components.parameters, ...HEADER_PARAMETERS },
    securitySchemes: { ...SECURITY_SCHEMES },
  };
  const known = new Map((doc.tags ?? []).map((t) => [t.name, t]));
  doc.tags = [...used].sort().map((name) => known.get(name) ?? { name, description: TAGS[name] ?? name });
  return doc;
}

function mergeDocuments(base: OpenApiObject, documents: OpenApiDocuments): OpenApiObject {
  const doc = {
    ...base,
    paths: { ...base.paths } as NonNullable<OpenApiObject["paths"]>,
    components: { ...base.components } as Record<string, Record<string, unknown>>,
    tags: [...((base.tags as OpenApiObject["tags"]) ?? [])],
  };
  for (const id of Object.keys(documents).sort()) {
    const part = documents[id] as OpenApiDocuments[string] & { tags?: OpenApiObject["tags"] };
    Object.assign(doc.paths, part.paths ?? {});
    doc.tags.push(...(part.tags ?? []));
    for (const [section, entries] of Object.entries(part.components ?? {})) {
      doc.components[section] = { ...(doc.components[section] ?? {}), ...entries };
    }
  }
  return doc;
}

export { openapiPath };
