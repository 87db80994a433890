import type { FastifyInstance } from "fastify";
import { CursorCodec } from "../../crud/sql/cursor.ts";
import { parseValue } from "../../crud/query/parse-value.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import { parsePageQuery } from "../../http/page-query.ts";
import { listAudit, type AuditQuery } from "../audit/audit-store.ts";
import { AUDIT_PAGE } from "./response-schemas.ts";

const FILTERS = new Set(["entity", "action", "actorId", "recordId", "since", "until"]);
const CURSOR_ENTITY = "audit";
const CURSOR_SORT = "-createdAt";

/**
 * `GET /api/v1/tenant/audit?filter[entity]=…&filter[action]=…&filter[actorId]=…&filter[recordId]=…
 * &filter[since]=…&filter[until]=…&limit=…&cursor=…`: the tenant's audit trail, newest first, for
 * tenant admins. Cursors are opaque and signed like the entity lists'.
 */
export async function auditRoutes(app: FastifyInstance, options: { cursorSecret?: string }) {
  const cursors = new CursorCodec(options.cursorSecret ?? process.env.MONO_CURSOR_SECRET);

  app.get(
    "/api/v1/tenant/audit",
    {
      config: { tenant: true, auth: "required", allowSuperAdmin: true },
      schema: { tags: ["audit"], response: { 200: AUDIT_PAGE } },
    },
    async (request) => {
      await app.authz.requireAdmin(request);
      const query = parse(request.query as Record<string, unknown>, cursors);
      const rows = await listAudit(app.db, request.tenant!.id, query);
      const more = rows.length > query.limit;
      if (more) rows.pop();
      const last = rows[rows.length - 1];
      const nextCursor = more ? cursors.encode({ e: CURSOR_ENTITY, s: CURSOR_SORT, k: [last.__at, last.id] }) : null;
      return { data: rows.map(({ __at, ...row }) => row), page: { limit: query.limit, nextCursor } };
    },
  );
}

function parse(query: Record<string, unknown>, cursors: CursorCodec): AuditQuery {
  const errors: FieldError[] = [];
  const out: AuditQuery = { limit: 50 };
  for (const key of Object.keys(query))
    if (!["filter", "limit", "cursor"].includes(key))
      errors.push({ pointer: `/query/${key}`, message: "is not a known parameter" });
  const filter = query.filter;
  if (filter !== undefined && (typeof filter !== "object" || filter === null || Array.isArray(filter)))
    errors.push({ pointer: "/query/filter", message: "must be written filter[field]=value" });
  for (const [name, raw] of Object.entries((typeof filter === "object" && filter) || {})) {
    const pointer = `/query/filter/${name}`;
    if (!FILTERS.has(name)) {
      errors.push({ pointer, message: "is not a filterable field" });
      continue;
    }
    if (typeof raw !== "string" || raw.length > 200) {
      errors.push({ pointer, message: "must be given once, as text" });
      continue;
    }
    const type =
      name === "actorId" || name === "recordId" ? "uuid" : name === "since" || name === "until" ? "datetime" : "text";
    const parsed = parseValue(raw, type);
    if (!parsed.ok) errors.push({ pointer, message: parsed.message });
    else (out as unknown as Record<string, unknown>)[name] = parsed.value;
  }
  Object.assign(
    out,
    parsePageQuery(query, cursors, { entity: CURSOR_ENTITY, sort: CURSOR_SORT, maxLimit: 200 }, errors),
  );
  if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
  return out;
}
