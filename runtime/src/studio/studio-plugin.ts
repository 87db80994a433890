import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TemplateDesignPort } from "../../../engine/src/contract/design-port.ts";
import { sendProblem } from "../http/error-handler.ts";
import { ApiError } from "../http/problem.ts";
import { DraftTemplates } from "./draft-templates.ts";
import { registryApi } from "./registry-api.ts";
import { templateApi } from "./template-api.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

export interface StudioPluginOptions {
  /** The built studio (vite build output). Default: studio/dist. */
  distDir?: string;
  /** The generated output (form specs are read from it). Default: generated/. */
  generatedDir?: string;
  /**
   * The schema designer's services, injected by the server entry: template files and a dry-run
   * generate in development, draft templates in the database in production. Without it the
   * template API (/studio/api/templates, /preview, /generate) is not there.
   */
  design?: TemplateDesignPort;
  /**
   * The platform admin token (MONO_ADMIN_TOKEN) of a runtime without identity. The template API
   * is guarded like the platform API: with identity, super admins (platform access token) and
   * the identity plugin's admin token.
   */
  adminToken?: string;
}

/**
 * The studio under its prefix (register with `{ prefix: "/studio" }`): the built single-page
 * app with an index.html fallback for client routes, and the studio's JSON API under /api.
 */
export async function studioPlugin(app: FastifyInstance, options: StudioPluginOptions) {
  const distDir = options.distDir ?? path.join(ROOT, "studio", "dist");
  const generatedDir = options.generatedDir ?? path.join(ROOT, "generated");
  const drafts = new DraftTemplates(app.registry);
  for (const draft of (await options.design?.drafts()) ?? []) drafts.serve(draft);

  await app.register(registryApi, { prefix: "/api", generatedDir, drafts });
  if (options.design)
    await app.register(templateApi, { prefix: "/api", adminToken: options.adminToken, design: options.design, drafts });

  const built = existsSync(path.join(distDir, "index.html"));
  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: "/",
      index: false,
      wildcard: true,
      preCompressed: true,
      setHeaders: (reply, file) => {
        // Vite fingerprints everything under assets/: cache forever. index.html must revalidate.
        reply.header(
          "cache-control",
          file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  }

  // `/studio` and `/studio/`: the app's home.
  app.get("/", { schema: { hide: true } }, (_request, reply) => {
    if (!built) return reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT);
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.method === "GET" && isClientRoute(request)) {
      if (!built) return reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT);
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    return sendProblem(
      request,
      reply,
      new ApiError("RT_ERR_NOT_FOUND", `No route ${request.method} ${request.url.split("?")[0]}.`),
    );
  });
}

/** A page of the single-page app (not the API, not a missing asset file). */
function isClientRoute(request: FastifyRequest): boolean {
  const pathname = request.url.split("?")[0];
  const relative = pathname.replace(/^\/studio\/?/, "");
  if (relative.startsWith("api/") || relative === "api") return false;
  return !/\.[a-z0-9]+$/i.test(relative);
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Mono studio</title>
<p>The studio is not built yet. Run <code>npm run studio:build</code> (or <code>npm run studio:dev</code> for development).</p>`;
