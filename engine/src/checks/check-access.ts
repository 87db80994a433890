import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import { BUILT_IN_ROLES } from "../contract/roles.ts";
import { entitySystemColumns } from "../contract/system-columns.ts";
import { rolesOfRule } from "../ir/normalize-access.ts";
import type { RawAccessRule } from "../template/raw-template.ts";
import type { CheckContext } from "./check-context.ts";

const ACTIONS = ["read", "create", "update", "delete"] as const;

/** Roles in access rules exist; field rules name real fields; ownership fits the scope. */
export function checkAccess({ raw, ir, report }: CheckContext): void {
  const roles = [...BUILT_IN_ROLES.map((r) => r.name), ...ir.roles.map((r) => r.name)];
  const checkRule = (rule: RawAccessRule | undefined, pointer: string, scope: string, columns: string[] = []) => {
    if (rule && typeof rule === "object" && !Array.isArray(rule) && rule.where) {
      for (const name of Object.keys(rule.where)) {
        if (!columns.includes(name)) {
          const guess = closestName(name, columns);
          report(
            diagnostic(
              "ENG_ACCESS_WHERE_UNKNOWN_FIELD",
              ptr(pointer, "where", name),
              `"${name}" is not a field this rule can filter on.`,
              guess ? `Did you mean "${guess}"?` : undefined,
            ),
          );
        }
      }
    }
    for (const role of rolesOfRule(rule)) {
      if (!roles.includes(role)) {
        const guess = closestName(role, roles);
        report(
          diagnostic(
            "ENG_ACCESS_UNKNOWN_ROLE",
            pointer,
            `Role "${role}" is not defined.`,
            guess ? `Did you mean "${guess}"?` : "Declare it under /roles.",
          ),
        );
      }
    }
    const mentionsAccount =
      (typeof rule === "string" && rule.split("|").includes("account")) ||
      (Array.isArray(rule) && rule.some((t) => t.split("|").includes("account"))) ||
      (typeof rule === "object" && !Array.isArray(rule) && rule?.ownership?.includes("account"));
    if (mentionsAccount && scope !== "account") {
      report(
        diagnostic(
          "ENG_ACCESS_OWNERSHIP_SCOPE",
          pointer,
          `"account" ownership needs an account-scoped entity; this one is ${scope}-scoped.`,
          'Use "owner", or set "scope": "account".',
        ),
      );
    }
  };

  for (const entity of ir.entities) {
    const access = raw.entities[entity.name].access;
    if (!access) continue;
    const at = ptr(entity.pointer, "access");
    // What a `where` may name: the list filter's columns (fields, foreign keys, filterable system columns).
    const columns = [
      ...entity.fields.map((f) => f.name),
      ...entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : [])),
      ...entitySystemColumns(entity)
        .filter((c) => c.filterOps.length > 0)
        .map((c) => c.name),
    ];
    for (const action of ACTIONS) checkRule(access[action], ptr(at, action), entity.scope, columns);
    for (const [fieldName, rules] of Object.entries(access.fields ?? {})) {
      if (!entity.fields.some((f) => f.name === fieldName)) {
        const guess = closestName(
          fieldName,
          entity.fields.map((f) => f.name),
        );
        report(
          diagnostic(
            "ENG_ACCESS_UNKNOWN_FIELD",
            ptr(at, "fields", fieldName),
            `"${fieldName}" is not a field of ${entity.name}.`,
            guess ? `Did you mean "${guess}"?` : undefined,
          ),
        );
      }
      checkRule(rules.read, ptr(at, "fields", fieldName, "read"), entity.scope);
      checkRule(rules.write, ptr(at, "fields", fieldName, "write"), entity.scope);
    }
  }
}

/** Platform resources a permission may name besides the template's entities (by API name). */
export const PLATFORM_RESOURCES = [
  "tenants",
  "accounts",
  "users",
  "memberships",
  "roles",
  "permissions",
  "templates",
  "extensions",
  "audit",
  "media",
  "messages",
  "conversations",
  "tags",
  "emails",
  "workflows",
  "settings",
];

/** Role inheritance: parents exist and there is no loop; permissions name known resources. */
export function checkRoles({ ir, report }: CheckContext): void {
  const resources = [...ir.entities.map((e) => e.apiName), ...PLATFORM_RESOURCES];
  for (const role of ir.roles) {
    role.permissions.forEach((permission, i) => {
      const resource = permission.replace(/^!/, "").split(":")[0];
      if (resource !== "*" && !resources.includes(resource)) {
        const guess = closestName(resource, resources);
        report(
          diagnostic(
            "ENG_ROLE_UNKNOWN_RESOURCE",
            ptr(role.pointer, "permissions", i),
            `"${resource}" is not an entity (by API name) or platform resource.`,
            guess ? `Did you mean "${guess}"?` : `Entities: ${ir.entities.map((e) => e.apiName).join(", ")}.`,
          ),
        );
      }
    });
  }
  const known = new Set<string>([...BUILT_IN_ROLES.map((r) => r.name), ...ir.roles.map((r) => r.name)]);
  const parents = new Map(ir.roles.map((r) => [r.name, r.inherits]));
  for (const role of ir.roles) {
    role.inherits.forEach((parent, i) => {
      if (!known.has(parent)) {
        report(
          diagnostic(
            "ENG_ROLE_UNKNOWN_PARENT",
            ptr(role.pointer, "inherits", i),
            `Role "${role.name}" inherits from unknown role "${parent}".`,
            closestName(parent, [...known]) ? `Did you mean "${closestName(parent, [...known])}"?` : undefined,
          ),
        );
      }
    });
    const path = findCycle(role.name, parents);
    if (path) {
      report(
        diagnostic(
          "ENG_ROLE_INHERIT_CYCLE",
          ptr(role.pointer, "inherits"),
          `Roles inherit in a loop: ${path.join(" → ")}.`,
          "Remove one of the inherits.",
        ),
      );
    }
  }
}

function findCycle(start: string, parents: Map<string, readonly string[]>): string[] | null {
  const walk = (name: string, path: string[]): string[] | null => {
    for (const parent of parents.get(name) ?? []) {
      if (parent === start) return [...path, parent];
      if (path.includes(parent)) continue;
      const found = walk(parent, [...path, parent]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, [start]);
}
