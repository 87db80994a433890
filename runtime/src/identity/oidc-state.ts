import { createHmac } from "node:crypto";
import { safeEqual } from "./secrets.ts";

/** What the browser carries from /start to /callback, sealed against tampering. */
export interface OidcState {
  provider: string;
  tenantId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** HMAC-sealed state for the OIDC round trip (our own key, independent of the cookie plugin's). */
export class OidcStateSealer {
  constructor(private readonly key: Buffer) {}

  seal(state: OidcState): string {
    const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
    return `${payload}.${this.mac(payload)}`;
  }

  open(value: string | undefined): OidcState | null {
    const [payload, mac] = (value ?? "").split(".");
    if (!payload || !mac || !safeEqual(mac, this.mac(payload))) return null;
    try {
      const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as OidcState;
      return state.expiresAt > Date.now() ? state : null;
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }
}

/** Only same-site relative paths: never an open redirect to another host. */
export function safeReturnTo(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[^\s\\]{0,500}$/.test(value) ? value : "/";
}
