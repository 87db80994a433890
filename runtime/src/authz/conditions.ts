/**
 * A decision as a small boolean formula over one row: constants fold away at build time, so
 * most callers end up with plain TRUE (no predicate at all) or FALSE (refused before any SQL),
 * and only row-dependent rules reach the database as a WHERE clause.
 */
export type Cond =
  | { readonly k: "true" }
  | { readonly k: "false" }
  /** The row belongs to the caller: `userId` (user-scoped entities) or `createdBy`. */
  | { readonly k: "owner" }
  /** The row's `accountId` is in the caller's account list named `key` (see caller values). */
  | { readonly k: "account"; readonly key: string }
  /** A rule's `where`, in the list filter language; `$user.*` values bind per caller. */
  | { readonly k: "where"; readonly where: Readonly<Record<string, unknown>> }
  | { readonly k: "and"; readonly xs: readonly Cond[] }
  | { readonly k: "or"; readonly xs: readonly Cond[] }
  | { readonly k: "not"; readonly x: Cond };

export const TRUE: Cond = { k: "true" };
export const FALSE: Cond = { k: "false" };
export const OWNER: Cond = { k: "owner" };

export function and(...xs: Cond[]): Cond {
  const parts: Cond[] = [];
  for (const x of xs) {
    if (x.k === "false") return FALSE;
    if (x.k === "true") continue;
    parts.push(...(x.k === "and" ? x.xs : [x]));
  }
  return parts.length === 0 ? TRUE : parts.length === 1 ? parts[0] : { k: "and", xs: parts };
}

export function or(...xs: Cond[]): Cond {
  const parts: Cond[] = [];
  for (const x of xs) {
    if (x.k === "true") return TRUE;
    if (x.k === "false") continue;
    for (const y of x.k === "or" ? x.xs : [x]) if (!parts.some((p) => same(p, y))) parts.push(y);
  }
  return parts.length === 0 ? FALSE : parts.length === 1 ? parts[0] : { k: "or", xs: parts };
}

export function not(x: Cond): Cond {
  if (x.k === "true") return FALSE;
  if (x.k === "false") return TRUE;
  if (x.k === "not") return x.x;
  return { k: "not", x };
}

/** A stable text of the formula (equal texts, equal SQL). */
export function shapeOf(c: Cond): string {
  switch (c.k) {
    case "true":
    case "false":
    case "owner":
      return c.k;
    case "account":
      return `account(${c.key})`;
    case "where":
      return `where(${JSON.stringify(c.where)})`;
    case "and":
    case "or":
      return `${c.k}(${c.xs.map(shapeOf).join(",")})`;
    case "not":
      return `not(${shapeOf(c.x)})`;
  }
}

/** Does the formula read the row's values (a `where`), beyond who owns it? */
export function readsValues(c: Cond): boolean {
  switch (c.k) {
    case "where":
      return true;
    case "and":
    case "or":
      return c.xs.some(readsValues);
    case "not":
      return readsValues(c.x);
    default:
      return false;
  }
}

const same = (a: Cond, b: Cond) => a === b || shapeOf(a) === shapeOf(b);

/**
 * Partial evaluation for a record that does not exist yet: its owner is the caller, its account
 * the one chosen for it. Only `where` (which reads the new values) is left for the database.
 */
export function resolveOwnership(
  c: Cond,
  owner: (c: Cond & { k: "owner" }) => boolean,
  account: (key: string) => boolean,
): Cond {
  switch (c.k) {
    case "owner":
      return owner(c) ? TRUE : FALSE;
    case "account":
      return account(c.key) ? TRUE : FALSE;
    case "and":
      return and(...c.xs.map((x) => resolveOwnership(x, owner, account)));
    case "or":
      return or(...c.xs.map((x) => resolveOwnership(x, owner, account)));
    case "not":
      return not(resolveOwnership(c.x, owner, account));
    default:
      return c;
  }
}
