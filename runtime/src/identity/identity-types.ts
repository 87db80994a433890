/**
 * Who is making a request. The authentication half fills it from a verified access token; the
 * authorization half (RBAC compiled into SQL, RLS, audit) reads it and nothing else.
 */
export interface MembershipGrant {
  /** null: a tenant-wide role. */
  readonly accountId: string | null;
  readonly role: string;
}

/** The account a dual-sided user currently acts as (talent of an agency, client company…). */
export interface ActiveProfile {
  readonly accountId: string;
  readonly accountKind: string;
  /** The user's roles in that account. */
  readonly roles: readonly string[];
}

export interface RequestIdentity {
  readonly userId: string;
  /** null for platform staff. */
  readonly tenantId: string | null;
  /** Assigned role names, tenant-wide and account memberships, deduplicated (not inheritance-expanded). */
  readonly roles: readonly string[];
  /** Accounts the user is a member of. */
  readonly accountIds: readonly string[];
  /** Each role with the account it applies to: what account-scoped rules need. */
  readonly memberships: readonly MembershipGrant[];
  readonly activeProfile?: ActiveProfile;
  readonly isSuperAdmin: boolean;
  /** For `verified: true` access rules. */
  readonly emailVerified: boolean;
  /** The refresh-token family (one login) this access token belongs to. */
  readonly sessionId: string;
  /** Cookie-authenticated requests must pass the CSRF check on unsafe methods; Bearer ones are exempt. */
  readonly via: "bearer" | "cookie";
}

export type AuthMode = "required" | "optional";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the identity plugin on routes with `config.auth`; null when anonymous. */
    identity: RequestIdentity | null;
  }
  interface FastifyContextConfig {
    /** Resolve `request.identity` before the handler: 401 without one when "required". */
    auth?: AuthMode;
    /** On a tenant route, also accept a super admin's platform token (tenantId null). */
    allowSuperAdmin?: boolean;
  }
}
