import type {
  EntityRegistry,
  FieldRegistry,
  FilterOperator,
  RelationRegistry,
  TemplateRegistry,
} from "../../../../engine/src/contract/registry-types.ts";
import type { ExtensionDef } from "../extensions/extension-schema.ts";

/** How a filter or cursor value is read from text and checked. */
export type ValueType = "text" | "uuid" | "integer" | "number" | "boolean" | "date" | "datetime";

/**
 * A typed SQL expression over one row. Native columns, paths into the `ext` JSONB column and
 * paths into a draft's `data` JSONB are all one of these, so filters, sorts and cursors are
 * written once for all three.
 */
export interface ColumnExpr {
  /** SQL for the row aliased `alias`. */
  sql(alias: string): string;
  readonly valueType: ValueType;
  /** SQL type that parameters compared with it are cast to (`int4`, `text`, `numeric`…). */
  readonly cast: string;
  readonly nullable: boolean;
  /** Array-valued: a native array or a JSONB array (items are `valueType`). */
  readonly array: "pg" | "jsonb" | null;
  /** Values a filter may name (enums), or null. */
  readonly enumValues: readonly (string | number)[] | null;
}

/** What `filter[path][op]` and `sort=path` may address. */
export interface QueryTarget {
  readonly path: string;
  readonly expr: ColumnExpr;
  readonly ops: readonly FilterOperator[];
  readonly sortable: boolean;
}

/** One key of a record as returned: name and the SQL that yields its JSON-ready value. */
export interface OutputColumn {
  readonly name: string;
  sql(alias: string): string;
  /**
   * The cheaper form for top-level rows: raw columns, made JSON-ready in JS (formatting in SQL
   * costs the database more than the whole lookup). Included records always use `sql`: they
   * arrive as JSON built by the database.
   */
  readonly raw?: RawOutput;
}

/** One or two raw SQL values and how they become the API value. */
export interface RawOutput {
  readonly parts:
    readonly [(alias: string) => string] | readonly [(alias: string) => string, (alias: string) => string];
  decode(first: unknown, second: unknown): unknown;
}

/** Where an entity's rows live. */
export interface Storage {
  readonly kind: "native" | "draft";
  /** Quoted table name. */
  readonly table: string;
  /** Row conditions besides `"tenantId" = $1` (draft entity, not soft-deleted), or "". */
  scope(alias: string): string;
}

/** A field as the writer sees it (template fields, foreign keys, extension fields). */
export interface WritableField {
  readonly name: string;
  readonly source: "field" | "foreignKey" | "ext";
  readonly field: FieldRegistry | null;
  readonly relation: RelationRegistry | null;
}

/**
 * Everything the SQL compiler needs about one entity as one tenant sees it (template entity
 * plus that tenant's extension fields). Built once per (entity, extension schema) and cached.
 */
export interface EntityView {
  /** Unique per template, entity, storage and extension schema: the statement cache key. */
  readonly key: string;
  readonly template: TemplateRegistry;
  readonly entity: EntityRegistry;
  readonly storage: Storage;
  readonly ext: ExtensionDef | null;
  /** Record keys in output order. */
  readonly outputs: readonly OutputColumn[];
  readonly outputByName: ReadonlyMap<string, OutputColumn>;
  /** Filterable/sortable paths. */
  readonly targets: ReadonlyMap<string, QueryTarget>;
  /** JSON fields that accept `filter[field.path.to.key]`, with their JSONB expression. */
  readonly jsonFields: ReadonlyMap<string, (segments: readonly string[]) => ColumnExpr>;
  /** `id`, and each many-to-one relation's key, as expressions (joins of includes and checks). */
  readonly id: ColumnExpr;
  foreignKey(relation: RelationRegistry): ColumnExpr;
  /** Fields a create or update body may carry. */
  readonly writable: ReadonlyMap<string, WritableField>;
  /** `x-searchable` text fields (`q=`), in field order; empty: the entity has no search. */
  readonly searchable: readonly SearchField[];
  /** Text-search configurations searched (`simple`, then the template's locales'). */
  readonly searchConfigs: readonly string[];
  /**
   * Set on a view that acts in a locale other than the template's default (model/locale.ts):
   * translatable outputs read the chain's translations first, writes of translatable fields
   * go to `locale`'s translations.
   */
  readonly translation?: {
    readonly locale: string;
    readonly chain: readonly string[];
    /** The translatable fields' names. */
    readonly fields: ReadonlySet<string>;
  };
}

/** One field `q=` searches. */
export interface SearchField {
  readonly name: string;
  readonly expr: ColumnExpr;
}
