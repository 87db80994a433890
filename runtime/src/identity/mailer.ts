import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Overrides the mailer's sender (the email pipeline names the tenant's). */
  from?: string;
  /** Stable across retries, so a receiver can tell a resend from a new email. */
  messageId?: string;
  headers?: Record<string, string>;
}

/** The transport at the end of the email pipeline (runtime/src/email): SMTP or the development outbox folder. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close?(): Promise<void>;
}

export interface SmtpOptions {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  auth?: { user: string; pass: string };
  /** Refuse to send without STARTTLS (production relays). */
  requireTLS?: boolean;
  from: string;
}

/** SMTP through nodemailer (any provider, or a local sink). */
export function smtpMailer(options: SmtpOptions): Mailer {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure ?? false,
    requireTLS: options.requireTLS ?? false,
    ...(options.auth ? { auth: options.auth } : {}),
  });
  return transportMailer(transport, options.from);
}

/** `smtp://user:pass@host:port` (or `smtps://`), as in SMTP_URL. */
export function smtpMailerFromUrl(url: string, from: string): Mailer {
  const u = new URL(url);
  return smtpMailer({
    host: u.hostname,
    port: Number(u.port || (u.protocol === "smtps:" ? 465 : 587)),
    secure: u.protocol === "smtps:",
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    from,
  });
}

/** Development without SMTP: each message becomes an .eml file in `dir`. */
export function outboxMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(message) {
      const info = await transport.sendMail({ ...message, from: message.from ?? from });
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${Math.random().toString(36).slice(2, 8)}.eml`;
      await writeFile(path.join(dir, name), info.message as Buffer);
    },
  };
}

function transportMailer(transport: Transporter, from: string): Mailer {
  return {
    async send(message) {
      await transport.sendMail({ ...message, from: message.from ?? from });
    },
    async close() {
      transport.close();
    },
  };
}
