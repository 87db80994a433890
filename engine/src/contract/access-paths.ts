/**
 * Paths of access-rule conditions (`"listing.provider.accountId"`): relation segments first,
 * then a field (or nothing: the path names a related record, for `$me` / `$myAccount`). One
 * reading for the engine's checks and the runtime's SQL compiler, over IR or registry shapes.
 */

/** Condition keys that compose instead of naming a path. */
export const CONDITION_COMBINATORS = ["all", "any", "not"] as const;

/** Operand: the related record's owner is the caller (its user on user-scoped entities, else its creator). */
export const ME = "$me";
/** Operand: the related record's account is one of the caller's accounts. */
export const MY_ACCOUNT = "$myAccount";

interface PathRelation {
  readonly name: string;
  readonly target: string;
}

interface PathEntity<R extends PathRelation> {
  readonly name: string;
  readonly relations: readonly R[];
}

export interface AccessPath<E, R> {
  /** Relations followed, in order, with the entity each one reaches. */
  readonly hops: readonly { readonly relation: R; readonly to: E }[];
  /** The field path on the last entity reached ("" when the path ends on a relation). */
  readonly rest: string;
  readonly end: E;
}

/**
 * Splits `path` into relation hops from `start` and the rest. Segments are relations of the
 * entity reached so far, until one is not; `undefined` when a hop's target does not exist.
 */
export function splitAccessPath<E extends PathEntity<PathRelation>>(
  start: E,
  path: string,
  byName: (name: string) => E | undefined,
): AccessPath<E, E["relations"][number]> | undefined {
  const segments = path.split(".");
  const hops: { relation: E["relations"][number]; to: E }[] = [];
  let at = start;
  let i = 0;
  for (; i < segments.length; i++) {
    const relation = at.relations.find((r) => r.name === segments[i]);
    if (!relation) break;
    const to = byName(relation.target);
    if (!to) return undefined;
    hops.push({ relation, to });
    at = to;
  }
  return { hops, rest: segments.slice(i).join("."), end: at };
}

/**
 * Many-to-one relations a list's sort key may follow before it names a field
 * (`sort=job.client.name`): the runtime's cap, and the depth the OpenAPI sort pattern spells out.
 */
export const MAX_SORT_HOPS = 2;
