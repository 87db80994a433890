import type { FastifyInstance } from "fastify";
import { CursorCodec } from "../../crud/sql/cursor.ts";
import { parseValue } from "../../crud/query/parse-value.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
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
  if (query.limit !== undefined) {
    const n = typeof query.limit === "string" && /^\d{1,3}$/.test(query.limit) ? Number(query.limit) : NaN;
    if (!(n >= 1 && n <= 200)) errors.push({ pointer: "/query/limit", message: "must be an integer from 1 to 200" });
    else out.limit = n;
  }
  if (query.cursor !== undefined) {
    const decoded =
      typeof query.cursor === "string" ? cursors.decode(query.cursor, CURSOR_ENTITY, CURSOR_SORT, 2) : null;
    if (!decoded || decoded.k[0] === null)
      errors.push({ pointer: "/query/cursor", message: "is not a valid cursor for this list" });
    else out.after = { at: decoded.k[0], id: decoded.k[1]! };
  }
  if (errors.length) throw new ApiError("RT_ERR_BAD_QUERY", "The query string is invalid.", errors);
  return out;
}
