import type { AuditPage } from "../core/audit-format.ts";
import { requestJson } from "./http.ts";

/** `GET /api/v1/tenant/audit`: newest first, opaque cursor (tenant admins). */
export function listAudit(
  options: { limit?: number; cursor?: string | null } = {},
  signal?: AbortSignal,
): Promise<AuditPage> {
  const params = new URLSearchParams({ limit: String(options.limit ?? 50) });
  if (options.cursor) params.set("cursor", options.cursor);
  return requestJson<AuditPage>(`/api/v1/tenant/audit?${params}`, { signal });
}
