import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Private media is served only through URLs signed with the server's media secret
 * (MONO_MEDIA_SECRET): `/media/signed/<tenantId>/<assetId>/<file>?expires=<unix s>&signature=<hmac>`.
 * The signature covers the tenant, the asset, the file and the expiry, so changing any of them
 * (another tenant's id, a later expiry) makes it invalid. The same route serves local and S3
 * storage (the server streams the object): the bucket can stay private and one kind of link
 * works for both.
 */
export class UrlSigner {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error("the media secret needs at least 16 characters");
  }

  private mac(path: string, expires: number): string {
    return createHmac("sha256", this.secret).update(`${path}\n${expires}`).digest("base64url");
  }

  /** The signed URL of `key` (`<tenantId>/<assetId>/<file>`), valid until `expires` (unix seconds). */
  sign(key: string, expires: number): string {
    return `/media/signed/${key}?expires=${expires}&signature=${this.mac(key, expires)}`;
  }

  /** "ok", "expired" (a true signature past its time) or "invalid". */
  verify(key: string, expires: unknown, signature: unknown, now = Date.now()): "ok" | "expired" | "invalid" {
    if (typeof expires !== "string" || !/^\d{1,12}$/.test(expires) || typeof signature !== "string") return "invalid";
    const want = Buffer.from(this.mac(key, Number(expires)));
    const got = Buffer.from(signature);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return "invalid";
    return Number(expires) * 1000 < now ? "expired" : "ok";
  }
}
