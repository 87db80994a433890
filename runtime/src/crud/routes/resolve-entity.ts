import type { FastifyRequest } from "fastify";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../http/problem.ts";
import type { ResolvedEntity, RuntimeRegistry } from "../../registry/runtime-registry.ts";

type Resolution = ResolvedEntity | "ambiguous" | undefined;

/** Per tenant context (refreshed by the tenant cache every few seconds): name → entity. */
const resolutions = new WeakMap<TenantContext, Map<string, Resolution>>();

/**
 * The entity a request's `:entity` names among the tenant's installed templates. Unknown or not
 * installed → 404; an API name two installed templates share → 400 asking for `template:name`.
 */
export function resolveEntity(registry: RuntimeRegistry, request: FastifyRequest): ResolvedEntity {
  const tenant = request.tenant!;
  const name = (request.params as { entity: string }).entity;
  let byName = resolutions.get(tenant);
  if (!byName) resolutions.set(tenant, (byName = new Map()));
  let resolved = byName.get(name);
  if (resolved === undefined && !byName.has(name)) {
    resolved = registry.resolveEntity(tenant.templates.keys(), name);
    if (byName.size < 1000) byName.set(name, resolved);
  }
  if (resolved === "ambiguous") {
    const options = registry.templates
      .filter((t) => tenant.templates.has(t.id) && t.entities.some((e) => e.apiName === name))
      .map((t) => `${t.id}:${name}`);
    throw new ApiError("RT_ERR_VALIDATION", `"${name}" exists in several installed templates.`, [
      { pointer: "/params/entity", message: `is ambiguous: use one of ${options.join(", ")}` },
    ]);
  }
  if (!resolved)
    throw new ApiError("RT_ERR_ENTITY_NOT_FOUND", `This marketplace has no entity "${name.slice(0, 100)}".`);
  return resolved;
}
