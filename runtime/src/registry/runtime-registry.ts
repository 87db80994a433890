import type { EntityRegistry, TemplateRegistry } from "../../../generators/src/registry/registry-types.ts";

/** What the runtime serves: the generated registries, indexed for request-time lookups. */
export interface RuntimeRegistry {
  readonly templates: readonly TemplateRegistry[];
  /** Template by id. */
  template(id: string): TemplateRegistry | undefined;
  /**
   * The entity a tenant means by an API name: `apiName` when exactly one of the tenant's
   * installed templates has it, or `templateId:apiName` to say which.
   */
  resolveEntity(installed: Iterable<string>, name: string): ResolvedEntity | "ambiguous" | undefined;
}

export interface ResolvedEntity {
  readonly template: TemplateRegistry;
  readonly entity: EntityRegistry;
}

export function createRuntimeRegistry(templates: readonly TemplateRegistry[]): RuntimeRegistry {
  const byId = new Map(templates.map((t) => [t.id, t]));
  const byApiName = new Map<string, ResolvedEntity[]>();
  for (const template of templates) {
    for (const entity of template.entities) {
      const list = byApiName.get(entity.apiName) ?? [];
      list.push({ template, entity });
      byApiName.set(entity.apiName, list);
    }
  }
  return {
    templates,
    template: (id) => byId.get(id),
    resolveEntity(installed, name) {
      const ids = new Set(installed);
      const colon = name.indexOf(":");
      if (colon > 0) {
        const template = ids.has(name.slice(0, colon)) ? byId.get(name.slice(0, colon)) : undefined;
        const entity = template?.entities.find((e) => e.apiName === name.slice(colon + 1));
        return template && entity ? { template, entity } : undefined;
      }
      const candidates = (byApiName.get(name) ?? []).filter((c) => ids.has(c.template.id));
      if (candidates.length > 1) return "ambiguous";
      return candidates[0];
    },
  };
}
