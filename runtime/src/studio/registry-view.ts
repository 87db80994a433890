import type { EntityRegistry, TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { StudioEntity, StudioRegistry, StudioTemplate } from "../../../engine/src/contract/studio-registry.ts";

/**
 * What the studio needs of the served registries to draw navigation, list pages and the
 * relationship view: the registry minus the heavy parts (record JSON Schemas, columns, seed
 * records, email bodies). Forms come separately, one entity at a time.
 */
export function buildStudioRegistry(templates: readonly TemplateRegistry[]): StudioRegistry {
  return { templates: templates.map(studioTemplate) };
}

function studioTemplate(t: TemplateRegistry): StudioTemplate {
  return {
    id: t.id,
    version: t.version,
    title: t.title,
    description: t.description,
    locales: t.locales,
    defaultLocale: t.defaultLocale,
    draft: t.draft,
    roles: t.roles,
    entities: t.entities.map(studioEntity),
    workflows: t.workflows.map((w) => ({ name: w.name, label: w.label, entity: w.entity, nodes: w.nodes.length })),
    ...(t.tagging ? { tagging: t.tagging.entities } : {}),
    ...(t.collections ? { collections: t.collections.entities } : {}),
  };
}

function studioEntity(e: EntityRegistry): StudioEntity {
  return {
    name: e.name,
    apiName: e.apiName,
    scope: e.scope,
    softDelete: e.softDelete,
    draft: e.draft,
    titleField: e.titleField,
    label: e.label,
    pluralLabel: e.pluralLabel,
    description: e.description,
    status: e.status,
    listColumns: e.listColumns,
    access: e.access,
    fields: e.fields.map((f) => ({
      name: f.name,
      kind: f.kind,
      format: f.format,
      required: f.required,
      readOnly: f.readOnly,
      label: f.label,
      enumValues: f.enumValues,
      ...(f.enumLabels ? { enumLabels: f.enumLabels } : {}),
      itemKind: f.itemKind,
      filterOps: f.filterOps,
      sortable: f.sortable,
      isStatus: f.isStatus,
      searchable: f.searchable,
      unique: f.unique,
      translatable: f.translatable,
    })),
    relations: e.relations.map((r) => ({
      name: r.name,
      kind: r.kind,
      target: r.target,
      foreignKey: r.foreignKey,
      required: r.required,
      label: r.label,
    })),
    sortableSystemColumns: e.systemColumns.filter((c) => c.sortable).map((c) => c.name),
    ...(e.conversation ? { hasConversation: true } : {}),
  };
}
