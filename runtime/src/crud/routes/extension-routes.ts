import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from "fastify";
import { createRouteAjv } from "../../http/ajv-compiler.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import { checkExtensionSchema, extensionDef, type ExtensionSchema } from "../extensions/extension-schema.ts";
import { viewOf } from "../model/view-cache.ts";
import { NONE } from "../model/access.ts";
import type { EntityView } from "../model/types.ts";
import { SchemaVisibility, type SchemaMode } from "../model/visibility.ts";
import { denied } from "../store/access-checks.ts";
import type { EntityStore } from "../store/entity-store.ts";
import { effectiveSchema } from "../validation/record-validators.ts";
import { resolveEntity } from "./resolve-entity.ts";

const checker = createRouteAjv();

/** A tenant's extension definition of one entity: JSON Schemas of its extra fields. */
const EXTENSION = {
  type: "object",
  required: ["properties", "required"],
  properties: {
    properties: { type: "object", additionalProperties: true, description: "Field name → JSON Schema." },
    required: { type: "array", items: { type: "string" } },
  },
} as const;
/** A JSON Schema, or null for a mode the caller cannot use at all (no create, no update). */
const SCHEMA = { type: ["object", "null"], additionalProperties: true } as const;
const EFFECTIVE = {
  type: "object",
  required: ["entity", "templateId", "create", "update", "output"],
  properties: {
    entity: { type: "string" },
    templateId: { type: "string" },
    create: SCHEMA,
    update: SCHEMA,
    output: SCHEMA,
  },
} as const;

/** Defaults must satisfy their own schema, and every schema must compile. */
function checkCompiles(schema: ExtensionSchema): FieldError[] {
  const errors: FieldError[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const pointer = `/body/properties/${name}`;
    const copy = { ...property };
    try {
      const validate = checker.compile(copy);
      if ("default" in property && !validate(property.default))
        errors.push({ pointer: `${pointer}/default`, message: "does not satisfy the field's own schema" });
    } catch (error) {
      errors.push({ pointer, message: `is not a valid schema: ${(error as Error).message.slice(0, 200)}` });
    } finally {
      checker.removeSchema(copy);
    }
  }
  return errors;
}

/**
 * `GET/PUT /extensions/:entity`: the tenant's extra fields of an entity (no migration: values
 * live in JSONB). `GET /schemas/:entity`: the effective create/update/output JSON Schemas with
 * those fields merged in (the studio's forms and the per-tenant OpenAPI use them).
 * With authorization, each caller sees only what its role may use (model/visibility.ts): an
 * entity it may not use at all answers like its list (401 anonymous, 403 signed in), fields it
 * may not read or write are left out, and a mode it cannot use at all (create, update) is null.
 */
export async function extensionRoutes(app: FastifyInstance, options: { store: EntityStore }) {
  const { store } = options;
  const authz = app.hasDecorator("authz") ? app.authz : null;
  const config: FastifyContextConfig = authz
    ? { tenant: true, auth: "optional", allowSuperAdmin: true }
    : { tenant: true };

  /** What the caller may see of the entity (everything without authorization). */
  const visibility = async (request: FastifyRequest, view: EntityView) => {
    if (!authz) return new SchemaVisibility(view, undefined, {});
    const access = await authz.caller(request);
    const seen = new SchemaVisibility(view, access, authz.owner(request, access));
    if (!seen.entityVisible) denied(access, view, NONE, "use");
    return seen;
  };
  const viewFor = async (request: FastifyRequest) => {
    const { template, entity } = resolveEntity(app.registry, request);
    const ext = extensionDef(await store.extensions.schema(request.tenant!.id, template.id, entity.name));
    return { template, entity, view: viewOf(template, entity, ext) };
  };

  app.get("/extensions/:entity", { config, schema: { response: { 200: EXTENSION } } }, async (request) => {
    const { template, entity, view } = await viewFor(request);
    const seen = await visibility(request, view);
    const schema = await store.extensions.schema(request.tenant!.id, template.id, entity.name);
    const properties = Object.fromEntries(
      Object.entries(schema.properties).filter(([name]) => seen.field(name, "output")),
    );
    return { properties, required: (schema.required ?? []).filter((name) => name in properties) };
  });

  app.put("/extensions/:entity", { config, schema: { response: { 200: EXTENSION } } }, async (request) => {
    // Changing a tenant's record shape is tenant administration.
    if (authz) await authz.requireAdmin(request);
    const { template, entity } = resolveEntity(app.registry, request);
    const errors = checkExtensionSchema(request.body, entity, app.registry.platform.systemColumns);
    const body = request.body as ExtensionSchema;
    const schema: ExtensionSchema = { properties: body?.properties ?? {}, required: body?.required ?? [] };
    if (!errors.length) errors.push(...checkCompiles(schema));
    if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "The extension schema is invalid.", errors);
    await store.extensions.save(request.tenant!.id, template.id, entity.name, schema);
    return schema;
  });

  app.get("/schemas/:entity", { config, schema: { response: { 200: EFFECTIVE } } }, async (request) => {
    const { template, entity, view } = await viewFor(request);
    const seen = await visibility(request, view);
    const shown = (mode: SchemaMode) =>
      seen.may(mode) ? seen.prune(effectiveSchema(view.entity, view.ext, mode), mode) : null;
    return {
      entity: entity.name,
      templateId: template.id,
      create: shown("create"),
      update: shown("update"),
      output: shown("output"),
    };
  });
}
