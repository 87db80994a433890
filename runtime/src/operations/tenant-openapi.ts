import type { FastifyContextConfig, FastifyInstance } from "fastify";
import type { EntityRegistry } from "../../../engine/src/contract/registry-types.ts";
import { extensionDef, type ExtensionDef, type ExtensionSchema } from "../crud/extensions/extension-schema.ts";
import { effectiveSchema } from "../crud/validation/record-validators.ts";
import { finishDocument, type OpenApiDocuments, type OpenApiObject } from "./openapi.ts";
import { narrowDocument } from "./openapi-visibility.ts";
import { bookingPaths, isGenericBookingPath } from "../bookings/booking-openapi.ts";

type SchemaObject = Record<string, unknown>;

/** Paths of the tenant tier that are not entity paths: auth, invitations, authz, audit, extensions. */
const TENANT_PATH = /^\/api\/v1\/(user|account|tenant)\//;
const GENERIC_ENTITY_PATH = /^\/api\/v1\/tenant\/entities\/\{entity\}/;

/**
 * `GET /api/v1/tenant/openapi.json`: the API one tenant sees — the tenant-tier routes (sign-in,
 * invitations, permissions, audit, extensions), only its installed templates' entity paths
 * (with bulk), and every record, filter, sort and fields schema widened by the tenant's
 * extension fields (no migration, no regeneration: the same effective schemas validate its
 * requests).
 */
export async function tenantOpenapiRoutes(app: FastifyInstance, options: { documents: OpenApiDocuments }) {
  // Component names each template contributes, so another template's components stay out.
  const owned = new Map<string, Set<string>>();
  for (const [id, part] of Object.entries(options.documents))
    for (const [section, entries] of Object.entries(part.components ?? {}))
      for (const name of Object.keys(entries))
        owned.set(`${section}/${name}`, (owned.get(`${section}/${name}`) ?? new Set()).add(id));

  const authz = app.hasDecorator("authz") ? app.authz : null;
  // With authorization the document is the caller's: who is asking decides what it shows.
  const config: FastifyContextConfig = authz
    ? { tenant: true, auth: "optional", allowSuperAdmin: true }
    : { tenant: true };

  app.get("/openapi.json", { config, schema: { hide: true } }, async (request) => {
    const tenant = request.tenant!;
    const { rows } = await app.db.query<{ templateId: string; entity: string; schema: ExtensionSchema }>(
      `SELECT "templateId", "entity", "schema" FROM "entity_extension" WHERE "tenantId" = $1`,
      [tenant.id],
    );
    const installed = new Set(tenant.templates.keys());
    const global = structuredClone(app.swagger()) as unknown as OpenApiObject;
    const paths: NonNullable<OpenApiObject["paths"]> = {};
    for (const [path, item] of Object.entries(global.paths ?? {}))
      if (TENANT_PATH.test(path) && !path.startsWith("/api/v1/tenant/entities/") && !isGenericBookingPath(path))
        paths[path] = item;
    const components: Record<string, Record<string, unknown>> = {};
    for (const [section, entries] of Object.entries(global.components ?? {})) {
      components[section] = {};
      for (const [name, value] of Object.entries(entries)) {
        const from = owned.get(`${section}/${name}`);
        if (!from || [...from].some((id) => installed.has(id))) components[section][name] = value;
      }
    }
    const doc: OpenApiObject = {
      openapi: "3.1.0",
      jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
      info: {
        title: `${tenant.name} API`,
        version: [...tenant.templates].map(([id, t]) => `${id}@${t.version}`).join(", ") || "none",
        description: `The API of the tenant "${tenant.slug}": its installed templates' entities and the tenant-tier routes.`,
      },
      servers: global.servers,
      paths,
      components,
      tags: [],
    };
    const entities: Parameters<typeof narrowDocument>[1] = [];
    for (const templateId of [...installed].sort()) {
      const part = options.documents[templateId] as OpenApiDocuments[string] & { tags?: OpenApiObject["tags"] };
      const template = app.registry.template(templateId);
      if (!part || !template) continue;
      for (const [path, item] of Object.entries(part.paths ?? {}))
        if (!GENERIC_ENTITY_PATH.test(path)) paths[path] = structuredClone(item) as never;
      doc.tags!.push(...(part.tags ?? []));
      for (const entity of template.entities) {
        const row = rows.find((r) => r.templateId === templateId && r.entity === entity.name);
        const ext = row ? extensionDef(row.schema) : null;
        if (ext) widen(components, entity, ext);
        entities.push({ template, entity, ext });
      }
    }
    // The bookings routes once per installed bookable entity (runtime/src/bookings/booking-openapi.ts).
    const templates = [...installed].flatMap((id) => app.registry.template(id) ?? []);
    Object.assign(paths, bookingPaths(global.paths ?? {}, templates, components.schemas ?? {}));
    if (authz) {
      const access = await authz.caller(request);
      narrowDocument(doc, entities, access, authz.owner(request, access));
    }
    return finishDocument(doc);
  });
}

/** The entity's components with the tenant's extension fields merged in. */
function widen(components: Record<string, Record<string, unknown>>, entity: EntityRegistry, ext: ExtensionDef) {
  const model = entity.modelName;
  const schemas = components.schemas as Record<string, SchemaObject>;
  const parameters = components.parameters as Record<string, SchemaObject>;
  if (!schemas[model]) return;
  schemas[`${model}Create`] = { ...schemas[`${model}Create`], ...effectiveSchema(entity, ext, "create") };
  const update = effectiveSchema(entity, ext, "update");
  schemas[`${model}Update`] = { ...schemas[`${model}Update`], ...update };
  const output = effectiveSchema(entity, ext, "output");
  schemas[model] = { ...schemas[model], ...output };
  const read = schemas[`${model}Read`];
  if (read) read.properties = { ...(read.properties as SchemaObject), ...pick(output.properties, ext) };
  const bulkUpdate = ((schemas[`${model}BulkRequest`]?.properties as SchemaObject | undefined)?.update as SchemaObject)
    ?.items as SchemaObject | undefined;
  if (bulkUpdate)
    bulkUpdate.properties = { ...(bulkUpdate.properties as SchemaObject), ...pick(update.properties, ext) };
  const filter = schemas[`${model}Filter`];
  if (filter) {
    const properties = { ...(filter.properties as SchemaObject) };
    for (const p of ext.properties) Object.assign(properties, filterProperties(p));
    filter.properties = properties;
  }
  const sortable = ext.properties.filter((p) => p.sortable).map((p) => p.name);
  widenList(parameters[`${model}Sort`], sortable);
  widenList(
    parameters[`${model}Fields`],
    ext.properties.map((p) => p.name),
  );
}

const pick = (properties: unknown, ext: ExtensionDef): SchemaObject =>
  Object.fromEntries(ext.properties.map((p) => [p.name, (properties as SchemaObject)[p.name]]));

/** `field` (eq) and `field:op` of one extension field, with the value each takes as query text. */
function filterProperties(p: ExtensionDef["properties"][number]): SchemaObject {
  const value: SchemaObject =
    p.enumValues && !p.array
      ? { enum: [...p.enumValues] }
      : p.valueType === "integer" || p.valueType === "number" || p.valueType === "boolean"
        ? { type: p.valueType }
        : p.valueType === "date" || p.valueType === "datetime" || p.valueType === "uuid"
          ? { type: "string", format: p.valueType === "datetime" ? "date-time" : p.valueType }
          : { type: "string" };
  const properties: SchemaObject = {};
  if (p.ops.includes("eq")) properties[p.name] = value;
  for (const op of p.ops)
    properties[`${p.name}:${op}`] =
      op === "isNull"
        ? { type: "boolean" }
        : op === "in" || op === "nin" || op === "hasSome"
          ? { type: "string", description: "Comma-separated values." }
          : op === "between"
            ? { type: "string", description: "Inclusive range: `low,high`." }
            : value;
  return properties;
}

/**
 * Adds names to a generated list parameter's pattern, `^P(?:a|b)(?:,P(?:a|b))*$` (the form the
 * generator writes), keeping its optional prefix (`-?` of sort).
 */
function widenList(parameter: SchemaObject | undefined, names: string[]) {
  const schema = parameter?.schema as SchemaObject | undefined;
  const match = typeof schema?.pattern === "string" ? /^\^(-\?)?\(\?:(.*?)\)\(\?:,/.exec(schema.pattern) : null;
  if (!schema || !match || !names.length) return;
  const prefix = match[1] ?? "";
  const one = `${prefix}(?:${[match[2], ...names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))].join("|")})`;
  schema.pattern = `^${one}(?:,${one})*$`;
  parameter!.schema = { ...schema };
}
