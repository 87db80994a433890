import type { SignupRegistry } from "../../../engine/src/contract/registry-types.ts";
import type { TenantContext } from "../context.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";

export interface SignupOption extends SignupRegistry {
  readonly templateId: string;
}

/**
 * The ways to sign up on a tenant: every installed template's `signup` options, in template
 * order. A name two templates share is the first template's.
 */
export function signupOptions(registry: RuntimeRegistry, tenant: TenantContext): SignupOption[] {
  const out: SignupOption[] = [];
  for (const templateId of [...tenant.templates.keys()].sort()) {
    for (const option of registry.template(templateId)?.signup ?? [])
      if (!out.some((o) => o.name === option.name)) out.push({ ...option, templateId });
  }
  return out;
}
