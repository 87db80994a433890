import * as argon2 from "argon2";
import { randomToken } from "./secrets.ts";

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~20 ms on a server core. */
const DEFAULTS: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Password bounds, shared by every route schema that takes a new password. */
export const PASSWORD_SCHEMA = { type: "string", minLength: 10, maxLength: 256 } as const;

/**
 * argon2id hashing. `verify` against a missing hash still runs a full verification (of a
 * dummy hash), so "no such user" takes as long as "wrong password" and timing tells nothing.
 */
export class PasswordHasher {
  private readonly params: Argon2Params;
  private readonly dummy: Promise<string>;

  constructor(params: Partial<Argon2Params> = {}) {
    this.params = { ...DEFAULTS, ...params };
    this.dummy = this.hash(randomToken());
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    const digest = hash ?? (await this.dummy);
    try {
      const ok = await argon2.verify(digest, password);
      return hash !== null && ok;
    } catch {
      return false; // a malformed stored hash is a failed login, not a 500
    }
  }

  /** True when the hash was made with weaker (older) parameters: rehash on the next login. */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, this.params);
    } catch {
      return true;
    }
  }
}
