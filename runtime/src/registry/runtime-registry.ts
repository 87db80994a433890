import type {
  EntityRegistry,
  PlatformRegistry,
  TemplateRegistry,
} from "../../../engine/src/contract/registry-types.ts";

/** What the runtime serves: the generated registries, indexed for request-time lookups, plus draft templates. */
export interface RuntimeRegistry {
  /** Compiled templates (generated/), then draft templates saved in a production studio. */
  readonly templates: readonly TemplateRegistry[];
  /** The compiled templates only (generated/registry.ts). */
  readonly compiled: readonly TemplateRegistry[];
  /** Built-in roles and system columns, as the generated registry carries them. */
  readonly platform: PlatformRegistry;
  /** Template by id. */
  template(id: string): TemplateRegistry | undefined;
  /**
   * The entity a tenant means by an API name: `apiName` when exactly one of the tenant's
   * installed templates has it, or `templateId:apiName` to say which.
   */
  resolveEntity(installed: Iterable<string>, name: string): ResolvedEntity | "ambiguous" | undefined;
  /**
   * Serves a draft template (every entity in draft mode), replacing an earlier draft of the same
   * id. A compiled template with that id keeps serving instead: false then.
   */
  serveDraft(template: TemplateRegistry): boolean;
  /** Changes whenever `templates` does (caches of views over all templates key on it). */
  readonly revision: number;
}

export interface ResolvedEntity {
  readonly template: TemplateRegistry;
  readonly entity: EntityRegistry;
}

export function createRuntimeRegistry(
  compiled: readonly TemplateRegistry[],
  platform: PlatformRegistry,
): RuntimeRegistry {
  const compiledIds = new Set(compiled.map((t) => t.id));
  const drafts = new Map<string, TemplateRegistry>();
  let templates: readonly TemplateRegistry[] = compiled;
  let byId = new Map<string, TemplateRegistry>();
  let byApiName = new Map<string, ResolvedEntity[]>();
  let revision = 0;

  const index = () => {
    templates = [...compiled, ...[...drafts.values()].sort((a, b) => a.id.localeCompare(b.id))];
    byId = new Map(templates.map((t) => [t.id, t]));
    byApiName = new Map();
    for (const template of templates) {
      for (const entity of template.entities) {
        const list = byApiName.get(entity.apiName) ?? [];
        list.push({ template, entity });
        byApiName.set(entity.apiName, list);
      }
    }
    revision++;
  };
  index();

  return {
    get templates() {
      return templates;
    },
    get revision() {
      return revision;
    },
    compiled,
    platform,
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
    serveDraft(template) {
      if (compiledIds.has(template.id)) return false;
      drafts.set(template.id, template);
      index();
      return true;
    },
  };
}
