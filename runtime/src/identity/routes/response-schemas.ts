/**
 * Response schemas of the identity routes: @fastify/swagger documents them and
 * fast-json-stringify serialises with them, so every property a route returns is declared.
 */
const UUID = { type: "string", format: "uuid" } as const;
const STRINGS = { type: "array", items: { type: "string" } } as const;

export const IDENTITY = {
  type: "object",
  required: [
    "userId",
    "tenantId",
    "roles",
    "accountIds",
    "memberships",
    "isSuperAdmin",
    "emailVerified",
    "sessionId",
    "via",
  ],
  properties: {
    userId: UUID,
    tenantId: { type: ["string", "null"], format: "uuid", description: "null for platform staff." },
    roles: STRINGS,
    accountIds: { type: "array", items: UUID },
    memberships: {
      type: "array",
      items: {
        type: "object",
        required: ["accountId", "role"],
        properties: { accountId: { type: ["string", "null"], format: "uuid" }, role: { type: "string" } },
      },
    },
    activeProfile: {
      type: "object",
      required: ["accountId", "accountKind", "roles"],
      properties: { accountId: UUID, accountKind: { type: "string" }, roles: STRINGS },
    },
    isSuperAdmin: { type: "boolean" },
    emailVerified: { type: "boolean" },
    sessionId: { type: "string" },
    via: { enum: ["bearer", "cookie"] },
  },
} as const;

/** What a login, refresh or profile switch answers (cookies are set too). */
export const SESSION = {
  type: "object",
  required: ["tokenType", "accessToken", "expiresIn", "csrfToken", "identity"],
  properties: {
    tokenType: { const: "Bearer" },
    accessToken: { type: "string", description: "Send as `Authorization: Bearer <accessToken>`." },
    expiresIn: { type: "integer", description: "Seconds the access token is valid." },
    csrfToken: { type: "string", description: "For `X-CSRF-Token` on cookie-authenticated unsafe requests." },
    identity: IDENTITY,
    refreshToken: { type: "string", description: "Only with `refreshTokenInBody: true` at login." },
  },
} as const;

export const ME = {
  type: "object",
  required: ["user", "identity", "profiles"],
  properties: {
    user: {
      type: "object",
      required: ["id", "email", "name", "emailVerified"],
      properties: {
        id: UUID,
        email: { type: "string" },
        name: { type: ["string", "null"] },
        emailVerified: { type: "boolean" },
      },
    },
    identity: IDENTITY,
    profiles: {
      type: "array",
      items: {
        type: "object",
        required: ["accountId", "kind", "name", "roles"],
        properties: { accountId: UUID, kind: { type: "string" }, name: { type: "string" }, roles: STRINGS },
      },
    },
  },
} as const;

export const CSRF = {
  type: "object",
  required: ["csrfToken"],
  properties: { csrfToken: { type: "string" } },
} as const;

export const NO_CONTENT = { type: "null", description: "No content." } as const;

/** `202 {status}`: the same answer whether or not the email is known. */
export const ACCEPTED = (status: string) =>
  ({
    type: "object",
    required: ["status"],
    properties: { status: { const: status } },
  }) as const;

export const VERIFIED = {
  type: "object",
  required: ["verified"],
  properties: { verified: { const: true } },
} as const;

export const SUPER_ADMIN = {
  type: "object",
  required: ["id", "email", "name", "platformRole"],
  properties: {
    id: UUID,
    email: { type: "string" },
    name: { type: "string" },
    platformRole: { const: "super-admin" },
  },
} as const;

export const INVITATION = {
  type: "object",
  required: ["id", "email", "role", "accountId", "expiresAt"],
  properties: {
    id: UUID,
    email: { type: "string" },
    role: { type: "string" },
    accountId: { type: ["string", "null"], format: "uuid" },
    expiresAt: { type: "string", format: "date-time" },
  },
} as const;

export const SENT_INVITATION = {
  ...INVITATION,
  required: [...INVITATION.required, "delivery"],
  properties: {
    ...INVITATION.properties,
    delivery: {
      enum: ["sent", "failed", "queued"],
      description:
        "How the email's first attempt went: sent; failed (it is retried, see the email delivery log); queued (no attempt ended within 10 s).",
    },
  },
} as const;

export const INVITATIONS = {
  type: "object",
  required: ["data"],
  properties: { data: { type: "array", items: INVITATION } },
} as const;

export const ACCOUNTS = {
  type: "object",
  required: ["data", "page"],
  properties: {
    data: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "name", "kind"],
        properties: { id: UUID, name: { type: "string" }, kind: { type: "string" } },
      },
    },
    page: {
      type: "object",
      required: ["limit", "nextCursor"],
      properties: { limit: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
    },
  },
} as const;
