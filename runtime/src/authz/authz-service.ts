import type { FastifyRequest } from "fastify";
import type { TenantContext } from "../context.ts";
import type { CallerAccess } from "../crud/model/access.ts";
import type { Owner } from "../crud/sql/ref-checks.ts";
import { ApiError } from "../http/problem.ts";
import type { RequestIdentity } from "../identity/identity-types.ts";
import type { RuntimeRegistry } from "../registry/runtime-registry.ts";
import { Caller } from "./caller.ts";
import { policyFor, type PrincipalPolicy } from "./policy.ts";
import { ANONYMOUS, type Principal } from "./principal.ts";
import type { PrincipalRecord, PrincipalStore } from "./principal-store.ts";
import { roleGraphFor, type RoleGraph } from "./role-graph.ts";

/** Effective permission strings of a set of grants (inheritance applied; denies with `!`). */
export function effectivePermissions(graph: RoleGraph, grants: PrincipalRecord["grants"]): string[] {
  const out = new Set<string>();
  for (const [, role] of grants) {
    const p = graph.permissions(role);
    for (const a of p.allows) out.add(a.text);
    for (const d of p.denies) out.add(d.text);
  }
  return [...out].sort();
}

/** Every membership the token names is in the record (else the record predates a new role). */
const knowsAll = (record: PrincipalRecord, identity: RequestIdentity) =>
  identity.memberships.every((m) => record.grants.some(([a, r]) => a === m.accountId && r === m.role));

/**
 * Resolves who is calling (request.identity + fresh, cached roles and tier) and hands the CRUD
 * engine a Caller. Shared by the routes of the authz plugin and the generic entity routes.
 */
export class AuthzService {
  /** Principals built from a cached record (the near cache hands out the same object for seconds). */
  private readonly built = new WeakMap<PrincipalRecord, Map<string, Principal>>();
  private readonly policies = new WeakMap<Principal, PrincipalPolicy>();

  constructor(
    private readonly registry: RuntimeRegistry,
    readonly principals: PrincipalStore,
  ) {}

  graph(tenant: TenantContext): RoleGraph {
    return roleGraphFor(this.registry, tenant);
  }

  /** The cached record of a user in a tenant (loaded from the database on a miss). */
  async record(tenant: TenantContext, userId: string, identity?: RequestIdentity): Promise<PrincipalRecord | null> {
    const graph = this.graph(tenant);
    const cached = await this.principals.cached(tenant.id, userId);
    if (cached && cached.graph === graph.key && (!identity || knowsAll(cached, identity))) return cached;
    return this.principals.load(tenant.id, userId, (base) => ({
      permissions: effectivePermissions(graph, base.grants),
      graph: graph.key,
    }));
  }

  /** The principal of a request on a tenant route (anonymous without identity). */
  async principal(request: FastifyRequest): Promise<Principal> {
    const identity = request.identity;
    if (!identity) return ANONYMOUS;
    if (identity.isSuperAdmin && identity.tenantId === null)
      return { ...ANONYMOUS, userId: identity.userId, admin: true, verified: true };
    const tenant = request.tenant!;
    const record = await this.record(tenant, identity.userId, identity);
    if (!record || record.status !== "active")
      throw new ApiError("RT_ERR_UNAUTHENTICATED", "This account is not active here.");
    let byIdentity = this.built.get(record);
    if (!byIdentity) this.built.set(record, (byIdentity = new Map()));
    const key = `${tenant.id}|${identity.userId}|${identity.activeProfile?.accountId ?? ""}|${identity.emailVerified ? 1 : 0}`;
    let principal = byIdentity.get(key);
    if (!principal) byIdentity.set(key, (principal = this.principalOf(tenant, identity.userId, record, identity)));
    return principal;
  }

  /** A principal from a record: what `permissions/check` uses for other users too. */
  principalOf(tenant: TenantContext, userId: string, record: PrincipalRecord, identity?: RequestIdentity): Principal {
    const graph = this.graph(tenant);
    const grants = record.grants.map(([accountId, role]) => ({ accountId, role }));
    const accountIds = [...new Set(grants.flatMap((g) => (g.accountId ? [g.accountId] : [])))];
    const wanted = identity?.activeProfile?.accountId;
    return {
      userId,
      admin: grants.some((g) => g.accountId === null && graph.isA(g.role, "tenant-admin")),
      grants,
      roles: new Set(grants.map((g) => g.role)),
      accountIds,
      activeAccountId: wanted && accountIds.includes(wanted) ? wanted : accountIds.length === 1 ? accountIds[0] : null,
      // Verification only ever goes from false to true: either source saying so is enough.
      verified: record.verified || identity?.emailVerified === true,
      tier: record.tier,
    };
  }

  /** The caller of a request, ready for the CRUD engine; writes are audited. */
  async caller(request: FastifyRequest): Promise<Caller> {
    return this.callerFor(request.tenant!, await this.principal(request), request);
  }

  /**
   * Who a new record belongs to: the caller, in their active (or only) account. `X-Account-Id`
   * names another account: one of the caller's own, or any for tenant staff (admins and
   * tenant-tier roles act for the accounts of their marketplace). The create rule then decides.
   */
  owner(request: FastifyRequest, access: CallerAccess): Owner {
    const p = (access as Caller).principal;
    const header = request.headers["x-account-id"];
    let accountId = p.activeAccountId;
    if (typeof header === "string") {
      const graph = this.graph(request.tenant!);
      const staff = p.admin || p.grants.some((g) => g.accountId === null && graph.get(g.role)?.tier === "tenant");
      if (!staff && !p.accountIds.includes(header)) {
        throw new ApiError("RT_ERR_FORBIDDEN", "You may only act for your own accounts.", [
          { pointer: "/headers/x-account-id", message: "is not one of your accounts" },
        ]);
      }
      accountId = header;
    }
    return { ...(p.userId ? { userId: p.userId, createdBy: p.userId } : {}), ...(accountId ? { accountId } : {}) };
  }

  /** Signed in (401 otherwise). */
  async requireUser(request: FastifyRequest): Promise<Principal> {
    const p = await this.principal(request);
    if (p.userId === null) throw new ApiError("RT_ERR_UNAUTHENTICATED", "Sign in to use this endpoint.");
    return p;
  }

  /** A tenant admin of the request's tenant, or a super admin (403 otherwise). */
  async requireAdmin(request: FastifyRequest): Promise<Principal> {
    const p = await this.requireUser(request);
    if (!p.admin) throw new ApiError("RT_ERR_FORBIDDEN", "Only tenant admins may use this endpoint.");
    return p;
  }

  callerFor(tenant: TenantContext, principal: Principal, request?: FastifyRequest): Caller {
    const audit = request ? { actorId: principal.userId, requestId: request.id, ip: request.ip } : null;
    let policy = this.policies.get(principal);
    if (!policy || policy.graph !== this.graph(tenant))
      this.policies.set(principal, (policy = policyFor(this.graph(tenant), principal)));
    return new Caller(principal, policy, audit);
  }
}
