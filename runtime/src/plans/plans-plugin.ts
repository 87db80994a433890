import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { EntityWriteHooks } from "../crud/index.ts";
import { resolveEntity } from "../crud/routes/resolve-entity.ts";
import { capabilityOf, includesCapability, includesEntity, recordLimit, type Entitlements } from "./entitlements.ts";
import { PlanService } from "./plan-service.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Tenants' plans: entitlements and record limits (runtime/src/plans/README.md). */
    plans: PlanService;
  }
}

export interface PlansOptions {
  /** How long a tenant's entitlements are cached in this process (default 5 s). */
  cacheTtlMs?: number;
}

/**
 * Plans as a plugin: the service, and a gate on every tenant route registered after it — a
 * capability the tenant's plan leaves out (media, messaging, …) or an entity it leaves out
 * answers 403 `RT_ERR_PLAN_FEATURE`. Register it after tenancy and before the capabilities'
 * routes. A tenant without a plan passes every gate (unlimited).
 */
export const plansPlugin = fp(
  async (app: FastifyInstance, options: PlansOptions) => {
    const service = new PlanService(app.db, options.cacheTtlMs);
    app.decorate("plans", service);

    const check = (request: FastifyRequest, e: Entitlements | null, capability: string | null, entity: boolean) => {
      if (!e) return undefined;
      if (capability && !includesCapability(e, capability)) return PlanService.capabilityProblem(e, capability);
      if (entity) {
        const { template, entity: resolved } = resolveEntity(app.registry, request);
        if (!includesEntity(e, template.id, resolved.name))
          return PlanService.entityProblem(e, template.id, resolved.apiName);
      }
      return undefined;
    };

    app.addHook("onRoute", (route) => {
      if (!route.config?.tenant) return;
      const capability = capabilityOf(route.url);
      const entity = route.url.startsWith("/api/v1/tenant/") && /\/:entity(\/|$)/.test(route.url);
      if (!capability && !entity) return;
      // Callback style: a cached plan (nearly every request) costs no promise.
      const gate = (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
        const tenantId = request.tenant?.id;
        if (!tenantId) return done();
        const run = (e: Entitlements | null) => {
          try {
            done(check(request, e, capability, entity));
          } catch (error) {
            done(error as Error);
          }
        };
        const cached = service.cached(tenantId);
        if (cached !== undefined) return run(cached);
        service.entitlements(tenantId).then(run, done);
      };
      route.preHandler = [...(route.preHandler ? [route.preHandler].flat() : []), gate];
    });
  },
  { name: "mono-plans", dependencies: ["mono-tenancy"] },
);

/**
 * The entity writes' side: a create of an entity the plan limits reserves its slot in the
 * write's transaction (PlanService.reserveRecords), one at a time per tenant and entity; a bulk
 * request reserves all its creates at once. Tenants without a plan skip the transaction's check.
 */
export function planWriteHooks(app: FastifyInstance): EntityWriteHooks {
  const service = app.plans;
  const limited = (e: Entitlements | null | undefined, t: Parameters<EntityWriteHooks["applies"]>[0]) =>
    e === undefined || (e !== null && recordLimit(e, t.view.template.id, t.view.entity.name) !== null);
  return {
    applies: (t) => limited(service.cached(t.tenantId), t),
    async prepare(t) {
      await service.entitlements(t.tenantId);
    },
    async before(_request, t, op, _body, _id, session) {
      if (op !== "create") return null;
      const e = await service.entitlements(t.tenantId);
      if (e) await service.reserveRecords(session, t, e, 1, "/body");
      return null;
    },
    async bulk(_request, t, creates, session) {
      const e = await service.entitlements(t.tenantId);
      if (e) await service.reserveRecords(session, t, e, creates, "/body/create");
    },
    async after() {
      return [];
    },
  };
}
