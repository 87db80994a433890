import { diagnostic, ptr } from "../diagnostics.ts";
import { closestName } from "../validate/closest-name.ts";
import { BUILT_IN_ROLES } from "../contract/roles.ts";
import { entitySystemColumns } from "../contract/system-columns.ts";
import { rolesOfRule } from "../ir/normalize-access.ts";
import type { RawAccessRule } from "../template/raw-template.ts";
import type { CheckContext } from "./check-context.ts";
import type { EntityIR } from "../ir/types.ts";
import { ME, MY_ACCOUNT, splitAccessPath } from "../contract/access-paths.ts";

const ACTIONS = ["read", "create", "update", "delete"] as const;

/** Roles in access rules exist; field rules name real fields; ownership fits the scope; conditions name real paths. */
export function checkAccess({ raw, ir, report }: CheckContext): void {
  const roles = [...BUILT_IN_ROLES.map((r) => r.name), ...ir.roles.map((r) => r.name)];
  const byName = (name: string) => ir.entities.find((e) => e.name === name);
  // What a condition may name on an entity: the list filter's columns (fields, foreign keys, filterable system columns).
  const columnsOf = (entity: EntityIR) => [
    ...entity.fields.map((f) => f.name),
    ...entity.relations.flatMap((r) => (r.foreignKey ? [r.foreignKey] : [])),
    ...entitySystemColumns(entity)
      .filter((c) => c.filterOps.length > 0)
      .map((c) => c.name),
  ];

  const checkCondition = (cond: unknown, pointer: string, entity: EntityIR) => {
    if (cond === null || typeof cond !== "object" || Array.isArray(cond)) return;
    for (const [key, spec] of Object.entries(cond)) {
      const at = ptr(pointer, key);
      if (key === "all" || key === "any") {
        if (Array.isArray(spec)) spec.forEach((c, i) => checkCondition(c, ptr(at, i), entity));
        continue;
      }
      if (key === "not") {
        checkCondition(spec, at, entity);
        continue;
      }
      checkPath(key, spec, at, entity);
    }
  };

  const checkPath = (path: string, spec: unknown, pointer: string, entity: EntityIR) => {
    const split = splitAccessPath(entity, path, byName);
    if (!split) return; // a relation to a missing entity is reported by the relation checks
    const end = split.end;
    if (split.rest === "") {
      const last = split.hops[split.hops.length - 1];
      if (!last || (spec !== ME && spec !== MY_ACCOUNT)) {
        report(
          diagnostic(
            "ENG_ACCESS_RELATION_OPERAND",
            pointer,
            `"${path}" names related ${end.name} records: compare it with "$me" or "$myAccount", or name one of their fields.`,
            `Fields of ${end.name}: ${columnsOf(end).join(", ")}.`,
          ),
        );
        return;
      }
      const owned =
        spec === ME
          ? end.scope === "user" || entitySystemColumns(end).some((c) => c.name === "createdBy")
          : end.scope === "account";
      if (!owned)
        report(
          diagnostic(
            "ENG_ACCESS_RELATION_OPERAND",
            pointer,
            spec === ME
              ? `${end.name} records have no owner, so "${path}" cannot be "$me".`
              : `${end.name} is ${end.scope}-scoped, so "${path}" has no account to be "$myAccount".`,
          ),
        );
      return;
    }
    const columns = columnsOf(end);
    if (!columns.includes(split.rest)) {
      const relations = end.relations.map((r) => r.name);
      const guess = closestName(split.rest.split(".")[0], [...columns, ...relations]);
      report(
        diagnostic(
          "ENG_ACCESS_WHERE_UNKNOWN_FIELD",
          pointer,
          split.hops.length
            ? `"${split.rest}" is not a field or relation of ${end.name} (reached by "${path}").`
            : `"${path}" is not a field or relation this rule can filter on.`,
          guess ? `Did you mean "${guess}"?` : undefined,
        ),
      );
    }
  };

  const checkRule = (rule: RawAccessRule | undefined, pointer: string, entity: EntityIR) => {
    if (rule && typeof rule === "object" && !Array.isArray(rule)) {
      if (rule.where) checkCondition(rule.where, ptr(pointer, "where"), entity);
      if (rule.check) checkCondition(rule.check, ptr(pointer, "check"), entity);
      rule.any?.forEach((r, i) => checkRule(r, ptr(pointer, "any", i), entity));
      rule.all?.forEach((r, i) => checkRule(r, ptr(pointer, "all", i), entity));
      if (rule.not) checkRule(rule.not, ptr(pointer, "not"), entity);
    }
    for (const role of ownRoles(rule)) {
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
    if (mentionsAccount && entity.scope !== "account") {
      report(
        diagnostic(
          "ENG_ACCESS_OWNERSHIP_SCOPE",
          pointer,
          `"account" ownership needs an account-scoped entity; this one is ${entity.scope}-scoped.`,
          'Use "owner", or set "scope": "account".',
        ),
      );
    }
  };

  for (const entity of ir.entities) {
    const access = raw.entities[entity.name].access;
    if (!access) continue;
    const at = ptr(entity.pointer, "access");
    for (const action of ACTIONS) checkRule(access[action], ptr(at, action), entity);
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
      checkRule(rules.read, ptr(at, "fields", fieldName, "read"), entity);
      checkRule(rules.write, ptr(at, "fields", fieldName, "write"), entity);
    }
  }
}

/** The roles a rule itself names (nested rules are checked at their own pointers). */
function ownRoles(rule: RawAccessRule | undefined): string[] {
  if (rule && typeof rule === "object" && !Array.isArray(rule)) return rolesOfRule({ roles: rule.roles ?? [] });
  return rolesOfRule(rule);
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
