import type { Redis } from "ioredis";

/**
 * Who has a socket open, per tenant and user: a count per process in memory, and with Redis one
 * hash per tenant (`<prefix>:presence:<tenantId>`, user → sockets across processes), so a user
 * is online while any process holds a socket of theirs. A process that is killed leaves its
 * counts behind until its users reconnect and leave again (documented in the README).
 */
export class Presence {
  private readonly local = new Map<string, number>();
  private readonly client: Redis | null;

  constructor(
    redis: Redis | null,
    private readonly prefix: string,
  ) {
    this.client = redis ? redis.duplicate() : null;
  }

  private key = (tenantId: string) => `${this.prefix}:presence:${tenantId}`;

  /** A socket opened; true when it is the user's first anywhere. */
  async connect(tenantId: string, userId: string): Promise<boolean> {
    const id = `${tenantId}|${userId}`;
    this.local.set(id, (this.local.get(id) ?? 0) + 1);
    if (!this.client) return this.local.get(id) === 1;
    return (await this.client.hincrby(this.key(tenantId), userId, 1)) === 1;
  }

  /** A socket closed; true when it was the user's last anywhere. */
  async disconnect(tenantId: string, userId: string): Promise<boolean> {
    const id = `${tenantId}|${userId}`;
    const n = (this.local.get(id) ?? 0) - 1;
    if (n < 0) return false;
    if (n === 0) this.local.delete(id);
    else this.local.set(id, n);
    if (!this.client) return n === 0;
    const left = await this.client.hincrby(this.key(tenantId), userId, -1);
    if (left <= 0) await this.client.hdel(this.key(tenantId), userId);
    return left <= 0;
  }

  async online(tenantId: string, userIds: readonly string[]): Promise<string[]> {
    if (!userIds.length) return [];
    if (!this.client) return userIds.filter((u) => (this.local.get(`${tenantId}|${u}`) ?? 0) > 0);
    const counts = await this.client.hmget(this.key(tenantId), ...userIds);
    return userIds.filter((_, i) => Number(counts[i] ?? 0) > 0);
  }

  /** Gives back this process's counts (a clean shutdown leaves no one online). */
  async close(): Promise<void> {
    if (this.client) {
      for (const [id, n] of this.local) {
        const [tenantId, userId] = id.split("|");
        const left = await this.client.hincrby(this.key(tenantId), userId, -n);
        if (left <= 0) await this.client.hdel(this.key(tenantId), userId);
      }
      this.client.disconnect();
    }
    this.local.clear();
  }
}
