/** A saved list query as the saved-searches API takes it (runtime/src/saved-searches). */
export interface SavedQuery {
  filter?: Record<string, unknown>;
  sort?: string;
  q?: string;
  tags?: string;
}

/** The parameters a saved query keeps; paging, columns and the locale belong to one view of it. */
const KEPT = new Set(["sort", "q", "tags"]);

/**
 * A list's query string (`filter[price][gte]=10&sort=-createdAt&limit=20`) → the saved query
 * (`{ filter: { price: { gte: "10" } }, sort: "-createdAt" }`): filters nest as the server's
 * query-string parser nests them; `limit`, `cursor`, `total`, `fields`, `locale`… are dropped.
 */
export function savedQueryOf(queryString: string): SavedQuery {
  const out: SavedQuery = {};
  for (const [key, value] of new URLSearchParams(queryString)) {
    const m = /^filter((?:\[[^[\]]+\])+)$/.exec(key);
    if (m) {
      const path = [...m[1].matchAll(/\[([^[\]]+)\]/g)].map((p) => p[1]);
      let node = (out.filter ??= {}) as Record<string, unknown>;
      for (const part of path.slice(0, -1)) {
        const next = node[part];
        node = (next && typeof next === "object" ? next : (node[part] = {})) as Record<string, unknown>;
      }
      node[path[path.length - 1]] = value;
    } else if (KEPT.has(key) && value !== "") (out as Record<string, string>)[key] = value;
  }
  return out;
}
