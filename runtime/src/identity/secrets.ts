import { createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** An unguessable token for links and cookies: 256 bits, URL-safe. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

/** Stored instead of the token: a database leak must not hand out live sessions or links. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** One master secret, independent keys per use, so a weakness in one use cannot leak another. */
export function deriveKey(master: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `mono:${purpose}`, 32));
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `MONO_JWT_SECRET`: at least 32 characters. Without it a random secret is generated, which
 * is fine for one process and a dev machine; several processes must share one.
 */
export function parseMasterSecret(value: string | undefined): { secret: Buffer; generated: boolean } {
  const trimmed = value?.trim();
  if (!trimmed) return { secret: randomBytes(32), generated: true };
  if (trimmed.length < 32) throw new Error("MONO_JWT_SECRET must be at least 32 characters long.");
  return { secret: Buffer.from(trimmed, "utf8"), generated: false };
}
