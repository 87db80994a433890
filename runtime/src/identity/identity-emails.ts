import type { MailMessage } from "./mailer.ts";

/**
 * The identity emails, plain text with a minimal HTML twin. Tokens travel in the URL
 * fragment, which browsers never send to servers, so they stay out of access logs and
 * Referer headers. (The email issue replaces these with tenant-branded MJML templates.)
 */
export function verifyEmailMessage(to: string, site: string, url: string, ttlSeconds: number): MailMessage {
  return message(
    to,
    `Confirm your email address for ${site}`,
    [`Welcome to ${site}.`, "Confirm your email address by opening this link:"],
    url,
    `The link works once and expires in ${duration(ttlSeconds)}. If you did not sign up, ignore this email.`,
  );
}

export function resetPasswordMessage(to: string, site: string, url: string, ttlSeconds: number): MailMessage {
  return message(
    to,
    `Reset your ${site} password`,
    ["Someone (hopefully you) asked to reset your password.", "Choose a new one here:"],
    url,
    `The link works once and expires in ${duration(ttlSeconds)}. If you did not ask for it, ignore this email: your password stays as it is.`,
  );
}

export function invitationMessage(
  to: string,
  site: string,
  inviter: string,
  role: string,
  url: string,
  ttlSeconds: number,
): MailMessage {
  return message(
    to,
    `${inviter} invited you to ${site}`,
    [`${inviter} invited you to join ${site} as ${role}.`, "Accept the invitation here:"],
    url,
    `The invitation works once and expires in ${duration(ttlSeconds)}.`,
  );
}

export const emailLink = (base: string, page: string, token: string): string =>
  `${base.replace(/\/+$/, "")}/auth/${page}#token=${token}`;

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "1 day" : `${seconds / 86_400} days`;
  const hours = Math.max(1, Math.round(seconds / 3600));
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

function message(to: string, subject: string, lines: string[], url: string, footer: string): MailMessage {
  const text = [...lines, "", url, "", footer, ""].join("\n");
  const html = `<p>${lines.map(escapeHtml).join("<br>")}</p><p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p><p>${escapeHtml(footer)}</p>`;
  return { to, subject, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
