import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { randomUUID } from "node:crypto";
import { ApiError } from "../http/problem.ts";
import type { RequestIdentity } from "./identity-types.ts";
import { deriveKey, hashToken } from "./secrets.ts";

/** The claims Mono puts in an access token (beyond iss/aud/sub/iat/exp/jti). */
export interface AccessClaims {
  sub: string;
  /** Tenant id, null for platform staff. */
  tid: string | null;
  /** Session (refresh-token family) id. */
  sid: string;
  /** [accountId | null, role] pairs. */
  mem: [string | null, string][];
  /** Active profile: account id and kind. */
  prof?: { a: string; k: string };
  sa: boolean;
  ev: boolean;
  /** The user's token version when issued (user.tokenVersion); absent is 0. */
  ver?: number;
}

const ALG = "HS256";
const TYP = "at+jwt";
export const PLATFORM_AUDIENCE = "mono:platform";
export const tenantAudience = (tenantId: string) => `mono:tenant:${tenantId}`;

/**
 * Short-lived HS256 access tokens (RFC 9068 `at+jwt`). Verification pins the algorithm, so
 * `alg: none`, RS256 and HS↔RS confusion fail before any key is used; the audience pins the
 * tenant. Keys are HKDF-derived from MONO_JWT_SECRET; previous secrets verify (by `kid`)
 * during a rotation.
 */
export class AccessTokens {
  private readonly signing: { kid: string; key: Buffer };
  private readonly byKid: Map<string, Buffer>;
  /**
   * Tokens that verified, until they expire: a client sends the same token with every request
   * for minutes, and re-checking its HMAC each time was most of what authorization cost a
   * request. Only verified tokens get in; expiry and audience are still checked per call.
   */
  private readonly verified = new Map<string, { claims: AccessClaims; aud: string; exp: number }>();

  constructor(
    secret: Buffer,
    previous: readonly Buffer[],
    private readonly issuer: string,
    readonly ttlSeconds: number,
  ) {
    const keyed = (master: Buffer) => {
      const key = deriveKey(master, "access-token");
      return { kid: hashToken(key.toString("hex")).slice(0, 16), key };
    };
    this.signing = keyed(secret);
    this.byKid = new Map([this.signing, ...previous.map(keyed)].map((k) => [k.kid, k.key]));
  }

  sign(claims: AccessClaims): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: ALG, typ: TYP, kid: this.signing.kid })
      .setIssuer(this.issuer)
      .setAudience(claims.tid ? tenantAudience(claims.tid) : PLATFORM_AUDIENCE)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(this.signing.key);
  }

  /** Verifies and returns the claims, or throws a 401 problem. */
  async verify(token: string, audiences: readonly string[]): Promise<AccessClaims> {
    const hit = this.verified.get(token);
    if (hit && hit.exp * 1000 > Date.now() && audiences.includes(hit.aud)) return hit.claims;
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const key = header.kid ? this.byKid.get(header.kid) : undefined;
          if (!key) throw new errors.JWSSignatureVerificationFailed();
          return key;
        },
        {
          algorithms: [ALG],
          typ: TYP,
          issuer: this.issuer,
          audience: [...audiences],
          requiredClaims: ["sub", "exp", "iat", "jti"],
          clockTolerance: 5,
        },
      );
      const claims = parseClaims(payload);
      if (typeof payload.aud === "string" && typeof payload.exp === "number") {
        if (this.verified.size >= 10_000) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { claims, aud: payload.aud, exp: payload.exp });
      }
      return claims;
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw invalidToken(expired ? "The access token has expired." : "The access token is invalid.");
    }
  }
}

export function invalidToken(detail: string): ApiError {
  return new ApiError("RT_ERR_UNAUTHENTICATED", detail);
}

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;

/** A valid signature says we issued it; this says it has the shape this version issues. */
function parseClaims(p: JWTPayload): AccessClaims {
  const mem = p.mem;
  const prof = p.prof as { a?: unknown; k?: unknown } | undefined;
  const ok =
    isString(p.sub) &&
    (p.tid === null || isString(p.tid)) &&
    isString(p.sid) &&
    Array.isArray(mem) &&
    mem.every((m) => Array.isArray(m) && m.length === 2 && (m[0] === null || isString(m[0])) && isString(m[1])) &&
    (prof === undefined || (isString(prof.a) && isString(prof.k))) &&
    typeof p.sa === "boolean" &&
    // The super-admin claim belongs to platform tokens only: a tenant token carrying it is forged or foreign.
    (p.sa === false || p.tid === null) &&
    typeof p.ev === "boolean" &&
    (p.ver === undefined || (Number.isSafeInteger(p.ver) && (p.ver as number) >= 0));
  if (!ok) throw new Error("unexpected claims");
  return p as unknown as AccessClaims;
}

/** The request identity an access token stands for. */
export function identityFromClaims(claims: AccessClaims, via: RequestIdentity["via"]): RequestIdentity {
  const memberships = claims.mem.map(([accountId, role]) => ({ accountId, role }));
  const accountIds = [...new Set(memberships.flatMap((m) => (m.accountId ? [m.accountId] : [])))];
  // parseClaims refuses the claim on tenant tokens; this keeps the rule where identities are made too.
  const superAdmin = claims.sa && claims.tid === null;
  return {
    userId: claims.sub,
    tenantId: claims.tid,
    roles: [...new Set([...(superAdmin ? ["super-admin"] : []), ...memberships.map((m) => m.role)])],
    accountIds,
    memberships,
    ...(claims.prof
      ? {
          activeProfile: {
            accountId: claims.prof.a,
            accountKind: claims.prof.k,
            roles: memberships.filter((m) => m.accountId === claims.prof!.a).map((m) => m.role),
          },
        }
      : {}),
    isSuperAdmin: superAdmin,
    emailVerified: claims.ev,
    sessionId: claims.sid,
    via,
  };
}
