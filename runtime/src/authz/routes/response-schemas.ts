/**
 * Response schemas of the authorization, tier and audit routes: documented by @fastify/swagger
 * and used by fast-json-stringify, so every property a route returns is declared here.
 */
const UUID = { type: "string", format: "uuid" } as const;
const NULLABLE_UUID = { type: ["string", "null"], format: "uuid" } as const;
const STRINGS = { type: "array", items: { type: "string" } } as const;
const SCOPE = { enum: ["all", "some", "none"] } as const;
const GRANT = {
  type: "object",
  required: ["accountId", "role"],
  properties: { accountId: NULLABLE_UUID, role: { type: "string" } },
} as const;
const PAGE = {
  type: "object",
  required: ["limit", "nextCursor"],
  properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
} as const;

export const MY_PERMISSIONS = {
  type: "object",
  required: [
    "userId",
    "tenantId",
    "tenantAdmin",
    "tier",
    "emailVerified",
    "roles",
    "inheritedRoles",
    "permissions",
    "entities",
  ],
  properties: {
    userId: NULLABLE_UUID,
    tenantId: UUID,
    tenantAdmin: { type: "boolean" },
    tier: { type: ["string", "null"] },
    emailVerified: { type: "boolean" },
    roles: { type: "array", items: GRANT },
    inheritedRoles: STRINGS,
    permissions: STRINGS,
    entities: {
      type: "object",
      description: "`template:apiName` → how much of each action the caller may do.",
      additionalProperties: {
        type: "object",
        required: ["read", "create", "update", "delete"],
        properties: { read: SCOPE, create: SCOPE, update: SCOPE, delete: SCOPE },
      },
    },
  },
} as const;

export const PERMISSION_CHECK = {
  type: "object",
  required: ["userId", "resource", "action", "allowed"],
  properties: {
    userId: NULLABLE_UUID,
    resource: { type: "string" },
    action: { type: "string" },
    recordId: UUID,
    allowed: { type: "boolean" },
    scope: { ...SCOPE, description: "For entity resources: all, some (a rule) or none of the records." },
  },
} as const;

export const ASSIGNED = {
  type: "object",
  required: ["assigned", "unchanged"],
  properties: { assigned: { type: "integer" }, unchanged: { type: "integer" } },
} as const;

export const REVOKED = {
  type: "object",
  required: ["revoked", "unchanged"],
  properties: { revoked: { type: "integer" }, unchanged: { type: "integer" } },
} as const;

export const TIER_SET = {
  type: "object",
  required: ["userId", "tier", "previous"],
  properties: { userId: UUID, tier: { type: ["string", "null"] }, previous: { type: ["string", "null"] } },
} as const;

export const USER_ME = {
  type: "object",
  required: ["user", "tenant", "tenantAdmin", "tier", "roles", "accounts", "activeAccountId"],
  properties: {
    user: {
      type: "object",
      required: ["id", "email", "name", "emailVerified"],
      properties: { id: UUID, email: { type: "string" }, name: { type: "string" }, emailVerified: { type: "boolean" } },
    },
    tenant: {
      type: "object",
      required: ["id", "slug", "name"],
      properties: { id: UUID, slug: { type: "string" }, name: { type: "string" } },
    },
    tenantAdmin: { type: "boolean" },
    tier: { type: ["string", "null"] },
    roles: { ...STRINGS, description: "Tenant-wide roles." },
    accounts: {
      type: "array",
      items: {
        type: "object",
        required: ["accountId", "kind", "name", "roles"],
        properties: { accountId: UUID, kind: { type: "string" }, name: { type: "string" }, roles: STRINGS },
      },
    },
    activeAccountId: NULLABLE_UUID,
  },
} as const;

export const MEMBERS = {
  type: "object",
  required: ["accountId", "data"],
  properties: {
    accountId: UUID,
    data: {
      type: "array",
      items: {
        type: "object",
        required: ["userId", "name", "email", "roles"],
        properties: { userId: UUID, name: { type: "string" }, email: { type: "string" }, roles: STRINGS },
      },
    },
  },
} as const;

export const AUDIT_PAGE = {
  type: "object",
  required: ["data", "page"],
  properties: {
    data: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "actorId", "entity", "recordId", "action", "before", "after", "requestId", "ip", "createdAt"],
        properties: {
          id: UUID,
          actorId: NULLABLE_UUID,
          entity: { type: "string" },
          recordId: NULLABLE_UUID,
          action: { type: "string" },
          before: { description: "The record (or grant) before the change; null for creates." },
          after: { description: "After the change; null for deletes." },
          requestId: { type: ["string", "null"] },
          ip: { type: ["string", "null"] },
          createdAt: { type: "string", format: "date-time" },
        },
      },
    },
    page: PAGE,
  },
} as const;
