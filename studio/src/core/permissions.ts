import type { RoleRegistry } from "./registry-types.ts";

export type CrudAction = "create" | "read" | "update" | "delete";

interface ParsedPermission {
  deny: boolean;
  resource: string;
  action: string;
}

/** `!orders:update:own` → `{ deny: true, resource: "orders", action: "update" }` (scope is the server's business). */
export function parsePermission(permission: string): ParsedPermission {
  const deny = permission.startsWith("!");
  const [resource = "", action = "*"] = (deny ? permission.slice(1) : permission).split(":");
  return { deny, resource, action };
}

/** The permissions of `role` and every template role it inherits (built-in parents add none here). */
export function effectivePermissions(role: RoleRegistry, roles: readonly RoleRegistry[]): string[] {
  const byName = new Map(roles.map((r) => [r.name, r]));
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (r: RoleRegistry) => {
    if (seen.has(r.name)) return;
    seen.add(r.name);
    out.push(...r.permissions);
    for (const parent of r.inherits) {
      const p = byName.get(parent);
      if (p) visit(p);
    }
  };
  visit(role);
  return out;
}

const matches = (pattern: string, value: string) => pattern === "*" || pattern === value;

/** Whether the permissions allow `action` on `resource`: any grant and no deny (denies win). */
export function isAllowed(permissions: readonly string[], resource: string, action: CrudAction): boolean {
  let granted = false;
  for (const p of permissions.map(parsePermission)) {
    if (!matches(p.resource, resource) || !matches(p.action, action)) continue;
    if (p.deny) return false;
    granted = true;
  }
  return granted;
}
