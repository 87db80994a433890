/**
 * The tag expression of a list query (`tags=summer AND (beach OR lake) AND NOT sold-out`): tag
 * slugs combined with AND, OR, NOT and parentheses. AND binds tighter than OR; NOT binds
 * tightest. Keywords are upper case; slugs are lower case, so `and` is a slug. Shared by the
 * runtime (which compiles it into SQL) and the OpenAPI generator (which documents it).
 */

/** A tag slug: lower-case letters and digits, single hyphens between them. */
export const TAG_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const TAG_SLUG_MAX = 80;

export const TAG_QUERY_LIMITS = { maxTerms: 20, maxDepth: 5, maxLength: 1000 } as const;

export type TagExpr =
  | { readonly kind: "tag"; readonly slug: string }
  | { readonly kind: "and" | "or"; readonly items: readonly TagExpr[] }
  | { readonly kind: "not"; readonly item: TagExpr };

export type TagQueryResult = { ok: true; expr: TagExpr } | { ok: false; message: string };

/** Parses a tag expression; a problem says where (the character offset) and what was expected. */
export function parseTagQuery(text: string): TagQueryResult {
  if (text.length > TAG_QUERY_LIMITS.maxLength)
    return { ok: false, message: `must be at most ${TAG_QUERY_LIMITS.maxLength} characters` };
  const tokens: { text: string; at: number }[] = [];
  const re = /\s*(\(|\)|[^\s()]+)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    tokens.push({ text: m[1], at: m.index + m[0].length - m[1].length });
    end = re.lastIndex;
  }
  if (text.slice(end).trim() !== "" || tokens.length === 0)
    return { ok: false, message: "must name at least one tag, e.g. summer AND NOT sold-out" };
  let i = 0;
  let terms = 0;
  const fail = (message: string): never => {
    throw new TagQueryError(message);
  };
  const where = () =>
    i < tokens.length ? `at character ${tokens[i].at + 1} ("${tokens[i].text.slice(0, 40)}")` : "at the end";
  const or = (depth: number): TagExpr => {
    const items = [and(depth)];
    while (tokens[i]?.text === "OR") {
      i++;
      items.push(and(depth));
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  };
  const and = (depth: number): TagExpr => {
    const items = [not(depth)];
    while (tokens[i]?.text === "AND") {
      i++;
      items.push(not(depth));
    }
    return items.length === 1 ? items[0] : { kind: "and", items };
  };
  const not = (depth: number): TagExpr => {
    const token = tokens[i];
    if (!token) return fail("ends where a tag, NOT or ( was expected");
    if (token.text === "NOT") {
      i++;
      return { kind: "not", item: not(depth) };
    }
    if (token.text === "(") {
      if (depth >= TAG_QUERY_LIMITS.maxDepth) fail(`has more than ${TAG_QUERY_LIMITS.maxDepth} levels of parentheses`);
      i++;
      const inner = or(depth + 1);
      if (tokens[i]?.text !== ")") fail(`needs ) ${where()}`);
      i++;
      return inner;
    }
    if (!TAG_SLUG.test(token.text) || token.text.length > TAG_SLUG_MAX)
      fail(`expects a tag slug (lower-case letters, digits, hyphens), NOT or ( ${where()}`);
    if (++terms > TAG_QUERY_LIMITS.maxTerms) fail(`names more than ${TAG_QUERY_LIMITS.maxTerms} tags`);
    i++;
    return { kind: "tag", slug: token.text };
  };
  try {
    const expr = or(0);
    if (i < tokens.length) fail(`expects AND, OR or the end ${where()}`);
    return { ok: true, expr };
  } catch (err) {
    if (err instanceof TagQueryError) return { ok: false, message: err.message };
    throw err;
  }
}

class TagQueryError extends Error {}

/** The expression's structure without its slugs: what the compiled statement depends on. */
export function tagExprShape(expr: TagExpr): string {
  switch (expr.kind) {
    case "tag":
      return "t";
    case "not":
      return `!${tagExprShape(expr.item)}`;
    default:
      return `${expr.kind}(${expr.items.map(tagExprShape).join(",")})`;
  }
}

/** The slugs in the order the compiled SQL binds them (left to right). */
export function tagExprSlugs(expr: TagExpr): string[] {
  switch (expr.kind) {
    case "tag":
      return [expr.slug];
    case "not":
      return tagExprSlugs(expr.item);
    default:
      return expr.items.flatMap(tagExprSlugs);
  }
}
