/**
 * Shared by the messaging tests: a template of the tests' own (a gig board whose gigs have a
 * conversation; nothing shipped), and a socket client on the `ws` package that records every
 * frame it gets.
 */
import { WebSocket } from "ws";

export const TEMPLATE_ID = "chat-gigs";
const label = (en: string) => ({ en });

/**
 * A gig's conversation is for its owner, the worker named on it and staff, each only while they
 * may read the gig: a worker reads it once it is `shared`.
 */
export const RAW_TEMPLATE = {
  id: TEMPLATE_ID,
  version: "1.0.0",
  title: label("Chat gigs"),
  locales: ["en"],
  roles: {
    staff: { label: label("Staff"), tier: "tenant", inherits: ["user"], permissions: [] },
    freelancer: { label: label("Freelancer"), tier: "tenant", inherits: ["user"], permissions: [] },
  },
  entities: {
    Gig: {
      id: "ent_chat_gig",
      label: label("Gig"),
      scope: "user",
      access: {
        read: { any: ["owner", "staff", { authenticated: true, where: { workerId: "$user.id", shared: true } }] },
        create: "authenticated",
        update: "owner|staff",
        delete: "owner",
      },
      conversation: { participants: ["owner", "workerId", "role:staff"], moderators: "role:staff" },
      schema: {
        type: "object",
        required: ["title"],
        properties: {
          title: { "x-id": "fld_chat_gig_title", type: "string", maxLength: 200 },
          workerId: { "x-id": "fld_chat_gig_worker", type: "string", format: "uuid" },
          shared: { "x-id": "fld_chat_gig_shared", type: "boolean", default: false },
        },
      },
    },
  },
};

export interface Frame {
  type: string;
  id?: number;
  kind?: string;
  conversationId?: string;
  data?: Record<string, unknown>;
  lastEventId?: number;
  [key: string]: unknown;
}

/** A socket that keeps every frame; `ready` resolves on the server's `ready` frame. */
export class SocketClient {
  readonly frames: Frame[] = [];
  readonly ws: WebSocket;
  readonly ready: Promise<Frame>;
  readonly closed: Promise<{ code: number }>;
  private waiters: { test: (f: Frame) => boolean; resolve: (f: Frame) => void; reject: (e: Error) => void }[] = [];
  private isClosed = false;

  constructor(url: string, token: string, tenant: string, after?: number) {
    this.ws = new WebSocket(`${url}/api/v1/user/messaging/socket${after !== undefined ? `?after=${after}` : ""}`, {
      headers: { authorization: `Bearer ${token}`, "x-tenant": tenant },
    });
    this.ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.test(frame) ? (w.resolve(frame), false) : true));
    });
    this.closed = new Promise((resolve) =>
      this.ws.on("close", (code) => {
        this.isClosed = true;
        // Whatever was still awaited will not come.
        for (const w of this.waiters.splice(0)) w.reject(new Error(`socket closed (${code}) before a matching frame`));
        resolve({ code });
      }),
    );
    this.ready = this.next((f) => f.type === "ready");
    // Awaited by the tests that expect it; a socket refused at the upgrade never gets it.
    this.ready.catch(() => {});
    this.ws.on("error", () => {});
  }

  /** The first frame (already received or coming) that passes `test`. */
  next(test: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen);
    if (this.isClosed) return Promise.reject(new Error("socket closed before a matching frame"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        test,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  events(kind?: string): Frame[] {
    return this.frames.filter((f) => f.type === "event" && (!kind || f.kind === kind));
  }

  send(frame: object): void {
    this.ws.send(JSON.stringify(frame));
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (deadline 10 s). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
