import type { EntityIR } from "../../../engine/src/index.ts";
import { entityRecordSchema } from "../../../engine/src/index.ts";
import { isFieldSortable } from "../registry/query-capabilities.ts";
import { systemColumns } from "../registry/system-columns.ts";

/** Page size limits of every list endpoint. */
export const LIST_LIMIT = { default: 20, maximum: 100, maxOffset: 100_000 } as const;

/** Parameters every entity shares, under `components.parameters`. */
export function sharedParameters(): Record<string, unknown> {
  return {
    Id: {
      name: "id",
      in: "path",
      required: true,
      description: "Record id.",
      schema: { type: "string", format: "uuid" },
    },
    Limit: {
      name: "limit",
      in: "query",
      description: "Page size.",
      schema: { type: "integer", minimum: 1, maximum: LIST_LIMIT.maximum, default: LIST_LIMIT.default },
    },
    Cursor: {
      name: "cursor",
      in: "query",
      description: "Opaque cursor: `nextCursor` of the previous page (with the same sort). Not with `offset`.",
      schema: { type: "string" },
    },
    Offset: {
      name: "offset",
      in: "query",
      description: "Records to skip (numbered pages). Not with `cursor`.",
      schema: { type: "integer", minimum: 0, maximum: LIST_LIMIT.maxOffset },
    },
    Total: {
      name: "total",
      in: "query",
      description: "`true`: the page carries `total`, the number of matching records.",
      schema: { type: "boolean", default: false },
    },
  };
}

/** List parameters specific to one entity: filter, sort, fields, include. */
export function listParameters(entity: EntityIR): unknown[] {
  const fields = fieldsParameter(entity);
  const include = includeParameter(entity);
  return [
    {
      name: "filter",
      in: "query",
      style: "deepObject",
      explode: true,
      description:
        "`filter[field][op]=value`, e.g. `filter[createdAt][gte]=2024-01-01T00:00:00Z`. Conditions are ANDed.",
      schema: { $ref: `#/components/schemas/${entity.modelName}Filter` },
    },
    {
      name: "sort",
      in: "query",
      description: `Comma-separated sort keys, \`-\` for descending. Sortable: ${sortableNames(entity).join(", ")}.`,
      schema: { type: "string", pattern: listPattern(sortableNames(entity), "-?") },
    },
    { $ref: "#/components/parameters/Limit" },
    { $ref: "#/components/parameters/Cursor" },
    { $ref: "#/components/parameters/Offset" },
    { $ref: "#/components/parameters/Total" },
    fields,
    ...(include ? [include] : []),
  ];
}

/** Parameters of the single-record GET. */
export function readParameters(entity: EntityIR): unknown[] {
  const include = includeParameter(entity);
  return [fieldsParameter(entity), ...(include ? [include] : [])];
}

function fieldsParameter(entity: EntityIR): unknown {
  const names = Object.keys(entityRecordSchema(entity, "output").properties as object);
  return {
    name: "fields",
    in: "query",
    description: "Comma-separated properties to return (sparse fieldset); `id` is always returned.",
    schema: { type: "string", pattern: listPattern(names, "") },
  };
}

function includeParameter(entity: EntityIR): unknown | null {
  const names = entity.relations.map((r) => r.name);
  if (!names.length) return null;
  return {
    name: "include",
    in: "query",
    description: `Comma-separated relations to embed: ${names.join(", ")}.`,
    schema: { type: "string", pattern: listPattern(names, "") },
  };
}

/** Sortable fields, then the sortable system columns (ids and timestamps). */
function sortableNames(entity: EntityIR): string[] {
  const fields = entity.fields.filter(isFieldSortable).map((f) => f.name);
  return [
    ...fields,
    ...systemColumns(entity)
      .filter((c) => c.sortable)
      .map((c) => c.name),
  ];
}

/** `^p?(a|b)(,p?(a|b))*$`: a comma-separated list drawn from `names`. */
function listPattern(names: readonly string[], prefix: string): string {
  const one = `${prefix}(?:${names.map(escapeRegExp).join("|")})`;
  return `^${one}(?:,${one})*$`;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
