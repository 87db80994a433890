import type { EntityRegistry, TemplateRegistry } from "../../../../engine/src/contract/registry-types.ts";
import type { ExtensionDef } from "../extensions/extension-schema.ts";
import { buildView } from "./build-view.ts";
import type { EntityView } from "./types.ts";

/** Distinct extension schemas kept per entity before the oldest view is dropped. */
const MAX_VIEWS_PER_ENTITY = 256;

const views = new WeakMap<EntityRegistry, Map<string, EntityView>>();
const entitiesByName = new WeakMap<TemplateRegistry, Map<string, EntityRegistry>>();

/**
 * The view of `entity` for an extension schema, built on first use. Keyed by the registry
 * objects themselves, so a test's altered registry copy never shares views with the real one.
 */
export function viewOf(
  template: TemplateRegistry,
  entity: EntityRegistry,
  ext: ExtensionDef | null = null,
): EntityView {
  let byHash = views.get(entity);
  if (!byHash) views.set(entity, (byHash = new Map()));
  const key = ext?.hash ?? "-";
  let view = byHash.get(key);
  if (!view) {
    if (byHash.size >= MAX_VIEWS_PER_ENTITY) byHash.delete(byHash.keys().next().value!);
    view = buildView(template, entity, ext);
    byHash.set(key, view);
  }
  return view;
}

/** An entity of a template by its name (`ModelProfile`) or API name (`model-profiles`). */
export function entityByName(template: TemplateRegistry, name: string): EntityRegistry | undefined {
  let map = entitiesByName.get(template);
  if (!map) {
    map = new Map();
    for (const entity of template.entities) map.set(entity.apiName, entity);
    for (const entity of template.entities) map.set(entity.name, entity);
    entitiesByName.set(template, map);
  }
  return map.get(name);
}
