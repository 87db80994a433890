import type { Redis } from "ioredis";
import type { SqlSession } from "../db/database.ts";

/** What is cached per user and tenant: fresh grants, tier, verification, and the effective permissions. */
export interface PrincipalRecord {
  /** [accountId | null, role] per membership. */
  readonly grants: readonly (readonly [string | null, string])[];
  readonly tier: string | null;
  readonly verified: boolean;
  readonly status: string;
  /** Effective permission strings (inheritance applied) for the role graph `graph`. */
  readonly permissions: readonly string[];
  readonly graph: string;
}

interface Row {
  status: string;
  verified: boolean;
  tier: string | null;
  grants: [string | null, string][];
}

const LOAD = `SELECT u."status", u."emailVerifiedAt" IS NOT NULL AS "verified",
    CASE WHEN jsonb_typeof(u."profile"->'tier') = 'string' THEN u."profile"->>'tier' END AS "tier",
    COALESCE((SELECT json_agg(json_build_array(m."accountId", m."role") ORDER BY m."createdAt", m."role")
                FROM "membership" m WHERE m."tenantId" = $1 AND m."userId" = $2), '[]'::json) AS "grants"
  FROM "user" u WHERE u."tenantId" = $1 AND u."id" = $2`;

const CHANNEL = "mono:authz:invalidate";

/**
 * Principals per (tenant, user), cached where every process sees them: Redis when the app has
 * it (entries live `ttlSeconds`), else this process. With Redis, each process also keeps a
 * near cache for `nearTtlMs` (a Redis round trip per request was most of what authorization
 * cost); invalidations are published, so every process drops its copy at once, and the short
 * lifetime bounds staleness should a message be lost. Role and tier changes invalidate.
 */
export class PrincipalStore {
  private readonly local = new Map<string, { value: PrincipalRecord; expires: number }>();
  private subscriber: Redis | null = null;

  constructor(
    private readonly db: SqlSession,
    private readonly redis: Redis | null,
    private readonly ttlSeconds = 300,
    private readonly nearTtlMs = 5_000,
  ) {}

  /** Listens for other processes' invalidations (a second connection: subscribers cannot query). */
  async start(): Promise<void> {
    if (!this.redis || this.subscriber) return;
    const subscriber = this.redis.duplicate();
    subscriber.on("message", (_channel: string, message: string) => {
      for (const key of message.split(" ")) this.local.delete(key);
    });
    subscriber.on("error", () => {});
    await subscriber.subscribe(CHANNEL).catch(() => {});
    this.subscriber = subscriber;
  }

  async stop(): Promise<void> {
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  private key = (tenantId: string, userId: string) => `mono:authz:v1:${tenantId}:${userId}`;

  private remember(key: string, value: PrincipalRecord): void {
    if (this.local.size >= 50_000) this.local.clear();
    this.local.set(key, { value, expires: Date.now() + (this.redis ? this.nearTtlMs : this.ttlSeconds * 1000) });
  }

  async cached(tenantId: string, userId: string): Promise<PrincipalRecord | null> {
    const key = this.key(tenantId, userId);
    const hit = this.local.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    if (!this.redis) return null;
    const text = await this.redis.get(key).catch(() => null);
    if (!text) return null;
    const value = JSON.parse(text) as PrincipalRecord;
    this.remember(key, value);
    return value;
  }

  /** From the database (then cached); null when the user is not in this tenant. */
  async load(
    tenantId: string,
    userId: string,
    derive: (row: Omit<PrincipalRecord, "permissions" | "graph">) => Pick<PrincipalRecord, "permissions" | "graph">,
  ): Promise<PrincipalRecord | null> {
    const { rows } = await this.db.query<Row>(LOAD, [tenantId, userId]);
    if (!rows[0]) return null;
    const base = { grants: rows[0].grants, tier: rows[0].tier, verified: rows[0].verified, status: rows[0].status };
    const record: PrincipalRecord = { ...base, ...derive(base) };
    const key = this.key(tenantId, userId);
    if (this.redis) await this.redis.set(key, JSON.stringify(record), "EX", this.ttlSeconds).catch(() => {});
    this.remember(key, record);
    return record;
  }

  /** Drops cached principals (after role or tier changes). */
  async invalidate(tenantId: string, userIds: readonly string[]): Promise<void> {
    const keys = [...new Set(userIds)].map((id) => this.key(tenantId, id));
    for (const key of keys) this.local.delete(key);
    if (this.redis && keys.length) {
      await this.redis.del(...keys);
      await this.redis.publish(CHANNEL, keys.join(" "));
    }
  }
}
