import path from "node:path";
import type { FastifyInstance } from "fastify";
import {
  compareTemplates,
  compileTemplateText,
  compileTemplateValue,
  type Diagnostic,
  type TemplateIR,
} from "../../../engine/src/index.ts";
import type { EntityFormSpec } from "../../../generators/src/forms/build-entity-form.ts";
import { ApiError } from "../http/problem.ts";
import { adminGuard } from "../platform/admin-guard.ts";
import { TEMPLATE_ID, TemplateFiles } from "./template-files.ts";

export interface TemplateApiOptions {
  /** MONO_ADMIN_TOKEN: the only key without identity; with identity the identity plugin's (as for the platform API). */
  adminToken?: string;
  /** industry-templates/ (read and written). */
  templatesDir: string;
  /** generated/ (only read: generate here is a dry run). */
  generatedDir: string;
  /** POST /generate is a development tool: off in production. */
  allowGenerate: boolean;
}

const ID_PARAMS = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", maxLength: 40, pattern: TEMPLATE_ID.source } },
} as const;
const TEMPLATE_BODY = { type: "object" } as const;

/**
 * The schema designer's API under /studio/api: read and save templates (validated by the
 * engine; a template with errors is never written), preview compiled forms of a draft, and a
 * dry-run `generate` that shows the migration a saved template would need.
 *
 * Guarded like the platform API (platform-routes.ts): with identity, a super admin's platform
 * access token or the bootstrap token; without, the token only. Tenant users (tenant admins
 * included) are refused.
 */
export async function templateApi(app: FastifyInstance, options: TemplateApiOptions) {
  const files = new TemplateFiles(options.templatesDir);
  app.addHook(
    "onRequest",
    app.hasDecorator("auth")
      ? app.auth.superAdminGuard({ acceptAdminToken: "always" })
      : adminGuard(options.adminToken),
  );

  app.get("/templates", async () => ({ data: await files.list() }));

  app.get("/templates/:id", { schema: { params: ID_PARAMS } }, async (request) => {
    const { id } = request.params as { id: string };
    const source = await files.read(id);
    if (!source)
      throw new ApiError("RT_ERR_NOT_FOUND", `No template "${id}" in ${path.basename(options.templatesDir)}/.`);
    const result = compileTemplateText(source.text, source.file);
    let template: unknown = null;
    try {
      template = JSON.parse(source.text);
    } catch {
      // Diagnostics say why (ENG_JSON_PARSE); the designer shows the raw text.
    }
    return {
      id,
      file: source.file,
      template,
      text: template === null ? source.text : undefined,
      diagnostics: result.diagnostics,
    };
  });

  app.put("/templates/:id", { schema: { params: ID_PARAMS, body: TEMPLATE_BODY } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const value = request.body as Record<string, unknown>;
    if (value.id !== id) {
      throw new ApiError("RT_ERR_VALIDATION", `The template's id must be "${id}".`, [
        { pointer: "/body/id", message: `must be "${id}"` },
      ]);
    }
    const { file, exists } = await files.locate(id);
    const result = compileTemplateValue(value, file);
    if (!result.ok)
      return reply.code(422).type("application/problem+json").send(diagnosticsProblem(request.url, result.diagnostics));
    const compatibility = exists ? await compatibilityWith(await files.read(id), result.ir) : [];
    await files.write(id, value);
    return { saved: true, file, created: !exists, diagnostics: result.diagnostics, compatibility };
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
      const result = compileTemplateValue(template, "<draft>");
      if (!result.ok) return { ok: false, diagnostics: result.diagnostics, forms: {} };
      // The generators load on first use: a runtime that never previews does not pay for them.
      const { buildEntityForm } = await import("../../../generators/src/forms/build-entity-form.ts");
      const entities = result.ir.entities.filter((e) => !entity || e.name === entity);
      const forms: Record<string, EntityFormSpec> = {};
      for (const e of entities) forms[e.name] = buildEntityForm(result.ir, e);
      return { ok: true, diagnostics: result.diagnostics, forms };
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
      if (!options.allowGenerate)
        throw new ApiError("RT_ERR_FORBIDDEN", "generate runs in development only (NODE_ENV is production).");
      const { migrationName } = (request.body ?? {}) as { migrationName?: string };
      const { dryRunGenerate } = await import("./generate-dry-run.ts");
      return dryRunGenerate(options.templatesDir, options.generatedDir, migrationName || "studio");
    },
  );
}

async function compatibilityWith(
  previous: { file: string; text: string } | null,
  next: TemplateIR,
): Promise<Diagnostic[]> {
  if (!previous) return [];
  const before = compileTemplateText(previous.text, previous.file);
  return before.ok ? compareTemplates(before.ir, next) : [];
}

/** A 422 problem that carries the engine's diagnostics (pointers into the template body). */
function diagnosticsProblem(url: string, diagnostics: Diagnostic[]) {
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
