import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { CallerAccess } from "../crud/model/access.ts";
import type { ExtensionDef } from "../crud/extensions/extension-schema.ts";
import { viewOf } from "../crud/model/view-cache.ts";
import { SchemaVisibility, type SchemaMode } from "../crud/model/visibility.ts";
import type { Owner } from "../crud/sql/ref-checks.ts";
import type { OpenApiObject } from "./openapi.ts";

type SchemaObject = Record<string, unknown>;

/** The components one entity contributes (generators/src/openapi), by suffix of its model name. */
const SCHEMA_SUFFIXES = ["", "Create", "Update", "Read", "List", "Filter", "BulkRequest", "BulkResult"];
const PARAMETER_SUFFIXES = ["Filter", "Sort", "Fields", "Include"];
/** Which mode an operation needs; `delete` is its own row action. */
const OPERATION_MODE: Record<string, SchemaMode | "delete"> = {
  get: "output",
  post: "create",
  patch: "update",
  put: "update",
  delete: "delete",
};

/**
 * The tenant's OpenAPI document as one caller may use it, from the same gates that authorize
 * its requests (as Directus and Hasura show each role its own schema): entities it may not use
 * at all are left out with their components; operations it cannot perform are left out; fields
 * it may not read leave the record, read and filter schemas and the `fields`/`sort` lists, and
 * fields it may not write leave the create and update schemas. Anonymous callers see what
 * anonymous users may use.
 */
export function narrowDocument(
  doc: OpenApiObject,
  entities: { template: TemplateRegistry; entity: EntityRegistry; ext: ExtensionDef | null }[],
  access: CallerAccess,
  owner: Owner,
): void {
  const paths = doc.paths as Record<string, Record<string, unknown>>;
  const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const parameters = (doc.components?.parameters ?? {}) as Record<string, SchemaObject>;
  const removed = new Set<string>();
  for (const { template, entity, ext } of entities) {
    const view = viewOf(template, entity, ext);
    const seen = new SchemaVisibility(view, access, owner);
    const model = entity.modelName;
    const base = `/api/v1/tenant/entities/${entity.apiName}`;
    const entityPaths = Object.keys(paths).filter((p) => p === base || p.startsWith(`${base}/`));
    if (!seen.entityVisible) {
      for (const p of entityPaths) delete paths[p];
      for (const suffix of SCHEMA_SUFFIXES) {
        if (schemas[`${model}${suffix}`]) removed.add(`#/components/schemas/${model}${suffix}`);
        delete schemas[`${model}${suffix}`];
      }
      for (const suffix of PARAMETER_SUFFIXES) {
        if (parameters[`${model}${suffix}`]) removed.add(`#/components/parameters/${model}${suffix}`);
        delete parameters[`${model}${suffix}`];
      }
      continue;
    }
    const may = (mode: SchemaMode | "delete") =>
      mode === "delete" ? access.rows(view, "delete").kind !== "none" : seen.may(mode);
    for (const p of entityPaths) {
      const item = paths[p];
      for (const method of Object.keys(item)) {
        const mode = OPERATION_MODE[method];
        // Bulk is a POST of creates, updates and deletes: kept while any of them is possible.
        const allowed = p.endsWith("/bulk") ? may("create") || may("update") || may("delete") : mode && may(mode);
        if (mode && !allowed) delete item[method];
      }
      if (!Object.keys(item).some((k) => OPERATION_MODE[k])) delete paths[p];
    }
    prune(schemas[model], (name) => seen.field(name, "output"));
    prune(schemas[`${model}Read`], (name) => seen.field(name, "output"));
    prune(schemas[`${model}Create`], (name) => seen.field(name, "create"));
    prune(schemas[`${model}Update`], (name) => seen.field(name, "update"));
    const bulk = schemas[`${model}BulkRequest`]?.properties as Record<string, SchemaObject> | undefined;
    prune(bulk?.create?.items as SchemaObject | undefined, (name) => seen.field(name, "create"));
    prune(bulk?.update?.items as SchemaObject | undefined, (name) => name === "id" || seen.field(name, "update"));
    // Filter keys are `field`, `field:op` or `part.path:op`: the field is what comes first.
    const readable = (key: string) => seen.field(key.split(/[.:]/)[0], "output");
    prune(schemas[`${model}Filter`], readable);
    prune(parameters[`${model}Filter`]?.schema as SchemaObject | undefined, readable);
    narrowList(parameters[`${model}Sort`], readable);
    narrowList(parameters[`${model}Fields`], readable);
  }
  if (removed.size) dropReferences(doc, removed);
}

const refersTo = (value: unknown, removed: ReadonlySet<string>): boolean => {
  if (value === null || typeof value !== "object") return false;
  const node = value as SchemaObject;
  if (typeof node.$ref === "string") return removed.has(node.$ref);
  if (node.items && refersTo(node.items, removed)) return true;
  return ["anyOf", "oneOf", "allOf"].some(
    (k) => Array.isArray(node[k]) && (node[k] as unknown[]).some((v) => refersTo(v, removed)),
  );
};

/**
 * A hidden entity's components are gone, so nothing may point at them: a property that does
 * (an included relation of a visible entity) leaves its schema, as the include would be
 * refused anyway.
 */
function dropReferences(node: unknown, removed: ReadonlySet<string>): void {
  if (Array.isArray(node)) return node.forEach((item) => dropReferences(item, removed));
  if (node === null || typeof node !== "object") return;
  const object = node as SchemaObject;
  if (object.properties && typeof object.properties === "object") {
    const properties = object.properties as SchemaObject;
    for (const [name, value] of Object.entries(properties)) if (refersTo(value, removed)) delete properties[name];
    if (Array.isArray(object.required))
      object.required = (object.required as string[]).filter((name) => name in properties);
  }
  for (const value of Object.values(object)) dropReferences(value, removed);
}

function prune(schema: SchemaObject | undefined, keep: (name: string) => boolean): void {
  if (!schema || typeof schema.properties !== "object" || schema.properties === null) return;
  schema.properties = Object.fromEntries(
    Object.entries(schema.properties as SchemaObject).filter(([name]) => keep(name)),
  );
  if (Array.isArray(schema.required)) {
    const required = (schema.required as string[]).filter((name) => name in (schema.properties as SchemaObject));
    if (required.length) schema.required = required;
    else delete schema.required;
  }
}

/** Removes names from a generated list parameter's pattern, `^P(?:a|b)(?:,P(?:a|b))*$`. */
function narrowList(parameter: SchemaObject | undefined, keep: (name: string) => boolean): void {
  const schema = parameter?.schema as SchemaObject | undefined;
  const match = typeof schema?.pattern === "string" ? /^\^(-\?)?\(\?:(.*?)\)\(\?:,/.exec(schema.pattern) : null;
  if (!schema || !match) return;
  const prefix = match[1] ?? "";
  const names = match[2].split("|").filter((escaped) => keep(escaped.replace(/\\(.)/g, "$1")));
  const one = `${prefix}(?:${names.join("|")})`;
  parameter!.schema = { ...schema, pattern: names.length ? `^${one}(?:,${one})*$` : "^$" };
}
