/** A tag with the tags below it, for the tag manager's tree. */
export interface TagNode<T extends { id: string; slug: string; parentId: string | null }> {
  tag: T;
  children: TagNode<T>[];
}

/**
 * The flat list (each tag's `parentId`) as a forest, siblings by slug. A tag whose parent is not
 * in the list is a root, so a partial list still shows every tag once.
 */
export function buildTagTree<T extends { id: string; slug: string; parentId: string | null }>(
  tags: readonly T[],
): TagNode<T>[] {
  const nodes = new Map(tags.map((tag) => [tag.id, { tag, children: [] as TagNode<T>[] }]));
  const roots: TagNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.tag.parentId ? nodes.get(node.tag.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: TagNode<T>[]) => {
    list.sort((a, b) => a.tag.slug.localeCompare(b.tag.slug));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** The ids of a tag and every tag below it (a tag cannot move there). */
export function subtreeIds<T extends { id: string; slug: string; parentId: string | null }>(
  tags: readonly T[],
  id: string,
): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of tags)
      if (t.parentId && out.has(t.parentId) && !out.has(t.id)) {
        out.add(t.id);
        grew = true;
      }
  }
  return out;
}

/** A slug from a name: lower case, letters and digits, single hyphens (the tags API's slug rule). */
export const slugify = (name: string): string =>
  name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
