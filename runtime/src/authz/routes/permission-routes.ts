import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Gate } from "../../crud/model/access.ts";
import { visible } from "../../crud/model/storage.ts";
import { viewOf } from "../../crud/model/view-cache.ts";
import { Binds, bindValues } from "../../crud/sql/binds.ts";
import { ApiError, type FieldError } from "../../http/problem.ts";
import { writeAudit, type AuditEntry } from "../audit/audit-store.ts";
import type { Caller } from "../caller.ts";
import { covers, parsePermission } from "../permissions.ts";
import type { Principal } from "../principal.ts";
import type { RoleGraph } from "../role-graph.ts";
import { ASSIGNED, MY_PERMISSIONS, PERMISSION_CHECK, REVOKED, TIER_SET } from "./response-schemas.ts";

const UUID = { type: "string", format: "uuid" } as const;
const ROLE = { type: "string", pattern: "^[a-z][a-z0-9-]{0,39}$" } as const;
const ACTION = { type: "string", pattern: "^[a-z*][a-z0-9-]{0,39}$" } as const;
const ASSIGNMENTS = {
  type: "object",
  required: ["assignments"],
  additionalProperties: false,
  properties: {
    assignments: {
      type: "array",
      minItems: 1,
      maxItems: 500,
      items: {
        type: "object",
        required: ["userId", "role"],
        additionalProperties: false,
        properties: { userId: UUID, role: ROLE, accountId: UUID },
      },
    },
  },
} as const;

type Assignment = { userId: string; role: string; accountId?: string };
const summary = (g: Gate) => (g.kind === "all" ? "all" : g.kind === "none" ? "none" : "some");

/**
 * The permission API: a caller's effective permissions (user tier), a permission check for
 * oneself or — tenant admins — anyone, and bulk role assignment and revocation (tenant admins;
 * audited; the users' cached permissions are dropped at once).
 */
export async function permissionRoutes(app: FastifyInstance) {
  const authz = app.authz;

  app.get(
    "/api/v1/user/permissions",
    {
      config: { tenant: true, auth: "required" },
      schema: { tags: ["authorization"], response: { 200: MY_PERMISSIONS } },
    },
    async (request) => {
      const tenant = request.tenant!;
      const caller = await authz.caller(request);
      const p = caller.principal;
      const graph = authz.graph(tenant);
      const record = await authz.record(tenant, p.userId!);
      const entities: Record<string, Record<string, string>> = {};
      for (const id of [...tenant.templates.keys()].sort()) {
        const template = app.registry.template(id);
        for (const entity of template?.entities ?? []) {
          const view = viewOf(template!, entity);
          const owner = { userId: p.userId ?? undefined, accountId: p.activeAccountId ?? undefined };
          entities[`${id}:${entity.apiName}`] = {
            read: summary(caller.rows(view, "read")),
            create: summary(caller.create(view, owner)),
            update: summary(caller.rows(view, "update")),
            delete: summary(caller.rows(view, "delete")),
          };
        }
      }
      return {
        userId: p.userId,
        tenantId: tenant.id,
        tenantAdmin: p.admin,
        tier: p.tier,
        emailVerified: p.verified,
        roles: p.grants,
        inheritedRoles: [...new Set(p.grants.flatMap((g) => [...graph.lineage(g.role)]))]
          .filter((r) => !p.roles.has(r))
          .sort(),
        permissions: record?.permissions ?? [],
        entities,
      };
    },
  );

  app.post(
    "/api/v1/tenant/permissions/check",
    {
      config: { tenant: true, auth: "required", allowSuperAdmin: true },
      schema: {
        tags: ["authorization"],
        body: {
          type: "object",
          required: ["resource", "action"],
          additionalProperties: false,
          properties: {
            userId: UUID,
            resource: { type: "string", minLength: 1, maxLength: 120 },
            action: ACTION,
            recordId: UUID,
          },
        },
        response: { 200: PERMISSION_CHECK },
      },
    },
    async (request) => {
      const tenant = request.tenant!;
      const input = request.body as { userId?: string; resource: string; action: string; recordId?: string };
      const self = await authz.principal(request);
      let subject: Principal = self;
      if (input.userId && input.userId !== self.userId) {
        if (!self.admin)
          throw new ApiError("RT_ERR_FORBIDDEN", "Only tenant admins may check other users' permissions.", [
            { pointer: "/body/userId", message: "must be your own id" },
          ]);
        const record = await authz.record(tenant, input.userId);
        if (!record) throw new ApiError("RT_ERR_NOT_FOUND", "No such user in this marketplace.");
        subject = authz.principalOf(tenant, input.userId, record);
      }
      const caller = authz.callerFor(tenant, subject);
      const resolved = app.registry.resolveEntity(tenant.templates.keys(), input.resource);
      if (resolved === "ambiguous")
        throw new ApiError("RT_ERR_VALIDATION", "The resource names entities of several templates.", [
          { pointer: "/body/resource", message: "is ambiguous: use template:apiName" },
        ]);
      const base = {
        userId: subject.userId,
        resource: input.resource,
        action: input.action,
        ...(input.recordId ? { recordId: input.recordId } : {}),
      };
      if (!resolved)
        return {
          ...base,
          allowed: !input.recordId && permissionOnly(subject, authz.graph(tenant), input.resource, input.action),
        };
      const view = viewOf(resolved.template, resolved.entity, null);
      if (input.action === "create") {
        if (input.recordId)
          throw new ApiError("RT_ERR_VALIDATION", "A create has no record yet.", [
            { pointer: "/body/recordId", message: "must be omitted for create" },
          ]);
        const gate = caller.create(view, {
          userId: subject.userId ?? undefined,
          accountId: subject.activeAccountId ?? undefined,
        });
        return { ...base, allowed: gate.kind !== "none", scope: summary(gate) };
      }
      if (input.action !== "read" && input.action !== "update" && input.action !== "delete")
        return { ...base, allowed: false, scope: "none" };
      const gate = caller.rows(view, input.action);
      if (!input.recordId) return { ...base, allowed: gate.kind !== "none", scope: summary(gate) };
      return {
        ...base,
        allowed: await recordAllowed(app, tenant.id, view, gate, input.recordId, caller),
        scope: summary(gate),
      };
    },
  );

  const adminConfig = { config: { tenant: true, auth: "required", allowSuperAdmin: true } as const };

  app.post(
    "/api/v1/tenant/roles/assign",
    { ...adminConfig, schema: { tags: ["authorization"], body: ASSIGNMENTS, response: { 200: ASSIGNED } } },
    async (request) => {
      const actor = await authz.requireAdmin(request);
      const tenant = request.tenant!;
      const assignments = await checkAssignments(
        app,
        request,
        authz.graph(tenant),
        (request.body as { assignments: Assignment[] }).assignments,
      );
      let assigned = 0;
      await app.db.transaction(async (tx) => {
        const audit: AuditEntry[] = [];
        for (const a of assignments) {
          const { rows } = await tx.query<{ id: string }>(
            `INSERT INTO "membership" ("tenantId", "accountId", "userId", "role")
           SELECT $1::uuid, $2::uuid, $3::uuid, $4::varchar
            WHERE NOT EXISTS (SELECT 1 FROM "membership" WHERE "tenantId" = $1 AND "accountId" IS NOT DISTINCT FROM $2::uuid AND "userId" = $3 AND "role" = $4::varchar)
           RETURNING "id"`,
            [tenant.id, a.accountId ?? null, a.userId, a.role],
          );
          if (!rows[0]) continue;
          assigned++;
          audit.push(permissionAudit(request, tenant.id, actor, "role.assign", rows[0].id, null, a));
        }
        await writeAudit(tx, audit);
      });
      await authz.principals.invalidate(
        tenant.id,
        assignments.map((a) => a.userId),
      );
      return { assigned, unchanged: assignments.length - assigned };
    },
  );

  app.post(
    "/api/v1/tenant/roles/revoke",
    { ...adminConfig, schema: { tags: ["authorization"], body: ASSIGNMENTS, response: { 200: REVOKED } } },
    async (request) => {
      const actor = await authz.requireAdmin(request);
      const tenant = request.tenant!;
      const assignments = (request.body as { assignments: Assignment[] }).assignments;
      let revoked = 0;
      const revokedUsers: string[] = [];
      await app.db.transaction(async (tx) => {
        const audit: AuditEntry[] = [];
        for (const a of assignments) {
          const { rows } = await tx.query<{ id: string }>(
            `DELETE FROM "membership" WHERE "tenantId" = $1 AND "accountId" IS NOT DISTINCT FROM $2::uuid AND "userId" = $3 AND "role" = $4::varchar RETURNING "id"`,
            [tenant.id, a.accountId ?? null, a.userId, a.role],
          );
          if (!rows[0]) continue;
          revoked++;
          revokedUsers.push(a.userId);
          audit.push(permissionAudit(request, tenant.id, actor, "role.revoke", rows[0].id, a, null));
        }
        await writeAudit(tx, audit);
        // Their access tokens name the revoked role: they stop working (a refresh gets new ones).
        await app.auth.retireAccessTokens(tx, tenant.id, revokedUsers);
      });
      await authz.principals.invalidate(
        tenant.id,
        assignments.map((a) => a.userId),
      );
      return { revoked, unchanged: assignments.length - revoked };
    },
  );

  app.put(
    "/api/v1/tenant/users/:userId/tier",
    {
      ...adminConfig,
      schema: {
        tags: ["authorization"],
        params: { type: "object", properties: { userId: UUID } },
        body: {
          type: "object",
          required: ["tier"],
          additionalProperties: false,
          properties: { tier: { anyOf: [ROLE, { type: "null" }] } },
        },
        response: { 200: TIER_SET },
      },
    },
    async (request) => {
      const actor = await authz.requireAdmin(request);
      const tenant = request.tenant!;
      const { userId } = request.params as { userId: string };
      const { tier } = request.body as { tier: string | null };
      const before = await app.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ tier: string | null }>(
          `UPDATE "user" AS u SET "profile" = CASE WHEN $3::text IS NULL THEN u."profile" - 'tier' ELSE u."profile" || jsonb_build_object('tier', $3::text) END, "updatedAt" = now()
             FROM (SELECT "profile"->>'tier' AS "tier" FROM "user" WHERE "tenantId" = $1 AND "id" = $2 FOR UPDATE) AS old
            WHERE u."tenantId" = $1 AND u."id" = $2 RETURNING old."tier"`,
          [tenant.id, userId, tier],
        );
        if (!rows[0]) throw new ApiError("RT_ERR_NOT_FOUND", "No such user in this marketplace.");
        await writeAudit(tx, [
          permissionAudit(request, tenant.id, actor, "tier.set", userId, { tier: rows[0].tier }, { tier }, "user"),
        ]);
        return rows[0].tier;
      });
      await authz.principals.invalidate(tenant.id, [userId]);
      return { userId, tier, previous: before };
    },
  );
}

function permissionAudit(
  request: FastifyRequest,
  tenantId: string,
  actor: Principal,
  action: string,
  recordId: string,
  before: unknown,
  after: unknown,
  entity = "membership",
): AuditEntry {
  return {
    tenantId,
    actorId: actor.userId,
    entity,
    recordId,
    action,
    before,
    after,
    requestId: request.id,
    ip: request.ip,
  };
}

/** Every assignment names a role of this tenant (at its tier), a user and an account of this tenant. */
async function checkAssignments(
  app: FastifyInstance,
  request: FastifyRequest,
  graph: RoleGraph,
  assignments: Assignment[],
): Promise<Assignment[]> {
  const tenantId = request.tenant!.id;
  const errors: FieldError[] = [];
  const userIds = [...new Set(assignments.map((a) => a.userId))];
  const accountIds = [...new Set(assignments.flatMap((a) => (a.accountId ? [a.accountId] : [])))];
  const users = new Set(
    (
      await app.db.query<{ id: string }>(`SELECT "id" FROM "user" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`, [
        tenantId,
        userIds,
      ])
    ).rows.map((r) => r.id),
  );
  const accounts = new Set(
    (
      await app.db.query<{ id: string }>(
        `SELECT "id" FROM "account" WHERE "tenantId" = $1 AND "id" = ANY($2::uuid[])`,
        [tenantId, accountIds],
      )
    ).rows.map((r) => r.id),
  );
  assignments.forEach((a, i) => {
    const at = `/body/assignments/${i}`;
    const role = graph.get(a.role);
    if (!role || role.tier === "platform")
      errors.push({ pointer: `${at}/role`, message: "is not a role of this marketplace" });
    else if (role.tier === "tenant" && a.accountId)
      errors.push({ pointer: `${at}/accountId`, message: "must be omitted for a tenant-wide role" });
    else if (role.tier === "account" && !a.accountId)
      errors.push({ pointer: `${at}/accountId`, message: "is required for an account role" });
    if (!users.has(a.userId)) errors.push({ pointer: `${at}/userId`, message: "is not a user of this marketplace" });
    if (a.accountId && !accounts.has(a.accountId))
      errors.push({ pointer: `${at}/accountId`, message: "is not an account of this marketplace" });
  });
  if (errors.length) throw new ApiError("RT_ERR_VALIDATION", "Some assignments are invalid; none were made.", errors);
  return assignments;
}

/** A resource that is not an entity (a platform resource): the caller's permission strings alone decide. */
function permissionOnly(p: Principal, graph: RoleGraph, resource: string, action: string): boolean {
  if (p.admin) return true;
  const perms = p.grants.flatMap((g) => {
    const e = graph.permissions(g.role);
    return [...e.allows, ...e.denies];
  });
  const allowed = perms.some((x) => !x.deny && covers(x, resource, action));
  const denied = perms.some(
    (x) => x.deny && covers(x, resource, action) && (x.scope === "tenant" || x.scope === "platform"),
  );
  return allowed && !denied && parsePermission(`${resource}:${action}`) !== null;
}

/** Is one record (of this tenant) within the gate? One EXISTS query with the caller's binds. */
async function recordAllowed(
  app: FastifyInstance,
  tenantId: string,
  view: ReturnType<typeof viewOf>,
  gate: Gate,
  recordId: string,
  caller: Caller,
): Promise<boolean> {
  if (gate.kind === "none") return false;
  const binds = new Binds();
  const rule = gate.kind === "rows" ? ` AND ${gate.sql("t", binds)}` : "";
  const text = binds.finish(
    `SELECT EXISTS (SELECT 1 FROM ${view.storage.table} AS t WHERE ${visible(view.storage, "t")} AND ${view.id.sql("t")} = $2::uuid${rule}) AS "ok"`,
    2,
  );
  const { rows } = await app.db.query<{ ok: boolean }>(text, [
    tenantId,
    recordId,
    ...bindValues(binds.list, (k) => caller.value(k)),
  ]);
  return rows[0].ok;
}
