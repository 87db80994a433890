import { create } from "zustand";
import { fetchFormSpec, fetchRegistry, fetchSession, type TenantSession } from "../api/studio-api.ts";
import type { EntityFormSpec, StudioEntity, StudioRegistry, StudioTemplate } from "../core/registry-types.ts";
import { hostMayNameTenant } from "../core/host-tenant.ts";
import { setKnownTemplates, useSessionStore } from "./session-store.ts";

type Status = "idle" | "loading" | "ready" | "error";

interface RegistryStore {
  registry: StudioRegistry | null;
  status: Status;
  error: string | null;
  /** The tenant the session acts for, with its installed templates (null: none chosen or unknown). */
  tenant: TenantSession | null;
  tenantError: string | null;
  forms: Record<string, EntityFormSpec>;
  load(): Promise<void>;
  loadTenant(): Promise<void>;
  /**
   * No tenant chosen yet: ask the studio API which tenant this address belongs to (it resolves
   * the host as the marketplace API does) and act for it. Nothing happens on a bare localhost or
   * an IP address, nor when the host names no tenant.
   */
  resolveHostTenant(): Promise<void>;
  loadForm(templateId: string, entity: string): Promise<EntityFormSpec>;
}

const pendingForms = new Map<string, Promise<EntityFormSpec>>();

/** The generated registries and form specs the runtime serves, loaded once and cached. */
export const useRegistryStore = create<RegistryStore>((set, get) => ({
  registry: null,
  status: "idle",
  error: null,
  tenant: null,
  tenantError: null,
  forms: {},
  async load() {
    if (get().status === "loading" || get().status === "ready") return;
    set({ status: "loading", error: null });
    try {
      const registry = await fetchRegistry();
      setKnownTemplates(registry.templates);
      set({ registry, status: "ready" });
    } catch (error) {
      set({ status: "error", error: (error as Error).message });
    }
  },
  async loadTenant() {
    try {
      set({ tenant: await fetchSession(), tenantError: null });
    } catch (error) {
      set({ tenant: null, tenantError: (error as Error).message });
    }
  },
  async resolveHostTenant() {
    if (useSessionStore.getState().tenant || typeof location === "undefined") return;
    if (!hostMayNameTenant(location.hostname)) return;
    try {
      const session = await fetchSession();
      if (useSessionStore.getState().tenant) return; // chosen meanwhile
      set({ tenant: session, tenantError: null });
      useSessionStore.getState().update({ tenant: session.tenant.slug });
    } catch {
      // The host names no tenant: the picker it is.
    }
  },
  loadForm(templateId, entity) {
    const key = `${templateId}/${entity}`;
    const cached = get().forms[key];
    if (cached) return Promise.resolve(cached);
    let pending = pendingForms.get(key);
    if (!pending) {
      pending = fetchFormSpec(templateId, entity).then((spec) => {
        set((s) => ({ forms: { ...s.forms, [key]: spec } }));
        return spec;
      });
      pending.finally(() => pendingForms.delete(key)).catch(() => {});
      pendingForms.set(key, pending);
    }
    return pending;
  },
}));

export function findTemplate(registry: StudioRegistry | null, id: string | undefined): StudioTemplate | undefined {
  return registry?.templates.find((t) => t.id === id);
}

/** An entity by API name or by name. */
export function findEntity(template: StudioTemplate | undefined, name: string | undefined): StudioEntity | undefined {
  return template?.entities.find((e) => e.apiName === name || e.name === name);
}
