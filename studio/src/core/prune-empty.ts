/**
 * Form data without the empty objects RJSF leaves behind (an optional `location` the user never
 * filled becomes `{}`, which then fails its own `required`). Undefined values go too; arrays and
 * the root object stay as they are. Returns the input itself when nothing changes.
 */
export function pruneEmptyObjects<T>(value: T): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const pruned = isPlainObject(child) ? pruneEmptyObjects(child) : child;
    if (pruned === undefined || (isPlainObject(pruned) && Object.keys(pruned).length === 0)) {
      changed = true;
      continue;
    }
    if (pruned !== child) changed = true;
    out[key] = pruned;
  }
  return (changed ? out : value) as T;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
