import { requestJson } from "./http.ts";

/** The platform tier (admin token): tenants and their template installs. */
const API = "/api/v1/platform";

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: string;
  createdAt: string;
}

export interface AvailableTemplate {
  id: string;
  version: string;
  title: Record<string, string>;
  description: Record<string, string>;
  locales: string[];
  entities: string[];
}

export interface InstalledTemplate {
  templateId: string;
  version: string;
  availableVersion: string | null;
  upgradeAvailable: boolean;
}

export interface UpgradePreview {
  templateId: string;
  fromVersion: string;
  toVersion: string;
  entitiesAdded: string[];
  entitiesRemoved: string[];
  fieldsAdded: Record<string, string[]>;
  fieldsRemoved: Record<string, string[]>;
  seedAdded: Record<string, number>;
  breaking: boolean;
}

const enc = encodeURIComponent;

export const listTenants = () => requestJson<{ data: Tenant[]; nextCursor: string | null }>(`${API}/tenants?limit=100`);
export const createTenant = (slug: string, name: string) =>
  requestJson<Tenant>(`${API}/tenants`, { method: "POST", body: { slug, name } });
export const setTenantStatus = (slug: string, action: "suspend" | "activate") =>
  requestJson<Tenant>(`${API}/tenants/${enc(slug)}/${action}`, { method: "POST" });
export const listAvailableTemplates = () =>
  requestJson<{ data: AvailableTemplate[] }>(`${API}/templates`).then((r) => r.data);
export const listInstalledTemplates = (slug: string) =>
  requestJson<{ data: InstalledTemplate[] }>(`${API}/tenants/${enc(slug)}/templates`).then((r) => r.data);
export const installTemplate = (slug: string, templateId: string) =>
  requestJson<{ templateId: string; version: string; seeded: Record<string, number> }>(
    `${API}/tenants/${enc(slug)}/templates`,
    { method: "POST", body: { templateId } },
  );
export const previewUpgrade = (slug: string, templateId: string) =>
  requestJson<{ dryRun: true; preview: UpgradePreview }>(
    `${API}/tenants/${enc(slug)}/templates/${enc(templateId)}/upgrade?dryRun=true`,
    { method: "POST" },
  );
export const applyUpgrade = (slug: string, templateId: string, acceptBreaking: boolean) =>
  requestJson<{ dryRun: false; preview: UpgradePreview; seeded: Record<string, number> }>(
    `${API}/tenants/${enc(slug)}/templates/${enc(templateId)}/upgrade?dryRun=false&acceptBreaking=${acceptBreaking}`,
    { method: "POST" },
  );
