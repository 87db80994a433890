/**
 * A layered layout for the relationship view: entities that others point at (targets of
 * many-to-one relations) sit in earlier layers, so edges mostly run one way. Cycles are broken
 * by ignoring back edges found in a depth-first walk. Pure and deterministic.
 */
export interface LayoutEdge {
  source: string;
  target: string;
}

export interface LayoutOptions {
  columnWidth?: number;
  rowHeight?: number;
}

export function layeredLayout(
  ids: readonly string[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions = {},
): Map<string, { x: number; y: number; layer: number }> {
  const columnWidth = options.columnWidth ?? 280;
  const rowHeight = options.rowHeight ?? 130;
  const known = new Set(ids);
  // "source depends on target": a target goes left of its sources.
  const deps = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges)
    if (known.has(e.source) && known.has(e.target) && e.source !== e.target) deps.get(e.source)!.push(e.target);

  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const cached = layer.get(id);
    if (cached !== undefined) return cached;
    if (visiting.has(id)) return 0; // back edge: break the cycle here
    visiting.add(id);
    const value = Math.max(-1, ...deps.get(id)!.map(depth)) + 1;
    visiting.delete(id);
    layer.set(id, value);
    return value;
  };
  for (const id of ids) depth(id);

  const rows = new Map<number, string[]>();
  for (const id of ids) rows.set(layer.get(id)!, [...(rows.get(layer.get(id)!) ?? []), id]);
  const out = new Map<string, { x: number; y: number; layer: number }>();
  for (const [l, members] of rows)
    members.forEach((id, i) => out.set(id, { x: l * columnWidth, y: i * rowHeight, layer: l }));
  return out;
}
