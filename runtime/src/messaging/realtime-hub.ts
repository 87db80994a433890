/**
 * Live delivery (runtime/src/messaging/README.md#realtime): every process receives every logged
 * event of the messaging event log through one bus (Redis pub/sub with REDIS_URL, in-process
 * otherwise), puts each tenant's events back in `seq` order (a late or lost bus message is read
 * from PostgreSQL), and hands them to its sockets whose user is in the event's audience. A
 * socket resuming from an event id first gets what it missed from the log, then the live
 * stream, each event at most once (`lastSent`). Ephemeral events (typing, presence,
 * notifications) are not logged and not resumed.
 */
import type { Redis } from "ioredis";
import type { Database } from "../db/database.ts";

/** A row of `messaging_event`, as the bus and the sockets carry it. */
export interface LoggedEvent {
  readonly tenantId: string;
  readonly seq: number;
  readonly conversationId: string;
  readonly kind: string;
  readonly payload: unknown;
  /** The users it is for. */
  readonly audience: readonly string[];
  readonly createdAt: string;
}

/** An event that is pushed live only: typing, presence, notifications. */
export interface LiveEvent {
  readonly tenantId: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly audience: readonly string[];
}

type Wire = { readonly l: LoggedEvent } | { readonly x: LiveEvent };

/** One connected socket, as the hub sees it. */
export interface HubClient {
  readonly tenantId: string;
  readonly userId: string;
  /** Sends a frame; false when the client was dropped (its buffer passed the bound) or is closed. */
  send(frame: string): boolean;
  /** The last logged event id it was sent. */
  lastSent: number;
  catchingUp: boolean;
  readonly backlog: LoggedEvent[];
}

export interface Bus {
  publish(message: string): Promise<void>;
  close(): Promise<void>;
}

/** In-process: a publish is delivered to this process's hub only (a microtask later). */
function localBus(receive: (message: string) => void): Bus {
  return {
    publish: async (message) => queueMicrotask(() => receive(message)),
    close: async () => {},
  };
}

/** Redis pub/sub on `<prefix>:messaging`: every process subscribes, every process publishes. */
async function redisBus(redis: Redis, prefix: string, receive: (message: string) => void): Promise<Bus> {
  const channel = `${prefix}:messaging`;
  const pub = redis.duplicate();
  const sub = redis.duplicate();
  sub.on("message", (ch: string, message: string) => {
    if (ch === channel) receive(message);
  });
  await sub.subscribe(channel);
  return {
    publish: async (message) => {
      await pub.publish(channel, message);
    },
    close: async () => {
      sub.disconnect();
      pub.disconnect();
    },
  };
}

export const eventFrame = (e: LoggedEvent): string =>
  JSON.stringify({
    type: "event",
    id: e.seq,
    kind: e.kind,
    conversationId: e.conversationId,
    data: e.payload,
    at: e.createdAt,
  });

const liveFrame = (e: LiveEvent): string => JSON.stringify({ type: e.kind, data: e.payload });

interface EventRow {
  tenantId: string;
  seq: string;
  conversationId: string;
  kind: string;
  payload: unknown;
  audience: string[];
  createdAt: string;
}

const toEvent = (r: EventRow): LoggedEvent => ({ ...r, seq: Number(r.seq) });

const EVENT_COLUMNS = `"tenantId", "seq", "conversationId", "kind", "payload", "audience",
  to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"`;

/** One tenant's events put back in order: `next` is the id this process delivers next. */
class TenantSequence {
  next: number | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, LoggedEvent>();
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly hub: RealtimeHub,
    private readonly tenantId: string,
  ) {}

  init(): Promise<void> {
    this.ready ??= this.hub.maxSeq(this.tenantId).then((max) => {
      this.next = max + 1;
      this.drain();
    });
    return this.ready;
  }

  receive(e: LoggedEvent): void {
    // Not started (no socket of this tenant here yet): a later start reads the log.
    if (!this.ready) return;
    if (this.next !== null && e.seq < this.next) return;
    this.pending.set(e.seq, e);
    if (this.next !== null) this.drain();
  }

  private drain(): void {
    const next = this.next!;
    for (const seq of this.pending.keys()) if (seq < next) this.pending.delete(seq);
    let at = next;
    while (this.pending.has(at)) {
      const e = this.pending.get(at)!;
      this.pending.delete(at);
      this.next = ++at;
      this.hub.deliver(e);
    }
    if (this.pending.size && !this.gapTimer) {
      // Events after a gap: the missing ones are committed (ids follow commit order), but their
      // bus messages are late or lost. Wait a little, then read them from the log.
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        void this.fill();
      }, this.hub.gapWaitMs);
      this.gapTimer.unref();
    }
  }

  /** Reads what the log has past `next` (a publish lost with nothing after it to reveal the gap). */
  async sweep(): Promise<void> {
    if (this.next === null) return;
    for (const e of await this.hub.eventsBetween(this.tenantId, this.next, Number.MAX_SAFE_INTEGER, 500))
      this.pending.set(e.seq, e);
    this.drain();
  }

  private async fill(): Promise<void> {
    if (!this.pending.size || this.next === null) return;
    const upto = Math.min(...this.pending.keys());
    try {
      for (const e of await this.hub.eventsBetween(this.tenantId, this.next, upto)) this.pending.set(e.seq, e);
    } catch (err) {
      this.hub.log(err, "messaging: reading missed events failed");
    }
    this.drain();
  }

  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
  }
}

export interface HubOptions {
  db: Database;
  /** Fan-out across processes; null: in-process. */
  redis: Redis | null;
  /** Redis channel prefix (default "mono"). */
  prefix?: string;
  /** How long a gap in the event ids may stay before the log is read (default 100 ms). */
  gapWaitMs?: number;
  /** How often each tenant with sockets here reads the log's tail for events whose publish was lost (default 2 s; 0: never). */
  sweepMs?: number;
  /** Events a resuming socket may have queued while it catches up (default 10,000: more, it is dropped). */
  maxBacklog?: number;
  log: (err: unknown, message: string) => void;
}

export class RealtimeHub {
  readonly gapWaitMs: number;
  private readonly maxBacklog: number;
  private readonly clients = new Map<string, Set<HubClient>>();
  private readonly sequences = new Map<string, TenantSequence>();
  private bus: Bus | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly options: HubOptions) {
    this.gapWaitMs = options.gapWaitMs ?? 100;
    this.maxBacklog = options.maxBacklog ?? 10_000;
  }

  log(err: unknown, message: string): void {
    this.options.log(err, message);
  }

  async start(): Promise<void> {
    const receive = (message: string) => this.receive(message);
    this.bus = this.options.redis
      ? await redisBus(this.options.redis, this.options.prefix ?? "mono", receive)
      : localBus(receive);
    const every = this.options.sweepMs ?? 2000;
    if (every > 0) {
      this.sweeper = setInterval(() => {
        for (const tenantId of this.clients.keys())
          this.sequences
            .get(tenantId)
            ?.sweep()
            .catch((err) => this.log(err, "messaging: reading the event log's tail failed"));
      }, every);
      this.sweeper.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const s of this.sequences.values()) s.stop();
    await this.bus?.close();
    this.bus = null;
  }

  /** After the event's transaction committed. A lost publish is recovered from the log by the next event. */
  async publish(e: LoggedEvent): Promise<void> {
    await this.bus?.publish(JSON.stringify({ l: e } satisfies Wire));
  }

  async publishLive(e: LiveEvent): Promise<void> {
    if (e.audience.length) await this.bus?.publish(JSON.stringify({ x: e } satisfies Wire));
  }

  private receive(message: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(message) as Wire;
    } catch {
      return;
    }
    if ("l" in wire) {
      this.sequences.get(wire.l.tenantId)?.receive(wire.l);
      return;
    }
    const e = wire.x;
    const audience = new Set(e.audience);
    const frame = liveFrame(e);
    for (const client of this.clients.get(e.tenantId) ?? []) {
      if (!client.catchingUp && audience.has(client.userId)) client.send(frame);
    }
  }

  /** Hands a logged event, in order, to this process's sockets of its tenant and audience. */
  deliver(e: LoggedEvent): void {
    const clients = this.clients.get(e.tenantId);
    if (!clients) return;
    let frame: string | null = null;
    for (const client of clients) {
      if (!e.audience.includes(client.userId)) continue;
      if (client.catchingUp) {
        client.backlog.push(e);
        if (client.backlog.length > this.maxBacklog) client.send(""); // over the bound: the send drops it
        continue;
      }
      if (e.seq <= client.lastSent) continue;
      client.lastSent = e.seq;
      client.send((frame ??= eventFrame(e)));
    }
  }

  /**
   * Registers a socket: with `resumeFrom`, first every logged event of its user after that id
   * (from the log), then the live stream; without, only events from now on. Returns the last
   * event id it has been sent (or the tenant's latest).
   */
  async attach(client: HubClient, resumeFrom: number | null): Promise<number> {
    let set = this.clients.get(client.tenantId);
    if (!set) this.clients.set(client.tenantId, (set = new Set()));
    set.add(client);
    client.catchingUp = true;
    let sequence = this.sequences.get(client.tenantId);
    if (!sequence) this.sequences.set(client.tenantId, (sequence = new TenantSequence(this, client.tenantId)));
    await sequence.init();
    if (resumeFrom === null) {
      client.lastSent = await this.maxSeq(client.tenantId);
    } else {
      client.lastSent = resumeFrom;
      for (;;) {
        const page = await this.missed(client.tenantId, client.userId, client.lastSent, 500);
        for (const e of page) {
          if (!client.send(eventFrame(e))) return client.lastSent;
          client.lastSent = e.seq;
        }
        if (page.length < 500) break;
      }
    }
    client.catchingUp = false;
    for (const e of client.backlog.splice(0)) {
      if (e.seq <= client.lastSent) continue;
      client.lastSent = e.seq;
      if (!client.send(eventFrame(e))) break;
    }
    return client.lastSent;
  }

  detach(client: HubClient): void {
    const set = this.clients.get(client.tenantId);
    set?.delete(client);
    if (set && !set.size) this.clients.delete(client.tenantId);
  }

  /** Sockets of a user connected to this process. */
  connections(tenantId: string, userId: string): number {
    let n = 0;
    for (const c of this.clients.get(tenantId) ?? []) if (c.userId === userId) n++;
    return n;
  }

  async maxSeq(tenantId: string): Promise<number> {
    const { rows } = await this.options.db.query<{ max: string | null }>(
      `SELECT max("seq") AS "max" FROM "messaging_event" WHERE "tenantId" = $1`,
      [tenantId],
    );
    return Number(rows[0]?.max ?? 0);
  }

  /** Events of the tenant with from <= seq < upto (a gap), at most `limit`. */
  async eventsBetween(tenantId: string, from: number, upto: number, limit = 10_000): Promise<LoggedEvent[]> {
    const { rows } = await this.options.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM "messaging_event" WHERE "tenantId" = $1 AND "seq" >= $2 AND "seq" < $3 ORDER BY "seq" LIMIT $4`,
      [tenantId, from, upto, limit],
    );
    return rows.map(toEvent);
  }

  /** The user's events after `after`, oldest first. */
  async missed(tenantId: string, userId: string, after: number, limit: number): Promise<LoggedEvent[]> {
    const { rows } = await this.options.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM "messaging_event"
        WHERE "tenantId" = $1 AND "seq" > $2 AND $3::uuid = ANY("audience") ORDER BY "seq" LIMIT $4`,
      [tenantId, after, userId, limit],
    );
    return rows.map(toEvent);
  }
}
