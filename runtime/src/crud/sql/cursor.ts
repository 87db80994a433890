import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Opaque keyset cursors: base64url JSON of the last row's sort values (as Postgres text) and
 * the sort they belong to, plus an HMAC so a client cannot forge positions or smuggle values
 * into casts. A cursor that fails any check is simply "invalid" (a 400), never an exception.
 */
export interface CursorPayload {
  /** Entity (template:name) and sort signature the cursor was made for. */
  readonly e: string;
  readonly s: string;
  /** One value per sort key; the last is the row id. */
  readonly k: readonly (string | null)[];
}

const MAX_CURSOR = 4096;
const MAC_BYTES = 16;

export class CursorCodec {
  private readonly key: Buffer;

  /** Servers behind one load balancer must share `secret`; without one, cursors last a process. */
  constructor(secret?: string) {
    this.key = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  }

  encode(payload: CursorPayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    return `${body}.${this.mac(body).toString("base64url")}`;
  }

  /** The payload, when the cursor is intact and made for this entity and sort; else null. */
  decode(text: string, entity: string, sort: string, keys: number): CursorPayload | null {
    if (text.length > MAX_CURSOR) return null;
    const dot = text.indexOf(".");
    if (dot < 1) return null;
    const body = text.slice(0, dot);
    const given = Buffer.from(text.slice(dot + 1), "base64url");
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, this.mac(body))) return null;
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      return null;
    }
    const p = payload as CursorPayload;
    const valid =
      typeof p === "object" &&
      p !== null &&
      p.e === entity &&
      p.s === sort &&
      Array.isArray(p.k) &&
      p.k.length === keys &&
      p.k.every((v) => v === null || (typeof v === "string" && v.length <= 1000)) &&
      typeof p.k[keys - 1] === "string";
    return valid ? p : null;
  }

  private mac(body: string): Buffer {
    return createHmac("sha256", this.key).update(body).digest().subarray(0, MAC_BYTES);
  }
}
