import { roleLineage } from "../../../engine/src/contract/roles.ts";
import type { RoleTier } from "../../../engine/src/contract/vocabulary.ts";
import type { TenantContext } from "../context.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";

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
    const builtIn = registry.platform.builtInRoles
      .filter((r) => r.tier !== "platform")
      .map((r) => ({
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
    return roleLineage(role, (name) => this.roles.get(name)?.inherits).has(ancestor);
  }
}
