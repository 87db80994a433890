import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Who has a socket open, per tenant and user: a count per process in memory, and with Redis one
 * hash per tenant and process (`<prefix>:presence:<tenantId>:<process id>`, its users) that
 * lives `ttlMs` unless the process renews it (every third of that), plus a sorted set per tenant
 * (`<prefix>:presence:<tenantId>:processes`, each process's hash scored by when it expires). A
 * user is online while a live process's hash names them; a SIGKILLed process stops renewing, so
 * its users are offline once its hash expires (`online` reads only processes whose expiry is to
 * come). The hashes live three times as long as their score says, so a process with sockets in the
 * tenant, renewing its own, finds an expired process, claims it (`ZREM`: one process does), reads
 * its users and reports those now offline everywhere to `onOffline` (the plugin pushes their
 * `presence` frames).
 */
export class Presence {
  private readonly local = new Map<string, number>();
  private readonly client: Redis | null;
  private readonly id = randomUUID();
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | null = null;
  private readonly onOffline: (tenantId: string, userIds: string[]) => void;

  constructor(
    redis: Redis | null,
    private readonly prefix: string,
    options: { ttlMs?: number; onOffline?: (tenantId: string, userIds: string[]) => void } = {},
  ) {
    this.client = redis ? redis.duplicate() : null;
    this.ttlMs = options.ttlMs ?? 30_000;
    this.onOffline = options.onOffline ?? (() => {});
    if (this.client) {
      this.timer = setInterval(() => void this.renew().catch(() => {}), Math.max(Math.floor(this.ttlMs / 3), 50));
      this.timer.unref();
    }
  }

  private processes = (tenantId: string) => `${this.prefix}:presence:${tenantId}:processes`;
  private key = (tenantId: string, processId: string = this.id) => `${this.prefix}:presence:${tenantId}:${processId}`;

  /**
   * This process's tenants with sockets: their hashes live on; then each expired process of
   * those tenants is claimed (one process gets it), and its users who are online nowhere else
   * are reported offline.
   */
  private async renew(): Promise<void> {
    if (!this.client) return;
    const tenants = new Set([...this.local.keys()].map((k) => k.split("|")[0]));
    if (!tenants.size) return;
    const now = Date.now();
    const multi = this.client.multi();
    for (const tenantId of tenants) {
      multi.pexpire(this.key(tenantId), this.ttlMs * 3);
      multi.zadd(this.processes(tenantId), now + this.ttlMs, this.id);
    }
    await multi.exec();
    for (const tenantId of tenants) {
      for (const gone of await this.client.zrangebyscore(this.processes(tenantId), "-inf", now)) {
        if (gone === this.id || (await this.client.zrem(this.processes(tenantId), gone)) !== 1) continue;
        const users = await this.client.hkeys(this.key(tenantId, gone));
        await this.client.del(this.key(tenantId, gone));
        if (!users.length) continue;
        const still = new Set(await this.online(tenantId, users));
        const offline = users.filter((u) => !still.has(u));
        if (offline.length) this.onOffline(tenantId, offline);
      }
    }
  }

  /** The hashes of the tenant's live processes other than this one. */
  private async others(tenantId: string): Promise<string[]> {
    const ids = await this.client!.zrangebyscore(this.processes(tenantId), Date.now(), "+inf");
    return ids.filter((id) => id !== this.id).map((id) => this.key(tenantId, id));
  }

  private async elsewhere(tenantId: string, userId: string): Promise<boolean> {
    for (const key of await this.others(tenantId)) if (await this.client!.hexists(key, userId)) return true;
    return false;
  }

  /** A socket opened; true when it is the user's first anywhere. */
  async connect(tenantId: string, userId: string): Promise<boolean> {
    const id = `${tenantId}|${userId}`;
    const n = (this.local.get(id) ?? 0) + 1;
    this.local.set(id, n);
    if (n > 1) return false;
    if (!this.client) return true;
    await this.client
      .multi()
      .hset(this.key(tenantId), userId, 1)
      .pexpire(this.key(tenantId), this.ttlMs * 3)
      .zadd(this.processes(tenantId), Date.now() + this.ttlMs, this.id)
      .exec();
    return !(await this.elsewhere(tenantId, userId));
  }

  /** A socket closed; true when it was the user's last anywhere. */
  async disconnect(tenantId: string, userId: string): Promise<boolean> {
    const id = `${tenantId}|${userId}`;
    const n = (this.local.get(id) ?? 0) - 1;
    if (n < 0) return false;
    if (n > 0) {
      this.local.set(id, n);
      return false;
    }
    this.local.delete(id);
    if (!this.client) return true;
    await this.client.hdel(this.key(tenantId), userId);
    return !(await this.elsewhere(tenantId, userId));
  }

  async online(tenantId: string, userIds: readonly string[]): Promise<string[]> {
    if (!userIds.length) return [];
    const here = userIds.filter((u) => (this.local.get(`${tenantId}|${u}`) ?? 0) > 0);
    if (!this.client) return here;
    const found = new Set(here);
    for (const key of await this.others(tenantId)) {
      const flags = await this.client.hmget(key, ...userIds);
      userIds.forEach((u, i) => flags[i] !== null && found.add(u));
    }
    return userIds.filter((u) => found.has(u));
  }

  /** Gives back this process's entries (a clean shutdown leaves no one online). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.client) {
      const tenants = new Set([...this.local.keys()].map((k) => k.split("|")[0]));
      for (const tenantId of tenants)
        await this.client.multi().del(this.key(tenantId)).zrem(this.processes(tenantId), this.id).exec();
      this.client.disconnect();
    }
    this.local.clear();
  }
}
