import { createHash } from "node:crypto";
import type { TemplateRegistry } from "../../../engine/src/contract/registry-types.ts";
import { roleLineage } from "../../../engine/src/contract/roles.ts";
import type { RoleTier } from "../../../engine/src/contract/vocabulary.ts";
import type { TenantContext } from "../context.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { inheritPermissions, type RolePermissions } from "./permissions.ts";

export interface RoleNode {
  readonly name: string;
  readonly tier: RoleTier;
  readonly inherits: readonly string[];
  readonly permissions: readonly string[];
}

const NONE: RolePermissions = { allows: [], denies: [] };

/**
 * The roles one tenant knows (built-ins plus its installed templates' roles), with inheritance
 * resolved once. Shared by every tenant with the same installed templates (see `roleGraphFor`).
 */
export class RoleGraph {
  private readonly nodes: Map<string, RoleNode>;
  private readonly ancestors = new Map<string, ReadonlySet<string>>();
  private readonly effective = new Map<string, RolePermissions>();

  constructor(
    /** Installed templates with versions: equal keys, equal graphs. */
    readonly key: string,
    roles: Iterable<RoleNode>,
  ) {
    this.nodes = new Map([...roles].map((r) => [r.name, r]));
  }

  get(name: string): RoleNode | undefined {
    return this.nodes.get(name);
  }

  names(): string[] {
    return [...this.nodes.keys()];
  }

  /** The role and every role it inherits, transitively (cycles are refused by the engine; tolerated here). */
  lineage(role: string): ReadonlySet<string> {
    let set = this.ancestors.get(role);
    if (!set) this.ancestors.set(role, (set = roleLineage(role, (name) => this.nodes.get(name)?.inherits)));
    return set;
  }

  /** `role` is `ancestor` or inherits from it (what a `ancestor:*` rule token admits). */
  isA(role: string, ancestor: string): boolean {
    return this.lineage(role).has(ancestor);
  }

  /** The role's permissions after inheritance (parent denies a role re-grants are dropped). */
  permissions(role: string): RolePermissions {
    let done = this.effective.get(role);
    if (!done) {
      const node = this.nodes.get(role);
      // Mark first: a cycle then reads an empty set instead of recursing forever.
      this.effective.set(role, NONE);
      done = node
        ? inheritPermissions(
            node.permissions,
            node.inherits.map((p) => this.permissions(p)),
          )
        : NONE;
      this.effective.set(role, done);
    }
    return done;
  }
}

const graphs = new Map<string, RoleGraph>();
/** Per tenant context (the tenant cache renews it every few seconds): no key building per request. */
const byTenant = new WeakMap<TenantContext, RoleGraph>();

/** The role graph of a tenant, shared across tenants that installed the same template versions. */
export function roleGraphFor(registry: RuntimeRegistry, tenant: TenantContext): RoleGraph {
  let graph = byTenant.get(tenant);
  if (!graph) byTenant.set(tenant, (graph = buildGraph(registry, tenant)));
  return graph;
}

/**
 * A template's part of a graph key: its version and a hash of its roles. A draft template saved
 * again keeps its version but may change its roles; the hash is the same in every process, so
 * principal records cached in Redis stay shared.
 */
const stamps = new WeakMap<TemplateRegistry, string>();
const stampOf = (template: TemplateRegistry | undefined) => {
  if (!template) return "?";
  let stamp = stamps.get(template);
  if (stamp === undefined) {
    const roles = createHash("sha256").update(JSON.stringify(template.roles)).digest("base64url").slice(0, 10);
    stamps.set(template, (stamp = `${template.version}#${roles}`));
  }
  return stamp;
};

function buildGraph(registry: RuntimeRegistry, tenant: TenantContext): RoleGraph {
  const ids = [...tenant.templates.keys()].sort();
  const key = ids.map((id) => `${id}@${stampOf(registry.template(id))}`).join(",");
  let graph = graphs.get(key);
  if (!graph) {
    const builtIn: RoleNode[] = registry.platform.builtInRoles.map((r) => ({
      name: r.name,
      tier: r.tier,
      inherits: [],
      permissions: [],
    }));
    const fromTemplates = ids.flatMap((id) => registry.template(id)?.roles ?? []);
    graph = new RoleGraph(key, [
      ...builtIn,
      ...fromTemplates.map((r) => ({ name: r.name, tier: r.tier, inherits: r.inherits, permissions: r.permissions })),
    ]);
    if (graphs.size > 500) graphs.clear();
    graphs.set(key, graph);
  }
  return graph;
}
