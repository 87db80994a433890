/**
 * Permission strings: `resource:action[:scope]`, `*` wildcards in resource and action
 * (`*`, `jobs:*`, `*:read`), a leading `!` for an explicit deny. The scope says which rows the
 * grant covers: the caller's own (`own`), their accounts' (`account`), the whole tenant
 * (`tenant`, the default) or everything (`platform`).
 */
export type Scope = "own" | "account" | "tenant" | "platform";

export interface Permission {
  readonly text: string;
  readonly deny: boolean;
  /** Entity API name, platform resource, or `*`. */
  readonly resource: string;
  /** read, create, update, delete (or another verb), or `*`. */
  readonly action: string;
  readonly scope: Scope;
}

const SCOPES = new Set<string>(["own", "account", "tenant", "platform"]);
const PART = /^(\*|[a-z][a-z0-9-]*)$/;

/** Parses one permission string; null when it is malformed (the engine rejects those first). */
export function parsePermission(text: string): Permission | null {
  const deny = text.startsWith("!");
  const parts = (deny ? text.slice(1) : text).split(":");
  if (parts.length === 1 && parts[0] === "*") return { text, deny, resource: "*", action: "*", scope: "tenant" };
  if (parts.length < 2 || parts.length > 3) return null;
  const [resource, action, scope = "tenant"] = parts;
  if (!PART.test(resource) || !PART.test(action) || !SCOPES.has(scope)) return null;
  return { text, deny, resource, action, scope: scope as Scope };
}

/** Does `p` speak about `resource:action`? */
export const covers = (p: Pick<Permission, "resource" | "action">, resource: string, action: string): boolean =>
  (p.resource === "*" || p.resource === resource) && (p.action === "*" || p.action === action);

/** Does allow `a` re-grant everything deny `d` takes away (same or wider resource and action)? */
const regrants = (a: Permission, d: Permission): boolean =>
  (a.resource === "*" || a.resource === d.resource) && (a.action === "*" || a.action === d.action);

/** A role's permissions after inheritance. */
export interface RolePermissions {
  readonly allows: readonly Permission[];
  readonly denies: readonly Permission[];
}

/**
 * Inheritance: a role has its own permissions plus its parents'. A parent's deny is dropped
 * when the role itself grants the same thing again (sales-manager's `sales-leads:*` beats the
 * `!sales-leads:delete` it inherits from sales-rep); a role's own denies always stay.
 */
export function inheritPermissions(own: readonly string[], parents: readonly RolePermissions[]): RolePermissions {
  const parsed = own.map(parsePermission).filter((p): p is Permission => p !== null);
  const ownAllows = parsed.filter((p) => !p.deny);
  const inheritedDenies = parents.flatMap((p) => p.denies).filter((d) => !ownAllows.some((a) => regrants(a, d)));
  return {
    allows: dedupe([...ownAllows, ...parents.flatMap((p) => p.allows)]),
    denies: dedupe([...parsed.filter((p) => p.deny), ...inheritedDenies]),
  };
}

function dedupe(list: Permission[]): Permission[] {
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.text) && (seen.add(p.text), true));
}
