import { BUILT_IN_ROLES } from "../../../engine/src/ir/ir-utils.ts";
import type { TenantContext } from "../context.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { inheritPermissions, type RolePermissions } from "./permissions.ts";

export type RoleTier = "platform" | "tenant" | "account" | "user";

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
    if (!set) {
      const out = new Set<string>();
      const walk = (name: string) => {
        if (out.has(name)) return;
        out.add(name);
        for (const parent of this.nodes.get(name)?.inherits ?? []) walk(parent);
      };
      walk(role);
      this.ancestors.set(role, (set = out));
    }
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

function buildGraph(registry: RuntimeRegistry, tenant: TenantContext): RoleGraph {
  const ids = [...tenant.templates.keys()].sort();
  const key = ids.map((id) => `${id}@${registry.template(id)?.version ?? "?"}`).join(",");
  let graph = graphs.get(key);
  if (!graph) {
    const builtIn: RoleNode[] = BUILT_IN_ROLES.map((r) => ({
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
