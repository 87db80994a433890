import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { TenantContext } from "../context.ts";
import type { SendEmail } from "../email/email-outbox.ts";
import { durationText } from "../email/system-emails.ts";

/**
 * The identity emails as requests to the email pipeline (runtime/src/email): the platform's
 * system templates `verify-email`, `password-reset`, `invitation`, `welcome`, which a tenant's template or
 * override may replace. Tokens travel in the URL fragment, which browsers never send to servers,
 * so they stay out of access logs and Referer headers. Each email's dedupe key is derived from
 * its token: the same token is never mailed twice, a new token is a new email.
 */
export function verifyEmailMessage(
  tenant: TenantContext,
  to: string,
  url: string,
  token: string,
  ttlSeconds: number,
  locale: string,
): SendEmail {
  return {
    tenant,
    template: "verify-email",
    to,
    locale,
    variables: { site: tenant.name, url, ttl: durationText(ttlSeconds, locale) },
    dedupeKey: `verify-email:${digest(token)}`,
    priority: 10,
  };
}

export function resetPasswordMessage(
  tenant: TenantContext | null,
  to: string,
  url: string,
  token: string,
  ttlSeconds: number,
  locale: string,
): SendEmail {
  return {
    tenant,
    template: "password-reset",
    to,
    locale,
    variables: { site: tenant?.name ?? "Mono", url, ttl: durationText(ttlSeconds, locale) },
    dedupeKey: `password-reset:${digest(token)}`,
    priority: 10,
  };
}

export function invitationMessage(
  tenant: TenantContext,
  to: string,
  inviter: string,
  role: string,
  url: string,
  token: string,
  ttlSeconds: number,
  locale: string,
): SendEmail {
  return {
    tenant,
    template: "invitation",
    to,
    locale,
    variables: { site: tenant.name, inviter, role, url, ttl: durationText(ttlSeconds, locale) },
    dedupeKey: `invitation:${digest(token)}`,
    priority: 5,
  };
}

/**
 * The welcome mail, once per user (`welcome:<user id>`): after a self sign-up's address is
 * confirmed, or when an accepted invitation creates the account.
 */
export function welcomeMessage(
  tenant: TenantContext,
  user: { id: string; email: string; name: string },
  url: string,
  locale: string,
): SendEmail {
  return {
    tenant,
    template: "welcome",
    to: user.email,
    recipientName: user.name,
    locale,
    variables: { site: tenant.name, url, name: user.name },
    dedupeKey: `welcome:${user.id}`,
    priority: 5,
  };
}

export const emailLink = (base: string, page: string, token: string): string =>
  `${base.replace(/\/+$/, "")}/auth/${page}#token=${token}`;

/** The request's preferred language among the ones the platform's emails have (`en` otherwise). */
export function requestLocale(request: FastifyRequest, available: readonly string[] = ["en", "de"]): string {
  const header = request.headers["accept-language"];
  if (typeof header !== "string") return "en";
  for (const part of header.split(",")) {
    const tag = part.split(";")[0].trim().toLowerCase();
    const base = tag.split("-")[0];
    if (available.includes(tag)) return tag;
    if (available.includes(base)) return base;
  }
  return "en";
}

const digest = (token: string) => createHash("sha256").update(token).digest("hex").slice(0, 40);
