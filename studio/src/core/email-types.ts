/** The shapes of the tenant admin's email API (runtime/src/email/email-routes.ts, dev-outbox.ts). */
export const DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "bounced"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface EmailOverride {
  key: string;
  locale: string;
  subject: string;
  mjml: string;
  version: number;
  updatedAt: string;
}

/** One email the tenant can send: where its text comes from, its locales and variables, the tenant's overrides. */
export interface EmailDefinition {
  key: string;
  level: "template" | "platform";
  templateId: string | null;
  locales: string[];
  variables: string[];
  subject: Record<string, string>;
  mjml: Record<string, string>;
  overrides: EmailOverride[];
}

export interface EmailPreview {
  key: string;
  locale: string;
  level: "tenant" | "template" | "platform";
  subject: string;
  html: string;
  text: string;
  variables: Record<string, unknown>;
}

export interface PreviewRequest {
  template: string;
  locale?: string;
  variables?: Record<string, unknown>;
  record?: { entity: string; id: string };
  subject?: string;
  mjml?: string;
}

export interface Delivery {
  id: string;
  status: DeliveryStatus;
  recipient: string;
  template: string;
  locale: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sendAfter: string;
  sentAt: string | null;
}

export interface DeliveryPage {
  data: Delivery[];
  page: { limit: number; nextCursor: string | null };
}

export interface DeliveryFilter {
  status?: DeliveryStatus | "";
  recipient?: string;
  template?: string;
}

export interface OutboxSummary {
  id: string;
  file: string;
  date: string | null;
  from: string;
  to: string;
  subject: string;
  template: string | null;
}

export interface OutboxMessage extends OutboxSummary {
  headers: { name: string; value: string }[];
  html: string;
  text: string;
}
