import { findEntity, findTemplate, useRegistryStore } from "../../store/registry-store.ts";

/** The template and entity a page is about (by route params), from the loaded registry. */
export function useEntity(templateId: string, entityName: string) {
  const registry = useRegistryStore((s) => s.registry);
  const template = findTemplate(registry, templateId);
  const entity = findEntity(template, entityName);
  return { template, entity };
}
