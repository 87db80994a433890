import type { FilterOperator, RelationRegistry } from "../../../../engine/src/contract/registry-types.ts";
import type { TagExpr } from "../../../../engine/src/contract/tag-query.ts";
import type { ColumnExpr, EntityView, OutputColumn } from "../model/types.ts";

/** One `filter[path][op]=value`, with its parameter values in the order the SQL binds them. */
export interface FilterClause {
  readonly path: string;
  readonly expr: ColumnExpr;
  readonly op: FilterOperator;
  readonly params: readonly unknown[];
  /** isNull only: true → IS NULL, false → IS NOT NULL (part of the statement's shape). */
  readonly isNull?: boolean;
  /**
   * A filter through relations (`filter[provider.city][eq]=…`): the relations followed and the
   * view each reaches; `expr` is then a column of the last one, `field` its path there.
   */
  readonly through?: {
    readonly hops: readonly { readonly relation: RelationRegistry; readonly to: EntityView }[];
    readonly field: string;
  };
}

export interface SortKey {
  readonly path: string;
  readonly expr: ColumnExpr;
  readonly desc: boolean;
  /**
   * A sort through many-to-one relations (`sort=job.client.name`): the relations followed and
   * the field's path on the last entity; `expr` is then a column of that entity.
   */
  readonly through?: FilterClause["through"];
}

/** `include=job.client`: a relation and what to include inside it. */
export interface IncludeNode {
  readonly relation: RelationRegistry;
  readonly view: EntityView;
  readonly children: readonly IncludeNode[];
}

/** A parsed list request: everything the compiler and the binder need. */
export interface ListPlan {
  readonly filters: readonly FilterClause[];
  /** Sort keys; the last one is always `id`. */
  readonly sort: readonly SortKey[];
  readonly limit: number;
  readonly offset: number | null;
  /** Cursor values, one per sort key (null = the row had NULL there). */
  readonly after: readonly (string | null)[] | null;
  readonly total: boolean;
  /** Selected outputs, or null for all. */
  readonly fields: readonly OutputColumn[] | null;
  readonly includes: readonly IncludeNode[];
  /** `q=…`, or null. */
  readonly search: SearchPlan | null;
  /** `tags=…` (taggable entities only: sql/tag-sql.ts), or null. */
  readonly tags: TagExpr | null;
}

/**
 * A full-text search: per word, two parameters after the tenant (`'word':*` for `to_tsquery`,
 * and the word itself for the trigram fallback); the number of words is part of the shape.
 */
export interface SearchPlan {
  readonly words: readonly string[];
  /** The words joined by spaces (what a cursor is bound to). */
  readonly text: string;
  /** `highlight=true`: each record gets `_highlight` with a snippet per matched field. */
  readonly highlight: boolean;
}

/** The pseudo sort key of relevance (`q` given and no `sort`). */
export const RANK_PATH = "_rank";

/** RFC 6901 token escaping for error pointers. */
export const token = (text: string): string => text.replace(/~/g, "~0").replace(/\//g, "~1");
