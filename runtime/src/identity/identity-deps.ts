import type { RateLimitOptions } from "@fastify/rate-limit";
import type { FastifyBaseLogger } from "fastify";
import type { TenantContext } from "../context.ts";
import type { Database } from "../db/database.ts";
import type { NotificationInput } from "../notifications/notifier.ts";
import type { AccessTokens } from "./access-tokens.ts";
import type { IdentityConfig } from "./identity-config.ts";
import type { EmailOutbox, SendEmail } from "../email/email-outbox.ts";
import type { PasswordHasher } from "./passwords.ts";
import type { RefreshTokenStore } from "./refresh-tokens.ts";
import type { SessionIssuer } from "./session.ts";

/** What the identity routes share, built once by the plugin. */
export interface IdentityDeps {
  db: Database;
  config: IdentityConfig;
  hasher: PasswordHasher;
  tokens: AccessTokens;
  refresh: RefreshTokenStore;
  sessions: SessionIssuer;
  /** Route rate-limit configs: `strict` for credential and email endpoints, `refresh` for token refresh. */
  limits: { strict: RateLimitOptions | false; refresh: RateLimitOptions | false };
  /**
   * Sends in the background and logs failures: awaiting the SMTP round trip only when an
   * account exists would tell an observer, by timing, which emails are registered.
   */
  sendLater(log: FastifyBaseLogger, message: SendEmail): void;
  /** The email pipeline (persisted, queued, retried; runtime/src/email). */
  outbox: EmailOutbox;
  /** In-app notifications (runtime/src/notifications), in the background like `sendLater`; a no-op without them. */
  notifyLater(
    log: FastifyBaseLogger,
    tenant: TenantContext,
    userIds: readonly string[],
    input: NotificationInput,
  ): void;
}

export function mailSender(outbox: EmailOutbox) {
  return (log: FastifyBaseLogger, message: SendEmail): void => {
    outbox
      .send(message)
      .catch((err: unknown) => log.error({ err, template: message.template }, "identity email not queued"));
  };
}
