import { BUILT_IN_ROLES } from "../../../engine/src/ir/ir-utils.ts";
import type { TenantContext } from "../context.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";

export type RoleTier = "platform" | "tenant" | "account" | "user";

export interface RoleInfo {
  readonly name: string;
  readonly tier: RoleTier;
  readonly inherits: readonly string[];
}

/**
 * The roles a tenant knows: the platform's built-ins and those of its installed templates.
 * `super-admin` is not among them: it is a platform role, never a membership.
 */
export class RoleCatalogue {
  private readonly roles: Map<string, RoleInfo>;

  constructor(roles: Iterable<RoleInfo>) {
    this.roles = new Map([...roles].map((r) => [r.name, r]));
  }

  static forTenant(registry: RuntimeRegistry, tenant: TenantContext): RoleCatalogue {
    const builtIn = BUILT_IN_ROLES.filter((r) => r.tier !== "platform").map((r) => ({
      name: r.name,
      tier: r.tier,
      inherits: [],
    }));
    const fromTemplates = [...tenant.templates.keys()].flatMap((id) => registry.template(id)?.roles ?? []);
    return new RoleCatalogue([
      ...builtIn,
      ...fromTemplates.map((r) => ({ name: r.name, tier: r.tier, inherits: r.inherits })),
    ]);
  }

  get(name: string): RoleInfo | undefined {
    return this.roles.get(name);
  }

  /** True when `role` is `ancestor` or inherits it, transitively (agency-owner → account-owner). */
  isA(role: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const walk = (name: string): boolean => {
      if (name === ancestor) return true;
      if (seen.has(name)) return false;
      seen.add(name);
      return (this.roles.get(name)?.inherits ?? []).some(walk);
    };
    return walk(role);
  }
}
