import type { EntityRecord, RecordPage } from "../core/registry-types.ts";
import { requestJson } from "./http.ts";

/**
 * The generic entity API of the tenant tier (runtime/src/crud): list with filters, sort and
 * cursor; read, create, patch, delete; bulk operations.
 */
const base = (entity: string) => `/api/v1/tenant/entities/${encodeURIComponent(entity)}`;

/** The list response (`{ data, page: { limit, nextCursor, total? } }`; a flat `nextCursor` is accepted too). */
interface ListResponse {
  data: EntityRecord[];
  page?: { limit?: number; nextCursor?: string | null; total?: number };
  nextCursor?: string | null;
  total?: number;
}

export async function listRecords(entity: string, query: string, signal?: AbortSignal): Promise<RecordPage> {
  const body = await requestJson<ListResponse>(`${base(entity)}?${query}`, { signal });
  const total = body.page?.total ?? body.total;
  return {
    data: body.data,
    nextCursor: body.page?.nextCursor ?? body.nextCursor ?? null,
    ...(total !== undefined ? { total } : {}),
  };
}
/** `?locale=` for entities with translatable fields: their texts in that language (with the fallback chain). */
const localeQuery = (locale?: string) => (locale ? `?locale=${encodeURIComponent(locale)}` : "");

export const getRecord = (entity: string, id: string, locale?: string) =>
  requestJson<EntityRecord>(`${base(entity)}/${encodeURIComponent(id)}${localeQuery(locale)}`);
/** `accountId`: the account the new record belongs to (`X-Account-Id`; admins pick any of the tenant's). */
export const createRecord = (entity: string, body: Record<string, unknown>, accountId?: string) =>
  requestJson<EntityRecord>(base(entity), {
    method: "POST",
    body,
    ...(accountId ? { headers: { "x-account-id": accountId } } : {}),
  });
export const updateRecord = (entity: string, id: string, body: Record<string, unknown>, locale?: string) =>
  requestJson<EntityRecord>(`${base(entity)}/${encodeURIComponent(id)}${localeQuery(locale)}`, {
    method: "PATCH",
    body,
  });
export const deleteRecord = (entity: string, id: string) =>
  requestJson<void>(`${base(entity)}/${encodeURIComponent(id)}`, { method: "DELETE" });

/** `POST …/bulk`: creates, updates (`{ id, ...patch }`) and deletes (ids) in one transaction, each item on its own. */
export interface BulkRequest {
  create?: Record<string, unknown>[];
  update?: ({ id: string } & Record<string, unknown>)[];
  delete?: string[];
}

export interface BulkItemResult {
  op: "create" | "update" | "delete";
  index: number;
  status: number;
  id?: string;
  code?: string;
  errors?: { pointer: string; message: string }[];
}

export interface BulkResult {
  results: BulkItemResult[];
  succeeded: number;
  failed: number;
}

export const bulkRecords = (entity: string, request: BulkRequest) =>
  requestJson<BulkResult>(`${base(entity)}/bulk`, { method: "POST", body: request });

/** The tenant's extension fields of an entity (`{ properties, required }`). */
export interface ExtensionSchema {
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

export const getExtensions = (entity: string) =>
  requestJson<ExtensionSchema>(`/api/v1/tenant/extensions/${encodeURIComponent(entity)}`);
export const saveExtensions = (entity: string, schema: ExtensionSchema) =>
  requestJson<ExtensionSchema>(`/api/v1/tenant/extensions/${encodeURIComponent(entity)}`, {
    method: "PUT",
    body: schema,
  });

/** Every record matching a query (follows cursors; stops at `max`). */
export async function listAllRecords(entity: string, query: URLSearchParams, max = 10_000): Promise<EntityRecord[]> {
  const out: EntityRecord[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set("limit", "100");
    if (cursor) params.set("cursor", cursor);
    else params.delete("cursor");
    const page = await listRecords(entity, params.toString());
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out.slice(0, max);
}
