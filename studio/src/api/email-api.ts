import type {
  DeliveryFilter,
  DeliveryPage,
  EmailDefinition,
  EmailOverride,
  EmailPreview,
  OutboxMessage,
  OutboxSummary,
  PreviewRequest,
} from "../core/email-types.ts";
import { requestJson } from "./http.ts";

/** The tenant admin's email API (runtime/src/email/README.md, "Tenant admin API"). */
const EMAIL = "/api/v1/tenant/email";

export const listEmailTemplates = (signal?: AbortSignal) =>
  requestJson<{ data: EmailDefinition[] }>(`${EMAIL}/templates`, { signal }).then((r) => r.data);

const overrideUrl = (key: string, locale: string) =>
  `${EMAIL}/templates/${encodeURIComponent(key)}/${encodeURIComponent(locale)}`;

export const saveEmailOverride = (key: string, locale: string, body: { subject: string; mjml: string }) =>
  requestJson<EmailOverride>(overrideUrl(key, locale), { method: "PUT", body });

export const deleteEmailOverride = (key: string, locale: string) =>
  requestJson<void>(overrideUrl(key, locale), { method: "DELETE" });

export const previewEmail = (body: PreviewRequest, signal?: AbortSignal) =>
  requestJson<EmailPreview>(`${EMAIL}/preview`, { method: "POST", body, signal });

/** `filter[status]`, `filter[recipient]`, `filter[template]` (empty ones left out), `limit`, `cursor`. */
export function deliveriesQuery(filter: DeliveryFilter, options: { limit?: number; cursor?: string | null } = {}) {
  const params = new URLSearchParams();
  for (const key of ["status", "recipient", "template"] as const) {
    const value = filter[key]?.trim();
    if (value) params.set(`filter[${key}]`, value);
  }
  params.set("limit", String(options.limit ?? 50));
  if (options.cursor) params.set("cursor", options.cursor);
  return params.toString();
}

export const listDeliveries = (
  filter: DeliveryFilter,
  options: { limit?: number; cursor?: string | null } = {},
  signal?: AbortSignal,
) => requestJson<DeliveryPage>(`${EMAIL}/deliveries?${deliveriesQuery(filter, options)}`, { signal });

/** Development only: the runtime answers 404 where there is no outbox (production, SMTP). */
export const listOutbox = (signal?: AbortSignal) =>
  requestJson<{ data: OutboxSummary[] }>(`${EMAIL}/outbox`, { signal }).then((r) => r.data);

export const readOutboxMessage = (id: string, signal?: AbortSignal) =>
  requestJson<OutboxMessage>(`${EMAIL}/outbox/${encodeURIComponent(id)}`, { signal });
