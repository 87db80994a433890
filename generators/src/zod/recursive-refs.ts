import { isSchemaObject, type JsonSchema } from "./json-schema.ts";
import { resolveDefsRef } from "./local-ref.ts";

/** The `$ref`s a schema uses directly or through its subschemas (not through `$defs`, which only stores). */
export function refsIn(schema: JsonSchema): string[] {
  if (!isSchemaObject(schema)) return [];
  const found: string[] = typeof schema.$ref === "string" ? [schema.$ref] : [];
  const children: unknown[] = [schema.items, schema.additionalProperties];
  if (isSchemaObject(schema.properties)) children.push(...Object.values(schema.properties));
  for (const child of children) {
    if (typeof child === "boolean" || isSchemaObject(child)) found.push(...refsIn(child as JsonSchema));
  }
  return found;
}

/**
 * The local refs that reach themselves again when inlined (a tree of nodes, say). Inlining them
 * would never end, so the emitter binds each to a `z.lazy` constant. Refs for which `external`
 * is true are not inlined (the caller names them), so they break cycles.
 */
export function recursiveRefs(root: JsonSchema, external: (ref: string) => boolean): string[] {
  const edges = new Map<string, string[]>();
  const visit = (ref: string) => {
    if (edges.has(ref) || external(ref)) return;
    const target = resolveDefsRef(root, ref);
    const next = target === undefined ? [] : refsIn(target).filter((r) => !external(r));
    edges.set(ref, next);
    next.forEach(visit);
  };
  refsIn(root).forEach(visit);

  const reachesItself = (start: string) => {
    const seen = new Set<string>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length) {
      const ref = stack.pop()!;
      if (ref === start) return true;
      if (seen.has(ref)) continue;
      seen.add(ref);
      stack.push(...(edges.get(ref) ?? []));
    }
    return false;
  };
  return [...edges.keys()].filter(reachesItself);
}
