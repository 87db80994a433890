import { ApiError } from "../http/problem.ts";
import type { IdentityDeps } from "./identity-deps.ts";
import { clearLoginFailures, passLoginGate, recordLoginFailure } from "./login-lockout.ts";
import { findUserByEmail, setPasswordHash, type UserRow } from "./user-store.ts";

/** One answer for unknown email, wrong password and locked account: none reveals which. */
const REFUSED = "The email or password is wrong, or the account is locked for a while after too many failed attempts.";

/**
 * Checks an email + password for a tenant (or the platform, tenantId null), from the client
 * `address` (the lockout is per account and address: login-lockout.ts). Every path runs one
 * argon2 verification, so response times do not reveal whether the email exists.
 */
export async function checkPassword(
  deps: IdentityDeps,
  tenantId: string | null,
  email: string,
  password: string,
  address: string,
): Promise<UserRow> {
  const { db, hasher, config } = deps;
  const found = await findUserByEmail(db, tenantId, email);
  // On the platform tier only staff may sign in; anyone else is "unknown".
  const user = found && (tenantId !== null || found.platformRole) ? found : null;
  const gate = user ? await passLoginGate(db, user.id, address, config.lockout) : { locked: false };
  if (!user || gate.locked) {
    await hasher.verify(null, password);
    throw new ApiError("RT_ERR_UNAUTHENTICATED", REFUSED);
  }
  if (!(await hasher.verify(user.passwordHash, password))) {
    await recordLoginFailure(db, user, address, config.lockout);
    throw new ApiError("RT_ERR_UNAUTHENTICATED", REFUSED);
  }
  // Past this point the caller proved the password, so specific answers leak nothing.
  if (user.status !== "active") throw new ApiError("RT_ERR_FORBIDDEN", "This account is suspended.");
  if (config.requireVerifiedEmail && !user.emailVerifiedAt)
    throw new ApiError("RT_ERR_FORBIDDEN", "Confirm your email address first: follow the link we emailed you.");
  await clearLoginFailures(db, user.id, address);
  if (user.passwordHash && hasher.needsRehash(user.passwordHash))
    await setPasswordHash(db, user.id, await hasher.hash(password));
  return user;
}
