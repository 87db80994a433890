import type { FastifyInstance, FastifyRequest } from "fastify";
import { dataList } from "../http/list-schema.ts";
import { TAG_SLUG_MAX } from "../../../engine/src/contract/tag-query.ts";
import { ApiError, type FieldError } from "../http/problem.ts";
import { isUuid } from "./record-access.ts";
import { MAX_BULK_LINKS, parseCsv, toCsv, type TagImportRow, type TagService } from "./tag-service.ts";

const TAGS = ["tags"];
const read = { config: { tenant: true, auth: "optional" } as const };
const UUID = { type: "string", format: "uuid" } as const;
const TIME = { type: "string", format: "date-time" } as const;
const SLUG = { type: "string", minLength: 1, maxLength: TAG_SLUG_MAX, pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" } as const;
const NAME = { type: "string", minLength: 1, maxLength: 120 } as const;
const CATEGORY = { type: ["string", "null"], maxLength: 60 } as const;
const ENTITY = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  description: "`apiName` or `templateId:apiName` of a taggable entity",
} as const;

const TAG = {
  type: "object",
  required: ["id", "slug", "name", "category", "parentId", "createdAt", "updatedAt"],
  properties: {
    id: UUID,
    slug: { type: "string" },
    name: { type: "string" },
    category: { type: ["string", "null"] },
    parentId: { type: ["string", "null"], format: "uuid" },
    createdAt: TIME,
    updatedAt: TIME,
    usage: { type: "integer", description: "With `counts=true`: records you may read that carry this tag." },
  },
} as const;
const SCORED = {
  type: "object",
  required: ["tag", "count"],
  properties: { tag: TAG, count: { type: "integer", description: "Records (you may read) carrying both." } },
} as const;
const ID_PARAMS = { type: "object", required: ["id"], properties: { id: UUID } } as const;
const LIMIT = (max: number, fallback: number) =>
  ({ type: "integer", minimum: 1, maximum: max, default: fallback }) as const;
const IMPORT_ROW = {
  type: "object",
  required: ["slug", "name"],
  additionalProperties: false,
  properties: {
    slug: { type: "string", maxLength: 200 },
    name: { type: "string", maxLength: 200 },
    category: { type: ["string", "null"], maxLength: 200 },
    parent: { type: ["string", "null"], maxLength: 200 },
  },
} as const;
const CSV_HEADER = ["slug", "name", "category", "parent"];

/**
 * The tags API (runtime/src/tags/README.md), under /api/v1/tenant/tags: the vocabulary (anyone
 * in the tenant reads it; tenant admins change it), links (tagging needs update access to each
 * record), co-occurrence, import and export.
 */
export async function tagRoutes(app: FastifyInstance, options: { service: TagService }) {
  const service = options.service;
  const caller = (request: FastifyRequest) => app.authz.caller(request);
  const admin = async (request: FastifyRequest) => app.authz.requireAdmin(request);

  // CSV bodies for the import (only in this plugin's scope).
  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: 2_097_152 }, (_request, body, done) =>
    done(null, String(body)),
  );

  app.get(
    "/api/v1/tenant/tags",
    {
      ...read,
      schema: {
        tags: TAGS,
        description:
          "The tenant's tags by slug (flat: `parentId` gives the tree). `q`: slugs or names starting with it (autocomplete); `counts=true`: each with `usage`, the records you may read that carry it.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            q: { type: "string", minLength: 1, maxLength: 120 },
            category: { type: "string", maxLength: 60 },
            counts: { type: "boolean", default: false },
            limit: LIMIT(1000, 200),
          },
        },
        response: { 200: dataList(TAG) },
      },
    },
    async (request) => {
      const q = request.query as { q?: string; category?: string; counts: boolean; limit: number };
      return { data: await service.list(request.tenant!, await caller(request), q) };
    },
  );

  app.post(
    "/api/v1/tenant/tags",
    {
      ...read,
      schema: {
        tags: TAGS,
        description: "Creates a tag (tenant admins).",
        body: {
          type: "object",
          required: ["slug", "name"],
          additionalProperties: false,
          properties: {
            slug: SLUG,
            name: NAME,
            category: CATEGORY,
            parentId: { type: ["string", "null"], format: "uuid" },
          },
        },
        response: { 201: TAG },
      },
    },
    async (request, reply) => {
      await admin(request);
      return reply.code(201).send(await service.create(request.tenant!.id, request.body as never));
    },
  );

  app.get(
    "/api/v1/tenant/tags/export",
    {
      ...read,
      schema: {
        tags: TAGS,
        description:
          "Every tag, parents before children, with the parent's slug: JSON (an array of `{slug, name, category, parent}`) or CSV (`slug,name,category,parent`, CRLF lines; a cell starting with `=`, `+`, `-` or `@` gets a leading apostrophe, which the import strips).",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { format: { type: "string", enum: ["json", "csv"], default: "json" } },
        },
        response: {
          200: {
            description: "The tags.",
            content: {
              "application/json": { schema: { type: "array", items: IMPORT_ROW } },
              "text/csv": { schema: { type: "string" } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const rows = await service.exportRows(request.tenant!.id);
      if ((request.query as { format: string }).format === "csv")
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", 'attachment; filename="tags.csv"')
          .send(toCsv([CSV_HEADER, ...rows.map((r) => [r.slug, r.name, r.category, r.parent])]));
      return rows;
    },
  );

  app.post(
    "/api/v1/tenant/tags/import",
    {
      ...read,
      schema: {
        tags: TAGS,
        description:
          "Creates or updates tags by slug (tenant admins), all or nothing: a JSON array of `{slug, name, category?, parent?}` or CSV with the header `slug,name,category,parent` (as the export gives). Parents are slugs, in the file or already there; a loop is refused.",
        body: {
          content: {
            "application/json": { schema: { type: "array", maxItems: 10000, items: IMPORT_ROW } },
            "text/csv": { schema: { type: "string" } },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["created", "updated"],
            properties: { created: { type: "integer" }, updated: { type: "integer" } },
          },
        },
      },
    },
    async (request) => {
      await admin(request);
      if (typeof request.body === "string") {
        const [header, ...lines] = parseCsv(request.body);
        const columns = (header ?? []).map((h) => h.trim().toLowerCase());
        const errors: FieldError[] = [];
        if (!columns.includes("slug") || !columns.includes("name"))
          errors.push({ pointer: "/body/0", message: "must be a header naming slug and name (and category, parent)" });
        for (const c of columns)
          if (!CSV_HEADER.includes(c))
            errors.push({ pointer: "/body/0", message: `"${c.slice(0, 40)}" is not a column` });
        if (lines.length > 10000) errors.push({ pointer: "/body", message: "must have at most 10000 rows" });
        if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "The CSV is invalid.", errors);
        const unquote = (v: string) => (/^'[=+\-@]/.test(v) ? v.slice(1) : v);
        const rows = lines.map((cells) => {
          const row: Record<string, string | null> = {};
          columns.forEach((c, i) => (row[c] = cells[i] === undefined || cells[i] === "" ? null : unquote(cells[i])));
          return row as unknown as TagImportRow;
        });
        // Pointers name the CSV line (the header is line 1) and column.
        return service.importRows(request.tenant!.id, rows, (i, key) => `/body/${i + 1}${key ? `/${key}` : ""}`);
      }
      return service.importRows(request.tenant!.id, request.body as TagImportRow[], (i, key) =>
        key ? `/body/${i}/${key}` : `/body/${i}`,
      );
    },
  );

  app.get(
    "/api/v1/tenant/tags/suggestions",
    {
      ...read,
      schema: {
        tags: TAGS,
        description:
          "Tags to suggest: for a record (`entity` and `recordId`: the tags most often found with its tags on other records of its entity), or for slugs being chosen (`tags=a,b`, optionally within `entity`). Counted over records you may read; best first.",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            entity: ENTITY,
            recordId: UUID,
            tags: { type: "string", maxLength: 2000, description: "Comma-separated slugs." },
            limit: LIMIT(50, 10),
          },
        },
        response: {
          200: dataList(SCORED),
        },
      },
    },
    async (request) => {
      const q = request.query as { entity?: string; recordId?: string; tags?: string; limit: number };
      if (!q.recordId && q.tags === undefined)
        throw new ApiError("RT_ERR_BAD_QUERY", "Say what to suggest for.", [
          { pointer: "/query/tags", message: "is required without recordId" },
        ]);
      const data = await service.suggestions(
        request.tenant!,
        await caller(request),
        { entity: q.entity, recordId: q.recordId, tags: q.tags?.split(",").filter(Boolean) },
        q.limit,
      );
      return { data };
    },
  );

  app.post(
    "/api/v1/tenant/tags/links",
    {
      config: { tenant: true, auth: "required" },
      schema: {
        tags: TAGS,
        description: `Tags and untags records in bulk, all or nothing: \`add\` and \`remove\` (slugs) on every record of \`recordIds\`. Each record needs your update access (a record you cannot see: 404; one you may only read: 403, each at its pointer). At most ${MAX_BULK_LINKS} record × tag pairs.`,
        body: {
          type: "object",
          required: ["entity", "recordIds"],
          additionalProperties: false,
          properties: {
            entity: ENTITY,
            recordIds: { type: "array", minItems: 1, maxItems: 1000, items: UUID },
            add: { type: "array", maxItems: 100, items: SLUG },
            remove: { type: "array", maxItems: 100, items: SLUG },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["added", "removed"],
            properties: { added: { type: "integer" }, removed: { type: "integer" } },
          },
        },
      },
    },
    async (request) => {
      const principal = await app.authz.requireUser(request);
      return service.bulk(request.tenant!, await caller(request), principal.userId, request.body as never);
    },
  );

  app.get(
    "/api/v1/tenant/tags/links",
    {
      ...read,
      schema: {
        tags: TAGS,
        description: "The tags of some records, for those of them you may read (the others are left out).",
        querystring: {
          type: "object",
          required: ["entity", "recordIds"],
          additionalProperties: false,
          properties: {
            entity: ENTITY,
            recordIds: { type: "string", maxLength: 37 * 100, description: "Comma-separated ids (at most 100)." },
          },
        },
        response: {
          200: dataList({
            type: "object",
            required: ["recordId", "tags"],
            properties: { recordId: UUID, tags: { type: "array", items: TAG } },
          }),
        },
      },
    },
    async (request) => {
      const q = request.query as { entity: string; recordIds: string };
      const ids = q.recordIds.split(",");
      const bad = ids.findIndex((id) => !isUuid(id));
      if (bad >= 0 || ids.length > 100)
        throw new ApiError("RT_ERR_BAD_QUERY", "The record ids are invalid.", [
          {
            pointer: "/query/recordIds",
            message: ids.length > 100 ? "must name at most 100 ids" : `item ${bad + 1} is not a uuid`,
          },
        ]);
      return { data: await service.ofRecords(request.tenant!, await caller(request), q.entity, ids) };
    },
  );

  app.get(
    "/api/v1/tenant/tags/:id",
    { ...read, schema: { tags: TAGS, description: "One tag.", params: ID_PARAMS, response: { 200: TAG } } },
    async (request) => {
      const tag = await service.get(request.tenant!.id, (request.params as { id: string }).id);
      if (!tag) throw new ApiError("RT_ERR_NOT_FOUND", "No such tag.");
      return tag;
    },
  );

  app.get(
    "/api/v1/tenant/tags/:id/related",
    {
      ...read,
      schema: {
        tags: TAGS,
        description: "Tags most often on the same records as this one (records you may read), best first.",
        params: ID_PARAMS,
        querystring: { type: "object", additionalProperties: false, properties: { limit: LIMIT(50, 10) } },
        response: {
          200: {
            type: "object",
            required: ["tag", "related"],
            properties: { tag: TAG, related: { type: "array", items: SCORED } },
          },
        },
      },
    },
    async (request) =>
      service.related(
        request.tenant!,
        await caller(request),
        (request.params as { id: string }).id,
        (request.query as { limit: number }).limit,
      ),
  );

  app.patch(
    "/api/v1/tenant/tags/:id",
    {
      ...read,
      schema: {
        tags: TAGS,
        description: "Renames, recategorises or moves a tag (tenant admins); never under itself or a tag below it.",
        params: ID_PARAMS,
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            slug: SLUG,
            name: NAME,
            category: CATEGORY,
            parentId: { type: ["string", "null"], format: "uuid" },
          },
        },
        response: { 200: TAG },
      },
    },
    async (request) => {
      await admin(request);
      return service.update(request.tenant!.id, (request.params as { id: string }).id, request.body as never);
    },
  );

  app.delete(
    "/api/v1/tenant/tags/:id",
    {
      ...read,
      schema: {
        tags: TAGS,
        description: "Deletes a tag (tenant admins): it leaves every record; its children move up to its parent.",
        params: ID_PARAMS,
        response: { 204: { type: "null", description: "Deleted." } },
      },
    },
    async (request, reply) => {
      await admin(request);
      await service.remove(request.tenant!.id, (request.params as { id: string }).id);
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/v1/tenant/tags/:id/merge",
    {
      ...read,
      schema: {
        tags: TAGS,
        description:
          "Merges this tag into `into` (tenant admins): its records get `into` (once), its children move under `into`, and it is deleted. Answers the tag merged into.",
        params: ID_PARAMS,
        body: { type: "object", required: ["into"], additionalProperties: false, properties: { into: UUID } },
        response: { 200: TAG },
      },
    },
    async (request) => {
      await admin(request);
      return service.merge(
        request.tenant!.id,
        (request.params as { id: string }).id,
        (request.body as { into: string }).into,
      );
    },
  );
}
