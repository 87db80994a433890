import { createRequire } from "node:module";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

type Middleware = (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
type Helmet = (options: Record<string, unknown>) => Middleware;

/**
 * The headers helmet sets for `options`, computed once. `@fastify/helmet` rebuilds helmet's
 * middleware from its options on every request (two hooks, ~15 µs a request on the benchmark
 * machine, the single largest cost of a cached GET); the headers never change, so we ask
 * helmet once (the very helmet `@fastify/helmet` depends on) and set them in one hook.
 */
export function helmetHeaders(options: Record<string, unknown>): Record<string, string> {
  const require = createRequire(import.meta.url);
  const helmet = createRequire(require.resolve("@fastify/helmet"))("helmet") as Helmet & { default?: Helmet };
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  (helmet.default ?? helmet)(options)({ headers: {}, method: "GET", url: "/" }, response, (error) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * The JSON API's subset: what protects a JSON response (HSTS, nosniff, no framing, no referrer
 * leak, same-origin resource policy). The headers meant for documents (X-Download-Options,
 * X-DNS-Prefetch-Control, Origin-Agent-Cluster, X-XSS-Protection, cross-domain policies,
 * COOP) do nothing for JSON and each costs a header per response.
 */
const API_ONLY = {
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

const isApi = (url: string) =>
  url.startsWith("/api/") || url.startsWith("/health/") || url === "/metrics" || url.startsWith("/openapi.json");

/**
 * Every response carries helmet's security headers (the API's subset on API routes, the full
 * set on documents: the studio, /docs), and `x-request-id`, set when the request arrives (as
 * `@fastify/helmet` does, so a route may still override one). The hook is synchronous: no
 * promise per request.
 */
export const responseHeadersPlugin = fp(
  async (app: FastifyInstance, options: { helmet: Record<string, unknown> }) => {
    const documents = Object.entries(helmetHeaders(options.helmet));
    const api = Object.entries(helmetHeaders({ ...options.helmet, ...API_ONLY }));
    // One hook, when the request arrives: an onSend hook would put every reply on Fastify's slower send path.
    app.addHook("onRequest", (request, reply, done) => {
      for (const [name, value] of isApi(request.url) ? api : documents) reply.header(name, value);
      reply.header("x-request-id", request.id);
      done();
    });
  },
  { name: "mono-response-headers" },
);
