import type { EntityRegistry, FieldRegistry, TemplateRegistry } from "./registry-types.ts";

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
  /** Entity names whose records take tags (template `tagging`); absent: none. */
  tagging?: readonly string[];
  /** Entity names whose records go into collections and favourites (template `collections`); absent: none. */
  collections?: readonly string[];
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
  | "enumLabels"
  | "itemKind"
  | "filterOps"
  | "sortable"
  | "isStatus"
  | "searchable"
  | "unique"
  | "translatable"
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
  /** Its records have a conversation (the entity declares `conversation`; runtime/src/messaging). */
  hasConversation?: boolean;
}
