import type { FastifyInstance } from "fastify";
import type { DesignDiagnostic, TemplateDesignPort } from "../../../engine/src/contract/design-port.ts";
import { TEMPLATE_ID_PATTERN } from "../../../engine/src/contract/patterns.ts";
import { ApiError } from "../http/problem.ts";
import { adminGuard } from "../platform/admin-guard.ts";
import type { DraftTemplates } from "./draft-templates.ts";

export interface TemplateApiOptions {
  /** MONO_ADMIN_TOKEN: the only key without identity; with identity the identity plugin's (as for the platform API). */
  adminToken?: string;
  /** The design services the server entry injected (files in development, the database in production). */
  design: TemplateDesignPort;
  drafts: DraftTemplates;
}

const ID_PARAMS = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", maxLength: 40, pattern: TEMPLATE_ID_PATTERN.source } },
} as const;
const TEMPLATE_BODY = { type: "object" } as const;

/**
 * The schema designer's API under /studio/api: read and save templates (validated by the
 * engine; a template with errors is never saved), preview compiled forms of a draft, and a
 * dry-run `generate` that shows the migration a saved template would need. Where designs go
 * and whether `generate` exists is the injected port's business: this file only routes.
 *
 * Guarded like the platform API (platform-routes.ts): with identity, a super admin's platform
 * access token or the bootstrap token; without, the token only. Tenant users (tenant admins
 * included) are refused.
 */
export async function templateApi(app: FastifyInstance, options: TemplateApiOptions) {
  const { design, drafts } = options;
  app.addHook("onRequest", app.hasDecorator("auth") ? app.auth.superAdminGuard() : adminGuard(options.adminToken));

  app.get("/templates", async () => ({ data: await design.list() }));

  app.get("/templates/:id", { schema: { params: ID_PARAMS } }, async (request) => {
    const { id } = request.params as { id: string };
    const loaded = await design.read(id);
    if (!loaded) throw new ApiError("RT_ERR_NOT_FOUND", `No template "${id}".`);
    return loaded;
  });

  app.put("/templates/:id", { schema: { params: ID_PARAMS, body: TEMPLATE_BODY } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const value = request.body as Record<string, unknown>;
    if (value.id !== id) {
      throw new ApiError("RT_ERR_VALIDATION", `The template's id must be "${id}".`, [
        { pointer: "/body/id", message: `must be "${id}"` },
      ]);
    }
    const outcome = await design.save(id, value);
    if (!outcome.ok)
      return reply
        .code(422)
        .type("application/problem+json")
        .send(diagnosticsProblem(request.url, outcome.diagnostics));
    const { draft, ...saved } = outcome.saved;
    const draftMode = draft ? drafts.serve(draft) : false;
    // Tenant contexts cache entity lookups: let them see the new draft now.
    if (draftMode && app.hasDecorator("tenants")) app.tenants.invalidate();
    return { ...saved, draftMode };
  });

  app.post(
    "/preview",
    {
      schema: {
        body: {
          type: "object",
          required: ["template"],
          properties: { template: TEMPLATE_BODY, entity: { type: "string", maxLength: 80 } },
        },
      },
    },
    async (request) => {
      const { template, entity } = request.body as { template: unknown; entity?: string };
      return design.preview(template, entity);
    },
  );

  app.post(
    "/generate",
    {
      schema: {
        body: {
          type: "object",
          properties: { migrationName: { type: "string", maxLength: 60, pattern: "^[A-Za-z0-9 _-]*$" } },
        },
      },
    },
    async (request) => {
      if (!design.generate)
        throw new ApiError(
          "RT_ERR_FORBIDDEN",
          "generate runs in development only: in production a saved design is a draft template; generate, test and deploy it.",
        );
      const { migrationName } = (request.body ?? {}) as { migrationName?: string };
      return design.generate(migrationName || undefined);
    },
  );
}

/** A 422 problem that carries the engine's diagnostics (pointers into the template body). */
function diagnosticsProblem(url: string, diagnostics: readonly DesignDiagnostic[]) {
  const errors = diagnostics.filter((d) => d.severity === "error");
  return {
    type: "https://mono.dev/problems/rt-err-unprocessable",
    title: "The template has errors",
    status: 422,
    code: "RT_ERR_UNPROCESSABLE",
    detail: `${errors.length} error(s): nothing was saved.`,
    instance: url.split("?")[0],
    errors: errors.map((d) => ({ pointer: `/body${d.pointer}`, message: `${d.code}: ${d.message}` })),
    diagnostics,
  };
}
