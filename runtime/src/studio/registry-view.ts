import type {
  EntityRegistry,
  FieldRegistry,
  TemplateRegistry,
} from "../../../generators/src/registry/registry-types.ts";

/**
 * What the studio needs of a generated registry to draw navigation, list pages and the
 * relationship view: the registry minus the heavy parts (record JSON Schemas, columns, seed
 * records, email bodies). Forms come separately, one entity at a time.
 */
export interface StudioRegistry {
  templates: StudioTemplate[];
}

export interface StudioTemplate {
  id: string;
  version: string;
  title: TemplateRegistry["title"];
  description: TemplateRegistry["description"];
  locales: readonly string[];
  defaultLocale: string;
  draft: boolean;
  roles: TemplateRegistry["roles"];
  entities: StudioEntity[];
  workflows: { name: string; label: TemplateRegistry["title"]; entity: string | null; nodes: number }[];
}

export type StudioField = Pick<
  FieldRegistry,
  | "name"
  | "kind"
  | "format"
  | "required"
  | "readOnly"
  | "label"
  | "enumValues"
  | "itemKind"
  | "filterOps"
  | "sortable"
  | "isStatus"
  | "searchable"
  | "unique"
>;

export interface StudioEntity extends Pick<
  EntityRegistry,
  | "name"
  | "apiName"
  | "scope"
  | "softDelete"
  | "draft"
  | "titleField"
  | "label"
  | "pluralLabel"
  | "description"
  | "status"
  | "listColumns"
  | "access"
> {
  fields: StudioField[];
  relations: Pick<
    EntityRegistry["relations"][number],
    "name" | "kind" | "target" | "foreignKey" | "required" | "label"
  >[];
  /** System columns a list may sort by (e.g. createdAt). */
  sortableSystemColumns: string[];
}

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
      itemKind: f.itemKind,
      filterOps: f.filterOps,
      sortable: f.sortable,
      isStatus: f.isStatus,
      searchable: f.searchable,
      unique: f.unique,
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
  };
}
