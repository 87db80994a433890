import type { DesignStorage } from "../../../engine/src/contract/design-port.ts";
import type { DataLossWarning } from "../../../engine/src/contract/migrations.ts";
import type { Diagnostic, EntityFormSpec, RawTemplate, StudioRegistry } from "../core/registry-types.ts";
import { requestJson } from "./http.ts";

const API = "/studio/api";

export interface TenantSession {
  tenant: { id: string; slug: string; name: string; status: string };
  templates: { id: string; version: string }[];
}

/** Public, and preloaded by index.html: sent without identity headers so the preload is reused. */
export const fetchRegistry = () => requestJson<StudioRegistry>(`${API}/registry`, { identity: false });
export const fetchSession = () => requestJson<TenantSession>(`${API}/session`);
export const fetchFormSpec = (templateId: string, entity: string) =>
  requestJson<EntityFormSpec>(`${API}/forms/${encodeURIComponent(templateId)}/${encodeURIComponent(entity)}`);

/** The design API's shapes (engine/src/contract/design-port.ts), with the engine's diagnostics. */
export interface TemplateSummary {
  id: string;
  version: string | null;
  title: Record<string, string> | null;
  /** null for a draft template kept in the database (a production studio). */
  file: string | null;
  storage: DesignStorage;
}

export interface LoadedTemplate {
  id: string;
  file: string | null;
  storage: DesignStorage;
  template: RawTemplate | null;
  text?: string;
  diagnostics: Diagnostic[];
}

export interface SaveResult {
  saved: true;
  file: string | null;
  storage: DesignStorage;
  created: boolean;
  diagnostics: Diagnostic[];
  compatibility: Diagnostic[];
  /** Served in draft mode right away (a production studio's new template). */
  draftMode: boolean;
}

export interface PreviewResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  forms: Record<string, EntityFormSpec>;
}

export interface GenerateResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  changed: string[];
  migration: { name: string; sql: string; downSql: string; warnings: readonly DataLossWarning[] } | null;
  ms: number;
}

export const listTemplates = () => requestJson<{ data: TemplateSummary[] }>(`${API}/templates`).then((r) => r.data);
export const loadTemplate = (id: string) => requestJson<LoadedTemplate>(`${API}/templates/${encodeURIComponent(id)}`);
export const saveTemplate = (id: string, template: RawTemplate) =>
  requestJson<SaveResult>(`${API}/templates/${encodeURIComponent(id)}`, { method: "PUT", body: template });
export const previewTemplate = (template: RawTemplate, entity: string | undefined, signal?: AbortSignal) =>
  requestJson<PreviewResult>(`${API}/preview`, {
    method: "POST",
    body: { template, ...(entity ? { entity } : {}) },
    signal,
  });
export const runGenerate = (migrationName: string) =>
  requestJson<GenerateResult>(`${API}/generate`, { method: "POST", body: { migrationName } });
