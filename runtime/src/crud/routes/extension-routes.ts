import type { FastifyContextConfig, FastifyInstance } from "fastify";
import { createRouteAjv } from "../../http/ajv-compiler.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import { checkExtensionSchema, extensionDef, type ExtensionSchema } from "../extensions/extension-schema.ts";
import { viewOf } from "../model/view-cache.ts";
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
const SCHEMA = { type: "object", additionalProperties: true } as const;
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
 */
export async function extensionRoutes(app: FastifyInstance, options: { store: EntityStore }) {
  const { store } = options;
  const authz = app.hasDecorator("authz") ? app.authz : null;
  const config: FastifyContextConfig = authz
    ? { tenant: true, auth: "optional", allowSuperAdmin: true }
    : { tenant: true };

  app.get("/extensions/:entity", { config, schema: { response: { 200: EXTENSION } } }, async (request) => {
    const { template, entity } = resolveEntity(app.registry, request);
    return store.extensions.schema(request.tenant!.id, template.id, entity.name);
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
    const { template, entity } = resolveEntity(app.registry, request);
    const ext = extensionDef(await store.extensions.schema(request.tenant!.id, template.id, entity.name));
    const view = viewOf(template, entity, ext);
    return {
      entity: entity.name,
      templateId: template.id,
      create: effectiveSchema(view.entity, view.ext, "create"),
      update: effectiveSchema(view.entity, view.ext, "update"),
      output: effectiveSchema(view.entity, view.ext, "output"),
    };
  });
}
