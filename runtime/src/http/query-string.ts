/**
 * Parses `filter[heightCm][gte]=175&sort=-createdAt` into nested objects without a prototype,
 * so `__proto__`, `constructor` and `prototype` are ordinary keys: they reach no prototype, and
 * the route answers them like any unknown field (400 with a pointer) instead of dropping them
 * without a word. Depth and size are capped: the query string is hostile input.
 */
const MAX_PARAMS = 200;
const MAX_DEPTH = 4;
const emptyNode = (): QueryObject => Object.create(null) as QueryObject;

export type QueryValue = string | string[] | QueryObject;
export interface QueryObject {
  [key: string]: QueryValue;
}

export function parseQueryString(text: string): QueryObject {
  const out = emptyNode();
  let count = 0;
  for (const [rawKey, value] of new URLSearchParams(text)) {
    if (++count > MAX_PARAMS) break;
    const path = splitKey(rawKey);
    let node: QueryObject = out;
    for (let i = 0; i < path.length - 1; i++) {
      const next = Object.hasOwn(node, path[i]) ? node[path[i]] : undefined;
      if (typeof next === "string" || Array.isArray(next)) break;
      node = (next ?? (node[path[i]] = emptyNode())) as QueryObject;
    }
    const last = path[path.length - 1];
    const existing = Object.hasOwn(node, last) ? node[last] : undefined;
    if (existing === undefined) node[last] = value;
    else if (typeof existing === "string") node[last] = [existing, value];
    else if (Array.isArray(existing)) existing.push(value);
  }
  return out;
}

/**
 * `filter[a][b]` → ["filter", "a", "b"]. A key that is not of that form, too deep, or with an
 * empty segment (`dryRun[]`) stays one literal key, so the route reports it as unknown (400)
 * instead of the parameter being dropped without a word.
 */
function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return [key];
  const parts = [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])];
  return parts.length > MAX_DEPTH + 1 || parts.some((p) => p === "") ? [key] : parts;
}
